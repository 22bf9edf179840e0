"""The import preview: what a file (or a paste with no header) holds, how
its columns map to fields, which rows to take, the document's own fields,
and where it all goes — shown before anything is written."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.core.merge import count_rows, ward_level_only
from app.core.model import NewRow, RowKind
from app.core.presets import FIELD_LABELS, KIND_LABELS, PLAN_PRESETS
from app.io.importers import ImportSource, lost_text, preview_rows, remap
from app.io.table_header import SKIP
from app.ui.dialogs import ok_cancel_buttons
from app.ui.import_document_view import DocumentFieldsView
from app.ui.qt import (
    QButtonGroup, QCheckBox, QComboBox, QDialog, QGridLayout, QGroupBox, QLabel, QMessageBox, QRadioButton,
    QSpinBox, QSplitter, Qt, QTabWidget, QtWidgets, QVBoxLayout,
)
from app.ui.screen import fit_to_screen

if TYPE_CHECKING:  # the window opens before SQLAlchemy is imported
    from app.services import Services

MAPPING_CHOICES = [(None, "(vào Ghi chú)"), (SKIP, "(không nhập)")] + [
    (name, label) for name, label in FIELD_LABELS.items() if name not in ("due", "status")
]


def column_label(source: ImportSource, index: int, header: str) -> str:
    """A column as the officer recognises it: its header, or — when the
    table had none — its number and its first cell."""
    if header.strip():
        return " ".join(header.split())
    from app.io.cell_text import cell_to_text

    cells = (cell_to_text(row[index]) for row in source.grid.cells if index < len(row))
    sample = " ".join(next((text for text in cells if text), "").split())
    return f"Cột {index + 1}: «{sample[:40]}{'…' if len(sample) > 40 else ''}»" if sample else f"Cột {index + 1}"


class ImportDialog(QDialog):
    """What the file holds, how its columns map, which rows to take, where.
    For a paste into the matrix (``paste=True``) only the columns and rows:
    the rows go where the officer pasted them."""

    def __init__(self, source: ImportSource, services: Services | None, current_plan_id: int | None,
                 parent=None, paste: bool = False):
        super().__init__(parent)
        self.paste = paste
        self.setWindowTitle(self.tr("Dán vào phụ lục — kiểm tra các cột") if paste
                            else self.tr("Nhập phụ lục — %s") % source.path.name)
        fit_to_screen(self, 1100, 700)
        self.source = source
        self.services = services
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.RichText)
        self._build_mapping_and_rows()
        self.take_document = QCheckBox(self.tr("Lấy cả các trường văn bản (số, ngày, trích yếu, căn cứ, "
                                               "người ký…) cho kế hoạch mới"))
        has_document = not paste and not source.document.empty
        self.take_document.setChecked(has_document)
        self.take_document.setVisible(has_document)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table_page, self.tr("Bảng phụ lục"))
        if has_document:
            self.document_view = DocumentFieldsView(source.document)
            self.tabs.addTab(self.document_view, self.tr("Các trường văn bản"))
        self.tabs.tabBar().setVisible(self.tabs.count() > 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.take_document)
        if not paste:
            self._build_target(current_plan_id)
            layout.addWidget(self.target_box)
        layout.addWidget(ok_cancel_buttons(self, self.tr("Dán") if paste else self.tr("Nhập"), self._accept))
        self._fill_mapping()
        self._fill_rows()

    def _build_mapping_and_rows(self) -> None:
        self.mapping = QtWidgets.QTableWidget(0, 2)
        self.mapping.setHorizontalHeaderLabels([self.tr("Cột trong tệp"), self.tr("Nhập vào")])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.mapping.setColumnWidth(0, 175)
        self.mapping.verticalHeader().setVisible(False)
        self.rows = QtWidgets.QTreeWidget()
        self.rows.setHeaderLabels([self.tr("TT"), self.tr("Nội dung"), self.tr("Chủ trì"), self.tr("Phối hợp"),
                                   self.tr("Thời gian")])
        for column, width in enumerate((92, 255, 110, 110)):
            self.rows.setColumnWidth(column, width)
        self.rows.setIndentation(14)
        self.rows.setWordWrap(True)
        self.ward_only = QCheckBox(self.tr("Chỉ giữ nhiệm vụ có phường, xã tham gia (chủ trì hoặc phối hợp)"))
        self.ward_only.toggled.connect(self._fill_rows)
        splitter = QSplitter(Qt.Horizontal)
        left = QGroupBox(self.tr("Ánh xạ cột"))
        QVBoxLayout(left).addWidget(self.mapping)
        right = QGroupBox(self.tr("Các dòng tìm thấy (bỏ chọn để không nhập)"))
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.ward_only)
        right_layout.addWidget(self.rows)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 680])
        self.table_page = splitter

    def _build_target(self, current_plan_id: int | None) -> None:
        self.target_box = QGroupBox(self.tr("Nhập vào"))
        self.new_plan = QRadioButton(self.tr("Kế hoạch mới, năm"))
        self.existing_plan = QRadioButton(self.tr("Kế hoạch đã có (nhiệm vụ vào lĩnh vực cùng tên):"))
        group = QButtonGroup(self)
        group.addButton(self.new_plan)
        group.addButton(self.existing_plan)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.source.year or self.source.document.issue_year or date.today().year)
        self.kind = QComboBox()
        for kind in PLAN_PRESETS:
            self.kind.addItem(KIND_LABELS[kind], kind)
        detected = self.kind.findData(self.source.plan_kind)
        self.kind.setCurrentIndex(max(0, detected))
        self.plan_box = QComboBox()
        for plan in self.services.plans.list():
            self.plan_box.addItem(f"{plan.year} · {plan.title}", plan.id)
        if current_plan_id is not None:
            self.plan_box.setCurrentIndex(max(0, self.plan_box.findData(current_plan_id)))
        self.area_label = QLabel(self.tr("Các nhiệm vụ không thuộc lĩnh vực nào vào lĩnh vực:"))
        self.area_box = QComboBox()
        self.existing_plan.setEnabled(self.plan_box.count() > 0)
        self.new_plan.setChecked(True)
        grid = QGridLayout(self.target_box)
        grid.addWidget(self.new_plan, 0, 0)
        grid.addWidget(self.year, 0, 1)
        grid.addWidget(QLabel(self.tr("loại")), 0, 2)
        grid.addWidget(self.kind, 0, 3, 1, 2)
        grid.addWidget(self.existing_plan, 1, 0)
        grid.addWidget(self.plan_box, 1, 1, 1, 4)
        grid.addWidget(self.area_label, 2, 0, 1, 2, Qt.AlignRight)
        grid.addWidget(self.area_box, 2, 2, 1, 3)
        grid.setColumnStretch(4, 1)
        self.existing_plan.toggled.connect(self._target_changed)
        self.plan_box.currentIndexChanged.connect(self._target_changed)
        self._target_changed()

    def _target_changed(self) -> None:
        """The area question, only when it matters: rows outside any area
        going into a plan that has areas."""
        existing = self.existing_plan.isChecked()
        self.take_document.setEnabled(not existing)  # the document's fields go to a new plan only
        self.year.setEnabled(not existing)
        self.kind.setEnabled(not existing)
        self.plan_box.setEnabled(existing)
        areas = self.services.imports.areas_of(self.plan_box.currentData()) \
            if existing and self.plan_box.currentData() is not None else []
        loose = any(r.kind is not RowKind.AREA for r in self.source.rows)
        self.area_box.clear()
        if areas and loose:
            self.area_box.addItem(self.tr("— chọn lĩnh vực —"), None)
            for area_id, title in areas:
                self.area_box.addItem(title, area_id)
        self.area_label.setVisible(bool(areas and loose))
        self.area_box.setVisible(bool(areas and loose))

    # -- mapping ---------------------------------------------------------------

    def _fill_mapping(self) -> None:
        table = self.source.table
        if table is None:
            return
        self.mapping.setRowCount(0)
        for index, (header, name) in enumerate(zip(table.headers, table.mapping)):
            if not header.strip() and name is None and not self.source.columns_guessed:
                continue
            row = self.mapping.rowCount()
            self.mapping.insertRow(row)
            item = QtWidgets.QTableWidgetItem(column_label(self.source, index, header))
            item.setFlags(Qt.ItemIsEnabled)
            item.setToolTip(item.text())
            self.mapping.setItem(row, 0, item)
            box = QComboBox()
            for value, label in MAPPING_CHOICES:
                box.addItem(label, value)
            box.setCurrentIndex(max(0, box.findData(name)))
            box.currentIndexChanged.connect(self._mapping_changed)
            self.mapping.setCellWidget(row, 1, box)

    def current_mapping(self) -> list[str | None]:
        table = self.source.table
        boxes = iter(self.mapping.cellWidget(r, 1) for r in range(self.mapping.rowCount()))
        mapping = []
        for header, name in zip(table.headers, table.mapping):
            if not header.strip() and name is None and not self.source.columns_guessed:
                mapping.append(None)
            else:
                mapping.append(next(boxes).currentData())
        return mapping

    def set_column(self, index: int, name: str | None) -> None:
        """Map the file's column ``index`` to ``name`` (as the officer would)."""
        shown = [i for i, (h, n) in enumerate(zip(self.source.table.headers, self.source.table.mapping))
                 if h.strip() or n is not None or self.source.columns_guessed]
        box = self.mapping.cellWidget(shown.index(index), 1)
        box.setCurrentIndex(box.findData(name))

    def _mapping_changed(self) -> None:
        from app.ui.errors import show_error

        try:
            self.source = remap(self.source, self.current_mapping())
        except Exception as error:
            show_error(self, error)
            return
        self._fill_rows()

    # -- rows ------------------------------------------------------------------

    def _candidate_rows(self) -> list[NewRow]:
        rows = list(self.source.rows)
        return ward_level_only(rows) if self.ward_only.isChecked() else rows

    def _fill_rows(self) -> None:
        self.rows.clear()
        self._items: list[tuple[QtWidgets.QTreeWidgetItem, NewRow]] = []
        rows = self._candidate_rows()
        shown = iter(preview_rows(rows))

        def add(parent, row: NewRow) -> None:
            line = next(shown)
            item = QtWidgets.QTreeWidgetItem([
                line.number, line.text.replace("\n", " "), line.lead.replace("\n", "; "),
                line.support.replace("\n", "; "), line.timeframe.replace("\n", "; ")])
            for column in range(1, 5):
                item.setToolTip(column, item.text(column))
            if row.kind in (RowKind.AREA, RowKind.TASK):
                # Only an area's box follows its tasks; a task's activities have no box.
                flags = item.flags() | Qt.ItemIsUserCheckable
                if row.kind is RowKind.AREA:
                    flags |= Qt.ItemIsAutoTristate
                item.setFlags(flags)
                item.setCheckState(0, Qt.Checked)
            if row.kind is RowKind.AREA:
                font = item.font(1)
                font.setBold(True)
                item.setFont(1, font)
            (parent.addChild(item) if parent is not None else self.rows.addTopLevelItem(item))
            self._items.append((item, row))
            for child in row.children:
                add(item if row.kind in (RowKind.AREA, RowKind.TASK) else parent, child)

        for row in rows:
            add(None, row)
        self.rows.expandAll()
        self.summary.setText(self._summary_text(rows))

    def _summary_text(self, rows: list[NewRow]) -> str:
        tasks, areas = count_rows(rows, RowKind.TASK), count_rows(rows, RowKind.AREA)
        found = self.tr("Tìm thấy %d nhiệm vụ trong %d lĩnh vực.") % (tasks, areas) if areas else \
            self.tr("Tìm thấy %d nhiệm vụ.") % tasks
        if not rows and self.source.note:
            found = self.source.note
        parts = [f"<b>{self.source.path.name}</b> — {found}"]
        if self.source.columns_guessed:
            parts.append("<span style='color:#b26a00'>" + self.tr(
                "Bảng không có dòng tiêu đề: các cột được đoán theo nội dung (xem «Ánh xạ cột»). "
                "Hãy kiểm tra trước khi %s.") % (self.tr("dán") if self.paste else self.tr("nhập")) + "</span>")
        if not self.paste and self.source.plan_kind:
            parts.append(self.tr("Loại kế hoạch nhận ra: %s.") % KIND_LABELS.get(self.source.plan_kind, ""))
        lost = lost_text(self.source)
        if lost:
            parts.append(f"<span style='color:#c62828'>{len(lost)} dòng chữ trong bảng không vào được ô nào "
                         f"(ví dụ: «{lost[0][:80]}»); hãy kiểm tra ánh xạ cột.</span>")
        return "<br>".join(parts)

    def chosen_rows(self) -> list[NewRow]:
        """The ticked rows, in their tree (an area keeps its ticked tasks)."""
        ticked = {id(row) for item, row in self._items
                  if row.kind in (RowKind.AREA, RowKind.TASK) and item.checkState(0) != Qt.Unchecked}
        out = []
        for row in self._candidate_rows():
            if row.kind is RowKind.AREA:
                children = tuple(c for c in row.children if c.kind is not RowKind.TASK or id(c) in ticked)
                if id(row) in ticked and children:
                    out.append(NewRow(row.kind, row.texts, row.number_override, row.due_override, children))
            elif id(row) in ticked:
                out.append(row)
        return out

    def _accept(self) -> None:
        if not self.chosen_rows() and not self.take_document.isChecked():
            QMessageBox.warning(self, self.windowTitle(), self.tr("Chưa chọn dòng nào để nhập."))
            return
        if not self.paste and not self.area_box.isHidden() and self.area_box.currentData() is None \
                and any(r.kind is not RowKind.AREA for r in self.chosen_rows()):
            QMessageBox.warning(self, self.windowTitle(),
                                self.tr("Bảng không chia theo lĩnh vực: hãy chọn lĩnh vực nhận các nhiệm vụ."))
            return
        self.accept()

    def target(self) -> tuple[int | None, int, str, int | None]:
        """(existing plan id or None, year, kind, area for rows outside any area)."""
        plan_id = self.plan_box.currentData() if self.existing_plan.isChecked() else None
        area_id = self.area_box.currentData() if plan_id is not None and self.area_box.count() else None
        return plan_id, self.year.value(), self.kind.currentData(), area_id
