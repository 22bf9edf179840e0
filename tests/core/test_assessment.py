"""Criteria as data: scales as the province writes them, the checks that
name the row, groups adding up their parts, computed criteria judged from
the facts, suggestions from words and areas."""

from datetime import date

import pytest

from app.core.assessment.criteria import (
    Criterion, CriterionSpec, Method, check_specs, format_points, parents, parse_method, parse_scale,
)
from app.core.assessment.evidence import document_number, suggest
from app.core.assessment.scoring import AssessmentFacts, ReportRecord, score_all
from app.core.errors import InvalidInputError
from app.core.model import RowData, RowKind
from app.core.periods import Period


def test_a_scale_gives_the_points_of_the_first_step_that_holds():
    scale = parse_scale(">=90:2; >=70:1,5 ;0")
    assert [scale.points(v) for v in (100, 90, 89.9, 70, 12)] == [2, 2, 1.5, 1.5, 0]
    assert scale.top == 2
    days = parse_scale("<=0:1;<=15:0,5;0")
    assert [days.points(v) for v in (-3, 0, 10, 16)] == [1, 1, 0.5, 0]
    assert parse_scale("≥ 80%: 1 điểm; 0").points(85) == 1
    assert not parse_scale("")


@pytest.mark.parametrize("text, says", [
    (">=abc:2", "không đọc được «>=abc:2»"),
    (">=90:2;;0", "bậc trống"),
    ("0;>=90:2", "phải đứng cuối"),
    (">=90", "không đọc được «>=90»"),
    (">=90:-1", "không được âm"),
])
def test_a_scale_that_does_not_parse_says_which_step(text, says):
    with pytest.raises(InvalidInputError, match=says):
        parse_scale(text)


def test_checks_name_the_row():
    good = CriterionSpec("1.1", "Ban hành kế hoạch", 1, Method.PLAN_ON_TIME, "<=0:1;0")
    with pytest.raises(InvalidInputError, match=r"^Dòng 9: mã «1.1» trùng với dòng 7\.$"):
        check_specs([good, good], [7, 9])
    too_little = CriterionSpec("1.2", "Hoàn thành", 1, Method.COMPLETION, ">=90:2;0")
    with pytest.raises(InvalidInputError, match=r"^Dòng 8 \(mã 1.2\): thang điểm cho tới 2 điểm, lớn hơn điểm tối đa 1\.$"):
        check_specs([good, too_little], [7, 8])
    with pytest.raises(InvalidInputError, match=r"^Dòng 3 \(mã 2\): thang điểm «>=x:1»"):
        check_specs([CriterionSpec("2", "x", 1, Method.COMPLETION, ">=x:1")], [3])
    with pytest.raises(InvalidInputError, match="không có cách tính"):
        check_specs([CriterionSpec("2", "x", 1, Method.MANUAL, ">=90:1;0")])


def test_methods_by_their_names():
    assert parse_method("ty-le-hoan-thanh") is Method.COMPLETION
    assert parse_method("") is Method.MANUAL
    with pytest.raises(InvalidInputError, match="Cách tính «tu-dong» không hợp lệ"):
        parse_method("tu-dong")


def test_groups_from_codes():
    assert parents(["I", "1", "1.1", "1.2", "2", "II", "3", "3.1", "3.1.1"]) == [None, 0, 1, 1, 0, None, 5, 6, 7]
    assert format_points(0.5) == "0,5" and format_points(2.0) == "2" and format_points(None) == ""


def criterion(code, content, maximum, method=Method.MANUAL, scale="", deadline=None, manual=None, explanation=""):
    return Criterion(code, content, maximum, method, scale, deadline, id=hash(code) % 1000, manual_score=manual,
                     explanation=explanation)


