"""The appendix columns fill the window at every start, unless the officer
set widths of their own: those are remembered."""

from __future__ import annotations

from app.ui.main_window import MainWindow
from app.ui.window_state import window_settings


def open_window(qtbot, services, tab: str) -> MainWindow:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.select_plan(services.plans.list()[0].id)
    window.show()
    window.show_tab(tab)
    qtbot.waitExposed(window)
    return window


def columns_span(window: MainWindow) -> int:
    header = window.matrix.tree.header()
    return sum(header.sectionSize(i) for i in range(header.count()))


def test_closing_without_opening_the_matrix_leaves_its_widths_to_fit(qtbot, services, messages):
    services.imports.import_sample()
    first = open_window(qtbot, services, "overview")
    first.close()
    assert window_settings().value(first.matrix.column_state_key()) is None
    second = open_window(qtbot, services, "matrix")
    qtbot.waitUntil(lambda: columns_span(second) > 0.9 * second.matrix.tree.viewport().width())
    second.close()


def test_a_column_width_the_officer_set_is_remembered(qtbot, services, messages):
    services.imports.import_sample()
    first = open_window(qtbot, services, "matrix")
    first.matrix.tree.header().resizeSection(2, 333)  # dragged by hand
    first.close()
    second = open_window(qtbot, services, "matrix")
    assert second.matrix.tree.header().sectionSize(2) == 333
    second.close()
