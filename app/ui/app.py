"""Starting the window: the QApplication, error handling, screenshots."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def run_gui(db_path: str | None = None, screenshot: str | None = None, tab: str | None = None,
            plan_id: int | None = None, size: str = "1366x768") -> int:
    if screenshot:
        # Rendering to a file needs no display.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.ui import startup

    startup.check_display_platform()  # before Qt is loaded: a clear message, not an abort
    from app.ui.main_window import MainWindow
    from app.ui.qt import QApplication, QtCore

    from app.ui.errors import install_excepthook

    if sys.platform == "win32":
        _windows_taskbar_identity()
    QtCore.qInstallMessageHandler(startup.qt_message_handler)
    install_excepthook()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    startup.use_bundled_fonts_if_none(app)
    app.setApplicationName("Sổ kế hoạch CCHC")
    app.setOrganizationName("CCHC")
    app.setDesktopFileName("so-ke-hoach-cchc")  # ties the window to its .desktop entry and icon
    app.setWindowIcon(app_icon())
    from app.ui import qt_vietnamese

    app.qt_vietnamese = qt_vietnamese.install(app)  # Qt's own buttons and menus in Vietnamese
    # The window shows first; the data layer (SQLAlchemy, the file checks,
    # migrations) loads behind it, so the officer sees the program at once.
    window = MainWindow()
    if not screenshot:
        window.show()
        app.processEvents()
    services = _open_services(window, db_path)
    if services is None:
        return 2
    try:
        window.attach(services)
        from app.ui.presence import install_presence

        install_presence(window, services)  # "Đang mở bởi: …" when the data are on a shared server
        if plan_id is not None:
            window.select_plan(plan_id)
        if screenshot:
            return _screenshot(app, window, Path(screenshot), tab, size)
        window.daily_backup()
        if not services.plans.list():  # a fresh machine: offer the three ways to begin
            QtCore.QTimer.singleShot(0, window.show_welcome)
        else:
            window.remind_if_due()
        code = app.exec()
        from app.ui.background import wait_for_background_work

        wait_for_background_work()
        return code
    finally:
        services.close()


def _open_services(window, db_path):
    """Open the data file; a problem becomes a message (and, for a damaged
    file, the offer of its latest backup), never a traceback."""
    from app import paths
    from app.services import Services

    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return Services.open(db_path or None)  # the command line prints errors
    from app.ui.backup_ui import open_with_recovery

    return open_with_recovery(window, db_path or None, paths.data_dir())


def _windows_taskbar_identity() -> None:
    """Without its own AppUserModelID, Windows groups the window under the
    Python launcher's icon instead of ours."""
    try:
        import ctypes

        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID("CCHC.SoKeHoachCCHC")
    except (AttributeError, OSError):
        log.debug("could not set the taskbar identity", exc_info=True)


def app_icon():
    """The program's icon in every size we ship (PNG: no image plugin needed)."""
    from app.paths import resources_dir
    from app.ui.qt import QtGui

    icon = QtGui.QIcon()
    for png in sorted((resources_dir() / "icons").glob("cchc-*.png")):
        icon.addFile(str(png))
    return icon


def _screenshot(app, window, target: Path, tab: str | None, size: str) -> int:
    from app.core.errors import InvalidInputError

    try:
        width, height = (int(v) for v in size.lower().split("x"))
    except ValueError:
        raise InvalidInputError(f"Kích thước không hợp lệ: «{size}» (ví dụ 1366x768).") from None
    window.resize(width, height)
    if tab:
        window.show_tab(tab)
    window.show()
    for _ in range(3):  # let queued layout work (column fitting, row heights) run
        app.processEvents()
    if not window.grab().save(str(target), "PNG"):
        raise InvalidInputError(f"Không ghi được ảnh vào «{target}».")
    window.close()
    return 0
