"""A full disk, for real: a small tmpfs mounted in a private mount namespace
(CI runs as root; elsewhere an unprivileged user namespace may allow it).
Adding rows, exporting, backing up and restoring are refused with "Ổ đĩa
đầy…" and the space needed — never "bị hỏng", never a restore offer — and
the data file is intact afterwards; once space is freed everything works."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
CHILD = Path(__file__).resolve().parent / "full_disk_child.py"
TEMP_NAMES = (".~cchc-", ".sao-luu-", ".khoi-phuc-", ".incoming-", ".soan-")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    if shutil.which("unshare") is None:
        pytest.skip("util-linux «unshare» is needed to mount a small file system")
    base = tmp_path_factory.mktemp("o-day")
    mount, outside = base / "nho", base / "ngoai"
    mount.mkdir()
    outside.mkdir()
    inner = f"mount -t tmpfs -o size=3m tmpfs {mount} && exec {sys.executable} {CHILD} {mount} {outside}"
    command = ["unshare", "-m", "sh", "-c", inner] if os.geteuid() == 0 else ["unshare", "-rm", "sh", "-c", inner]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    if result.returncode != 0 and ("mount" in result.stderr.lower() or "unshare" in result.stderr.lower()):
        why = "not root" if os.geteuid() else "root, but the kernel refused"
        pytest.skip(f"cannot mount a small tmpfs here ({why}): {result.stderr.strip()[:200]}")
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def _is_disk_full_message(text: str, doing: str) -> None:
    assert text.startswith(f"Ổ đĩa đầy: {doing}. Ổ đĩa chứa «"), text
    assert "còn trống 0 KB, cần thêm ít nhất " in text and text.endswith(
        "Hãy giải phóng chỗ trống rồi làm lại; dữ liệu đã lưu không bị ảnh hưởng."), text
    assert "hỏng" not in text and "khôi phục từ bản sao lưu" not in text


def test_the_disk_really_was_full(report):
    data, _stderr = report
    assert data["free"] == 0


def test_in_the_window_each_action_says_the_disk_is_full_and_the_file_stays_open(report):
    data, _stderr = report
    window = data["window"]
    for action, doing in (("add-row", "thay đổi vừa rồi chưa được lưu"),
                          ("export", "chưa ghi được «phu-luc.xlsx»"),
                          ("backup", "chưa tạo được bản sao lưu"),
                          ("restore", "chưa khôi phục được")):
        assert window[action]["type"] == "DiskFullError", action
        _is_disk_full_message(window[action]["error"], doing)
    before = data["before"]["counts"]
    assert window["still-open"] == before[1] + 1  # the row saved before the disk filled, and no other
    assert data["window-after"]["check"] == "ok"
    assert data["window-after"]["counts"] == [before[0], before[1] + 1, before[2]]


def test_from_the_command_line_each_command_exits_2_with_the_same_words(report):
    data, _stderr = report
    for command, result in data["cli"].items():
        assert result["code"] == 2, (command, result)
        assert result["err"].startswith("Lỗi: ") and "\n" not in result["err"], command
        _is_disk_full_message(result["err"][len("Lỗi: "):], "chưa mở được tệp dữ liệu")
    assert data["during"] == data["window-after"]  # not a byte changed by any of them
    assert data["damaged-kept"], "a damaged file on a full disk stays where it is"


def test_nothing_half_written_is_left_and_nothing_reached_the_terminal(report):
    data, stderr = report
    assert not [n for n in data["left"] if n.startswith(TEMP_NAMES)], data["left"]
    assert data["temp-left-in-data"] == []
    assert not any(n.endswith((".xlsx", ".pdf")) or n.startswith(("sao-luu", ".hong")) or ".hong-" in n
                   for n in data["left"]), data["left"]
    assert stderr == ""  # no "--- Logging error ---", no "Exception ignored", no traceback


def test_once_space_is_freed_everything_works_again(report):
    data, _stderr = report
    assert [r["code"] for r in data["freed"].values()] == [0, 0, 0]
    assert data["final"]["check"] == "ok"
    assert data["final"]["counts"] == data["before"]["counts"]  # the restored backup, whole
