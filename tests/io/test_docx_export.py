"""The plan and the year report as Word documents, checked the way a
reviewer and the văn thư would meet them: opened with python-docx (pages,
margins, fonts, styles, the repeated header row, the PAGE field, merged
cells), printed by LibreOffice Writer beside our PDF (every word, the same
pages ± 1), and read back by our own importer through ``cchc import``."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from app.core.model import RowKind
from app.core.tree import numbers_for
from tests.office_documents import print_pdf, soffice
from tests.seeds import enter_seed

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM_EMU = 36000
# What the sample's year report is built from: a year of progress on seed 004's tasks.
LOG = (
    ("3", date(2023, 2, 1), "hoan-thanh", "Niêm yết 45 TTHC tại bộ phận một cửa", "QĐ 12/QĐ-UBND", ""),
    ("5", date(2023, 3, 20), "dang-thuc-hien", "Đã rà soát 10 TTHC", "", ""),
    ("7", date(2023, 6, 30), "khong-thuc-hien", "", "", "Chờ hướng dẫn của UBND thành phố"),
    ("1", date(2023, 12, 10), "hoan-thanh", "Ban hành Kế hoạch kiểm tra, rà soát văn bản", "KH 45/KH-UBND", ""),
    ("12", date(2023, 9, 15), "hoan-thanh", "Tiếp nhận, xử lý 12 phản ánh, kiến nghị", "", ""),
)


@dataclass
class Exported:
    folder: Path
    db: Path
    plan_id: int
    report_id: int
    plan_docx: Path
    plan_pdf: Path
    report_docx: Path
    report_pdf: Path


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Exported:
    """The sample plan (seed 004, as ``cchc sample`` makes it) with a year of
    progress; its plan and year report, each as .docx and as our PDF."""
    from app.services import Services

    folder = tmp_path_factory.mktemp("word")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_DATA_DIR", str(folder / "data"))
        services = Services.open(folder / "so.sqlite3", folder / "data")
        try:
            plan_id = services.imports.import_sample().plan_id
            for number, when, status, result, evidence, reason in LOG:
                row = services.rows.find_by_number(plan_id, number)
                services.progress.add(row.id, date=when, status=status, result=result, evidence=evidence,
                                      reason=reason)
            report = services.reports.create(plan_id, "year", 2023)
            out = Exported(folder, folder / "so.sqlite3", plan_id, report.id,
                           services.exports.export_plan_docx(plan_id, folder / "ke-hoach.docx"),
                           services.exports.export_plan_pdf(plan_id, folder / "ke-hoach.pdf"),
                           services.reports.export_docx(report.id, folder / "bao-cao.docx"),
                           services.reports.export_pdf(report.id, folder / "bao-cao.pdf"))
        finally:
            services.close()
    return out


@pytest.fixture(scope="module")
def printed(exported) -> dict[str, Path]:
    """The two .docx printed to PDF by LibreOffice Writer (one run)."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed; .ci/run installs it")
    paths = print_pdf([exported.plan_docx, exported.report_docx], exported.folder / "lo",
                      exported.folder / "lo-profile")
    return {"plan": paths[0], "report": paths[1]}


# -- what python-docx reads ------------------------------------------------------------------------------


def mm(length) -> float:
    return round(length / MM_EMU, 1)


def test_plan_is_portrait_then_a_landscape_appendix_on_a4_with_the_decree_margins(exported):
    sections = docx.Document(str(exported.plan_docx)).sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    assert [(mm(s.page_width), mm(s.page_height)) for s in sections] == [(210.0, 297.0), (297.0, 210.0)]
    for section in sections:
        assert [mm(v) for v in (section.top_margin, section.bottom_margin, section.left_margin,
                                section.right_margin)] == [20.0, 20.0, 30.0, 15.0]


def _page_field(header) -> str:
    return "".join(t.text for t in header._element.iter(qn("w:instrText"))).strip()


def test_page_numbers_are_a_page_field_from_page_two_each_part_from_one(exported):
    for path in (exported.plan_docx, exported.report_docx):
        sections = docx.Document(str(path)).sections
        for section in sections:
            assert section.different_first_page_header_footer  # no number on a part's first page
            assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
            assert _page_field(section.first_page_header) == ""
        header = sections[0].header
        assert _page_field(header) == "PAGE"
        assert header.paragraphs[0].alignment is None and header.paragraphs[0].style.name == "Header"
        assert header.paragraphs[0].style.paragraph_format.alignment == 1  # centred, by its style
        assert all(s.header.is_linked_to_previous for s in sections[1:])  # the same field in the appendix


