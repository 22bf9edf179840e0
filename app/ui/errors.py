"""Turning exceptions into messages a user can read. Never a traceback."""

from __future__ import annotations

import logging
import sys

from app.core.errors import UserError
from app.logging_setup import log_file_path

log = logging.getLogger(__name__)


def message_for(error: BaseException) -> str:
    """The sentence to show for ``error``; unexpected ones are logged."""
    if isinstance(error, UserError):
        return str(error)
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    return (
        "Đã xảy ra lỗi không mong muốn. Công việc đã lưu không bị ảnh hưởng.\n"
        f"Chi tiết đã ghi vào {log_file_path()}."
    )


def show_error(parent, error: BaseException, title: str = "Không thực hiện được") -> None:
    from app.ui.qt import QMessageBox

    QMessageBox.warning(parent, title, message_for(error))


def install_excepthook() -> None:
    """An exception escaping a slot becomes a message box, not a crash."""

    def hook(kind, error, traceback):
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, traceback)
            return
        from app.ui.qt import QApplication

        error.__traceback__ = traceback
        window = QApplication.activeWindow()
        try:
            show_error(window, error)
        except Exception:  # the message box itself failed: at least log
            log.exception("could not show the error message")

    sys.excepthook = hook