def test_scores_from_the_facts_and_by_hand_and_groups_add_up():
    criteria = [
        criterion("1", "Chỉ đạo, điều hành", 5),
        criterion("1.1", "Ban hành kế hoạch đúng hạn", 1, Method.PLAN_ON_TIME, "<=0:1;<=15:0,5;0", date(2025, 1, 31)),
        criterion("1.2", "Hoàn thành kế hoạch", 2, Method.COMPLETION, ">=90:2;>=70:1;0"),
        criterion("1.3", "Báo cáo đúng hạn", 1, Method.REPORTS_ON_TIME, ">=100:1;>=50:0,5;0"),
        criterion("1.4", "Kiểm tra", 1, manual=0.75, explanation="Đã kiểm tra 2 bộ phận."),
        criterion("2", "Tuyên truyền", 1),
    ]
    reports = (
        ReportRecord(Period.Q1, 2025, date(2025, 3, 10), True, "12/BC-UBND", date(2025, 3, 8), date(2025, 3, 9)),
        ReportRecord(Period.H1, 2025, date(2025, 6, 10), True, "40/BC-UBND", date(2025, 6, 9), date(2025, 6, 12)),
    )
    facts = AssessmentFacts(date(2025, 6, 14), "05/KH-UBND", date(2025, 2, 10), 30, 24, 80.0, reports)
    result = score_all(criteria, facts)
    by_code = {r.criterion.code: r for r in result.results}
    assert (by_code["1.1"].value, by_code["1.1"].score) == (10.0, 0.5)
    assert by_code["1.1"].value_text == "Kế hoạch số 05/KH-UBND ban hành ngày 10/02/2025, trễ 10 ngày so với hạn 31/01/2025."
    assert (by_code["1.2"].value, by_code["1.2"].score) == (80.0, 1)
    assert by_code["1.2"].value_text == "Hoàn thành 24/30 nhiệm vụ của kế hoạch (80%) tính đến ngày 14/06/2025."
    assert (by_code["1.3"].value, by_code["1.3"].score) == (50.0, 0.5)  # the 6-month report was sent late
    assert "gửi ngày 12/06/2025, trễ hạn (hạn 10/06/2025)" in by_code["1.3"].value_text
    assert by_code["1.4"].score == 0.75 and by_code["1.4"].by_hand and not by_code["1.4"].needs
    assert by_code["2"].score is None and by_code["2"].needs == "chưa chấm điểm"
    assert by_code["1"].is_group and by_code["1"].score == 2.75
    assert result.total_score == 2.75 and result.total_max == 6


def test_a_score_by_hand_overrides_a_computed_one_and_needs_its_reason():
    c = criterion("1.2", "Hoàn thành", 2, Method.COMPLETION, ">=90:2;0", manual=1)
    result = score_all([c], AssessmentFacts(date(2025, 12, 14), tasks_total=10, tasks_done=10, percent_done=100.0))
    assert (result.results[0].computed, result.results[0].score) == (2, 1)
    assert result.results[0].needs == "chưa có giải trình"


def test_without_a_scale_issue_is_all_or_nothing_and_rates_are_in_proportion():
    on_time = criterion("a", "KH", 1, Method.PLAN_ON_TIME, deadline=date(2025, 1, 31))
    rate = criterion("b", "Hoàn thành", 2, Method.COMPLETION)
    facts = AssessmentFacts(date(2025, 12, 14), "1/KH-UBND", date(2025, 1, 31), 8, 6, 75.0)
    scores = [r.score for r in score_all([on_time, rate], facts).results]
    assert scores == [1, 1.5]
    draft = score_all([on_time], AssessmentFacts(date(2025, 12, 14))).results[0]
    assert draft.score == 0 and draft.value_text == "Kế hoạch chưa có số, ngày ban hành."


def test_document_numbers_in_evidence_texts():
    assert document_number("Kế hoạch số 15/KH-UBND ngày 10/3/2025") == "15/KH-UBND"
    assert document_number("QĐ 1187/QĐ-BNV") == "1187/QĐ-BNV"
    assert document_number("Luật số 72/2025/QH15") == "72/2025/QH15"
    assert document_number("ngày 10/03/2025") == ""


def row(id_, kind, task="", parent=None, position=0):
    return RowData(id_, 1, parent, position, kind, task=task)


def test_suggestions_from_words_then_area():
    rows = [
        row(1, RowKind.AREA, "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
        row(2, RowKind.TASK, "Xây dựng kế hoạch kiểm tra công tác CCHC", 1, 0),
        row(3, RowKind.TASK, "Tuyên truyền CCHC trên đài truyền thanh", 1, 1),
        row(4, RowKind.AREA, "CẢI CÁCH THỂ CHẾ", position=1),
        row(5, RowKind.TASK, "Kiểm tra, rà soát văn bản QPPL", 4, 0),
    ]
    check = criterion("1.4", "Công tác kiểm tra cải cách hành chính", 1)
    found = suggest(check, "Công tác chỉ đạo, điều hành CCHC", rows, [])
    assert [s.row_id for s in found] == [2, 5]  # both say "kiểm tra"; the one in the group's area first
    assert found[0].reason == "có từ: kiểm tra; thuộc lĩnh vực Công tác chỉ đạo, điều hành"
    assert suggest(check, "Công tác chỉ đạo, điều hành CCHC", rows, [], linked_rows=[2])[0].row_id == 5
