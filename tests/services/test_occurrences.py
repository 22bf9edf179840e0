"""Occurrences through the services: the log, the figures of every screen and
document, the report's list of missed occurrences and the "Tiến độ" sheet."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from app.cli import run
from app.core.model import RowKind
from app.core.report_text import latest_reasons, next_period_lines, reason_lines
from app.core.status import OccurrenceStatus as O
from app.core.status import TaskStatus
from app.io.plan_json import _counts
from app.services import Services
from tests.io.test_pdf import pdftotext


def d(day, month, year=2023):
    return date(year, month, day)


def overdue_lines(data) -> list[str]:
    """The report's reason lines of the tasks overdue in its period."""
    lines = reason_lines(data.tracking, latest_reasons(data.tracking, data.entries, data.as_of), data.as_of)
    return [line for line in lines if "(quá hạn" in line]


def make_plan(services) -> tuple[int, dict[str, int]]:
    """A quarterly report task, a two-milestone task with a dated activity,
    a half-yearly meeting and continuous work, in two areas."""
    plan_id = services.plans.create("cchc", 2023, with_areas=False)
    rows = services.rows
    first = rows.add(plan_id, RowKind.AREA, texts={"task": "CẢI CÁCH THỂ CHẾ"})
    second = rows.add(plan_id, RowKind.AREA, texts={"task": "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"})
    ids = {}
    ids["quarterly"] = rows.add(plan_id, RowKind.TASK, first.id, texts={
        "task": "Báo cáo CCHC định kỳ", "timeframe": "Định kỳ trước ngày 10 của tháng cuối quý"}).id
    ids["plan"] = rows.add(plan_id, RowKind.TASK, first.id, texts={
        "task": "Theo dõi thi hành pháp luật", "timeframe": "Ban hành kế hoạch trước 30/01/2023"}).id
    ids["report"] = rows.add(plan_id, RowKind.ACTIVITY, ids["plan"], texts={
        "activity": "Báo cáo kết quả", "timeframe": "UBND phường ban hành báo cáo UBND TP trước 05/12/2023"}).id
    ids["meeting"] = rows.add(plan_id, RowKind.TASK, second.id, texts={
        "task": "Đối thoại với người dân", "timeframe": "06 tháng/cuộc"}).id
    ids["continuous"] = rows.add(plan_id, RowKind.TASK, second.id, texts={
        "task": "Công khai TTHC", "timeframe": "Thường xuyên"}).id
    progress = services.progress
    progress.add(ids["quarterly"], date=d(1, 6), status="hoan-thanh", occurrence=d(10, 6), result="Báo cáo quý II")
    progress.add(ids["quarterly"], date=d(5, 9), status="hoan-thanh", occurrence=d(10, 9), result="Báo cáo quý III")
    progress.add(ids["plan"], date=d(20, 1), status="hoan-thanh", result="KH 05/KH-UBND")
    progress.add(ids["continuous"], date=d(2, 2), status="dang-thuc-hien", result="Niêm yết 45 TTHC")
    return plan_id, ids


def test_the_log_meets_occurrences_and_edit_delete_restore_recompute(services):
    plan_id, ids = make_plan(services)
    states = lambda: [(s.due, s.status) for s in services.tracking.track(plan_id, d(1, 10)).tasks[ids["quarterly"]].status.occurrences]  # noqa: E731
    # Each entry named its quarter; March was missed.
    assert states() == [(d(10, 3), O.OVERDUE), (d(10, 6), O.DONE_ON_TIME), (d(10, 9), O.DONE_ON_TIME), (d(10, 12), O.NOT_DUE)]
    september = services.progress.list(plan_id)[-1]
    assert september.result == "Báo cáo quý III"
    # Without a name, the September entry meets the earliest open one: March, late.
    assert services.progress.update(september.id, occurrence=None) == {"occurrence": d(10, 9)}
    assert states() == [(d(10, 3), O.DONE_LATE), (d(10, 6), O.DONE_ON_TIME), (d(10, 9), O.OVERDUE), (d(10, 12), O.NOT_DUE)]
    deleted = services.progress.delete(september.id)
    assert states()[0] == (d(10, 3), O.OVERDUE) and states()[2] == (d(10, 9), O.OVERDUE)
    services.progress.restore(deleted)
    assert services.progress.get(september.id).occurrence is None
    assert states()[0] == (d(10, 3), O.DONE_LATE)


