"""Every deadline phrase of the seeds gives the occurrences an officer would count."""

from datetime import date

import pytest

from app.core.occurrences import OccurrenceKind, ScheduleRow, schedule_task, task_due

Y = 2023
R, M = OccurrenceKind.RECURRING, OccurrenceKind.MILESTONE


def d(day, month, year=Y):
    return date(year, month, day)


# Every phrase listed in the seeds README, plan year 2023: (due, kind) in order, and "continuous".
SEED_OCCURRENCES = [
    ("Thường xuyên", [], True),
    ("Quý II/2023", [(d(30, 6), M)], False),
    ("Quý II-IV/2023", [(d(31, 12), M)], False),
    ("Quý III,IV/2023", [(d(31, 12), M)], False),
    ("Định kỳ hàng quý", [(d(31, 3), R), (d(30, 6), R), (d(30, 9), R), (d(31, 12), R)], False),
    ("Năm 2023", [(d(31, 12), M)], False),
    ("Trong năm 2023", [(d(31, 12), M)], False),
    ("Trong năm", [(d(31, 12), M)], False),
    ("06 tháng/cuộc", [(d(30, 6), R), (d(31, 12), R)], False),
    ("Ban hành kế hoạch trước 30/01/2023", [(d(30, 1), M)], False),
    ("Ban hành Kế hoạch tháng 12/2022; Triển khai thực hiện trong năm 2023",
     [(d(31, 12, 2022), M), (d(31, 12), M)], False),
    ("UBND phường ban hành báo cáo UBND TP trước 05/12/2023", [(d(5, 12), M)], False),
    ("Định kỳ trước ngày 10 của tháng cuối quý",
     [(d(10, 3), R), (d(10, 6), R), (d(10, 9), R), (d(10, 12), R)], False),
    ("(chậm nhất 15 ngày kể từ ngày UBND tỉnh ban hành kế hoạch); báo cáo kết quả thực hiện trước 31/3/2023",
     [(d(31, 3), M)], False),
]


@pytest.mark.parametrize("phrase, expected, continuous", SEED_OCCURRENCES)
def test_every_seed_phrase_gives_its_occurrences(phrase, expected, continuous):
    due = task_due([phrase], Y)
    assert [(o.due, o.kind) for o in due.occurrences] == expected
    assert due.continuous is continuous
    # The final date is one of the occurrences: the last one.
    assert due.final == (expected[-1][0] if expected else None)
    assert not due.assumed


def test_relative_part_is_reported_unread_and_the_written_date_kept():
    due = task_due([SEED_OCCURRENCES[-1][0]], Y)
    assert due.unread == "chậm nhất 15 ngày kể từ ngày UBND tỉnh ban hành kế hoạch"


def test_a_plan_starting_mid_year_owes_no_recurring_occurrence_before_its_start():
    start = d(1, 7)
    quarterly = task_due(["Định kỳ trước ngày 10 của tháng cuối quý"], Y, start=start)
    assert [o.due for o in quarterly.occurrences] == [d(10, 9), d(10, 12)]
    assert [o.due for o in task_due(["06 tháng/cuộc"], Y, start=start).occurrences] == [d(31, 12)]
    # An occurrence due on the start day itself is owed.
    assert [o.due for o in task_due(["Định kỳ hàng quý"], Y, start=d(30, 6)).occurrences][0] == d(30, 6)
    # Written milestones stay: the officer wrote them.
    assert [o.due for o in task_due(["trước 30/01/2023"], Y, start=start).occurrences] == [d(30, 1)]
    assert task_due(["Định kỳ hàng quý"], Y, start=None).occurrences[0].due == d(31, 3)


def test_nothing_readable_is_assumed_due_at_the_end_of_the_plan_year():
    due = task_due(["", "theo chỉ đạo"], 2025)
    assert due.assumed and [(o.due, o.kind) for o in due.occurrences] == [(date(2025, 12, 31), M)]
    assert due.unread == "theo chỉ đạo"


