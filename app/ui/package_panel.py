"""The submission package in "Gửi lên tỉnh": the period it will be for, the
unit's name and code written in it, and saving it as a file of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from app.core.dates import short_date
from app.ui.background import run_with_progress
from app.ui.errors import show_error
from app.ui.qt import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget


class PackagePanel(QWidget):
    """Sits under the package's check box in the dialog's list of files."""

    def __init__(self, services, plan_id: int, report_of: Callable[[], int | None], parent=None):
        super().__init__(parent)
        self.services = services
        self.plan_id = plan_id
        self.report_of = report_of
        unit = services.submissions.unit(plan_id)
        self.unit_name = QLineEdit(unit.name)
        self.unit_name.setPlaceholderText(self.tr("ví dụ: phường Sông Cầu"))
        self.unit_code = QLineEdit(unit.code)
        self.unit_code.setPlaceholderText(self.tr("ví dụ 01834"))
        self.unit_code.setToolTip(self.tr("Mã đơn vị hành chính của xã, phường (Sở Nội vụ dùng để nhận ra đơn vị)"))
        self.unit_code.setMaximumWidth(120)
        self.period = QLabel()
        self.save_button = QPushButton(self.tr("Lưu gói nộp báo cáo…"))
        self.save_button.clicked.connect(self.save_package)
        unit_row = QHBoxLayout()
        unit_row.addWidget(self.unit_name, 1)
        unit_row.addWidget(QLabel(self.tr("Mã đơn vị:")))
        unit_row.addWidget(self.unit_code)
        period_row = QHBoxLayout()
        period_row.addWidget(self.period, 1)
        period_row.addWidget(self.save_button)
        form = QFormLayout(self)
        form.setContentsMargins(24, 0, 0, 0)  # under the check box it belongs to
        form.addRow(self.tr("Đơn vị gửi:"), unit_row)
        form.addRow(self.tr("Kỳ của gói:"), period_row)
        self.refresh()

    def refresh(self) -> None:
        """The period follows the chosen report (none chosen: the period of today)."""
        try:
            chosen = self.services.submissions.period_of(self.plan_id, report_id=self.report_of())
        except Exception as error:  # a report deleted meanwhile…
            self.period.setText(str(error))
            return
        from app.core.consolidation import period_label

        self.period.setText(self.tr("%s — số liệu đến ngày %s (kỳ số liệu %s–%s)") % (
            period_label(chosen.period, chosen.year), short_date(chosen.as_of), short_date(chosen.window[0]),
            short_date(chosen.window[1])))

    def store_unit(self) -> None:
        """Keep the name and code typed here for next time (and for the
        package about to be made); refused when the code is not a code."""
        submissions = self.services.submissions
        unit = submissions.unit(self.plan_id)
        name, code = self.unit_name.text().strip(), self.unit_code.text().strip()
        if code != unit.code:
            submissions.set_unit_code(code)
        if name != unit.name:
            submissions.set_unit_name(name)

    def save_package(self) -> None:
        from app.ui.save_target import choose_save_path

        try:
            self.store_unit()
            chosen = self.services.submissions.period_of(self.plan_id, report_id=self.report_of())
            name = self.services.submissions.file_name(self.plan_id, chosen.period, chosen.year)
        except Exception as error:
            show_error(self, error)
            return
        target = choose_save_path(self, self.services, self.tr("Lưu gói nộp báo cáo"), Path.home() / name,
                                  self.tr("Gói nộp báo cáo (*.cchc)"), ".cchc")
        if target is None:
            return
        report_id = self.report_of()

        def work(progress):
            return self.services.submissions.build(
                self.plan_id, target.path, chosen.period, chosen.year, chosen.as_of, report_id,
                progress=lambda d, t: progress.step(d, t, self.tr("Đang lập gói…")),
                replace_read_only=target.replace_read_only)

        def done(result) -> None:
            from app.core.consolidation import period_label

            self.saved = result
            QMessageBox.information(self, self.tr("Gói nộp báo cáo"), self.tr(
                "Đã lưu gói nộp báo cáo %s của %s:\n%s\n\nGửi tệp này lên tỉnh (thư, USB, phần mềm văn bản); "
                "Sở Nội vụ mở bằng Báo cáo › Tổng hợp báo cáo các đơn vị.") % (
                period_label(result.period, result.year), result.unit.name, result.path))

        run_with_progress(self, self.tr("Đang lập gói nộp báo cáo…"), work, done)
