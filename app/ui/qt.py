"""Every Qt name the UI uses comes through here, so a binding change or a
workaround lives in one place."""

from PySide6 import QtCore, QtGui, QtWidgets  # noqa: F401
from PySide6.QtCore import (  # noqa: F401
    QAbstractItemModel, QAbstractTableModel, QByteArray, QDate, QEvent, QItemSelectionModel,
    QMimeData, QModelIndex, QObject, QPersistentModelIndex, QPoint, QRect, QRunnable, QSettings, QSize,
    QSortFilterProxyModel, Qt, QThreadPool, QTimer, QUrl, Signal, Slot,
)
from PySide6.QtGui import (  # noqa: F401
    QAction, QBrush, QColor, QDesktopServices, QDragEnterEvent, QDropEvent, QFont, QFontMetrics, QGuiApplication,
    QIcon, QInputMethodEvent, QKeyEvent, QKeySequence, QPainter, QPalette, QPixmap, QStandardItem,
    QStandardItemModel, QTextCursor, QTextLayout, QTextOption, QTransform, QUndoCommand, QUndoStack, QImage, QScreen,
)
from PySide6.QtWidgets import (  # noqa: F401
    QAbstractItemView, QApplication, QButtonGroup, QCheckBox, QComboBox, QCompleter, QDateEdit, QDialog,
    QDialogButtonBox, QFileDialog, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMainWindow, QMenu,
    QMessageBox, QPlainTextEdit, QProgressDialog, QPushButton, QRadioButton, QScrollArea, QSizePolicy, QSpinBox,
    QSplitter, QStatusBar, QStyle, QStyledItemDelegate, QStyleOptionHeader, QStyleOptionViewItem, QTableView,
    QTabWidget, QTextEdit, QToolBar, QToolButton, QTreeView, QVBoxLayout, QWidget,
)


def refilter(proxy, change) -> None:
    """Re-run a proxy's filter after ``change()`` altered its criteria.
    Qt 6.9 replaced invalidateFilter() by begin/endFilterChange()."""
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        change()
        proxy.endFilterChange()
    else:
        change()
        proxy.invalidateFilter()


def print_support():
    """QtPrintSupport, loaded only when something is printed (it slows start-up)."""
    from PySide6 import QtPrintSupport

    return QtPrintSupport
