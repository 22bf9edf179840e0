"""The submission package (.cchc): what a ward sends for one period."""

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest

from app.core.errors import InvalidInputError
from app.io.submission_package import read_package
from app.models.database import SCHEMA_HEAD
from app.io.submission_snapshot import show_part
from tests.bad_inputs.conftest import run_cli
from tests.conftest import REPO
from tests.province import AS_OF, YEAR, add_random_log
from tests.seeds import enter_seed

SCHEMAS = REPO / "docs" / "schema"


@pytest.fixture
def ward(services):
    """Seed 004 with a progress log, the unit named and coded."""
    import random

    plan_id = enter_seed(services, "004", YEAR)
    add_random_log(services, plan_id, random.Random(4))
    services.submissions.set_unit_name("phường Sông Cầu")
    services.submissions.set_unit_code("01834")
    return plan_id


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def ward_file(tmp_path):
    """A data file holding the ward's plan, closed: for the command line."""
    from app.services import Services

    opened = Services.open(tmp_path / "phuong.sqlite3", tmp_path / "data")
    try:
        import random

        plan_id = enter_seed(opened, "004", YEAR)
        add_random_log(opened, plan_id, random.Random(4))
        opened.submissions.set_unit_name("phường Sông Cầu")
        opened.submissions.set_unit_code("01834")
    finally:
        opened.close()
    return tmp_path / "phuong.sqlite3", plan_id


def test_snapshot_is_show_json_for_the_same_day(ward_file, tmp_path):
    db, plan_id = ward_file
    made = run_cli("package", str(plan_id), str(tmp_path / "goi.cchc"), "--period", "q1", "--as-of",
                   AS_OF.isoformat(), "--db", str(db))
    assert made.code == 0, made.err
    shown = run_cli("show", str(plan_id), "--json", "--as-of", AS_OF.isoformat(), "--db", str(db))
    assert shown.code == 0, shown.err
    snapshot = json.loads(_members(tmp_path / "goi.cchc")["snapshot.json"])
    assert show_part(snapshot) == json.loads(shown.out)
    assert snapshot["figures"]["period"] == {"period": "q1", "year": 2023, "window": ["2022-12-15", "2023-03-14"],
                                             "as_of": "2023-03-10"}
    assert len(snapshot["progress"]) > 15 and len(snapshot["rows"]) == 45


def test_in_period_tasks_are_what_the_periods_figures_count(services, ward, tmp_path):
    from app.core.status import TaskStatus

    services.submissions.build(ward, tmp_path / "goi.cchc", "q1", YEAR, AS_OF)
    snapshot = json.loads(_members(tmp_path / "goi.cchc")["snapshot.json"])
    tasks = snapshot["in_period"]["tasks"]
    assert len(tasks) == 30
    counted = {status.value: sum(1 for t in tasks if t["status"] == status.value) for status in TaskStatus}
    assert counted == snapshot["figures"]["total"]["by_status"]
    assert sum(counted.values()) == snapshot["figures"]["total"]["total"] == 30
    rows = {r["id"]: r for r in snapshot["rows"]}
    assert all(rows[t["row_id"]]["uuid"] == t["uuid"] for t in tasks)
    entries = {e["id"]: e for e in snapshot["progress"]}
    assert snapshot["in_period"]["progress"] == [e["id"] for e in snapshot["progress"]
                                                 if "2022-12-15" <= e["date"] <= "2023-03-10"]
    overdue = [t for t in tasks if t["status"] == "qua-han"]
    assert overdue and all(t["missed"] for t in overdue)
    latest = [t for t in tasks if t["latest_entry_id"] is not None]
    assert latest and all(entries[t["latest_entry_id"]]["row_id"] == t["row_id"] for t in latest)


