"""The Excel appendix as printed: the sample plan (seed 004) exported and
converted to PDF by LibreOffice, then measured like a reviewer with a ruler —
page count against the app's own PDF, margins, page breaks, row heights, the
rule under the caption, the "Tiến độ" sheet's dates and page numbers."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.model import RowKind
from app.core.text import fold

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                reason="LibreOffice and poppler-utils are installed by .ci/run")

MM = 72 / 25.4


@dataclass
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def words_of(pdf: Path) -> tuple[list[Word], list[tuple[float, float]]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words, sizes = [], []
    for number, (w, h, body) in enumerate(re.findall(
            r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S), start=1):
        sizes.append((float(w), float(h)))
        for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', body):
            words.append(Word(number, *map(float, m.groups()[:4]), m.group(5)))
    return words, sizes


def libreoffice_pdf(source: Path, folder: Path) -> Path:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=240)
    return folder / (source.stem + ".pdf")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The sample plan as an officer keeps it: the body typed on one line,
    a little progress logged; its workbook through LibreOffice and its PDF."""
    from app.services import Services

    folder = tmp_path_factory.mktemp("in-ra")
    services = Services.open(folder / "d.sqlite3", folder / "data")
    try:
        plan_id = services.imports.import_sample().plan_id
        services.plans.update(plan_id, {"issuing_body": "UBND PHƯỜNG SÔNG CẦU", "issue_day": 5})
        task = services.rows.find_by_number(plan_id, "1")
        services.progress.add(task.id, date=date(2023, 3, 1), status="dang-thuc-hien", result="Đang rà soát")
        workbook = services.exports.export_xlsx(plan_id, folder / "phu-luc.xlsx", progress_as_of=date(2023, 12, 14))
        appendix = services.exports.export_plan_pdf(plan_id, folder / "phu-luc-app.pdf", document=False)
        rows = services.rows.list(plan_id)
    finally:
        services.close()
    pdf = libreoffice_pdf(workbook, folder)
    words, sizes = words_of(pdf)
    progress_first = min(w.page for w in words if w.text == "TIẾN")
    app_words, app_sizes = words_of(appendix)
    return {"folder": folder, "workbook": workbook, "pdf": pdf, "words": words, "sizes": sizes, "rows": rows,
            "progress_first": progress_first, "app_words": app_words, "app_pages": len(app_sizes)}


def test_libreoffice_needs_no_more_pages_than_the_apps_own_pdf(printed):
    appendix_pages = printed["progress_first"] - 1
    assert 0 < appendix_pages <= printed["app_pages"], (appendix_pages, printed["app_pages"])


def test_the_caption_names_the_body_typed_on_one_line_as_running_text(printed):
    first_page = " ".join(w.text for w in printed["words"] if w.page == 1)
    assert "của Ủy ban nhân dân phường Sông Cầu)" in first_page
    assert "Ubnd" not in first_page and "hồng" not in first_page


def test_margins_are_30_mm_left_and_15_mm_right_on_every_page_of_both_sheets(printed):
    """The table's left border (the leftmost ink of the page) sits 30 mm from
    the edge; no text comes closer than 15 mm to the right edge."""
    from PIL import Image

    folder = printed["folder"]
    subprocess.run(["pdftoppm", "-png", "-r", "144", "-gray", str(printed["pdf"]), str(folder / "le")], check=True)
    scale = 144 / 72
    for page, path in enumerate(sorted(folder.glob("le*.png")), start=1):
        image = Image.open(path).convert("L")
        pixels = image.load()
        left = next(x for x in range(image.width) if any(pixels[x, y] < 128 for y in range(0, image.height, 2)))
        assert 29 <= left / scale / MM <= 31, f"page {page}: left margin {left / scale / MM:.1f} mm"
        on_page = [w for w in printed["words"] if w.page == page]
        right = (printed["sizes"][page - 1][0] - max(w.x1 for w in on_page)) / MM
        assert right >= 14.5, f"page {page}: right margin {right:.1f} mm"
    first_area = next(w for w in printed["words"] if w.page == 1 and w.text == "I.")
    assert 29.5 <= first_area.x0 / MM <= 31  # pdftotext agrees: the area title starts at the border


def _pairs(words: list[str]) -> set[str]:
    return {f"{a} {b}" for a, b in zip(words, words[1:])}


