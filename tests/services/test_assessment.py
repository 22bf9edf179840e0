"""The self-assessment of the sample plan (seed 004, 2023) after a year of
logging: computed criteria equal the plan's own figures and records, the
officer's scores and links are kept, the evidence folder holds each linked
file once under each criterion."""

from __future__ import annotations

import hashlib
import zipfile
from datetime import date

import pytest

from app.core.assessment.criteria import CriterionSpec, Method
from app.core.errors import InvalidInputError
from app.core.periods import Period

AS_OF = date(2023, 12, 14)


def d(day, month, year=2023):
    return date(year, month, day)


def log_year(services, plan_id):
    """A year of work on the sample plan, as an officer logs it."""
    row = lambda number: services.rows.find_by_number(plan_id, number).id  # noqa: E731
    services.progress.add(row("2"), date=d(25, 1), status="hoan-thanh", result="Ban hành KH kiểm tra",
                          evidence="Kế hoạch số 15/KH-UBND ngày 25/01/2023")
    services.progress.add(row("4"), date=d(20, 11), status="hoan-thanh", result="Số hóa 35% kết quả")
    services.progress.add(row("5"), date=d(20, 4), status="hoan-thanh", result="Báo cáo kết quả")  # late (31/3)
    services.progress.add(row("6"), date=d(10, 9), status="dang-thuc-hien", percent=60, result="Đang rà soát")
    services.progress.add(row("7"), date=d(1, 12), status="hoan-thanh", result="Đã cập nhật")
    services.progress.add(row("3"), date=d(2, 2), status="hoan-thanh", result="Niêm yết 45 TTHC")
    services.progress.add(row("13"), date=d(3, 10), status="khong-thuc-hien", reason="Tỉnh đã bỏ nhiệm vụ")


@pytest.fixture
def sample(services):
    plan_id = services.imports.import_sample().plan_id
    services.plans.update(plan_id, {"number": "01", "issue_day": 5, "issue_month": 3, "issue_year": 2023})
    log_year(services, plan_id)
    return plan_id


def reports_of_the_year(services, plan_id):
    q1 = services.reports.create(plan_id, "q1")
    services.reports.update(q1.id, {"number": "12", "issue_day": 7, "issue_month": 3, "sent_on": d(8, 3)})
    h1 = services.reports.create(plan_id, "h1")
    services.reports.update(h1.id, {"number": "40", "issue_day": 9, "issue_month": 6, "sent_on": d(12, 6)})
    year = services.reports.create(plan_id, "year")  # a draft: no number yet
    return q1, h1, year


def test_computed_criteria_equal_the_plans_figures(services, sample):
    reports_of_the_year(services, sample)
    data = services.assessment.data(sample, AS_OF)
    by_code = {r.criterion.code: r for r in data.result.results}
    figures = services.reports.figures_for(sample, Period.YEAR.value, 2023, AS_OF).figures.total
    # Done: 4 and 7 on time, 5 late; 2 is not (its 05/12 report is missed), 3 is continuous work.
    assert figures.total == 30 and figures.done == 3
    completion = by_code["1.2"]
    assert completion.value == figures.percent_done
    assert completion.value_text == (f"Hoàn thành {figures.done}/{figures.total} nhiệm vụ của kế hoạch "
                                     f"(10%) tính đến ngày 14/12/2023.")
    assert completion.score == 0  # below 70% on the built-in scale
    issue = by_code["1.1"]
    assert (issue.value, issue.score) == (33.0, 0)  # 05/3 against 31/01
    assert issue.value_text == "Kế hoạch số 01/KH-UBND ban hành ngày 05/03/2023, trễ 33 ngày so với hạn 31/01/2023."
    reports = by_code["1.3"]
    assert reports.value == 25.0 and reports.score == 0
    assert reports.value_text.splitlines() == [
        "1/4 báo cáo định kỳ đã ban hành và gửi đúng hạn (25%):",
        "- Báo cáo quý I 2023 số 12/BC-UBND: gửi ngày 08/03/2023, đúng hạn (hạn 10/03/2023).",
        "- Báo cáo 6 tháng đầu năm 2023 số 40/BC-UBND: gửi ngày 12/06/2023, trễ hạn (hạn 10/06/2023).",
        "- Báo cáo quý III 2023: chưa lập (hạn gửi 10/09/2023).",
        "- Báo cáo năm 2023 (chưa có số, ngày): chưa ghi ngày gửi (hạn 10/12/2023).",
    ]
    assert [i.label for i in data.evidence[issue.criterion.id]] == [
        "Kế hoạch số 01/KH-UBND ngày 05/03/2023 về thực hiện công tác cải cách hành chính năm 2023"]
    assert [i.number for i in data.evidence[reports.criterion.id]] == ["12/BC-UBND", "40/BC-UBND", ""]


