"""The matrix filter bar's logic: text without diacritics, area, unit, status,
due within N days. Parents of matching rows stay visible, and the activities
of a matching task come with it."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.model import RowKind
from app.core.status import TaskStatus
from app.core.text import fold
from app.ui.matrix.model import MatrixModel
from app.ui.qt import QSortFilterProxyModel, refilter


@dataclass(frozen=True)
class MatrixFilter:
    text: str = ""
    area_id: int | None = None
    unit: str = ""
    statuses: frozenset[TaskStatus] = field(default_factory=frozenset)
    due_within: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.text.strip() or self.area_id or self.unit.strip() or self.statuses
                    or self.due_within is not None)


class MatrixFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)
        self._filter = MatrixFilter()
        self._words: list[str] = []
        self._unit = ""

    @property
    def current_filter(self) -> MatrixFilter:
        return self._filter

    def set_filter(self, matrix_filter: MatrixFilter) -> None:
        def change():
            self._filter = matrix_filter
            self._words = fold(matrix_filter.text).split()
            self._unit = fold(matrix_filter.unit).strip()

        refilter(self, change)

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        f = self._filter
        if not f.active:
            return True
        model: MatrixModel = self.sourceModel()
        row_id = model.row_id(model.index(source_row, 0, source_parent))
        if row_id is None:
            return False
        row = model.row(row_id)
        if row.kind is RowKind.AREA:
            # Shown through its tasks; on its own only when only the text matches its title.
            only_text = not (f.area_id or self._unit or f.statuses or f.due_within is not None)
            return only_text and self._text_matches(row_id)
        if f.area_id and model.area_id_of(row_id) != f.area_id:
            return False
        if not self._text_matches(row_id):
            return False
        if self._unit and self._unit not in fold(f"{row.lead}\n{row.support}"):
            return False
        if f.statuses or f.due_within is not None:
            tracked = model.tracked(row_id)
            if tracked is None:
                return False
            if f.statuses and tracked.status.status not in f.statuses:
                return False
            if f.due_within is not None and not tracked.status.due_within(f.due_within):
                return False
        return True

    def _text_matches(self, row_id: int) -> bool:
        if not self._words:
            return True
        haystack = self.sourceModel().haystack(row_id)
        return all(word in haystack for word in self._words)
