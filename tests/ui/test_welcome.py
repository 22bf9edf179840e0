"""First start on a fresh machine: the welcome offers three ways to begin."""

from __future__ import annotations

import os

from app.core.model import RowKind
from app.ui.qt import QApplication, QTimer, QtWidgets
from app.ui.welcome import WelcomeDialog


def answer_welcome(choice_text: str | None, seen: list) -> None:
    """Click the welcome's button with this text (None: "Để sau")."""
    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, WelcomeDialog):
            QTimer.singleShot(20, answer)
            return
        links = {b.text(): b for b in dialog.findChildren(QtWidgets.QCommandLinkButton)}
        seen.append(sorted(links))
        if os.environ.get("CCHC_SHOT_WELCOME"):  # to look at it by hand
            dialog.grab().save(os.environ["CCHC_SHOT_WELCOME"])
        if choice_text is None:
            dialog.reject()
        else:
            links[choice_text].click()
    QTimer.singleShot(20, answer)


def test_the_sample_plan_opens_marked_as_a_sample(window, services, qtbot):
    from app.ui.background import wait_for_background_work

    seen: list = []
    answer_welcome("Xem thử một kế hoạch mẫu", seen)
    window.show_welcome()
    assert wait_for_background_work(30000)
    qtbot.waitUntil(lambda: window.plan_box.count() == 1, timeout=5000)
    assert seen == [["Lập kế hoạch mới từ mẫu có sẵn", "Nhập kế hoạch của tỉnh", "Xem thử một kế hoạch mẫu"]]
    plan = services.plans.list()[0]
    assert plan.is_sample and plan.year == 2023 and plan.task_count == 30
    assert window.plan_box.currentText().endswith("(mẫu)")
    assert window.tabs.currentWidget() is window.matrix
    areas = [r for r in services.rows.list(plan.id) if r.kind is RowKind.AREA]
    assert areas[0].task == "CẢI CÁCH THỂ CHẾ"


def test_from_a_preset_opens_the_new_plan_dialog(window, monkeypatch):
    from app.ui.dialogs import NewPlanDialog

    opened = []
    monkeypatch.setattr(NewPlanDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    seen: list = []
    answer_welcome("Lập kế hoạch mới từ mẫu có sẵn", seen)
    window.show_welcome()
    assert len(opened) == 1 and window.plan_box.count() == 0


def test_import_asks_for_the_upper_levels_file(window, monkeypatch):
    asked = []
    monkeypatch.setattr(QtWidgets.QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: asked.append(args[1]) or ("", ""))
    seen: list = []
    answer_welcome("Nhập kế hoạch của tỉnh", seen)
    window.show_welcome()
    assert asked == ["Nhập phụ lục"]


def test_later_leaves_the_data_file_empty(window, services):
    seen: list = []
    answer_welcome(None, seen)
    window.show_welcome()
    assert seen and services.plans.list() == []


def test_about_shows_the_version_and_where_the_data_is(window, services, monkeypatch):
    from app import __version__
    from app.ui.qt import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append((title, text)))
    window.act_about.trigger()
    title, text = shown[0]
    assert title == "Giới thiệu" and f"phiên bản {__version__}" in text
    assert str(services.data_dir) in text and str(services.db.path) in text


def test_qts_own_buttons_and_menus_speak_vietnamese(qtbot):
    from app.ui.qt import QLineEdit, QMessageBox, QPlainTextEdit

    box = QMessageBox(QMessageBox.Question, "Xóa", "Xóa nhiệm vụ?", QMessageBox.Yes | QMessageBox.No)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == ["&Có", "&Không"]
    ok = QMessageBox(QMessageBox.Warning, "Lỗi", "Không lưu được.", QMessageBox.Ok)
    qtbot.addWidget(ok)
    assert [b.text() for b in ok.buttons()] == ["Đồng ý"]
    for editor in (QLineEdit("chữ"), QPlainTextEdit("chữ")):
        qtbot.addWidget(editor)
        texts = [a.text().split("\t")[0] for a in editor.createStandardContextMenu().actions() if a.text()]
        assert "&Cắt" in texts and "Sao &chép" in texts and "&Dán" in texts and "Chọn tất cả" in texts
        assert not any(t in texts for t in ("Cu&t", "&Copy", "&Paste", "Select All"))
