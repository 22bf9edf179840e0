"""The overview's table of figures fits its rows to the width the tab finally
gets, not to the width it had when it was filled."""

from __future__ import annotations

from datetime import date

from app.ui.open_plan import OpenPlan
from app.ui.overview import OverviewTab
from app.ui.qt import QHeaderView, QtGui


def test_rows_filled_at_a_narrow_name_column_fit_again_when_the_tab_is_wide(qtbot, services):
    """With the bundled fonts on a system without any (Windows, seen under
    Wine) the overview was filled while its name column was 50 px wide: the
    area names wrapped, the rows stayed that tall at 1366 px and the total
    fell below a scroll bar. Here that narrow fill is made on purpose."""
    plan_id = services.imports.import_sample().plan_id
    plan = OpenPlan(services)
    tab = OverviewTab(plan)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitExposed(tab)
    plan.load(plan_id)
    tab.refresh(date(2023, 12, 14))
    figures = tab.figures
    header = figures.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.Interactive)
    figures.setColumnWidth(0, 50)
    figures.resizeRowsToContents()
    line = QtGui.QFontMetrics(figures.font()).lineSpacing()
    # (the names wrapped into rows 3+ lines tall, as seen; now a name stays on one line, elided)
    assert max(figures.rowHeight(r) for r in range(figures.rowCount())) < 2 * line

    header.setSectionResizeMode(0, QHeaderView.Stretch)  # the window lays the tab out
    qtbot.waitUntil(lambda: figures.columnWidth(0) > 300)
    names = [figures.item(r, 0).text() for r in range(figures.rowCount())]
    assert len(names) == 8 and names[-1] == "Tổng cộng"  # the sample's seven areas and the total
    qtbot.waitUntil(lambda: all(figures.rowHeight(r) < 2 * line for r in range(len(names))))
    qtbot.waitUntil(lambda: figures.verticalScrollBar().maximum() == 0)
    assert figures.height() >= header.height() + sum(figures.rowHeight(r) for r in range(len(names)))
    assert figures.minimumHeight() < header.height() + 2 * line * len(names)  # not kept at the tall height
