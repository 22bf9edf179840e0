"""`cchc import` as a script uses it: --dry-run lists the rows it would
write, --area places a table without areas into an existing plan."""

from __future__ import annotations

import json

from tests.conftest import SEEDS
from tests.test_cli import cchc, digest


def seed_file(name: str):
    return next(SEEDS.glob(f"{name}_*.txt"))


def test_dry_run_prints_the_rows_it_would_write_and_writes_nothing(tmp_path):
    db = tmp_path / "db.sqlite3"
    out = cchc("import", seed_file("004"), "--dry-run", "--db", db).stdout.splitlines()
    assert out[0] == "Tìm thấy 30 nhiệm vụ, 7 lĩnh vực."  # the line scripts read, first as before
    header = out.index("TT\tNội dung\tChủ trì\tPhối hợp\tThời gian")
    rows = [line.split("\t") for line in out[header + 1:]]
    assert rows[0] == ["I", "CẢI CÁCH THỂ CHẾ", "", "", ""]
    assert rows[1] == ["1", "  Ban hành Kế hoạch kiểm tra, rà soát văn bản QPPL năm 2023 và triển khai thực hiện",
                       "Công chức Tư pháp – Hộ tịch", "Các CBCC",
                       "Ban hành Kế hoạch tháng 12/2022; Triển khai thực hiện trong năm 2023"]
    activity = rows[3]
    assert activity[0] == "" and activity[1].startswith("    Xây dựng dự thảo báo cáo kết quả")
    assert activity[2:] == ["Công chức Tư pháp – Hộ tịch", "Các CBCC", "UBND phường ban hành báo cáo UBND TP trước 05/12/2023"]
    assert sum(1 for r in rows if r[0].isdigit()) == 27  # 30 tasks, three printed without a number
    assert "Loại kế hoạch: Kế hoạch CCHC" in out
    assert not db.exists()


def test_a_table_without_areas_asks_for_one_then_lands_in_it(tmp_path):
    db = tmp_path / "db.sqlite3"
    assert cchc("new", "--kind", "cchc", "--year", "2023", "--db", db).stdout.strip() == "1"
    before = digest(db)
    refused = cchc("import", seed_file("002"), "--plan", "1", "--db", db, check=False)
    assert refused.returncode == 2 and "--area" in refused.stderr and "II. CẢI CÁCH THỂ CHẾ" in refused.stderr
    assert digest(db) == before
    wrong = cchc("import", seed_file("002"), "--plan", "1", "--area", "IX", "--db", db, check=False)
    assert wrong.returncode == 2 and "IX" in wrong.stderr and digest(db) == before
    alone = cchc("import", seed_file("002"), "--area", "II", "--db", db, check=False)
    assert alone.returncode == 2 and "--plan" in alone.stderr
    done = cchc("import", seed_file("002"), "--plan", "1", "--area", "thủ tục hành chính", "--db", db)
    assert "Đã nhập 6 nhiệm vụ" in done.stdout
    rows = json.loads(cchc("show", "1", "--json", "--db", db).stdout)["rows"]
    by_id = {r["id"]: r for r in rows}
    imported = [r for r in rows if r["task"].startswith("Tuyên truyền về công tác cải cách hành chính")]
    assert len(imported) == 1
    assert by_id[imported[0]["parent_id"]]["task"] == "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"


def test_dry_run_into_a_plan_shows_the_area_question_too(tmp_path):
    db = tmp_path / "db.sqlite3"
    cchc("new", "--kind", "cchc", "--year", "2023", "--db", db)
    ok = cchc("import", seed_file("002"), "--plan", "1", "--area", "III", "--dry-run", "--db", db)
    assert ok.stdout.startswith("Tìm thấy 6 nhiệm vụ, 0 lĩnh vực.")