def test_fonts_are_times_new_roman_by_name_never_the_theme(exported):
    document = docx.Document(str(exported.plan_docx))
    defaults = document.styles.element.find(qn("w:docDefaults")).find(f"{W}rPrDefault/{W}rPr/{W}rFonts")
    assert {defaults.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}
    assert not [k for k in defaults.keys() if "Theme" in k or "theme" in k]
    styles_xml = document.styles.element.xml
    assert "majorHAnsi" not in styles_xml and "minorHAnsi" not in styles_xml and "themeColor" not in styles_xml
    assert document.styles["Normal"].font.size.pt == 14 and document.styles["Normal"].font.name == "Times New Roman"
    used = {document.styles.element.get_by_id(p.get(qn("w:val"))) for p in document.element.body.iter(qn("w:pStyle"))}
    assert len(used) >= 15
    assert not [s.name_val for s in used if s.find(f"{W}rPr/{W}rFonts") is not None]  # they take Normal's font
    assert document.styles["Heading 1"].font.size is None and document.styles["Heading 1"].font.bold


def _appendix_table(document):
    return document.tables[-1]


def test_appendix_header_row_repeats_and_rows_stay_whole_where_they_fit(exported):
    document = docx.Document(str(exported.plan_docx))
    table = _appendix_table(document)
    rows = table._tbl.findall(qn("w:tr"))
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    assert [c.text for c in table.rows[0].cells][:4] == ["TT", "1 - Mục tiêu", "2 - Nhiệm vụ", "3 - Hoạt động"]
    whole = [r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows[1:]]
    # Only the few tasks the PDF cuts at a page's foot (rather than leave a
    # quarter page empty) may break; the rest stay whole.
    assert sum(whole) >= 0.75 * len(whole), whole
    areas = [r for r in rows[1:] if len(r.findall(qn("w:tc"))) == 1]
    assert len(areas) == 7 and all(r.find(f".//{W}keepNext") is not None for r in areas)  # never alone at a foot


def test_task_groups_are_merged_down_and_areas_across_as_in_the_pdf(exported):
    from app.services import Services

    document = docx.Document(str(exported.plan_docx))
    rows = _appendix_table(document)._tbl.findall(qn("w:tr"))[1:]
    services = Services.open(exported.db, exported.folder / "data")
    try:
        plan_rows = services.rows.list(exported.plan_id)
        columns = [c for c in services.plans.get(exported.plan_id).columns if c.export]
    finally:
        services.close()
    assert len(rows) == len(plan_rows)
    numbers = numbers_for(plan_rows)
    task_column = [c.field for c in columns].index("task")
    for tr, plan_row in zip(rows, plan_rows):
        cells = tr.findall(qn("w:tc"))
        if plan_row.kind is RowKind.AREA:
            assert len(cells) == 1 and cells[0].find(f"{W}tcPr/{W}gridSpan").get(qn("w:val")) == str(len(columns))
            assert "".join(t.text for t in cells[0].iter(qn("w:t"))) == f"{numbers[plan_row.id]}. {plan_row.task}"
            continue
        merge = cells[task_column].find(f"{W}tcPr/{W}vMerge")
        if plan_row.kind is RowKind.ACTIVITY:
            # The task's cell goes on down over its activity: an empty continuing cell.
            assert merge is not None and merge.get(qn("w:val")) in (None, "continue")
            assert not "".join(t.text for t in cells[task_column].iter(qn("w:t")))
        else:
            texts = "\n".join("".join(t.text for t in p.iter(qn("w:t"))) for p in cells[task_column].iter(qn("w:p")))
            assert texts == plan_row.task
    restarts = [tr for tr in rows if tr.find(f".//{W}vMerge[@{W}val='restart']") is not None]
    assert restarts, "seed 004 has tasks with activities: their cells must be merged down"


def _body_paragraphs(document):
    return [p for p in document.paragraphs if p.text.strip()]


def test_body_paragraphs_are_the_plans_parts_each_in_its_named_style(exported):
    from app.services import Services

    services = Services.open(exported.db, exported.folder / "data")
    try:
        plan = services.plans.get(exported.plan_id)
    finally:
        services.close()
    document = docx.Document(str(exported.plan_docx))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]
    start = paragraphs.index(("Trích yếu", plan.title)) + 1
    expected = [("Normal", basis) for basis in plan.legal_bases]
    for section in plan.sections:
        expected.append(("Heading 1", section.heading))
        expected += [("Normal", line) for line in section.text.splitlines() if line.strip()]
    assert paragraphs[start:start + len(expected)] == expected
    assert expected[-1][1].endswith("./.")
    # Then Nơi nhận and the signer (their own table), then the appendix's titles.
    assert paragraphs[start + len(expected)] == ("Tiêu đề phụ lục", "Phụ lục")


