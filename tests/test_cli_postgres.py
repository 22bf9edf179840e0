"""The command line on a PostgreSQL server, run as an office's script would:
the same round trip as on a file gives the same answers, and two writers on
one plan get a clear line instead of waiting."""

import json
import subprocess

import openpyxl
import pytest

from app.services import Services
from tests.test_cli import cchc

pytestmark = pytest.mark.postgres


def _round_trip(db, tmp_path, env=None):
    """new, add-row, log, show --json, export-xlsx, report: what a user sees."""
    def run(*args):
        return cchc(*args, "--db", db, data_dir=tmp_path / "data").stdout.strip()

    outputs = {"new": run("new", "--kind", "cchc", "--year", "2025")}
    outputs["add-row"] = [
        run("add-row", "1", "--area", "II", "--task", "Rà soát văn bản QPPL", "--timeframe", "Quý II/2025",
            "--lead", "Công chức Tư pháp – Hộ tịch"),
        run("add-row", "1", "--area", "III", "--task", "Công khai TTHC", "--timeframe",
            "Định kỳ trước ngày 10 của tháng cuối quý", "--lead", "Văn phòng HĐND và UBND"),
        run("add-row", "1", "--under", "2", "--activity", "Niêm yết tại Bộ phận Một cửa"),
    ]
    outputs["log"] = [
        run("log", "1", "1", "--date", "2025-03-10", "--status", "hoan-thanh", "--percent", "100",
            "--result", "Đã ban hành Kế hoạch số 15/KH-UBND"),
        run("log", "1", "2", "--date", "2025-03-05", "--status", "hoan-thanh", "--occurrence", "2025-03-10"),
    ]
    outputs["show"] = json.loads(run("show", "1", "--json", "--as-of", "2025-04-01"))
    xlsx = tmp_path / "phu-luc.xlsx"
    run("export-xlsx", "1", xlsx, "--progress-sheet", "--as-of", "2025-04-01")
    book = openpyxl.load_workbook(xlsx)
    outputs["xlsx"] = {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book}
    pdf = tmp_path / "bao-cao.pdf"
    run("report", "1", pdf, "--period", "q1", "--year", "2025", "--as-of", "2025-03-31")
    outputs["report"] = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout
    return outputs


def _without_uuids(shown: dict) -> dict:
    """``show --json`` less the stable ids, each checked to be a UUID."""
    import uuid

    ids = [shown["plan"].pop("uuid")] + [row.pop("uuid") for row in shown["rows"]]
    assert all(str(uuid.UUID(i)) == i for i in ids) and len(set(ids)) == len(ids)
    return shown


def test_the_cli_round_trip_on_a_server_answers_exactly_as_on_a_file(pg_url, tmp_path):
    on_file = _round_trip(tmp_path / "so.sqlite3", tmp_path / "file")
    on_server = _round_trip(pg_url, tmp_path / "server")
    assert on_server["new"] == "1" and on_server["add-row"] == ["1", "2", "(hoạt động của nhiệm vụ 2)"]
    assert on_server["log"] == ["1", "2"]
    shown = on_server["show"]
    task = next(r for r in shown["rows"] if r["number"] == "1")
    assert task["task"] == "Rà soát văn bản QPPL" and task["lead"] == "Công chức Tư pháp – Hộ tịch"
    assert task["status"] == "hoan-thanh-dung-han" and task["due_dates"] == ["2025-06-30"]
    assert [(p["date"], p["result"], p["occurrence"]) for p in shown["progress"]] == [
        ("2025-03-05", "", "2025-03-10"), ("2025-03-10", "Đã ban hành Kế hoạch số 15/KH-UBND", None)]
    assert shown["figures"]["total"]["total"] == 2
    for outputs in (on_file, on_server):  # each plan and row has its own random stable id (issue 21)
        outputs["show"] = _without_uuids(outputs["show"])
    for key in ("new", "add-row", "log", "show", "xlsx"):
        assert on_server[key] == on_file[key], key
    assert on_server["report"] == on_file["report"]
    appendix = next(iter(on_server["xlsx"].values()))
    row = next(r for r in appendix if "Rà soát văn bản QPPL" in r)
    assert "Công chức Tư pháp – Hộ tịch" in row and "Quý II/2025" in row
    assert "Rà soát văn bản QPPL" in on_server["report"]


