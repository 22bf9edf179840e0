"""Excel export and file import from the window: dialogs, background work,
and the undo step for rows imported into an open plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.merge import count_rows, ward_level_only
from app.core.model import NewRow, RowKind
from app.core.presets import FIELD_LABELS, KIND_LABELS, PLAN_PRESETS
from app.core.text import ascii_slug
from app.io.importers import ImportSource, lost_text, read_import_file, remap
from app.io.table_reader import SKIP
from app.ui.background import run_with_progress
from app.ui.commands import ImportRowsCommand, push_command
from app.ui.dialogs import ok_cancel_buttons
from app.ui.qt import (
    QButtonGroup, QCheckBox, QComboBox, QDate, QDateEdit, QDesktopServices, QDialog,
    QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox,
    QRadioButton, QSpinBox, QSplitter, Qt, QtWidgets, QUrl, QVBoxLayout,
)
from app.ui.screen import fit_to_screen

if TYPE_CHECKING:  # the window opens before SQLAlchemy is imported
    from app.services import Services


# ---------------------------------------------------------------------------
# Export


class ExportDialog(QDialog):
    """Columns to print, an optional "Tiến độ" sheet, and where to save."""

    def __init__(self, plan, default_folder: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Xuất phụ lục ra Excel"))
        self.columns = QListWidget()
        for column in plan.columns:
            item = QListWidgetItem(f"{column.header}  ({FIELD_LABELS.get(column.field, column.field)})")
            item.setData(Qt.UserRole, column.field)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if column.export else Qt.Unchecked)
            self.columns.addItem(item)
        self.with_progress = QCheckBox(self.tr("Thêm trang \"Tiến độ\" (tình trạng, kết quả mới nhất) tính đến ngày:"))
        self.as_of = QDateEdit()
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("dd/MM/yyyy")
        today = min(date.today(), date(plan.year, 12, 31))
        self.as_of.setDate(QDate(today.year, today.month, today.day))
        self.as_of.setEnabled(False)
        self.with_progress.toggled.connect(self.as_of.setEnabled)
        self.target = default_folder / f"Phu-luc-{ascii_slug(plan.title) or 'ke-hoach'}-{plan.year}.xlsx"
        self.target_label = QLabel(str(self.target))
        self.target_label.setWordWrap(True)
        choose = QtWidgets.QPushButton(self.tr("Chọn nơi lưu…"))
        choose.clicked.connect(self._choose_target)
        form = QFormLayout()
        form.addRow(self.tr("Cột in ra:"), self.columns)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.with_progress)
        progress_row.addWidget(self.as_of)
        form.addRow("", progress_row)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_label, 1)
        target_row.addWidget(choose)
        form.addRow(self.tr("Lưu vào:"), target_row)
        buttons = ok_cancel_buttons(self, self.tr("Xuất"), self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _choose_target(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu phụ lục"), str(self.target), "Excel (*.xlsx)")
        if name:
            self.target = Path(name if name.lower().endswith(".xlsx") else name + ".xlsx")
            self.target_label.setText(str(self.target))

    def chosen_columns(self) -> list[str]:
        return [self.columns.item(i).data(Qt.UserRole) for i in range(self.columns.count())
                if self.columns.item(i).checkState() == Qt.Checked]

    def progress_date(self) -> date | None:
        if not self.with_progress.isChecked():
            return None
        qdate = self.as_of.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    def _accept(self) -> None:
        if not self.chosen_columns():
            QMessageBox.warning(self, self.windowTitle(), self.tr("Hãy chọn ít nhất một cột để in."))
            return
        self.accept()


def offer_to_open(parent, path: Path, what: str) -> None:
    """"Đã xuất …" with buttons to open the file or its folder."""
    box = QMessageBox(parent)
    box.setWindowTitle(parent.tr("Đã xong"))
    box.setText(parent.tr("Đã lưu %s:\n%s") % (what, path))
    open_file = box.addButton(parent.tr("Mở tệp"), QMessageBox.AcceptRole)
    open_folder = box.addButton(parent.tr("Mở thư mục"), QMessageBox.ActionRole)
    box.addButton(parent.tr("Đóng"), QMessageBox.RejectRole)
    box.exec()
    if box.clickedButton() is open_file:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    elif box.clickedButton() is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def export_appendix(window, services: Services, plan_id: int) -> None:
    plan = services.plans.get(plan_id)
    dialog = ExportDialog(plan, Path.home(), window)
    if not dialog.exec():
        return
    from app.ui.save_target import confirm_save_path

    columns, as_of = dialog.chosen_columns(), dialog.progress_date()
    chosen = confirm_save_path(window, services, dialog.target)  # never over the data file
    if chosen is None:
        return

    def work(progress):
        return services.exports.export_xlsx(plan_id, chosen.path, columns, as_of,
                                            progress=lambda done, total: progress.step(done, total),
                                            replace_read_only=chosen.replace_read_only)

    run_with_progress(window, window.tr("Đang xuất phụ lục…"), work,
                      lambda path: offer_to_open(window, path, window.tr("phụ lục Excel")))


# ---------------------------------------------------------------------------
# Import


MAPPING_CHOICES = [(None, "(vào Ghi chú)"), (SKIP, "(không nhập)")] + [
    (name, label) for name, label in FIELD_LABELS.items() if name not in ("due", "status")
]


class ImportDialog(QDialog):
    """What the file holds, how its columns map, which rows to take, where."""

    def __init__(self, source: ImportSource, services: Services, current_plan_id: int | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nhập phụ lục — %s") % source.path.name)
        fit_to_screen(self, 1100, 720)
        self.source = source
        self.services = services
        self.summary = QLabel()
        self.mapping = QtWidgets.QTableWidget(0, 2)
        self.mapping.setHorizontalHeaderLabels([self.tr("Cột trong tệp"), self.tr("Nhập vào")])
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.mapping.verticalHeader().setVisible(False)
        self.rows = QtWidgets.QTreeWidget()
        self.rows.setHeaderLabels([self.tr("TT"), self.tr("Nội dung"), self.tr("Chủ trì"), self.tr("Phối hợp"),
                                   self.tr("Thời gian")])
        self.rows.setColumnWidth(0, 70)
        self.rows.setColumnWidth(1, 420)
        self.rows.setWordWrap(True)
        self.ward_only = QCheckBox(self.tr("Chỉ giữ nhiệm vụ có phường, xã tham gia (chủ trì hoặc phối hợp)"))
        self.ward_only.toggled.connect(self._fill_rows)
        self.take_document = QCheckBox(self.tr("Lấy cả các trường văn bản (số, ngày, trích yếu…)"))
        self.take_document.setChecked(not source.document.empty)
        self.take_document.setVisible(not source.document.empty)
        self._build_target(current_plan_id)
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
        buttons = ok_cancel_buttons(self, self.tr("Nhập"), self._accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.take_document)
        layout.addWidget(self.target_box)
        layout.addWidget(buttons)
        self._fill_mapping()
        self._fill_rows()

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
        self.plan_box = QComboBox()
        for plan in self.services.plans.list():
            self.plan_box.addItem(f"{plan.year} · {plan.title}", plan.id)
        if current_plan_id is not None:
            self.plan_box.setCurrentIndex(max(0, self.plan_box.findData(current_plan_id)))
        self.existing_plan.setEnabled(self.plan_box.count() > 0)
        self.new_plan.setChecked(True)
        row = QHBoxLayout(self.target_box)
        row.addWidget(self.new_plan)
        row.addWidget(self.year)
        row.addWidget(self.kind)
        row.addSpacing(20)
        row.addWidget(self.existing_plan)
        row.addWidget(self.plan_box, 1)

    # -- mapping ---------------------------------------------------------------

    def _fill_mapping(self) -> None:
        table = self.source.table
        if table is None:
            return
        self.mapping.setRowCount(0)
        for header, name in zip(table.headers, table.mapping):
            if not header.strip() and name is None:
                continue
            row = self.mapping.rowCount()
            self.mapping.insertRow(row)
            item = QtWidgets.QTableWidgetItem(header.replace("\n", " "))
            item.setFlags(Qt.ItemIsEnabled)
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
            if not header.strip() and name is None:
                mapping.append(None)
            else:
                mapping.append(next(boxes).currentData())
        return mapping

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

        def add(parent, row: NewRow, number: str) -> None:
            text = row.texts.get("task") or row.texts.get("activity") or row.texts.get("objective", "")
            item = QtWidgets.QTreeWidgetItem([
                number, text.replace("\n", " "), row.texts.get("lead", "").replace("\n", "; "),
                row.texts.get("support", "").replace("\n", "; "), row.texts.get("timeframe", "")])
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
                add(item if row.kind in (RowKind.AREA, RowKind.TASK) else parent, child,
                    child.number_override or ("" if child.kind is RowKind.ACTIVITY else "•"))

        for row in rows:
            add(None, row, row.number_override or "")
        self.rows.expandAll()
        tasks, areas = count_rows(rows, RowKind.TASK), count_rows(rows, RowKind.AREA)
        found = self.tr("Tìm thấy %d nhiệm vụ trong %d lĩnh vực.") % (tasks, areas) if areas else \
            self.tr("Tìm thấy %d nhiệm vụ.") % tasks
        if not rows and self.source.note:
            found = self.source.note
        lost = lost_text(self.source)
        warning = (f"<br><span style='color:#c62828'>{len(lost)} dòng chữ trong bảng không vào được ô nào "
                   f"(ví dụ: «{lost[0][:80]}»); hãy kiểm tra ánh xạ cột.</span>") if lost else ""
        self.summary.setText(f"<b>{self.source.path.name}</b> — {found}{warning}")

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
        self.accept()

    def target(self) -> tuple[int | None, int, str]:
        """(existing plan id or None, year, kind)."""
        plan_id = self.plan_box.currentData() if self.existing_plan.isChecked() else None
        return plan_id, self.year.value(), self.kind.currentData()


def import_file(window, services: Services, path: Path | None = None) -> None:
    """Choose a file, read it off the UI thread, preview, then import."""
    if path is None:
        name, _ = QFileDialog.getOpenFileName(
            window, window.tr("Nhập phụ lục"), str(Path.home()),
            window.tr("Phụ lục (*.xlsx *.docx *.txt);;Excel (*.xlsx);;Word (*.docx);;Văn bản (*.txt)"))
        if not name:
            return
        path = Path(name)
    run_with_progress(window, window.tr("Đang đọc %s…") % path.name, lambda progress: read_import_file(path),
                      lambda source: _preview(window, services, source))


def _preview(window, services: Services, source: ImportSource) -> None:
    if not source.rows and source.document.empty:
        QMessageBox.warning(window, window.tr("Nhập phụ lục"),
                            source.note or window.tr("Tệp không có bảng phụ lục nào."))
        return
    if not source.rows:
        answer = QMessageBox.question(
            window, window.tr("Nhập phụ lục"),
            (source.note or window.tr("Tệp không có bảng phụ lục.")) + "\n\n" +
            window.tr("Tạo kế hoạch mới chỉ với các trường văn bản (số, ngày, trích yếu)?"),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        if answer != QMessageBox.Yes:
            return
    dialog = ImportDialog(source, services, window.current_plan_id, window)
    if not dialog.exec():
        return
    rows, (plan_id, year, kind) = dialog.chosen_rows(), dialog.target()
    take_document = dialog.take_document.isChecked() and plan_id is None

    def work(progress):
        return services.imports.apply(dialog.source, rows, plan_id=plan_id, year=year, kind=kind,
                                      take_document=take_document)

    def done(result) -> None:
        window.reload_plans(select=result.plan_id)
        if not result.created_plan and result.top_ids:
            push_command(window._stack_for(result.plan_id),
                         ImportRowsCommand(window.open_plan, result.top_ids, window.tr("Nhập %d nhiệm vụ") % result.tasks))
        window.show_tab("matrix")
        window.statusBar().showMessage(
            window.tr("Đã nhập %d nhiệm vụ, %d lĩnh vực.") % (result.tasks, result.areas), 10000)


    run_with_progress(window, window.tr("Đang nhập…"), work, done)
