"""The right side of the self-assessment screen: one criterion — how it is
defined (points, how it is computed, scale, deadline), its score (from the
data, or by hand with its explanation), and its evidence (the documents,
the tasks and log entries linked to it, those suggested)."""

from __future__ import annotations

from datetime import date

from app.core.assessment.criteria import METHOD_LABELS, METHOD_VALUES, Method, format_points
from app.core.assessment.evidence import evidence_line
from app.core.dates import short_date
from app.ui.plan_form import AutoSaveText
from app.ui.qt import (
    QtCore, QCheckBox, QComboBox, QDate, QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QScrollArea, Qt, QtWidgets, QVBoxLayout, QWidget,
)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _points_box() -> QtWidgets.QDoubleSpinBox:
    """Points written the Vietnamese way: "0,75"."""
    box = QtWidgets.QDoubleSpinBox()
    box.setLocale(QtCore.QLocale(QtCore.QLocale.Vietnamese, QtCore.QLocale.Vietnam))
    box.setDecimals(2)
    box.setSingleStep(0.25)
    return box


class CriterionPanel(QScrollArea):
    """Edits go to the screen (``screen.change(...)``, ``screen.link(...)``),
    which makes each one an undo step and shows the new scores."""

    def __init__(self, screen, parent=None):
        super().__init__(parent)
        self.screen = screen
        self.result = None
        self._loading = False
        self._shown_id = None
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.heading)
        # What the officer does most first; the definition (rarely changed) last.
        layout.addWidget(self._score_group())
        layout.addWidget(self._evidence_group())
        layout.addWidget(self._definition_group())
        layout.addStretch(1)
        self.setWidget(body)

    # -- building ------------------------------------------------------------------------

    def _definition_group(self) -> QGroupBox:
        self.definition = QGroupBox(self.tr("Tiêu chí (theo bảng của tỉnh)"))
        form = QFormLayout(self.definition)
        self.max_points = _points_box()
        self.max_points.setRange(0, 1000)
        self.max_points.setDecimals(2)
        self.max_points.setSingleStep(0.25)
        self.max_points.editingFinished.connect(lambda: self._edit("max_points", self.max_points.value()))
        self.method = QComboBox()
        for method in Method:
            self.method.addItem(METHOD_LABELS[method], method.value)
        self.method.activated.connect(lambda _i: self._edit("method", self.method.currentData()))
        self.scale = QLineEdit()
        self.scale.setPlaceholderText(self.tr("ví dụ: >=90:2;>=70:1;0 (để trống: theo tỷ lệ)"))
        self.scale.editingFinished.connect(lambda: self._edit("scale", self.scale.text()))
        self.scale_help = QLabel()
        self.scale_help.setWordWrap(True)
        self.deadline = QDateEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("dd/MM/yyyy")
        self.deadline.editingFinished.connect(lambda: self._edit("deadline", _day(self.deadline.date())))
        form.addRow(self.tr("Điểm tối đa:"), self.max_points)
        form.addRow(self.tr("Cách tính:"), self.method)
        form.addRow(self.tr("Thang điểm:"), self.scale)
        form.addRow("", self.scale_help)
        form.addRow(self.tr("Hạn ban hành kế hoạch:"), self.deadline)
        self.deadline_label = form.labelForField(self.deadline)
        return self.definition

    def _score_group(self) -> QGroupBox:
        self.score_box = QGroupBox(self.tr("Điểm tự đánh giá"))
        form = QFormLayout(self.score_box)
        self.computed = QLabel()
        self.computed.setWordWrap(True)
        self.computed.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.by_hand = QCheckBox(self.tr("Chấm tay (thay điểm tính từ dữ liệu)"))
        self.by_hand.clicked.connect(self._by_hand_clicked)
        self.score = _points_box()
        # The lowest value reads "chưa chấm": leaving the box untouched never gives a 0.
        self.score.setRange(-0.25, 1000)
        self.score.setSpecialValueText(self.tr("chưa chấm"))
        self.score.setMinimumWidth(120)
        self.score.editingFinished.connect(self._score_edited)
        score_row = QHBoxLayout()
        score_row.addWidget(self.score)
        score_row.addWidget(self.by_hand)
        score_row.addStretch(1)
        self.explanation = AutoSaveText(3)
        self.explanation.setMaximumHeight(self.explanation.fontMetrics().lineSpacing() * 6 + 12)
        self.explanation.setPlaceholderText(self.tr("Giải trình: đã làm gì, bằng văn bản nào, kết quả ra sao…"))
        self.explanation.edited.connect(lambda: self._edit("explanation", self.explanation.toPlainText()))
        self.reports_button = QPushButton(self.tr("Ngày gửi các báo cáo định kỳ…"))
        self.reports_button.clicked.connect(lambda: self.screen.edit_reports_sent())
        form.addRow(self.tr("Từ dữ liệu:"), self.computed)
        form.addRow(self.tr("Điểm:"), score_row)
        reports_row = QHBoxLayout()
        reports_row.addWidget(self.reports_button)
        reports_row.addStretch(1)
        form.addRow(self.tr("Giải trình:"), self.explanation)
        form.addRow("", reports_row)
        return self.score_box

    def _evidence_group(self) -> QGroupBox:
        self.evidence_box = QGroupBox(self.tr("Tài liệu kiểm chứng"))
        layout = QVBoxLayout(self.evidence_box)
        self.evidence = QListWidget()
        self.evidence.setWordWrap(True)
        self.evidence.setMaximumHeight(96)
        self.linked = QListWidget()
        self.linked.setMaximumHeight(64)
        unlink = QPushButton(self.tr("Bỏ liên kết"))
        unlink.clicked.connect(self._unlink)
        self.suggested = QListWidget()
        self.suggested.setWordWrap(True)
        self.suggested.setMaximumHeight(110)
        self.suggested.setSelectionMode(QListWidget.ExtendedSelection)
        self.suggested.itemDoubleClicked.connect(lambda _item: self._link_suggested())
        link = QPushButton(self.tr("Liên kết các gợi ý đã chọn"))
        link.setObjectName("link-suggested")
        link.clicked.connect(self._link_suggested)
        self.any_task = QComboBox()
        self.any_task.setMinimumContentsLength(30)
        self.any_task.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        link_task = QPushButton(self.tr("Liên kết"))
        link_task.clicked.connect(self._link_any)
        self.note = AutoSaveText(2)
        self.note.setMaximumHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        self.note.setPlaceholderText(self.tr("Văn bản khác không có trong nhật ký, mỗi dòng một văn bản"))
        self.note.edited.connect(lambda: self._edit("evidence_note", self.note.toPlainText()))
        linked_row = QHBoxLayout()
        linked_row.addWidget(self.linked, 1)
        linked_row.addWidget(unlink, 0, Qt.AlignTop)
        suggested_row = QHBoxLayout()
        suggested_row.addWidget(self.suggested, 1)
        suggested_row.addWidget(link, 0, Qt.AlignTop)
        any_row = QHBoxLayout()
        any_row.addWidget(QLabel(self.tr("Nhiệm vụ hoặc mục tiến độ khác:")))
        any_row.addWidget(self.any_task, 1)
        any_row.addWidget(link_task)
        layout.addWidget(self.evidence)
        layout.addWidget(QLabel(self.tr("Nhiệm vụ, mục tiến độ đã liên kết (văn bản và tệp của chúng là minh chứng):")))
        layout.addLayout(linked_row)
        layout.addWidget(QLabel(self.tr("Gợi ý theo lĩnh vực và từ ngữ (chọn rồi bấm Liên kết, hoặc nhấp đúp):")))
        layout.addLayout(suggested_row)
        layout.addLayout(any_row)
        layout.addWidget(QLabel(self.tr("Tài liệu khác:")))
        layout.addWidget(self.note)
        return self.evidence_box

    # -- showing ---------------------------------------------------------------------------

    def show_result(self, data, result, suggestions, labels: dict) -> None:
        """``labels``: how tasks and entries are named ("Nhiệm vụ 3: …")."""
        self._loading = True
        try:
            self.result = result
            self.setEnabled(result is not None)
            if result is None:
                self.heading.setText(self.tr("Chọn một tiêu chí ở bên trái."))
                return
            c = result.criterion
            if self._shown_id != c.id:  # another criterion: from its top
                self.verticalScrollBar().setValue(0)
                self._shown_id = c.id
            self.heading.setText(f"<b>{c.code}. {c.content}</b>")
            self._show_definition(c, result.is_group)
            self._show_score(data, result)
            self._show_evidence(data, result, suggestions, labels)
        finally:
            self._loading = False

    def _show_definition(self, c, is_group: bool) -> None:
        self.max_points.setValue(c.max_points)
        self.method.setCurrentIndex(self.method.findData(c.method.value))
        self.scale.setText(c.scale)
        for widget in (self.method, self.scale):
            widget.setEnabled(not is_group)
        value = METHOD_VALUES.get(c.method)
        self.scale_help.setText(self.tr("Thang điểm áp vào %s; bậc đầu tiên đúng cho điểm.") % value if value
                                else self.tr("Chấm tay: không cần thang điểm."))
        on_time = c.method is Method.PLAN_ON_TIME
        self.deadline.setVisible(on_time)
        self.deadline_label.setVisible(on_time)
        when = c.deadline or date.today()
        self.deadline.setDate(QDate(when.year, when.month, when.day))

    def _show_score(self, data, result) -> None:
        c = result.criterion
        self.evidence_box.setVisible(not result.is_group)
        for widget in (self.score, self.by_hand, self.explanation):
            widget.setEnabled(not result.is_group)
        computed = c.method is not Method.MANUAL
        self.by_hand.setVisible(computed and not result.is_group)
        self.by_hand.setChecked(c.manual_score is not None)
        self.score.setMaximum(c.max_points)
        self.score.setEnabled(not result.is_group and (not computed or c.manual_score is not None))
        self.score.setValue(result.score if result.score is not None else -0.25)
        if result.is_group:
            self.computed.setText(self.tr("Tổng điểm các tiêu chí thành phần: %s/%s.")
                                  % (format_points(result.score) or "0", format_points(c.max_points)))
        elif computed:
            points = format_points(result.computed) or "0"
            self.computed.setText(f"{result.value_text}\n→ {points} điểm (số liệu đến ngày {short_date(data.as_of)}).")
        else:
            self.computed.setText(self.tr("Tiêu chí chấm tay: nhập điểm và giải trình."))
        self.explanation.set_text_quietly(c.explanation)
        self.reports_button.setVisible(c.method is Method.REPORTS_ON_TIME)

    def _show_evidence(self, data, result, suggestions, labels: dict) -> None:
        c = result.criterion
        self.evidence.clear()
        for item in data.evidence.get(c.id, ()):
            row = QListWidgetItem(evidence_line(item))
            if item.attachments:
                row.setToolTip("\n".join(a.file_name for a in item.attachments))
            self.evidence.addItem(row)
        if not self.evidence.count():
            self.evidence.addItem(self.tr("(chưa có tài liệu: liên kết nhiệm vụ hoặc mục tiến độ bên dưới)"))
        self.linked.clear()
        for link in data.links.get(c.id, ()):
            key = ("row", link.row_id) if link.row_id else ("entry", link.entry_id)
            item = QListWidgetItem(labels.get(key, self.tr("(đã xóa khỏi kế hoạch)")))
            item.setData(Qt.UserRole, key)
            self.linked.addItem(item)
        self.suggested.clear()
        for suggestion in suggestions:
            key = ("row", suggestion.row_id) if suggestion.row_id else ("entry", suggestion.entry_id)
            item = QListWidgetItem(f"{labels.get(key, '')} — {suggestion.reason}")
            item.setData(Qt.UserRole, key)
            self.suggested.addItem(item)
        self.any_task.clear()
        for key, label in labels.items():
            self.any_task.addItem(label, key)
        self.note.set_text_quietly(c.evidence_note)

    # -- edits -----------------------------------------------------------------------------

    def _edit(self, name: str, value) -> None:
        if self._loading or self.result is None:
            return
        current = getattr(self.result.criterion, name)
        if name == "method":
            current = current.value
        if isinstance(value, str):
            value = value.strip()
        if value == current or (isinstance(value, float) and current is not None and abs(value - current) < 1e-9):
            return
        self.screen.change(self.result.criterion, {name: value})

    def _score_edited(self) -> None:
        if self._loading or self.result is None or not self.score.isEnabled():
            return
        value = self.score.value()
        self._edit("manual_score", round(value, 2) if value >= 0 else None)

    def _by_hand_clicked(self, checked: bool) -> None:
        if self.result is None:
            return
        value = round(self.result.computed or 0, 2) if checked else None
        self.screen.change(self.result.criterion, {"manual_score": value})

    def _link_suggested(self) -> None:
        keys = [item.data(Qt.UserRole) for item in self.suggested.selectedItems()]
        if keys and self.result is not None:
            self.screen.link(self.result.criterion, keys)

    def _link_any(self) -> None:
        key = self.any_task.currentData()
        if key and self.result is not None:
            self.screen.link(self.result.criterion, [key])

    def _unlink(self) -> None:
        keys = [item.data(Qt.UserRole) for item in self.linked.selectedItems()]
        if keys and self.result is not None:
            self.screen.unlink(self.result.criterion, keys)
