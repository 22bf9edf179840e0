"""How a task's occurrences read: compact markers for the matrix's "Hạn"
column, the list for its tooltip, and plain words for printed sheets.

``occurrence_markers(states, year)``  "✓ 10/03 · ✗ 10/06 · 10/09" (the window)
``occurrence_list(states, numbers)``  one line per occurrence, in words (tooltips, pickers)
``printed_occurrences(states)``       one line per occurrence, no symbols (Excel, PDF:
                                      the document fonts have no ✓/✗ glyphs)
"""

from __future__ import annotations

from typing import Mapping, Sequence

from app.core.dates import short_date
from app.core.status import OccurrenceState, OccurrenceStatus

# One mark per standing; a date without a mark is not due yet.
MARKS = {
    OccurrenceStatus.DONE_ON_TIME: "✓",
    OccurrenceStatus.DONE_LATE: "✓!",
    OccurrenceStatus.OVERDUE: "✗",
    OccurrenceStatus.IN_PROGRESS: "…",
    OccurrenceStatus.NOT_DUE: "",
    OccurrenceStatus.CANCELLED: "–",
}
LEGEND = "✓ hoàn thành đúng hạn · ✓! hoàn thành quá hạn · ✗ quá hạn · … đang thực hiện · – không thực hiện"
MAX_MARKERS = 5  # beyond this (monthly work) the met ones are counted, not listed


def _day(state: OccurrenceState, year: int | None) -> str:
    """"10/03" within the plan's year, "31/12/22" outside it (the tooltip
    spells every date in full; the column has room for eight characters)."""
    if year is None:
        return short_date(state.due)
    return state.due.strftime("%d/%m" if state.due.year == year else "%d/%m/%y")


NBSP = "\u00a0"  # a narrow column wraps between markers, never inside one


def _marker(state: OccurrenceState, year: int | None) -> str:
    mark = MARKS[state.status]
    return f"{mark}{NBSP}{_day(state, year)}" if mark else _day(state, year)


def occurrence_markers(states: Sequence[OccurrenceState], year: int | None = None) -> str:
    """"✓ 10/03 · ✗ 10/06 · 10/09"; for long lists the met ones become "✓×5",
    every missed one stays, then the next ones up to the limit and "…"."""
    if len(states) <= MAX_MARKERS:
        return " · ".join(_marker(s, year) for s in states)
    done = [s for s in states if s.is_done]
    rest = [s for s in states if not s.is_done]
    parts = [f"✓×{len(done)}"] if done else []
    shown = [s for s in rest if not s.is_open or s.is_missed]
    upcoming = [s for s in rest if s.is_open and not s.is_missed]
    room = max(1, MAX_MARKERS - len(parts) - len(shown))
    parts += [_marker(s, year) for s in shown + upcoming[:room]]
    if len(upcoming) > room:
        parts.append("…")
    return " · ".join(parts)


def occurrence_list(states: Sequence[OccurrenceState], numbers: Mapping[int, str] | None = None,
                    task_id: int | None = None) -> list[str]:
    """"10/03/2023: hoàn thành đúng hạn (ngày 05/03/2023)", one per occurrence;
    a sub-row's occurrence names the sub-row ("nhiệm vụ 3.1")."""
    lines = []
    for state in states:
        text = f"{short_date(state.due)}: {state.label}"
        if state.done_on is not None:
            text += f" (ngày {short_date(state.done_on)})"
        if numbers is not None and state.row_id is not None and state.row_id != task_id:
            number = numbers.get(state.row_id, "")
            text += f" — nhiệm vụ {number}" if number else " — hoạt động"
        lines.append(text)
    return lines


_PRINTED = {
    OccurrenceStatus.DONE_ON_TIME: "đã hoàn thành {done}",
    OccurrenceStatus.DONE_LATE: "hoàn thành muộn {done}",
    OccurrenceStatus.OVERDUE: "quá hạn",
    OccurrenceStatus.IN_PROGRESS: "đang thực hiện",
    OccurrenceStatus.NOT_DUE: "",
    OccurrenceStatus.CANCELLED: "không thực hiện",
}


def printed_occurrences(states: Sequence[OccurrenceState]) -> str:
    """"10/03/2023 – đã hoàn thành 05/03/2023", one line per occurrence."""
    lines = []
    for state in states:
        words = _PRINTED[state.status].format(done=short_date(state.done_on))
        lines.append(f"{short_date(state.due)} – {words}" if words else short_date(state.due))
    return "\n".join(lines)
