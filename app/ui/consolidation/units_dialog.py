"""The list of units that must report: typed, pasted line by line, or loaded
from the province's own file (.txt, .csv, .xlsx); saved in one step."""

from __future__ import annotations

from pathlib import Path

from app.core.consolidation import ExpectedUnit
from app.ui.dialogs import ok_cancel_buttons
from app.ui.errors import show_error
from app.ui.qt import (
    QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QtWidgets, QVBoxLayout, QDialog,
)


class ExpectedUnitsDialog(QDialog):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Danh sách đơn vị phải nộp báo cáo"))
        self.table = QtWidgets.QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Tên đơn vị"), self.tr("Mã đơn vị")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.setColumnWidth(1, 110)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        load = QPushButton(self.tr("Nạp từ tệp…"))
        add = QPushButton(self.tr("Thêm dòng"))
        remove = QPushButton(self.tr("Xóa dòng đã chọn"))
        load.clicked.connect(self.load_file)
        add.clicked.connect(lambda: self._add_row(ExpectedUnit("")))
        remove.clicked.connect(self._remove_selected)
        self.count = QLabel()
        top = QHBoxLayout()
        for button in (load, add, remove):
            top.addWidget(button)
        top.addStretch(1)
        top.addWidget(self.count)
        note = QLabel(self.tr("Đơn vị không có trong các gói đã mở sẽ hiện là «Chưa gửi». Tệp nạp vào (.xlsx, .csv, "
                              ".txt): mỗi dòng một đơn vị, gồm tên và mã (thứ tự nào cũng được)."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(ok_cancel_buttons(self, self.tr("Lưu danh sách"), self._save))
        self.resize(620, 560)
        self.set_units(services.consolidation.expected_units())
        self.table.itemChanged.connect(self._recount)

    def set_units(self, units) -> None:
        self.table.setRowCount(0)
        for unit in units:
            self._add_row(unit)
        self._recount()

    def _add_row(self, unit: ExpectedUnit) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QtWidgets.QTableWidgetItem(unit.name))
        self.table.setItem(row, 1, QtWidgets.QTableWidgetItem(unit.code))
        self._recount()

    def _remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self._recount()

    def _recount(self, *_args) -> None:
        self.count.setText(self.tr("%d đơn vị") % len(self.units()))

    def units(self) -> list[ExpectedUnit]:
        out = []
        for row in range(self.table.rowCount()):
            name, code = (self.table.item(row, c).text().strip() if self.table.item(row, c) else "" for c in (0, 1))
            if name or code:
                out.append(ExpectedUnit(name, code))
        return out

    def load_file(self, path: str | None = None) -> None:
        from app.services.consolidation import read_expected_units

        if not path:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Nạp danh sách đơn vị"), str(Path.home()),
                                                  self.tr("Danh sách (*.xlsx *.csv *.txt)"))
            if not path:
                return
        try:
            self.set_units(read_expected_units(path))
        except Exception as error:
            show_error(self, error)

    def _save(self) -> None:
        try:
            self.services.consolidation.set_expected_units(self.units())
        except Exception as error:
            show_error(self, error)
            return
        self.accept()
