"""The plan and report PDFs, checked the way a reader would: text, fonts, pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from app.core.model import RowKind, Section, Signer
from app.core.status import TaskStatus
from app.core.text import fold
from tests.seeds import enter_seed

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by .ci/run")


def pdftotext(path, first=None, last=None, layout=False) -> str:
    args = ["pdftotext"] + (["-layout"] if layout else [])
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(args + [str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_sizes(path) -> list[tuple[int, int]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [(round(float(w)), round(float(h))) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def fonts_of(path) -> list[tuple[str, str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in rows if line.strip()]


def words(text: str) -> set[str]:
    return {w for w in re.split(r"[^0-9a-z]+", fold(text)) if len(w) > 1}


@pytest.fixture
def plan_004(services):
    plan_id = enter_seed(services, "004")
    services.plans.update(plan_id, {
        "issuing_body": "ỦY BAN NHÂN DÂN\nPHƯỜNG SÔNG CẦU", "place": "Sông Cầu", "issue_day": 5, "issue_month": 3,
        "title": "Thực hiện công tác cải cách hành chính năm 2023",
        "legal_bases": ("Căn cứ Kế hoạch số 19/KH-UBND ngày 17/01/2023 của UBND thành phố Bắc Kạn;",),
        "sections": (Section("I. MỤC TIÊU", "Thực hiện có hiệu quả, đồng bộ các lĩnh vực CCHC."),
                     Section("II. MỤC TIÊU, NHIỆM VỤ CỤ THỂ", "(Chi tiết tại Phụ lục kèm theo Kế hoạch)")),
        "recipients": ("UBND thành phố;", "Lưu: VT."),
        "signer": Signer("TM.", "ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH", "Luân Hoàng Anh"),
    })
    return plan_id


def test_plan_pdf_holds_the_header_every_cell_and_only_embedded_fonts(services, plan_004, tmp_path):
    path = services.exports.export_plan_pdf(plan_004, tmp_path / "ke-hoach.pdf")
    text = pdftotext(path)
    lines = [line.strip() for line in text.splitlines()]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "Độc lập - Tự do - Hạnh phúc" in lines
    assert "Sông Cầu, ngày 05 tháng 3 năm 2023" in lines
    # The number is left blank in a draft: "Số:      /KH-UBND" (read with the layout kept).
    header = pdftotext(path, 1, layout=True)
    assert re.search(r"Số:\s{3,}/KH-UBND", header), header[:400]
    assert "KẾ HOẠCH" in lines and "TM. ỦY BAN NHÂN DÂN" in lines and "Luân Hoàng Anh" in lines
    assert "kèm theo Kế hoạch)./." in text.replace("\n", " ")
    printed = words(text)
    for row in services.rows.list(plan_004):
        for name in ("objective", "task", "activity", "output", "lead", "support", "timeframe", "budget"):
            value = getattr(row, name)
            if value:
                assert words(value) <= printed, f"missing from the PDF: {value!r}"
    fonts = fonts_of(path)
    assert fonts and all(embedded == "yes" for _name, embedded in fonts), fonts
    assert all("Serif" in name or "Times" in name for name, _ in fonts), fonts


def test_plan_pdf_is_portrait_then_landscape_with_page_numbers_per_part(services, plan_004, tmp_path):
    path = services.exports.export_plan_pdf(plan_004, tmp_path / "ke-hoach.pdf")
    sizes = page_sizes(path)
    portrait = [s for s in sizes if s == (595, 842)]
    landscape = [s for s in sizes if s == (842, 595)]
    assert portrait and landscape and len(portrait) + len(landscape) == len(sizes)
    assert sizes == portrait + landscape  # the appendix comes after the document
    first_appendix = len(portrait) + 1
    assert pdftotext(path, first_appendix).lstrip().startswith("Phụ lục")  # no number on its first page
    assert pdftotext(path, first_appendix + 1).strip().splitlines()[0].strip() == "2"
    for page in range(first_appendix, len(sizes) + 1):
        assert words("TT Mục tiêu Nhiệm vụ Hoạt động") <= words(pdftotext(path, page)), page


def test_blank_date_prints_blanks(services, tmp_path):
    plan_id = enter_seed(services, "002")
    services.plans.update(plan_id, {"place": "Dương Kinh", "issue_day": None, "issue_month": None})
    text = pdftotext(services.exports.export_plan_pdf(plan_id, tmp_path / "x.pdf", appendix=False))
    assert re.search(r"Dương Kinh, ngày\s+tháng\s+năm 2023", text)


# -- the quarterly report ----------------------------------------------------------


@pytest.fixture
def report_plan(services):
    """Ten tasks in two areas and a log of ten entries (some after the window)."""
    plan_id = services.plans.create("cchc", 2023, with_areas=False)
    rows = services.rows
    area1 = rows.add(plan_id, RowKind.AREA, texts={"task": "CẢI CÁCH THỂ CHẾ"})
    area2 = rows.add(plan_id, RowKind.AREA, texts={"task": "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"})
    spec = [
        (area1, "Ban hành kế hoạch rà soát", "trước 30/01/2023"),   # 1 done on time
        (area1, "Tuyên truyền pháp luật", "Quý I/2023"),            # 2 done late (16/03 > window? no: 10/03)
        (area1, "Kiểm tra văn bản", "trước 28/02/2023"),            # 3 overdue
        (area1, "Rà soát quy định", "Quý II/2023"),                 # 4 in progress
        (area1, "Theo dõi thi hành pháp luật", "Quý III/2023"),     # 5 not started
        (area2, "Công khai TTHC", "Thường xuyên"),                  # 6 recurring, active
        (area2, "Số hóa kết quả TTHC", "Thường xuyên"),             # 7 recurring, idle
        (area2, "Đối thoại với doanh nghiệp", "Quý I/2023"),        # 8 cancelled
        (area2, "Chứng thực điện tử", "trước 15/02/2023"),          # 9 done late
        (area2, "Thanh toán trực tuyến", "Quý IV/2023"),            # 10 done after the window: in progress
    ]
    ids = [rows.add(plan_id, RowKind.TASK, area.id, texts={"task": t, "timeframe": tf}).id for area, t, tf in spec]
    log = [
        (0, date(2023, 1, 20), "hoan-thanh", "Đã ban hành KH 05/KH-UBND", ""),
        (1, date(2023, 3, 10), "hoan-thanh", "Đăng 8 tin bài", ""),
        (2, date(2023, 1, 5), "dang-thuc-hien", "Đang kiểm tra", "Thiếu nhân lực"),
        (3, date(2023, 3, 1), "dang-thuc-hien", "Đã rà soát 12 văn bản", ""),
        (5, date(2023, 2, 2), "dang-thuc-hien", "Niêm yết 45 TTHC", ""),
        (6, date(2022, 11, 30), "dang-thuc-hien", "Số hóa 20 hồ sơ", ""),
        (7, date(2023, 2, 1), "khong-thuc-hien", "", "Chuyển sang năm sau"),
        (8, date(2023, 3, 2), "hoan-thanh", "Chứng thực 30 bản", ""),
        (9, date(2023, 2, 1), "dang-thuc-hien", "Đã hướng dẫn", ""),
        (9, date(2023, 3, 20), "hoan-thanh", "Hoàn thành sau ngày chốt", ""),
    ]
    for index, when, status, result, reason in log:
        services.progress.add(ids[index], date=when, status=status, result=result, reason=reason)
    # Task 2 was due at the end of quý I (31/03) and done 10/03: on time. Make it late instead:
    services.rows.update(ids[1], {"timeframe": "trước 28/02/2023"})
    return plan_id, ids


def test_quarter_one_figures_over_a_log_of_ten_entries(services, report_plan):
    plan_id, _ = report_plan
    report = services.reports.create(plan_id, "q1")
    data = services.reports.data(report.id)
    assert data.window == (date(2022, 12, 15), date(2023, 3, 14)) and data.as_of == date(2023, 3, 14)
    total = data.figures.total
    expected = {
        TaskStatus.DONE_ON_TIME: 1, TaskStatus.DONE_LATE: 2, TaskStatus.OVERDUE: 1, TaskStatus.IN_PROGRESS: 2,
        TaskStatus.NOT_STARTED: 1, TaskStatus.RECURRING_ACTIVE: 1, TaskStatus.RECURRING_IDLE: 1,
        TaskStatus.CANCELLED: 1,
    }
    assert {s: total[s] for s in TaskStatus} == expected
    assert total.total == 10 and total.done == 3 and total.percent_done == 30.0
    first, second = data.figures.areas
    assert (first.counts.total, first.counts.done) == (5, 2)
    assert (second.counts.total, second.counts.done) == (5, 1)


def test_quarter_one_report_pdf_states_the_figures(services, report_plan, tmp_path):
    plan_id, _ = report_plan
    report = services.reports.create(plan_id, "q1")
    path = services.reports.export_pdf(report.id, tmp_path / "bao-cao.pdf")
    text = pdftotext(path)
    flat = " ".join(text.split())
    assert "BÁO CÁO" in text and "Kết quả thực hiện công tác cải cách hành chính quý I năm 2023" in flat
    assert "có 10 nhiệm vụ" in flat and "Tính đến ngày 14/03/2023" in flat
    assert "hoàn thành đúng hạn 1 (10%)" in flat and "hoàn thành quá hạn 2 (20%)" in flat
    assert "Tỷ lệ hoàn thành chung đạt 30% (3/10 nhiệm vụ)" in flat
    assert "Kiểm tra văn bản (quá hạn, hạn 28/02/2023): Thiếu nhân lực." in flat  # overdue with its reason
    assert "Rà soát quy định (hạn 30/06/2023)" in flat  # due next period
    assert "Hoàn thành sau ngày chốt" not in flat  # logged after the window
    assert re.search(r"Tổng cộng\s+10\s+1\s+2\s+2\s+1\s+1\s+1\s+1\s+1\s+30%", flat)
    fonts = fonts_of(path)
    assert all(embedded == "yes" for _name, embedded in fonts), fonts
    sizes = page_sizes(path)
    assert sizes[0] == (595, 842) and sizes[-1] == (842, 595)


def test_saved_report_texts_are_kept_and_exported_again(services, report_plan, tmp_path):
    plan_id, _ = report_plan
    report = services.reports.create(plan_id, "h1")
    services.reports.update(report.id, {"number": "12", "texts": {**report.texts, "kien_nghi": "Đề nghị cấp kinh phí số hóa."}})
    again = services.reports.find(plan_id, "h1", 2023)
    assert again.id == report.id and again.number == "12"
    text = " ".join(pdftotext(services.reports.export_pdf(again.id, tmp_path / "r.pdf")).split())
    assert "Số: 12/BC-UBND" in text and "Đề nghị cấp kinh phí số hóa." in text
    assert re.search(r"Trên đây là báo cáo .* phường|Trên đây là báo cáo .*\./\.", text)