def test_the_server_can_be_named_once_in_the_environment(pg_url, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DATABASE_URL", pg_url)
    assert cchc("new", "--kind", "tuyen-truyen", "--year", "2024", data_dir=tmp_path / "data").stdout.strip() == "1"
    listed = json.loads(cchc("list", "--json", data_dir=tmp_path / "data").stdout)
    assert [(p["id"], p["kind"], p["year"]) for p in listed] == [(1, "tuyen-truyen", 2024)]
    assert not (tmp_path / "data" / "so-ke-hoach-cchc.sqlite3").exists()  # no file was made beside


def test_a_second_writer_on_the_same_plan_gets_one_line_and_writes_nothing(pg_migrated_url, tmp_path):
    other = Services.open(pg_migrated_url, tmp_path / "other")
    try:
        plan_id = other.plans.create("cchc", 2025)
        before = other.rows.list(plan_id)
        with other.store.writing_plan(plan_id):  # a command of another PC is writing this plan
            result = cchc("add-row", str(plan_id), "--area", "II", "--task", "Rà soát", "--db", pg_migrated_url,
                          data_dir=tmp_path / "data", check=False)
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Lỗi: Kế hoạch số {plan_id} đang được ghi bởi một lệnh cchc khác")
        assert other.rows.list(plan_id) == before
        other.store.show_plan(plan_id)  # a window shows it
        result = cchc("log", str(plan_id), "1", "--date", "2025-03-10", "--status", "hoan-thanh",
                      "--db", pg_migrated_url, data_dir=tmp_path / "data", check=False)
        assert result.returncode == 2 and f"Kế hoạch số {plan_id} đang mở bởi: " in result.stderr
        assert cchc("show", str(plan_id), "--json", "--db", pg_migrated_url, data_dir=tmp_path / "data").returncode == 0
        other.store.show_plan(None)
        assert cchc("add-row", str(plan_id), "--area", "II", "--task", "Rà soát", "--db", pg_migrated_url,
                    data_dir=tmp_path / "data").stdout.strip() == "1"
    finally:
        other.close()


def test_a_file_moves_onto_the_server_from_the_command_line(pg_migrated_url, tmp_path):
    db = tmp_path / "so.sqlite3"
    cchc("sample", "--db", db, data_dir=tmp_path / "data")
    file_show = cchc("show", "1", "--json", "--as-of", "2023-12-14", "--db", db, data_dir=tmp_path / "data").stdout
    result = cchc("restore", db, "--db", pg_migrated_url, data_dir=tmp_path / "data")
    assert result.stdout.strip().startswith("Đã khôi phục vào máy chủ PostgreSQL «postgresql://")
    server_show = cchc("show", "1", "--json", "--as-of", "2023-12-14", "--db", pg_migrated_url,
                       data_dir=tmp_path / "data").stdout
    assert json.loads(server_show) == json.loads(file_show)
    package = tmp_path / "goi.zip"
    assert cchc("backup", package, "--db", pg_migrated_url, data_dir=tmp_path / "data").stdout.strip() == str(package)


def test_an_unreachable_server_is_one_line_exit_2(tmp_path):
    result = cchc("list", "--db", "postgresql://cchc:mat-khau@/khong_co?host=/khong/co/thu/muc",
                  data_dir=tmp_path / "data", check=False)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: Không kết nối được máy chủ PostgreSQL «postgresql://cchc@")
    assert "mat-khau" not in result.stderr


def test_ids_past_two_to_the_31_are_simply_not_found(pg_migrated_url, tmp_path):
    cchc("new", "--kind", "cchc", "--year", "2025", "--db", pg_migrated_url, data_dir=tmp_path / "data")
    for plan_id in ("3000000000", "9223372036854775807"):
        for args in (["show", plan_id, "--json"], ["log", plan_id, "1", "--date", "2025-01-01", "--status", "hoan-thanh"]):
            result = cchc(*args, "--db", pg_migrated_url, data_dir=tmp_path / "data", check=False)
            assert result.returncode == 2, result.stderr
            assert result.stderr.strip() == f"Lỗi: Không có kế hoạch số {plan_id}."
