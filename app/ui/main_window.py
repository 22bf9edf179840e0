"""The main window (first version: the plan switcher and a read-only appendix)."""

from __future__ import annotations

from app.core.model import RowKind
from app.services import Services
from app.ui.qt import QComboBox, QMainWindow, QTabWidget, QVBoxLayout, QWidget, QtWidgets

TAB_KEYS = ("matrix",)


class MainWindow(QMainWindow):
    def __init__(self, services: Services):
        super().__init__()
        self.services = services
        self.setWindowTitle(self.tr("Sổ kế hoạch CCHC"))
        central = QWidget()
        layout = QVBoxLayout(central)
        self.plan_box = QComboBox()
        self.tabs = QTabWidget()
        self.tree = QtWidgets.QTreeWidget()
        self.tree.setHeaderLabels([self.tr("TT"), self.tr("Nội dung")])
        self.tabs.addTab(self.tree, self.tr("Phụ lục nhiệm vụ"))
        layout.addWidget(self.plan_box)
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self.plan_box.currentIndexChanged.connect(self._show_plan)
        for plan in services.plans.list():
            self.plan_box.addItem(f"{plan.year} — {plan.title}", plan.id)

    def select_plan(self, plan_id: int) -> None:
        index = self.plan_box.findData(plan_id)
        if index >= 0:
            self.plan_box.setCurrentIndex(index)

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentIndex(0)

    def _show_plan(self) -> None:
        from app.core.tree import numbers_for

        self.tree.clear()
        plan_id = self.plan_box.currentData()
        if plan_id is None:
            return
        rows = self.services.rows.list(plan_id)
        numbers = numbers_for(rows)
        items = {}
        for row in rows:
            parent = items.get(row.parent_id, self.tree.invisibleRootItem())
            text = row.task if row.kind in (RowKind.AREA, RowKind.TASK) else row.activity or row.task
            items[row.id] = QtWidgets.QTreeWidgetItem(parent, [numbers[row.id], text])
        self.tree.expandAll()
