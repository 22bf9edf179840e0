"""Plans through the services: presets, document fields, copy, delete."""

from datetime import date

import pytest

from app.core.errors import InvalidInputError, NotFoundError
from app.core.model import RowKind, Section, Signer
from app.core.presets import CCHC_AREAS


def test_new_cchc_plan_has_the_seven_areas_and_the_ward_layout(services):
    plan_id = services.plans.create("cchc", 2025)
    plan = services.plans.get(plan_id)
    rows = services.rows.list(plan_id)
    assert [r.task for r in rows] == list(CCHC_AREAS)
    assert all(r.kind is RowKind.AREA for r in rows)
    assert [c.field for c in plan.columns] == [
        "number", "objective", "task", "activity", "output", "lead", "support", "timeframe", "budget"]
    assert plan.title == "Thực hiện công tác cải cách hành chính năm 2025"
    assert plan.number == "" and plan.issue_date is None and plan.symbol == "KH-UBND"


def test_new_propaganda_plan_has_no_areas_and_a_chosen_layout(services):
    plan_id = services.plans.create("tuyen-truyen", 2023, layout="tuyen-truyen-000")
    plan = services.plans.get(plan_id)
    assert services.rows.list(plan_id) == []
    assert [c.header for c in plan.columns] == [
        "STT", "Nội dung tuyên truyền", "Hình thức tuyên truyền", "Đơn vị thực hiện", "Thời gian thực hiện"]


def test_unknown_kind_or_layout_or_year_is_refused(services):
    with pytest.raises(InvalidInputError):
        services.plans.create("bao-cao", 2025)
    with pytest.raises(InvalidInputError):
        services.plans.create("cchc", 2025, layout="nope")
    with pytest.raises(InvalidInputError):
        services.plans.create("cchc", 1850)


def test_document_fields_are_saved_and_previous_values_returned(services):
    plan_id = services.plans.create("cchc", 2023)
    old = services.plans.update(plan_id, {
        "number": "01", "place": "Sông Cầu", "issue_day": 5, "issue_month": 3,
        "legal_bases": ["Căn cứ Kế hoạch số 19/KH-UBND ngày 17/01/2023 của UBND thành phố Bắc Kạn"],
        "sections": (Section("I. MỤC TIÊU", "Thực hiện có hiệu quả"),),
        "signer": Signer("TM.", "ỦY BAN NHÂN DÂN", "", "CHỦ TỊCH", "Luân Hoàng Anh"),
    })
    assert old["number"] == "" and old["issue_day"] is None
    plan = services.plans.get(plan_id)
    assert plan.issue_date == date(2023, 3, 5)
    assert plan.signer.lines() == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert plan.sections[0].heading == "I. MỤC TIÊU"
    with pytest.raises(InvalidInputError):
        services.plans.update(plan_id, {"colour": "red"})


def test_text_is_stored_in_nfc(services):
    plan_id = services.plans.create("cchc", 2023)
    decomposed = "Ke\u0302\u0301 hoa\u0323ch"  # "Kế hoạch" typed with combining marks
    services.plans.update(plan_id, {"title": decomposed})
    assert services.plans.get(plan_id).title == "Kế hoạch"


def test_copy_to_next_year_moves_dates_and_leaves_progress_behind(services):
    plan_id = services.plans.create("cchc", 2023)
    services.plans.update(plan_id, {"number": "12", "issue_day": 5, "issue_month": 1})
    area = services.rows.find_area(plan_id, "II")
    task = services.rows.add(plan_id, RowKind.TASK, area.id, texts={
        "task": "Rà soát văn bản năm 2023",
        "timeframe": "Ban hành Kế hoạch tháng 12/2022; Triển khai thực hiện trong năm 2023"})
    services.rows.update(task.id, {"due_override": (date(2023, 6, 30),)})
    services.progress.add(task.id, date=date(2023, 3, 1), status="hoan-thanh")
    copy_id = services.plans.copy_to_next_year(plan_id)
    copy = services.plans.get(copy_id)
    assert copy.year == 2024 and copy.number == "" and copy.issue_day is None
    assert copy.title.endswith("năm 2024")
    copied = [r for r in services.rows.list(copy_id) if r.kind is RowKind.TASK][0]
    assert copied.timeframe == "Ban hành Kế hoạch tháng 12/2023; Triển khai thực hiện trong năm 2024"
    assert copied.task == "Rà soát văn bản năm 2024"
    assert copied.due_override == (date(2024, 6, 30),)
    assert services.progress.list(copy_id) == []
    assert len(services.progress.list(plan_id)) == 1


def test_delete_plan_removes_it_with_its_rows(services):
    plan_id = services.plans.create("cchc", 2023)
    services.plans.delete(plan_id)
    assert services.plans.list() == []
    with pytest.raises(NotFoundError):
        services.rows.list(plan_id)
