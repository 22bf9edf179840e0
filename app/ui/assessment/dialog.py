"""Tự đánh giá, chấm điểm Chỉ số CCHC: the whole January submission from
one screen — the criteria (built-in, or the province's table imported),
their scores (computed from the plan's data, or by hand with the
explanation), the tasks and log entries linked as evidence, the date the
figures are taken at, and the three outputs: the table (.xlsx), its PDF
and the evidence folder (.zip).

Every edit is saved at once and is one undo step (Ctrl+Z / Ctrl+Y)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.core.assessment.criteria import METHOD_LABELS, Method, format_points
from app.core.dates import short_date
from app.core.model import RowKind
from app.core.tree import numbers_for
from app.ui.assessment.details import CriterionPanel, _day
from app.ui.assessment.undo import apply
from app.ui.background import run_with_progress
from app.ui.qt import (
    QBrush, QColor, QDate, QDateEdit, QDialog, QFileDialog, QFont, QHBoxLayout, QKeySequence, QLabel, QMenu,
    QMessageBox, QPushButton, QSplitter, Qt, QToolButton, QtWidgets, QUndoStack, QVBoxLayout,
)
from app.ui.screen import fit_to_screen

COLUMNS = ("Mã", "Nội dung", "Tối đa", "Tự chấm", "Còn thiếu")


class AssessmentDialog(QDialog):
    def __init__(self, services, plan_id: int, parent=None):
        super().__init__(parent)
        self.services = services
        self.plan_id = plan_id
        self.plan = services.plans.get(plan_id)
        self.stack = QUndoStack(self)
        self.data = None
        self.setWindowTitle(self.tr("Tự đánh giá, chấm điểm Chỉ số CCHC năm %d") % self.plan.year)
        fit_to_screen(self, 1320, 720)
        self.as_of = QDateEdit()
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("dd/MM/yyyy")
        when = services.assessment.default_as_of(self.plan)
        self.as_of.setDate(QDate(when.year, when.month, when.day))
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        self.total = QLabel()
        font = self.total.font()
        font.setBold(True)
        self.total.setFont(font)
        criteria_button = QPushButton(self.tr("Bộ tiêu chí"))
        menu = QMenu(criteria_button)
        menu.addAction(self.tr("Nhập bảng tiêu chí của tỉnh (.xlsx)…"), self.import_criteria)
        menu.addAction(self.tr("Dùng bộ tiêu chí mẫu (kế hoạch, báo cáo, kiểm tra, tuyên truyền)"), self.use_builtin)
        criteria_button.setMenu(menu)
        undo = self.stack.createUndoAction(self, self.tr("Hoàn tác"))
        undo.setShortcuts([QKeySequence.Undo])
        redo = self.stack.createRedoAction(self, self.tr("Làm lại"))
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.addActions([undo, redo])
        undo_button, redo_button = QToolButton(), QToolButton()
        undo_button.setDefaultAction(undo)
        redo_button.setDefaultAction(redo)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Số liệu tính đến ngày:")))
        top.addWidget(self.as_of)
        top.addSpacing(16)
        top.addWidget(self.total, 1)
        for widget in (undo_button, redo_button, criteria_button):
            top.addWidget(widget)

        self.tree = QtWidgets.QTableWidget(0, len(COLUMNS))
        self.tree.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.tree.setWordWrap(True)
        self.tree.verticalHeader().setVisible(False)
        self.tree.setEditTriggers(QtWidgets.QAbstractItemView.NoEditTriggers)
        self.tree.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        self.tree.setSelectionMode(QtWidgets.QAbstractItemView.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.horizontalHeader()
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.Stretch)
        for column, width in ((0, 56), (2, 56), (3, 66), (4, 130)):
            self.tree.setColumnWidth(column, width)
        self.tree.currentCellChanged.connect(lambda *_: self._show_current())
        self.panel = CriterionPanel(self)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([600, 700])
        self.splitter = splitter

        bottom = QHBoxLayout()
        for text, slot in ((self.tr("Xuất bảng Excel…"), self.export_xlsx), (self.tr("Xuất PDF…"), self.export_pdf),
                           (self.tr("Xem trước và in…"), self.print_table),
                           (self.tr("Xuất hồ sơ minh chứng (.zip)…"), self.export_zip)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bottom.addWidget(button)
        bottom.addStretch(1)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.accept)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.refresh()
        if self.tree.rowCount():
            self.tree.selectRow(self._first_to_do())

    # -- showing -----------------------------------------------------------------------------

    @property
    def as_of_date(self) -> date:
        return _day(self.as_of.date())

    def refresh(self) -> None:
        """Scores and evidence again from the data (after every edit)."""
        current = self._current_id()
        self.data = self.services.assessment.data(self.plan_id, self.as_of_date)
        self._labels = self._names()
        self.tree.blockSignals(True)
        self.tree.setRowCount(0)
        for row, result in enumerate(self.data.result.results):
            c = result.criterion
            indent = "    " * result.level
            texts = [c.code, indent + c.content, format_points(c.max_points), format_points(result.score),
                     result.needs]
            self.tree.insertRow(row)
            for column, text in enumerate(texts):
                item = QtWidgets.QTableWidgetItem(text)
                item.setData(Qt.UserRole, c.id)
                if column in (0, 2, 3):
                    item.setTextAlignment(Qt.AlignCenter)
                if result.is_group:
                    bold = QFont(item.font())
                    bold.setBold(True)
                    item.setFont(bold)
                if column == 4 and result.needs:
                    item.setForeground(QBrush(QColor("#b71c1c")))
                self.tree.setItem(row, column, item)
            tip = METHOD_LABELS[c.method] if c.method is not Method.MANUAL else self.tr("Chấm tay")
            self.tree.item(row, 1).setToolTip(f"{c.content}\n({tip})")
        self.tree.resizeRowsToContents()
        self.tree.blockSignals(False)
        result = self.data.result
        missing = len(result.missing)
        self.total.setText(self.tr("Tổng điểm tự đánh giá: %s/%s%s") % (
            format_points(result.total_score) or "0", format_points(result.total_max),
            self.tr(" — còn %d tiêu chí chưa xong") % missing if missing else self.tr(" — đã chấm đủ")))
        self._select(current)

    def _select(self, criterion_id: int | None) -> None:
        for row in range(self.tree.rowCount()):
            if self.tree.item(row, 0).data(Qt.UserRole) == criterion_id:
                self.tree.blockSignals(True)
                self.tree.selectRow(row)
                self.tree.blockSignals(False)
                break
        self._show_current()

    def _first_to_do(self) -> int:
        """The first criterion still to be scored (the screen opens on it)."""
        results = self.data.result.results
        return next((i for i, r in enumerate(results) if r.needs), next(
            (i for i, r in enumerate(results) if not r.is_group), 0))

    def _current_id(self) -> int | None:
        row = self.tree.currentRow()
        item = self.tree.item(row, 0) if row >= 0 else None
        return item.data(Qt.UserRole) if item is not None else None

    def _show_current(self) -> None:
        criterion_id = self._current_id()
        result = next((r for r in self.data.result.results if r.criterion.id == criterion_id), None)
        suggestions = self.services.assessment.suggestions(self.plan_id, criterion_id) \
            if result is not None and not result.is_group else []
        self.panel.show_result(self.data, result, suggestions, self._labels)

    def _names(self) -> dict:
        """How the panel names tasks and log entries."""
        rows = self.services.rows.list(self.plan_id)
        numbers = numbers_for(rows)
        out = {}
        by_id = {r.id: r for r in rows}
        for row in rows:
            if row.kind is RowKind.TASK:
                number = numbers.get(row.id, "")
                name = " ".join((row.task or row.objective).split())[:90]
                out[("row", row.id)] = (self.tr("Nhiệm vụ %s: %s") % (number, name)) if number else \
                    (self.tr("Nhiệm vụ: %s") % name)
        for entry in self.services.progress.list(self.plan_id):
            row = by_id.get(entry.row_id)
            task = row
            while task is not None and task.kind is not RowKind.TASK:
                task = by_id.get(task.parent_id)
            what = " ".join((entry.evidence or entry.result).split())[:80] or self.tr("(không ghi kết quả)")
            files = self.tr(", %d tệp") % len(entry.attachments) if entry.attachments else ""
            out[("entry", entry.id)] = self.tr("Mục tiến độ %s (nhiệm vụ %s%s): %s") % (
                short_date(entry.date), numbers.get(task.id, "") if task else "", files, what)
        return out

    # -- edits (each one an undo step) -------------------------------------------------------

    def change(self, criterion, changes: dict) -> None:
        service = self.services.assessment
        apply(self, self.stack, self.tr("Sửa tiêu chí %s") % criterion.code,
              lambda: service.update(criterion.id, changes), lambda old: service.update(criterion.id, old),
              self.refresh)

    def link(self, criterion, keys) -> None:
        service = self.services.assessment

        def do():
            return [k for k in keys if service.link(criterion.id, **_link_args(k))]

        def undo(made):
            for key in made:
                service.unlink(criterion.id, **_link_args(key))

        apply(self, self.stack, self.tr("Liên kết minh chứng cho tiêu chí %s") % criterion.code, do, undo,
              self.refresh)

    def unlink(self, criterion, keys) -> None:
        service = self.services.assessment

        def do():
            return [k for k in keys if service.unlink(criterion.id, **_link_args(k))]

        def undo(removed):
            for key in removed:
                service.link(criterion.id, **_link_args(key))

        apply(self, self.stack, self.tr("Bỏ liên kết minh chứng của tiêu chí %s") % criterion.code, do, undo,
              self.refresh)

    def _replace(self, text: str, work) -> None:
        service = self.services.assessment
        apply(self, self.stack, text, work, service.restore, self.refresh)

    def use_builtin(self) -> None:
        answer = QMessageBox.question(self, self.tr("Bộ tiêu chí mẫu"), self.tr(
            "Thay các tiêu chí hiện có bằng bộ tiêu chí mẫu? Điểm chấm tay, giải trình và liên kết của các mã "
            "giống nhau được giữ lại; có thể hoàn tác."), QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer == QMessageBox.Yes:
            self._replace(self.tr("Dùng bộ tiêu chí mẫu"), lambda: self.services.assessment.use_builtin(self.plan_id))

    def import_criteria(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Bảng tiêu chí của tỉnh"), str(Path.home()),
                                              self.tr("Excel (*.xlsx)"))
        if not name:
            return
        counted = []

        def work():
            count, before = self.services.assessment.import_criteria(self.plan_id, Path(name))
            counted.append(count)
            return before

        self._replace(self.tr("Nhập bảng tiêu chí"), work)
        if counted:
            QMessageBox.information(self, self.tr("Bảng tiêu chí"),
                                    self.tr("Đã nhập %d tiêu chí từ «%s».") % (counted[0], Path(name).name))

    def edit_reports_sent(self) -> None:
        from app.ui.assessment.reports_sent import ReportsSentDialog

        ReportsSentDialog(self, self.services, self.plan_id).exec()
        self.refresh()

    # -- outputs -----------------------------------------------------------------------------

    def _default(self, suffix: str) -> Path:
        """"Tu-danh-gia-CCHC-2023-Phuong-Song-Cau.xlsx" (the names rule of the other files)."""
        from app.core.file_names import file_name_part
        from app.core.names import body_name

        unit = file_name_part(body_name(self.plan.issuing_body).unit_title) or "don-vi"
        return Path.home() / f"Tu-danh-gia-CCHC-{self.plan.year}-{unit}{suffix}"

    def _export(self, title: str, suffix: str, file_filter: str, what: str, write) -> None:
        from app.ui.save_target import choose_save_path
        from app.ui.export_dialog import offer_to_open

        chosen = choose_save_path(self, self.services, title, self._default(suffix), file_filter, suffix)
        if chosen is None:
            return
        as_of = self.as_of_date
        run_with_progress(self, self.tr("Đang tạo %s…") % what,
                          lambda progress: write(chosen.path, as_of, chosen.replace_read_only, progress),
                          lambda path: offer_to_open(self, path, what))

    def export_xlsx(self) -> None:
        service = self.services.assessment
        self._export(self.tr("Lưu bảng tự đánh giá"), ".xlsx", "Excel (*.xlsx)", self.tr("bảng tự đánh giá"),
                     lambda path, as_of, ro, _p: service.export_xlsx(self.plan_id, path, as_of, ro))

    def export_pdf(self) -> None:
        service = self.services.assessment
        self._export(self.tr("Lưu bảng tự đánh giá (PDF)"), ".pdf", "PDF (*.pdf)", self.tr("bảng tự đánh giá PDF"),
                     lambda path, as_of, ro, _p: service.export_pdf(self.plan_id, path, as_of, replace_read_only=ro))

    def export_zip(self) -> None:
        service = self.services.assessment

        def write(path, as_of, ro, progress):
            step = lambda done, total: progress.step(done, total, self.tr("Đang gom tài liệu…"))  # noqa: E731
            return service.export_evidence(self.plan_id, path, as_of, step, replace_read_only=ro)

        self._export(self.tr("Lưu hồ sơ minh chứng"), ".zip", self.tr("Tệp nén (*.zip)"),
                     self.tr("hồ sơ minh chứng"), write)

    def print_table(self) -> None:
        from app.ui.pdf_preview import preview_generated

        as_of = self.as_of_date
        preview_generated(self, self.tr("In bảng tự đánh giá"), lambda target, progress: (
            self.services.assessment.export_pdf(self.plan_id, target, as_of, progress)))


def _link_args(key) -> dict:
    kind, ident = key
    return {"row_id": ident} if kind == "row" else {"entry_id": ident}
