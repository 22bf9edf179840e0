"""Exporting the appendix to Excel (or Word) from the window: the dialog
(columns, the "Tiến độ" sheet, Excel or Word, where to save), the work off
the UI thread, and the "open the file / its folder" offer shared by every
export."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.file_names import document_file_name
from app.core.presets import FIELD_LABELS
from app.ui.background import run_with_progress
from app.ui.dialogs import ok_cancel_buttons
from app.ui.qt import (
    QCheckBox, QDate, QDateEdit, QDesktopServices, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QListWidget, QListWidgetItem, QMessageBox, QRadioButton, Qt, QtWidgets, QUrl, QVBoxLayout,
)

if TYPE_CHECKING:  # the window opens before SQLAlchemy is imported
    from app.services import Services


class ExportDialog(QDialog):
    """Columns to print, an optional "Tiến độ" sheet, Excel or Word, and where to save."""

    def __init__(self, plan, default_folder: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Xuất phụ lục"))
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
        self.excel = QRadioButton(self.tr("Excel (.xlsx), để in"))
        self.word = QRadioButton(self.tr("Word (.docx), để sửa hoặc chép vào văn bản khác"))
        self.excel.setChecked(True)
        self.word.toggled.connect(self._format_chosen)
        self.target = default_folder / document_file_name("xlsx", plan.kind, plan.year, plan.issuing_body)
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
        formats = QHBoxLayout()
        formats.addWidget(self.excel)
        formats.addWidget(self.word)
        formats.addStretch(1)
        form.addRow(self.tr("Định dạng:"), formats)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_label, 1)
        target_row.addWidget(choose)
        form.addRow(self.tr("Lưu vào:"), target_row)
        buttons = ok_cancel_buttons(self, self.tr("Xuất"), self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @property
    def as_word(self) -> bool:
        return self.word.isChecked()

    def _suffix(self) -> str:
        return ".docx" if self.as_word else ".xlsx"

    def _format_chosen(self) -> None:
        """Word has no "Tiến độ" sheet; the file name follows the format."""
        self.with_progress.setEnabled(not self.as_word)
        self.as_of.setEnabled(not self.as_word and self.with_progress.isChecked())
        self.target = self.target.with_suffix(self._suffix())
        self.target_label.setText(str(self.target))

    def _choose_target(self) -> None:
        file_filter = "Word (*.docx)" if self.as_word else "Excel (*.xlsx)"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu phụ lục"), str(self.target), file_filter)
        if name:
            suffix = self._suffix()
            self.target = Path(name if name.lower().endswith(suffix) else name + suffix)
            self.target_label.setText(str(self.target))

    def chosen_columns(self) -> list[str]:
        return [self.columns.item(i).data(Qt.UserRole) for i in range(self.columns.count())
                if self.columns.item(i).checkState() == Qt.Checked]

    def progress_date(self) -> date | None:
        if not self.with_progress.isChecked() or self.as_word:
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
    if dialog.as_word:
        from app.ui.word_export import export_appendix_word

        export_appendix_word(window, services, plan_id, columns, dialog.target)
        return
    chosen = confirm_save_path(window, services, dialog.target)  # never over the data file
    if chosen is None:
        return

    def work(progress):
        return services.exports.export_xlsx(plan_id, chosen.path, columns, as_of,
                                            progress=lambda done, total: progress.step(done, total),
                                            replace_read_only=chosen.replace_read_only)

    run_with_progress(window, window.tr("Đang xuất phụ lục…"), work,
                      lambda path: offer_to_open(window, path, window.tr("phụ lục Excel")))


def export_plan_pdf(window, services, plan_id: int) -> None:
    """The plan (document and appendix) as a PDF the officer saves, written
    off the UI thread and offered to open."""
    from app.core.file_names import document_file_name
    from app.ui.save_target import choose_save_path

    plan = services.plans.get(plan_id)
    default = Path.home() / document_file_name("plan-pdf", plan.kind, plan.year, plan.issuing_body)
    chosen = choose_save_path(window, services, window.tr("Lưu kế hoạch PDF"), default, "PDF (*.pdf)", ".pdf")
    if chosen is None:
        return
    run_with_progress(window, window.tr("Đang tạo PDF…"),
                      lambda progress: services.exports.export_plan_pdf(
                          plan_id, chosen.path, replace_read_only=chosen.replace_read_only),
                      lambda path: offer_to_open(window, path, window.tr("kế hoạch PDF")))
