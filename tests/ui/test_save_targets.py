"""Every save dialog of the window refuses the open data file (and the files
and folders beside it) exactly as the command line does, and asks before
replacing a read-only file. Also: a progress entry whose file is refused is
not written at all."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.ui.background import wait_for_background_work
from app.ui.qt import QFileDialog, QMessageBox
from tests.seeds import enter_seed_with_log

SQLITE_MAGIC = b"SQLite format 3\x00"


def _save_dialog_answers(monkeypatch, path: Path) -> list:
    asked: list = []

    def answer(parent, title, default, file_filter="", *args, **kwargs):
        asked.append(title)
        return str(path), file_filter
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


def _save_dialogs(window, services, monkeypatch):
    """The window's save dialogs, each as the officer reaches it."""
    from app.ui.report_dialog import ReportDialog
    from app.ui.export_dialog import ExportDialog

    def excel():
        monkeypatch.setattr(ExportDialog, "exec", lambda dialog: (dialog._choose_target(), 1)[1])
        window.act_export_xlsx.trigger()

    def report(export=ReportDialog.export_pdf):
        dialog = ReportDialog(services, window.current_plan_id, window)
        dialog.report = services.reports.create(window.current_plan_id, "q1", 2023)
        export(dialog)
        dialog.close()

    def word():
        from app.ui.word_export import WordExportDialog

        monkeypatch.setattr(WordExportDialog, "exec", lambda dialog: (dialog._choose_target(), 1)[1])
        window.act_export_docx.trigger()

    return {"Excel": excel, "kế hoạch PDF": window.act_export_pdf.trigger, "báo cáo PDF": report,
            "sao lưu ra tệp": window.act_backup_export.trigger, "kế hoạch Word": word,
            "báo cáo Word": lambda: report(ReportDialog.export_docx)}


@pytest.fixture
def plan_window(window, services):
    plan_id = enter_seed_with_log(services)
    window.reload_plans(select=plan_id)
    return window


def _counts(db: Path) -> tuple:
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return (connection.execute("PRAGMA integrity_check").fetchone()[0],
                *(connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("plans", "appendix_rows", "progress_entries")))
    finally:
        connection.close()


DIALOGS = [("Excel", ".xlsx"), ("kế hoạch PDF", ".pdf"), ("báo cáo PDF", ".pdf"), ("sao lưu ra tệp", ".sqlite3"),
           ("kế hoạch Word", ".docx"), ("báo cáo Word", ".docx")]


@pytest.mark.parametrize("which, suffix", DIALOGS, ids=[d[0] for d in DIALOGS])
@pytest.mark.parametrize("name", ["hard link", "symbolic link", "backups folder", "attachments folder"])
def test_a_save_dialog_pointed_at_the_data_refuses_before_writing(plan_window, services, messages, monkeypatch,
                                                                  tmp_path, which, suffix, name):
    """The dialogs add their own suffix, so the data file is reached under
    another name (a link the officer made) or inside the managed folders."""
    import os

    db = services.db.path
    target = {"hard link": tmp_path / f"cung-tep{suffix}", "symbolic link": tmp_path / f"loi-tat{suffix}",
              "backups folder": services.data_dir / "backups" / f"tep{suffix}",
              "attachments folder": services.data_dir / "attachments" / f"tep{suffix}"}[name]
    if name == "hard link":
        os.link(db, target)
    elif name == "symbolic link":
        target.symlink_to(db)
    before = _counts(db)
    asked = _save_dialog_answers(monkeypatch, target)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    _save_dialogs(plan_window, services, monkeypatch)[which]()
    assert wait_for_background_work(30000)
    assert asked, "the save dialog was shown"
    warnings = [text for kind, text in messages if kind == "warning"]
    assert len(warnings) == 1, messages
    assert warnings[0].startswith(f"«{target}» ") and "Hãy" in warnings[0]
    assert db.read_bytes()[:16] == SQLITE_MAGIC and _counts(db) == before


@pytest.mark.parametrize("which, suffix, magic", [("Excel", ".xlsx", b"PK"), ("kế hoạch PDF", ".pdf", b"%PDF"),
                                                  ("báo cáo PDF", ".pdf", b"%PDF"),
                                                  ("sao lưu ra tệp", ".sqlite3", SQLITE_MAGIC),
                                                  ("kế hoạch Word", ".docx", b"PK"), ("báo cáo Word", ".docx", b"PK")])
@pytest.mark.parametrize("agree", [False, True])
def test_a_read_only_file_is_replaced_only_when_the_officer_agrees(plan_window, services, messages, monkeypatch,
                                                                   tmp_path, which, suffix, magic, agree, qtbot):
    target = tmp_path / f"chi-doc{suffix}"
    target.write_bytes(b"ban cu")
    target.chmod(0o444)
    _save_dialog_answers(monkeypatch, target)
    questions = []

    def question(parent, title, text, *args, **kwargs):
        questions.append(text)
        return QMessageBox.Yes if agree else QMessageBox.No
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    _save_dialogs(plan_window, services, monkeypatch)[which]()
    assert wait_for_background_work(30000)
    assert questions == [f"Tệp «{target}» đang đặt chỉ cho phép đọc.\nVẫn thay tệp này bằng tệp mới?"]
    if agree:
        qtbot.waitUntil(lambda: target.read_bytes().startswith(magic), timeout=20000)
    else:
        assert target.read_bytes() == b"ban cu"
    assert not [kind for kind, _text in messages if kind == "warning"]


def test_an_entry_whose_file_is_refused_is_not_written(plan_window, services, messages, tmp_path):
    from app.ui.entry_dialog import EntryValues

    big = tmp_path / "quet.pdf"
    with open(big, "wb") as handle:
        handle.truncate(201 * 1024 * 1024)
    task = services.rows.find_by_number(1, "3")
    before = services.progress.list(1)
    log_tab = plan_window.log_tab
    steps = log_tab.plan.stack.count() if log_tab.plan.stack is not None else 0
    values = EntryValues(task.id, date(2023, 3, 2), "hoan-thanh", 100, "Đã niêm yết", "", "", new_files=[big])
    with pytest.raises(Exception) as refused:
        log_tab.record(values)
    assert str(refused.value) == "Tệp đính kèm «quet.pdf» quá lớn (201 MB; tối đa 200 MB). Chưa ghi gì."
    assert services.progress.list(1) == before
    assert (log_tab.plan.stack.count() if log_tab.plan.stack is not None else 0) == steps  # no undo step for nothing


def test_the_backup_dialog_refuses_the_data_file_itself(plan_window, services, messages, monkeypatch):
    db = services.db.path
    before = _counts(db)
    _save_dialog_answers(monkeypatch, db)
    plan_window.act_backup_export.trigger()
    assert wait_for_background_work(30000)
    assert [text for kind, text in messages if kind == "warning"] == [
        f"«{db}» chính là tệp dữ liệu đang mở; ghi đè lên nó sẽ mất toàn bộ dữ liệu. Hãy chọn tên tệp khác."]
    assert _counts(db) == before
