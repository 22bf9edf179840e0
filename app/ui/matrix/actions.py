"""The matrix's row actions: each asks the plan state where the rows go (the
placement rules live in app/core) and pushes one undo command. No widgets
here: the widget asks for confirmations and moves the selection."""

from __future__ import annotations

from typing import Sequence

from app.core.errors import InvalidInputError
from app.core.merge import Batch
from app.core.model import NewRow, RowKind
from app.core.placement import NEW_AREA_TITLE, Move, Place
from app.core.plan_state import PlanState
from app.ui.commands import (
    DeleteRowsCommand, EditCellsCommand, InsertRowsCommand, MoveRowsCommand, columns_command, push_command,
)
from app.ui.open_plan import OpenPlan

STEP_TEXT = {-1: "Chuyển lên", 1: "Chuyển xuống"}


class RowActions:
    def __init__(self, plan: OpenPlan):
        self.plan = plan

    @property
    def state(self) -> PlanState:
        if self.plan.state is None:
            raise InvalidInputError("Chưa mở kế hoạch nào.")
        return self.plan.state

    # -- adding ------------------------------------------------------------------

    def add_area(self, current: int | None) -> int:
        """A new area after the current one (or at the end)."""
        place = self.state.place_for_area(current)
        return self._insert(place, NewRow(RowKind.AREA, {"task": NEW_AREA_TITLE}), "Thêm lĩnh vực")

    def add_task(self, current: int | None) -> int:
        """A new task after the current task, or at the end of the current area."""
        return self._insert(self.state.place_for_task(current), NewRow(RowKind.TASK), "Thêm nhiệm vụ")

    def add_child(self, current: int | None, kind: RowKind) -> int:
        """An activity or numbered sub-row of the current task."""
        text = "Thêm hoạt động" if kind is RowKind.ACTIVITY else "Thêm nhiệm vụ con"
        return self._insert(self.state.place_for_child(current, kind), NewRow(kind), text)

    def insert_next_to(self, current: int, below: bool) -> int:
        """A row of the same kind just above or below the current one."""
        place, new = self.state.place_next_to(current, below)
        return self._insert(place, new, "Chèn dòng phía dưới" if below else "Chèn dòng phía trên")

    def _insert(self, place: Place, new: NewRow, text: str) -> int:
        command = InsertRowsCommand(self.plan, [(place.parent_id, place.position, [new])], text)
        push_command(self.plan.stack, command)
        return command.top_ids[0]

    def paste(self, rows: Sequence[NewRow], current: int | None) -> list[int]:
        """Rows read from the clipboard, as one undo step."""
        batches = self.paste_batches(rows, current)
        command = InsertRowsCommand(self.plan, batches, paste_text(rows))
        push_command(self.plan.stack, command)
        return command.top_ids

    def paste_batches(self, rows: Sequence[NewRow], current: int | None) -> list[Batch]:
        batches = self.state.paste_batches(rows, current)
        if not batches:
            raise InvalidInputError("Không có dòng nào để dán.")
        return batches

    def pasted_in_background(self, rows: Sequence[NewRow], batches: Sequence[Batch], written) -> list[int]:
        """A large paste the worker thread already wrote: one undo step for it."""
        command = InsertRowsCommand(self.plan, batches, paste_text(rows), written=written)
        push_command(self.plan.stack, command)
        return command.top_ids

    # -- changing ------------------------------------------------------------------

    def set_columns(self, columns, hide_empty: bool | None = None) -> None:
        push_command(self.plan.stack, columns_command(self.plan, columns, hide_empty))

    def delete(self, row_ids: Sequence[int]) -> None:
        roots = self.state.tree.top_most(row_ids)
        if not roots:
            raise InvalidInputError("Chưa chọn dòng nào để xóa.")
        push_command(self.plan.stack, DeleteRowsCommand(self.plan, roots, f"Xóa {len(roots)} dòng"))

    def renumber(self) -> bool:
        """Drop every number override: the numbering is automatic again (one step)."""
        edits = {r.id: {"number_override": None} for r in self.state.ordered_rows() if r.number_override is not None}
        if edits:
            push_command(self.plan.stack, EditCellsCommand(self.plan, edits, "Đánh số lại tự động"))
        return bool(edits)

    # -- moving ----------------------------------------------------------------------

    def indent(self, current: int) -> None:
        self._move([self.state.indent(current)], "Thụt vào")

    def outdent(self, current: int) -> None:
        self._move([self.state.outdent(current)], "Lùi ra")

    def move_by(self, current: int, step: int) -> None:
        """Up (-1) or down (+1); at the edge of an area a task goes on into the next."""
        move = self.state.move_step(current, step)
        crossing = move.parent_id != self.state.row(current).parent_id
        self._move([move], "Chuyển sang lĩnh vực khác" if crossing else STEP_TEXT[step])

    def drop(self, row_ids: Sequence[int], parent_id: int | None, position: int) -> None:
        """Rows dragged onto a new place: one undo step for them all."""
        moves = self.state.drop(row_ids, parent_id, position)
        if moves:
            self._move(moves, "Kéo thả dòng")

    def _move(self, moves: Sequence[Move], text: str) -> None:
        push_command(self.plan.stack, MoveRowsCommand(self.plan, moves, text))


def paste_text(rows: Sequence[NewRow]) -> str:
    """"Dán 10 dòng": every row pasted (areas, tasks and their activities), as
    the officer counts the lines of the table."""
    def count(items: Sequence[NewRow]) -> int:
        return sum(1 + count(r.children) for r in items)

    return f"Dán {count(rows)} dòng"