def test_body_takes_its_look_from_normal_a_reviewer_changes_it_once(exported, tmp_path):
    document = docx.Document(str(exported.plan_docx))
    # No run anywhere carries formatting of its own: every look comes from a named style.
    assert not list(document.element.body.iter(qn("w:rPr")))
    assert all(p.style is not None for p in document.paragraphs)
    # The reviewer sets Normal to 13 pt in Word (here through python-docx) and saves.
    document.styles["Normal"].font.size = docx.shared.Pt(13)
    document.save(str(tmp_path / "sua.docx"))
    edited = docx.Document(str(tmp_path / "sua.docx"))
    for p in _body_paragraphs(edited):
        if p.style.name in ("Normal", "Heading 1", "Heading 2", "Dòng liệt kê"):
            size = p.style.font.size or edited.styles["Normal"].font.size
            assert size.pt == 13 and all(r.font.size is None for r in p.runs), p.text[:40]


def test_body_paragraphs_are_justified_indented_with_six_points_after(exported):
    normal = docx.Document(str(exported.plan_docx)).styles["Normal"].paragraph_format
    assert normal.alignment == 3  # justified
    assert round(normal.first_line_indent.mm) == 10
    assert normal.space_after.pt == 6


def test_the_report_holds_its_figures_table_and_the_chart_of_the_pdf(exported):
    from app.io.docx_export import chart_drawing, chart_png
    from app.io.document_content import Chart
    from app.services import Services

    document = docx.Document(str(exported.report_docx))
    figures = document.tables[1]  # the header's table, the figures, Nơi nhận and signer, the annex
    assert [c.text for c in figures.rows[0].cells][:3] == ["Lĩnh vực", "Tổng số", "HT đúng hạn"]
    assert figures.rows[-1].cells[0].text == "Tổng cộng"
    services = Services.open(exported.db, exported.folder / "data")
    try:
        data = services.reports.data(exported.report_id)
    finally:
        services.close()
    assert figures.rows[-1].cells[1].text == str(data.figures.total.total)
    pictures = document.inline_shapes
    assert len(pictures) == 1
    blob = document.part.related_parts[pictures[0]._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    assert blob == chart_png(chart_drawing(Chart(tuple(data.figures.areas))))
    heading = next(i for i, p in enumerate(document.paragraphs) if p.text == "2. Về tổ chức chỉ đạo, điều hành")
    assert document.paragraphs[heading - 1].style.name == "Biểu đồ"  # in place, under the figures


# -- printed by LibreOffice ---------------------------------------------------------------------------------


def page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def page_texts(path: Path) -> list[str]:
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                           text=True, check=True).stdout for n in range(1, page_count(path) + 1)]


def printed_words(path: Path, repeated: Counter | None = None) -> Counter:
    """Every word printed, without the page numbers at the top of the pages
    nor the table header ``repeated`` on each page (a page more or less
    repeats it once more or less)."""
    words: Counter = Counter()
    for number, text in enumerate(page_texts(path), start=1):
        tokens = unicodedata.normalize("NFC", text).split()
        if tokens and tokens[0].isdigit() and number > 1:
            tokens = tokens[1:]
        page = Counter(tokens)
        if repeated and not repeated - page:
            page -= repeated
        words.update(page)
    return words


def header_words(path: Path) -> Counter:
    """The words of the last table's header row (the appendix's, repeated on its pages)."""
    header = docx.Document(str(path)).tables[-1].rows[0].cells
    return Counter(word for c in header for word in unicodedata.normalize("NFC", c.text).split())


def same_words(ours: Counter, theirs: Counter) -> tuple[Counter, Counter]:
    """The words only one side printed, once words cut differently at the end
    of a line in a narrow cell ("30/0" "1/2023" against "30/01/202" "3") and
    pdftotext's joining of a line-ending hyphen are allowed for: those must
    still hold the very same characters."""
    only_ours, only_theirs = ours - theirs, theirs - ours

    def characters(words: Counter) -> Counter:
        return Counter("".join(w.replace("-", "") * n for w, n in words.items()))

    assert characters(only_ours) == characters(only_theirs), (sorted(only_ours), sorted(only_theirs))
    return only_ours, only_theirs


