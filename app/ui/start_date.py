""""Thực hiện từ ngày": the day a plan issued mid-year takes effect (a ward
merged in July runs its plan from August). Occurrences, report periods and
data windows start there; unticked, the plan runs the whole year."""

from __future__ import annotations

from datetime import date

from app.ui.qt import QCheckBox, QDate, QDateEdit, QHBoxLayout, QWidget, Signal


class StartDateField(QWidget):
    edited = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.mid_year = QCheckBox(self.tr("Kế hoạch ban hành giữa năm, thực hiện từ ngày"))
        self.start_date = QDateEdit()
        self.start_date.setCalendarPopup(True)
        self.start_date.setDisplayFormat("dd/MM/yyyy")
        self.start_date.setEnabled(False)
        self.mid_year.toggled.connect(self.start_date.setEnabled)
        self.mid_year.toggled.connect(lambda _on: self.edited.emit())
        self.start_date.editingFinished.connect(self.edited.emit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.mid_year)
        row.addWidget(self.start_date)
        row.addStretch(1)

    def value(self) -> date | None:
        if not self.mid_year.isChecked():
            return None
        value = self.start_date.date()
        return date(value.year(), value.month(), value.day())

    def show_value(self, value: date | None, plan) -> None:
        """The plan's start (``plan``: for its year and issue date, offered
        as the start when the box is ticked)."""
        year = plan.year if plan else QDate.currentDate().year()
        for widget in (self.mid_year, self.start_date):
            widget.blockSignals(True)
        self.start_date.setDateRange(QDate(year, 1, 1), QDate(year, 12, 31))
        self.mid_year.setChecked(value is not None)
        self.start_date.setEnabled(value is not None)
        when = value or (plan.issue_date if plan is not None and plan.issue_date else None)
        self.start_date.setDate(QDate(when.year, when.month, when.day) if when else QDate(year, 7, 1))
        for widget in (self.mid_year, self.start_date):
            widget.blockSignals(False)
