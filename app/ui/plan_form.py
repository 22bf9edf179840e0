"""The "Kế hoạch" tab: every document field of the plan.

Each field is saved as soon as it is edited (line fields when they lose
focus or Enter is pressed, text boxes after a short pause in typing) and each
save is one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from app.core.model import PlanDoc, Section, Signer
from app.core.presets import SIGNER_AUTHORITIES
from app.core.plan_state import StateUpdate
from app.ui.commands import PlanFieldsCommand, push_command
from app.ui.errors import show_error
from app.ui.legal_bases import library_buttons, pick_bases
from app.ui.open_plan import OpenPlan
from app.ui.qt import (
    QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPlainTextEdit,
    QPushButton, QScrollArea, QSpinBox, QSplitter, Qt, QTimer, QVBoxLayout, QWidget, Signal,
)
from app.ui.start_date import StartDateField


TYPING_PAUSE_MS = 700


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class AutoSaveText(QPlainTextEdit):
    """A text box that reports "edited" after a pause in typing or on leaving."""

    edited = Signal()

    def __init__(self, lines: int = 3, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * lines + 12)
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * max(lines, 3) * 3 + 12)
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.edited)
        self.textChanged.connect(self._timer.start)

    def focusOutEvent(self, event) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.edited.emit()
        super().focusOutEvent(event)

    def set_text_quietly(self, text: str) -> None:
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)


class DaySpin(QSpinBox):
    """A number that may be left blank (shown empty) for drafts."""

    def __init__(self, maximum: int, blank_text: str = " ", parent=None):
        super().__init__(parent)
        self.setRange(0, maximum)
        self.setSpecialValueText(blank_text)

    def optional_value(self) -> int | None:
        return self.value() or None


@dataclass
class _Binding:
    name: str
    label: str
    read: Callable[[], Any]
    show: Callable[[Any], None]


class PlanForm(QScrollArea):
    def __init__(self, open_plan: OpenPlan, parent=None):
        super().__init__(parent)
        self.open_plan = open_plan
        self.plan: PlanDoc | None = None  # the document as this form last showed it
        self._bindings: dict[str, _Binding] = {}
        self._sections: list[Section] = []
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._header_group())
        layout.addWidget(self._title_group())
        layout.addWidget(self._sections_group())
        layout.addWidget(self._ending_group())
        layout.addWidget(self._appendix_group())
        layout.addStretch(1)
        self.setWidget(body)
        self.setEnabled(False)
        open_plan.changed.connect(self._plan_changed)

    @property
    def services(self):
        """The open plan's services (the bases library's buttons use them)."""
        return self.open_plan.services

    # -- building ------------------------------------------------------------

    def _line(self, name: str, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.editingFinished.connect(lambda: self._commit(name))
        self._bind(name, label, edit.text, lambda v, e=edit: _set_line(e, v))
        return edit

    def _text(self, name: str, label: str, lines: int = 3, as_list: bool = False) -> AutoSaveText:
        box = AutoSaveText(lines)
        box.edited.connect(lambda: self._commit(name))
        if as_list:
            self._bind(name, label, lambda b=box: _lines(b.toPlainText()),
                       lambda v, b=box: b.set_text_quietly("\n".join(v)))
        else:
            self._bind(name, label, lambda b=box: b.toPlainText().strip(), lambda v, b=box: b.set_text_quietly(v))
        return box

    def _bind(self, name: str, label: str, read: Callable[[], Any], show: Callable[[Any], None]) -> None:
        self._bindings[name] = _Binding(name, label, read, show)

    def _header_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Phần đầu văn bản"))
        form = QFormLayout(group)
        self.parent_body = self._line("parent_body", self.tr("cơ quan chủ quản"), self.tr("(để trống nếu không có)"))
        self.issuing_body = self._text("issuing_body", self.tr("cơ quan ban hành"), 2)
        self.issuing_body.setPlaceholderText("ỦY BAN NHÂN DÂN\nPHƯỜNG …")
        self.number = self._line("number", self.tr("số"), self.tr("để trống khi còn là dự thảo"))
        self.symbol = self._line("symbol", self.tr("ký hiệu"), "KH-UBND")
        # Wide enough for its hint whole ("để trống khi còn là dự thảo").
        self.number.setMaximumWidth(max(180, self.number.fontMetrics().horizontalAdvance(
            self.number.placeholderText()) + 24))
        self.number.setMinimumWidth(self.number.maximumWidth())
        self.symbol.setMaximumWidth(220)
        number_row = QHBoxLayout()
        number_row.addWidget(QLabel(self.tr("Số:")))
        number_row.addWidget(self.number)
        number_row.addWidget(QLabel("/"))
        number_row.addWidget(self.symbol)
        number_row.addStretch(1)
        self.place = self._line("place", self.tr("địa danh"), "Sông Cầu")
        self.day = DaySpin(31)
        self.month = DaySpin(12)
        self.issue_year = DaySpin(2100)
        self.issue_year.setMinimum(0)
        date_row = QHBoxLayout()
        for label, spin, name in ((self.tr("ngày"), self.day, "issue_day"), (self.tr("tháng"), self.month, "issue_month"),
                                  (self.tr("năm"), self.issue_year, "issue_year")):
            date_row.addWidget(QLabel(label))
            date_row.addWidget(spin)
            self._bind(name, label, spin.optional_value, lambda v, s=spin: _set_spin(s, v))
            spin.valueChanged.connect(lambda _v, n=name: self._commit_later(n))
        date_row.addStretch(1)
        form.addRow(self.tr("Cơ quan chủ quản:"), self.parent_body)
        form.addRow(self.tr("Cơ quan ban hành:"), self.issuing_body)
        form.addRow(self.tr("Số, ký hiệu:"), number_row)
        form.addRow(self.tr("Địa danh:"), self.place)
        form.addRow(self.tr("Ngày ban hành:"), date_row)
        form.addRow("", QLabel(self.tr("Để trống ngày, tháng khi còn là dự thảo: văn bản in ra chừa chỗ trống.")))
        self.start_field = StartDateField()
        self.start_field.edited.connect(lambda: self._commit("start"))
        self._bind("start", self.tr("ngày bắt đầu thực hiện"), self.start_field.value,
                   lambda value: self.start_field.show_value(value, self.plan))
        form.addRow(self.tr("Thời gian thực hiện:"), self.start_field)
        return group

    def _title_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Tên loại, trích yếu và căn cứ"))
        form = QFormLayout(group)
        self.doc_type = self._line("doc_type", self.tr("tên loại"), "KẾ HOẠCH")
        self.title = self._text("title", self.tr("trích yếu"), 2)
        self.legal_bases = self._text("legal_bases", self.tr("căn cứ"), 3, as_list=True)
        self.legal_bases.setPlaceholderText(self.tr("Mỗi dòng một căn cứ, ví dụ: Thực hiện Kế hoạch số …/KH-UBND ngày … của …"))
        form.addRow(self.tr("Tên loại:"), self.doc_type)
        form.addRow(self.tr("Trích yếu:"), self.title)
        form.addRow(self.tr("Căn cứ:"), self.legal_bases)
        form.addRow("", library_buttons(self))
        return group

    def pick_bases(self) -> None:
        pick_bases(self)

    def _sections_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Nội dung (các phần của kế hoạch)"))
        row = QHBoxLayout(group)
        left = QVBoxLayout()
        self.section_list = QListWidget()
        self.section_list.currentRowChanged.connect(self._show_section)
        buttons = QHBoxLayout()
        self.section_buttons = {}
        for key, text, slot in (("add", self.tr("Thêm phần"), self._add_section),
                                ("remove", self.tr("Xóa phần"), self._remove_section),
                                ("up", self.tr("Lên"), lambda: self._move_section(-1)),
                                ("down", self.tr("Xuống"), lambda: self._move_section(1))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.section_buttons[key] = button
        left.addWidget(self.section_list)
        left.addLayout(buttons)
        right_widget = QWidget()
        right = QFormLayout(right_widget)
        right.setContentsMargins(0, 0, 0, 0)
        self.section_heading = QLineEdit()
        self.section_heading.setPlaceholderText("I. MỤC ĐÍCH, YÊU CẦU")
        self.section_heading.editingFinished.connect(self._section_edited)
        self.section_text = AutoSaveText(8)
        self.section_text.setMaximumHeight(16777215)
        self.section_text.edited.connect(self._section_edited)
        right.addRow(self.tr("Tiêu đề phần:"), self.section_heading)
        right.addRow(self.tr("Nội dung:"), self.section_text)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)
        self.sections_splitter = QSplitter(Qt.Horizontal)
        self.sections_splitter.setObjectName("sections-splitter")
        self.sections_splitter.addWidget(left_widget)
        self.sections_splitter.addWidget(right_widget)
        self.sections_splitter.setStretchFactor(0, 1)
        self.sections_splitter.setStretchFactor(1, 3)
        row.addWidget(self.sections_splitter)
        self._bind("sections", self.tr("nội dung"), lambda: tuple(self._sections), self._show_sections)
        return group

    def _ending_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Nơi nhận và người ký"))
        form = QFormLayout(group)
        self.recipients = self._text("recipients", self.tr("nơi nhận"), 4, as_list=True)
        self.recipients.setPlaceholderText(self.tr("Mỗi dòng một nơi nhận; dòng cuối: Lưu: VT."))
        self.authority = QComboBox()
        for value in SIGNER_AUTHORITIES:
            self.authority.addItem(value or self.tr("(không)"), value)
        self.authority_of = QLineEdit()
        self.authority_of.setPlaceholderText("ỦY BAN NHÂN DÂN")
        self.deputy_line = QLineEdit()
        self.deputy_line.setPlaceholderText(self.tr("ví dụ: KT. CHỦ TỊCH (để trống nếu Chủ tịch ký)"))
        self.signer_title = QLineEdit()
        self.signer_title.setPlaceholderText("CHỦ TỊCH")
        self.signer_name = QLineEdit()
        self.signer_name.setPlaceholderText(self.tr("Họ và tên"))
        authority_row = QHBoxLayout()
        authority_row.addWidget(self.authority)
        authority_row.addWidget(self.authority_of, 1)
        self.authority.currentIndexChanged.connect(lambda _: self._commit("signer"))
        for edit in (self.authority_of, self.deputy_line, self.signer_title, self.signer_name):
            edit.editingFinished.connect(lambda: self._commit("signer"))
        self._bind("signer", self.tr("người ký"), self._read_signer, self._show_signer)
        form.addRow(self.tr("Nơi nhận:"), self.recipients)
        form.addRow(self.tr("Thẩm quyền ký:"), authority_row)
        form.addRow(self.tr("Dòng ký thay:"), self.deputy_line)
        form.addRow(self.tr("Chức vụ:"), self.signer_title)
        form.addRow(self.tr("Họ và tên:"), self.signer_name)
        return group

    def _appendix_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Phụ lục"))
        form = QFormLayout(group)
        self.appendix_heading = self._line("appendix_heading", self.tr("tiêu đề phụ lục"), "Phụ lục")
        self.appendix_title = self._text("appendix_title", self.tr("tên phụ lục"), 2)
        form.addRow(self.tr("Tiêu đề:"), self.appendix_heading)
        form.addRow(self.tr("Tên phụ lục:"), self.appendix_title)
        return group

    # -- signer and sections -------------------------------------------------

    def _read_signer(self) -> Signer:
        return Signer(
            self.authority.currentData() or "",
            self.authority_of.text().strip(),
            self.deputy_line.text().strip(),
            self.signer_title.text().strip(),
            self.signer_name.text().strip(),
        )

    def _show_signer(self, signer: Signer) -> None:
        self.authority.blockSignals(True)
        index = self.authority.findData(signer.authority)
        self.authority.setCurrentIndex(max(0, index))
        self.authority.blockSignals(False)
        for edit, value in ((self.authority_of, signer.authority_of), (self.deputy_line, signer.deputy_line),
                            (self.signer_title, signer.title), (self.signer_name, signer.name)):
            _set_line(edit, value)


    def _show_sections(self, sections) -> None:
        current = max(0, self.section_list.currentRow())
        if self.section_list.currentRow() < 0:
            current = 0
        self._sections = list(sections)
        self.section_list.blockSignals(True)
        self.section_list.clear()
        for section in self._sections:
            self.section_list.addItem(section.heading or self.tr("(phần không tiêu đề)"))
        self.section_list.blockSignals(False)
        if self._sections:
            self.section_list.setCurrentRow(min(current, len(self._sections) - 1))
            self._show_section(self.section_list.currentRow())
        else:
            self._show_section(-1)

    def _show_section(self, row: int) -> None:
        has = 0 <= row < len(self._sections)
        self.section_heading.setEnabled(has)
        self.section_text.setEnabled(has)
        _set_line(self.section_heading, self._sections[row].heading if has else "")
        self.section_text.set_text_quietly(self._sections[row].text if has else "")

    def _section_edited(self) -> None:
        row = self.section_list.currentRow()
        if not 0 <= row < len(self._sections):
            return
        edited = Section(self.section_heading.text().strip(), self.section_text.toPlainText().strip())
        if edited != self._sections[row]:
            self._sections[row] = edited
            item = self.section_list.item(row)
            item.setText(edited.heading or self.tr("(phần không tiêu đề)"))
            self._commit("sections")

    def _add_section(self) -> None:
        row = self.section_list.currentRow() + 1 if self._sections else 0
        self._sections.insert(row, Section(self.tr("PHẦN MỚI"), ""))
        self._sections_changed(row)
        self.section_heading.setFocus()
        self.section_heading.selectAll()

    def _remove_section(self) -> None:
        row = self.section_list.currentRow()
        if 0 <= row < len(self._sections):
            del self._sections[row]
            self._sections_changed(min(row, len(self._sections) - 1))

    def _move_section(self, step: int) -> None:
        row = self.section_list.currentRow()
        target = row + step
        if 0 <= row < len(self._sections) and 0 <= target < len(self._sections):
            self._sections[row], self._sections[target] = self._sections[target], self._sections[row]
            self._sections_changed(target)

    def _sections_changed(self, select_row: int) -> None:
        """Save the new list of sections, then show it with ``select_row`` chosen."""
        sections = list(self._sections)
        self._commit("sections")
        self.section_list.setCurrentRow(-1)
        self._show_sections(sections)
        if 0 <= select_row < len(sections):
            self.section_list.setCurrentRow(select_row)

    # -- loading and saving ----------------------------------------------------

    def _plan_changed(self, update: StateUpdate) -> None:
        """Show what changed: every field on another plan; on an undo or a
        save, only the fields whose value moved (reloading every field would
        throw away what is being typed in another one)."""
        state = self.open_plan.state
        if update.reset or state is None:
            self.plan = state.plan if state else None
            self.setEnabled(self.plan is not None)
            for binding in self._bindings.values():
                binding.show(getattr(self.plan, binding.name) if self.plan else _empty(binding.name))
        elif update.document:
            old, self.plan = self.plan, state.plan
            for binding in self._bindings.values():
                value = getattr(self.plan, binding.name)
                if old is None or getattr(old, binding.name) != value:
                    if binding.read() != value:
                        binding.show(value)

    def _commit_later(self, name: str) -> None:
        timer = getattr(self, "_spin_timer", None)
        if timer is None:
            self._spin_timer = timer = QTimer(self, singleShot=True, interval=500)
            timer.timeout.connect(lambda: [self._commit(n) for n in ("issue_day", "issue_month", "issue_year")])
        timer.start()

    def _commit(self, name: str) -> None:
        """Save one field if it changed, as one undo step."""
        if self.plan is None or self.open_plan.stack is None:
            return
        binding = self._bindings[name]
        value = binding.read()
        if value == getattr(self.plan, name):
            return
        # Redo must apply the same value again, not whatever the widget shows then.
        command = PlanFieldsCommand(self.open_plan, {name: value}, self.tr("Sửa %s") % binding.label)
        try:
            push_command(self.open_plan.stack, command)
        except Exception as error:
            show_error(self, error)
            binding.show(getattr(self.plan, name))


def _empty(name: str) -> Any:
    if name == "signer":
        return Signer()
    if name in ("sections", "legal_bases", "recipients"):
        return ()
    if name in ("issue_day", "issue_month", "issue_year", "start"):
        return None
    return ""


def _set_line(edit: QLineEdit, value: str) -> None:
    if edit.text() != (value or ""):
        edit.blockSignals(True)
        edit.setText(value or "")
        edit.blockSignals(False)


def _set_spin(spin: QSpinBox, value: int | None) -> None:
    spin.blockSignals(True)
    spin.setValue(value or 0)
    spin.blockSignals(False)
