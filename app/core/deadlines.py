"""Reading the "Thời gian thực hiện" cell: from a phrase to due dates.

The cell is always printed as the officer wrote it; this module only works out
what it means, with the plan's year as context:

    "Quý II/2023"                                → 30/06/2023
    "Ban hành KH tháng 12/2022; Triển khai trong năm 2023" → 31/12/2022, 31/12/2023
    "Định kỳ trước ngày 10 của tháng cuối quý"   → 10/03, 10/06, 10/09, 10/12 (quarterly)
    "06 tháng/cuộc"                              → 30/06, 31/12 (half-yearly)
    "Thường xuyên"                               → continuous, no date

Matching is done on a diacritic-free, lower-case copy of the text (so "Quy
II/2023" typed without accents reads the same), one character per original
character, so whatever was not understood can be quoted back from the
original. The reader never raises: an unreadable phrase gives no dates and
the phrase itself as the unread remainder.
"""

from __future__ import annotations

import calendar
import functools
import html
import logging
import re
from dataclasses import dataclass, field
from datetime import date

from app.core.text import fold, nfc, squash_spaces

log = logging.getLogger(__name__)

MIN_YEAR, MAX_YEAR = 1900, 2200


@dataclass(frozen=True)
class Recurrence:
    """A repeating deadline: ``kind`` is monthly, quarterly, half-yearly or yearly;
    ``day`` is the day of the month (None: the month's last day)."""

    kind: str
    day: int | None = None

    MONTHS = {
        "monthly": tuple(range(1, 13)),
        "quarterly": (3, 6, 9, 12),
        "half-yearly": (6, 12),
        "yearly": (12,),
    }

    def dates_in(self, year: int) -> list[date]:
        return [_day_in_month(year, month, self.day) for month in self.MONTHS[self.kind]]


@dataclass(frozen=True)
class DeadlineReading:
    """What a timeframe phrase means.

    ``dates`` holds every due date (written ones and those of the recurrence),
    ``fixed_dates`` only those written in the phrase itself.
    """

    dates: tuple[date, ...] = ()
    fixed_dates: tuple[date, ...] = ()
    recurrence: Recurrence | None = None
    continuous: bool = False
    unread: str = ""

    @property
    def final(self) -> date | None:
        return self.dates[-1] if self.dates else None


def read_deadline(text: str | None, year: int, *, strict: bool = False) -> DeadlineReading:
    """Read a timeframe phrase with ``year`` (the plan's year) as context.

    Never raises unless ``strict`` is set (the property tests use it to prove the
    reader itself is sound, not merely guarded).
    """
    if strict:
        return _read(text or "", year)
    return _read_cached(text or "", year)


@functools.lru_cache(maxsize=16384)
def _read_cached(text: str, year: int) -> DeadlineReading:
    """Plans repeat the same few phrases thousands of times; the window
    re-reads them after every edit, so remember the answers."""
    try:
        return _read(text, year)
    except Exception:
        log.exception("deadline reader failed on %r", text)
        return DeadlineReading(unread=nfc(text).strip())


# --------------------------------------------------------------------------
# Implementation


def _day_in_month(year: int, month: int, day: int | None) -> date:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, last if day is None else min(day, last))


def _valid_date(year: int, month: int, day: int) -> date | None:
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


_TAG_BREAK = re.compile(r"<\s*(br|/p|/li|/div)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")


def _clean(text: str) -> str:
    text = _TAG_BREAK.sub("\n", text)
    text = _TAG.sub("", text)
    return squash_spaces(nfc(html.unescape(text)))


def _trim(piece: str) -> str:
    """Strip separators, and a pair of brackets around the whole piece."""
    piece = piece.strip(" \t.,:;")
    if piece.startswith("(") and piece.endswith(")"):
        piece = piece[1:-1].strip()
    return piece


_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Q_TOKEN = r"(?:iv|iii|ii|i|[1-4])"
_SEP = r"\s*(?:-|–|—|,|&|va|den|toi)\s*"

