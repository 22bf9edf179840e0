"""The library of legal bases in the window: edited on its settings page,
picked from in the plan form, and offered again when a plan is copied to
the next year."""

from __future__ import annotations

from typing import Sequence

from app.core.legal_bases import PLACEHOLDERS, LibraryBasis
from app.ui.dialogs import ok_cancel_buttons
from app.ui.qt import (
    QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem,
    QPushButton, Qt, QtWidgets, QVBoxLayout, QWidget,
)
from app.ui.screen import fit_to_screen


class LegalBasesEditor(QWidget):
    """The library as a table: each basis and whether new plans start with it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = QtWidgets.QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Căn cứ (sửa trực tiếp trong ô)"), self.tr("Kế hoạch mới")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.itemChanged.connect(lambda _item: self.table.resizeRowsToContents())
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("Thêm căn cứ"), self._add), (self.tr("Xóa"), self._remove),
                           (self.tr("Lên"), lambda: self._move(-1)), (self.tr("Xuống"), lambda: self._move(1))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        names = "; ".join(f"<b>{key}</b>: {meaning}" for key, meaning in PLACEHOLDERS.items())
        help_text = QLabel(self.tr("Căn cứ được giữ từ năm này sang năm khác. Viết sẵn chỗ thay đổi theo năm, "
                                   "theo tỉnh: %s. Đánh dấu «Kế hoạch mới» để kế hoạch CCHC mới có sẵn căn cứ đó.")
                           % names)
        help_text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_bases(self, bases: Sequence[LibraryBasis]) -> None:
        self.table.setRowCount(0)
        for basis in bases:
            self._append(basis)
        self.table.resizeRowsToContents()

    def bases(self) -> list[LibraryBasis]:
        out = []
        for row in range(self.table.rowCount()):
            text = (self.table.item(row, 0).text() if self.table.item(row, 0) else "").strip()
            box = self.table.cellWidget(row, 1).findChild(QCheckBox)
            if text:
                out.append(LibraryBasis(text, box.isChecked()))
        return out

    def _append(self, basis: LibraryBasis, row: int | None = None) -> int:
        row = self.table.rowCount() if row is None else row
        self.table.insertRow(row)
        self.table.setItem(row, 0, QtWidgets.QTableWidgetItem(basis.text))
        holder = QWidget()
        box = QCheckBox()
        box.setChecked(basis.default)
        box.setToolTip(self.tr("Kế hoạch CCHC mới có sẵn căn cứ này"))
        inner = QHBoxLayout(holder)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(box, 0, Qt.AlignCenter)
        self.table.setCellWidget(row, 1, holder)
        return row

    def _add(self) -> None:
        row = self._append(LibraryBasis(self.tr("Căn cứ ")), self.table.currentRow() + 1)
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _move(self, step: int) -> None:
        row, bases = self.table.currentRow(), self.bases()
        target = row + step
        if 0 <= row < len(bases) and 0 <= target < len(bases):
            bases[row], bases[target] = bases[target], bases[row]
            self.set_bases(bases)
            self.table.setCurrentCell(target, 0)


class BasisPicker(QDialog):
    """Pick bases from the library, as they will read in a plan of that year."""

    def __init__(self, services, year: int, present: Sequence[str], parent=None):
        super().__init__(parent)
        self.services = services
        self.year = year
        self.present = {" ".join(p.split()) for p in present}
        self.setWindowTitle(self.tr("Chọn căn cứ từ thư viện"))
        fit_to_screen(self, 900, 460)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        edit = QPushButton(self.tr("Sửa thư viện…"))
        edit.clicked.connect(self._edit_library)
        note = QLabel(self.tr("Căn cứ đã có trong kế hoạch được đánh dấu sẵn và không thêm lần nữa; "
                              "số, ngày văn bản còn để trống (…) thì điền trong ô Căn cứ của kế hoạch."))
        note.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(edit)
        bottom.addStretch(1)
        bottom.addWidget(ok_cancel_buttons(self, self.tr("Thêm vào kế hoạch")))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Các căn cứ của kế hoạch năm %d:") % year))
        layout.addWidget(self.list, 1)
        layout.addWidget(note)
        layout.addLayout(bottom)
        self._fill()

    def _fill(self) -> None:
        self.list.clear()
        library = self.services.unit_profile.library()
        for text in self.services.unit_profile.filled(library, self.year):
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            there = " ".join(text.split()) in self.present
            item.setCheckState(Qt.Checked if there else Qt.Unchecked)
            if there:
                item.setFlags(item.flags() & ~Qt.ItemIsEnabled)
            self.list.addItem(item)

    def chosen(self) -> list[str]:
        """The bases ticked that the plan does not hold yet, in the library's order."""
        return [self.list.item(i).text() for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.Checked
                and " ".join(self.list.item(i).text().split()) not in self.present]

    def _edit_library(self) -> None:
        if LibraryDialog(self.services, self).exec():
            self._fill()


