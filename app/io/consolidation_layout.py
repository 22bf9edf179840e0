"""What the consolidated table holds, once for its Excel and PDF forms:
the columns, the titles, and each line's values."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.consolidation import PeriodTable, UnitLine
from app.core.dates import short_date
from app.core.figures import StatusCounts, format_percent
from app.core.status import TaskStatus
from app.core.unit import UNIT_KINDS, split_kind

# Statuses in the order of the report's own figures table.
STATUS_COLUMNS: tuple[tuple[TaskStatus, str], ...] = (
    (TaskStatus.DONE_ON_TIME, "Hoàn thành đúng hạn"),
    (TaskStatus.DONE_LATE, "Hoàn thành quá hạn"),
    (TaskStatus.IN_PROGRESS, "Đang thực hiện"),
    (TaskStatus.OVERDUE, "Quá hạn"),
    (TaskStatus.NOT_STARTED, "Chưa triển khai"),
    (TaskStatus.RECURRING_ACTIVE, "Thường xuyên đã triển khai"),
    (TaskStatus.RECURRING_IDLE, "Thường xuyên chưa triển khai"),
    (TaskStatus.CANCELLED, "Không thực hiện"),
)
RESULT_GROUP = "Kết quả thực hiện (số nhiệm vụ)"
SUBTITLE = "(Theo gói báo cáo các đơn vị gửi; hạn gửi {deadline}; đã gửi {sent}/{expected} đơn vị)"


@dataclass(frozen=True)
class TableColumn:
    header: str
    width: float             # share of the printable width (millimetres of 252)
    centre: bool = False
    group: str = ""          # a title spanning the columns of one group (second header row)
    percent: bool = False


def summary_columns() -> list[TableColumn]:
    """Widths in millimetres of the printable A4 landscape width (252 mm):
    a status column holds "Thường" of its header (bold 11, 13.3 mm) with the
    cell's margins, the date column "01/12/2025" (19.3 mm), the note "Gửi
    muộn" (17.2 mm)."""
    columns = [TableColumn("TT", 7, True), TableColumn("Đơn vị", 40), TableColumn("Mã đơn vị", 13, True),
               TableColumn("Ngày gửi", 21, True), TableColumn("Tổng số nhiệm vụ", 12, True)]
    columns += [TableColumn(label, 15.5, True, RESULT_GROUP) for _status, label in STATUS_COLUMNS]
    columns += [TableColumn("Tỷ lệ hoàn thành", 15, True, percent=True), TableColumn("Ghi chú", 20)]
    return columns


def overdue_columns(count: int) -> list[TableColumn]:
    """The overdue list of ``count`` tasks. A province's list passes a
    thousand lines (170 wards): "1560" needs 11 mm, which "Nhiệm vụ" gives."""
    wide = 3 if count >= 1000 else 0
    return [TableColumn("TT", 8 + wide, True), TableColumn("Đơn vị", 36), TableColumn("Số TT nhiệm vụ", 16, True),
            TableColumn("Nhiệm vụ", 88 - wide), TableColumn("Cơ quan chủ trì", 36),
            TableColumn("Thời gian thực hiện", 38), TableColumn("Hạn chưa hoàn thành", 30, True)]


def _units_words(table: PeriodTable) -> str:
    """"các xã, phường", and "…, đặc khu" when a special zone is among the
    units (since 2025 a province has the three kinds)."""
    special = any(split_kind(line.name, UNIT_KINDS)[0] == "đặc khu" for line in table.lines)
    return "các xã, phường, đặc khu" if special else "các xã, phường"


def summary_title(table: PeriodTable) -> str:
    return f"Tổng hợp kết quả thực hiện nhiệm vụ cải cách hành chính {table.label} của {_units_words(table)}"


def overdue_title(table: PeriodTable) -> str:
    return f"Danh mục nhiệm vụ quá hạn {table.label} của {_units_words(table)}"


def note(line: UnitLine) -> str:
    """"Chưa gửi", "Gửi muộn", "Ngoài danh sách" — what the officer must follow up."""
    parts = []
    if not line.submitted:
        parts.append("Chưa gửi")
    elif line.late:
        parts.append("Gửi muộn")
    if not line.expected:
        parts.append("Ngoài danh sách")
    return "; ".join(parts)


def _counts_cells(counts: StatusCounts, numeric: bool) -> list:
    values = [counts.total] + [counts[status] for status, _label in STATUS_COLUMNS]
    percent = counts.percent_done
    if numeric:
        return values + [percent]
    return [str(v) for v in values] + [format_percent(percent)]


def summary_rows(table: PeriodTable, numeric: bool) -> list[list]:
    """A line per unit, then the total. ``numeric``: figures as numbers
    (Excel), else as printed text (PDF). A unit that has not submitted
    shows no figures."""
    rows = []
    for index, line in enumerate(table.lines, start=1):
        submission = line.submission
        first = [str(index), line.name, line.code, short_date(submission.created_at.date()) if submission else ""]
        if submission is None:
            rows.append(first + [""] * (len(STATUS_COLUMNS) + 2) + [note(line)])
        else:
            rows.append(first + _counts_cells(line.counts, numeric) + [note(line)])
    sent = sum(1 for line in table.lines if line.submitted)
    rows.append(["", f"Tổng cộng ({sent} đơn vị đã gửi)", "", ""] + _counts_cells(table.total, numeric) + [""])
    return rows


def overdue_cells(table: PeriodTable) -> list[list[str]]:
    return [[str(index), task.unit, task.number, task.text, task.lead, task.timeframe,
             "; ".join(short_date(d) for d in task.missed)]
            for index, task in enumerate(table.overdue, start=1)]
