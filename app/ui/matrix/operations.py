"""What the matrix's commands do to the tree: where a new row goes, what
indent and outdent mean, how a paste lands. No widgets here: the widget asks
(confirmations, selection) and these push undo commands."""

from __future__ import annotations

from typing import Sequence

from app.core.errors import InvalidInputError
from app.core.model import NewRow, RowKind
from app.core.merge import Batch, area_key, merge_batches
from app.ui.commands import (
    ColumnsCommand, DeleteRowsCommand, EditRowCommand, InsertRowsCommand, MoveRowCommand, push_command,
)
from app.ui.matrix.model import MatrixModel
from app.ui.qt import QUndoStack

NEW_AREA_TITLE = "LĨNH VỰC MỚI"


class MatrixOperations:
    def __init__(self, model: MatrixModel, stack: QUndoStack):
        self.model = model
        self.stack = stack

    # -- adding ------------------------------------------------------------

    def add_area(self, current: int | None) -> int:
        """A new area after the current one (or at the end)."""
        position = None
        if current is not None:
            area = self.model.area_id_of(current)
            if area is not None:
                position = self.model.children_of(None).index(area) + 1
        return self._insert([(None, position, [NewRow(RowKind.AREA, {"task": NEW_AREA_TITLE})])], "Thêm lĩnh vực")

    def add_task(self, current: int | None) -> int:
        """A new task after the current task, or at the end of the current area."""
        parent, position = self._task_place(current)
        return self._insert([(parent, position, [NewRow(RowKind.TASK)])], "Thêm nhiệm vụ")

    def _task_place(self, current: int | None) -> tuple[int | None, int | None]:
        model = self.model
        if current is None:
            areas = [r for r in model.children_of(None) if model.row(r).kind is RowKind.AREA]
            return (areas[-1], None) if areas else (None, None)
        row = model.row(current)
        if row.kind is RowKind.AREA:
            return row.id, None
        task = model.row(model.task_id_of(current))
        return task.parent_id, model.children_of(task.parent_id).index(task.id) + 1

    def add_child(self, current: int | None, kind: RowKind) -> int:
        """An activity or numbered sub-row of the current task."""
        task_id = self.model.task_id_of(current) if current is not None else None
        if task_id is None:
            raise InvalidInputError("Hãy chọn một nhiệm vụ trước khi thêm hoạt động hoặc nhiệm vụ con.")
        position = None
        row = self.model.row(current)
        if row.kind is kind and row.parent_id == task_id:
            position = self.model.children_of(task_id).index(current) + 1
        text = "Thêm hoạt động" if kind is RowKind.ACTIVITY else "Thêm nhiệm vụ con"
        return self._insert([(task_id, position, [NewRow(kind)])], text)

    def insert_next_to(self, current: int, below: bool) -> int:
        """A row of the same kind just above or below the current one."""
        row = self.model.row(current)
        position = self.model.children_of(row.parent_id).index(current) + (1 if below else 0)
        texts = {"task": NEW_AREA_TITLE} if row.kind is RowKind.AREA else {}
        text = "Chèn dòng phía dưới" if below else "Chèn dòng phía trên"
        return self._insert([(row.parent_id, position, [NewRow(row.kind, texts)])], text)

    def _insert(self, batches: list[Batch], text: str) -> int:
        command = InsertRowsCommand(self.model, batches, text)
        push_command(self.stack, command)
        return command.top_ids[0]

    # -- editing -----------------------------------------------------------

    def edit(self, row_id: int, changes: dict) -> None:
        push_command(self.stack, EditRowCommand(self.model, row_id, changes))

    def set_columns(self, columns, hide_empty: bool | None = None) -> None:
        """The columns and (when given) the plan's "leave out empty columns" option: one undo step."""
        push_command(self.stack, ColumnsCommand(self.model, columns, hide_empty))

    def delete(self, row_ids: Sequence[int]) -> None:
        if not row_ids:
            raise InvalidInputError("Chưa chọn dòng nào để xóa.")
        push_command(self.stack, DeleteRowsCommand(self.model, row_ids, f"Xóa {len(row_ids)} dòng"))

    # -- moving ------------------------------------------------------------

    def indent(self, current: int) -> None:
        """A task becomes an activity of the task above it."""
        model = self.model
        row = model.row(current)
        if row.kind is not RowKind.TASK:
            raise InvalidInputError("Chỉ thụt vào được một nhiệm vụ (để thành hoạt động của nhiệm vụ phía trên).")
        siblings = model.children_of(row.parent_id)
        index = siblings.index(current)
        above = [s for s in siblings[:index] if model.row(s).kind is RowKind.TASK]
        if not above:
            raise InvalidInputError("Không có nhiệm vụ nào phía trên để thụt vào.")
        target = above[-1]
        kind = RowKind.ACTIVITY if model.column_of("activity") >= 0 else RowKind.SUBTASK
        self._move(current, target, len(model.children_of(target)), kind, "Thụt vào")

    def outdent(self, current: int) -> None:
        """An activity or sub-row becomes a task right after its task."""
        model = self.model
        row = model.row(current)
        if row.kind not in (RowKind.ACTIVITY, RowKind.SUBTASK):
            raise InvalidInputError("Chỉ lùi ra được một hoạt động hoặc nhiệm vụ con.")
        task = model.row(row.parent_id)
        position = model.children_of(task.parent_id).index(task.id) + 1
        self._move(current, task.parent_id, position, RowKind.TASK, "Lùi ra")

    def move_by(self, current: int, step: int) -> None:
        """Up (-1) or down (+1) among its siblings; a task at the edge of its
        area moves on into the neighbouring area."""
        model = self.model
        row = model.row(current)
        siblings = model.children_of(row.parent_id)
        index = siblings.index(current)
        target = index + step
        if 0 <= target < len(siblings):
            self._move(current, row.parent_id, target, None, "Chuyển lên" if step < 0 else "Chuyển xuống")
            return
        if row.kind is RowKind.TASK and row.parent_id is not None:
            areas = model.children_of(None)
            neighbour = areas.index(row.parent_id) + step
            if 0 <= neighbour < len(areas) and model.row(areas[neighbour]).kind is RowKind.AREA:
                area = areas[neighbour]
                position = len(model.children_of(area)) if step < 0 else 0
                self._move(current, area, position, None, "Chuyển sang lĩnh vực khác")
                return
        raise InvalidInputError("Dòng đã ở vị trí đầu/cuối.")

    def drop(self, row_ids: Sequence[int], parent_id: int | None, position: int) -> None:
        """Rows dragged onto a new place; their kind follows the new parent."""
        model = self.model
        parent_kind = model.row(parent_id).kind if parent_id is not None else None
        rows = [model.row(r) for r in row_ids if model.has_row(r)]
        rows = [r for r in rows if not any(self._is_ancestor(o.id, r.id) for o in rows if o.id != r.id)]
        if not rows:
            return
        self.stack.beginMacro("Kéo thả dòng")
        try:
            for offset, row in enumerate(rows):
                kind = _kind_under(row.kind, parent_kind)
                target = position + offset
                if row.parent_id == parent_id and model.children_of(parent_id).index(row.id) < target:
                    target -= 1  # the row leaves its old place first
                self._move(row.id, parent_id, target, kind, "Kéo thả dòng")
        finally:
            self.stack.endMacro()

    def _is_ancestor(self, ancestor: int, row_id: int) -> bool:
        current = self.model.row(row_id)
        while current.parent_id is not None:
            if current.parent_id == ancestor:
                return True
            current = self.model.row(current.parent_id)
        return False

    def _move(self, row_id: int, parent_id: int | None, position: int, kind: RowKind | None, text: str) -> None:
        push_command(self.stack, MoveRowCommand(self.model, row_id, parent_id, position, kind, text))

    # -- pasting -----------------------------------------------------------

    def paste_batches(self, rows: Sequence[NewRow], current: int | None) -> list[Batch]:
        """Where pasted rows go: areas join the area of the same title (or are
        added at the end); loose tasks go after the current task."""
        model = self.model
        existing = {area_key(model.row(a).task): a for a in model.children_of(None)
                    if model.row(a).kind is RowKind.AREA}
        parent, position = self._task_place(current)
        return merge_batches(rows, existing, parent, position)

    def paste(self, rows: Sequence[NewRow], current: int | None) -> list[int]:
        batches = self.paste_batches(rows, current)
        if not batches:
            raise InvalidInputError("Không có dòng nào để dán.")
        command = InsertRowsCommand(self.model, batches, f"Dán {sum(len(b[2]) for b in batches)} dòng")
        push_command(self.stack, command)
        return command.top_ids


def _kind_under(kind: RowKind, parent_kind: RowKind | None) -> RowKind | None:
    """The kind a dragged row takes under its new parent (None: unchanged)."""
    if kind is RowKind.AREA:
        if parent_kind is not None:
            raise InvalidInputError("Lĩnh vực chỉ đặt được ở cấp cao nhất.")
        return None
    if parent_kind is RowKind.TASK:
        return RowKind.ACTIVITY if kind is RowKind.TASK else None
    if kind in (RowKind.ACTIVITY, RowKind.SUBTASK):
        return RowKind.TASK
    return None