def test_a_task_and_its_activities_are_never_split_across_pages(printed):
    """Each row is found by a pair of words no other row has; all rows of a
    task (with its activities) print on one page (each group of seed 004
    fits on one)."""
    rows = printed["rows"]
    fields = ("objective", "task", "activity", "output", "lead", "support", "timeframe", "budget")
    pairs = {r.id: set().union(*(_pairs(re.findall(r"[0-9a-z/]+", fold(getattr(r, f)))) for f in fields))
             for r in rows}
    counts: dict[str, int] = {}
    for found in pairs.values():
        for pair in found:
            counts[pair] = counts.get(pair, 0) + 1
    page_of: dict[str, set[int]] = {}
    appendix = [w for w in printed["words"] if w.page < printed["progress_first"]]
    for a, b in zip(appendix, appendix[1:]):
        if a.page == b.page and abs(a.y0 - b.y0) < 2:
            pair = " ".join(re.sub(r"[^0-9a-z/]", "", fold(w.text)) for w in (a, b))
            page_of.setdefault(pair, set()).add(a.page)
    groups: dict[int, set[int]] = {}
    owner: dict[int, int | None] = {}
    for row in rows:
        owner[row.id] = row.id if row.kind is RowKind.TASK else owner.get(row.parent_id)
        if row.kind is RowKind.AREA or owner[row.id] is None:
            continue
        unique = sorted(p for p in pairs[row.id] if counts[p] == 1 and len(page_of.get(p, ())) == 1)
        if unique:
            groups.setdefault(owner[row.id], set()).update(page_of[unique[0]])
    assert len(groups) >= 28  # nearly every task of the sample is found
    split = {task: pages for task, pages in groups.items() if len(pages) > 1}
    assert not split, split


def test_rows_print_at_the_stored_heights_which_are_never_taller_than_the_pdfs(printed):
    sheet = load_workbook(printed["workbook"])["Phụ lục"]
    first_body = next(r for r in range(1, 20) if sheet[f"A{r}"].value == "TT") + 1
    stored = {}
    for r in range(first_body, sheet.max_row + 1):
        value = sheet[f"A{r}"].value
        if value and re.fullmatch(r"\d+", str(value)):
            stored[str(value)] = r

    def tops(words, last_page):
        return {w.text: (w.page, w.y0) for w in words
                if w.page <= last_page and w.x0 < 100 and re.fullmatch(r"\d+", w.text) and w.y0 > 60}

    libre = tops(printed["words"], printed["progress_first"] - 1)
    pdf = tops(printed["app_words"], 999)
    compared = 0
    numbers = sorted(stored, key=lambda n: stored[n])
    for number, following in zip(numbers, numbers[1:]):
        if stored[following] != stored[number] + 1:
            continue  # an activity row or an area title between: compare single rows only
        if not (number in libre and following in libre and libre[number][0] == libre[following][0]):
            continue
        printed_height = libre[following][1] - libre[number][1]
        assert abs(printed_height - sheet.row_dimensions[stored[number]].height) < 1.5, number
        if number in pdf and following in pdf and pdf[number][0] == pdf[following][0]:
            assert printed_height <= pdf[following][1] - pdf[number][1] + 1, number
            compared += 1
    assert compared >= 8


def test_the_rule_under_the_caption_is_centred_under_it(printed):
    from PIL import Image

    folder = printed["folder"]
    subprocess.run(["pdftoppm", "-png", "-r", "144", "-f", "1", "-l", "1", str(printed["pdf"]),
                    str(folder / "trang")], check=True)
    image = Image.open(next(folder.glob("trang*.png"))).convert("L")
    scale = 144 / 72
    page1 = [w for w in printed["words"] if w.page == 1]
    caption_bottom = max(w.y1 for w in page1 if w.text.startswith("(Kèm"))
    table_top = min(w.y0 for w in page1 if w.text == "TT")
    runs = []
    for y in range(int(caption_bottom * scale) + 1, int(table_top * scale) - 4):
        dark = [x for x in range(image.width) if image.getpixel((x, y)) < 100]
        if dark and 30 * MM * scale < dark[-1] - dark[0] < 50 * MM * scale and len(dark) > (dark[-1] - dark[0]) * 0.9:
            runs.append((dark[0] + dark[-1]) / 2 / scale)
    assert runs, "no rule under the caption"
    sheet = load_workbook(printed["workbook"])["Phụ lục"]
    width = sum(8 * sheet.column_dimensions[c].width * 0.75 for c in "ABCDEFGHI")
    caption_centre = 30 * MM + width / 2
    assert abs(runs[0] - caption_centre) < 1 * MM


def test_the_progress_sheet_keeps_dates_whole_and_numbers_its_own_pages(printed):
    first = printed["progress_first"]
    pages = sorted({w.page for w in printed["words"] if w.page >= first})
    assert len(pages) >= 2
    for page in pages[1:]:
        top = min((w for w in printed["words"] if w.page == page), key=lambda w: w.y0)
        assert top.text == str(page - first + 1), f"page {page} is numbered {top.text}"
    sheet_words = [w.text for w in printed["words"] if w.page >= first]
    assert not [t for t in sheet_words if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{1,3}", t)]  # "31/12/202|3"
    assert len([t for t in sheet_words if re.fullmatch(r"\d{2}/\d{2}/\d{4}", t)]) >= 25
