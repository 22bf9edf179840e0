"""The window's answer to a damaged data file: the dialog offers the latest
good backup, and restoring it gives back the same plans, rows and log."""

from __future__ import annotations

import os

import pytest

from app.services import Services
from app.ui.qt import QApplication, QMessageBox, QTimer
from tests.seeds import enter_seed_with_log, snapshot


def click_when_shown(button_text: str, seen: list) -> None:
    """Answer the next modal dialog by clicking the button with this text, as
    the officer would; records the dialog's text and buttons."""
    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        buttons = {b.text(): b for b in dialog.buttons()}
        seen.append((dialog.text(), sorted(buttons)))
        if os.environ.get("CCHC_SHOT_RECOVERY"):  # to look at the dialog by hand
            dialog.grab().save(os.environ["CCHC_SHOT_RECOVERY"])
        buttons[button_text].click()
    QTimer.singleShot(20, answer)


@pytest.fixture
def damaged(tmp_path):
    """A data file with a plan and a log entry, backed up, then scribbled over."""
    db, data = tmp_path / "so.sqlite3", tmp_path / "data"
    services = Services.open(db, data)
    enter_seed_with_log(services)
    expected = snapshot(services)
    services.backups.create("tu-dong")
    services.close()
    with open(db, "r+b") as handle:
        handle.seek(4096 * 3)
        handle.write(os.urandom(8192))
    return db, data, expected


def test_damaged_file_dialog_offers_the_backup_and_restore_gives_everything_back(qtbot, damaged):
    from app.ui.backup_ui import open_with_recovery
    from app.ui.main_window import MainWindow

    db, data, expected = damaged
    window = MainWindow(None)
    qtbot.addWidget(window)
    seen: list = []
    click_when_shown("Khôi phục bản sao lưu", seen)
    services = open_with_recovery(window, db, data)
    try:
        text, buttons = seen[0]
        assert "bị hỏng" in text and "Bản sao lưu tốt gần nhất" in text and "(1 kế hoạch)" in text
        assert buttons == ["Khôi phục bản sao lưu", "Mở tệp khác…", "Thoát"]
        assert services is not None and snapshot(services) == expected
        kept = [p for p in db.parent.iterdir() if ".hong-" in p.name]
        assert kept, "the damaged file is kept under a new name"
    finally:
        if services is not None:
            services.close()


def test_quitting_from_the_dialog_leaves_the_damaged_file_as_it_was(qtbot, damaged):
    from app.ui.backup_ui import open_with_recovery
    from app.ui.main_window import MainWindow

    db, data, _expected = damaged
    before = db.read_bytes()
    window = MainWindow(None)
    qtbot.addWidget(window)
    seen: list = []
    click_when_shown("Thoát", seen)
    assert open_with_recovery(window, db, data) is None
    assert db.read_bytes() == before and seen
