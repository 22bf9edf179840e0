"""The first screen on a fresh machine: three ways to begin.

Shown when the data file holds no plan yet, and from Trợ giúp › Bắt đầu….
The officer either sets up this year's plan from a preset, imports the upper
level's plan, or looks around a real ward plan marked as a sample first.
"""

from __future__ import annotations

from app import APP_DISPLAY_NAME
from app.ui.qt import QDialog, QDialogButtonBox, QLabel, Qt, QtWidgets, QVBoxLayout
from app.ui.screen import fit_to_screen


class WelcomeDialog(QDialog):
    PRESET, IMPORT, SAMPLE = 1, 2, 3

    def __init__(self, data_folder: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Chào mừng"))
        self.choice = 0
        title = QLabel(self.tr("<h2>Chào mừng đến với %s</h2>") % APP_DISPLAY_NAME)
        intro = QLabel(self.tr(
            "Sổ giữ kế hoạch cải cách hành chính của phường, xã suốt cả năm: kế hoạch, phụ lục nhiệm vụ, "
            "nhật ký tiến độ; từ đó in phụ lục Excel và báo cáo định kỳ PDF gửi cấp trên. "
            "Mọi thay đổi được lưu ngay, không cần mạng.<br><br>Bắt đầu bằng một trong ba cách:"))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        for choice, text, detail in (
            (self.PRESET, self.tr("Lập kế hoạch mới từ mẫu có sẵn"),
             self.tr("Kế hoạch CCHC hoặc kế hoạch tuyên truyền CCHC của năm, với các lĩnh vực và cột phụ lục "
                     "theo mẫu; điền dần các nhiệm vụ.")),
            (self.IMPORT, self.tr("Nhập kế hoạch của cấp trên"),
             self.tr("Từ tệp Word (.docx), Excel (.xlsx) hoặc văn bản (.txt); xem trước rồi mới nhập, "
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
        later.clicked.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, 620, self.sizeHint().height())

    def _choose(self, choice: int) -> None:
        self.choice = choice
        self.accept()
