"""What must hold before and right after the QApplication exists, so that a
start never fails in silence:

- Qt's own fatal and critical messages reach the terminal and the log (Qt
  aborts right after a fatal one; by default it printed nothing the user saw
  and the log dropped it);
- on Linux, the platform plugin's system libraries are there; when they are
  not, the user is told which ones and the ``apt install`` line, and the
  program exits 2 instead of aborting (exit 134) inside QApplication; the
  same for a display that is not set or does not answer;
- when the system has no fonts at all (Qt offscreen on Windows, a bare Linux
  without a fonts package) every widget draws with the bundled fonts
  instead of empty boxes.

The library check runs before any Qt module is imported: importing QtGui
itself needs some of the same libraries.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import shutil
import subprocess
import sys
from collections import deque
from pathlib import Path

from app.core.errors import UserError

log = logging.getLogger(__name__)

# Debian names a library package after the soname ("libxcb-icccm.so.4" ->
# libxcb-icccm4, "libxkbcommon-x11.so.0" -> libxkbcommon-x11-0); the few
# that break the rule are listed.
_PACKAGE_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
    "libpcre2-8.so.0": "libpcre2-8-0",
}
# Bundled UI fonts, in order of preference for the whole interface; the
# fallback draws the signs they lack (the ✓ and ✗ of the deadline markers).
_UI_FAMILIES = ("Liberation Sans", "Liberation Serif")
_FALLBACK_FAMILY = "DejaVu Sans"
VIETNAMESE_SAMPLE = "Sổ kế hoạch cải cách hành chính: ưu tiên đúng hạn ✓ ✗"


class DisplayUnavailable(UserError):
    """The window cannot open on this system; the message says what to do
    (the command line prints it and exits 2, like any user error)."""


# -- Qt's messages ----------------------------------------------------------------

_seen_warnings: set[str] = set()
# Qt's fatal message is often generic ("no Qt platform plugin could be
# initialized"); the warning just before it says why ("could not connect to
# display :0"), so the last few are kept to be shown with it.
_recent_warnings: deque[str] = deque(maxlen=3)


def qt_message_handler(mode, context, message) -> None:
    """Fatal and critical messages to stderr and the log; warnings to the log
    once each (some repeat on every paint); debug and info are dropped."""
    from app.ui.qt import QtCore

    if mode == QtCore.QtMsgType.QtFatalMsg:
        log.critical("Qt: %s", message)
        _flush_log()
        for warning in _recent_warnings:
            print(f"Qt: {warning}", file=sys.stderr)
        print(f"Lỗi: Qt dừng chương trình: {message}", file=sys.stderr, flush=True)
        # Qt aborts when this returns; the message is out, the log is flushed.
    elif mode == QtCore.QtMsgType.QtCriticalMsg:
        log.error("Qt: %s", message)
        print(f"Qt: {message}", file=sys.stderr, flush=True)
    elif mode == QtCore.QtMsgType.QtWarningMsg:
        _recent_warnings.append(message)
        if message not in _seen_warnings:
            _seen_warnings.add(message)
            log.warning("Qt: %s", message)


def _flush_log() -> None:
    for handler in logging.getLogger().handlers:
        try:
            handler.flush()
        except Exception:  # a broken log must not hide the message itself
            pass


# -- the platform plugin's libraries (Linux) ---------------------------------------


def check_display_platform() -> None:
    """Raise DisplayUnavailable when the window could only abort: no display
    to draw on, or system libraries of Qt's xcb plugin missing."""
    if not sys.platform.startswith("linux"):
        return
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return  # offscreen, wayland…: chosen on purpose
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return  # a Wayland session: Qt tries its Wayland plugin first
    missing = missing_libraries(_xcb_plugin())
    if missing:
        packages = sorted({debian_package(name) for name in missing})
        log.error("the xcb platform plugin cannot load; missing: %s", ", ".join(missing))
        raise DisplayUnavailable(
            "Thiếu thư viện hệ thống để mở cửa sổ: " + ", ".join(missing) + ".\n"
            "Trên Debian/Ubuntu, cài bằng lệnh: sudo apt install " + " ".join(packages) + "\n"
            "Các lệnh dòng lệnh (cchc list, cchc export-pdf…) vẫn dùng được."
        )
    if not os.environ.get("DISPLAY"):
        log.error("no DISPLAY for the xcb platform")
        raise DisplayUnavailable(
            "Không có màn hình để mở cửa sổ (biến DISPLAY trống): hãy chạy trong phiên làm việc có giao diện.\n"
            "Các lệnh dòng lệnh (cchc list, cchc export-pdf…) vẫn dùng được."
        )
    display = os.environ["DISPLAY"]
    if not display_answers(display):
        # Qt would abort (134) with "no Qt platform plugin could be
        # initialized" and a hint about xcb-cursor0 that does not apply.
        log.error("the X display %s does not answer", display)
        raise DisplayUnavailable(
            f"Không kết nối được với màn hình {display} (biến DISPLAY): phiên giao diện đó đã đóng, "
            "hoặc tài khoản này không được phép dùng nó.\n"
            "Các lệnh dòng lệnh (cchc list, cchc export-pdf…) vẫn dùng được."
        )


