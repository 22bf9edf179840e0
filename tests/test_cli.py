"""The command line, run as a user or a script would: a separate process each time."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def cchc(*args, data_dir=None, check=True):
    env = dict(os.environ)
    if data_dir:
        env["CCHC_DATA_DIR"] = str(data_dir)
    result = subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)], capture_output=True, text=True,
        encoding="utf-8", cwd=REPO, env=env, timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "plan.sqlite3"
    assert cchc("new", "--kind", "cchc", "--year", "2025", "--db", path).stdout.strip() == "1"
    return path


def test_new_add_row_log_and_a_second_process_sees_it_all(db):
    number = cchc("add-row", "1", "--area", "II", "--task", "Rà soát văn bản QPPL",
                  "--timeframe", "Quý II/2025", "--lead", "Công chức Tư pháp – Hộ tịch", "--db", db).stdout.strip()
    assert number == "1"
    assert cchc("--db", db, "add-row", "1", "--area", "III", "--task", "Công khai TTHC",
                "--timeframe", "Thường xuyên").stdout.strip() == "2"
    cchc("log", "1", "1", "--date", "2025-03-10", "--status", "hoan-thanh", "--percent", "100",
         "--result", "Đã ban hành Kế hoạch số 15/KH-UBND", "--db", db)

    plans = json.loads(cchc("list", "--json", "--db", db).stdout)
    assert plans == [{"id": 1, "kind": "cchc", "year": 2025, "title": "Thực hiện công tác cải cách hành chính năm 2025",
                      "number": "", "symbol": "KH-UBND", "task_count": 2, "is_sample": False}]
    shown = json.loads(cchc("show", "1", "--json", "--as-of", "2025-04-01", "--db", db).stdout)
    task = next(r for r in shown["rows"] if r["number"] == "1")
    assert task["task"] == "Rà soát văn bản QPPL" and task["lead"] == "Công chức Tư pháp – Hộ tịch"
    assert task["due_dates"] == ["2025-06-30"]
    assert task["status"] == "hoan-thanh-dung-han" and task["status_label"] == "Hoàn thành đúng hạn"
    assert shown["progress"][0]["result"] == "Đã ban hành Kế hoạch số 15/KH-UBND"
    assert shown["figures"]["total"]["total"] == 2 and shown["figures"]["total"]["done"] == 1
    area_ii = next(r for r in shown["rows"] if r["number"] == "II")
    assert area_ii["task"] == "CẢI CÁCH THỂ CHẾ"


def test_sample_adds_the_shipped_ward_plan_marked_as_a_sample(db):
    assert cchc("sample", "--db", db).stdout.strip() == "2"
    plans = json.loads(cchc("list", "--json", "--db", db).stdout)
    sample = plans[1]
    assert sample["is_sample"] and sample["year"] == 2023 and sample["task_count"] == 30
    assert "(mẫu)" in cchc("list", "--db", db).stdout.splitlines()[1]


def test_default_data_file_lives_in_the_data_folder(tmp_path):
    data = tmp_path / "folder"
    cchc("new", "--kind", "tuyen-truyen", "--year", "2023", data_dir=data)
    assert (data / "so-ke-hoach-cchc.sqlite3").is_file()
    assert json.loads(cchc("list", "--json", data_dir=data).stdout)[0]["kind"] == "tuyen-truyen"


@pytest.mark.parametrize("args, words", [
    (["show", "9", "--json"], "Không có kế hoạch số 9"),
    (["log", "1", "1", "--date", "2025-13-40", "--status", "hoan-thanh"], "Ngày không"),
    (["log", "1", "1", "--date", "2025-03-10", "--status", "xong"], "Tình trạng không hợp lệ"),
    (["log", "1", "99", "--date", "2025-03-10", "--status", "hoan-thanh"], "Không có dòng số «99»"),
    (["add-row", "1", "--area", "IX", "--task", "x"], "Không có lĩnh vực"),
    (["show", "abc"], "phải là một số"),
])
def test_bad_input_gives_one_line_exit_2_and_leaves_the_file_untouched(db, args, words):
    before = digest(db)
    result = cchc(*args, "--db", db, check=False)
    assert result.returncode == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert digest(db) == before


def test_log_names_an_occurrence_and_writes_to_sub_rows_and_activities(db):
    cchc("add-row", "1", "--area", "I", "--task", "Báo cáo CCHC", "--timeframe",
         "Định kỳ trước ngày 10 của tháng cuối quý", "--db", db)
    assert cchc("add-row", "1", "--under", "1", "--kind", "subtask", "--task", "Báo cáo 6 tháng",
                "--timeframe", "trước 15/06/2025", "--db", db).stdout.strip() == "1.1"
    cchc("add-row", "1", "--under", "1", "--activity", "Tổng hợp số liệu", "--timeframe", "trước 20/01/2025", "--db", db)
    cchc("log", "1", "1", "--date", "2025-06-01", "--status", "hoan-thanh", "--occurrence", "10/06/2025", "--db", db)
    cchc("log", "1", "1.1", "--date", "2025-06-16", "--status", "hoan-thanh", "--db", db)
    cchc("log", "1", "1", "--activity", "1", "--date", "2025-01-15", "--status", "hoan-thanh", "--db", db)
    before = digest(db)
    for args, words in ((["1", "--occurrence", "2025-06-11"],
                         "Nhiệm vụ 1 không có lần đến hạn ngày 11/06/2025 (các lần đến hạn: 20/01/2025, 10/03/2025,"),
                        (["1.1", "--occurrence", "2025-06-10"], "Nhiệm vụ con 1.1 không có lần đến hạn ngày 10/06/2025"),
                        (["1", "--activity", "2"], "Nhiệm vụ 1 có 1 hoạt động; không có hoạt động thứ 2"),
                        (["I"], "là lĩnh vực")):
        result = cchc("log", "1", *args, "--date", "2025-06-01", "--status", "hoan-thanh", "--db", db, check=False)
        assert result.returncode == 2 and words in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert digest(db) == before
    shown = json.loads(cchc("show", "1", "--json", "--as-of", "2025-07-01", "--db", db).stdout)
    rows = {r["number"] or r["activity"]: r for r in shown["rows"]}
    assert rows["1"]["occurrences"] == [
        {"due": "2025-01-20", "kind": "milestone", "status": "hoan-thanh-dung-han", "done_on": "2025-01-15"},
        {"due": "2025-03-10", "kind": "recurring", "status": "qua-han", "done_on": None},
        {"due": "2025-06-10", "kind": "recurring", "status": "hoan-thanh-dung-han", "done_on": "2025-06-01"},
        {"due": "2025-06-15", "kind": "milestone", "status": "hoan-thanh-qua-han", "done_on": "2025-06-16"},
        {"due": "2025-09-10", "kind": "recurring", "status": "chua-den-han", "done_on": None},
        {"due": "2025-12-10", "kind": "recurring", "status": "chua-den-han", "done_on": None},
    ]
    assert rows["1"]["status"] == "qua-han" and rows["1"]["status_label"] == "Quá hạn"
    assert rows["1.1"]["status"] == "hoan-thanh-qua-han" and len(rows["1.1"]["occurrences"]) == 1
    assert rows["Tổng hợp số liệu"]["status"] == "hoan-thanh-dung-han"
    assert [p["occurrence"] for p in shown["progress"]] == [None, "2025-06-10", None]
    assert shown["rows"][0]["occurrences"] == []  # an area


def test_bad_data_files_give_one_line_exit_2_and_stay_the_same(tmp_path, db):
    text_file = tmp_path / "notes.txt"
    text_file.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    read_only = tmp_path / "readonly.sqlite3"
    shutil.copy(db, read_only)
    read_only.chmod(0o444)
    for target, words in ((tmp_path, "thư mục"), (text_file, "không phải tệp SQLite"), (read_only, "chỉ cho phép đọc")):
        before = None if target.is_dir() else digest(target)
        result = cchc("list", "--db", target, check=False)
        assert result.returncode == 2, result.stderr
        assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
        if before:
            assert digest(target) == before


def test_version_and_help_speak_vietnamese():
    assert cchc("--version").stdout.startswith("Sổ kế hoạch CCHC ")
    assert "Cách dùng: cchc" in cchc("--help").stdout


def test_installed_cchc_command_runs_when_installed(tmp_path):
    script = shutil.which("cchc", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the package is not installed in this environment (pip install -e .)")
    result = subprocess.run([script, "new", "--kind", "cchc", "--year", "2026", "--db", tmp_path / "x.db"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "1"


def test_screenshot_renders_the_window_offscreen(db, tmp_path):
    target = tmp_path / "shot.png"
    cchc("--screenshot", target, "--db", db)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_move_takes_rows_up_down_across_areas_and_in_and_out(db):
    for area, task in (("II", "Rà soát văn bản"), ("II", "Kiểm tra"), ("III", "Công khai TTHC")):
        cchc("add-row", "1", "--area", area, "--task", task, "--db", db)

    def tasks_by_area():
        rows = json.loads(cchc("show", "1", "--json", "--db", db).stdout)["rows"]
        numbers = {r["id"]: r["number"] for r in rows}
        return [(numbers[r["parent_id"]] if r["parent_id"] else "", r["number"], r["kind"], r["task"])
                for r in rows if r["kind"] != "area"]

    # The last task of area II moves down into the top of area III.
    assert cchc("move", "1", "2", "--down", "--db", db).stdout.strip() == "2"
    assert tasks_by_area() == [("II", "1", "task", "Rà soát văn bản"), ("III", "2", "task", "Kiểm tra"),
                               ("III", "3", "task", "Công khai TTHC")]
    assert cchc("move", "1", "3", "--indent", "--db", db).stdout.strip() == "(hoạt động của nhiệm vụ 2)"
    assert tasks_by_area()[2] == ("2", "", "activity", "Công khai TTHC")
    activity = next(r["id"] for r in json.loads(cchc("show", "1", "--json", "--db", db).stdout)["rows"]
                    if r["kind"] == "activity")
    assert cchc("move", "1", f"#{activity}", "--outdent", "--db", db).stdout.strip() == "3"
    assert cchc("move", "1", "1", "--to-area", "VII", "--db", db).stdout.strip() == "3"
    assert [t[:2] for t in tasks_by_area()] == [("III", "1"), ("III", "2"), ("VII", "3")]
    # Refusals: one Vietnamese line, exit code 2, nothing changed.
    before = tasks_by_area()
    for args, words in ((("I", "--up"), "vị trí đầu"), (("1", "--up", "--down"), "không dùng cùng"),
                        (("9", "--down"), "Không có dòng số «9»"), (("1",), "cần một trong các tham số"),
                        (("#999", "--up"), "Không có dòng #999")):
        result = cchc("move", "1", *args, "--db", db, check=False)
        assert result.returncode == 2 and words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert tasks_by_area() == before
