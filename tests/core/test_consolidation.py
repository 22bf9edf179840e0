"""The consolidation rules on submissions as packages give them (no files)."""

from datetime import date, datetime

from app.core.consolidation import ExpectedUnit, Submission, SubmittedRow, consolidate, name_key
from app.core.figures import StatusCounts
from app.core.periods import Period
from app.core.status import TaskStatus

WINDOW = (date(2024, 12, 15), date(2025, 3, 14))


def sub(name, code="", made=datetime(2025, 3, 8, 9, 0), plan="p-" + "0", file=None, package=None, period=Period.Q1,
        year=2025, overdue=0, done=0, rows=()):
    counts = {TaskStatus.OVERDUE: overdue, TaskStatus.DONE_ON_TIME: done}
    return Submission(file=file or f"{name}.cchc", file_sha256=f"sha-{file or name}-{code}-{plan}-{made}",
                      package_id=package or f"id-{name}-{code}-{plan}-{made}", created_at=made, unit_name=name, unit_code=code,
                      plan_uuid=plan, plan_title="Kế hoạch CCHC năm 2025", period=period, year=year, window=WINDOW,
                      as_of=made.date(), counts=StatusCounts({k: v for k, v in counts.items() if v}), rows=rows)


def test_names_match_without_case_diacritics_or_the_organ():
    assert name_key("UBND Phường Sông Cầu") == name_key("phường sông cầu") == name_key("Ủy ban nhân dân phường Sông  Cầu")
    assert name_key("phường Sông Cầu") != name_key("xã Sông Cầu")


def test_a_package_read_twice_counts_once():
    a = sub("phường Hồng Hải", "22345", plan="p1", done=3)
    copy = Submission(**{**a.__dict__, "file": "Tải về/phường Hồng Hải (1).cchc"})
    result = consolidate([a, copy])
    [table] = result.tables
    assert [(line.name, line.counts.total) for line in table.lines] == [("phường Hồng Hải", 3)]
    assert [s.file for s in result.superseded] == ["Tải về/phường Hồng Hải (1).cchc"]
    assert "cùng một gói" in result.superseded[0].reason


def test_a_package_sent_again_replaces_the_earlier_one():
    first = sub("phường Hồng Hải", "22345", datetime(2025, 3, 5, 8, 0), plan="p1", overdue=4, file="lan-1.cchc")
    again = sub("phường Hồng Hải", "22345", datetime(2025, 3, 9, 16, 30), plan="p1", done=4, file="lan-2.cchc")
    [table] = consolidate([again, first]).tables
    [line] = table.lines
    assert line.submission.file == "lan-2.cchc" and line.counts[TaskStatus.DONE_ON_TIME] == 4
    result = consolidate([first, again])
    assert [(s.file, s.reason) for s in result.superseded] == [
        ("lan-1.cchc", "đã có gói mới hơn của phường Hồng Hải «lan-2.cchc» (lập 09/03/2025 16:30).")]


def test_the_same_unit_is_found_by_code_by_plan_or_by_name_when_a_code_is_missing():
    by_plan = [sub("phường Hồng Hải", "", datetime(2025, 3, 1), plan="p1"),
               sub("Phường Hồng Hải (sửa tên)", "22345", datetime(2025, 3, 2), plan="p1")]
    by_name = [sub("phường Hà Tu", "", datetime(2025, 3, 1), plan="p2"),
               sub("UBND phường Hà Tu", "", datetime(2025, 3, 3), plan="p3")]
    two_wards = [sub("xã Tân Lập", "11111", plan="p4"), sub("xã Tân Lập", "22222", plan="p5")]
    [table] = consolidate(by_plan + by_name + two_wards).tables
    assert sorted((line.name, line.code) for line in table.lines) == [
        ("Phường Hồng Hải (sửa tên)", "22345"), ("UBND phường Hà Tu", ""), ("xã Tân Lập", "11111"),
        ("xã Tân Lập", "22222")]


