"""The dates the periodic reports went to the province, typed by hand (the
mail draft records them on its own): the self-assessment judges "sent on
time" by them. Each change is saved at once and is one undo step of the
self-assessment screen."""

from __future__ import annotations

from app.core.dates import short_date
from app.core.periods import PERIOD_LABELS, Period
from app.ui.assessment.details import _day
from app.ui.assessment.undo import apply
from app.ui.qt import (
    QCheckBox, QDate, QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QtWidgets, QVBoxLayout, QWidget,
)
from app.ui.screen import fit_to_screen


class ReportsSentDialog(QDialog):
    def __init__(self, screen, services, plan_id: int):
        super().__init__(screen)
        self.screen = screen
        self.services = services
        self.setWindowTitle(self.tr("Ngày gửi các báo cáo định kỳ"))
        fit_to_screen(self, 760, 320)
        self.table = QtWidgets.QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Báo cáo"), self.tr("Số, ngày"), self.tr("Đã gửi ngày")])
        self.table.horizontalHeader().setSectionResizeMode(0, QtWidgets.QHeaderView.Stretch)
        self.table.setColumnWidth(1, 200)
        self.table.setColumnWidth(2, 190)
        self.table.verticalHeader().setVisible(False)
        reports = services.reports.list(plan_id)
        for report in reports:
            self._add(report)
        note = QLabel(self.tr("Báo cáo nào chưa có ở đây thì lập trong Báo cáo › Báo cáo định kỳ. Báo cáo được tính "
                              "là «đầy đủ» khi đã có số và ngày ban hành, «đúng hạn» khi ngày gửi không muộn hơn hạn "
                              "gửi đặt trong Thiết lập."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _add(self, report) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        label = PERIOD_LABELS[Period(report.period)]
        self.table.setItem(row, 0, QtWidgets.QTableWidgetItem(f"Báo cáo {label} {report.year}"))
        number = f"{report.number}/{report.symbol}" if report.number else self.tr("(chưa có số)")
        when = f", {short_date(report.issue_date)}" if report.issue_date else ""
        self.table.setItem(row, 1, QtWidgets.QTableWidgetItem(number + when))
        holder = QWidget()
        sent = QCheckBox()
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        day = report.sent_on or report.issue_date or QDate.currentDate().toPython()
        edit.setDate(QDate(day.year, day.month, day.day))
        sent.setChecked(report.sent_on is not None)
        edit.setEnabled(report.sent_on is not None)
        inner = QHBoxLayout(holder)
        inner.setContentsMargins(4, 0, 4, 0)
        inner.addWidget(sent)
        inner.addWidget(edit, 1)
        self.table.setCellWidget(row, 2, holder)
        self.table.setRowHeight(row, max(self.table.rowHeight(row), edit.sizeHint().height() + 4))

        def save() -> None:
            value = _day(edit.date()) if sent.isChecked() else None
            edit.setEnabled(sent.isChecked())
            current = self.services.reports.get(report.id).sent_on
            if value == current:
                return
            reports = self.services.reports
            apply(self, self.screen.stack, self.tr("Sửa ngày gửi báo cáo"),
                  lambda: reports.update(report.id, {"sent_on": value}),
                  lambda old: reports.update(report.id, old), self.screen.refresh)

        sent.toggled.connect(lambda _on: save())
        edit.editingFinished.connect(save)
