"""Guards against Qt binding releases that would crash the program."""

import sys

from app.ui.qt import QComboBox, QModelIndex


def test_reading_empty_qt_values_keeps_none_alive(qtbot):
    """PySide6 6.12.0 decremented None's refcount on every empty QVariant it
    returned (after a few thousand reads: "deallocating None", abort)."""
    box = QComboBox()
    qtbot.addWidget(box)
    box.addItem("Mọi lĩnh vực", None)
    before = sys.getrefcount(None)
    for _ in range(2000):
        box.currentData()
        QModelIndex().data()
    assert sys.getrefcount(None) >= before - 50