def test_periods_are_kept_apart_newest_first():
    q1 = sub("phường Hồng Hải", "22345", plan="p1")
    h1 = sub("phường Hồng Hải", "22345", datetime(2025, 6, 9), plan="p1", period=Period.H1)
    last_year = sub("phường Hồng Hải", "22345", datetime(2024, 12, 9), plan="p0", period=Period.YEAR, year=2024)
    result = consolidate([q1, last_year, h1])
    assert [(t.period, t.year, len(t.lines)) for t in result.tables] == [
        (Period.H1, 2025, 1), (Period.Q1, 2025, 1), (Period.YEAR, 2024, 1)]
    assert result.superseded == ()


def test_expected_units_show_who_has_not_submitted_and_who_is_not_on_the_list():
    expected = [ExpectedUnit("phường Hồng Hải", "22345"), ExpectedUnit("phường Hà Tu", "22348"),
                ExpectedUnit("xã Lê Lợi")]
    packages = [sub("UBND phường Hồng Hải", "22345", plan="p1", done=2), sub("Xã Lê Lợi", "", plan="p2"),
                sub("phường Cao Xanh", "22351", plan="p3")]
    [table] = consolidate(packages, expected).tables
    assert [(line.name, line.code, line.submitted, line.expected) for line in table.lines] == [
        ("phường Hồng Hải", "22345", True, True), ("phường Hà Tu", "22348", False, True),
        ("xã Lê Lợi", "", True, True), ("phường Cao Xanh", "22351", True, False)]
    assert [line.name for line in table.missing] == ["phường Hà Tu"]
    assert table.total[TaskStatus.DONE_ON_TIME] == 2


def test_a_code_on_the_list_is_never_matched_to_another_units_package_by_name():
    expected = [ExpectedUnit("xã Tân Lập", "11111")]
    [table] = consolidate([sub("xã Tân Lập", "22222", plan="p9")], expected).tables
    assert [(line.name, line.code, line.submitted, line.expected) for line in table.lines] == [
        ("xã Tân Lập", "11111", False, True), ("xã Tân Lập", "22222", True, False)]


def test_a_package_made_after_the_deadline_is_late():
    on_time = sub("phường Hồng Hải", "1", datetime(2025, 3, 10, 23, 59), plan="a")
    late = sub("phường Hà Tu", "2", datetime(2025, 3, 11, 0, 5), plan="b")
    [table] = consolidate([on_time, late], deadlines={(Period.Q1, 2025): date(2025, 3, 10)}).tables
    assert [(line.name, line.late) for line in table.lines] == [("phường Hồng Hải", False), ("phường Hà Tu", True)]
    [default] = consolidate([late]).tables
    assert default.deadline == date(2025, 3, 10)  # the 10th of the period's last month


def test_units_off_any_list_are_in_the_order_of_their_codes():
    packages = [sub("xã Lê Lợi", "22360", plan="a"), sub("phường Hà Tu", "22348", plan="b"),
                sub("phường Mới", "", plan="c"), sub("phường Hồng Hải", "22345", plan="d")]
    [table] = consolidate(packages).tables
    assert [line.code for line in table.lines] == ["22345", "22348", "22360", ""]


def test_overdue_tasks_of_every_ward_are_listed_together():
    rows_a = (SubmittedRow("area", "I", "CẢI CÁCH THỂ CHẾ"),
              SubmittedRow("task", "1", "Rà soát văn bản QPPL", "Công chức Tư pháp", "Quý I/2025", TaskStatus.OVERDUE,
                           (date(2025, 3, 1),)),
              SubmittedRow("activity", "", "Xây dựng kế hoạch", status=TaskStatus.OVERDUE),
              SubmittedRow("task", "2", "Niêm yết TTHC", status=TaskStatus.DONE_ON_TIME))
    rows_b = (SubmittedRow("task", "5", "Số hóa hồ sơ", "Bộ phận một cửa", "Tháng 2/2025", TaskStatus.OVERDUE,
                           (date(2025, 2, 28),)),)
    [table] = consolidate([sub("phường Hồng Hải", "1", plan="a", rows=rows_a),
                           sub("phường Hà Tu", "2", plan="b", rows=rows_b)]).tables
    assert [(t.unit, t.number, t.text, t.missed) for t in table.overdue] == [
        ("phường Hồng Hải", "1", "Rà soát văn bản QPPL", (date(2025, 3, 1),)),
        ("phường Hà Tu", "5", "Số hóa hồ sơ", (date(2025, 2, 28),))]
