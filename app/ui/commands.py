"""Undo commands. Every change the user makes is one of these, pushed onto the
plan's undo stack from one place (``push_command``).

The work is done *before* the command is pushed: if the first attempt fails
(a full disk, a refused move) the user gets a message and nothing lands on
the stack. Later undo/redo failures mark the command obsolete so the stack
never lies about the data.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Sequence

from app.core.model import Column, NewRow, RowKind
from app.ui.qt import QUndoCommand, QUndoStack

log = logging.getLogger(__name__)

ErrorHandler = Callable[[BaseException], None]
_error_handler: ErrorHandler | None = None


def set_error_handler(handler: ErrorHandler) -> None:
    """Where a failure during undo/redo is reported (the main window)."""
    global _error_handler
    _error_handler = handler


class ServiceCommand(QUndoCommand):
    """A command whose ``do()`` already ran once when it is pushed."""

    def __init__(self, text: str):
        super().__init__(text)
        self._first_redo = True

    def do(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

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


def push_command(stack: QUndoStack, command: ServiceCommand) -> bool:
    """Do the command's work; push it if that worked. Errors propagate to the
    caller, which shows them."""
    command.do()
    stack.push(command)
    return True


class EditRowCommand(ServiceCommand):
    def __init__(self, model, row_id: int, changes: dict[str, Any], text: str = "Sửa ô"):
        super().__init__(text)
        self.model, self.row_id, self.changes = model, row_id, changes
        self.old: dict[str, Any] = {}

    def do(self) -> None:
        self.old = self.model.apply_update(self.row_id, self.changes)

    def revert(self) -> None:
        self.model.apply_update(self.row_id, self.old)


class InsertRowsCommand(ServiceCommand):
    """Add, insert or paste rows; undo deletes them, redo restores the same ids."""

    def __init__(self, model, batches: Sequence[tuple[int | None, int | None, Sequence[NewRow]]], text: str):
        super().__init__(text)
        self.model, self.batches = model, batches
        self.top_ids: list[int] = []
        self.deleted = None

    def do(self) -> None:
        if self.deleted is None:
            self.top_ids = self.model.apply_insert_batches(self.batches)
        else:
            self.model.apply_restore(self.deleted)

    def revert(self) -> None:
        self.deleted = self.model.apply_delete(self.top_ids)


class DeleteRowsCommand(ServiceCommand):
    def __init__(self, model, row_ids: Sequence[int], text: str = "Xóa dòng"):
        super().__init__(text)
        self.model, self.row_ids = model, list(row_ids)
        self.deleted = None

    def do(self) -> None:
        self.deleted = self.model.apply_delete(self.row_ids)

    def revert(self) -> None:
        self.model.apply_restore(self.deleted)


class MoveRowCommand(ServiceCommand):
    def __init__(self, model, row_id: int, parent_id: int | None, position: int,
                 kind: RowKind | None = None, text: str = "Chuyển dòng"):
        super().__init__(text)
        self.model, self.row_id = model, row_id
        self.target = (parent_id, position, kind)
        self.undo_info = None

    def do(self) -> None:
        self.undo_info = self.model.apply_move(self.row_id, *self.target)

    def revert(self) -> None:
        u = self.undo_info
        self.model.apply_move(u.row_id, u.parent_id, u.position, u.kind)


class ColumnsCommand(ServiceCommand):
    def __init__(self, model, columns: Sequence[Column], hide_empty: bool | None = None,
                 text: str = "Đổi cột phụ lục"):
        super().__init__(text)
        self.model, self.columns, self.hide_empty = model, tuple(columns), hide_empty
        self.old: tuple[tuple[Column, ...], bool | None] = ((), None)

    def do(self) -> None:
        self.old = self.model.apply_columns(self.columns, self.hide_empty)

    def revert(self) -> None:
        self.model.apply_columns(*self.old)


class CallbackCommand(ServiceCommand):
    """A change described by two callables (plan fields, log entries)."""

    def __init__(self, text: str, do: Callable[[], Any], revert: Callable[[Any], None]):
        super().__init__(text)
        self._do, self._revert = do, revert
        self.result: Any = None

    def do(self) -> None:
        self.result = self._do()

    def revert(self) -> None:
        self._revert(self.result)
