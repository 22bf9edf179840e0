"""Every undo step of the window, in one module, pushed through one helper.

A user action is one command: one service call (one transaction) whose
returned changes go to the open plan (``OpenPlan.apply``), which tells every
tab. The work is done *before* the command is pushed (``push_command``): if
the first attempt fails (a full disk, a refused move) the user gets a
message and nothing lands on the stack. Later undo/redo failures mark the
command obsolete so the stack never lies about the data.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Callable, Sequence

from app.core.model import Column
from app.core.placement import Move
from app.core.plan_state import PlanChanges
from app.ui.qt import QUndoCommand, QUndoStack

if TYPE_CHECKING:
    from app.core.merge import Batch
    from app.core.model import ProgressEntry
    from app.services.progress import EntryEdit
    from app.services.rows import RowsInserted
    from app.ui.entry_dialog import EntryValues
    from app.ui.open_plan import OpenPlan

log = logging.getLogger(__name__)

ErrorHandler = Callable[[BaseException], None]
_error_handler: ErrorHandler | None = None


def set_error_handler(handler: ErrorHandler) -> None:
    """Where a failure during undo/redo is reported (the main window)."""
    global _error_handler
    _error_handler = handler


def push_command(stack: QUndoStack, command: "PlanCommand") -> None:
    """THE way a change is made: do the command's work, and push it if that
    worked. Errors propagate to the caller, which shows them."""
    command.do()
    stack.push(command)


class PlanCommand(QUndoCommand):
    """A change of one plan; ``do()`` has already run once when it is pushed."""

    def __init__(self, plan: OpenPlan, text: str):
        super().__init__(text)
        self.plan = plan
        self.plan_id = plan.plan_id
        self._first_redo = True

    @property
    def services(self):
        return self.plan.services

    def do(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def apply(self, changes: PlanChanges) -> None:
        # A stack is active only while its plan is open; guard anyway.
        if self.plan.plan_id == self.plan_id:
            self.plan.apply(changes)

    def redo(self) -> None:
        if self._first_redo:
            self._first_redo = False
            return
        self._guard(self.do)

    def undo(self) -> None:
        self._guard(self.revert)

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except Exception as error:  # reported, and the command leaves the stack
            self.setObsolete(True)
            if _error_handler is not None:
                _error_handler(error)
            else:
                log.exception("undo/redo failed")


# -- the appendix --------------------------------------------------------------------


class EditCellsCommand(PlanCommand):
    """Cells of one or many rows: a typed cell, a cleared selection, a fill, a pasted block."""

    def __init__(self, plan: OpenPlan, edits: dict[int, dict[str, Any]], text: str = "Sửa ô"):
        super().__init__(plan, text)
        self.edits = edits
        self.before: dict[int, dict[str, Any]] = {}

    def do(self) -> None:
        result = self.services.rows.update_cells(self.edits)
        self.before = result.before
        self.apply(result.changes)

    def revert(self) -> None:
        self.apply(self.services.rows.update_cells(self.before).changes)


class InsertRowsCommand(PlanCommand):
    """Add, insert or paste rows; undo deletes them, redo restores the same ids.
    ``written``: rows a worker thread already inserted (a large paste)."""

    def __init__(self, plan: OpenPlan, batches: Sequence[Batch], text: str, written: RowsInserted | None = None):
        super().__init__(plan, text)
        self.batches, self.written = batches, written
        self.top_ids: list[int] = []
        self.deleted = None

    def do(self) -> None:
        if self.deleted is not None:
            self.apply(self.services.rows.restore(self.deleted))
            return
        result = self.written or self.services.rows.insert_batches(self.plan_id, self.batches)
        self.written = None
        self.top_ids = result.top_ids
        self.apply(result.changes)

    def revert(self) -> None:
        self.deleted = self.services.rows.delete(self.top_ids)
        self.apply(self.deleted.changes)


class ImportRowsCommand(InsertRowsCommand):
    """Rows imported from a file into an open plan (the import ran on a worker
    thread and the plan was reloaded): undo removes them, redo restores them."""

    def __init__(self, plan: OpenPlan, top_ids: Sequence[int], text: str):
        super().__init__(plan, [], text)
        self.top_ids = list(top_ids)

    def do(self) -> None:  # only on redo: the import itself ran before the push
        if self.deleted is not None:
            self.apply(self.services.rows.restore(self.deleted))


class DeleteRowsCommand(PlanCommand):
    """Rows with everything below them (activities, progress, attachments)."""

    def __init__(self, plan: OpenPlan, row_ids: Sequence[int], text: str):
        super().__init__(plan, text)
        self.row_ids = list(row_ids)
        self.deleted = None

    def do(self) -> None:
        self.deleted = self.services.rows.delete(self.row_ids)
        self.apply(self.deleted.changes)

    def revert(self) -> None:
        self.apply(self.services.rows.restore(self.deleted))


class MoveRowsCommand(PlanCommand):
    """One or several rows taken elsewhere (up, down, indent, outdent, a drag)."""

    def __init__(self, plan: OpenPlan, moves: Sequence[Move], text: str):
        super().__init__(plan, text)
        self.moves = list(moves)
        self.back: tuple[Move, ...] = ()

    def do(self) -> None:
        result = self.services.rows.move_rows(self.moves)
        self.back = result.undo
        self.apply(result.changes)

    def revert(self) -> None:
        self.apply(self.services.rows.move_rows(self.back).changes)


# -- the document ----------------------------------------------------------------------


class PlanFieldsCommand(PlanCommand):
    """Document fields (a field of the "Kế hoạch" tab, the appendix columns)."""

    def __init__(self, plan: OpenPlan, values: dict[str, Any], text: str):
        super().__init__(plan, text)
        self.values = values
        self.old: dict[str, Any] = {}

    def do(self) -> None:
        self.old = self._write(self.values)

    def revert(self) -> None:
        self._write(self.old)

    def _write(self, values: dict[str, Any]) -> dict[str, Any]:
        old = self.services.plans.update(self.plan_id, values)
        self.apply(PlanChanges(plan=self.services.plans.get(self.plan_id)))
        return old


def columns_command(plan: OpenPlan, columns: Sequence[Column], hide_empty: bool | None = None) -> PlanFieldsCommand:
    """The appendix's columns and (when given) the plan's "leave out empty
    columns" option: one transaction, one undo step."""
    values: dict[str, Any] = {"columns": tuple(columns)}
    if hide_empty is not None:
        values["hide_empty_columns"] = hide_empty
    return PlanFieldsCommand(plan, values, "Đổi cột phụ lục")