def test_the_january_submission_counts_at_the_years_cut_off(services, sample):
    """Prepared on 20/01 of the next year: the figures are those of 14/12."""
    plan = services.plans.get(sample)
    assert services.assessment.default_as_of(plan, today=date(2024, 1, 20)) == AS_OF
    assert services.assessment.default_as_of(plan, today=d(1, 7)) == d(1, 7)
    late = services.assessment.data(sample, date(2024, 1, 20))
    on_time = services.assessment.data(sample, AS_OF)
    assert [r.value for r in late.result.results][2] == [r.value for r in on_time.result.results][2]


def test_scores_by_hand_links_and_their_checks(services, sample):
    criteria = services.assessment.ensure_criteria(sample)
    check = next(c for c in criteria if c.code == "1.4")
    old = services.assessment.update(check.id, {"manual_score": "0,75", "explanation": "Kiểm tra 2 bộ phận."})
    assert old == {"manual_score": None, "explanation": ""}
    with pytest.raises(InvalidInputError, match="phải từ 0 đến 1"):
        services.assessment.update(check.id, {"manual_score": 2})
    with pytest.raises(InvalidInputError, match="thang điểm «>=x»"):
        services.assessment.update(check.id, {"scale": ">=x"})
    task = services.rows.find_by_number(sample, "2")
    assert services.assessment.link(check.id, row_id=task.id) is True
    assert services.assessment.link(check.id, row_id=task.id) is False  # once
    suggested = services.assessment.suggestions(sample, check.id)
    assert task.id not in [s.row_id for s in suggested]
    data = services.assessment.data(sample, AS_OF)
    result = next(r for r in data.result.results if r.criterion.code == "1.4")
    assert (result.score, result.explanation, result.needs) == (0.75, "Kiểm tra 2 bộ phận.", "")
    assert [i.label for i in data.evidence[check.id]] == ["Kế hoạch số 15/KH-UBND ngày 25/01/2023"]
    assert services.assessment.unlink(check.id, row_id=task.id) is True
    assert services.assessment.links(sample) == {}


def test_the_provinces_table_replaces_the_criteria_and_keeps_the_work(services, sample):
    check = next(c for c in services.assessment.ensure_criteria(sample) if c.code == "1.4")
    services.assessment.update(check.id, {"manual_score": 1, "explanation": "Đủ."})
    services.assessment.link(check.id, row_id=services.rows.find_by_number(sample, "2").id)
    before = services.assessment.replace_criteria(sample, [
        CriterionSpec("1.4", "Kiểm tra CCHC", 2),
        CriterionSpec("1.6", "Sáng kiến CCHC", 1),
    ])
    now = services.assessment.criteria(sample)
    assert [(c.code, c.max_points, c.manual_score, c.explanation) for c in now] == [
        ("1.4", 2, 1, "Đủ."), ("1.6", 1, None, "")]
    assert len(services.assessment.links(sample)[now[0].id]) == 1
    services.assessment.restore(before)  # the undo of an import
    assert [c.code for c in services.assessment.criteria(sample)] == ["1", "1.1", "1.2", "1.3", "1.4", "1.5"]


