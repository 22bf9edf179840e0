"""Fixtures for the window tests: a fresh data file, message boxes recorded
instead of shown, and helpers that type Vietnamese the way an input method
does (qtbot.keyClicks aborts on non-ASCII text)."""

from __future__ import annotations

import pytest

from app.ui.qt import QApplication, QEvent, QKeyEvent, QMessageBox, Qt


@pytest.fixture(autouse=True, scope="session")
def _qt_speaks_vietnamese(qapp):
    """As in the program: Qt's own buttons and menus in Vietnamese."""
    from app.ui import qt_vietnamese

    translator = qt_vietnamese.install(qapp)
    yield
    qapp.removeTranslator(translator)


@pytest.fixture
def messages(monkeypatch):
    """Every message box the code opens, answered "Yes" when it asks."""
    seen: list[tuple[str, str]] = []

    def record(kind, answer=None):
        def box(parent, title, text, *args, **kwargs):
            seen.append((kind, text))
            return answer if answer is not None else QMessageBox.Ok
        return box

    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.Yes))
    return seen


@pytest.fixture
def window(qtbot, services, messages):
    from app.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def type_text(widget, text: str) -> None:
    """Type text (Vietnamese included) into the focused editor, key event by key event."""
    for char in text:
        press = QKeyEvent(QEvent.KeyPress, 0, Qt.NoModifier, char)
        QApplication.sendEvent(widget, press)
        release = QKeyEvent(QEvent.KeyRelease, 0, Qt.NoModifier, char)
        QApplication.sendEvent(widget, release)


def press(widget, key, modifiers=Qt.NoModifier) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.KeyPress, key, modifiers))
    QApplication.sendEvent(widget, QKeyEvent(QEvent.KeyRelease, key, modifiers))
