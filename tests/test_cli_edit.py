"""``cchc edit PLAN_ID --set FIELD=VALUE …``: every document field of
``show --json``'s plan object, checked as the window's form checks it, all or
nothing."""

import json

import pytest

from tests.test_cli import cchc, digest


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "plan.sqlite3"
    assert cchc("new", "--kind", "cchc", "--year", "2025", "--db", path).stdout.strip() == "1"
    return path


def plan_of(db) -> dict:
    return json.loads(cchc("show", "1", "--json", "--db", db).stdout)["plan"]


def test_every_kind_of_field_is_set_and_shown_by_show_json(db):
    sections = [{"heading": "I. MỤC TIÊU", "text": "Thực hiện có hiệu quả."},
                {"heading": "II. NHIỆM VỤ", "text": "Chi tiết tại Phụ lục."}]
    columns = [{"field": "number", "header": "TT", "width": 5, "export": True},
               {"field": "task", "header": "Nhiệm vụ", "width": 40, "export": True}]
    result = cchc("edit", "1", "--db", db,
                  "--set", "issuing_body=UBND PHƯỜNG HỒNG HẢI",
                  "--set", "number=7", "--set", "place=Hồng Hải",
                  "--set", "issue_date=2025-03-05",
                  "--set", "title=Cải cách hành chính phường Hồng Hải năm 2025",
                  "--set", "legal_bases=Căn cứ Kế hoạch số 19/KH-UBND;\nCăn cứ Nghị quyết 76/NQ-CP.",
                  "--set", "recipients=UBND tỉnh (Sở Nội vụ);\nLưu: VT.",
                  "--set", f"sections={json.dumps(sections, ensure_ascii=False)}",
                  "--set", "signer.name=Nguyễn Văn An", "--set", "signer.authority=KT.",
                  "--set", f"columns={json.dumps(columns, ensure_ascii=False)}",
                  "--set", "hide_empty_columns=true")
    assert result.stdout.startswith("Đã sửa kế hoạch 1:")
    plan = plan_of(db)
    assert plan["issuing_body"] == "UBND PHƯỜNG HỒNG HẢI" and plan["number"] == "7" and plan["place"] == "Hồng Hải"
    assert (plan["issue_day"], plan["issue_month"], plan["issue_year"], plan["issue_date"]) == (5, 3, 2025, "2025-03-05")
    assert plan["title"] == "Cải cách hành chính phường Hồng Hải năm 2025"
    assert plan["legal_bases"] == ["Căn cứ Kế hoạch số 19/KH-UBND;", "Căn cứ Nghị quyết 76/NQ-CP."]
    assert plan["recipients"] == ["UBND tỉnh (Sở Nội vụ);", "Lưu: VT."]
    assert plan["sections"] == sections
    assert plan["signer"]["name"] == "Nguyễn Văn An" and plan["signer"]["authority"] == "KT."
    assert plan["signer"]["title"] == "CHỦ TỊCH"  # the parts not named are kept
    assert [c["field"] for c in plan["columns"]] == ["number", "task"]
    assert plan["hide_empty_columns"] is True


def test_an_empty_issue_date_leaves_a_draft_blank(db):
    cchc("edit", "1", "--db", db, "--set", "issue_date=2025-03-05")
    cchc("edit", "1", "--db", db, "--set", "issue_date=")
    plan = plan_of(db)
    assert (plan["issue_day"], plan["issue_month"], plan["issue_year"]) == (None, None, 2025)


@pytest.mark.parametrize("assignment, words", [
    ("issue_date=2025-02-30", "issue_date không hợp lệ"),
    ("issue_date=05/03/2025", "YYYY-MM-DD"),
    ("issue_day=32", "Ngày ban hành không hợp lệ: 32"),
    ("issue_month=13", "Tháng ban hành không hợp lệ: 13"),
    ("issue_year=1999", "Năm ban hành không hợp lệ: 1999"),
    ("year=abc", "year phải là một số"),
    ("year=1999", "Năm kế hoạch không hợp lệ: 1999"),
    ("kind=bao-cao", "Loại kế hoạch không hợp lệ"),
    ("signer.authority=XX", "Thẩm quyền ký không hợp lệ"),
    ("signer.chuc_vu=X", "Không có trường «signer.chuc_vu»"),
    ("hide_empty_columns=maybe", "nhận true hoặc false"),
    ("sections=không phải JSON", "cần JSON"),
    ("columns=[]", "ít nhất một cột"),
    ('columns=[{"field": "ngay", "header": "X"}]', "Cột không hợp lệ: ngay"),
    ("id=4", "Không sửa được số của kế hoạch"),
    ("ngay_ky=2025-01-01", "Không có trường «ngay_ky»"),
    ("title", "Cần dạng TRƯỜNG=GIÁ_TRỊ"),
    ("title=" + "x" * 20_001, "«Trích yếu» quá dài"),
])
def test_a_bad_field_or_value_is_refused_with_one_line_and_nothing_is_written(db, assignment, words):
    before = digest(db)
    result = cchc("edit", "1", "--db", db, "--set", "number=9", "--set", assignment, check=False)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in result.stderr
    assert digest(db) == before and plan_of(db)["number"] == ""


def test_day_and_month_that_make_no_date_are_refused_as_the_form_refuses_them(services):
    from app.core.errors import InvalidInputError

    plan_id = services.plans.create("cchc", 2025)
    services.plans.update(plan_id, {"issue_day": 31, "issue_month": 3})
    with pytest.raises(InvalidInputError, match="không tồn tại: 31/2/2025"):
        services.plans.update(plan_id, {"issue_month": 2})
    assert services.plans.get(plan_id).issue_month == 3


def test_unknown_plan_is_a_user_error(db):
    result = cchc("edit", "9", "--db", db, "--set", "number=1", check=False)
    assert result.returncode == 2 and "Không có kế hoạch số 9" in result.stderr