class LibraryDialog(QDialog):
    """The library on its own (from the picker)."""

    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Thư viện căn cứ"))
        fit_to_screen(self, 900, 480)
        self.editor = LegalBasesEditor()
        self.editor.set_bases(services.unit_profile.library())
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(ok_cancel_buttons(self, self.tr("Lưu"), self._save))

    def _save(self) -> None:
        from app.ui.errors import show_error

        try:
            self.services.unit_profile.set_library(self.editor.bases())
        except Exception as error:
            show_error(self, error)
            return
        self.accept()


class NextYearBases(QDialog):
    """Copying a plan to the next year: which bases to move on (ticked)."""

    def __init__(self, offers: Sequence[tuple[str, str]], year: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Căn cứ của kế hoạch năm %d") % (year + 1))
        fit_to_screen(self, 900, 300)
        self.offers = list(offers)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        for old, new in self.offers:
            item = QListWidgetItem(self.tr("Đổi: %s\nthành: %s") % (old, new))
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked)
            self.list.addItem(item)
        intro = QLabel(self.tr("Các căn cứ sau dẫn văn bản của năm %d. Bản sao cho năm %d sẽ dẫn văn bản "
                               "của năm mới (số, ngày để trống để điền khi có). Bỏ đánh dấu căn cứ muốn giữ nguyên.")
                       % (year, year + 1))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(ok_cancel_buttons(self, self.tr("Sao chép")))

    def bases(self, current: Sequence[str]) -> list[str]:
        """The copy's bases: ticked ones moved on, the others as they are."""
        moved = {old: new for (old, new), i in zip(self.offers, range(self.list.count()))
                 if self.list.item(i).checkState() == Qt.Checked}
        return [moved.get(basis, basis) for basis in current]


# -- the plan form's two buttons under "Căn cứ" -------------------------------------------


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def library_buttons(form) -> QHBoxLayout:
    """"Chọn từ thư viện căn cứ…" and "Lưu các căn cứ này vào thư viện" for a plan form."""
    pick = QPushButton(form.tr("Chọn từ thư viện căn cứ…"))
    pick.setObjectName("pick-bases")
    pick.clicked.connect(lambda: pick_bases(form))
    keep = QPushButton(form.tr("Lưu các căn cứ này vào thư viện"))
    keep.clicked.connect(lambda: keep_bases(form))
    row = QHBoxLayout()
    row.addWidget(pick)
    row.addWidget(keep)
    row.addStretch(1)
    return row


def pick_bases(form) -> None:
    """Bases from the library, added after those the plan has (one undo step)."""
    if form.plan is None:
        return
    current = _lines(form.legal_bases.toPlainText())
    picker = BasisPicker(form.services, form.plan.year, current, form)
    if picker.exec() and picker.chosen():
        form.legal_bases.set_text_quietly("\n".join(current + tuple(picker.chosen())))
        form._commit("legal_bases")


def keep_bases(form) -> None:
    """The plan's bases, kept in the library for the years to come."""
    from app.ui.errors import show_error
    from app.ui.qt import QMessageBox

    try:
        added = form.services.unit_profile.add_to_library(_lines(form.legal_bases.toPlainText()))
    except Exception as error:
        show_error(form, error)
        return
    QMessageBox.information(form, form.tr("Thư viện căn cứ"),
                            form.tr("Đã thêm %d căn cứ vào thư viện.") % added if added
                            else form.tr("Các căn cứ này đã có trong thư viện."))
