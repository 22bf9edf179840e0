"""The state of one open plan: what the window shows and edits.

``PlanState`` holds the plan's document, its rows (a ``RowTree``), their
printed numbers, the progress log and the statuses computed from it. It
reads nothing itself: the services write each user action in one
transaction and return a ``PlanChanges``; ``apply`` folds that in and says
what moved (``StateUpdate``), so every view knows whether to repaint a row,
re-lay the tree or refresh the statuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Iterable, Sequence

from app.core import placement
from app.core.merge import Batch
from app.core.model import NewRow, PlanDoc, ProgressEntry, RowData, RowKind
from app.core.overview import Overview, plan_overview
from app.core.periods import Period, WindowRule
from app.core.placement import Move, Place
from app.core.status import TaskStatus
from app.core.text import fold
from app.core.tracking import PlanTracking, TrackedTask, track_plan
from app.core.tree import RowTree, numbers_for

# Edits of these fields change what the tracking computes.
_TRACKED_FIELDS = frozenset({"timeframe", "due_override"})


@dataclass(frozen=True)
class PlanChanges:
    """What one user action wrote, as the services return it."""

    rows: tuple[RowData, ...] = ()            # new rows, and rows whose data or place changed
    removed_rows: tuple[int, ...] = ()        # rows deleted (with everything below them)
    entries: tuple[ProgressEntry, ...] = ()   # progress entries added or changed
    removed_entries: tuple[int, ...] = ()
    plan: PlanDoc | None = None               # the document, when its fields or columns changed

    def __add__(self, other: "PlanChanges") -> "PlanChanges":
        """Two changes made one after the other, as one."""
        return PlanChanges(
            self.rows + other.rows, self.removed_rows + other.removed_rows,
            self.entries + other.entries, self.removed_entries + other.removed_entries,
            other.plan or self.plan,
        )

    @property
    def empty(self) -> bool:
        return not (self.rows or self.removed_rows or self.entries or self.removed_entries or self.plan)


@dataclass(frozen=True)
class StateUpdate:
    """What changed in the state: the views' one "plan changed" message."""

    changes: PlanChanges = field(default_factory=PlanChanges)
    row_ids: frozenset[int] = frozenset()  # rows whose own cells changed
    structure: bool = False                # rows added, removed or moved: indexes shift
    numbers: bool = False                  # printed numbers may have changed anywhere
    tracking: bool = False                 # statuses and due dates were recomputed
    entries: bool = False                  # the progress log changed
    document: bool = False                 # document fields or columns changed
    reset: bool = False                    # another plan (or none) is open now


@dataclass(frozen=True)
class StatusSummary:
    """Tasks per status, for the status bar."""

    counts: dict[TaskStatus, int]
    total: int