def test_manifest_names_the_unit_plan_period_and_hashes_every_member(services, ward, tmp_path):
    target = tmp_path / "goi.cchc"
    result = services.submissions.build(ward, target, "q1", YEAR, AS_OF)
    members = _members(target)
    manifest = json.loads(members["manifest.json"])
    plan = services.plans.get(ward)
    assert manifest["format"] == "cchc-goi-nop-bao-cao" and manifest["format_version"] == 1
    assert manifest["package_id"] == result.package_id
    assert manifest["unit"] == {"name": "phường Sông Cầu", "code": "01834"}
    assert manifest["plan"]["uuid"] == plan.uuid and manifest["plan"]["year"] == 2023
    assert manifest["period"] == {"period": "q1", "label": "quý I năm 2023", "year": 2023,
                                  "window": ["2022-12-15", "2023-03-14"], "as_of": "2023-03-10",
                                  "report_id": result.report_id}
    assert manifest["data_schema"] == SCHEMA_HEAD and manifest["program"]["name"] == "Sổ kế hoạch CCHC"
    assert sorted(members) == ["manifest.json", "snapshot.json", "tai-lieu/bao-cao.pdf", "tai-lieu/phu-luc.xlsx"]
    for member in manifest["members"]:
        data = members[member["path"]]
        assert (member["size"], member["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
    assert {m["kind"] for m in manifest["members"]} == {"snapshot", "appendix-xlsx", "report-pdf"}


def test_the_documents_inside_are_the_appendix_with_progress_and_the_periods_report(services, ward, tmp_path):
    from openpyxl import load_workbook

    services.submissions.build(ward, tmp_path / "goi.cchc", "q1", YEAR, AS_OF)
    members = _members(tmp_path / "goi.cchc")
    workbook = load_workbook(io.BytesIO(members["tai-lieu/phu-luc.xlsx"]))
    assert workbook.sheetnames == ["Phụ lục", "Tiến độ"]
    assert workbook["Tiến độ"]["A1"].value == "Phụ lục"
    report = services.reports.find(ward, "q1", YEAR)
    assert report is not None  # made as `cchc report` would, and listed in the window afterwards
    if shutil.which("pdftotext"):
        (tmp_path / "bc.pdf").write_bytes(members["tai-lieu/bao-cao.pdf"])
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "bc.pdf"), "-"], capture_output=True,
                              text=True).stdout
        assert "BÁO CÁO" in text and "quý I năm 2023" in text.replace("\n", " ")


