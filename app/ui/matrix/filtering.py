"""The matrix filter: text without diacritics, area, unit, status, due within
N days — the bar the officer types into and the proxy that applies it.
Parents of matching rows stay visible, and the activities of a matching task
come with it."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.model import RowKind
from app.core.status import TASK_STATUS_LABELS, TaskStatus, is_open
from app.core.text import fold
from app.ui.qt import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSortFilterProxyModel, QSpinBox, QTimer, QWidget, Signal,
    refilter,
)

OPEN = "open"  # the status box's "Chưa hoàn thành"


@dataclass(frozen=True)
class MatrixFilter:
    text: str = ""
    area_id: int | None = None
    unit: str = ""
    statuses: frozenset[TaskStatus] = field(default_factory=frozenset)
    due_within: int | None = None
    open_only: bool = False

    @property
    def active(self) -> bool:
        return bool(self.text.strip() or self.area_id or self.unit.strip() or self.statuses
                    or self.due_within is not None or self.open_only)


class MatrixFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)
        self._filter = MatrixFilter()
        self._words: list[str] = []
        self._unit = ""

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
        model = self.sourceModel()
        state = model.state
        row_id = model.row_id(model.index(source_row, 0, source_parent))
        if row_id is None or state is None or not state.has_row(row_id):
            return False
        row = state.row(row_id)
        if row.kind is RowKind.AREA:
            # Shown through its tasks; on its own only when only the text matches its title.
            only_text = not (f.area_id or self._unit or f.statuses or f.due_within is not None or f.open_only)
            return only_text and self._text_matches(state, row_id)
        if f.area_id and state.tree.area_of(row_id) != f.area_id:
            return False
        if not self._text_matches(state, row_id):
            return False
        if self._unit and self._unit not in fold(f"{row.lead}\n{row.support}"):
            return False
        if f.statuses or f.due_within is not None or f.open_only:
            tracked = state.tracked(row_id)
            if tracked is None:
                return False
            status = tracked.status
            if f.statuses and status.status not in f.statuses:
                return False
            if f.open_only and not is_open(status.status):
                return False
            if f.due_within is not None and not status.due_within(f.due_within):  # the due-soon rule
                return False
        return True

    def _text_matches(self, state, row_id: int) -> bool:
        return all(word in state.search_text(row_id) for word in self._words)


class FilterBar(QWidget):
    """Search, area, unit, status and "due within" boxes; says when they change."""

    changed = Signal(object)  # a MatrixFilter

    def __init__(self, parent=None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tìm trong phụ lục (gõ không dấu cũng được)…"))
        self.search.setClearButtonEnabled(True)
        self.area_box = QComboBox()
        self.unit_box = QComboBox()
        self.unit_box.setEditable(True)
        self.unit_box.lineEdit().setPlaceholderText(self.tr("Mọi đơn vị"))
        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("Mọi tình trạng"), None)
        self.status_box.addItem(self.tr("Chưa hoàn thành"), OPEN)
        for status in TaskStatus:
            self.status_box.addItem(TASK_STATUS_LABELS[status], status.value)
        self.due_box = QSpinBox()
        self.due_box.setRange(0, 366)
        self.due_box.setSpecialValueText(self.tr("Hạn: mọi ngày"))
        self.due_box.setPrefix(self.tr("Hạn trong "))
        self.due_box.setSuffix(self.tr(" ngày"))
        self.clear_button = QPushButton(self.tr("Bỏ lọc"))
        for box in (self.area_box, self.unit_box, self.status_box):
            # Long area and unit names must not widen the window past a laptop's screen.
            box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(10)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Lọc:")))
        for widget, stretch in ((self.search, 3), (self.area_box, 2), (self.unit_box, 2), (self.status_box, 1),
                                (self.due_box, 0), (self.clear_button, 0)):
            layout.addWidget(widget, stretch)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(lambda: self.changed.emit(self.value()))
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.unit_box.currentTextChanged.connect(lambda _: self._timer.start())
        for box in (self.area_box, self.status_box):
            box.currentIndexChanged.connect(lambda _: self._timer.start())
        self.due_box.valueChanged.connect(lambda _: self._timer.start())
        self.clear_button.clicked.connect(self.reset)

    def value(self) -> MatrixFilter:
        status = self.status_box.currentData()
        return MatrixFilter(
            text=self.search.text(), area_id=self.area_box.currentData(), unit=self.unit_box.currentText(),
            statuses=frozenset({TaskStatus(status)}) if status and status != OPEN else frozenset(),
            due_within=self.due_box.value() or None, open_only=status == OPEN,
        )

    def _widgets(self) -> tuple:
        return self.search, self.area_box, self.unit_box, self.status_box, self.due_box

    def reset(self) -> None:
        for widget in self._widgets():
            widget.blockSignals(True)
        self.search.clear()
        self.area_box.setCurrentIndex(0)
        self.unit_box.setCurrentText("")
        self.status_box.setCurrentIndex(0)
        self.due_box.setValue(0)
        for widget in self._widgets():
            widget.blockSignals(False)
        self.changed.emit(self.value())

    def show_text(self, text: str) -> None:
        self.search.blockSignals(True)
        self.search.setText(text)
        self.search.blockSignals(False)

    def set_choices(self, areas: list[tuple[int, str]], units: list[str]) -> None:
        """Areas of the open plan and the unit directory, keeping what is chosen."""
        current = self.area_box.currentData()
        self.area_box.blockSignals(True)
        self.area_box.clear()
        self.area_box.addItem(self.tr("Mọi lĩnh vực"), None)
        for row_id, label in areas:
            self.area_box.addItem(label, row_id)
        self.area_box.setCurrentIndex(max(0, self.area_box.findData(current)))
        self.area_box.blockSignals(False)
        text = self.unit_box.currentText()
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        self.unit_box.addItems(["", *units])
        self.unit_box.setCurrentText(text)
        self.unit_box.blockSignals(False)
