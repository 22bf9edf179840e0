"""Consolidation ("Tổng hợp"): the province's table of every ward's figures.

Pure logic over submissions already read from their packages
(``app.io.submission_snapshot``): no files, no Qt.

Rules:

- One package read twice (the same file, or a copy of it) counts once.
- Packages are grouped per period (kỳ and year), then per unit. Two
  packages belong to the same unit when they carry the same unit code, or
  the same plan (its stable id), or — when either lacks a code — the same
  unit name. Of a unit's packages the latest made counts; the others are
  reported as replaced.
- The expected units (the list the officer keeps) are matched by code,
  else by name; an expected unit with no package "has not submitted"; a
  package of a unit not on the list is shown and marked as such.
- A package made after the period's deadline is "late".
- The overdue tasks of every ward are listed together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable, Mapping, Sequence

from app.core.figures import StatusCounts
from app.core.periods import PERIOD_LABELS, Period
from app.core.status import TaskStatus
from app.core.text import fold


@dataclass(frozen=True)
class SubmittedRow:
    """A row of a ward's appendix as its package shows it (the drill-down)."""

    kind: str            # RowKind value: "area", "task", "activity", "subtask"
    number: str
    text: str
    lead: str = ""
    timeframe: str = ""
    status: TaskStatus | None = None   # what the period's figures count; None for areas
    missed: tuple[date, ...] = ()       # due dates of the period still open past due
    result: str = ""                    # the latest progress entry's result


@dataclass(frozen=True)
class Submission:
    """One package, as consolidation needs it."""

    file: str
    file_sha256: str
    package_id: str
    created_at: datetime
    unit_name: str
    unit_code: str
    plan_uuid: str
    plan_title: str
    period: Period
    year: int
    window: tuple[date, date]
    as_of: date
    counts: StatusCounts
    rows: tuple[SubmittedRow, ...] = ()

    @property
    def key(self) -> tuple[Period, int]:
        return self.period, self.year


@dataclass(frozen=True)
class ExpectedUnit:
    """A unit that must report: its name, and its code when the list has one."""

    name: str
    code: str = ""


@dataclass(frozen=True)
class Skipped:
    """A file not counted, and why (one Vietnamese sentence)."""

    file: str
    reason: str


@dataclass(frozen=True)
class UnitLine:
    """One line of the table: a unit and the package that counts for it
    (None: not submitted)."""

    name: str
    code: str
    submission: Submission | None
    late: bool = False
    expected: bool = True   # False: submitted but not on the officer's list

    @property
    def submitted(self) -> bool:
        return self.submission is not None

    @property
    def counts(self) -> StatusCounts:
        return self.submission.counts if self.submission is not None else StatusCounts()


@dataclass(frozen=True)
class OverdueTask:
    unit: str
    number: str
    text: str
    lead: str
    timeframe: str
    missed: tuple[date, ...]


@dataclass(frozen=True)
class PeriodTable:
    """Every unit's line for one period, with the period's lists."""

    period: Period
    year: int
    deadline: date
    lines: tuple[UnitLine, ...]
    overdue: tuple[OverdueTask, ...]

    @property
    def label(self) -> str:
        return period_label(self.period, self.year)

    @property
    def total(self) -> StatusCounts:
        """The sum over the units that submitted."""
        summed: dict[TaskStatus, int] = {}
        for line in self.lines:
            for status, count in line.counts.counts.items():
                summed[status] = summed.get(status, 0) + count
        return StatusCounts(summed)

    @property
    def missing(self) -> tuple[UnitLine, ...]:
        return tuple(line for line in self.lines if not line.submitted)

    @property
    def late(self) -> tuple[UnitLine, ...]:
        return tuple(line for line in self.lines if line.late)


@dataclass(frozen=True)
class Consolidation:
    tables: tuple[PeriodTable, ...]           # newest period first
    skipped: tuple[Skipped, ...] = ()
    superseded: tuple[Skipped, ...] = field(default=())  # duplicates and replaced packages

    def table(self, period: Period, year: int) -> PeriodTable | None:
        return next((t for t in self.tables if t.period is period and t.year == year), None)


_PERIOD_ORDER = {Period.Q1: 0, Period.H1: 1, Period.Q3: 2, Period.YEAR: 3}


def period_label(period: Period, year: int) -> str:
    """"quý I năm 2025", "6 tháng đầu năm 2025", "năm 2025"."""
    if period is Period.YEAR:
        return f"năm {year}"
    if period is Period.H1:
        return f"6 tháng đầu năm {year}"
    return f"{PERIOD_LABELS[period]} năm {year}"


_ORGAN = re.compile(r"^(uy ban nhan dan|ubnd)\s+")


def name_key(name: str) -> str:
    """A unit's name for matching: no case, diacritics, organ or extra spaces
    ("UBND Phường Sông Cầu" and "phường sông cầu" match)."""
    return _ORGAN.sub("", " ".join(fold(name).replace(".", " ").split()))


