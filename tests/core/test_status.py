"""A task's status as of a date, from its due dates and its log."""

from dataclasses import dataclass
from datetime import date

from app.core.status import TaskDue, TaskStatus, task_due, task_status


@dataclass
class Entry:
    id: int
    date: date
    status: str


DUE_JUNE = task_due(["Quý II/2025"], 2025)  # 30/06/2025


def status(due, entries, as_of):
    return task_status(due, entries, as_of).status


def test_nothing_logged_before_the_deadline_is_not_started_and_after_it_is_overdue():
    assert status(DUE_JUNE, [], date(2025, 5, 1)) is TaskStatus.NOT_STARTED
    assert status(DUE_JUNE, [], date(2025, 7, 1)) is TaskStatus.OVERDUE


def test_done_before_or_on_the_deadline_is_on_time_and_after_it_is_late():
    assert status(DUE_JUNE, [Entry(1, date(2025, 6, 30), "hoan-thanh")], date(2025, 8, 1)) is TaskStatus.DONE_ON_TIME
    assert status(DUE_JUNE, [Entry(1, date(2025, 7, 2), "hoan-thanh")], date(2025, 8, 1)) is TaskStatus.DONE_LATE


def test_in_progress_within_the_deadline_and_overdue_after_it():
    log = [Entry(1, date(2025, 4, 1), "dang-thuc-hien")]
    assert status(DUE_JUNE, log, date(2025, 5, 1)) is TaskStatus.IN_PROGRESS
    assert status(DUE_JUNE, log, date(2025, 7, 1)) is TaskStatus.OVERDUE


def test_entries_after_the_as_of_date_are_ignored():
    log = [Entry(1, date(2025, 6, 1), "hoan-thanh")]
    assert status(DUE_JUNE, log, date(2025, 5, 1)) is TaskStatus.NOT_STARTED


def test_completion_date_is_the_first_of_the_last_run_of_done_entries():
    log = [Entry(1, date(2025, 6, 1), "hoan-thanh"), Entry(2, date(2025, 7, 10), "hoan-thanh")]
    info = task_status(DUE_JUNE, log, date(2025, 8, 1))
    assert info.status is TaskStatus.DONE_ON_TIME and info.completed_on == date(2025, 6, 1)
    reopened = [Entry(1, date(2025, 6, 1), "hoan-thanh"), Entry(2, date(2025, 6, 5), "dang-thuc-hien"),
                Entry(3, date(2025, 7, 10), "hoan-thanh")]
    assert status(DUE_JUNE, reopened, date(2025, 8, 1)) is TaskStatus.DONE_LATE


def test_cancelled_task_stays_cancelled():
    log = [Entry(1, date(2025, 3, 1), "khong-thuc-hien")]
    assert status(DUE_JUNE, log, date(2025, 9, 1)) is TaskStatus.CANCELLED


def test_recurring_work_counts_as_carried_out_only_with_activity_in_the_window():
    due = task_due(["Thường xuyên"], 2025)
    assert due.periodic
    log = [Entry(1, date(2025, 2, 1), "dang-thuc-hien")]
    # The window of 1 March is 15/12/2024–14/3/2025: the entry counts.
    assert status(due, log, date(2025, 3, 1)) is TaskStatus.RECURRING_ACTIVE
    # By 1 May the window is 15/3–14/6: nothing logged in it yet.
    assert status(due, log, date(2025, 5, 1)) is TaskStatus.RECURRING_IDLE


def test_written_dates_win_over_a_recurrence_among_a_tasks_activities():
    due = task_due(["Quý III/2023", "Thường xuyên"], 2023)
    assert not due.periodic and due.final == date(2023, 9, 30)


def test_task_with_no_readable_date_is_due_at_the_end_of_the_plan_year():
    due = task_due(["", "theo chỉ đạo"], 2025)
    assert due.assumed and due.final == date(2025, 12, 31) and due.unread == "theo chỉ đạo"


def test_manual_override_replaces_the_dates_read():
    due = task_due(["Quý II/2025"], 2025, override=[date(2025, 9, 15)])
    assert due.overridden and due.dates == (date(2025, 9, 15),)


def test_warning_levels_at_seven_three_and_one_days():
    due = TaskDue((date(2025, 6, 30),), date(2025, 6, 30))
    levels = [task_status(due, [], date(2025, 6, 30 - d)).warning_days for d in (10, 7, 5, 3, 2, 1, 0)]
    assert levels == [None, 7, 7, 3, 3, 1, 1]