def test_an_activity_and_a_sub_row_carry_their_own_log(services):
    plan_id, ids = make_plan(services)
    services.progress.add(ids["report"], date=d(1, 12), status="hoan-thanh", result="Báo cáo 120/BC-UBND")
    tracking = services.tracking.track(plan_id, d(14, 12))
    task = tracking.tasks[ids["plan"]]
    assert [(s.due, s.status, s.row_id) for s in task.status.occurrences] == [
        (d(30, 1), O.DONE_ON_TIME, ids["plan"]), (d(5, 12), O.DONE_ON_TIME, ids["report"])]
    assert task.status.status is TaskStatus.DONE_ON_TIME
    assert tracking.row_status(ids["report"]).status is TaskStatus.DONE_ON_TIME
    sub = services.rows.add(plan_id, RowKind.SUBTASK, ids["meeting"], texts={"task": "Đối thoại quý III",
                                                                           "timeframe": "trước 30/9/2023"})
    assert services.rows.find_by_number(plan_id, "3.1").id == sub.id
    services.progress.add(sub.id, date=d(28, 9), status="hoan-thanh")
    tracking = services.tracking.track(plan_id, d(14, 12))
    assert tracking.row_status(sub.id).status is TaskStatus.DONE_ON_TIME
    meeting = tracking.tasks[ids["meeting"]].status
    assert [(s.due, s.status) for s in meeting.occurrences] == [
        (d(30, 6), O.OVERDUE), (d(30, 9), O.DONE_ON_TIME), (d(31, 12), O.NOT_DUE)]
    assert meeting.status is TaskStatus.OVERDUE
    with pytest.raises(Exception, match="lĩnh vực"):
        area = next(r for r in services.rows.list(plan_id) if r.kind is RowKind.AREA)
        services.progress.add(area.id, date=d(1, 1), status="hoan-thanh")


def test_naming_a_due_date_the_row_does_not_have_is_refused(services):
    plan_id, ids = make_plan(services)
    services.tracking.check_occurrence(plan_id, ids["quarterly"], d(10, 9), "nhiệm vụ 1")
    with pytest.raises(Exception, match=r"không có lần đến hạn ngày 11/09/2023 \(các lần đến hạn: 10/03/2023, "):
        services.tracking.check_occurrence(plan_id, ids["quarterly"], d(11, 9), "nhiệm vụ 1")
    with pytest.raises(Exception, match="thường xuyên"):
        services.tracking.check_occurrence(plan_id, ids["continuous"], d(31, 12), "nhiệm vụ 4")


def show_json(path, as_of: date) -> dict:
    out = io.StringIO()
    assert run(["show", "1", "--json", "--as-of", as_of.isoformat(), "--db", str(path)], out=out) == 0
    return json.loads(out.getvalue())


def json_figures(figures) -> dict:
    return {"total": _counts(figures.total),
            "areas": [{"number": a.label, "title": a.title, **_counts(a.counts)} for a in figures.areas]}


@pytest.mark.parametrize("as_of, period", [(d(20, 5), "h1"), (d(1, 8), "q3"), (d(14, 9), "q3"), (d(14, 12), "year")])
def test_figures_are_equal_in_the_overview_the_report_and_show_json(tmp_path, as_of, period):
    path = tmp_path / "plan.sqlite3"
    services = Services.open(path, tmp_path / "data")
    try:
        plan_id, ids = make_plan(services)
        assert plan_id == 1
    finally:
        services.close()
    shown = show_json(path, as_of)
    services = Services.open(path, tmp_path / "data")
    try:
        overview = services.reports.overview(plan_id, as_of)
        report = services.reports.create(plan_id, period, as_of=as_of)
        data = services.reports.data(report.id)
    finally:
        services.close()
    assert overview.period.value == period == shown["figures"]["period"]["period"]
    assert overview.figures == data.figures
    figures = {k: v for k, v in shown["figures"].items() if k != "period"}
    assert figures == json_figures(data.figures)
    quarterly = next(r for r in shown["rows"] if r["id"] == ids["quarterly"])
    assert quarterly["status"] == "qua-han"  # rule 3: the missed 10/03 keeps it overdue all year
    if period == "q3" and as_of == d(14, 9):
        # In quý III's window only 10/09 counts, and it was met: the report counts it done.
        assert data.tracking.tasks[ids["quarterly"]].period_status is TaskStatus.DONE_ON_TIME
        assert shown["figures"]["total"]["by_status"]["qua-han"] == 1  # only the meeting, its 30/06 missed