def display_answers(display: str) -> bool:
    """Whether the X server named by ``display`` accepts a connection, asked
    through libxcb, the library Qt's xcb plugin connects with (present: the
    library check above passed). When it cannot be asked, Qt will say."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)  # does nothing on a failed connection


def _xcb_plugin() -> Path | None:
    """libqxcb.so of the PySide6 in use (a wheel, or a PyInstaller bundle),
    found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        for candidate in (Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so",
                          Path(folder) / "plugins" / "platforms" / "libqxcb.so"):
            if candidate.is_file():
                return candidate
    return None


def missing_libraries(plugin: Path | None) -> list[str]:
    """Sonames the plugin needs that the system cannot provide.

    ``ldd`` lists every missing one, also behind other libraries (libc-bin,
    present on every Debian); without it, loading the plugin names the
    first one."""
    if plugin is None:
        return []
    ldd = shutil.which("ldd")
    if ldd:
        try:
            result = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            log.warning("ldd could not run on %s", plugin, exc_info=True)
        else:
            missing = re.findall(r"^\s*(\S+) => not found", result.stdout, re.MULTILINE)
            # Qt's own libraries travel with the plugin; one "not found" here
            # means ldd did not follow the bundle's layout, not a gap.
            return sorted({name for name in missing if not name.startswith("libQt6")})
    import ctypes

    try:
        ctypes.CDLL(str(plugin))
    except OSError as error:
        found = re.search(r"(lib[^\s:]+\.so[.\d]*)", str(error).replace(str(plugin), ""))
        if found and not found.group(1).startswith("libQt6"):
            return [found.group(1)]
    return []


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that ships ``soname``."""
    if soname in _PACKAGE_EXCEPTIONS:
        return _PACKAGE_EXCEPTIONS[soname]
    name, _, version = soname.partition(".so.")
    name = name.lower()
    version = version.split(".")[0]
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


# -- fonts ---------------------------------------------------------------------------------


def use_bundled_fonts_if_none(app) -> str | None:
    """When the system has no font that writes Vietnamese, register the
    bundled ones and make the first of _UI_FAMILIES the font of every
    widget, with _FALLBACK_FAMILY for the signs it lacks; returns that family.

    "No font" is judged by writing system, not by an empty family list:
    fontconfig without fonts still reports its aliases (Sans Serif…)."""
    from app.paths import fonts_dir
    from app.ui.qt import QFont, QtGui

    database = QtGui.QFontDatabase
    if database.families(database.WritingSystem.Vietnamese):
        return None
    registered: set[str] = set()
    for path in sorted(fonts_dir().glob("*.ttf")):
        # From memory, not by name: on Windows Qt hands FreeType the path in
        # the ANSI code page, which loses the letters of a folder like
        # C:\Users\Nguyễn Văn A (measured under Wine).
        font_id = database.addApplicationFontFromData(path.read_bytes())
        if font_id < 0:
            log.warning("could not load the bundled font %s", path)
            continue
        registered.update(database.applicationFontFamilies(font_id))
    family = next((name for name in _UI_FAMILIES if name in registered), None)
    if family is None:
        log.error("the system has no font and no bundled font loaded from %s", fonts_dir())
        return None
    if _FALLBACK_FAMILY in registered:
        QFont.insertSubstitution(family, _FALLBACK_FAMILY)
    size = app.font().pointSizeF()
    font = QFont(family)
    font.setPointSizeF(size if size > 0 else 9.0)
    app.setFont(font)
    metrics = QtGui.QFontMetrics(font)
    if all(metrics.inFontUcs4(ord(letter)) for letter in VIETNAMESE_SAMPLE):
        log.info("no system font writes Vietnamese: the interface uses the bundled %s", family)
    else:
        log.error("the bundled %s does not draw %s", family, VIETNAMESE_SAMPLE)
    return family
