"""The "Tổng quan" tab: the period's figures as the report gives them, the
overdue tasks, the tasks due within 7 days, and the report deadlines. Every
task item jumps to its row in the matrix.

The figures come from the open plan's state (no database read); they are
worked out when the tab is looked at, not after every edit."""

from __future__ import annotations

from datetime import date

from app.core.dates import short_date
from app.core.figures import format_percent
from app.core.overview import Overview, due_soon_text, overdue_text
from app.core.periods import period_title
from app.core.plan_state import StateUpdate
from app.core.report_text import sentence_case
from app.core.status import TASK_STATUS_SHORT_LABELS, TaskStatus
from app.ui.open_plan import OpenPlan
from app.ui.qt import (
    QAbstractItemView, QColor, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem, Qt,
    QtWidgets, QTimer, QVBoxLayout, QWidget, Signal,
)

# One column per status, in the order TaskStatus declares them (the report's order).
STATUSES = tuple(TaskStatus)
COLUMNS = ("Lĩnh vực", "Tổng số", *(TASK_STATUS_SHORT_LABELS[s] for s in STATUSES), "Tỷ lệ HT")
RED, ORANGE = QColor("#c62828"), QColor("#e65100")


class OverviewTab(QWidget):
    row_requested = Signal(int)  # a task to show in the matrix

    def __init__(self, plan: OpenPlan, parent=None):
        super().__init__(parent)
        self.plan = plan
        self.overview: Overview | None = None
        self._stale = True
        plan.changed.connect(self._plan_changed)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 1)
        font.setBold(True)
        self.heading.setFont(font)
        self.figures = QtWidgets.QTableWidget(0, len(COLUMNS))
        self.figures.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.figures.verticalHeader().setVisible(False)
        # Rows follow the area names as the view finally lays them out: filled
        # before the tab has its width, they were sized for wrapped names and
        # stayed tall (seen with the bundled fonts, e.g. under Windows).
        self.figures.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        # (once the header has stored every new height: during sectionResized
        # the other rows still report their old ones)
        self._refit = QTimer(self, singleShot=True, interval=0, timeout=self._fit_figures_height)
        self.figures.verticalHeader().sectionResized.connect(lambda *_sizes: self._refit.start())
        self.figures.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.figures.setSelectionMode(QAbstractItemView.NoSelection)
        self.figures.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        # One line per area (the area column takes the spare width): rows sized
        # before the window is laid out would otherwise wrap, and come out uneven.
        self.figures.setWordWrap(False)
        self.figures.setTextElideMode(Qt.ElideRight)
        self.figures.verticalHeader().setDefaultSectionSize(self.figures.fontMetrics().lineSpacing() + 10)
        self.overdue = self._list()
        self.due_soon = self._list()
        self.deadlines = QListWidget()
        self.deadlines.setWordWrap(True)
        lists = QHBoxLayout()
        for title, widget in ((self.tr("Quá hạn, chưa hoàn thành"), self.overdue),
                              (self.tr("Đến hạn trong 7 ngày"), self.due_soon),
                              (self.tr("Hạn gửi báo cáo"), self.deadlines)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            lists.addWidget(box, 2 if widget is not self.deadlines else 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.figures)
        layout.addLayout(lists, 1)
        hint = QLabel(self.tr("Nhấp đúp (hoặc Enter) vào một nhiệm vụ để mở dòng của nó trong phụ lục."))
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)

    def _list(self) -> QListWidget:
        widget = QListWidget()
        widget.setWordWrap(True)
        widget.itemActivated.connect(self._activated)
        return widget

    def _activated(self, item: QListWidgetItem) -> None:
        row_id = item.data(Qt.UserRole)
        if row_id is not None:
            self.row_requested.emit(row_id)

    def _plan_changed(self, update: StateUpdate) -> None:
        if update.reset or update.tracking or update.structure or update.document:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self, today: date | None = None) -> None:
        """Work the figures out again (``today``: as if it were that day)."""
        self._stale = False
        for widget in (self.overdue, self.due_soon, self.deadlines):
            widget.clear()
        self.figures.setRowCount(0)
        state = self.plan.state
        if state is None:
            self.overview = None
            self.heading.setText(self.tr("Chưa có kế hoạch nào."))
            return
        overview = self.overview = state.overview(today)
        self.heading.setText(self._heading(overview))
        self._fill_figures(overview)
        for task in overview.overdue:  # each names the occurrences it missed
            self._task_item(self.overdue, task, overdue_text(task, overview.as_of), RED)
        for task in overview.due_soon:  # the next occurrence, coloured at 3 and 1 day(s)
            level = task.status.warning_days
            colour = RED if level == 1 else ORANGE if level == 3 else None
            self._task_item(self.due_soon, task, due_soon_text(task), colour)
        for deadline in overview.deadlines:
            if deadline.days_left < 0:
                text = self.tr("%s — hạn %s (đã quá %d ngày)") % (deadline.label, short_date(deadline.due), -deadline.days_left)
            else:
                text = self.tr("%s — hạn %s (còn %d ngày)") % (deadline.label, short_date(deadline.due), deadline.days_left)
            item = QListWidgetItem(text)
            if deadline.days_left <= 7:
                item.setForeground(RED if deadline.days_left <= 3 else ORANGE)
            self.deadlines.addItem(item)
        for widget, empty in ((self.overdue, self.tr("Không có nhiệm vụ quá hạn.")),
                              (self.due_soon, self.tr("Không có nhiệm vụ đến hạn trong 7 ngày."))):
            if widget.count() == 0:
                widget.addItem(QListWidgetItem(empty))

    def _task_item(self, widget: QListWidget, task, text: str, colour: QColor | None) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.UserRole, task.row.id)
        item.setToolTip(text)
        if colour is not None:
            item.setForeground(colour)
        widget.addItem(item)

    def _heading(self, overview: Overview) -> str:
        title = period_title(overview.period, overview.year)
        start = short_date(overview.window[0])
        if overview.as_of < overview.window[0]:  # a next year's plan, made in December
            return self.tr("Kỳ báo cáo %s: số liệu tính từ %s, kế hoạch chưa đến kỳ thực hiện.") % (title, start)
        return self.tr("Số liệu kỳ báo cáo %s, từ %s đến %s") % (title, start, short_date(overview.as_of))

    def _fill_figures(self, overview: Overview) -> None:
        rows = [(f"{a.label}. {sentence_case(a.title)}" if a.label else (sentence_case(a.title) or "Khác"), a.counts)
                for a in overview.figures.areas]
        rows.append((self.tr("Tổng cộng"), overview.figures.total))
        self.figures.setRowCount(len(rows))
        for r, (label, counts) in enumerate(rows):
            values = [label, str(counts.total)] + [str(counts[s]) for s in STATUSES] + [format_percent(counts.percent_done)]
            for c, value in enumerate(values):
                item = QtWidgets.QTableWidgetItem(value)
                item.setTextAlignment(Qt.AlignCenter if c else Qt.AlignLeft | Qt.AlignVCenter)
                if c == 0:
                    item.setToolTip(value)  # a long area name may be cut short on a narrow screen
                if r == len(rows) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if c == 5 and value != "0":
                    item.setForeground(RED)
                self.figures.setItem(r, c, item)
        self.figures.resizeColumnsToContents()
        self.figures.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.figures.resizeRowsToContents()
        self._fit_figures_height()
        self.figures.scrollToTop()

    def _fit_figures_height(self) -> None:
        """Every area and the total, without scrolling (up to 420 px)."""
        height = self.figures.horizontalHeader().sizeHint().height() + sum(
            self.figures.rowHeight(r) for r in range(self.figures.rowCount())) + 4
        self.figures.setMinimumHeight(min(height, 420))
