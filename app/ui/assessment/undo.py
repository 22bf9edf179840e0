"""Undo steps of the self-assessment screen: each edit is one service call
that returns what it replaced, and undoing it puts that back.

The change is made before the step is pushed, so a refused change (a score
above the maximum) shows its message and leaves no step behind."""

from __future__ import annotations

from typing import Any, Callable

from app.ui.errors import show_error
from app.ui.qt import QUndoCommand, QUndoStack


class ChangeCommand(QUndoCommand):
    """``do()`` makes the change and returns what undo needs; ``undo(back)``
    restores it; ``after()`` refreshes the screen."""

    def __init__(self, text: str, do: Callable[[], Any], undo: Callable[[Any], None], after: Callable[[], None],
                 done: Any):
        super().__init__(text)
        self._do, self._undo, self._after = do, undo, after
        self._back = done
        self._first = True

    def redo(self) -> None:
        if self._first:  # made already by apply()
            self._first = False
        else:
            self._back = self._do()
        self._after()

    def undo(self) -> None:
        self._undo(self._back)
        self._after()


def apply(parent, stack: QUndoStack, text: str, do: Callable[[], Any], undo: Callable[[Any], None],
          after: Callable[[], None]) -> bool:
    """Make a change as one undo step; False (and a message) when refused."""
    try:
        back = do()
    except Exception as error:
        show_error(parent, error)
        after()
        return False
    try:
        stack.push(ChangeCommand(text, do, undo, after, back))
    except Exception as error:  # the screen could not refresh: the change itself is saved
        show_error(parent, error)
    return True