def test_libreoffice_prints_the_plan_with_every_word_of_our_pdf_on_as_many_pages(exported, printed):
    repeated = header_words(exported.plan_docx)
    ours, theirs = printed_words(exported.plan_pdf, repeated), printed_words(printed["plan"], repeated)
    only_ours, only_theirs = same_words(ours, theirs)
    assert sum(only_ours.values()) < 0.01 * sum(ours.values()), only_ours  # cut words stay a handful
    assert abs(page_count(printed["plan"]) - page_count(exported.plan_pdf)) <= 1


def test_libreoffice_prints_the_report_with_every_word_of_our_pdf_on_as_many_pages(exported, printed):
    from app.io.docx_export import chart_drawing, chart_pdf
    from app.io.document_content import Chart
    from app.services import Services

    services = Services.open(exported.db, exported.folder / "data")
    try:
        data = services.reports.data(exported.report_id)
    finally:
        services.close()
    chart = exported.folder / "bieu-do.pdf"
    chart.write_bytes(chart_pdf(chart_drawing(Chart(tuple(data.figures.areas)))))
    drawn = printed_words(chart)
    assert drawn["lĩnh"] >= 1 and drawn["100%"] == 1  # the title and the scale's end: all of the chart
    repeated = header_words(exported.report_docx)
    ours = printed_words(exported.report_pdf, repeated) - drawn  # the chart is a picture in Word
    theirs = printed_words(printed["report"], repeated)
    only_ours, _only_theirs = same_words(ours, theirs)
    assert sum(only_ours.values()) < 0.01 * sum(ours.values()), only_ours
    assert abs(page_count(printed["report"]) - page_count(exported.report_pdf)) <= 1
    import pdfplumber

    with pdfplumber.open(printed["report"]) as pdf:
        pictures = [(n, image) for n, page in enumerate(pdf.pages) for image in page.images]
    assert len(pictures) == 1
    page, image = pictures[0]
    assert page <= 1 and round(image["x1"] - image["x0"]) == round(165 * 72 / 25.4)  # the text's full width
    assert round(image["x0"]) == round(30 * 72 / 25.4)  # on the left margin, as the PDF draws it


def test_libreoffice_pages_are_portrait_then_landscape_and_the_appendix_numbers_from_one(exported, printed):
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(printed["plan"])], capture_output=True, text=True,
                         check=True).stdout
    sizes = [(round(float(w)), round(float(h))) for w, h in re.findall(r"size:\s+([\d.]+) x ([\d.]+)", out)]
    portrait = sizes.index((842, 595))
    assert set(sizes[:portrait]) == {(595, 842)} and set(sizes[portrait:]) == {(842, 595)}
    texts = page_texts(printed["plan"])
    assert texts[0].split()[0] == "ỦY" and texts[1].split()[0] == "2"
    assert texts[portrait].split()[0] == "Phụ"  # "Phụ lục", no number on the appendix's first page
    assert [t.split()[0] for t in texts[portrait + 1:]] == [str(n) for n in range(2, len(texts) - portrait + 1)]
    for text in texts[portrait:]:
        assert "Nhiệm vụ" in text and "Hoạt động" in text  # the header row on every appendix page


# -- read back by our importer ------------------------------------------------------------------------------


def test_cchc_import_of_our_docx_gives_back_every_row_and_the_document_fields(exported, tmp_path):
    import json

    from tests.seeds import structure
    from tests.test_cli import cchc
    from app.services import Services

    db = tmp_path / "doc-lai.sqlite3"
    out = cchc("import", exported.plan_docx, "--db", db, data_dir=tmp_path / "data").stdout
    assert re.match(r"Đã nhập \d+ nhiệm vụ, 7 lĩnh vực vào kế hoạch mới số 1\.", out), out
    shown = json.loads(cchc("show", "1", "--json", "--db", db, data_dir=tmp_path / "data").stdout)["plan"]
    original = Services.open(exported.db, exported.folder / "data")
    again = Services.open(db, tmp_path / "data")
    try:
        plan = original.plans.get(exported.plan_id)
        assert structure(again, 1) == structure(original, exported.plan_id)
        back = again.plans.get(1)
    finally:
        original.close()
        again.close()
    for name in ("kind", "year", "number", "symbol", "parent_body", "issuing_body", "place", "issue_day",
                 "issue_month", "issue_year", "doc_type", "title", "legal_bases", "sections", "recipients",
                 "signer", "appendix_heading"):
        assert getattr(back, name) == getattr(plan, name), name
    # Printed in capitals, as the decree and our PDF print it, and read back as printed.
    assert back.appendix_title == plan.appendix_title.upper()
    assert [c.header for c in back.columns] == [c.header for c in plan.columns if c.export]
    assert shown["title"] == plan.title and shown["signer"]["name"] == "Luân Hoàng Anh"