def test_the_report_lists_missed_occurrences_with_their_dates(services, tmp_path):
    plan_id, ids = make_plan(services)
    report = services.reports.create(plan_id, "h1")  # window 15/12/2022 – 14/06/2023
    data = services.reports.data(report.id)
    assert data.tracking.tasks[ids["quarterly"]].period_status is TaskStatus.OVERDUE
    assert overdue_lines(data) == [
        "- 1. Báo cáo CCHC định kỳ (quá hạn, hạn 10/03/2023): chưa nêu lý do.",
    ]
    assert "- 1. Báo cáo CCHC định kỳ (hạn 10/09/2023)." in next_period_lines(data.tracking, data.period, 2023)
    year = services.reports.data(services.reports.create(plan_id, "year", as_of=d(14, 12)).id)
    assert overdue_lines(year) == [
        "- 1. Báo cáo CCHC định kỳ (quá hạn, các lần hạn 10/03/2023, 10/12/2023): chưa nêu lý do.",
        "- 2. Theo dõi thi hành pháp luật (quá hạn, hạn 05/12/2023): chưa nêu lý do.",
        "- 3. Đối thoại với người dân (quá hạn, hạn 30/06/2023): chưa nêu lý do.",
    ]
    text = " ".join(pdftotext(services.reports.export_pdf(report.id, tmp_path / "h1.pdf")).split())
    assert "Báo cáo CCHC định kỳ (quá hạn, hạn 10/03/2023): chưa nêu lý do." in text
    assert "Không có nhiệm vụ quá hạn" not in text


def test_the_progress_sheet_lists_each_occurrence_in_words(services, tmp_path):
    plan_id, ids = make_plan(services)
    path = services.exports.export_xlsx(plan_id, tmp_path / "x.xlsx", progress_as_of=d(1, 10))
    sheet = load_workbook(path)["Tiến độ"]
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "TT")
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "1")
    cells = dict(zip(header, row))
    assert cells["Hạn"].split("\n") == [
        "10/03/2023 – quá hạn", "10/06/2023 – đã hoàn thành 01/06/2023",
        "10/09/2023 – đã hoàn thành 05/09/2023", "10/12/2023"]
    assert cells["Tình trạng"] == "Quá hạn"
    continuous = dict(zip(header, next(r for r in sheet.iter_rows(values_only=True) if r[0] == "4")))
    assert continuous["Hạn"] == "Thường xuyên"


def test_the_reminder_names_the_missed_and_the_next_occurrences(services):
    plan_id, ids = make_plan(services)
    text = services.reminders.message(plan_id, d(5, 12))
    assert text.split("\n")[1:] == [
        "• 2 nhiệm vụ quá hạn chưa hoàn thành:",
        "   1. Báo cáo CCHC định kỳ — lỡ hạn 10/03/2023 (quá 270 ngày)",
        "   3. Đối thoại với người dân — lỡ hạn 30/06/2023 (quá 158 ngày)",
        "• 2 nhiệm vụ đến hạn trong 7 ngày:",
        "   2. Theo dõi thi hành pháp luật — hạn 05/12/2023 (hôm nay)",
        # Missed in March, and its December report is due too: both are said.
        "   1. Báo cáo CCHC định kỳ — hạn 10/12/2023 (còn 5 ngày)",
        "• Báo cáo năm 2023: hạn gửi 10/12/2023 (còn 5 ngày).",
    ]
