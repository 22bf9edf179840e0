"""The plan as plain data: what services hand to the UI, the command line and
the exporters. No database session is attached to any of these."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from datetime import date


class RowKind(str, enum.Enum):
    """Kinds of rows in the appendix tree."""

    AREA = "area"          # group row "I. CẢI CÁCH THỂ CHẾ" (text in ``task``)
    TASK = "task"          # numbered 1, 2, … continuously across areas
    ACTIVITY = "activity"  # extra line of a task; the task's cells span it
    SUBTASK = "subtask"    # numbered 3.1, 3.2 under its task


# Text fields every appendix row may carry, in the order of DESIGN.md.
ROW_TEXT_FIELDS: tuple[str, ...] = (
    "objective", "task", "activity", "form", "output",
    "lead", "support", "timeframe", "budget", "note",
)

# Fields that belong to the task itself: an activity row leaves them empty
# and, when printed, the task's cells are merged down over its activities.
TASK_LEVEL_FIELDS: tuple[str, ...] = ("objective", "task", "form")


def full_date(year: int | None, month: int | None, day: int | None) -> date | None:
    """A document's date typed in three boxes: None while any part is blank or
    the three do not make a day (31/02)."""
    if not (year and month and day):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None

@dataclass(frozen=True)
class Column:
    """One column of the appendix as the plan prints it."""

    field: str          # a ROW_TEXT_FIELDS name, or "number", "units", "due", "status"
    header: str         # the printed header, e.g. "Cơ quan chủ trì"
    width: float = 20.0  # relative width (the exporters scale to the page)
    export: bool = True  # printed / exported, or only shown in the window


@dataclass(frozen=True)
class Section:
    """A part of the plan's body: "I. MỤC TIÊU" and its text."""

    heading: str
    text: str


@dataclass(frozen=True)
class Signer:
    """The signature block (Nghị định 30, ô 7a/7b)."""

    authority: str = ""      # "TM.", "KT.", "Q.", "TL.", "TUQ." or ""
    authority_of: str = ""   # "ỦY BAN NHÂN DÂN"
    deputy_line: str = ""    # optional second line, e.g. "KT. CHỦ TỊCH"
    title: str = ""          # "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    name: str = ""

    def lines(self) -> list[str]:
        """The upper-case lines printed above the signature space."""
        out = []
        if self.authority or self.authority_of:
            out.append(" ".join(p for p in (self.authority, self.authority_of) if p))
        if self.deputy_line:
            out.append(self.deputy_line)
        if self.title:
            out.append(self.title)
        return [line.upper() for line in out]


@dataclass(frozen=True)
class PlanDoc:
    """Every document field of a plan, and its appendix layout."""

    id: int
    kind: str
    year: int
    number: str = ""
    symbol: str = "KH-UBND"
    parent_body: str = ""
    issuing_body: str = ""
    place: str = ""
    issue_day: int | None = None
    issue_month: int | None = None
    issue_year: int | None = None
    doc_type: str = "KẾ HOẠCH"
    title: str = ""
    legal_bases: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    recipients: tuple[str, ...] = ()
    signer: Signer = field(default_factory=Signer)
    appendix_heading: str = "Phụ lục"
    appendix_title: str = ""
    columns: tuple[Column, ...] = ()
    hide_empty_columns: bool = False  # the printed appendix leaves out columns empty in every row
    is_sample: bool = False
    uuid: str = ""  # stable id, sent in submission packages (never edited)
    start: date | None = None  # the day a mid-year plan takes effect (None: the whole year)

    @property
    def issue_date(self) -> date | None:
        """The full date, or None while any part is still blank."""
        return full_date(self.issue_year, self.issue_month, self.issue_day)


# Fields of PlanDoc the user edits (all but the ids).
PLAN_EDITABLE_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(PlanDoc) if f.name not in ("id", "uuid")
)


@dataclass(frozen=True)
class PlanSummary:
    """A line of the plan switcher."""

    id: int
    kind: str
    year: int
    title: str
    number: str
    symbol: str
    task_count: int
    is_sample: bool = False


@dataclass(frozen=True)
class RowData:
    """One appendix row. ``number_override`` None means "number automatically";
    an empty string means "printed without a number" (as in seed 004)."""

    id: int
    plan_id: int
    parent_id: int | None
    position: int
    kind: RowKind
    number_override: str | None = None
    objective: str = ""
    task: str = ""
    activity: str = ""
    form: str = ""
    output: str = ""
    lead: str = ""
    support: str = ""
    timeframe: str = ""
    budget: str = ""
    note: str = ""
    due_override: tuple[date, ...] | None = None
    # Stable id: kept when the row is copied to next year's plan (the same
    # task), so the province matches it across packages.
    uuid: str = ""

    def text(self, field_name: str) -> str:
        return getattr(self, field_name)


@dataclass(frozen=True)
class NewRow:
    """A row to insert, possibly with children (paste, import, add)."""

    kind: RowKind
    texts: dict[str, str] = field(default_factory=dict)
    number_override: str | None = None
    due_override: tuple[date, ...] | None = None
    children: tuple["NewRow", ...] = ()


@dataclass(frozen=True)
class Attachment:
    id: int
    entry_id: int
    file_name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class ProgressEntry:
    """A dated line of the progress log."""

    id: int
    row_id: int
    date: date
    status: str            # a LogStatus value
    percent: int | None = None
    result: str = ""
    evidence: str = ""
    reason: str = ""       # why "Không thực hiện", or what delayed it
    attachments: tuple[Attachment, ...] = ()
    occurrence: date | None = None  # the due date it answers (None: the earliest open one)


@dataclass(frozen=True)
class ReportDoc:
    """A saved periodic report: its period, number, date and the officer's texts."""

    id: int
    plan_id: int
    period: str            # a Period value
    year: int
    as_of: date | None = None
    number: str = ""
    symbol: str = "BC-UBND"
    issue_day: int | None = None
    issue_month: int | None = None
    issue_year: int | None = None
    addressees: tuple[str, ...] = ()   # "Kính gửi"
    texts: dict = field(default_factory=dict)
    recipients: tuple[str, ...] = ()
    sent_on: date | None = None        # sent upward (mail draft made, or typed by hand)

    @property
    def issue_date(self) -> date | None:
        """The report's date, or None while any part is still blank."""
        return full_date(self.issue_year, self.issue_month, self.issue_day)


REPORT_EDITABLE_FIELDS: tuple[str, ...] = (
    "period", "year", "as_of", "number", "symbol", "issue_day", "issue_month", "issue_year",
    "addressees", "texts", "recipients", "sent_on",
)