def consolidate(
    submissions: Iterable[Submission],
    expected: Sequence[ExpectedUnit] = (),
    deadlines: Mapping[tuple[Period, int], date] | None = None,
    skipped: Sequence[Skipped] = (),
) -> Consolidation:
    """The tables of every period found (see the module docstring).
    ``deadlines`` gives each period's deadline; missing ones default to
    the 10th of the period's last month."""
    from app.core.periods import default_report_deadline

    unique, superseded = _drop_duplicates(submissions)
    by_period: dict[tuple[Period, int], list[Submission]] = {}
    for submission in unique:
        by_period.setdefault(submission.key, []).append(submission)
    tables = []
    for (period, year), group in by_period.items():
        deadline = (deadlines or {}).get((period, year)) or default_report_deadline(period, year)
        latest, replaced = _latest_per_unit(group)
        superseded += replaced
        lines = _lines(latest, expected, deadline)
        overdue = tuple(_overdue(lines))
        tables.append(PeriodTable(period, year, deadline, lines, overdue))
    tables.sort(key=lambda t: (t.year, _PERIOD_ORDER[t.period]), reverse=True)
    return Consolidation(tuple(tables), tuple(skipped), tuple(superseded))


def _drop_duplicates(submissions: Iterable[Submission]) -> tuple[list[Submission], list[Skipped]]:
    """One package read twice (the same file, a copy, a second download) is one."""
    seen: dict[str, Submission] = {}
    unique: list[Submission] = []
    dropped: list[Skipped] = []
    for submission in submissions:
        key = submission.package_id or submission.file_sha256
        first = seen.get(key) or seen.get(submission.file_sha256)
        if first is not None:
            dropped.append(Skipped(submission.file, f"trùng với gói «{first.file}» (cùng một gói, chỉ tính một lần)."))
            continue
        seen[key] = seen[submission.file_sha256] = submission
        unique.append(submission)
    return unique, dropped


def _same_unit(a: Submission, b: Submission) -> bool:
    if a.unit_code and b.unit_code:
        return a.unit_code == b.unit_code or a.plan_uuid == b.plan_uuid
    return a.plan_uuid == b.plan_uuid or name_key(a.unit_name) == name_key(b.unit_name)


def _latest_per_unit(group: list[Submission]) -> tuple[list[Submission], list[Skipped]]:
    """Packages of one period joined into units (union of "same unit"
    pairs); the latest of each counts."""
    parent = list(range(len(group)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(group)):
        for j in range(i + 1, len(group)):
            if _same_unit(group[i], group[j]):
                parent[root(j)] = root(i)
    units: dict[int, list[Submission]] = {}
    for i, submission in enumerate(group):
        units.setdefault(root(i), []).append(submission)
    latest, replaced = [], []
    for members in units.values():
        members.sort(key=lambda s: (s.created_at, s.as_of), reverse=True)
        newest = members[0]
        latest.append(newest)
        for older in members[1:]:
            replaced.append(Skipped(older.file, f"đã có gói mới hơn của {newest.unit_name or 'đơn vị'} "
                                                f"«{newest.file}» (lập {newest.created_at:%d/%m/%Y %H:%M})."))
    return latest, replaced


def _lines(latest: list[Submission], expected: Sequence[ExpectedUnit], deadline: date) -> tuple[UnitLine, ...]:
    """The expected units in the list's order (submitted or not), then the
    units that submitted without being on the list, by code (the official
    order of administrative units), then name."""
    unmatched = list(latest)

    def take(unit: ExpectedUnit) -> Submission | None:
        found = None
        if unit.code:
            found = next((s for s in unmatched if s.unit_code == unit.code), None)
        if found is None:
            key = name_key(unit.name)
            found = next((s for s in unmatched if key and name_key(s.unit_name) == key
                          and not (unit.code and s.unit_code and s.unit_code != unit.code)), None)
        if found is not None:
            unmatched.remove(found)
        return found

    lines = []
    for unit in expected:
        submission = take(unit)
        lines.append(UnitLine(unit.name, unit.code or (submission.unit_code if submission else ""), submission,
                              _is_late(submission, deadline)))
    extra = sorted(unmatched, key=lambda s: (not s.unit_code, s.unit_code.zfill(10), name_key(s.unit_name)))
    lines += [UnitLine(s.unit_name, s.unit_code, s, _is_late(s, deadline), expected=not expected) for s in extra]
    return tuple(lines)


def _is_late(submission: Submission | None, deadline: date) -> bool:
    return submission is not None and submission.created_at.date() > deadline


def _overdue(lines: Sequence[UnitLine]) -> Iterable[OverdueTask]:
    for line in lines:
        if line.submission is None:
            continue
        for row in line.submission.rows:
            if row.kind == "task" and row.status is TaskStatus.OVERDUE:
                yield OverdueTask(line.name, row.number, row.text, row.lead, row.timeframe, row.missed)
