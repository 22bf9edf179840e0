"""The Excel appendix: layout, text safety, round trip, LibreOffice, bad files."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.core.dates import BLANK_DAY
from app.core.errors import FileReadError, FileWriteError
from app.core.model import RowKind
from app.core.text import fold
from app.io.importers import read_import_file
from tests.seeds import enter_seed, structure


def export(services, plan_id, path, **kwargs):
    return services.exports.export_xlsx(plan_id, path, **kwargs)


@pytest.mark.parametrize("seed", ["000", "002", "004"])
def test_round_trip_gives_the_same_rows_texts_and_structure(services, tmp_path, seed):
    plan_id = enter_seed(services, seed)
    target = export(services, plan_id, tmp_path / f"{seed}.xlsx")
    source = read_import_file(target)
    result = services.imports.apply(source)
    assert result.created_plan and result.plan_id != plan_id
    assert structure(services, result.plan_id) == structure(services, plan_id)
    assert [c.header for c in services.plans.get(result.plan_id).columns] == \
           [c.header for c in services.plans.get(plan_id).columns]


def test_sheet_layout_follows_the_decree(services, tmp_path):
    plan_id = enter_seed(services, "004")
    services.plans.update(plan_id, {"number": "01", "issue_day": 5, "issue_month": 3,
                                    "issuing_body": "ỦY BAN NHÂN DÂN\nPHƯỜNG SÔNG CẦU"})
    path = export(services, plan_id, tmp_path / "pl.xlsx")
    sheet = load_workbook(path)["Phụ lục"]
    assert sheet["A1"].value == "Phụ lục" and sheet["A1"].font.b and sheet["A1"].font.sz == 14
    assert sheet["A2"].value == "CÁC MỤC TIÊU, NHIỆM VỤ CỤ THỂ TRIỂN KHAI CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2023"
    assert sheet["A3"].value == ("(Kèm theo Kế hoạch số 01/KH-UBND ngày 05 tháng 3 năm 2023 "
                                 "của Ủy ban nhân dân phường Sông Cầu)")
    assert sheet["A3"].font.i
    header = 5
    assert [c.value for c in sheet[header]][:3] == ["TT", "Mục tiêu", "Nhiệm vụ"]
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    margins = sheet.page_margins
    assert [round(v * 25.4) for v in (margins.top, margins.bottom, margins.left, margins.right)] == [20, 20, 30, 15]
    assert sheet.HeaderFooter.differentFirst and "&P" in sheet.oddHeader.center.text
    cells = [c for row in sheet.iter_rows(min_row=header) for c in row if c.value]
    assert {c.font.name for c in cells} == {"Times New Roman"} and all(c.font.sz == 12 for c in cells)
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert f"A{header + 1}:I{header + 1}" in merged  # area I across all columns
    assert sheet[f"A{header + 1}"].value == "I. CẢI CÁCH THỂ CHẾ"
    # Task 2 spans its activity row in TT, Mục tiêu and Nhiệm vụ.
    task2 = next(r for r in range(header, sheet.max_row + 1) if sheet[f"A{r}"].value == "2")
    assert {f"A{task2}:A{task2 + 1}", f"B{task2}:B{task2 + 1}", f"C{task2}:C{task2 + 1}"} <= merged
    assert sheet[f"D{task2 + 1}"].value.startswith("Xây dựng dự thảo báo cáo kết quả")
    assert all(sheet.row_dimensions[r].height for r in range(header, sheet.max_row + 1))
    workbook = load_workbook(path)
    assert workbook.properties.title.startswith("Phụ lục") and workbook.properties.creator
    # Columns fill the printable width of an A4 landscape page (252 mm) in
    # whole pixels: a width unit is one digit of Times New Roman 12, 8 px.
    widths_px = [8 * sheet.column_dimensions[col].width for col in "ABCDEFGHI"]
    assert all(px == int(px) for px in widths_px)
    assert 251 < sum(widths_px) / 96 * 25.4 <= 252
    assert not sheet.print_options.horizontalCentered
    assert sheet.page_setup.firstPageNumber == 1 and sheet.page_setup.useFirstPageNumber


def test_default_font_of_the_workbook_is_times_new_roman(services, tmp_path):
    path = export(services, enter_seed(services, "002"), tmp_path / "x.xlsx")
    styles = zipfile.ZipFile(path).read("xl/styles.xml").decode()
    first_font = re.search(r"<fonts[^>]*><font>(.*?)</font>", styles).group(1)
    assert 'val="Times New Roman"' in first_font and 'val="12"' in first_font


def test_blank_number_and_date_leave_blanks_in_the_caption(services, tmp_path):
    plan_id = enter_seed(services, "002")
    services.plans.update(plan_id, {"issuing_body": "ỦY BAN NHÂN DÂN\nQUẬN DƯƠNG KINH"})
    sheet = load_workbook(export(services, plan_id, tmp_path / "x.xlsx")).active
    caption = sheet["A3"].value
    blank = BLANK_DAY
    assert caption.startswith(f"(Kèm theo Kế hoạch số {blank}/KH-UBND ngày {blank} tháng {blank} năm 2023")
    assert caption.endswith("của Ủy ban nhân dân quận Dương Kinh)")


def test_text_that_looks_like_a_formula_is_written_as_text(services, tmp_path):
    plan_id = services.plans.create("tuyen-truyen", 2025)
    for text in ("=SUM(A1:A3)", "+84 912 345 678", "-5% chi phí", "@phuong"):
        services.rows.add(plan_id, RowKind.TASK, texts={"task": text})
    path = export(services, plan_id, tmp_path / "f.xlsx")
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    values = [c.value for row in load_workbook(path).active.iter_rows() for c in row if c.value]
    assert {"=SUM(A1:A3)", "+84 912 345 678", "-5% chi phí", "@phuong"} <= set(values)


def test_chosen_columns_and_the_progress_sheet(services, tmp_path):
    from datetime import date

    plan_id = enter_seed(services, "002")
    first = [r for r in services.rows.list(plan_id) if r.kind is RowKind.TASK][0]
    services.progress.add(first.id, date=date(2023, 5, 2), status="hoan-thanh", result="Đăng 12 tin bài",
                          evidence="Báo cáo 15/BC-VHTT")
    path = export(services, plan_id, tmp_path / "x.xlsx", columns=["number", "task", "lead"],
                  progress_as_of=date(2023, 6, 14))
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Phụ lục", "Tiến độ"]
    assert [c.value for c in workbook["Phụ lục"][5]] == ["TT", "Nhiệm vụ", "Cơ quan chủ trì"]
    progress = workbook["Tiến độ"]
    row = next(r for r in progress.iter_rows(values_only=True) if r[0] == "1")
    assert "Hoàn thành đúng hạn" in row and "Đăng 12 tin bài" in row and "Báo cáo 15/BC-VHTT" in row


# -- writing safely ------------------------------------------------------------


def test_read_only_folder_gives_a_message_and_no_file(services, tmp_path):
    plan_id = enter_seed(services, "002")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(FileWriteError, match="chỉ cho phép đọc"):
            export(services, plan_id, folder / "x.xlsx")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_target_locked_by_another_program_keeps_the_old_file(services, tmp_path, monkeypatch):
    plan_id = enter_seed(services, "002")
    target = tmp_path / "open-in-excel.xlsx"
    target.write_bytes(b"old version")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileWriteError, match="đang mở trong chương trình khác"):
        export(services, plan_id, target)
    assert target.read_bytes() == b"old version"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []


def test_full_disk_leaves_no_half_written_file(services, tmp_path, monkeypatch):
    import errno

    plan_id = enter_seed(services, "004")
    target = tmp_path / "full.xlsx"

    def no_space(self, filename):
        Path(filename).write_bytes(b"PK\x03\x04 partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Workbook, "save", no_space)
    with pytest.raises(FileWriteError, match="Ổ đĩa đầy"):
        export(services, plan_id, target)
    assert list(tmp_path.iterdir()) == [p for p in tmp_path.iterdir() if p.suffix != ".xlsx"]


# -- reading bad files -----------------------------------------------------------


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    corrupt = tmp_path / "hong.xlsx"
    corrupt.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    old = tmp_path / "cu.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)
    renamed_old = tmp_path / "cu-doi-ten.xlsx"
    renamed_old.write_bytes(old.read_bytes())
    protected = tmp_path / "mat-khau.xlsx"
    protected.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptionInfo".encode("utf-16-le")
                          + b"\x00" * 4000)
    empty = tmp_path / "trong.xlsx"
    Workbook().save(empty)
    no_header = tmp_path / "khong-tieu-de.xlsx"
    workbook = Workbook()
    for i in range(20):
        workbook.active.append([f"dòng {i}", "chữ", "bất kỳ"])
    workbook.save(no_header)
    return {
        "corrupt": (corrupt, "bị hỏng"),
        "old": (old, "lưu lại dưới dạng .xlsx"),
        "renamed old": (renamed_old, "lưu lại dưới dạng .xlsx"),
        "protected": (protected, "mật khẩu"),
        "empty": (empty, "trống"),
        "no header": (no_header, "Không tìm thấy bảng phụ lục"),
    }


@pytest.mark.parametrize("case", ["corrupt", "old", "renamed old", "protected", "empty", "no header"])
def test_bad_files_give_a_clear_message(tmp_path, case):
    path, words = _bad_files(tmp_path)[case]
    with pytest.raises(FileReadError, match=words):
        read_import_file(path)


@pytest.mark.parametrize("case", ["corrupt", "old", "protected", "empty", "no header"])
def test_bad_files_through_the_command_line_leave_the_database_unchanged(tmp_path, case):
    from tests.test_cli import cchc

    db = tmp_path / "db.sqlite3"
    cchc("new", "--kind", "cchc", "--year", "2025", "--db", db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    path, words = _bad_files(tmp_path)[case]
    result = cchc("import", path, "--db", db, check=False)
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


# -- a second client: LibreOffice ------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler-utils are installed by .ci/run")
def test_libreoffice_prints_every_cell_on_a4_landscape_with_the_header_on_each_page(services, tmp_path):
    plan_id = enter_seed(services, "004")
    path = export(services, plan_id, tmp_path / "pl004.xlsx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "pl004.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert pages >= 2 and round(width) == 842 and round(height) == 595
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert _words("TT Mục tiêu Nhiệm vụ Hoạt động Cơ quan chủ trì") <= _words(text), f"no header on page {page}"
    everything = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    printed = _words(everything)
    for row in services.rows.list(plan_id):
        for name in ("objective", "task", "activity", "output", "lead", "support", "timeframe", "budget"):
            text = getattr(row, name)
            if text:
                assert _words(text) <= printed, f"not printed: {text!r}"


def _words(text: str) -> set[str]:
    """Words without diacritics or punctuation (pdftotext splits lines anywhere)."""
    return {w for w in re.split(r"[^0-9a-z]+", fold(text)) if len(w) > 1}
