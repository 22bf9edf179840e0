"""Backups from the window: the list and restore, "Sao lưu ra tệp…",
"Khôi phục từ tệp…", and the choice offered when the data file is damaged."""

from __future__ import annotations

from pathlib import Path

from app.core.dates import short_date_time
from app.ui.background import run_with_progress
from app.ui.errors import show_error
from app.ui.qt import (
    QAbstractItemView, QDesktopServices, QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox,
    Qt, QtWidgets, QUrl, QVBoxLayout,
)
from app.ui.screen import fit_to_screen


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


class BackupDialog(QDialog):
    """The backups of the open data file; restore one (after a backup of now)."""

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window = window
        self.setWindowTitle(self.tr("Các bản sao lưu"))
        fit_to_screen(self, 700, 420)
        self.table = QtWidgets.QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Lúc"), self.tr("Lý do"), self.tr("Dung lượng"),
                                              self.tr("Số kế hoạch")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox()
        make = buttons.addButton(self.tr("Sao lưu ngay"), QDialogButtonBox.ActionRole)
        restore = buttons.addButton(self.tr("Khôi phục bản đã chọn…"), QDialogButtonBox.ActionRole)
        folder = buttons.addButton(self.tr("Mở thư mục"), QDialogButtonBox.ActionRole)
        close = buttons.addButton(self.tr("Đóng"), QDialogButtonBox.RejectRole)
        make.clicked.connect(self.backup_now)
        restore.clicked.connect(self.restore_selected)
        folder.clicked.connect(lambda: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(self.window.services.backups.folder))))
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Giữ 10 bản gần nhất và một bản mỗi tháng. "
                                        "Trước khi khôi phục, tình trạng hiện tại được sao lưu.")))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.fill()

    def fill(self) -> None:
        self.backups = self.window.services.backups.list()
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            plans = "?" if backup.plans is None else str(backup.plans)
            for column, text in enumerate((short_date_time(backup.created, seconds=True), backup.reason_label,
                                           _size(backup.size), plans)):
                item = QtWidgets.QTableWidgetItem(text)
                if column >= 2:  # sizes and counts line up on the right
                    item.setTextAlignment(int(Qt.AlignRight | Qt.AlignVCenter))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        for column in range(3):
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 24)
        if self.backups:
            self.table.selectRow(0)

    def backup_now(self) -> None:
        run_with_progress(self, self.tr("Đang sao lưu…"),
                          lambda progress: self.window.services.backups.create("thu-cong"), lambda _b: self.fill())

    def restore_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.backups):
            if restore_from(self.window, self.backups[row].path):
                self.fill()


def restore_from(window, path: Path) -> bool:
    """Ask, back up the current state, restore ``path``, show the result."""
    answer = QMessageBox.question(
        window, window.tr("Khôi phục"),
        window.tr("Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu «%s»?\n"
                  "Dữ liệu hiện tại sẽ được sao lưu trước.") % Path(path).name,
        QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    if answer != QMessageBox.Yes:
        return False
    try:
        window.services.restore(Path(path))
    except Exception as error:
        show_error(window, error)
        return False
    window.after_restore()
    return True


def export_backup(window) -> None:
    from datetime import datetime

    from app.ui.save_target import choose_save_path

    store = window.services.store
    suffix = store.backup_suffix  # a file's copy, or a server's package of everything
    default = Path.home() / f"sao-luu-so-ke-hoach-cchc-{datetime.now():%Y%m%d-%H%M}{suffix}"
    chosen = choose_save_path(window, window.services, window.tr("Sao lưu ra tệp"), default,
                              window.tr(store.backup_filter), suffix)
    if chosen is None:
        return
    run_with_progress(window, window.tr("Đang sao lưu…"),
                      lambda progress: window.services.backups.export_to(chosen.path),
                      lambda path: QMessageBox.information(window, window.tr("Đã sao lưu"),
                                                           window.tr("Đã ghi bản sao lưu:\n%s") % path))


def import_backup(window) -> None:
    name, _ = QFileDialog.getOpenFileName(window, window.tr("Khôi phục từ tệp"), str(Path.home()),
                                          window.tr("Bản sao lưu (*.sqlite3 *.zip);;Mọi tệp (*)"))
    if name:
        restore_from(window, Path(name))


class RecoveryDialog(QMessageBox):
    """The data file cannot be used: restore the latest good backup, open
    another file, or quit. The damaged file itself is never deleted."""

    RESTORE, OTHER, QUIT = 1, 2, 3

    def __init__(self, message: str, latest, parent=None):
        super().__init__(parent)
        self.setIcon(QMessageBox.Warning)
        self.setWindowTitle(self.tr("Không mở được dữ liệu"))
        text = message
        if latest is not None:
            text += "\n\n" + self.tr("Bản sao lưu tốt gần nhất: %s (%d kế hoạch). Tệp hỏng sẽ được giữ lại "
                                     "dưới tên mới, không bị xóa.") % (short_date_time(latest.created),
                                                                       latest.plans or 0)
        self.setText(text)
        self.choice = self.QUIT
        self._restore = self.addButton(self.tr("Khôi phục bản sao lưu"), QMessageBox.AcceptRole) if latest else None
        self._other = self.addButton(self.tr("Mở tệp khác…"), QMessageBox.ActionRole)
        self._quit = self.addButton(self.tr("Thoát"), QMessageBox.RejectRole)

    def ask(self) -> int:
        self.exec()
        clicked = self.clickedButton()
        if clicked is not None and clicked is self._restore:
            return self.RESTORE
        if clicked is self._other:
            return self.OTHER
        return self.QUIT


def open_with_recovery(window, db_path: Path | str | None, data_dir: Path):
    """Open the data file; when it is damaged or foreign, offer the way out.
    Returns the services, or None when the officer chose to quit. Data on a
    server are never offered a file's recovery: the message says what is wrong."""
    from app import paths
    from app.core.errors import UserError
    from app.models.database import DamagedFileError, ForeignFileError
    from app.models.postgres import is_server_url
    from app.services import Services
    from app.services.backup import BackupService, backups_folder
    from app.services.restore import restore_file
    from app.services.store import chosen_location

    location = chosen_location(db_path)
    if location is not None and is_server_url(location):
        try:
            return Services.open(location, data_dir)
        except UserError as error:
            show_error(window, error, window.tr("Không mở được dữ liệu"))
            return None
    path = Path(location) if location else data_dir / paths.DB_FILE_NAME
    while True:
        try:
            return Services.open(path, data_dir)
        except (DamagedFileError, ForeignFileError) as error:
            backups = BackupService(path, backups_folder(data_dir, path))
            choice = RecoveryDialog(str(error), backups.latest_good(), window).ask()
            if choice == RecoveryDialog.RESTORE:
                try:
                    restore_file(backups.latest_good().path, path, backups)
                except UserError as failure:
                    show_error(window, failure)
                continue
            if choice == RecoveryDialog.OTHER:
                name, _ = QFileDialog.getOpenFileName(window, window.tr("Mở tệp dữ liệu"), str(path.parent),
                                                      window.tr("Tệp dữ liệu (*.sqlite3);;Mọi tệp (*)"))
                if name:
                    path = Path(name)
                continue
            return None
        except UserError as error:
            show_error(window, error, window.tr("Không mở được dữ liệu"))
            return None
