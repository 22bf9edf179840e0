"""Starting the window never fails in silence: missing system libraries and a
missing display are named (exit 2), Qt's fatal messages reach the terminal
and the log, and a system without fonts still shows every word."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import run
from app.ui import startup
from app.ui.qt import QImage, QtCore

REPO = Path(__file__).resolve().parents[2]
needs_linux_xcb = pytest.mark.skipif(startup._xcb_plugin() is None or shutil.which("ldd") is None,
                                     reason="the xcb plugin of a Linux PySide6 wheel and ldd")


def _env(**changes) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(changes)
    return env


def test_debian_packages_of_the_xcb_plugin_libraries():
    expected = {
        "libxcb-icccm.so.4": "libxcb-icccm4",
        "libxcb-keysyms.so.1": "libxcb-keysyms1",
        "libxcb-cursor.so.0": "libxcb-cursor0",
        "libxcb-render-util.so.0": "libxcb-render-util0",
        "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
        "libX11-xcb.so.1": "libx11-xcb1",
        "libEGL.so.1": "libegl1",
        "libGL.so.1": "libgl1",
        "libdbus-1.so.3": "libdbus-1-3",
        "libfontconfig.so.1": "libfontconfig1",
        "libglib-2.0.so.0": "libglib2.0-0",
        "libGLX.so.0": "libglx0",
    }
    assert {soname: startup.debian_package(soname) for soname in expected} == expected


@pytest.fixture
def plugin_missing_icccm(tmp_path):
    """The xcb plugin as it is on a system without libxcb-icccm4: the same
    file with that one dependency renamed to a library nobody has."""
    plugin = startup._xcb_plugin()
    data = plugin.read_bytes()
    assert data.count(b"libxcb-icccm.so.4\0") == 1
    copy = tmp_path / "platforms" / "libqxcb.so"
    copy.parent.mkdir()
    copy.write_bytes(data.replace(b"libxcb-icccm.so.4\0", b"libxcb-icxxm.so.4\0"))
    return copy


@needs_linux_xcb
def test_missing_libraries_are_listed_by_ldd(plugin_missing_icccm):
    assert startup.missing_libraries(plugin_missing_icccm) == ["libxcb-icxxm.so.4"]
    assert startup.missing_libraries(startup._xcb_plugin()) == []  # this machine has them all


@needs_linux_xcb
def test_window_without_its_libraries_exits_2_with_the_apt_line(plugin_missing_icccm, monkeypatch, capsys, caplog):
    monkeypatch.setattr(startup, "_xcb_plugin", lambda: plugin_missing_icccm)
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    with caplog.at_level(logging.ERROR):
        code = run([])
    lines = capsys.readouterr().err.splitlines()
    assert code == 2
    assert lines == [
        "Lỗi: Thiếu thư viện hệ thống để mở cửa sổ: libxcb-icxxm.so.4.",
        "Trên Debian/Ubuntu, cài bằng lệnh: sudo apt install libxcb-icxxm4",
        "Các lệnh dòng lệnh (cchc list, cchc export-pdf…) vẫn dùng được.",
    ]
    assert "missing: libxcb-icxxm.so.4" in caplog.text


@needs_linux_xcb
def test_window_without_a_display_exits_2(monkeypatch, capsys):
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert run([]) == 2
    assert capsys.readouterr().err.startswith("Lỗi: Không có màn hình để mở cửa sổ (biến DISPLAY trống)")


def test_offscreen_and_wayland_are_not_checked_for_xcb(monkeypatch):
    monkeypatch.setattr(startup, "_xcb_plugin", lambda: pytest.fail("xcb looked at"))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    startup.check_display_platform()
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    startup.check_display_platform()


def _free_display() -> str:
    """An X display number nobody serves on this machine."""
    for number in range(150, 400):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return f":{number}"
    pytest.skip("no free X display number")


@needs_linux_xcb
def test_a_display_that_does_not_answer_exits_2(tmp_path):
    """DISPLAY names a session that has ended: said in one message, exit 2,
    where Qt aborted (134) speaking of a missing xcb-cursor0."""
    display = _free_display()
    data = tmp_path / "data"
    result = subprocess.run([sys.executable, "-m", "app", "--db", tmp_path / "x.sqlite3"], cwd=REPO,
                            env=_env(DISPLAY=display, CCHC_DATA_DIR=str(data)),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"Lỗi: Không kết nối được với màn hình {display} (biến DISPLAY): phiên giao diện đó đã đóng, "
        "hoặc tài khoản này không được phép dùng nó.",
        "Các lệnh dòng lệnh (cchc list, cchc export-pdf…) vẫn dùng được.",
    ]
    log = (data / "logs" / "cchc.log").read_text(encoding="utf-8")
    assert f"ERROR app.ui.startup: the X display {display} does not answer" in log


@needs_linux_xcb
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb (Debian xvfb)")
def test_a_display_that_answers_passes_the_check(tmp_path):
    display = _free_display()
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "640x480x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        socket = Path(f"/tmp/.X11-unix/X{display[1:]}")
        for _ in range(100):  # Xvfb takes a moment to open its socket
            if socket.exists() or server.poll() is not None:
                break
            time.sleep(0.1)
        assert startup.display_answers(display)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not startup.display_answers(display)


@needs_linux_xcb
def test_qt_fatal_message_reaches_the_terminal_and_the_log(tmp_path):
    """A platform plugin Qt cannot find: Qt stops the program, and says why."""
    data = tmp_path / "data"
    result = subprocess.run([sys.executable, "-m", "app", "--db", tmp_path / "x.sqlite3"], cwd=REPO,
                            env=_env(QT_QPA_PLATFORM="nosuch", CCHC_DATA_DIR=str(data)),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert lines[0] == 'Qt: Could not find the Qt platform plugin "nosuch" in ""'
    assert ("Lỗi: Qt dừng chương trình: This application failed to start because no Qt platform plugin could be "
            "initialized. Reinstalling the application may fix this problem.") in lines
    log = (data / "logs" / "cchc.log").read_text(encoding="utf-8")
    assert 'WARNING app.ui.startup: Qt: Could not find the Qt platform plugin "nosuch" in ""' in log
    assert "CRITICAL app.ui.startup: Qt: This application failed to start" in log


def test_qt_critical_to_stderr_and_log_warnings_once_to_the_log(capsys, caplog):
    with caplog.at_level(logging.WARNING, logger="app.ui.startup"):
        startup.qt_message_handler(QtCore.QtMsgType.QtCriticalMsg, None, "QPainter hỏng")
        startup.qt_message_handler(QtCore.QtMsgType.QtWarningMsg, None, "một cảnh báo")
        startup.qt_message_handler(QtCore.QtMsgType.QtWarningMsg, None, "một cảnh báo")
        startup.qt_message_handler(QtCore.QtMsgType.QtDebugMsg, None, "gỡ lỗi")
    assert capsys.readouterr().err == "Qt: QPainter hỏng\n"
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("ERROR", "Qt: QPainter hỏng"), ("WARNING", "Qt: một cảnh báo")]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig")
def test_a_system_without_fonts_draws_the_window_in_the_bundled_font(tmp_path):
    config = tmp_path / "fonts.conf"
    config.write_text(f"<fontconfig><dir>{tmp_path / 'no-fonts'}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
                      "</fontconfig>", encoding="utf-8")
    data, png = tmp_path / "data", tmp_path / "cua-so.png"
    env = _env(QT_QPA_PLATFORM="offscreen", FONTCONFIG_FILE=str(config), CCHC_DATA_DIR=str(data))
    db = tmp_path / "x.sqlite3"
    subprocess.run([sys.executable, "-m", "app", "--db", db, "sample"], cwd=REPO, env=env, check=True, timeout=120)
    subprocess.run([sys.executable, "-m", "app", "--db", db, "--plan", "1", "--tab", "matrix", "--screenshot", png],
                   cwd=REPO, env=env, check=True, timeout=120)
    log = (data / "logs" / "cchc.log").read_text(encoding="utf-8")
    assert "no system font writes Vietnamese: the interface uses the bundled Liberation Sans" in log
    image = QImage(str(png))
    dark = sum(1 for x in range(400) for y in range(22) if image.pixelColor(x, y).lightness() < 110)
    assert dark > 150  # the menu bar's words are drawn


def test_with_system_fonts_nothing_is_replaced(qapp):
    font = qapp.font()
    assert startup.use_bundled_fonts_if_none(qapp) is None
    assert qapp.font() == font


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig")
def test_the_bundled_fonts_draw_every_letter_and_sign_the_program_writes(tmp_path):
    """Every non-ASCII character in the program's strings (Vietnamese letters,
    «», –, …, the ✓ ✗ of the deadline markers; not the control and format
    characters the text cleaning names) on a system with no font."""
    config = tmp_path / "fonts.conf"
    config.write_text(f"<fontconfig><dir>{tmp_path / 'no-fonts'}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
                      "</fontconfig>", encoding="utf-8")
    script = (
        "import ast, pathlib, sys, unicodedata\n"
        "from PySide6 import QtGui, QtWidgets\n"
        "from app.ui.startup import use_bundled_fonts_if_none\n"
        "app = QtWidgets.QApplication([])\n"
        "assert use_bundled_fonts_if_none(app) == 'Liberation Sans'\n"
        "metrics = QtGui.QFontMetrics(app.font())\n"
        "written = {c for path in pathlib.Path('app').rglob('*.py')\n"
        "           for node in ast.walk(ast.parse(path.read_text(encoding='utf-8')))\n"
        "           if isinstance(node, ast.Constant) and isinstance(node.value, str)\n"
        "           for c in node.value if ord(c) > 127 and unicodedata.category(c)[0] != 'C'}\n"
        "print(len(written), ''.join(sorted(c for c in written if not metrics.inFontUcs4(ord(c)))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120,
                            env=_env(QT_QPA_PLATFORM="offscreen", FONTCONFIG_FILE=str(config)))
    count, _, missing = result.stdout.strip().partition(" ")
    assert result.returncode == 0, result.stderr
    assert int(count) > 80 and missing == ""
