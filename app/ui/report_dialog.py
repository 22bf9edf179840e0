"""The "Báo cáo" dialog: saved reports of the plan, their period, number,
date, Kính gửi and narrative parts (prefilled, edited by the officer), and
their PDF — exported or previewed and printed — or Word file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datetime import date
from pathlib import Path

from app.core.dates import short_date
from app.core.figures import format_percent
from app.core.model import ReportDoc
from app.core.periods import PERIOD_LABELS, Period, data_window
from app.core.report_text import TEXT_KEYS, TEXT_LABELS, counts_sentence, report_title
from app.ui.background import run_with_progress
from app.ui.errors import show_error
from app.ui.pdf_preview import preview_generated
from app.ui.plan_form import AutoSaveText, DaySpin
from app.ui.qt import (
    QCheckBox, QComboBox, QDate, QDateEdit, QDialog, QFormLayout, QHBoxLayout, QInputDialog, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QSpinBox, QSplitter, Qt, QTabWidget, QTimer,
    QVBoxLayout, QWidget,
)
from app.ui.export_dialog import offer_to_open
from app.ui.screen import fit_to_screen

if TYPE_CHECKING:  # the window opens before SQLAlchemy is imported
    from app.services import Services

SAVE_PAUSE_MS = 800


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class ReportDialog(QDialog):
    def __init__(self, services: Services, plan_id: int, parent=None):
        super().__init__(parent)
        self.services = services
        self.plan_id = plan_id
        self.report: ReportDoc | None = None
        self._loading = False
        self.setWindowTitle(self.tr("Báo cáo định kỳ"))
        fit_to_screen(self, 1100, 760)
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_PAUSE_MS)
        self._save_timer.timeout.connect(self.save)

        self.reports = QListWidget()
        self.reports.currentRowChanged.connect(self._report_chosen)
        new_button = QPushButton(self.tr("Báo cáo mới…"))
        new_button.clicked.connect(self.new_report)
        delete_button = QPushButton(self.tr("Xóa"))
        delete_button.clicked.connect(self.delete_report)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(self.tr("Các báo cáo đã lập:")))
        left_layout.addWidget(self.reports, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addWidget(delete_button)
        left_layout.addLayout(buttons)

        self.form = QWidget()
        self._build_form()
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(1, 4)

        self.export_button = QPushButton(self.tr("Xuất PDF…"))
        self.export_button.clicked.connect(self.export_pdf)
        self.word_button = QPushButton(self.tr("Xuất Word (.docx)…"))
        self.word_button.clicked.connect(self.export_docx)
        self.print_button = QPushButton(self.tr("Xem trước và in…"))
        self.print_button.clicked.connect(self.print_report)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        for button in (self.export_button, self.word_button, self.print_button, close):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.reload()

    # -- building ----------------------------------------------------------------

    def _build_form(self) -> None:
        self.title = QLabel()
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.period = QComboBox()
        for period in Period:
            self.period.addItem(PERIOD_LABELS[period], period.value)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.use_as_of = QCheckBox(self.tr("Tính số liệu đến ngày"))
        self.as_of = QDateEdit()
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("dd/MM/yyyy")
        self.as_of.setEnabled(False)
        self.use_as_of.toggled.connect(self.as_of.setEnabled)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("để trống khi còn là dự thảo"))
        self.symbol = QLineEdit()
        self.day, self.month, self.issue_year = DaySpin(31), DaySpin(12), DaySpin(2100)
        self.addressees = AutoSaveText(2)
        self.addressees.setPlaceholderText(self.tr("Mỗi dòng một nơi, ví dụ: Ủy ban nhân dân tỉnh (qua Sở Nội vụ)"))
        # When it went to the province: the self-assessment judges reports "sent on time" by it.
        self.was_sent = QCheckBox(self.tr("Đã gửi ngày"))
        self.sent_on = QDateEdit()
        self.sent_on.setCalendarPopup(True)
        self.sent_on.setDisplayFormat("dd/MM/yyyy")
        self.sent_on.setEnabled(False)
        self.was_sent.toggled.connect(self.sent_on.setEnabled)
        self.recipients = AutoSaveText(3)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.texts: dict[str, AutoSaveText] = {}
        tabs = QTabWidget()
        for key in TEXT_KEYS:
            box = AutoSaveText(8)
            box.setMaximumHeight(16777215)
            self.texts[key] = box
            tabs.addTab(box, self.tr(TEXT_LABELS[key]))
        regenerate = QPushButton(self.tr("Gợi ý lại nội dung từ số liệu"))
        regenerate.clicked.connect(self.regenerate_texts)

        period_row = QHBoxLayout()
        period_row.addWidget(self.period)
        period_row.addWidget(self.year)
        period_row.addSpacing(16)
        period_row.addWidget(self.use_as_of)
        period_row.addWidget(self.as_of)
        period_row.addStretch(1)
        number_row = QHBoxLayout()
        number_row.addWidget(QLabel(self.tr("Số:")))
        number_row.addWidget(self.number)
        number_row.addWidget(QLabel("/"))
        number_row.addWidget(self.symbol)
        for label, spin in ((self.tr("ngày"), self.day), (self.tr("tháng"), self.month), (self.tr("năm"), self.issue_year)):
            number_row.addWidget(QLabel(label))
            number_row.addWidget(spin)
        form = QFormLayout(self.form)
        form.addRow(self.title)
        form.addRow(self.tr("Kỳ báo cáo:"), period_row)
        form.addRow(self.tr("Số, ngày:"), number_row)
        sent_row = QHBoxLayout()
        sent_row.addWidget(self.was_sent)
        sent_row.addWidget(self.sent_on)
        sent_row.addWidget(QLabel(self.tr("(ghi tự động khi soạn thư gửi kèm báo cáo)")))
        sent_row.addStretch(1)
        form.addRow(self.tr("Kính gửi:"), self.addressees)
        form.addRow(self.tr("Gửi đi:"), sent_row)
        form.addRow(self.tr("Số liệu:"), self.figures)
        form.addRow(tabs)
        form.addRow("", regenerate)
        form.addRow(self.tr("Nơi nhận:"), self.recipients)
        for signal in (self.period.currentIndexChanged, self.year.valueChanged, self.use_as_of.toggled,
                       self.as_of.dateChanged, self.number.textEdited, self.symbol.textEdited,
                       self.day.valueChanged, self.month.valueChanged, self.issue_year.valueChanged,
                       self.was_sent.toggled, self.sent_on.dateChanged):
            signal.connect(self._edited)
        for box in (self.addressees, self.recipients, *self.texts.values()):
            box.edited.connect(self._edited)

    # -- loading -------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        reports = self.services.reports.list(self.plan_id)
        self.reports.blockSignals(True)
        self.reports.clear()
        for report in reports:
            number = f" — số {report.number}/{report.symbol}" if report.number else self.tr(" — dự thảo")
            item = QListWidgetItem(f"{PERIOD_LABELS[Period(report.period)]} {report.year}{number}")
            item.setData(Qt.UserRole, report.id)
            self.reports.addItem(item)
        self.reports.blockSignals(False)
        row = next((i for i, r in enumerate(reports) if r.id == select), len(reports) - 1)
        self.reports.setCurrentRow(row)
        self._report_chosen(row)

    def _report_chosen(self, row: int) -> None:
        self.save()
        item = self.reports.item(row) if row >= 0 else None
        self.report = self.services.reports.get(item.data(Qt.UserRole)) if item else None
        self.form.setEnabled(self.report is not None)
        self.export_button.setEnabled(self.report is not None)
        self.word_button.setEnabled(self.report is not None)
        self.print_button.setEnabled(self.report is not None)
        self._show(self.report)

    def _show(self, report: ReportDoc | None) -> None:
        self._loading = True
        try:
            if report is None:
                self.title.setText(self.tr("Chưa có báo cáo nào: bấm \"Báo cáo mới…\"."))
                return
            self.title.setText(report_title(Period(report.period), report.year))
            self.period.setCurrentIndex(self.period.findData(report.period))
            self.year.setValue(report.year)
            self.use_as_of.setChecked(report.as_of is not None)
            when = report.as_of or data_window(Period(report.period), report.year)[1]
            self.as_of.setDate(QDate(when.year, when.month, when.day))
            self.number.setText(report.number)
            self.symbol.setText(report.symbol)
            self.day.setValue(report.issue_day or 0)
            self.month.setValue(report.issue_month or 0)
            self.issue_year.setValue(report.issue_year or 0)
            self.addressees.set_text_quietly("\n".join(report.addressees))
            self.was_sent.setChecked(report.sent_on is not None)
            sent = report.sent_on or date.today()
            self.sent_on.setDate(QDate(sent.year, sent.month, sent.day))
            self.recipients.set_text_quietly("\n".join(report.recipients))
            for key, box in self.texts.items():
                box.set_text_quietly(report.texts.get(key, ""))
            self._show_figures()
        finally:
            self._loading = False

    def _show_figures(self) -> None:
        if self.report is None:
            return
        data = self.services.reports.data(self.report.id)
        total = data.figures.total
        self.figures.setText(
            self.tr("Từ %s đến %s: %d nhiệm vụ — %s. Tỷ lệ hoàn thành %s.")
            % (short_date(data.window[0]), short_date(data.as_of), total.total,
               counts_sentence(total) or self.tr("chưa có số liệu"), format_percent(total.percent_done)))

    # -- saving ----------------------------------------------------------------------

    def _edited(self, *_args) -> None:
        if not self._loading:
            self._save_timer.start()

    def values(self) -> dict:
        qdate = self.as_of.date()
        return {
            "period": self.period.currentData(),
            "year": self.year.value(),
            "as_of": date(qdate.year(), qdate.month(), qdate.day()) if self.use_as_of.isChecked() else None,
            "number": self.number.text().strip(),
            "symbol": self.symbol.text().strip() or "BC-UBND",
            "issue_day": self.day.optional_value(),
            "issue_month": self.month.optional_value(),
            "issue_year": self.issue_year.optional_value(),
            "addressees": _lines(self.addressees.toPlainText()),
            "recipients": _lines(self.recipients.toPlainText()),
            "texts": {key: box.toPlainText().strip() for key, box in self.texts.items()},
            "sent_on": _day(self.sent_on.date()) if self.was_sent.isChecked() else None,
        }

    def save(self) -> None:
        """Write the form to the saved report (after a pause, on switching, on closing)."""
        self._save_timer.stop()
        if self.report is None or self._loading:
            return
        values = self.values()
        current = {name: getattr(self.report, name) for name in values}
        changes = {k: v for k, v in values.items() if v != current[k]}
        if not changes:
            return
        try:
            self.services.reports.update(self.report.id, changes)
        except Exception as error:
            show_error(self, error)
            return
        self.report = self.services.reports.get(self.report.id)
        if {"period", "year", "number", "as_of"} & set(changes):
            self.title.setText(report_title(Period(self.report.period), self.report.year))
            self._show_figures()
            item = self.reports.currentItem()
            if item is not None:
                number = f" — số {self.report.number}/{self.report.symbol}" if self.report.number else " — dự thảo"
                item.setText(f"{PERIOD_LABELS[Period(self.report.period)]} {self.report.year}{number}")

    def done(self, result: int) -> None:
        self.save()
        super().done(result)

    # -- actions ----------------------------------------------------------------------

    def new_report(self) -> None:
        periods = self.services.reports.due_periods(self.plan_id)  # a mid-year plan: from its first period
        labels = [PERIOD_LABELS[p] for p in periods]
        label, ok = QInputDialog.getItem(self, self.tr("Báo cáo mới"), self.tr("Kỳ báo cáo:"), labels, 0, False)
        if not ok:
            return
        period = periods[labels.index(label)]
        year = self.services.plans.get(self.plan_id).year
        existing = self.services.reports.find(self.plan_id, period.value, year)
        if existing is not None:
            self.reload(select=existing.id)
            return
        try:
            report = self.services.reports.create(self.plan_id, period.value, year)
        except Exception as error:
            show_error(self, error)
            return
        self.reload(select=report.id)

    def delete_report(self) -> None:
        if self.report is None:
            return
        answer = QMessageBox.question(self, self.tr("Xóa báo cáo"), self.tr("Xóa báo cáo này?"),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer == QMessageBox.Yes:
            self.services.reports.delete(self.report.id)
            self.report = None
            self.reload()

    def regenerate_texts(self) -> None:
        """Refill the parts from the current figures (asks before overwriting)."""
        if self.report is None:
            return
        answer = QMessageBox.question(self, self.tr("Gợi ý lại nội dung"),
                                      self.tr("Thay nội dung các phần bằng nội dung gợi ý từ số liệu hiện tại?"),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        self.save()
        texts = self.services.reports.suggested_texts(self.report.id)
        for key, box in self.texts.items():
            box.setPlainText(texts.get(key, ""))
        self.save()

    def _default_name(self) -> str:
        from app.core.file_names import document_file_name

        plan = self.services.plans.get(self.plan_id)
        return document_file_name("report-pdf", plan.kind, plan.year, plan.issuing_body, self.report.period,
                                  self.report.year)

    def export_pdf(self) -> None:
        self.save()
        if self.report is None:
            return
        from app.ui.save_target import choose_save_path

        chosen = choose_save_path(self, self.services, self.tr("Lưu báo cáo"), Path.home() / self._default_name(),
                                  "PDF (*.pdf)", ".pdf")
        if chosen is None:
            return
        report_id = self.report.id
        run_with_progress(self, self.tr("Đang tạo báo cáo…"),
                          lambda progress: self.services.reports.export_pdf(
                              report_id, chosen.path, replace_read_only=chosen.replace_read_only),
                          lambda path: offer_to_open(self, path, self.tr("báo cáo")))

    def export_docx(self) -> None:
        self.save()
        if self.report is None:
            return
        from app.ui.word_export import export_report_word

        default = Path.home() / Path(self._default_name()).with_suffix(".docx").name
        export_report_word(self, self.services, self.report.id, default)

    def print_report(self) -> None:
        self.save()
        if self.report is None:
            return
        report_id = self.report.id
        preview_generated(self, self.tr("In báo cáo"),
                          lambda target, progress: self.services.reports.export_pdf(report_id, target, progress))
