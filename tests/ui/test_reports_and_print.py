"""Reports and printing from the window."""

from __future__ import annotations

from datetime import date

from app.core.model import RowKind
from app.ui.background import wait_for_background_work
from app.ui.pdf_preview import PdfPreviewDialog, print_pdf
from app.ui.qt import print_support

QPrinter = print_support().QPrinter
from app.ui.report_dialog import ReportDialog


def _plan(services):
    plan_id = services.plans.create("cchc", 2023)
    area = services.rows.find_area(plan_id, "III")
    task = services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": "Công khai TTHC", "timeframe": "Quý I/2023"})
    services.progress.add(task.id, date=date(2023, 2, 1), status="hoan-thanh", result="Niêm yết 45 TTHC")
    return plan_id


def test_report_dialog_creates_saves_and_reopens_a_report(qtbot, services, messages, monkeypatch):
    plan_id = _plan(services)
    from app.ui.qt import QInputDialog

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("quý I", True))
    dialog = ReportDialog(services, plan_id)
    qtbot.addWidget(dialog)
    dialog.new_report()
    assert dialog.report is not None and dialog.report.period == "q1"
    assert "1 nhiệm vụ" in dialog.figures.text() and "100%" in dialog.figures.text()
    dialog.number.setText("07")
    dialog.number.textEdited.emit("07")
    dialog.texts["kien_nghi"].setPlainText("Đề nghị hỗ trợ máy scan.")
    dialog.save()
    dialog.close()
    saved = services.reports.find(plan_id, "q1", 2023)
    assert saved.number == "07" and saved.texts["kien_nghi"] == "Đề nghị hỗ trợ máy scan."
    again = ReportDialog(services, plan_id)
    qtbot.addWidget(again)
    assert again.number.text() == "07" and again.texts["kien_nghi"].toPlainText() == "Đề nghị hỗ trợ máy scan."


def test_preview_shows_exactly_the_pdf_pages_and_prints_them(qtbot, services, tmp_path):
    plan_id = _plan(services)
    pdf = services.exports.export_plan_pdf(plan_id, tmp_path / "kh.pdf")
    preview = PdfPreviewDialog(pdf, "In kế hoạch")
    qtbot.addWidget(preview)
    import pypdfium2 as pdfium

    assert preview.count == len(pdfium.PdfDocument(str(pdf))) >= 2
    first = preview.page_labels[0].pixmap()
    assert first.height() > first.width()  # A4 portrait first
    last = preview.page_labels[-1].pixmap()
    assert last.width() > last.height()  # the appendix is landscape
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFromTo(1, 2)
    assert print_pdf(pdf, printer) == 2
    assert len(pdfium.PdfDocument(str(tmp_path / "printed.pdf"))) == 2


def test_print_menu_generates_in_the_background_then_previews(window, services, monkeypatch, qtbot):
    plan_id = _plan(services)
    window.reload_plans(select=plan_id)
    shown = {}
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.setdefault("pages", dialog.count) and 0)
    window.act_print_appendix.trigger()
    assert wait_for_background_work(30000)
    qtbot.waitUntil(lambda: "pages" in shown, timeout=10000)
    assert shown["pages"] >= 1
