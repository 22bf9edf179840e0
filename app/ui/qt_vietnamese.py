"""Vietnamese for the words Qt itself puts on screen.

Qt ships no Vietnamese translation, so without this a question box says
"&Yes / &No", a right-click in a cell offers "Cu&t / &Copy / &Paste" and the
file dialog on Linux speaks English. A translator answering from a table is
enough for the few dozen strings Qt's own widgets use; Windows' native file
dialog is translated by Windows.

The source strings are Qt's exactly (accelerator ``&`` included); a test
checks the buttons and menus a user actually sees.
"""

from __future__ import annotations

from app.ui.qt import QtCore

_EDIT_MENU = {
    "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "Sao &chép", "&Paste": "&Dán",
    "Delete": "Xóa", "Select All": "Chọn tất cả",
}

STRINGS: dict[str, dict[str, str]] = {
    "QPlatformTheme": {
        "OK": "Đồng ý", "Save": "Lưu", "Save All": "Lưu tất cả", "Open": "Mở", "&Yes": "&Có",
        "Yes to &All": "Có với &tất cả", "&No": "&Không", "N&o to All": "Khô&ng với tất cả", "Abort": "Dừng",
        "Retry": "Thử lại", "Ignore": "Bỏ qua", "Close": "Đóng", "Cancel": "Hủy", "Discard": "Bỏ",
        "Help": "Trợ giúp", "Apply": "Áp dụng", "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định",
    },
    "QMessageBox": {"Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn chi tiết…"},
    "QProgressDialog": {"Cancel": "Hủy"},
    "QLineEdit": _EDIT_MENU,
    "QWidgetTextControl": _EDIT_MENU,
    "QAbstractSpinBox": {"&Step up": "&Tăng", "Step &down": "&Giảm", "&Select All": "&Chọn tất cả"},
    "QFileDialog": {
        "&Look in:": "&Tìm trong:", "File &name:": "Tê&n tệp:", "Files of &type:": "&Loại tệp:",
        "&Open": "&Mở", "&Save": "&Lưu", "Open": "Mở", "Save As": "Lưu thành", "Back": "Lùi lại",
        "Forward": "Tiến tới", "Parent Directory": "Thư mục cha", "Create New Folder": "Tạo thư mục mới",
        "Create a New Folder": "Tạo thư mục mới", "&New Folder": "Thư mục &mới", "New Folder": "Thư mục mới",
        "List View": "Dạng danh sách", "Detail View": "Dạng chi tiết", "Go back": "Lùi lại",
        "Go forward": "Tiến tới", "Go to the parent directory": "Lên thư mục cha",
        "Change to list view mode": "Xem dạng danh sách", "Change to detail view mode": "Xem dạng chi tiết",
        "List of places and bookmarks": "Các nơi hay dùng", "Sidebar": "Các nơi hay dùng", "Files": "Các tệp",
        "All Files (*)": "Mọi tệp (*)", "&Rename": "Đổi &tên", "&Delete": "&Xóa",
        "Show &hidden files": "Hiện tệp ẩ&n", "Directory:": "Thư mục:", "&Choose": "&Chọn",
        "Recent Places": "Nơi mở gần đây", "My Computer": "Máy tính", "Directories": "Thư mục",
        "%1 already exists.\nDo you want to replace it?": "Tệp %1 đã có.\nCó ghi đè lên không?",
        "Are you sure you want to delete '%1'?": "Có chắc muốn xóa «%1»?",
        "%1\nFile not found.\nPlease verify the correct file name was given.":
            "%1\nKhông tìm thấy tệp.\nHãy kiểm tra lại tên tệp.",
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.":
            "%1\nKhông tìm thấy thư mục.\nHãy kiểm tra lại tên thư mục.",
    },
    "QFileSystemModel": {"Name": "Tên", "Size": "Dung lượng", "Type": "Loại", "Date Modified": "Ngày sửa",
                         "Computer": "Máy tính", "My Computer": "Máy tính"},
    "QAbstractFileIconProvider": {"Folder": "Thư mục", "Drive": "Ổ đĩa", "File": "Tệp"},
}


class QtVietnamese(QtCore.QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D102 (Qt's virtual)
        # None is a null QString: "not translated here", so Qt keeps the source text.
        return STRINGS.get(context, {}).get(source_text)

    def isEmpty(self) -> bool:
        return False


def install(app) -> QtVietnamese:
    """Install on the application; keep the returned object alive."""
    translator = QtVietnamese(app)
    app.installTranslator(translator)
    return translator
