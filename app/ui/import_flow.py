"""Importing from the window: choose a file, read it off the UI thread,
show the preview, write in the background, and put one undo step on the
stack when rows went into an open plan. Also the matrix's paste of rows
with no header: its guessed columns are shown in the same preview first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.core.model import NewRow
from app.io.importers import ImportSource, read_import_file
from app.ui.background import run_with_progress
from app.ui.commands import ImportRowsCommand, push_command
from app.ui.import_dialog import ImportDialog
from app.ui.qt import QFileDialog, QMessageBox

if TYPE_CHECKING:  # the window opens before SQLAlchemy is imported
    from app.services import Services

FILE_FILTER = ("Kế hoạch, phụ lục (*.docx *.pdf *.xlsx *.txt);;Word (*.docx);;PDF (*.pdf);;Excel (*.xlsx);;"
               "Văn bản (*.txt)")


def import_file(window, services: Services, path: Path | None = None) -> None:
    """Choose a file, read it off the UI thread, preview, then import."""
    if path is None:
        name, _ = QFileDialog.getOpenFileName(window, window.tr("Nhập phụ lục"), str(Path.home()),
                                              window.tr(FILE_FILTER))
        if not name:
            return
        path = Path(name)
    run_with_progress(window, window.tr("Đang đọc %s…") % path.name, lambda progress: read_import_file(path),
                      lambda source: _preview(window, services, source))


def _preview(window, services: Services, source: ImportSource) -> None:
    if not source.rows and source.document.empty:
        QMessageBox.warning(window, window.tr("Nhập phụ lục"),
                            source.note or window.tr("Tệp không có bảng phụ lục nào."))
        return
    if not source.rows:
        answer = QMessageBox.question(
            window, window.tr("Nhập phụ lục"),
            (source.note or window.tr("Tệp không có bảng phụ lục.")) + "\n\n" +
            window.tr("Tạo kế hoạch mới chỉ với các trường văn bản (số, ngày, trích yếu)?"),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        if answer != QMessageBox.Yes:
            return
    dialog = ImportDialog(source, services, window.current_plan_id, window)
    if not dialog.exec():
        return
    rows, (plan_id, year, kind, area_id) = dialog.chosen_rows(), dialog.target()
    take_document = dialog.take_document.isChecked() and plan_id is None

    def work(progress):
        return services.imports.apply(dialog.source, rows, plan_id=plan_id, year=year, kind=kind,
                                      take_document=take_document, area_id=area_id)

    def done(result) -> None:
        window.reload_plans(select=result.plan_id)
        if not result.created_plan and result.top_ids:
            push_command(window._stack_for(result.plan_id),
                         ImportRowsCommand(window.open_plan, result.top_ids, window.tr("Nhập %d nhiệm vụ") % result.tasks))
        window.show_tab("matrix")
        window.statusBar().showMessage(
            window.tr("Đã nhập %d nhiệm vụ, %d lĩnh vực.") % (result.tasks, result.areas), 10000)

    run_with_progress(window, window.tr("Đang nhập…"), work, done)


def rows_to_paste(parent, pasted: ImportSource) -> list[NewRow] | None:
    """The rows a paste writes. When their columns were guessed (no header),
    the officer sees and may correct the guess in the import preview first;
    None: the paste was cancelled."""
    if not pasted.columns_guessed:
        return list(pasted.rows)
    dialog = ImportDialog(pasted, None, None, parent, paste=True)
    if not dialog.exec():
        return None
    return dialog.chosen_rows()