# -- rows taller than a page -------------------------------------------------------------------------------


def _keeps_with_next(tr) -> bool:
    return tr.find(f".//{W}pPr/{W}keepNext") is not None


def test_rows_taller_than_a_page_may_break_and_long_groups_are_not_held_together(services, tmp_path):
    """A cell of 6,000 characters, a task whose eight activities fill more
    than a page: Word would cut off a row it may not break, so those run on
    across pages; a task that fits stays whole and with its activities."""
    from app.core.model import NewRow

    plan_id = services.plans.create("cchc", 2025, with_areas=False)
    words = [f"việc{n}" for n in range(900)]
    long_text = " ".join(words) + " HẾT"
    long_activity = "Kiểm tra, đôn đốc việc thực hiện tại các tổ dân phố và báo cáo kết quả " * 6
    services.rows.insert(plan_id, None, None, [
        NewRow(RowKind.TASK, {"task": long_text, "lead": "Công chức Văn phòng – Thống kê", "timeframe": "Quý I/2025"}),
        NewRow(RowKind.TASK, {"task": "Rà soát thủ tục hành chính", "timeframe": "Quý II/2025"},
               children=tuple(NewRow(RowKind.ACTIVITY, {"activity": f"{n}. {long_activity}", "lead": f"Tổ {n}"})
                              for n in range(1, 9))),
        NewRow(RowKind.TASK, {"task": "Công khai thủ tục hành chính", "timeframe": "Thường xuyên"},
               children=(NewRow(RowKind.ACTIVITY, {"activity": "Niêm yết tại bộ phận một cửa"}),
                         NewRow(RowKind.ACTIVITY, {"activity": "Đăng trên trang thông tin điện tử"}))),
    ])
    path = services.exports.export_plan_docx(plan_id, tmp_path / "dai.docx", appendix=True, document=False)
    rows = docx.Document(str(path)).tables[-1]._tbl.findall(qn("w:tr"))[1:]
    assert len(rows) == 1 + 9 + 3
    whole = [tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows]
    # The 6,000-character task and the task whose activities fill more than a
    # page are cut where a page ends, as the PDF cuts them: their rows may break.
    assert whole == [False] * 10 + [True] * 3
    assert not any(_keeps_with_next(tr) for tr in rows[:10])
    assert [_keeps_with_next(tr) for tr in rows[10:]] == [True, True, False]  # a task kept with its activities
    if soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or pdftotext is not installed; .ci/run installs both")
    printed_pdf = print_pdf([path], tmp_path / "lo", tmp_path / "lo-profile")[0]
    printed = printed_words(printed_pdf)
    assert all(printed[w] >= 1 for w in words + ["HẾT"]), "the long cell is printed to its last word"
    assert page_count(printed_pdf) >= 4


def test_a_list_of_recipients_longer_than_a_page_flows_after_the_signer_as_in_the_pdf(services, tmp_path):
    from app.core.model import Signer

    plan_id = enter_seed(services, "002")
    recipients = tuple(f"Tổ dân phố số {n};" for n in range(1, 61)) + ("Lưu: VT.",)
    services.plans.update(plan_id, {"recipients": recipients,
                                    "signer": Signer("TM.", "ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH", "Nguyễn Văn An")})
    long_list = services.exports.export_plan_docx(plan_id, tmp_path / "dai.docx", appendix=False)
    services.plans.update(plan_id, {"recipients": recipients[:5]})
    assert len(docx.Document(str(services.exports.export_plan_docx(plan_id, tmp_path / "x.docx",
                                                                   appendix=False))).tables) == 2
    document = docx.Document(str(long_list))
    assert len(document.tables) == 1  # the header's; no Nơi nhận / signer table a page could not hold
    texts = [p.text for p in document.paragraphs if p.text]
    start = texts.index("TM. ỦY BAN NHÂN DÂN")
    assert texts[start:start + 4] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An", "Nơi nhận:"]
    assert texts[start + 4:] == [f"- {r}" for r in recipients]
