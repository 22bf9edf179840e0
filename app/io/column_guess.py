"""Which field each column holds, for rows that come without a header
(a block pasted from Excel, a sheet or a Word table whose header row was
left out).

Each column is judged by what its cells look like — row numbers (1, 2, 3.1)
and Roman area numerals, unit names (Phòng…, Ban…, UBND…, Công chức…),
deadline phrases the deadline reader understands, long task sentences — and
the columns are then laid against the layouts real appendices use (the
plan's own columns first when the rows are pasted into a plan), keeping
their order. The layout that fits best gives the mapping, which the officer
sees and can change in the preview before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from app.core.deadlines import read_deadline
from app.core.numbering import from_roman
from app.core.presets import LAYOUTS
from app.core.text import fold

# The kinds of cell a column can hold.
NUMBER, UNIT, LABELLED_UNITS, DEADLINE, BUDGET, LONG, SHORT = (
    "number", "unit", "labelled", "deadline", "budget", "long", "short")

_ROW_NUMBER = re.compile(r"^(\d{1,3}(\.\d{1,3})*\.?|[IVXLC]{1,6}\.?)$")
# A unit's name opens with one of these words ("Phòng Văn hóa", "Ban biên tập",
# "UBND các phường", "Công chức Tư pháp"); not the verbs and nouns that share
# them ("Ban hành…", "Tổ chức…", "Hội nghị…", "Phòng chống…").
_UNIT_START = re.compile(
    r"^(cac\s+)?(phong(?! chong| ngua)|ban(?! hanh)|ubnd|uy ban|cong chuc|van phong|trung tam|cong an|"
    r"doan(?! ket)|hoi(?! nghi| thi| thao| dong)|so|mttq|mat tran|cbcc|can bo|co quan|don vi|bo phan|tram|"
    r"chi cuc|to (?!chuc)|thuong truc|lanh dao|chu tich|hdnd|quan su|truong(?! hop)|bi thu|dang uy|chi bo|"
    r"nganh|doan the)\b")
_UNIT_LABEL = re.compile(r"(co quan|don vi)\s+(chu tri|phoi hop)\s*:")
_BUDGET = re.compile(r"\b(kinh phi|ngan sach|trieu|dong|nguon|muc chi)\b")
_LONG = 45  # characters: a task or activity sentence, not a unit or a deadline

# How well each kind of cell fits each field.
_FIT: dict[str, dict[str, float]] = {
    "number":    {NUMBER: 3, UNIT: -3, LABELLED_UNITS: -3, DEADLINE: -3, BUDGET: -3, LONG: -3, SHORT: -2},
    "objective": {NUMBER: -3, UNIT: -1, LABELLED_UNITS: -2, DEADLINE: -2, BUDGET: -1, LONG: 2, SHORT: 0.5},
    "task":      {NUMBER: -3, UNIT: -1, LABELLED_UNITS: -2, DEADLINE: -2, BUDGET: -1, LONG: 2.2, SHORT: 0.8},
    "activity":  {NUMBER: -3, UNIT: -1, LABELLED_UNITS: -2, DEADLINE: -2, BUDGET: -1, LONG: 1.8, SHORT: 0.6},
    "form":      {NUMBER: -3, UNIT: -1, LABELLED_UNITS: -2, DEADLINE: -2, BUDGET: -1, LONG: 1.5, SHORT: 0.8},
    "output":    {NUMBER: -3, UNIT: -0.5, LABELLED_UNITS: -2, DEADLINE: -1.5, BUDGET: -1, LONG: 1, SHORT: 1.2},
    "lead":      {NUMBER: -3, UNIT: 3, LABELLED_UNITS: 1, DEADLINE: -2, BUDGET: -1, LONG: -1, SHORT: 0.2},
    "support":   {NUMBER: -3, UNIT: 3, LABELLED_UNITS: 1, DEADLINE: -2, BUDGET: -1, LONG: -1, SHORT: 0.2},
    "units":     {NUMBER: -3, UNIT: 2.5, LABELLED_UNITS: 4, DEADLINE: -2, BUDGET: -1, LONG: 0.5, SHORT: 0},
    "timeframe": {NUMBER: -3, UNIT: -2, LABELLED_UNITS: -2, DEADLINE: 3, BUDGET: -1, LONG: -1, SHORT: -0.5},
    "budget":    {NUMBER: -2, UNIT: -1, LABELLED_UNITS: -2, DEADLINE: -1, BUDGET: 3, LONG: -1, SHORT: 0},
}
_NOTE_COST = 0.6      # a non-empty column put in the note instead of a field
_PRIOR_BONUS = 0.05   # per column, for the plan's own layout when pasting into it: a tie-breaker

# Orders real appendices use, besides the presets.
_GENERIC_ORDERS: tuple[tuple[str, ...], ...] = (
    ("number", "task", "lead", "support", "timeframe", "output", "budget"),
    ("number", "task", "output", "lead", "support", "timeframe", "budget"),
    ("number", "task", "timeframe", "lead", "support", "output"),
    ("number", "objective", "task", "activity", "output", "lead", "support", "timeframe", "budget"),
    ("number", "task", "activity", "lead", "support", "timeframe", "output", "budget"),
    ("number", "task", "form", "units", "timeframe"),
)


@dataclass(frozen=True)
class ColumnGuess:
    mapping: tuple[str | None, ...]
    score: float
    kinds: tuple[str, ...]          # the kind of cell each column mostly holds ("" when empty)

    @property
    def plausible(self) -> bool:
        """Rows of tasks: a column of sentences taken as the task (or its
        objective, activity, form), and one of units or deadlines."""
        pairs = list(zip(self.mapping, self.kinds))
        says_what = any(m in ("task", "objective", "activity", "form") and k in (LONG, SHORT) for m, k in pairs)
        says_who = any(m in ("lead", "support", "units", "timeframe") and k in (UNIT, LABELLED_UNITS, DEADLINE)
                       for m, k in pairs)
        return says_what and says_who


def cell_kind(text: str, year: int) -> str:
    """What one cell looks like."""
    text = " ".join(text.split())
    folded = fold(text)
    bare = re.sub(r"^[-–•+\s]+", "", folded)
    if _ROW_NUMBER.match(text):
        return NUMBER
    if _UNIT_LABEL.search(folded):
        return LABELLED_UNITS
    if len(text) <= 70:
        reading = read_deadline(text, year)
        if (reading.dates or reading.recurrence or reading.continuous) and not reading.unread:
            return DEADLINE
    if _UNIT_START.match(bare) and len(text) < 160:
        return UNIT
    if _BUDGET.search(folded) and len(text) < 120:
        return BUDGET
    return LONG if len(text) >= _LONG else SHORT


def _is_area_row(row: Sequence[str]) -> bool:
    """"I | CẢI CÁCH THỂ CHẾ" or "I. CẢI CÁCH THỂ CHẾ": says nothing about the columns."""
    filled = [c.strip() for c in row if c.strip()]
    if not filled or len(filled) > 2:
        return False
    first = filled[0]
    if len(filled) == 2:
        return from_roman(first) is not None and filled[1].upper() == filled[1]
    match = re.match(r"^([IVXLC]+)[.\s]\s*(\S.*)$", first)
    return bool(match and from_roman(match.group(1)) and match.group(2).upper() == match.group(2))


def column_profiles(rows: Sequence[Sequence[str]], year: int) -> list[dict[str, float]]:
    """For each column, the share of its filled cells of each kind."""
    width = max((len(r) for r in rows), default=0)
    counts: list[dict[str, int]] = [{} for _ in range(width)]
    for row in rows:
        if _is_area_row(row):
            continue
        for column, text in enumerate(row):
            if text.strip():
                kind = cell_kind(text, year)
                counts[column][kind] = counts[column].get(kind, 0) + 1
    profiles = []
    for count in counts:
        total = sum(count.values())
        profiles.append({k: v / total for k, v in count.items()} if total else {})
    return profiles


def _fit(profile: dict[str, float], name: str) -> float:
    return sum(share * _FIT[name][kind] for kind, share in profile.items())


def _align(profiles: list[dict[str, float]], order: Sequence[str]) -> tuple[float, list[str | None]]:
    """The best order-keeping assignment of columns to the fields of ``order``
    (fields may be left out; a column may go to the note)."""
    n, m = len(profiles), len(order)
    # best[i][j]: the best score of the first i columns using only the first j fields.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        note = -_NOTE_COST if profiles[i - 1] else 0.0
        for j in range(m + 1):
            options = [best[i - 1][j] + note]
            if j:
                options.append(best[i][j - 1])
                if profiles[i - 1]:
                    options.append(best[i - 1][j - 1] + _fit(profiles[i - 1], order[j - 1]))
            best[i][j] = max(options)
    mapping: list[str | None] = [None] * n
    i, j = n, m
    while i > 0:
        if j and best[i][j] == best[i][j - 1]:
            j -= 1
        elif j and profiles[i - 1] and best[i][j] == best[i - 1][j - 1] + _fit(profiles[i - 1], order[j - 1]):
            mapping[i - 1] = order[j - 1]
            i, j = i - 1, j - 1
        else:
            i -= 1
    return best[n][m], mapping


def guess_columns(rows: Sequence[Sequence[str]], year: int | None = None,
                  prior: Sequence[str] | None = None) -> ColumnGuess:
    """The mapping for headerless ``rows``; ``prior``: the fields of the plan
    the rows are pasted into, preferred when it fits as well."""
    year = year or date.today().year
    profiles = column_profiles(rows, year)
    orders: list[tuple[tuple[str, ...], float]] = []
    if prior:
        orders.append((tuple(f for f in prior if f in _FIT), _PRIOR_BONUS * len(profiles)))
    orders += [(tuple(c.field for c in preset.columns if c.field in _FIT), 0.0) for preset in LAYOUTS.values()]
    orders += [(order, 0.0) for order in _GENERIC_ORDERS]
    best: tuple[float, list[str | None]] | None = None
    for order, bonus in orders:
        score, mapping = _align(profiles, order)
        if best is None or score + bonus > best[0] + 1e-9:
            best = (score + bonus, mapping)
    kinds = tuple(max(p, key=p.get) if p else "" for p in profiles)
    return ColumnGuess(tuple(best[1]) if best else (), best[0] if best else 0.0, kinds)
