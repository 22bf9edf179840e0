"""Row numbers as printed in the appendix.

Areas are numbered I, II, …; tasks 1, 2, … continuously across areas;
sub-rows 3.1, 3.2 under task 3; activity rows carry no number. A row may
override its number (imported plans keep their numbers as printed): the
automatic count then continues from the override, so a plan that jumps from
9 to 12 goes on with 13.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from app.core.model import RowKind

_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)
_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def to_roman(number: int) -> str:
    """1 → "I", 7 → "VII". Numbers below 1 give an empty string."""
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def from_roman(text: str) -> int | None:
    """"VII" → 7; anything that is not a Roman numeral gives None."""
    letters = text.strip().rstrip(".").upper()
    if not letters or not _ROMAN_RE.match(letters):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for current, following in zip(letters, letters[1:] + " "):
        value = values[current]
        total += -value if following != " " and values[following] > value else value
    return total


def _leading_int(text: str) -> int | None:
    match = re.match(r"\s*(\d+)", text)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class NumberingItem:
    """What numbering needs to know of a row, in display (pre-order) order."""

    id: int
    kind: RowKind
    parent_id: int | None
    number_override: str | None


def number_rows(items: Iterable[NumberingItem]) -> dict[int, str]:
    """The printed number of every row, keyed by row id."""
    labels: dict[int, str] = {}
    area_count = 0
    task_count = 0
    sub_counts: dict[int, int] = {}
    for item in items:
        override = item.number_override
        if item.kind is RowKind.AREA:
            area_count += 1
            if override is not None:
                area_count = from_roman(override) or area_count
                labels[item.id] = override
            else:
                labels[item.id] = to_roman(area_count)
        elif item.kind is RowKind.TASK:
            if override is None:
                task_count += 1
                labels[item.id] = str(task_count)
            else:
                task_count = _leading_int(override) or task_count
                labels[item.id] = override
        elif item.kind is RowKind.SUBTASK:
            parent = item.parent_id if item.parent_id is not None else -1
            sub_counts[parent] = sub_counts.get(parent, 0) + 1
            if override is not None:
                labels[item.id] = override
            else:
                parent_label = labels.get(parent, "")
                prefix = f"{parent_label}." if parent_label else ""
                labels[item.id] = f"{prefix}{sub_counts[parent]}"
        else:
            labels[item.id] = override or ""
    return labels
