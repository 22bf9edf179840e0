"""Exporting the plan or a report to Word (.docx) from the window, for the
leader's last edits before signing: which parts, where to save (checked by
the same guard as every save), the work off the UI thread with progress and
Cancel, then the offer to open the file or its folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from app.ui.background import run_with_progress
from app.ui.dialogs import ok_cancel_buttons
from app.core.file_names import document_file_name
from app.ui.export_dialog import offer_to_open
from app.ui.qt import QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QRadioButton, QtWidgets, QVBoxLayout

if TYPE_CHECKING:  # the window opens before SQLAlchemy is imported
    from app.services import Services

WORD_FILTER = "Word (*.docx)"
WORD_SUFFIX = ".docx"

# (document, appendix) for each choice, as ``cchc export-docx`` and its --document-only / --appendix-only.
PARTS = (("Văn bản kế hoạch và phụ lục", True, True), ("Chỉ văn bản kế hoạch", True, False),
         ("Chỉ phụ lục", False, True))


def with_word_suffix(name: str) -> Path:
    return Path(name if name.lower().endswith(WORD_SUFFIX) else name + WORD_SUFFIX)


class WordExportDialog(QDialog):
    """The parts of the plan to put in the Word file, and where to save it."""

    def __init__(self, plan, default_folder: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Xuất kế hoạch ra Word (.docx)"))
        self.plan = plan
        self.parts = [QRadioButton(self.tr(label)) for label, _document, _appendix in PARTS]
        self.parts[0].setChecked(True)
        self.target = default_folder / self._default_name()
        for button in self.parts:
            button.toggled.connect(self._parts_chosen)
        self.target_label = QLabel(str(self.target))
        self.target_label.setWordWrap(True)
        choose = QtWidgets.QPushButton(self.tr("Chọn nơi lưu…"))
        choose.clicked.connect(self._choose_target)
        parts = QVBoxLayout()
        for button in self.parts:
            parts.addWidget(button)
        hint = QLabel(self.tr("Tệp Word theo đúng thể thức như bản PDF, để lãnh đạo sửa lần cuối trước khi ký."))
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Nội dung:"), parts)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_label, 1)
        target_row.addWidget(choose)
        form.addRow(self.tr("Lưu vào:"), target_row)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self, self.tr("Xuất"), self.accept))

    def _default_name(self, document: bool = True) -> str:
        """As the PDF would be named ("KH-CCHC-2023-Phuong-Song-Cau"), as a .docx."""
        kind = "plan-pdf" if document else "appendix-pdf"
        plan = self.plan
        return Path(document_file_name(kind, plan.kind, plan.year, plan.issuing_body)).stem + WORD_SUFFIX

    def _parts_chosen(self) -> None:
        """The appendix alone is named as an appendix, unless the officer chose a name."""
        if self.target.name in (self._default_name(True), self._default_name(False)):
            self.target = self.target.with_name(self._default_name(self.chosen_parts()[0]))
            self.target_label.setText(str(self.target))

    def _choose_target(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu tệp Word"), str(self.target), WORD_FILTER)
        if name:
            self.target = with_word_suffix(name)
            self.target_label.setText(str(self.target))

    def chosen_parts(self) -> tuple[bool, bool]:
        """(document, appendix)."""
        index = next(i for i, button in enumerate(self.parts) if button.isChecked())
        return PARTS[index][1], PARTS[index][2]


def run_word_export(parent, services: Services, target: Path, work: Callable, what: str) -> None:
    """Check ``target`` (never over the data file; read-only only if agreed),
    then write it off the UI thread; ``work(path, replace_read_only, progress)``."""
    from app.ui.save_target import confirm_save_path

    chosen = confirm_save_path(parent, services, target)
    if chosen is None:
        return
    run_with_progress(parent, parent.tr("Đang tạo tệp Word…"),
                      lambda progress: work(chosen.path, chosen.replace_read_only,
                                            lambda done, total: progress.step(done, total)),
                      lambda path: offer_to_open(parent, path, what))


def export_plan_word(window, services: Services, plan_id: int) -> None:
    """Tệp › Xuất Word (.docx): the plan document and/or its appendix."""
    plan = services.plans.get(plan_id)
    dialog = WordExportDialog(plan, Path.home(), window)
    if not dialog.exec():
        return
    document, appendix = dialog.chosen_parts()
    run_word_export(window, services, dialog.target,
                    lambda path, replace, step: services.exports.export_plan_docx(
                        plan_id, path, progress=step, document=document, appendix=appendix,
                        replace_read_only=replace),
                    window.tr("kế hoạch Word"))


def export_report_word(dialog, services: Services, report_id: int, default: Path) -> None:
    """The report dialog's "Xuất Word…": where to save, then the same work as the PDF's."""
    name, _ = QFileDialog.getSaveFileName(dialog, dialog.tr("Lưu báo cáo Word"), str(default), WORD_FILTER)
    if not name:
        return
    run_word_export(dialog, services, with_word_suffix(name),
                    lambda path, replace, step: services.reports.export_docx(report_id, path, step, replace),
                    dialog.tr("báo cáo Word"))


def export_appendix_word(window, services: Services, plan_id: int, columns: list[str], target: Path) -> None:
    """The appendix export dialog with "Word (.docx)" chosen: the appendix alone, in the chosen columns."""
    run_word_export(window, services, target,
                    lambda path, replace, step: services.exports.export_plan_docx(
                        plan_id, path, columns, progress=step, document=False, appendix=True,
                        replace_read_only=replace),
                    window.tr("phụ lục Word"))