def test_override_replaces_the_dates_read_as_milestones():
    due = task_due(["Định kỳ hàng quý"], Y, override=[d(15, 9), d(15, 3)])
    assert due.overridden and [(o.due, o.kind) for o in due.occurrences] == [(d(15, 3), M), (d(15, 9), M)]


def test_an_activity_with_its_own_date_adds_an_occurrence_owned_by_it():
    # Seed 004, task 2: the plan by 30/01, the activity's report by 05/12.
    due = schedule_task([
        ScheduleRow(2, None, "Ban hành kế hoạch trước 30/01/2023"),
        ScheduleRow(20, 2, "UBND phường ban hành báo cáo UBND TP trước 05/12/2023"),
    ], Y)
    assert [(o.due, o.row_id) for o in due.occurrences] == [(d(30, 1), 2), (d(5, 12), 20)]
    assert due.scope(20) == (1,)   # an entry on the activity reaches its own occurrence
    assert due.scope(2) == (0, 1)  # an entry on the task reaches every occurrence


def test_an_activity_repeating_its_tasks_date_is_the_same_occurrence():
    due = schedule_task([
        ScheduleRow(1, None, "Trong năm 2023"), ScheduleRow(10, 1, "Trong năm 2023"), ScheduleRow(11, 1, ""),
    ], Y)
    assert [(o.due, o.row_id) for o in due.occurrences] == [(d(31, 12), 1)]
    assert due.scope(11) == due.scope(10) == (0,)  # without a date of their own: the task's


def test_written_dates_and_a_continuous_activity():
    # Seed 004, task 26: "Quý III/2023", its activity "Thường xuyên".
    due = schedule_task([ScheduleRow(26, None, "Quý III/2023"), ScheduleRow(260, 26, "Thường xuyên")], Y)
    assert [o.due for o in due.occurrences] == [d(30, 9)] and due.continuous and not due.periodic


def test_numbered_sub_rows_are_tracked_on_their_own_and_the_task_follows_them():
    due = schedule_task([
        ScheduleRow(3, None, "Quý II/2023"),
        ScheduleRow(31, 3, "Quý II/2023", numbered=True),
        ScheduleRow(32, 3, "Quý I/2023", numbered=True),
        ScheduleRow(33, 3, "", numbered=True),
    ], Y)
    # The task's own 30/06 is not owed twice: sub-row 3.1 carries it.
    assert [(o.due, o.row_id) for o in due.occurrences] == [(d(31, 3), 32), (d(30, 6), 31)]
    assert due.scope(31) == (1,) and due.scope(32) == (0,)
    assert due.scope(33) == (0, 1)  # a sub-row without a deadline works for its task


def test_a_tasks_dates_no_sub_row_carries_stay_its_own():
    due = schedule_task([
        ScheduleRow(1, None, "Định kỳ trước ngày 10 của tháng cuối quý"),
        ScheduleRow(11, 1, "trước 15/06/2023", numbered=True),
    ], Y)
    assert [(o.due, o.row_id, o.kind) for o in due.occurrences] == [
        (d(10, 3), 1, R), (d(10, 6), 1, R), (d(15, 6), 11, M), (d(10, 9), 1, R), (d(10, 12), 1, R)]


def test_sub_rows_without_deadlines_leave_the_task_its_own():
    due = schedule_task([ScheduleRow(3, None, "Quý II/2023"), ScheduleRow(31, 3, "", numbered=True)], Y)
    assert [(o.due, o.row_id) for o in due.occurrences] == [(d(30, 6), 3)]


def test_sub_row_override_replaces_only_its_own_dates():
    due = schedule_task([
        ScheduleRow(3, None, "Trong năm 2023"),
        ScheduleRow(30, 3, "Quý I/2023", override=(d(15, 2),)),
    ], Y)
    assert [(o.due, o.row_id) for o in due.occurrences] == [(d(15, 2), 30), (d(31, 12), 3)]
