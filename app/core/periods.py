"""Report periods and their data windows (Nghị định 09/2019/NĐ-CP, Điều 12).

A period's figures count what happened from the 15th of the month before the
period to the 14th of its last month: quý I 15/12–14/3, 6 tháng 15/12–14/6,
quý III 15/6–14/9, năm 15/12–14/12. The two days are settings.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class Period(str, enum.Enum):
    Q1 = "q1"
    H1 = "h1"
    Q3 = "q3"
    YEAR = "year"


PERIOD_LABELS = {
    Period.Q1: "quý I",
    Period.H1: "6 tháng đầu năm",
    Period.Q3: "quý III",
    Period.YEAR: "năm",
}
# The short words, for file names ("BC-CCHC-6-thang-2023-…").
PERIOD_SHORT_LABELS = {
    Period.Q1: "Quý I",
    Period.H1: "6 tháng",
    Period.Q3: "Quý III",
    Period.YEAR: "Năm",
}

# Month the period's work starts and ends in (its data window starts in the
# month before the first).
_FIRST_MONTH = {Period.Q1: 1, Period.H1: 1, Period.Q3: 7, Period.YEAR: 1}
_LAST_MONTH = {Period.Q1: 3, Period.H1: 6, Period.Q3: 9, Period.YEAR: 12}
_ORDER = (Period.Q1, Period.H1, Period.Q3, Period.YEAR)


@dataclass(frozen=True)
class WindowRule:
    """Days that open and close a data window (15 and 14 by default)."""

    start_day: int = 15
    end_day: int = 14


def parse_period(text: str) -> Period:
    """"q1", "h1", "q3", "year" (also "quy1", "6thang", "9thang", "nam")."""
    key = text.strip().lower().replace(" ", "").replace("-", "")
    aliases = {
        "q1": Period.Q1, "quy1": Period.Q1, "quyi": Period.Q1,
        "h1": Period.H1, "6thang": Period.H1, "6t": Period.H1,
        "q3": Period.Q3, "quy3": Period.Q3, "quyiii": Period.Q3, "9thang": Period.Q3,
        "year": Period.YEAR, "nam": Period.YEAR, "y": Period.YEAR,
    }
    if key not in aliases:
        raise ValueError(text)
    return aliases[key]


def period_title(period: Period, year: int) -> str:
    """Words used in the report's trích yếu: "quý I năm 2023", "năm 2023"."""
    if period is Period.YEAR:
        return f"năm {year}"
    if period is Period.Q3:
        return f"quý III (9 tháng) năm {year}"
    if period is Period.H1:
        return f"6 tháng đầu năm {year}"
    return f"quý I năm {year}"


def _shift_month(year: int, month: int) -> tuple[int, int]:
    """The month before (year, month)."""
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _safe_day(year: int, month: int, day: int) -> date:
    import calendar

    return date(year, month, min(max(day, 1), calendar.monthrange(year, month)[1]))


def data_window(period: Period, year: int, rule: WindowRule = WindowRule()) -> tuple[date, date]:
    """First and last day whose data the period's report counts."""
    start_year, start_month = _shift_month(year, _FIRST_MONTH[period])
    start = _safe_day(start_year, start_month, rule.start_day)
    end = _safe_day(year, _LAST_MONTH[period], rule.end_day)
    return start, end


def quarter_window(as_of: date, rule: WindowRule = WindowRule()) -> tuple[date, date]:
    """The three-month data window containing ``as_of``: the "kỳ" in which
    recurring work must show activity to count as carried out."""
    for year in (as_of.year, as_of.year + 1):
        for last_month in (3, 6, 9, 12):
            start_year, start_month = _shift_month(year, last_month - 2)
            start = _safe_day(start_year, start_month, rule.start_day)
            end = _safe_day(year, last_month, rule.end_day)
            if start <= as_of <= end:
                return start, end
    raise AssertionError("unreachable: the windows tile the calendar")


def period_for(as_of: date, rule: WindowRule = WindowRule()) -> tuple[Period, int]:
    """The first report (in time) whose window holds ``as_of``."""
    for year in (as_of.year, as_of.year + 1):
        for period in _ORDER:
            start, end = data_window(period, year, rule)
            if start <= as_of <= end:
                return period, year
    raise AssertionError("unreachable")


def next_period(period: Period, year: int) -> tuple[Period, int]:
    index = _ORDER.index(period)
    if index + 1 < len(_ORDER):
        return _ORDER[index + 1], year
    return _ORDER[0], year + 1


def default_report_deadline(period: Period, year: int, day: int = 10) -> date:
    """When the ward's report is due upward: by default the 10th of the last month."""
    return _safe_day(year, _LAST_MONTH[period], day)


def plan_period(as_of: date, plan_year: int, rule: WindowRule = WindowRule()) -> tuple[Period, int]:
    """The report period a plan is seen in on ``as_of``: the first whose window
    holds the date; past the plan's year (from 15/12 on), its year report;
    before the plan's year (a plan copied to next year in December), its
    first report, which has nothing in it yet — never last year's figures.
    The matrix, the overview, ``show --json`` and reminders all judge a plan
    in this period, so their figures are the report's."""
    seen_on = max(date(plan_year, 1, 1), min(as_of, date(plan_year, 12, 31)))
    period, year = period_for(seen_on, rule)
    if year > plan_year:
        return Period.YEAR, plan_year
    return period, year
