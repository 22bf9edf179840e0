"""The unit, once: which xã, phường or đặc khu, which province it answers
to, the upper bodies and the report's addressee. Shown in the first-start
welcome and as the "Đơn vị" page of the settings.

Upper bodies follow the province's name until the officer types something
else: the boxes show the usual text greyed as long as they are left empty.
"""

from __future__ import annotations

from app.core.unit import PROVINCE_KINDS, UNIT_KINDS, UnitProfile
from app.ui.qt import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget, Signal


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class UnitForm(QWidget):
    changed = Signal()

    def __init__(self, parent=None, compact: bool = False):
        """``compact``: the welcome shows the unit and the province only; the
        rest keeps the usual texts (changed later in Thiết lập)."""
        super().__init__(parent)
        self.unit_kind = QComboBox()
        for kind in UNIT_KINDS:
            self.unit_kind.addItem(kind, kind)
        self.unit_name = QLineEdit()
        self.unit_name.setPlaceholderText(self.tr("ví dụ: Hồng Hải"))
        self.province_kind = QComboBox()
        for kind in PROVINCE_KINDS:
            self.province_kind.addItem(kind, kind)
        self.province_name = QLineEdit()
        self.province_name.setPlaceholderText(self.tr("ví dụ: Quảng Ninh"))
        self.upper_body = QLineEdit()
        self.home_affairs = QLineEdit()
        self.home_affairs_email = QLineEdit()
        self.home_affairs_email.setPlaceholderText(self.tr("ví dụ: snv@quangninh.gov.vn (thư soạn sẵn gửi tới đây)"))
        self.addressees = QPlainTextEdit()
        self.addressees.setTabChangesFocus(True)
        self.addressees.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.place = QLineEdit()
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setObjectName("unit-preview")

        unit_row = QHBoxLayout()
        unit_row.addWidget(self.unit_kind)
        unit_row.addWidget(self.unit_name, 1)
        province_row = QHBoxLayout()
        province_row.addWidget(self.province_kind)
        province_row.addWidget(self.province_name, 1)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Đơn vị:"), unit_row)
        form.addRow(self.tr("Trực thuộc:"), province_row)
        self.details = []
        for label, widget in ((self.tr("Ủy ban nhân dân tỉnh, thành phố:"), self.upper_body),
                              (self.tr("Sở Nội vụ:"), self.home_affairs),
                              (self.tr("Thư điện tử Sở Nội vụ:"), self.home_affairs_email),
                              (self.tr("Báo cáo «Kính gửi»:"), self.addressees),
                              (self.tr("Địa danh ở dòng ngày tháng:"), self.place)):
            form.addRow(label, widget)
            self.details.append(widget)
            if compact:
                widget.hide()
                form.labelForField(widget).hide()
        form.addRow("", self.preview)
        for box in (self.unit_kind, self.province_kind):
            box.currentIndexChanged.connect(self._refresh)
        for edit in (self.unit_name, self.province_name, self.upper_body, self.home_affairs, self.place,
                     self.home_affairs_email):
            edit.textChanged.connect(self._refresh)
        self.addressees.textChanged.connect(self._refresh)
        self._refresh()

    def set_profile(self, profile: UnitProfile) -> None:
        self.blockSignals(True)
        self.unit_kind.setCurrentIndex(max(0, self.unit_kind.findData(profile.unit_kind or UNIT_KINDS[0])))
        self.unit_name.setText(profile.unit_name)
        self.province_kind.setCurrentIndex(max(0, self.province_kind.findData(profile.province_kind or "tỉnh")))
        self.province_name.setText(profile.province_name)
        self.upper_body.setText(profile.upper_body)
        self.home_affairs.setText(profile.home_affairs_body)
        self.home_affairs_email.setText(profile.home_affairs_email)
        self.addressees.setPlainText("\n".join(profile.addressees))
        self.place.setText(profile.place)
        self.blockSignals(False)
        self._refresh()

    def profile(self) -> UnitProfile:
        return UnitProfile(
            unit_kind=self.unit_kind.currentData(), unit_name=self.unit_name.text().strip(),
            province_kind=self.province_kind.currentData(), province_name=self.province_name.text().strip(),
            upper_body=self.upper_body.text().strip(), home_affairs_body=self.home_affairs.text().strip(),
            addressees=_lines(self.addressees.toPlainText()), home_affairs_email=self.home_affairs_email.text().strip(),
            place=self.place.text().strip(),
        )

    def _refresh(self) -> None:
        """The usual texts as placeholders, and how the documents will read."""
        profile = self.profile()
        usual = UnitProfile(unit_kind=profile.unit_kind, unit_name=profile.unit_name,
                            province_kind=profile.province_kind, province_name=profile.province_name)
        self.upper_body.setPlaceholderText(usual.upper)
        self.home_affairs.setPlaceholderText(usual.home_affairs)
        self.addressees.setPlaceholderText("\n".join(usual.report_addressees()))
        self.place.setPlaceholderText(usual.place_name or self.tr("tên đơn vị"))
        if profile.configured:
            header = " / ".join(profile.header_lines)
            self.preview.setText(self.tr("Văn bản in: <b>%s</b>; báo cáo kính gửi: <i>%s</i>.")
                                 % (header, "; ".join(profile.report_addressees())))
        else:
            self.preview.setText(self.tr("Nhập tên đơn vị: kế hoạch, báo cáo và thư gửi tỉnh lấy tên từ đây."))
        self.changed.emit()
