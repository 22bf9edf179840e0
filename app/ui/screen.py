"""Windows that fit the screen they open on.

The usual office laptop is 1366×768 with a task bar: a window or dialog
asked for more than the screen's available area (``QScreen.availableGeometry``)
would put its buttons or status bar below the edge. Every window and dialog
takes its size through ``fit_to_screen``; a remembered geometry goes through
``keep_on_screen``.
"""

from __future__ import annotations

from app.ui.qt import QGuiApplication, QRect, QWidget

# Room for the window manager's title bar and borders around a top-level window.
FRAME_ALLOWANCE = (16, 40)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable area of the screen ``widget`` is on (or the main screen)."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window().screen() if parent is not None else None) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width``×``height``, or to what the screen has room for."""
    area = available_geometry(widget)
    room_w, room_h = area.width() - FRAME_ALLOWANCE[0], area.height() - FRAME_ALLOWANCE[1]
    widget.resize(max(200, min(width, room_w)), max(150, min(height, room_h)))


def keep_on_screen(widget: QWidget) -> None:
    """After restoring a remembered geometry (maybe from a bigger screen):
    no larger than the screen, and wholly on it."""
    area = available_geometry(widget)
    fit_to_screen(widget, widget.width(), widget.height())
    frame = widget.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() - frame.width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - frame.height() + 1)
    if (x, y) != (frame.x(), frame.y()):
        widget.move(max(x, area.x()), max(y, area.y()))
