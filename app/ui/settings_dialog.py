"""Thiết lập: the unit's names, the data windows, the report deadlines the
upper level set, the reminder, the sender's address."""

from __future__ import annotations

from app.core.periods import PERIOD_LABELS, Period
from app.core.settings import SETTINGS
from app.ui.dialogs import ok_cancel_buttons
from app.ui.errors import show_error
from app.ui.qt import QCheckBox, QDialog, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout

TEXT_KEYS = ("unit_name", "unit_code", "parent_body", "place", "sender_email")
DAY_KEYS = ("window_start_day", "window_end_day") + tuple(f"report_deadline_day.{p.value}" for p in Period)


class SettingsDialog(QDialog):
    def __init__(self, services, parent=None):
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Thiết lập"))
        self.setMinimumWidth(520)
        form = QFormLayout()
        self.fields: dict = {}
        for key in TEXT_KEYS:
            edit = QLineEdit(str(services.settings.get(key) or ""))
            self.fields[key] = edit
            form.addRow(self.tr(SETTINGS[key].label) + ":", edit)
        for key in DAY_KEYS:
            spin = QSpinBox()
            spin.setRange(1, 28)
            spin.setValue(int(services.settings.get(key)))
            self.fields[key] = spin
            label = SETTINGS[key].label
            if key.startswith("report_deadline_day."):
                label = self.tr("Hạn gửi báo cáo %s (ngày của tháng cuối kỳ)") % PERIOD_LABELS[Period(key.split(".")[1])]
            form.addRow(label + ":", spin)
        self.reminders = QCheckBox(self.tr("Nhắc nhiệm vụ quá hạn, sắp đến hạn và hạn báo cáo khi mở chương trình"))
        self.reminders.setChecked(bool(services.settings.get("reminders_enabled")))
        form.addRow("", self.reminders)
        buttons = ok_cancel_buttons(self, self.tr("Lưu"), self._save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _save(self) -> None:
        try:
            if self.fields["sender_email"].text().strip():
                from app.io.mail_draft import parse_address

                parse_address(self.fields["sender_email"].text())
            from app.services.submission import check_unit_code

            check_unit_code(self.fields["unit_code"].text())  # written in submission packages: digits only
            if self.fields["window_end_day"].value() >= self.fields["window_start_day"].value():
                raise ValueError("Ngày chốt số liệu phải trước ngày bắt đầu kỳ (ví dụ 14 và 15).")
            for key in TEXT_KEYS:
                self.services.settings.set(key, self.fields[key].text().strip())
            for key in DAY_KEYS:
                self.services.settings.set(key, self.fields[key].value())
            self.services.settings.set("reminders_enabled", self.reminders.isChecked())
        except ValueError as error:
            from app.core.errors import InvalidInputError

            show_error(self, InvalidInputError(str(error)))
            return
        except Exception as error:
            show_error(self, error)
            return
        self.accept()
