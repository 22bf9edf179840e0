"""The dialog for one progress entry: date, status, %, result, evidence, files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Sequence

from app.core.model import Attachment, ProgressEntry
from app.core.status import LOG_STATUS_LABELS, LogStatus
from app.ui.dialogs import ok_cancel_buttons
from app.ui.qt import (
    QComboBox, QDate, QDateEdit, QDesktopServices, QDialog, QFileDialog, QFormLayout,
    QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit, QPushButton, QSpinBox, Qt,
    QUrl, QVBoxLayout,
)


@dataclass
class EntryValues:
    row_id: int
    date: date
    status: str
    percent: int | None
    result: str
    evidence: str
    reason: str
    new_files: list[Path] = field(default_factory=list)
    removed_attachments: list[int] = field(default_factory=list)

    def service_values(self) -> dict:
        return {"date": self.date, "status": self.status, "percent": self.percent,
                "result": self.result, "evidence": self.evidence, "reason": self.reason}


class EntryDialog(QDialog):
    def __init__(self, parent, tasks: Sequence[tuple[int, str]], task_id: int | None,
                 entry: ProgressEntry | None = None, attachment_path=None, default_date: date | None = None):
        """``default_date``: the day a new entry starts on (a past year's plan
        is logged in its own year, not today)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sửa mục tiến độ") if entry else self.tr("Ghi tiến độ"))
        self.setMinimumWidth(560)
        self._attachment_path = attachment_path
        self._existing: list[Attachment] = list(entry.attachments) if entry else []
        self._removed: list[int] = []
        self._new_files: list[Path] = []

        self.task_box = QComboBox()
        for row_id, label in tasks:
            self.task_box.addItem(label, row_id)
        if task_id is not None:
            self.task_box.setCurrentIndex(max(0, self.task_box.findData(task_id)))
        self.task_box.setEnabled(entry is None)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        when = entry.date if entry else (default_date or date.today())
        self.date_edit.setDate(QDate(when.year, when.month, when.day))
        self.status_box = QComboBox()
        for status in LogStatus:
            self.status_box.addItem(LOG_STATUS_LABELS[status], status.value)
        self.status_box.setCurrentIndex(self.status_box.findData(entry.status if entry else LogStatus.IN_PROGRESS.value))
        self.percent = QSpinBox()
        self.percent.setRange(-1, 100)
        self.percent.setSpecialValueText(self.tr("—"))
        self.percent.setSuffix(" %")
        self.percent.setValue(entry.percent if entry and entry.percent is not None else -1)
        self.result = QPlainTextEdit(entry.result if entry else "")
        self.result.setTabChangesFocus(True)
        self.result.setPlaceholderText(self.tr("Kết quả đã thực hiện"))
        self.evidence = QLineEdit(entry.evidence if entry else "")
        self.evidence.setPlaceholderText(self.tr("Số văn bản chứng minh, ví dụ: Kế hoạch số 15/KH-UBND ngày 20/01/2025"))
        self.reason = QLineEdit(entry.reason if entry else "")
        self.reason.setPlaceholderText(self.tr("Lý do (khi chậm hoặc không thực hiện)"))
        self.files = QListWidget()
        self.files.setMaximumHeight(90)
        for attachment in self._existing:
            item = QListWidgetItem(attachment.file_name)
            item.setData(Qt.UserRole, ("old", attachment.id))
            self.files.addItem(item)
        add_file = QPushButton(self.tr("Đính kèm tệp…"))
        add_file.clicked.connect(self._choose_files)
        remove_file = QPushButton(self.tr("Bỏ tệp"))
        remove_file.clicked.connect(self._remove_file)
        open_file = QPushButton(self.tr("Mở tệp"))
        open_file.clicked.connect(self._open_file)
        file_buttons = QHBoxLayout()
        for button in (add_file, remove_file, open_file):
            file_buttons.addWidget(button)
        file_buttons.addStretch(1)

        form = QFormLayout()
        form.addRow(self.tr("Nhiệm vụ:"), self.task_box)
        form.addRow(self.tr("Ngày:"), self.date_edit)
        form.addRow(self.tr("Tình trạng:"), self.status_box)
        form.addRow(self.tr("Tỷ lệ hoàn thành:"), self.percent)
        form.addRow(self.tr("Kết quả:"), self.result)
        form.addRow(self.tr("Văn bản chứng minh:"), self.evidence)
        form.addRow(self.tr("Lý do:"), self.reason)
        form.addRow(self.tr("Tệp đính kèm:"), self.files)
        form.addRow("", file_buttons)
        buttons = ok_cancel_buttons(self, self.tr("Lưu"), self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.status_box.currentIndexChanged.connect(self._status_changed)

    def _status_changed(self) -> None:
        if self.status_box.currentData() == LogStatus.DONE.value and self.percent.value() < 100:
            self.percent.setValue(100)

    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Chọn tệp đính kèm"))
        for name in names:
            path = Path(name)
            self._new_files.append(path)
            item = QListWidgetItem(path.name)
            item.setData(Qt.UserRole, ("new", str(path)))
            self.files.addItem(item)

    def add_files(self, paths: Sequence[Path]) -> None:
        """Tests and drag-and-drop: attach without the file dialog."""
        for path in paths:
            self._new_files.append(Path(path))
            item = QListWidgetItem(Path(path).name)
            item.setData(Qt.UserRole, ("new", str(path)))
            self.files.addItem(item)

    def _remove_file(self) -> None:
        item = self.files.currentItem()
        if item is None:
            return
        kind, value = item.data(Qt.UserRole)
        if kind == "old":
            self._removed.append(value)
        else:
            self._new_files = [p for p in self._new_files if str(p) != value]
        self.files.takeItem(self.files.row(item))

    def _open_file(self) -> None:
        item = self.files.currentItem()
        if item is None:
            return
        kind, value = item.data(Qt.UserRole)
        if kind == "new":
            path = Path(value)
        else:
            attachment = next(a for a in self._existing if a.id == value)
            path = self._attachment_path(attachment)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _accept(self) -> None:
        if self.task_box.currentData() is None:
            QMessageBox.warning(self, self.windowTitle(), self.tr("Hãy chọn nhiệm vụ."))
            return
        self.accept()

    def values(self) -> EntryValues:
        qdate = self.date_edit.date()
        percent = self.percent.value()
        return EntryValues(
            row_id=self.task_box.currentData(),
            date=date(qdate.year(), qdate.month(), qdate.day()),
            status=self.status_box.currentData(),
            percent=None if percent < 0 else percent,
            result=self.result.toPlainText().strip(),
            evidence=self.evidence.text().strip(),
            reason=self.reason.text().strip(),
            new_files=list(self._new_files),
            removed_attachments=list(self._removed),
        )