# Each pattern runs on folded text (lower case, no diacritics).
_FULL_DATE = re.compile(r"(?<![\d/.])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?![\d/])")
_WORDY_DATE = re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})\b")
_DAY_OF_PERIOD = re.compile(
    r"\bngay\s+(\d{1,2})\s*(?:(?:cua|trong|o|vao)\s+)?"
    r"(thang\s+cuoi\s+(?:cua\s+)?(?:moi\s+|hang\s+)?quy|cuoi\s+quy|(?:hang|moi)\s+quy"
    r"|(?:hang|moi|cac)\s+thang)\b"
)
# "theo quy định" must not read as "quarterly": hence the look-ahead.
_QUARTERLY = re.compile(r"\b(?:dinh\s+ky\s+)?(?:hang|moi|tung|theo)\s+quy\b(?!\s*dinh)|\bdinh\s+ky\s+quy\b")
_MONTHLY = re.compile(r"\b(?:dinh\s+ky\s+)?(?:hang|moi|tung|theo)\s+thang\b|\bdinh\s+ky\s+thang\b")
_HALF_YEARLY = re.compile(
    r"\b0?6\s*thang\s*/\s*(?:cuoc|lan|ky|dot)\b"
    r"|\b0?6\s*thang\s+(?:mot|1)\s+(?:lan|cuoc|ky|dot)\b"
    r"|\b(?:dinh\s+ky|hang|moi)\s+(?:0?6\s+thang|nua\s+nam)\b"
)
_YEARLY = re.compile(r"\b(?:dinh\s+ky\s+)?(?:hang|moi)\s+nam\b|\bnam\s+(?:mot|1)\s+lan\b")
_CONTINUOUS = re.compile(r"\bthuong\s+xuyen\b|\blien\s+tuc\b|\b(?:hang|moi)\s+(?:ngay|tuan)\b")
_QUARTERS = re.compile(
    rf"\bquy\s+({_Q_TOKEN}(?:{_SEP}(?:quy\s+)?{_Q_TOKEN})*)\b(?:\s*(?:/|-|nam)\s*(\d{{4}})\b)?"
)
_HALF_OF_YEAR = re.compile(r"\b(?:0?6|sau)\s+thang\s+(dau|cuoi)(?:\s+nam)?(?:\s*/?\s*(\d{4}))?\b")
_NINE_MONTHS = re.compile(r"\b(?:0?9|chin)\s+thang\s+dau\s+nam(?:\s*/?\s*(\d{4}))?\b")
_MONTH_YEAR = re.compile(r"\bthang\s+(\d{1,2})\s*(?:/|-|nam)\s*(\d{4})\b")
_MONTH_ONLY = re.compile(r"\bthang\s+(\d{1,2})\b(?!\s*/)")
_DAY_MONTH = re.compile(r"(?<![\d/.])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_YEAR = re.compile(r"\b(?:(?:trong|ca|het|cuoi|suot)\s+)?nam\s+(\d{4})\b")
_YEAR_CONTEXT = re.compile(r"\b(?:trong|ca|het|cuoi|suot)\s+nam\b")
_RELATIVE = re.compile(
    r"(?:cham\s+nhat|trong\s+vong|sau|truoc)?\s*\d+\s*(?:ngay|tuan|thang)(?:\s+lam\s+viec)?"
    r"\s+(?:ke\s+tu|sau\s+khi|tu\s+khi|tu\s+ngay)[^;)\n]*"
)
_MEANINGFUL = re.compile(r"[a-z0-9]")


@dataclass
class _Segment:
    """One ";"-separated part of the phrase while it is being read."""

    original: str
    work: list[str]  # folded characters; matched spans are blanked
    year: int
    dates: list[date] = field(default_factory=list)
    year_ends: list[date] = field(default_factory=list)
    recurrence: Recurrence | None = None
    continuous: bool = False

    @property
    def text(self) -> str:
        return "".join(self.work)

    def take(self, pattern: re.Pattern[str]):
        """Yield the matches of ``pattern`` and blank them so later patterns skip them."""
        for match in list(pattern.finditer(self.text)):
            yield match
            for i in range(match.start(), match.end()):
                self.work[i] = " "

    @property
    def found_anything(self) -> bool:
        return bool(self.dates or self.year_ends or self.recurrence or self.continuous)


def _read(text: str, year: int) -> DeadlineReading:
    if not MIN_YEAR <= year <= MAX_YEAR:
        year = date.today().year
    fixed: list[date] = []
    recurrence: Recurrence | None = None
    continuous = False
    unread: list[str] = []
    for part in re.split(r"[;\n]+", _clean(text)):
        segment = _Segment(part, list(fold(part)), year)
        _read_segment(segment)
        fixed.extend(segment.dates)
        if segment.recurrence or segment.continuous:
            # "Định kỳ hàng quý năm 2024": the year is context, not a deadline.
            if segment.year_ends:
                segment.year = segment.year_ends[-1].year
        else:
            fixed.extend(segment.year_ends)
        if segment.recurrence and recurrence is None:
            recurrence = segment.recurrence
            year = segment.year
        continuous = continuous or segment.continuous
        unread.extend(_unread_pieces(segment))
    all_dates = set(fixed)
    if recurrence is not None:
        all_dates.update(recurrence.dates_in(year))
    return DeadlineReading(
        dates=tuple(sorted(all_dates)),
        fixed_dates=tuple(sorted(set(fixed))),
        recurrence=recurrence,
        continuous=continuous,
        unread="; ".join(unread),
    )


def _read_segment(seg: _Segment) -> None:
    for m in seg.take(_FULL_DATE):
        _add(seg, _valid_date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in seg.take(_WORDY_DATE):
        _add(seg, _valid_date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in seg.take(_DAY_OF_PERIOD):
        day = int(m.group(1))
        if 1 <= day <= 31:
            kind = "monthly" if "thang" in m.group(2) and "quy" not in m.group(2) else "quarterly"
            seg.recurrence = Recurrence(kind, day)
    for pattern, kind in (
        (_HALF_YEARLY, "half-yearly"), (_QUARTERLY, "quarterly"),
        (_MONTHLY, "monthly"), (_YEARLY, "yearly"),
    ):
        for _ in seg.take(pattern):
            seg.recurrence = seg.recurrence or Recurrence(kind)
    for _ in seg.take(_CONTINUOUS):
        seg.continuous = True
    for m in seg.take(_QUARTERS):
        _read_quarters(seg, m)
    for m in seg.take(_HALF_OF_YEAR):
        y = int(m.group(2)) if m.group(2) else seg.year
        _add(seg, _valid_date(y, 6, 30) if m.group(1) == "dau" else _valid_date(y, 12, 31))
    for m in seg.take(_NINE_MONTHS):
        _add(seg, _valid_date(int(m.group(1)) if m.group(1) else seg.year, 9, 30))
    for m in seg.take(_MONTH_YEAR):
        _add_month_end(seg, int(m.group(2)), int(m.group(1)))
    for m in seg.take(_MONTH_ONLY):
        _add_month_end(seg, seg.year, int(m.group(1)))
    for m in seg.take(_DAY_MONTH):
        _add(seg, _valid_date(seg.year, int(m.group(2)), int(m.group(1))))
    for m in seg.take(_YEAR):
        end = _valid_date(int(m.group(1)), 12, 31)
        if end:
            seg.year_ends.append(end)
    for _ in seg.take(_YEAR_CONTEXT):
        seg.year_ends.append(date(seg.year, 12, 31))


def _add(seg: _Segment, value: date | None) -> None:
    if value is not None:
        seg.dates.append(value)


def _add_month_end(seg: _Segment, year: int, month: int) -> None:
    if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12:
        seg.dates.append(_day_in_month(year, month, None))


def _read_quarters(seg: _Segment, match: re.Match[str]) -> None:
    tokens = re.findall(_Q_TOKEN, re.sub(r"quy", " ", match.group(1)))
    quarters = [_ROMAN_Q[t] for t in tokens if t in _ROMAN_Q]
    if not quarters:
        return
    year = int(match.group(2)) if match.group(2) else seg.year
    if MIN_YEAR <= year <= MAX_YEAR:
        seg.dates.append(_day_in_month(year, max(quarters) * 3, None))


def _unread_pieces(seg: _Segment) -> list[str]:
    """Parts of the segment that carried meaning the reader could not use."""
    if not seg.found_anything:
        piece = _trim(seg.original)
        return [piece] if _MEANINGFUL.search(fold(piece)) else []
    pieces = []
    for match in _RELATIVE.finditer(seg.text):
        piece = _trim(seg.original[match.start():match.end()])
        if piece:
            pieces.append(piece)
    return pieces
