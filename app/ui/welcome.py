"""The first screen on a fresh machine: the unit, then three ways to begin.

Shown when the data file holds no plan yet, and from Trợ giúp › Bắt đầu….
The officer names the unit once (phường/xã/đặc khu and its province: every
plan, report and mail takes its names from there), then either sets up this
year's plan from a preset, imports the province's plan, or looks around a
real ward plan marked as a sample first.
"""

from __future__ import annotations

from app import APP_DISPLAY_NAME
from app.ui.qt import QDialog, QDialogButtonBox, QGroupBox, QLabel, Qt, QtWidgets, QVBoxLayout
from app.ui.screen import fit_to_screen
from app.ui.unit_form import UnitForm


class WelcomeDialog(QDialog):
    PRESET, IMPORT, SAMPLE = 1, 2, 3

    def __init__(self, data_folder: str, parent=None, services=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chào mừng"))
        self.choice = 0
        self.services = services
        title = QLabel(self.tr("<h2>Chào mừng đến với %s</h2>") % APP_DISPLAY_NAME)
        intro = QLabel(self.tr(
            "Sổ giữ kế hoạch cải cách hành chính của phường, xã, đặc khu suốt cả năm: kế hoạch, phụ lục nhiệm vụ, "
            "nhật ký tiến độ; từ đó in phụ lục Excel, báo cáo định kỳ PDF gửi Ủy ban nhân dân tỉnh (qua Sở Nội vụ) "
            "và bảng tự đánh giá Chỉ số CCHC. Mọi thay đổi được lưu ngay, không cần mạng."))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("<b>1. Đơn vị của bạn</b> (nhập một lần; sửa sau trong Tệp › Thiết lập):")))
        self.unit_group = QGroupBox()
        self.unit_form = UnitForm(compact=True)
        QVBoxLayout(self.unit_group).addWidget(self.unit_form)
        layout.addWidget(self.unit_group)
        if services is not None:
            self.unit_form.set_profile(services.unit_profile.profile())
        else:
            self.unit_group.hide()
        layout.addWidget(QLabel(self.tr("<b>2. Bắt đầu bằng một trong ba cách:</b>")))
        for choice, text, detail in (
            (self.PRESET, self.tr("Lập kế hoạch mới từ mẫu có sẵn"),
             self.tr("Kế hoạch CCHC hoặc kế hoạch tuyên truyền CCHC của năm, với các lĩnh vực và cột phụ lục "
                     "theo mẫu; điền dần các nhiệm vụ.")),
            (self.IMPORT, self.tr("Nhập kế hoạch của tỉnh"),
             self.tr("Từ tệp Word (.docx), PDF, Excel (.xlsx) hoặc văn bản (.txt); xem trước rồi mới nhập, "
                     "chọn giữ lại những nhiệm vụ phường, xã tham gia.")),
            (self.SAMPLE, self.tr("Xem thử một kế hoạch mẫu"),
             self.tr("Kế hoạch CCHC năm 2023 của phường Sông Cầu, có 30 nhiệm vụ; được đánh dấu «mẫu» "
                     "và xóa được bất cứ lúc nào.")),
        ):
            button = QtWidgets.QCommandLinkButton(text, detail)
            button.clicked.connect(lambda checked=False, c=choice: self._choose(c))
            layout.addWidget(button)
        where = QLabel(self.tr("Dữ liệu được lưu tại: %s") % data_folder)
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextSelectableByMouse)  # support asks for this path
        layout.addWidget(where)
        buttons = QDialogButtonBox()
        later = buttons.addButton(self.tr("Để sau"), QDialogButtonBox.RejectRole)
        later.clicked.connect(lambda: self._keep_unit() and self.reject())
        layout.addWidget(buttons)
        fit_to_screen(self, 620, self.sizeHint().height())

    def _keep_unit(self) -> bool:
        """The unit as typed (when named); False when it was refused."""
        if self.services is None or not self.unit_form.profile().configured:
            return True
        from app.ui.errors import show_error

        try:
            self.services.unit_profile.save(self.unit_form.profile())
        except Exception as error:
            show_error(self, error)
            return False
        return True

    def _choose(self, choice: int) -> None:
        """Keep the unit, then begin the chosen way."""
        if not self._keep_unit():
            return
        self.choice = choice
        self.accept()
