"""The dialog for one progress entry: the task (or sub-row), the occurrence it
answers, date, status, %, result, evidence, files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Sequence

from app.core.dates import short_date
from app.core.model import Attachment, ProgressEntry
from app.core.occurrence_text import occurrence_list
from app.core.status import LOG_STATUS_LABELS, LogStatus, OccurrenceState
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
    occurrence: date | None = None  # None: the earliest open one

    def service_values(self) -> dict:
        return {"date": self.date, "status": self.status, "percent": self.percent,
                "result": self.result, "evidence": self.evidence, "reason": self.reason,
                "occurrence": self.occurrence}


Occurrences = Callable[[int], Sequence[OccurrenceState]]


class EntryDialog(QDialog):
    def __init__(self, parent, tasks: Sequence[tuple[int, str]], task_id: int | None,
                 entry: ProgressEntry | None = None, attachment_path=None,
                 occurrences_of: Occurrences | None = None, default_date: date | None = None):
        """``default_date``: the day a new entry starts on (a past year's plan
        is logged in its own year, not today)."""
        super().__init__(parent)
        self._occurrences_of = occurrences_of or (lambda row_id: ())
        self._entry = entry
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
        self.occurrence_box = QComboBox()
        self.occurrence_box.setToolTip(self.tr(
            "Lần đến hạn mà mục này trả lời. Mặc định: lần sớm nhất chưa hoàn thành; "
            "chọn lần khác khi làm sớm cho kỳ sau hoặc bổ sung cho kỳ trước."))
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
        form.addRow(self.tr("Lần đến hạn:"), self.occurrence_box)
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
        self.task_box.currentIndexChanged.connect(lambda _: self._fill_occurrences(None))
        self._fill_occurrences(entry.occurrence if entry else None)

    def _fill_occurrences(self, chosen: date | None) -> None:
        """The occurrences of the chosen task or sub-row, each with where it stands."""
        box = self.occurrence_box
        box.clear()
        row_id = self.task_box.currentData()
        states = list(self._occurrences_of(row_id)) if row_id is not None else []
        if not states:
            box.addItem(self.tr("Không có (làm thường xuyên)"), None)
            box.setEnabled(chosen is not None)
        else:
            box.setEnabled(True)
            first_open = next((s for s in states if s.is_open), None)
            if self._entry is None and first_open is not None:
                box.addItem(self.tr("Tự động: lần sớm nhất chưa hoàn thành (%s)") % short_date(first_open.due), None)
            else:
                box.addItem(self.tr("Tự động: lần sớm nhất chưa hoàn thành"), None)
            for state, label in zip(states, occurrence_list(states)):
                # ISO text as the item's data: QComboBox.findData cannot match a date.
                box.addItem(label, state.due.isoformat())
        if chosen is not None:
            index = box.findData(chosen.isoformat())
            if index < 0:  # the timeframe changed since: keep what the entry says
                box.addItem(self.tr("%s (không còn trong thời hạn)") % short_date(chosen), chosen.isoformat())
                index = box.count() - 1
            box.setCurrentIndex(index)

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

    def choose_occurrence(self, due: date | None) -> None:
        """Pick an occurrence (None: the automatic choice), as the officer would in the list."""
        self.occurrence_box.setCurrentIndex(max(0, self.occurrence_box.findData(due.isoformat() if due else None)))

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
            occurrence=date.fromisoformat(named) if (named := self.occurrence_box.currentData()) else None,
        )