def test_package_validates_against_the_documented_json_schemas(services, ward, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")

    services.submissions.build(ward, tmp_path / "goi.cchc", "q1", YEAR, AS_OF)
    members = _members(tmp_path / "goi.cchc")
    for member, name in (("manifest.json", "manifest"), ("snapshot.json", "snapshot")):
        schema = json.loads((SCHEMAS / f"goi-nop-bao-cao.{name}.v1.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(json.loads(members[member]))]
        assert errors == [], member


def test_the_documented_schema_refuses_a_snapshot_without_its_period_statuses(services, ward, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")

    services.submissions.build(ward, tmp_path / "goi.cchc", "q1", YEAR, AS_OF)
    snapshot = json.loads(_members(tmp_path / "goi.cchc")["snapshot.json"])
    del snapshot["in_period"]
    schema = json.loads((SCHEMAS / "goi-nop-bao-cao.snapshot.v1.schema.json").read_text(encoding="utf-8"))
    assert not jsonschema.Draft202012Validator(schema).is_valid(snapshot)


def test_by_default_a_past_period_is_taken_on_its_closing_day(services, ward, tmp_path):
    result = services.submissions.build(ward, tmp_path / "goi.cchc", "q1", YEAR)
    assert result.as_of == date(2023, 3, 14)
    services.reports.update(result.report_id, {"as_of": date(2023, 3, 8)})
    again = services.submissions.build(ward, tmp_path / "lai.cchc", "q1", YEAR)
    assert again.as_of == date(2023, 3, 8)  # the day the officer set on the period's report


def test_a_year_package_made_in_march_counts_the_years_figures(services, ward, tmp_path):
    from app.core.status import TaskStatus

    services.submissions.build(ward, tmp_path / "nam.cchc", "year", YEAR, AS_OF)
    snapshot = json.loads(_members(tmp_path / "nam.cchc")["snapshot.json"])
    assert snapshot["figures"]["period"]["period"] == "year"
    year = services.reports.figures_for(ward, "year", YEAR, AS_OF).figures.total
    assert snapshot["figures"]["total"]["total"] == year.total
    assert snapshot["figures"]["total"]["by_status"] == {s.value: year[s] for s in TaskStatus}


def test_a_day_outside_the_period_is_refused_and_nothing_written(services, ward, tmp_path):
    with pytest.raises(InvalidInputError) as refused:
        services.submissions.build(ward, tmp_path / "goi.cchc", "q1", YEAR, date(2023, 5, 2))
    assert str(refused.value) == ("Ngày tính số liệu 02/05/2023 nằm ngoài kỳ quý I năm 2023 "
                                  "(15/12/2022–14/03/2023).")
    assert list(tmp_path.glob("*.cchc")) == []


def test_without_a_unit_name_the_package_is_refused(services, tmp_path):
    plan_id = services.plans.create("cchc", 2025)
    services.plans.update(plan_id, {"issuing_body": "ỦY BAN NHÂN DÂN"})
    with pytest.raises(InvalidInputError, match="Chưa có tên đơn vị"):
        services.submissions.build(plan_id, tmp_path / "goi.cchc", "q1", 2025)
    assert not (tmp_path / "goi.cchc").exists()
    services.plans.update(plan_id, {"issuing_body": "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐỨC XUÂN"})
    assert services.submissions.unit(plan_id).name == "phường Đức Xuân"


def test_the_command_line_makes_the_package_and_keeps_the_unit_for_next_time(ward_file, tmp_path):
    db, plan_id = ward_file
    made = run_cli("package", str(plan_id), str(tmp_path / "goi.cchc"), "--period", "q1", "--as-of", "10/03/2023",
                   "--unit-code", "01835", "--db", str(db))
    assert (made.code, made.out.strip()) == (0, str(tmp_path / "goi.cchc")), made.err
    assert read_package(tmp_path / "goi.cchc").manifest["unit"] == {"name": "phường Sông Cầu", "code": "01835"}
    again = run_cli("package", str(plan_id), str(tmp_path / "lai.cchc"), "--period", "q1", "--db", str(db))
    assert again.code == 0 and read_package(tmp_path / "lai.cchc").manifest["unit"]["code"] == "01835"
    bad = run_cli("package", str(plan_id), str(tmp_path / "x.cchc"), "--period", "q1", "--unit-code", "18A",
                  "--db", str(db))
    assert (bad.code, bad.message) == (2, "Lỗi: Mã đơn vị không hợp lệ: «18A» (chỉ gồm chữ số, ví dụ 22345).")
    assert not (tmp_path / "x.cchc").exists()


@pytest.mark.postgres
def test_on_a_server_the_package_is_show_json_for_the_same_day_too(pg_migrated_url, tmp_path):
    from app.services import Services

    server = Services.open(pg_migrated_url, tmp_path / "data")
    try:
        import random

        plan_id = enter_seed(server, "004", YEAR)
        add_random_log(server, plan_id, random.Random(9))
    finally:
        server.close()
    made = run_cli("package", str(plan_id), str(tmp_path / "goi.cchc"), "--period", "q1", "--as-of",
                   AS_OF.isoformat(), "--unit-name", "phường Sông Cầu", "--unit-code", "01834",
                   "--db", pg_migrated_url)
    assert made.code == 0, made.err
    shown = run_cli("show", str(plan_id), "--json", "--as-of", AS_OF.isoformat(), "--db", pg_migrated_url)
    package = read_package(tmp_path / "goi.cchc")
    assert show_part(package.snapshot) == json.loads(shown.out)
    assert package.manifest["unit"] == {"name": "phường Sông Cầu", "code": "01834"}


def test_a_mid_year_plans_package_counts_from_the_plans_start(services, ward, tmp_path):
    """A plan carried out from 01/08 reports its quý III from that day: the
    manifest's window is the report's and show --json's, and a day before the
    plan began is outside the period."""
    services.plans.update(ward, {"start": date(YEAR, 8, 1)})
    services.submissions.build(ward, tmp_path / "q3.cchc", "q3", YEAR, date(YEAR, 9, 14))
    manifest = json.loads(_members(tmp_path / "q3.cchc")["manifest.json"])
    snapshot = json.loads(_members(tmp_path / "q3.cchc")["snapshot.json"])
    assert manifest["period"]["window"] == [f"{YEAR}-08-01", f"{YEAR}-09-14"]
    assert snapshot["figures"]["period"]["window"] == manifest["period"]["window"]
    with pytest.raises(InvalidInputError) as refused:
        services.submissions.build(ward, tmp_path / "som.cchc", "q3", YEAR, date(YEAR, 7, 1))
    assert str(refused.value) == (f"Ngày tính số liệu 01/07/{YEAR} nằm ngoài kỳ quý III năm {YEAR} "
                                  f"(01/08/{YEAR}–14/09/{YEAR}).")
    assert not (tmp_path / "som.cchc").exists()
