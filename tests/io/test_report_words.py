"""The periodic report read as the province reads it: the sample plan
(seed 004) and a plan typed by an officer (issuing body on one line), the
four reports of the year, every line checked for what a reviewer sends back."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from app.core.model import RowKind
from tests.io.test_pdf import page_sizes, pdftotext

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by .ci/run")

PERIODS = ("q1", "h1", "q3", "year")
NEXT_HEADING = {
    "q1": "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II NĂM 2023",
    "h1": "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2023",
    "q3": "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2023",
    "year": "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024",
}


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def sample(services):
    """The sample plan, its body typed on one line, a little progress logged."""
    plan_id = services.imports.import_sample().plan_id
    services.plans.update(plan_id, {"issuing_body": "UBND PHƯỜNG SÔNG CẦU", "issue_day": 5})
    log = services.progress.add
    number = lambda n: services.rows.find_by_number(plan_id, n).id  # noqa: E731
    log(number("3"), date=date(2023, 2, 1), status="dang-thuc-hien", result="Niêm yết 45 TTHC tại Bộ phận một cửa.")
    log(number("1"), date=date(2023, 3, 1), status="dang-thuc-hien", result="Đang rà soát 12 văn bản",
        reason="Thiếu nhân lực")
    log(number("8"), date=date(2023, 5, 2), status="khong-thuc-hien", reason="Chuyển sang năm 2024 theo chỉ đạo")
    log(number("13"), date=date(2023, 8, 10), status="hoan-thanh", result="Đã sắp xếp 4 tổ dân phố")
    return plan_id


@pytest.fixture
def typed(services):
    """A plan as an officer types it: one-line body, tasks late, cancelled,
    overdue and behind a milestone, each with its reason."""
    plan_id = services.plans.create("cchc", 2023, with_areas=False)
    services.plans.update(plan_id, {"issuing_body": "UBND PHƯỜNG HỒNG HẢI", "place": "Hồng Hải"})
    area = services.rows.add(plan_id, RowKind.AREA, texts={"task": "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"})
    spec = [
        ("Ban hành kế hoạch rà soát TTHC.", "trước 31/01/2023", "hoan-thanh", date(2023, 2, 20), "Chờ văn bản của tỉnh"),
        ("Đối thoại với doanh nghiệp", "Quý I/2023", "khong-thuc-hien", date(2023, 2, 1), "Không có kinh phí"),
        ("Kiểm tra văn bản", "trước 28/02/2023", "dang-thuc-hien", date(2023, 1, 10), "Thiếu nhân lực"),
        # Its first milestone met late; the task goes on: a reason is owed for the late milestone.
        ("Số hóa kết quả TTHC", "Ban hành kế hoạch trước 31/01/2023; triển khai trong năm 2023",
         "hoan-thanh", date(2023, 2, 10), "Máy quét hỏng"),
        # A milestone passed and still open: overdue (issue 17's rule).
        ("Niêm yết TTHC", "Ban hành kế hoạch trước 31/01/2023; triển khai trong năm 2023",
         "dang-thuc-hien", date(2023, 1, 20), "Chờ danh mục của tỉnh"),
        ("Công khai TTHC", "Quý II/2023", None, None, ""),
    ]
    ids = {}
    for text, timeframe, status, when, reason in spec:
        task = services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": text, "timeframe": timeframe})
        ids[text] = task.id
        if status:
            services.progress.add(task.id, date=when, status=status, reason=reason, result="")
    return plan_id


def report_text(services, plan_id, period, tmp_path, **texts) -> tuple[str, object]:
    report = services.reports.create(plan_id, period)
    if texts:
        services.reports.update(report.id, {"texts": {**report.texts, **texts}})
    path = services.reports.export_pdf(report.id, tmp_path / f"bc-{period}.pdf")
    return pdftotext(path), path


def body_of(text: str) -> str:
    """The report without its annex."""
    return flat(text.split("Phụ lục")[0])


@pytest.mark.parametrize("period", PERIODS)
def test_no_placeholder_and_a_gapless_outline_when_parts_are_left_empty(services, sample, period, tmp_path):
    text, _path = report_text(services, sample, period, tmp_path, chi_dao="", nguyen_nhan="", kien_nghi="",
                              uu_diem="", ton_tai="", phuong_huong="")
    body = body_of(text)
    assert "Chưa có nội dung" not in body and "(...)" not in body
    sections = [m.group(1) for m in (re.match(r"\s*([IVX]+)\. (.{10,})$", line)
                                     for line in text.split("Phụ lục")[0].splitlines())
                if m and m.group(2) == m.group(2).upper()]
    assert sections == ["I", "II", "III", "IV"]  # V (kiến nghị) left out, nothing skipped
    assert "V. ĐỀ XUẤT" not in body and "2. Về tổ chức chỉ đạo" not in body
    assert "1. Ưu điểm Các nhiệm vụ cải cách hành chính được triển khai theo kế hoạch;" in body  # from the figures
    assert "3. Nguyên nhân Một số nhiệm vụ chậm tiến độ, chưa thực hiện do: thiếu nhân lực" in body
    assert NEXT_HEADING[period] + " Tiếp tục triển khai" in body


@pytest.mark.parametrize("period", PERIODS)
def test_the_next_period_is_named_and_lists_only_what_falls_due_in_it(services, sample, period, tmp_path):
    text, _path = report_text(services, sample, period, tmp_path)
    body = body_of(text)
    assert NEXT_HEADING[period] in body
    assert body.count("PHƯƠNG HƯỚNG, NHIỆM VỤ") == 1
    ahead = body.split(NEXT_HEADING[period])[1].split("Trên đây là báo cáo")[0]
    due = [date(int(y), int(m), int(d)) for d, m, y in re.findall(r"\(hạn (\d\d)/(\d\d)/(\d{4})\)", ahead)]
    window = {"q1": (date(2023, 4, 1), date(2023, 6, 30)), "h1": (date(2023, 7, 1), date(2023, 12, 31)),
              "q3": (date(2023, 10, 1), date(2023, 12, 31)), "year": (date(2024, 1, 1), date(2024, 12, 31))}[period]
    assert all(window[0] <= d <= window[1] for d in due), due
    if period == "year":
        assert not due and "31/12/2023" not in ahead  # last December is not a next step
    else:
        assert due


def test_names_and_results_carry_no_stray_punctuation(services, sample, tmp_path):
    text, _path = report_text(services, sample, "year", tmp_path)
    body = body_of(text)
    assert "- 28. Tiếp tục triển khai bộ tiêu chí" in body and ". ." not in body
    assert "- 21. Tham gia đầy đủ các cuộc họp trực tuyến cấp tỉnh triển khai (chưa triển khai)." in body
    assert "- 3. Công khai TTHC: Niêm yết 45 TTHC tại Bộ phận một cửa (thường xuyên, đã triển khai)." in body
    for stray in (".:", ".;", "..", " .", "((", "))", ".)", ":)", "chưa có kết quả"):
        assert stray not in body.replace("./.", ""), stray


def test_every_task_late_not_done_overdue_or_behind_a_milestone_has_its_reason(services, typed, tmp_path):
    text, _path = report_text(services, typed, "q1", tmp_path)
    body = body_of(text)
    reasons = body.split("Các nhiệm vụ chậm tiến độ, chưa thực hiện và lý do:")[1].split("3. Nguyên nhân")[0]
    assert "- 1. Ban hành kế hoạch rà soát TTHC (hoàn thành quá hạn ngày 20/02/2023, hạn 31/01/2023): " \
           "Chờ văn bản của tỉnh." in reasons
    assert "- 2. Đối thoại với doanh nghiệp (không thực hiện): Không có kinh phí." in reasons
    assert "- 3. Kiểm tra văn bản (quá hạn, hạn 28/02/2023): Thiếu nhân lực." in reasons
    assert "- 4. Số hóa kết quả TTHC (đang thực hiện, mốc 31/01/2023 hoàn thành muộn ngày 10/02/2023): " \
           "Máy quét hỏng." in reasons
    assert "- 5. Niêm yết TTHC (quá hạn, hạn 31/01/2023): Chờ danh mục của tỉnh." in reasons
    assert "Công khai TTHC" not in reasons  # due in quý II: nothing to explain yet
    assert "3. Nguyên nhân Một số nhiệm vụ chậm tiến độ, chưa thực hiện do: chờ văn bản của tỉnh; " \
           "không có kinh phí; thiếu nhân lực; máy quét hỏng; chờ danh mục của tỉnh." in body


def test_the_body_typed_on_one_line_is_written_as_a_clerk_writes_it(services, typed, tmp_path):
    text, path = report_text(services, typed, "q1", tmp_path)
    header = pdftotext(path, 1, layout=True).splitlines()
    assert re.match(r"\s*ỦY BAN NHÂN DÂN\s+CỘNG HÒA", header[0]) and header[1].strip().startswith("PHƯỜNG HỒNG HẢI")
    body = flat(text)
    assert body.count("Ủy ban nhân dân phường Hồng Hải") >= 5  # opening, chỉ đạo, closing, annex caption…
    assert "Ubnd" not in body and "hồng hải" not in body and "UBND PHƯỜNG" not in body
    assert services.mail.subject(typed) == "UBND phường Hồng Hải gửi Kế hoạch cải cách hành chính năm 2023"
    report = services.reports.find(typed, "q1", 2023)
    assert services.mail.file_names(typed, report.id) == {
        "xlsx": "PL-KH-CCHC-2023-Phuong-Hong-Hai.xlsx", "plan-pdf": "KH-CCHC-2023-Phuong-Hong-Hai.pdf",
        "report-pdf": "BC-CCHC-Quy-I-2023-Phuong-Hong-Hai.pdf",
        "package": "BC-CCHC-Quy-I-2023-Phuong-Hong-Hai.cchc"}  # the submission package (issue 21)
    from openpyxl import load_workbook

    sheet = load_workbook(services.exports.export_xlsx(typed, tmp_path / "pl.xlsx"))["Phụ lục"]
    assert sheet["A3"].value.endswith("của Ủy ban nhân dân phường Hồng Hải)")


def _ends_of_pages(path) -> list[str]:
    """The last line of text on each page (page numbers left aside)."""
    out = []
    for page in range(1, len(page_sizes(path)) + 1):
        lines = [line.strip() for line in pdftotext(path, page).splitlines() if line.strip()]
        lines = [line for line in lines if not line.isdigit()]
        out.append(lines[-1] if lines else "")
    return out


def test_no_heading_ends_a_page_and_the_signature_keeps_its_closing_sentence(services, sample, tmp_path):
    """The same report with a longer and longer "chỉ đạo" part: whatever falls
    at a page's foot, it is never a heading, and Nơi nhận stands on the page
    of "Trên đây là báo cáo…"."""
    headings = re.compile(r"^([IVX]+\. [A-ZĐÀ-Ỹ ,]+|\d\. (Về|Ưu điểm|Tồn tại|Nguyên nhân|Cải cách|Xây dựng|Công tác)"
                          r".*|Các nhiệm vụ (chậm tiến độ|đến hạn).*:)$")
    report = services.reports.create(sample, "h1")
    checked_feet = 0
    for extra in range(0, 40, 3):
        words = " ".join(["Tổ chức hội nghị triển khai công tác cải cách hành chính năm 2023."] * extra)
        services.reports.update(report.id, {"texts": {**report.texts, "chi_dao": words or "Chỉ đạo."}})
        path = services.reports.export_pdf(report.id, tmp_path / f"bc-{extra}.pdf")
        portrait = [i for i, size in enumerate(page_sizes(path), start=1) if size == (595, 842)]
        for page, last in zip(portrait, _ends_of_pages(path)):
            assert not headings.match(last), f"+{extra} sentences: page {page} ends with «{last}»"
            checked_feet += 1
        signature = next(p for p in portrait if "Nơi nhận:" in pdftotext(path, p))
        assert "Trên đây là báo cáo" in pdftotext(path, signature)
    assert checked_feet > 40


def test_the_chart_and_every_page_are_black_and_grey(services, sample, tmp_path):
    import pypdfium2

    text, path = report_text(services, sample, "year", tmp_path)
    assert "Hoàn thành" in text  # the chart has done, open, overdue and cancelled parts to draw
    document = pypdfium2.PdfDocument(str(path))
    for index in range(len(document)):
        raw = document[index].render(scale=0.6).to_pil().convert("RGB").tobytes()
        pixels = zip(raw[0::3], raw[1::3], raw[2::3])
        coloured = [p for p in pixels if max(p) - min(p) > 24]
        assert not coloured, f"page {index + 1}: {len(coloured)} coloured pixels, e.g. {coloured[:3]}"
    document.close()


def test_a_report_is_saved_only_once_its_pdf_is_written(tmp_path):
    from tests.test_cli import cchc

    db = tmp_path / "d.sqlite3"
    cchc("sample", "--db", db)
    target = tmp_path / "khong-co" / "bc.pdf"  # a folder that does not exist
    result = cchc("report", "1", str(target), "--period", "q1", "--db", db, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    from app.services import Services

    services = Services.open(db, tmp_path / "data")
    try:
        assert services.reports.list(1) == []
    finally:
        services.close()
    assert cchc("report", "1", str(tmp_path / "bc.pdf"), "--period", "q1", "--db", db).returncode == 0
    assert shutil.which("pdfinfo") and subprocess.run(["pdfinfo", str(tmp_path / "bc.pdf")]).returncode == 0
