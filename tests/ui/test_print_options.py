"""The column dialog's plan option "leave out columns empty in every row":
stored with the plan as one undo step with the columns, and honoured by the
PDF and the Excel appendix."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from app.core.model import RowKind


@pytest.fixture
def plan_id(window, services):
    """A plan whose tasks fill no "Mục tiêu", "Kết quả" or "Dự kiến kinh phí"."""
    plan_id = services.plans.create("cchc", 2025)
    area = services.rows.find_area(plan_id, "III")
    for text, timeframe in (("Công khai TTHC", "Thường xuyên"), ("Số hóa hồ sơ", "Quý II/2025")):
        services.rows.add(plan_id, RowKind.TASK, area.id,
                          texts={"task": text, "timeframe": timeframe, "lead": "Công chức Văn phòng – Thống kê"})
    window.reload_plans(select=plan_id)
    window.show_tab("matrix")
    return plan_id


def test_the_option_is_set_in_the_column_dialog_and_undone_with_the_columns(window, services, plan_id, monkeypatch):
    from app.ui.dialogs import ColumnsDialog

    seen = {}

    def tick_and_accept(dialog):
        seen["shown"] = dialog.hide_empty.isChecked()
        dialog.hide_empty.setChecked(True)
        dialog.table.item(1, 2).setText("Mục tiêu cụ thể")
        return 1

    monkeypatch.setattr(ColumnsDialog, "exec", tick_and_accept)
    before = services.plans.get(plan_id)
    window.act_columns.trigger()
    after = services.plans.get(plan_id)
    assert seen["shown"] is False
    assert after.hide_empty_columns is True and after.columns[1].header == "Mục tiêu cụ thể"
    window.act_undo.trigger()  # one step takes back both
    undone = services.plans.get(plan_id)
    assert undone.hide_empty_columns is False and undone.columns == before.columns
    window.act_redo.trigger()
    assert services.plans.get(plan_id).hide_empty_columns is True


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by .ci/run")
def test_pdf_and_excel_leave_out_the_empty_columns_only_when_asked(services, plan_id, tmp_path):
    def printed_headers():
        workbook = services.exports.export_xlsx(plan_id, tmp_path / "pl.xlsx")
        sheet = load_workbook(workbook)["Phụ lục"]
        header = next(r for r in range(1, 10) if sheet[f"A{r}"].value == "TT")
        excel = [c.value for c in sheet[header] if c.value]
        pdf = services.exports.export_plan_pdf(plan_id, tmp_path / "pl.pdf", document=False)
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        return excel, text

    excel, text = printed_headers()
    assert excel == [c.header for c in services.plans.get(plan_id).columns if c.export]
    assert "Mục tiêu" in excel and "Mục tiêu" in text and "kinh phí" in text
    services.plans.update(plan_id, {"hide_empty_columns": True})
    excel, text = printed_headers()
    kept = [c.header for c in services.plans.get(plan_id).columns if c.field in ("number", "task", "lead",
                                                                                 "timeframe")]
    assert excel == kept
    assert "Mục tiêu" not in text and "kinh phí" not in text and "Công khai TTHC" in text