# -- the progress log ------------------------------------------------------------------


def add_entry(services, values: EntryValues) -> ProgressEntry:
    """The service call of a new entry: its files copied first, then one
    transaction (a file that cannot be copied leaves no entry). Safe on the
    worker thread, where the window runs it when files are attached."""
    return services.progress.add(values.row_id, files=values.new_files, **values.service_values())


def edit_entry(services, entry_id: int, values: EntryValues) -> EntryEdit:
    """The service call of an entry's edit, files included (worker-thread safe)."""
    return services.progress.edit(entry_id, values.service_values(), values.new_files, values.removed_attachments)


class AddEntryCommand(PlanCommand):
    """A progress entry with its attached files: one service call, one
    transaction. ``written``: the entry a worker thread already added."""

    def __init__(self, plan: OpenPlan, values: EntryValues, written: ProgressEntry | None = None):
        super().__init__(plan, "Ghi tiến độ")
        self.values, self.written = values, written
        self.entry_id: int | None = None
        self.deleted = None

    def do(self) -> None:
        progress = self.services.progress
        if self.deleted is not None:
            progress.restore(self.deleted)
        else:
            entry = self.written or add_entry(self.services, self.values)
            self.written = None
            self.entry_id = entry.id
        self.apply(PlanChanges(entries=(progress.get(self.entry_id),)))

    def revert(self) -> None:
        self.deleted = self.services.progress.delete(self.entry_id)
        self.apply(PlanChanges(removed_entries=(self.entry_id,)))


class EditEntryCommand(PlanCommand):
    """An entry's fields and files changed: one transaction each way."""

    def __init__(self, plan: OpenPlan, entry_id: int, values: EntryValues, written: EntryEdit | None = None):
        super().__init__(plan, "Sửa mục tiến độ")
        self.entry_id, self.values = entry_id, values
        self.edit, self.written = None, written

    def do(self) -> None:
        self.edit = self.written or edit_entry(self.services, self.entry_id, self.values)
        self.written = None
        self.apply(PlanChanges(entries=(self.services.progress.get(self.entry_id),)))

    def revert(self) -> None:
        progress = self.services.progress
        progress.revert_edit(self.entry_id, self.edit)
        self.apply(PlanChanges(entries=(progress.get(self.entry_id),)))


class DeleteEntryCommand(PlanCommand):
    def __init__(self, plan: OpenPlan, entry_id: int):
        super().__init__(plan, "Xóa mục tiến độ")
        self.entry_id = entry_id
        self.deleted = None

    def do(self) -> None:
        self.deleted = self.services.progress.delete(self.entry_id)
        self.apply(PlanChanges(removed_entries=(self.entry_id,)))

    def revert(self) -> None:
        self.services.progress.restore(self.deleted)
        self.apply(PlanChanges(entries=(self.services.progress.get(self.entry_id),)))
