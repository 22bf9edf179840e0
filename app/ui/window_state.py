"""What the main window remembers between sessions: its geometry (kept on
the screen it opens on), its tool bar, the log's columns, the splitters, the
last plan, and the matrix columns the officer sized by hand.

Window state belongs to the machine, not to the work: it lives in an .ini
beside the data (and in a test's own folder), not in the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app import paths
from app.ui.qt import QSettings
from app.ui.screen import fit_to_screen, keep_on_screen

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

# The first start fills a laptop's screen (1366×768) and stays a window on a big one.
DEFAULT_SIZE = (1600, 900)


def window_settings() -> QSettings:
    return QSettings(str(paths.data_dir() / "cua-so.ini"), QSettings.IniFormat)


def _splitters(window: MainWindow) -> dict:
    return {"log": window.log_tab.splitter, "sections": window.plan_form.sections_splitter}


def restore_window(window: MainWindow) -> None:
    settings = window_settings()
    geometry = settings.value("geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
        keep_on_screen(window)  # saved on a bigger screen, or with a now-missing monitor
    else:
        fit_to_screen(window, *DEFAULT_SIZE)
    state = settings.value("state")
    if state is not None:
        window.restoreState(state)
    log_header = settings.value("log/header")
    if log_header is not None:
        window.log_tab.table.horizontalHeader().restoreState(log_header)
    for key, splitter in _splitters(window).items():
        state = settings.value(f"splitter/{key}")
        if state is not None:
            splitter.restoreState(state)


def last_plan() -> int | None:
    return window_settings().value("last_plan", None, type=int)


def restore_columns(window: MainWindow) -> None:
    """The officer's own column widths for this layout, if any; otherwise the
    columns share the window by their content."""
    matrix = window.matrix
    state = window_settings().value(matrix.column_state_key())
    if state is not None:
        matrix._fitting = True
        matrix.tree.header().restoreState(state)
        matrix._fitting = False
    matrix.auto_fit = state is None
    if matrix.auto_fit:
        matrix.fit_columns()


def save_window_state(window: MainWindow) -> None:
    settings = window_settings()
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("state", window.saveState())
    settings.setValue("log/header", window.log_tab.table.horizontalHeader().saveState())
    for key, splitter in _splitters(window).items():
        settings.setValue(f"splitter/{key}", splitter.saveState())
    if window.services is not None and window.current_plan_id is not None:
        settings.setValue("last_plan", window.current_plan_id)
        # Only widths the officer set by hand are kept; fitted ones follow the window.
        key = window.matrix.column_state_key()
        if window.matrix.auto_fit:
            settings.remove(key)
        else:
            settings.setValue(key, window.matrix.tree.header().saveState())
    settings.sync()
