"""At 1366×768, the usual office laptop, the main window and every dialog
open within the screen's available area, status bar and buttons included;
a window remembered from a bigger monitor is brought back onto the screen.

Qt's offscreen screen has no task bar: the screens here are the area a
Windows task bar (40 px) leaves of 1366×768 and 1920×1080."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def open_everything(tmp_path, width: int, height: int, remembered: str = "") -> dict:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "CCHC_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "tests.ui.screen_child", remembered], cwd=REPO, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {line["name"]: line for line in lines}


def inside(entry) -> bool:
    x, y, w, h = entry["frame"]
    sx, sy, sw, sh = entry["screen"]
    return sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh


@pytest.mark.parametrize("width,height", [(1366, 728), (1920, 1040)])
def test_window_and_every_dialog_open_within_the_screen(tmp_path, width, height):
    seen = open_everything(tmp_path, width, height)
    assert set(seen) >= {"window", "report", "mail", "print-preview", "columns", "entry", "settings", "self-assessment"}
    outside = {name: entry["frame"] for name, entry in seen.items() if not inside(entry)}
    assert outside == {}, f"not within {seen['window']['screen']}: {outside}"


def test_a_window_remembered_on_a_bigger_monitor_comes_back_onto_the_laptop(tmp_path):
    seen = open_everything(tmp_path, 1366, 728, remembered="1500,900,1900,1040")
    assert inside(seen["window"]), seen["window"]
