"""Thiết lập: the unit (its names, its province and upper bodies, the
report's addressee), the library of legal bases, and the reporting rules
(data windows, the deadlines the province set, the reminder, the sender's
address). Saved together, in one step."""

from __future__ import annotations

from app.core.periods import PERIOD_LABELS, Period
from app.core.settings import SETTINGS
from app.ui.dialogs import ok_cancel_buttons
from app.ui.errors import show_error
from app.ui.legal_bases import LegalBasesEditor
from app.ui.qt import QCheckBox, QDialog, QFormLayout, QLineEdit, QSpinBox, QTabWidget, QVBoxLayout, QWidget
from app.ui.unit_form import UnitForm
from app.ui.screen import fit_to_screen

TEXT_KEYS = ("unit_code", "parent_body", "sender_email")
DAY_KEYS = ("window_start_day", "window_end_day") + tuple(f"report_deadline_day.{p.value}" for p in Period)
PAGES = ("unit", "bases", "reports")


class SettingsDialog(QDialog):
    def __init__(self, services, parent=None, page: str = "unit"):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Thiết lập"))
        fit_to_screen(self, 860, 600)
        self.tabs = QTabWidget()
        self.unit_form = UnitForm()
        self.unit_form.set_profile(services.unit_profile.profile())
        unit_page = QWidget()
        QVBoxLayout(unit_page).addWidget(self.unit_form)
        unit_page.layout().addStretch(1)
        self.bases = LegalBasesEditor()
        self.bases.set_bases(services.unit_profile.library())
        self.tabs.addTab(unit_page, self.tr("Đơn vị"))
        self.tabs.addTab(self.bases, self.tr("Thư viện căn cứ"))
        self.tabs.addTab(self._reports_page(), self.tr("Báo cáo và nhắc việc"))
        self.tabs.setCurrentIndex(PAGES.index(page) if page in PAGES else 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(ok_cancel_buttons(self, self.tr("Lưu"), self._save))

    def _reports_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.fields: dict = {}
        for key in TEXT_KEYS:
            edit = QLineEdit(str(self.services.settings.get(key) or ""))
            self.fields[key] = edit
            form.addRow(self.tr(SETTINGS[key].label) + ":", edit)
        for key in DAY_KEYS:
            spin = QSpinBox()
            spin.setRange(1, 28)
            spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("00") * 4 + 40)  # a day, not a line
            spin.setValue(int(self.services.settings.get(key)))
            self.fields[key] = spin
            label = SETTINGS[key].label
            if key.startswith("report_deadline_day."):
                label = self.tr("Hạn gửi báo cáo %s (ngày của tháng cuối kỳ)") % PERIOD_LABELS[Period(key.split(".")[1])]
            form.addRow(label + ":", spin)
        self.reminders = QCheckBox(self.tr("Nhắc nhiệm vụ quá hạn, sắp đến hạn và hạn báo cáo khi mở chương trình"))
        self.reminders.setChecked(bool(self.services.settings.get("reminders_enabled")))
        form.addRow("", self.reminders)
        return page

    def _save(self) -> None:
        from app.core.errors import InvalidInputError

        try:
            if self.fields["sender_email"].text().strip():
                from app.io.mail_draft import parse_address

                parse_address(self.fields["sender_email"].text())
            from app.services.submission import check_unit_code

            check_unit_code(self.fields["unit_code"].text())  # written in submission packages: digits only
            if self.fields["window_end_day"].value() >= self.fields["window_start_day"].value():
                raise InvalidInputError("Ngày chốt số liệu phải trước ngày bắt đầu kỳ (ví dụ 14 và 15).")
            other = {key: self.fields[key].text().strip() for key in TEXT_KEYS}
            other.update({key: self.fields[key].value() for key in DAY_KEYS})
            other["reminders_enabled"] = self.reminders.isChecked()
            self.services.unit_profile.save(self.unit_form.profile(), self.bases.bases(), other)
        except Exception as error:
            show_error(self, error)
            return
        self.accept()
