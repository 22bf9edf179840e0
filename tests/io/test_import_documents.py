"""Importing the upper level's plan from text (the seeds) and from Word."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from app.core.errors import FileReadError
from app.core.merge import ward_level_only
from app.core.model import RowKind
from app.io.clipboard_table import read_pasted
from app.io.importers import lost_text, read_import_file
from app.io.table_reader import parse_tsv, read_table
from tests.conftest import SEEDS, seed_table_tsv
from tests.docx_builder import build_docx


def seed_path(name: str) -> Path:
    return next(SEEDS.glob(f"{name}_*.txt"))


def flatten(rows, parent=""):
    out = []
    for row in rows:
        out.append((row.kind.value, row.number_override, parent, tuple(sorted(row.texts.items()))))
        out += flatten(row.children, row.number_override or row.texts.get("task", "")[:30])
    return out


def tasks(rows):
    found = []
    for row in rows:
        if row.kind is RowKind.TASK:
            found.append(row)
        found += tasks(row.children)
    return found


def test_seed_000_gives_five_tasks_with_lead_and_support_split():
    source = read_import_file(seed_path("000"))
    found = tasks(source.rows)
    assert len(found) == 5
    assert found[0].texts["lead"] == "Trung tâm Truyền thông và Văn hóa Thành phố."
    assert found[0].texts["support"].startswith("phòng chuyên môn, đơn vị sự nghiệp")
    assert found[2].texts["support"].startswith("phòng chuyên môn")  # continued after the page break
    assert "Phòng Tài chính - Kế hoạch Thành phố" in found[3].texts["support"]
    assert found[0].texts["form"].split("\n")[0].startswith("- Viết tin bài")  # list items kept as lines
    assert source.document.number == "26" and source.document.place == "Cẩm Phả"
    assert (source.document.issue_day, source.document.issue_month, source.document.issue_year) == (1, 2, 2023)


def test_seed_002_gives_six_tasks():
    source = read_import_file(seed_path("002"))
    assert len(tasks(source.rows)) == 6
    assert source.document.title == "Tuyên truyền cải cách hành chính nhà nước quận Dương Kinh năm 2023"
    assert source.document.number == ""  # left blank in the draft


def test_seed_004_areas_printed_numbers_and_activities():
    source = read_import_file(seed_path("004"))
    areas = [r for r in source.rows if r.kind is RowKind.AREA]
    assert len(areas) == 7
    from app.core.numbering import NumberingItem, number_rows

    flat, ids = [], {}

    def walk(row, parent):
        ident = len(flat) + 1
        ids[ident] = row
        flat.append(NumberingItem(ident, row.kind, parent, row.number_override))
        for child in row.children:
            walk(child, ident)

    for row in source.rows:
        walk(row, None)
    labels = number_rows(flat)
    task_numbers = [labels[i.id] for i in flat if i.kind is RowKind.TASK]
    expected = [str(n) for n in range(1, 10)] + [str(n) for n in range(12, 27)] + ["", "", ""] + ["28", "29", "30"]
    assert task_numbers == expected
    activities = {}
    for item in flat:
        if item.kind is RowKind.ACTIVITY:
            activities[labels[item.parent_id]] = activities.get(labels[item.parent_id], 0) + 1
    assert {k: v for k, v in activities.items() if k} == {"2": 1, "22": 1, "24": 2, "25": 1, "26": 1}
    task9 = next(ids[i.id] for i in flat if labels[i.id] == "9")
    assert task9.texts["objective"].endswith("giáo dục công lập đạt tối thiểu 85%")  # continued over the page


def test_seed_001_has_no_table_and_offers_the_document_fields(tmp_path):
    from tests.test_cli import cchc

    source = read_import_file(seed_path("001"))
    assert source.table is None and "không có bảng phụ lục" in source.note
    assert source.document.title == "Tuyên truyền cải cách hành chính thành phố năm 2025"
    db = tmp_path / "db.sqlite3"
    result = cchc("import", seed_path("001"), "--db", db, check=False)
    assert result.returncode == 2 and "--document-only" in result.stderr
    ok = cchc("import", seed_path("001"), "--document-only", "--db", db)
    assert "kế hoạch mới số 1" in ok.stdout
    import json

    shown = json.loads(cchc("show", "1", "--json", "--db", db).stdout)["plan"]
    assert shown["number"] == "82" and shown["year"] == 2025 and shown["place"] == "Phan Rang - Tháp Chàm"
    assert shown["signer"]["name"] == "Nguyễn Quốc Huy" and shown["sections"]


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_no_text_of_the_table_is_lost(seed):
    assert lost_text(read_import_file(seed_path(seed))) == []


@pytest.mark.parametrize("seed, fields, headers", [
    ("002", ["number", "task", "lead", "support", "timeframe", "output"],
     ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện/ hoàn thành", "Sản phẩm"]),
    ("004", ["number", "objective", "task", "activity", "output", "lead", "support", "timeframe", "budget"],
     ["TT", "1 - Mục tiêu", "2 - Nhiệm vụ", "3 - Hoạt động", "4 - Kết quả/ Sản phẩm", "5 - Cơ quan chủ trì",
      "6 - Cơ quan phối hợp", "7 - Thời gian thực hiện", "8 - Dự kiến kinh phí (Nếu có)"]),
])
def test_a_word_document_with_merged_cells_imports_to_the_same_rows_as_the_text(tmp_path, seed, fields, headers):
    from_text = read_table(parse_tsv(seed_table_tsv(seed)))
    path = build_docx(tmp_path / f"{seed}.docx", headers, fields, from_text.rows,
                      ["KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2023", "Nơi nhận:", "- Lưu: VT.",
                       "PHỤ LỤC", "DANH MỤC NHIỆM VỤ NĂM 2023"])
    source = read_import_file(path)
    assert flatten(source.rows) == flatten(from_text.rows)
    assert source.document.number == "15" and source.document.place == "Dương Kinh"
    assert source.year == 2023 and lost_text(source) == []


def test_word_html_on_the_clipboard_reads_like_the_text():
    from app.core.presets import LAYOUTS

    html = ("<html><body><table>"
            "<tr><td>TT</td><td>Nhiệm vụ</td><td>Cơ quan chủ trì</td><td>Cơ quan phối hợp</td></tr>"
            "<tr><td rowspan=2>1</td><td rowspan=2>Tuyên truyền<br>trên loa</td><td>Văn phòng</td><td>Các ban</td></tr>"
            "<tr><td>Công an</td><td>Đoàn</td></tr>"
            "<tr><td colspan=4>II. CẢI CÁCH THỂ CHẾ</td></tr>"
            "<tr><td>2</td><td>Rà soát</td><td>Tư pháp</td><td></td></tr>"
            "</table></body></html>")
    reading = read_pasted("ignored", html, LAYOUTS["tuyen-truyen-002"].columns)
    first = reading.rows[0]
    # Without an activity column the second row adds lines to the task's own cells.
    assert first.texts["task"] == "Tuyên truyền\ntrên loa"
    assert (first.texts["lead"], first.texts["support"]) == ("Văn phòng\nCông an", "Các ban\nĐoàn")
    assert reading.rows[1].kind is RowKind.AREA and reading.rows[1].children[0].texts["task"] == "Rà soát"


def test_keep_only_rows_the_ward_takes_part_in():
    rows = read_import_file(seed_path("002")).rows
    kept = ward_level_only(rows)
    assert len(kept) == 5  # task 2 is the district office's alone
    assert all("phường" in (r.texts.get("lead", "") + r.texts.get("support", "")) for r in kept)
    assert len(ward_level_only(read_import_file(seed_path("000")).rows)) == 5


# -- bad files ---------------------------------------------------------------------


def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    return path


def _bad(tmp_path: Path, case: str) -> tuple[Path, str]:
    if case == "old doc":
        path = tmp_path / "cu.doc"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
        return path, ".docx"
    if case == "corrupt":
        path = tmp_path / "hong.docx"
        path.write_bytes(b"PK\x03\x04" + os.urandom(3000))
        return path, "bị hỏng"
    if case == "no table":
        import docx

        path = tmp_path / "khong-bang.docx"
        document = docx.Document()
        document.add_paragraph("KẾ HOẠCH")
        document.add_paragraph("Tuyên truyền năm 2024")
        document.save(str(path))
        return path, "không có bảng phụ lục"
    if case == "50 MB":
        path = tmp_path / "lon.docx"
        with open(path, "wb") as handle:
            handle.truncate(51 * 1024 * 1024)
        return path, "quá lớn"
    if case == "zip bomb":
        return _zip_bomb(tmp_path / "bom.docx"), "giải nén ra quá lớn"
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["old doc", "corrupt", "no table", "50 MB", "zip bomb"])
def test_bad_word_files_give_a_message_and_write_nothing(tmp_path, case):
    from tests.test_cli import cchc

    path, words = _bad(tmp_path, case)
    if case == "no table":
        assert words in read_import_file(path).note
    else:
        with pytest.raises(FileReadError, match=words):
            read_import_file(path)
    db = tmp_path / "db.sqlite3"
    cchc("new", "--kind", "cchc", "--year", "2025", "--db", db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = cchc("import", path, "--db", db, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
