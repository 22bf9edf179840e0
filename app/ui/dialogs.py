"""Small dialogs: a new plan, the appendix columns, about."""

from __future__ import annotations

from datetime import date

from app import APP_DISPLAY_NAME, __version__
from app.core.model import Column
from app.core.presets import FIELD_LABELS, KIND_LABELS, LAYOUTS, PLAN_PRESETS
from app.ui.qt import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView,
    QLabel, QMessageBox, QPushButton, QSpinBox, Qt, QtWidgets, QVBoxLayout,
)
from app.ui.screen import fit_to_screen


def ok_cancel_buttons(dialog: QDialog, ok_text: str, on_ok=None) -> QDialogButtonBox:
    """OK/Cancel named in Vietnamese (the OK button says what it does).
    ``on_ok`` checks and saves before accepting; by default OK just accepts."""
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    buttons.button(QDialogButtonBox.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.Cancel).setText(dialog.tr("Hủy"))
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class NewPlanDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Kế hoạch mới"))
        self.kind = QComboBox()
        for kind in PLAN_PRESETS:
            self.kind.addItem(KIND_LABELS[kind], kind)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year + (1 if date.today().month >= 11 else 0))
        self.layout_box = QComboBox()
        for key, preset in LAYOUTS.items():
            self.layout_box.addItem(preset.label, key)
        self.with_areas = QCheckBox(self.tr("Tạo sẵn 7 lĩnh vực cải cách hành chính"))
        self.with_areas.setChecked(True)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        form = QFormLayout()
        form.addRow(self.tr("Loại kế hoạch:"), self.kind)
        form.addRow(self.tr("Năm:"), self.year)
        form.addRow(self.tr("Mẫu cột phụ lục:"), self.layout_box)
        form.addRow("", self.with_areas)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self, self.tr("Tạo")))
        self._kind_changed()

    def _kind_changed(self) -> None:
        preset = PLAN_PRESETS[self.kind.currentData()]
        self.layout_box.setCurrentIndex(self.layout_box.findData(preset.layout))
        self.with_areas.setVisible(bool(preset.areas))
        self.with_areas.setChecked(bool(preset.areas))

    def values(self) -> tuple[str, int, str, bool]:
        return self.kind.currentData(), self.year.value(), self.layout_box.currentData(), self.with_areas.isChecked()


class ColumnsDialog(QDialog):
    """Choose, order and rename the appendix columns; start from a preset."""

    HEADERS = ("Dùng", "Nội dung cột", "Tiêu đề in trên phụ lục", "Độ rộng", "In/xuất")

    def __init__(self, columns: list[Column], parent=None, hide_empty: bool = False):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Cột của phụ lục"))
        fit_to_screen(self, 720, 480)
        self.table = QtWidgets.QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        # Check boxes and numbers as wide as they need; the column names whole
        # on one line; the printed title takes the rest.
        for section in (0, 1, 3, 4):
            self.table.horizontalHeader().setSectionResizeMode(section, QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.preset = QComboBox()
        self.preset.addItem(self.tr("— chọn mẫu có sẵn —"), None)
        for key, preset in LAYOUTS.items():
            self.preset.addItem(preset.label, key)
        self.preset.activated.connect(self._apply_preset)
        up, down = QPushButton(self.tr("Lên")), QPushButton(self.tr("Xuống"))
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Mẫu:")))
        top.addWidget(self.preset, 1)
        top.addWidget(up)
        top.addWidget(down)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(QLabel(self.tr("Cột \"Hạn\" và \"Tình trạng\" luôn hiện trong cửa sổ; "
                                        "bỏ dấu \"In/xuất\" để không in một cột.")))
        # A plan option: PDF and Excel leave out the columns no row fills.
        self.hide_empty = QtWidgets.QCheckBox(self.tr("Khi in và xuất Excel, bỏ các cột trống ở mọi dòng "
                                                      "(ví dụ: kế hoạch không có cột kinh phí nào được ghi)"))
        self.hide_empty.setChecked(hide_empty)
        layout.addWidget(self.hide_empty)
        layout.addWidget(ok_cancel_buttons(self, self.tr("Áp dụng")))
        self._fill(columns)

    def _fill(self, columns: list[Column]) -> None:
        used = {c.field: c for c in columns}
        ordered = list(columns) + [Column(f, FIELD_LABELS[f], 14) for f in FIELD_LABELS if f not in used]
        self.table.setRowCount(0)
        for column in ordered:
            self._add_row(column, column.field in used)

    def _add_row(self, column: Column, used: bool) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        check = QtWidgets.QTableWidgetItem()
        check.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
        check.setCheckState(Qt.Checked if used else Qt.Unchecked)
        check.setData(Qt.UserRole, column.field)
        name = QtWidgets.QTableWidgetItem(FIELD_LABELS.get(column.field, column.field))
        name.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
        header = QtWidgets.QTableWidgetItem(column.header)
        width = QSpinBox()
        width.setRange(3, 80)
        width.setValue(int(column.width))
        export = QtWidgets.QTableWidgetItem()
        export.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
        export.setCheckState(Qt.Checked if column.export else Qt.Unchecked)
        self.table.setItem(row, 0, check)
        self.table.setItem(row, 1, name)
        self.table.setItem(row, 2, header)
        self.table.setCellWidget(row, 3, width)
        self.table.setItem(row, 4, export)

    def _apply_preset(self) -> None:
        key = self.preset.currentData()
        if key:
            self._fill(list(LAYOUTS[key].columns))

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        columns = self._rows()
        columns[row], columns[target] = columns[target], columns[row]
        self.table.setRowCount(0)
        for column, used in columns:
            self._add_row(column, used)
        self.table.selectRow(target)

    def _rows(self) -> list[tuple[Column, bool]]:
        out = []
        for row in range(self.table.rowCount()):
            field = self.table.item(row, 0).data(Qt.UserRole)
            column = Column(field, self.table.item(row, 2).text().strip() or FIELD_LABELS[field],
                            float(self.table.cellWidget(row, 3).value()),
                            self.table.item(row, 4).checkState() == Qt.Checked)
            out.append((column, self.table.item(row, 0).checkState() == Qt.Checked))
        return out

    def columns(self) -> list[Column]:
        return [column for column, used in self._rows() if used]

    def accept(self) -> None:
        if not any(c.field not in ("number", "due", "status") for c in self.columns()):
            QMessageBox.warning(self, self.windowTitle(), self.tr("Phụ lục cần ít nhất một cột nội dung."))
            return
        super().accept()


def show_about(parent) -> None:
    from html import escape

    from app import paths

    services = getattr(parent, "services", None)
    folder = services.data_dir if services is not None else paths.data_dir()
    data_file = services.store.label if services is not None else f"tệp dữ liệu «{paths.default_db_path()}»"
    QMessageBox.about(
        parent, parent.tr("Giới thiệu"),
        f"<b>{APP_DISPLAY_NAME}</b> — phiên bản {__version__}<br><br>"
        "Kế hoạch, phụ lục nhiệm vụ, nhật ký tiến độ và báo cáo cải cách hành chính "
        "cho phường, xã. Chạy không cần mạng.<br><br>"
        f"Dữ liệu: {escape(str(data_file))}<br>"
        f"Thư mục dữ liệu (sao lưu, tệp đính kèm, nhật ký lỗi): {escape(str(folder))}<br><br>"
        "Phông chữ Liberation Serif, Liberation Sans (giấy phép SIL Open Font License 1.1) và DejaVu Sans.",
    )
