"""A long appendix in the PDF: laid out page by page (app/io/pdf_grid.py),
it must read like one table — header on every page, every row once and in
order, a task's merged cells never cut, an area title never left alone at the
foot of a page, and nothing printed below the bottom margin."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from app.core.model import NewRow, RowKind
from app.io.pdf_common import BOTTOM, TOP
from tests.io.test_pdf import words

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by .ci/run")

SENTENCE = "Rà soát, đơn giản hóa thủ tục hành chính và công khai kết quả trên Cổng dịch vụ công. "
HEADER_WORDS = words("TT Mục tiêu Nhiệm vụ Hoạt động")


def pages_of(path, layout: bool = False) -> list[str]:
    args = ["pdftotext"] + (["-layout"] if layout else []) + [str(path), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def lowest_word_per_page(path) -> list[tuple[float, float]]:
    """(page height, lowest bottom edge of any word) for each page."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    out = []
    for page in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', html, re.S):
        bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', page[1])]
        out.append((float(page[0]), max(bottoms, default=0.0)))
    return out


def long_plan(services, tasks_per_area: int = 40, giant_task: int | None = None) -> int:
    """Three areas; task lengths vary; every fifth task has four activities."""
    plan_id = services.plans.create("cchc", 2025, with_areas=False)
    areas, number = [], 0
    for area in ("CẢI CÁCH THỂ CHẾ", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "CẢI CÁCH TỔ CHỨC BỘ MÁY"):
        children = []
        for _ in range(tasks_per_area):
            number += 1
            repeat = 80 if number == giant_task else 1 + number % 4
            texts = {"task": f"Mốc{number}mốc " + SENTENCE * repeat, "lead": "Văn phòng HĐND và UBND",
                     "timeframe": "Quý II/2025"}
            activities = tuple(NewRow(RowKind.ACTIVITY, {"activity": f"Hoạt{number}động{a} " + SENTENCE})
                               for a in range(1, 5)) if number % 5 == 0 else ()
            children.append(NewRow(RowKind.TASK, texts, children=activities))
        areas.append(NewRow(RowKind.AREA, {"task": area}, children=tuple(children)))
    services.rows.insert(plan_id, None, None, areas)
    return plan_id


@pytest.fixture
def long_pdf(services, tmp_path):
    plan_id = long_plan(services)
    path = services.exports.export_plan_pdf(plan_id, tmp_path / "dai.pdf", document=False)
    return path, pages_of(path)


def test_every_page_of_a_long_appendix_starts_with_the_header(long_pdf):
    path, _pages = long_pdf
    pages = pages_of(path, layout=True)  # lines as printed, top to bottom
    assert len(pages) > 10
    for number, page in enumerate(pages, start=1):
        top = " ".join(re.split(r"Mốc\d|Hoạt\d", page)[0].split())  # what comes before the first row
        assert HEADER_WORDS <= words(top), (number, top[:200])


def test_every_row_is_printed_once_and_in_order(long_pdf):
    _path, pages = long_pdf
    text = "".join(pages)
    marks = [int(m) for m in re.findall(r"Mốc(\d+)mốc", text)]
    assert marks == list(range(1, 121))
    activities = re.findall(r"Hoạt(\d+)động(\d)", text)
    assert activities == [(str(t), str(a)) for t in range(5, 121, 5) for a in range(1, 5)]


def test_a_task_is_cut_only_to_fill_a_page_that_would_stay_a_quarter_empty(long_pdf):
    """A task and its activities stay on one page, unless moving them whole
    would leave a quarter of the page empty: then they fill the page and
    continue overleaf (issue 16: no page 40 % empty)."""
    path, pages = long_pdf
    lowest = lowest_word_per_page(path)
    cut = 0
    for number, page in enumerate(pages, start=1):
        for task in re.findall(r"Hoạt(\d+)động", page):
            if f"Mốc{task}mốc" in page:
                continue
            cut += 1
            previous = pages[number - 2]
            assert f"Mốc{task}mốc" in previous, f"page {number}: task {task} started two pages back"
            height, bottom = lowest[number - 2]
            assert bottom >= height - BOTTOM - 2 * 14 - 6, f"page {number - 1} cut task {task} with room left"
    assert cut, "this plan has tasks too tall to move whole"


def test_no_page_but_the_last_is_a_third_empty(long_pdf):
    path, _pages = long_pdf
    for number, (height, bottom) in enumerate(lowest_word_per_page(path)[:-1], start=1):
        frame = height - TOP - BOTTOM
        assert bottom >= TOP + frame * 2 / 3, f"page {number}: text ends at {bottom:.0f} of {height:.0f}"


def test_an_area_title_never_ends_a_page(long_pdf):
    _path, pages = long_pdf
    for number, page in enumerate(pages[:-1], start=1):
        last_area = max((page.rfind(a) for a in ("I. CẢI CÁCH", "II. CẢI CÁCH", "III. CẢI CÁCH")), default=-1)
        last_task = page.rfind("Mốc")
        assert last_area < last_task, f"page {number} ends with an area title"


def test_nothing_is_printed_below_the_bottom_margin(long_pdf):
    path, _pages = long_pdf
    for number, (height, lowest) in enumerate(lowest_word_per_page(path), start=1):
        assert lowest <= height - BOTTOM + 1, f"page {number}: text at {lowest:.1f} of {height:.1f}"


def test_a_cell_longer_than_a_page_continues_overleaf(services, tmp_path):
    plan_id = long_plan(services, tasks_per_area=4, giant_task=6)
    path = services.exports.export_plan_pdf(plan_id, tmp_path / "o-dai.pdf", document=False)
    pages = pages_of(path)
    text = " ".join(" ".join(pages).split())
    assert [int(m) for m in re.findall(r"Mốc(\d+)mốc", text)] == list(range(1, 13))
    assert text.count("Cổng dịch vụ công") >= 80 + 11  # the giant cell whole, and every other task
    assert len(pages) >= 3
    for height, lowest in lowest_word_per_page(path):
        assert lowest <= height - BOTTOM + 1
