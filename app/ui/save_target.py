"""Where the window may save an export, a report or a backup.

Every save dialog goes through here: the name the officer picked is checked
by the same guard as the command line (never the open data file, its side
files, or the folders the program manages), and a file marked read-only is
replaced only after asking."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.errors import UserError
from app.ui.errors import show_error
from app.ui.qt import QFileDialog, QMessageBox


@dataclass(frozen=True)
class SaveTarget:
    path: Path
    replace_read_only: bool = False  # the officer agreed to replace a read-only file


def confirm_save_path(parent, services, target: Path) -> SaveTarget | None:
    """``target`` checked (and the read-only question asked); None: do not save."""
    from app.services.output_guard import ReadOnlyTargetError

    try:
        return SaveTarget(services.check_output(target))
    except ReadOnlyTargetError:
        answer = QMessageBox.question(
            parent, parent.tr("Tệp chỉ cho phép đọc"),
            parent.tr("Tệp «%s» đang đặt chỉ cho phép đọc.\nVẫn thay tệp này bằng tệp mới?") % target,
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return None
        try:
            return SaveTarget(services.check_output(target, replace_read_only=True), True)
        except UserError as error:
            show_error(parent, error, parent.tr("Không lưu được vào đây"))
            return None
    except UserError as error:
        show_error(parent, error, parent.tr("Không lưu được vào đây"))
        return None


def choose_save_path(parent, services, title: str, default: Path, file_filter: str, suffix: str) -> SaveTarget | None:
    """The save dialog, then the checks; the suffix is added when missing."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(default), file_filter)
    if not name:
        return None
    target = Path(name if name.lower().endswith(suffix) else name + suffix)
    return confirm_save_path(parent, services, target)