class PlanState:
    def __init__(
        self,
        plan: PlanDoc,
        rows: Iterable[RowData] | RowTree,
        entries: Iterable[ProgressEntry],
        *,
        as_of: date | None = None,
        rule: WindowRule = WindowRule(),
        report_days: dict[Period, int] | None = None,
    ):
        """``rule`` and ``report_days`` are the officer's settings, passed in
        so that nothing here reads the database."""
        self.plan = plan
        self.tree = rows if isinstance(rows, RowTree) else RowTree(rows)
        self.entries: list[ProgressEntry] = sorted(entries, key=_entry_order)
        # A past year's plan is judged as of its last day, not today.
        self.as_of = as_of or min(date.today(), date(plan.year, 12, 31))
        self.rule = rule
        self.report_days = dict(report_days or {})
        self.numbers: dict[int, str] = {}
        self.tracking: PlanTracking | None = None
        self._search: dict[int, str] = {}
        self._renumber()
        self._retrack()

    # -- the tracking --------------------------------------------------------------

    def track(self, as_of: date | None = None, window: tuple[date, date] | None = None) -> PlanTracking:
        """Status of every task, by the core's one tracking function: the only
        place the state computes statuses (the matrix and the overview both
        come through here). ``window``: the report period judged (by default
        the one holding ``as_of``)."""
        window_start, window_end = window if window else (None, None)
        return track_plan(self.plan.year, self.tree.preorder(), self.entries, as_of or self.as_of,
                          window_start, self.rule, window_end=window_end, start=self.plan.start)

    def overview(self, today: date | None = None) -> Overview:
        """The "Tổng quan" tab: the report period's figures and lists, as of
        the same day the matrix judges the plan (unless ``today`` is given)."""
        return plan_overview(self.plan.year, self.track, today or self.as_of, self.rule, self.report_days,
                             self.plan.start)

    def _retrack(self) -> None:
        self.tracking = self.track()

    def _renumber(self) -> None:
        self.numbers = numbers_for(self.tree.preorder())

    def set_as_of(self, as_of: date) -> StateUpdate:
        self.as_of = as_of
        self._retrack()
        return StateUpdate(tracking=True)

    # -- queries -------------------------------------------------------------------

    @property
    def plan_id(self) -> int:
        return self.plan.id

    def row(self, row_id: int) -> RowData:
        return self.tree.row(row_id)

    def has_row(self, row_id: int) -> bool:
        return row_id in self.tree

    def ordered_rows(self) -> list[RowData]:
        return self.tree.preorder()

    def number(self, row_id: int) -> str:
        return self.numbers.get(row_id, "")

    def tracked(self, row_id: int) -> TrackedTask | None:
        """The tracking of the task a row belongs to."""
        task_id = self.tree.task_of(row_id)
        if task_id is None or self.tracking is None:
            return None
        return self.tracking.tasks.get(task_id)

    def has_progress(self, row_id: int) -> bool:
        """Does the row, or a row below it, have progress entries?"""
        ids = set(self.tree.subtree(row_id))
        return any(e.row_id in ids for e in self.entries)

    def summary(self) -> StatusSummary:
        counts: dict[TaskStatus, int] = {}
        for task in (self.tracking.tasks.values() if self.tracking else ()):
            counts[task.status.status] = counts.get(task.status.status, 0) + 1
        return StatusSummary(counts, sum(counts.values()))

    def search_text(self, row_id: int) -> str:
        """Every text of the row and its number, folded, for diacritic-free search."""
        text = self._search.get(row_id)
        if text is None:
            row = self.tree.row(row_id)
            parts = [self.number(row_id), row.objective, row.task, row.activity, row.form, row.output,
                     row.lead, row.support, row.timeframe, row.budget, row.note]
            text = self._search[row_id] = fold("\n".join(parts))
        return text

    def task_label(self, row_id: int, length: int = 90) -> str:
        """"3. Rà soát văn bản…": a row as the log and the entry dialog name it."""
        number, text = self.entry_row_label(row_id)
        return f"{number or '–'}. {text.replace(chr(10), ' ')[:length]}"

    def entry_row_label(self, row_id: int) -> tuple[str, str]:
        """Number and text of the row an entry is logged on; an activity
        (unnumbered) shows under its task's number."""
        row = self.tree.get(row_id)
        if row is None:
            return "", ""
        if row.kind is RowKind.ACTIVITY:
            task_id = self.tree.task_of(row_id)
            return (self.number(task_id) if task_id else ""), f"– {row.activity}"
        return self.number(row_id), row.task or row.objective or row.activity

    def loggable_rows(self) -> list[int]:
        """Rows a progress entry may be logged on: every task and numbered
        sub-row, and the activities with a deadline (or a log) of their own."""
        sub_rows = self.tracking.sub_rows if self.tracking else {}
        logged = {e.row_id for e in self.entries}  # an entry's own row stays choosable
        return [r.id for r in self.tree.preorder()
                if r.kind in (RowKind.TASK, RowKind.SUBTASK)
                or (r.kind is RowKind.ACTIVITY and (r.id in sub_rows or r.id in logged))]

    def occurrences_for(self, row_id: int):
        """The occurrences an entry logged on ``row_id`` may answer."""
        return self.tracking.occurrences_for(row_id) if self.tracking else ()

    def tasks(self) -> list[int]:
        return self.tree.of_kind(RowKind.TASK)

    # -- placement (the rules live in app.core.placement) ----------------------------

    def place_for_area(self, current: int | None) -> Place:
        return placement.place_for_area(self.tree, current)

    def place_for_task(self, current: int | None) -> Place:
        return placement.place_for_task(self.tree, current)

    def place_for_child(self, current: int | None, kind: RowKind) -> Place:
        return placement.place_for_child(self.tree, current, kind)

    def place_next_to(self, current: int, below: bool) -> tuple[Place, NewRow]:
        return placement.place_next_to(self.tree, current, below)

    def paste_batches(self, rows: Sequence[NewRow], current: int | None) -> list[Batch]:
        return placement.paste_batches(self.tree, rows, current)

    def indent(self, row_id: int) -> Move:
        """A task becomes an activity of the task above (a numbered sub-row
        when the plan's appendix has no "Hoạt động" column)."""
        shown = {c.field for c in self.plan.columns}
        as_kind = RowKind.ACTIVITY if "activity" in shown or not self.plan.columns else RowKind.SUBTASK
        return placement.indent(self.tree, row_id, as_kind)

    def outdent(self, row_id: int) -> Move:
        return placement.outdent(self.tree, row_id)

    def move_step(self, row_id: int, step: int) -> Move:
        return placement.move_step(self.tree, row_id, step)

    def move_to_area(self, row_id: int, area_id: int) -> Move:
        return placement.move_to_area(self.tree, row_id, area_id)

    def drop(self, row_ids: Sequence[int], parent_id: int | None, position: int) -> list[Move]:
        return placement.drop(self.tree, row_ids, parent_id, position)

    # -- changes ---------------------------------------------------------------------

    def apply(self, changes: PlanChanges) -> StateUpdate:
        """Fold in what a service wrote; returns what the views must refresh."""
        old_rows = {r.id: self.tree.get(r.id) for r in changes.rows}
        structure = self.tree.update(changes.rows, changes.removed_rows)
        for row_id in (*old_rows, *changes.removed_rows):
            self._search.pop(row_id, None)
        edited = _edited_fields(old_rows, changes.rows)
        numbers = structure or "number_override" in edited
        entries = bool(changes.entries or changes.removed_entries)
        if entries:
            self._apply_entries(changes.entries, changes.removed_entries)
        if structure and changes.removed_rows:
            # Entries of deleted rows went with them (the database cascades).
            self.entries = [e for e in self.entries if e.row_id in self.tree]
        document = changes.plan is not None
        # A mid-year plan's new start date moves its occurrences and periods.
        start_moved = document and changes.plan.start != self.plan.start
        if document:
            self.plan = changes.plan
        if numbers:
            self._renumber()
            self._search.clear()
        tracking = structure or entries or start_moved or bool(edited & _TRACKED_FIELDS)
        if tracking:
            self._retrack()
        return StateUpdate(changes, frozenset(r.id for r in changes.rows), structure, numbers, tracking,
                           entries, document)

    def _apply_entries(self, changed: Sequence[ProgressEntry], removed: Sequence[int]) -> None:
        by_id = {e.id: e for e in self.entries}
        for entry_id in removed:
            by_id.pop(entry_id, None)
        for entry in changed:
            by_id[entry.id] = entry
        self.entries = sorted(by_id.values(), key=_entry_order)


def _entry_order(entry: ProgressEntry) -> tuple:
    return (entry.date, entry.id)


def _edited_fields(old_rows: dict[int, RowData | None], new_rows: Sequence[RowData]) -> set[str]:
    """Names of the fields that differ between the old and new data of rows."""
    names: set[str] = set()
    for row in new_rows:
        old = old_rows.get(row.id)
        if old is None:
            continue
        for f in fields(RowData):
            if f.name not in names and getattr(old, f.name) != getattr(row, f.name):
                names.add(f.name)
    return names
