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


class _Counter:
    """The running counts of the numbering, shared by ``number_rows`` and
    ``overrides_for_printed`` so both follow exactly the same rule."""

    def __init__(self) -> None:
        self.area = 0
        self.task = 0
        self.sub: dict[int, int] = {}
        self.labels: dict[int, str] = {}

    def auto(self, item: NumberingItem) -> str:
        """The number ``item`` gets if it has no override."""
        if item.kind is RowKind.AREA:
            return to_roman(self.area + 1)
        if item.kind is RowKind.TASK:
            return str(self.task + 1)
        if item.kind is RowKind.SUBTASK:
            parent = item.parent_id if item.parent_id is not None else -1
            parent_label = self.labels.get(parent, "")
            prefix = f"{parent_label}." if parent_label else ""
            return f"{prefix}{self.sub.get(parent, 0) + 1}"
        return ""

    def take(self, item: NumberingItem, override: str | None) -> str:
        """Number ``item`` (with its override, if any) and move the counts on."""
        label = self.auto(item) if override is None else override
        if item.kind is RowKind.AREA:
            self.area = (from_roman(override) if override is not None else None) or self.area + 1
        elif item.kind is RowKind.TASK:
            self.task = self.task + 1 if override is None else (_leading_int(override) or self.task)
        elif item.kind is RowKind.SUBTASK:
            parent = item.parent_id if item.parent_id is not None else -1
            self.sub[parent] = self.sub.get(parent, 0) + 1
        self.labels[item.id] = label
        return label


def number_rows(items: Iterable[NumberingItem]) -> dict[int, str]:
    """The printed number of every row, keyed by row id."""
    counter = _Counter()
    for item in items:
        counter.take(item, item.number_override)
    return dict(counter.labels)


def overrides_for_printed(items: Iterable[tuple[NumberingItem, str]]) -> dict[int, str | None]:
    """For rows read from a document with their printed numbers, the fewest
    overrides that make the automatic numbering print the same thing: a plan
    numbered 1…9, 12, 13 needs an override only on 12."""
    counter = _Counter()
    overrides: dict[int, str | None] = {}
    for item, printed in items:
        printed = printed.strip()
        auto = counter.auto(item)
        same = printed.rstrip(".").upper() == auto.upper()
        overrides[item.id] = None if same else printed
        counter.take(item, overrides[item.id])
    return overrides
