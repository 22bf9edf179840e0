"""The mail draft upward, the overview's figures and the start-up reminder."""

from __future__ import annotations

import email
from datetime import date
from email import policy

import pytest

from app.core.errors import FileWriteError, InvalidInputError
from app.core.model import RowKind
from tests.seeds import enter_seed


@pytest.fixture
def plan(services):
    plan_id = enter_seed(services, "004")
    services.plans.update(plan_id, {"issuing_body": "ỦY BAN NHÂN DÂN\nPHƯỜNG SÔNG CẦU"})
    task = services.rows.find_by_number(plan_id, "3")
    services.progress.add(task.id, date=date(2023, 2, 1), status="dang-thuc-hien", result="Niêm yết 45 TTHC")
    return plan_id


def test_eml_draft_parses_with_vietnamese_subject_addresses_body_and_identical_attachments(services, plan, tmp_path):
    report = services.reports.create(plan, "q1")
    services.reports.update(report.id, {"addressees": ["Ủy ban nhân dân thành phố Bắc Kạn"]})
    target = tmp_path / "thu.eml"
    draft = services.mail.prepare(plan, ["Phòng Nội vụ <pnv@backan.gov.vn>", "vanthu@backan.gov.vn"],
                                  ["xlsx", "plan-pdf", "report-pdf"], report.id, target=target)
    message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message["Subject"] == "UBND phường Sông Cầu gửi Báo cáo kết quả thực hiện CCHC quý I năm 2023"
    assert [a.addr_spec for a in message["To"].addresses] == ["pnv@backan.gov.vn", "vanthu@backan.gov.vn"]
    assert message["To"].addresses[0].display_name == "Phòng Nội vụ"
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Kính gửi: Ủy ban nhân dân thành phố Bắc Kạn.") and "BC-CCHC-Quy-I-2023-Phuong-Song-Cau.pdf" in body
    attachments = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert set(attachments) == {"PL-KH-CCHC-2023-Phuong-Song-Cau.xlsx", "KH-CCHC-2023-Phuong-Song-Cau.pdf",
                                "BC-CCHC-Quy-I-2023-Phuong-Song-Cau.pdf"}
    for path in draft.files:
        assert attachments[path.name] == path.read_bytes()  # byte for byte the files in the outbox
    assert {c.email for c in services.contacts.list()} == {"pnv@backan.gov.vn", "vanthu@backan.gov.vn"}
    history = services.mail.history(plan)
    assert len(history) == 1 and history[0].subject == message["Subject"]


def test_vietnamese_file_names_on_request(services, plan):
    report = services.reports.create(plan, "q1")
    names = services.mail.file_names(plan, report.id, keep_vietnamese=True)
    assert names["report-pdf"] == "BC-CCHC-Quý-I-2023-Phường-Sông-Cầu.pdf"


@pytest.mark.parametrize("to, include, words", [
    (["không phải địa chỉ"], ["xlsx"], "Địa chỉ thư không hợp lệ"),
    (["a@b.vn"], [], "Chưa chọn tệp"),
    ([], ["xlsx"], "Chưa có người nhận"),
    (["a@b.vn"], ["report-pdf"], "Chưa chọn báo cáo"),
])
def test_bad_input_is_refused_before_anything_is_written(services, plan, to, include, words):
    with pytest.raises(InvalidInputError, match=words):
        services.mail.prepare(plan, to, include)
    assert services.mail.history() == []
    outbox = services.mail.outbox
    assert not outbox.exists() or list(outbox.iterdir()) == []


def test_unwritable_outbox_is_refused_before_anything_is_written(services, plan):
    outbox = services.mail.outbox
    outbox.mkdir(parents=True)
    outbox.chmod(0o555)
    try:
        with pytest.raises(FileWriteError, match="chỉ cho phép đọc"):
            services.mail.prepare(plan, ["a@b.vn"], ["xlsx"])
        assert list(outbox.iterdir()) == [] and services.mail.history() == []
    finally:
        outbox.chmod(0o755)


def test_overview_figures_equal_the_reports_for_the_same_date(services, plan):
    as_of = date(2023, 5, 20)
    overview = services.reports.overview(plan, as_of)
    assert (overview.period.value, overview.year) == ("h1", 2023)
    report = services.reports.create(plan, "h1", as_of=as_of)
    data = services.reports.data(report.id)
    assert overview.figures == data.figures
    assert overview.window == data.window and overview.as_of == data.as_of


def test_overview_lists_overdue_due_soon_and_report_deadlines(services):
    plan_id = services.plans.create("cchc", 2025)
    area = services.rows.find_area(plan_id, "II")
    late = services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": "Trễ", "timeframe": "trước 10/03/2025"})
    soon = services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": "Sắp", "timeframe": "trước 23/03/2025"})
    overview = services.reports.overview(plan_id, date(2025, 3, 20))
    assert [t.row.id for t in overview.overdue] == [late.id]
    assert [(t.row.id, t.status.days_left) for t in overview.due_soon] == [(soon.id, 3)]
    first = overview.deadlines[0]
    assert (first.period.value, first.due, first.days_left) == ("q1", date(2025, 3, 10), -10)
    assert overview.deadlines[1].due == date(2025, 6, 10)


def test_reminder_comes_once_a_day_and_can_be_stopped(services):
    plan_id = services.plans.create("cchc", 2025)
    area = services.rows.find_area(plan_id, "II")
    services.rows.add(plan_id, RowKind.TASK, area.id, texts={"task": "Trễ", "timeframe": "trước 10/03/2025"})
    today = date(2025, 3, 20)
    reminders = services.reminders
    assert reminders.due_today(today)
    assert "1 nhiệm vụ quá hạn" in reminders.message(plan_id, today)
    reminders.shown(today)
    assert not reminders.due_today(today) and reminders.due_today(date(2025, 3, 21))
    reminders.stop()
    assert not reminders.due_today(date(2025, 3, 22))