def test_evidence_zip_holds_each_linked_file_once_under_each_criterion(services, sample, tmp_path):
    scan = tmp_path / "quyet-dinh.pdf"
    scan.write_bytes(b"%PDF-1.4 quyet dinh kiem tra\n")
    photo = tmp_path / "anh hoi nghi.JPG"
    photo.write_bytes(b"\xff\xd8 anh hoi nghi tuyen truyen")
    row = lambda number: services.rows.find_by_number(sample, number).id  # noqa: E731
    first = services.progress.add(row("8"), files=[scan], date=d(10, 3), status="hoan-thanh",
                                  evidence="Quyết định số 120/QĐ-UBND ngày 10/3/2023 về kiểm tra CCHC")
    second = services.progress.add(row("9"), files=[scan, photo], date=d(20, 6), status="dang-thuc-hien",
                                   evidence="Báo cáo số 45/BC-UBND ngày 20/6/2023")
    third = services.progress.add(row("9"), files=[photo], date=d(2, 7), status="dang-thuc-hien")
    criteria = {c.code: c for c in services.assessment.ensure_criteria(sample)}
    services.assessment.link(criteria["1.4"].id, row_id=row("8"))
    services.assessment.link(criteria["1.4"].id, entry_id=second.id)
    services.assessment.link(criteria["1.5"].id, row_id=row("9"))     # both entries of task 9
    services.assessment.link(criteria["1.5"].id, entry_id=first.id)
    target = services.assessment.export_evidence(sample, tmp_path / "minh-chung.zip", AS_OF)
    with zipfile.ZipFile(target) as archive:
        names = sorted(archive.namelist())
        digest = {name: hashlib.sha256(archive.read(name)).hexdigest() for name in names}
    scan_hash = hashlib.sha256(scan.read_bytes()).hexdigest()
    photo_hash = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert sorted(n for n in names if n.startswith(("1.4/", "1.5/"))) == [
        "1.4/120-QD-UBND.pdf", "1.4/45-BC-UBND.jpg",
        "1.5/120-QD-UBND.pdf", "1.5/45-BC-UBND.jpg",
    ]
    for folder in ("1.4", "1.5"):
        hashes = [digest[n] for n in names if n.startswith(folder + "/")]
        assert sorted(hashes) == sorted([scan_hash, photo_hash])  # each file once, under each criterion
    assert third.attachments[0].sha256 == photo_hash
    with zipfile.ZipFile(target) as archive:
        index = archive.read("Danh-muc.txt").decode("utf-8-sig").splitlines()
    at = index.index("1.4. Công tác kiểm tra cải cách hành chính: thực hiện kế hoạch kiểm tra; xử lý các vấn đề "
                     "phát hiện qua kiểm tra")
    assert index[at + 1:at + 3] == [
        "  - Quyết định số 120/QĐ-UBND ngày 10/3/2023 về kiểm tra CCHC (nhiệm vụ 8; ghi ngày 10/03/2023; "
        "tệp: quyet-dinh.pdf) → 1.4/120-QD-UBND.pdf",
        "  - Báo cáo số 45/BC-UBND ngày 20/6/2023 (nhiệm vụ 9; ghi ngày 20/06/2023; tệp: quyet-dinh.pdf, "
        "anh hoi nghi.JPG) → 1.4/45-BC-UBND.jpg",
    ]
    # The plan, printed by the program, for the criteria computed from it.
    assert "1.1/01-KH-UBND.pdf" in names and "1.2/01-KH-UBND.pdf" in names
    assert archive_pdf_is_the_plan(target, "1.1/01-KH-UBND.pdf")


def archive_pdf_is_the_plan(path, name) -> bool:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).startswith(b"%PDF")


def test_a_file_missing_from_the_data_folder_is_listed_not_fatal(services, sample, tmp_path):
    scan = tmp_path / "bien-ban.pdf"
    scan.write_bytes(b"%PDF bien ban")
    entry = services.progress.add(services.rows.find_by_number(sample, "8").id, files=[scan], date=d(1, 4),
                                  status="hoan-thanh", evidence="Biên bản kiểm tra số 3/BB-UBND")
    criteria = {c.code: c for c in services.assessment.ensure_criteria(sample)}
    services.assessment.link(criteria["1.4"].id, entry_id=entry.id)
    services.attachments.path_of(entry.attachments[0]).unlink()
    target = services.assessment.export_evidence(sample, tmp_path / "mc.zip", AS_OF)
    with zipfile.ZipFile(target) as archive:
        note = archive.read("1.4/THIEU-TEP.txt").decode("utf-8")
    assert "bien-ban.pdf (Biên bản kiểm tra số 3/BB-UBND)" in note


def test_method_names_of_the_built_in_set(services, sample):
    criteria = services.assessment.ensure_criteria(sample)
    assert [c.method for c in criteria] == [Method.MANUAL, Method.PLAN_ON_TIME, Method.COMPLETION,
                                            Method.REPORTS_ON_TIME, Method.MANUAL, Method.MANUAL]
    assert criteria[1].deadline == d(31, 1)
