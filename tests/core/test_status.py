"""A task's status as of a date, from its occurrences and its log."""

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.occurrences import ScheduleRow, schedule_task
from app.core.status import OccurrenceStatus as O
from app.core.status import TaskStatus, is_open, task_due, task_status


@dataclass
class Entry:
    id: int
    date: date
    status: str
    occurrence: date | None = None
    row_id: int | None = None


DUE_JUNE = task_due(["Quý II/2025"], 2025)  # 30/06/2025
QUARTERLY = task_due(["Định kỳ trước ngày 10 của tháng cuối quý"], 2023)  # 10/03, 10/06, 10/09, 10/12


def d(day, month, year=2023):
    return date(year, month, day)


def status(due, entries, as_of):
    return task_status(due, entries, as_of).status


def occurrences(due, entries, as_of):
    return [(s.due, s.status, s.done_on) for s in task_status(due, entries, as_of).occurrences]


def log(*items):
    """Entries numbered in the order given: (date, status[, occurrence])."""
    return [Entry(i, *item) for i, item in enumerate(items, start=1)]


# -- one deadline ---------------------------------------------------------------


def test_nothing_logged_before_the_deadline_is_not_started_and_after_it_is_overdue():
    assert status(DUE_JUNE, [], date(2025, 5, 1)) is TaskStatus.NOT_STARTED
    assert status(DUE_JUNE, [], date(2025, 6, 30)) is TaskStatus.NOT_STARTED  # the due day is still in time
    assert status(DUE_JUNE, [], date(2025, 7, 1)) is TaskStatus.OVERDUE


def test_done_before_or_on_the_deadline_is_on_time_and_after_it_is_late():
    assert status(DUE_JUNE, [Entry(1, date(2025, 6, 30), "hoan-thanh")], date(2025, 8, 1)) is TaskStatus.DONE_ON_TIME
    assert status(DUE_JUNE, [Entry(1, date(2025, 7, 2), "hoan-thanh")], date(2025, 8, 1)) is TaskStatus.DONE_LATE


def test_in_progress_within_the_deadline_and_overdue_after_it():
    entries = [Entry(1, date(2025, 4, 1), "dang-thuc-hien")]
    assert status(DUE_JUNE, entries, date(2025, 5, 1)) is TaskStatus.IN_PROGRESS
    assert status(DUE_JUNE, entries, date(2025, 7, 1)) is TaskStatus.OVERDUE


def test_entries_after_the_as_of_date_are_ignored():
    entries = [Entry(1, date(2025, 6, 1), "hoan-thanh")]
    assert status(DUE_JUNE, entries, date(2025, 5, 1)) is TaskStatus.NOT_STARTED


def test_a_later_done_entry_only_adds_evidence_and_in_progress_reopens():
    entries = [Entry(1, date(2025, 6, 1), "hoan-thanh"), Entry(2, date(2025, 7, 10), "hoan-thanh")]
    info = task_status(DUE_JUNE, entries, date(2025, 8, 1))
    assert info.status is TaskStatus.DONE_ON_TIME and info.completed_on == date(2025, 6, 1)
    reopened = [Entry(1, date(2025, 6, 1), "hoan-thanh"), Entry(2, date(2025, 6, 5), "dang-thuc-hien"),
                Entry(3, date(2025, 7, 10), "hoan-thanh")]
    assert status(DUE_JUNE, reopened, date(2025, 8, 1)) is TaskStatus.DONE_LATE


def test_cancelled_task_stays_cancelled_until_work_is_logged_again():
    entries = [Entry(1, date(2025, 3, 1), "khong-thuc-hien")]
    info = task_status(DUE_JUNE, entries, date(2025, 9, 1))
    assert info.status is TaskStatus.CANCELLED and not info.is_open
    assert [s.status for s in info.occurrences] == [O.CANCELLED]
    entries.append(Entry(2, date(2025, 4, 1), "dang-thuc-hien"))
    assert status(DUE_JUNE, entries, date(2025, 9, 1)) is TaskStatus.OVERDUE


def test_continuous_work_counts_as_carried_out_only_with_activity_in_the_period():
    due = task_due(["Thường xuyên"], 2025)
    assert due.periodic and due.occurrences == ()
    entries = [Entry(1, date(2025, 2, 1), "dang-thuc-hien")]
    # The report period of 1 March is quý I (15/12/2024–14/3/2025): the entry counts.
    assert status(due, entries, date(2025, 3, 1)) is TaskStatus.RECURRING_ACTIVE
    # By 1 August the period is quý III (15/6–14/9): nothing logged in it yet.
    assert status(due, entries, date(2025, 8, 1)) is TaskStatus.RECURRING_IDLE
    assert task_status(due, entries, date(2025, 8, 1)).days_left is None


def test_written_dates_win_over_a_continuous_activity():
    due = task_due(["Quý III/2023", "Thường xuyên"], 2023)
    assert not due.periodic and due.final == date(2023, 9, 30)
    assert status(due, [], date(2023, 10, 1)) is TaskStatus.OVERDUE


# -- recurring tasks --------------------------------------------------------------


def test_a_quarterly_task_with_every_deadline_passed_and_nothing_logged_is_overdue():
    # The officer's complaint in issue 17: this showed "Thường xuyên (chưa triển khai)".
    info = task_status(QUARTERLY, [], d(1, 10))
    assert info.status is TaskStatus.OVERDUE
    assert [(s.due, s.status) for s in info.occurrences] == [
        (d(10, 3), O.OVERDUE), (d(10, 6), O.OVERDUE), (d(10, 9), O.OVERDUE), (d(10, 12), O.NOT_DUE)]
    assert [s.due for s in info.missed] == [d(10, 3), d(10, 6), d(10, 9)]
    assert info.next_due == d(10, 12) and info.days_left == 70


def test_each_done_entry_meets_the_earliest_open_occurrence():
    entries = log((d(5, 3), "hoan-thanh"), (d(8, 6), "hoan-thanh"), (d(20, 9), "hoan-thanh"))
    assert occurrences(QUARTERLY, entries, d(1, 10)) == [
        (d(10, 3), O.DONE_ON_TIME, d(5, 3)), (d(10, 6), O.DONE_ON_TIME, d(8, 6)),
        (d(10, 9), O.DONE_LATE, d(20, 9)), (d(10, 12), O.NOT_DUE, None)]
    # Some met, the last not due yet: under way.
    assert status(QUARTERLY, entries, d(1, 10)) is TaskStatus.IN_PROGRESS
    entries.append(Entry(9, d(1, 12), "hoan-thanh"))
    assert status(QUARTERLY, entries, d(14, 12)) is TaskStatus.DONE_LATE  # one was late
    assert task_status(QUARTERLY, entries, d(14, 12)).completed_on == d(1, 12)


def test_all_met_on_time_is_done_on_time():
    entries = log(*[(d(1, m), "hoan-thanh") for m in (3, 6, 9, 12)])
    assert status(QUARTERLY, entries, d(14, 12)) is TaskStatus.DONE_ON_TIME


def test_a_missed_quarter_stays_missed_when_the_next_is_met():
    entries = log((d(5, 3), "hoan-thanh"), (d(1, 6), "hoan-thanh", d(10, 6)))
    assert occurrences(QUARTERLY, entries, d(1, 7))[:2] == [
        (d(10, 3), O.DONE_ON_TIME, d(5, 3)), (d(10, 6), O.DONE_ON_TIME, d(1, 6))]
    # Without naming it, the June work would have gone to March, late:
    late = log((d(20, 3), "hoan-thanh"))
    assert occurrences(QUARTERLY, late, d(1, 4))[0] == (d(10, 3), O.DONE_LATE, d(20, 3))
    # Naming June leaves March missed: the task is overdue.
    named = log((d(1, 6), "hoan-thanh", d(10, 6)))
    info = task_status(QUARTERLY, named, d(1, 7))
    assert info.status is TaskStatus.OVERDUE and [s.due for s in info.missed] == [d(10, 3)]


def test_done_early_for_the_next_period():
    entries = log((d(1, 3), "hoan-thanh"), (d(20, 3), "hoan-thanh"))
    assert occurrences(QUARTERLY, entries, d(1, 4))[:3] == [
        (d(10, 3), O.DONE_ON_TIME, d(1, 3)), (d(10, 6), O.DONE_ON_TIME, d(20, 3)), (d(10, 9), O.NOT_DUE, None)]
    assert status(QUARTERLY, entries, d(1, 7)) is TaskStatus.IN_PROGRESS


def test_in_progress_applies_to_the_open_occurrence():
    entries = log((d(5, 3), "hoan-thanh"), (d(15, 4), "dang-thuc-hien"))
    states = occurrences(QUARTERLY, entries, d(1, 5))
    assert states[1] == (d(10, 6), O.IN_PROGRESS, None) and states[2] == (d(10, 9), O.NOT_DUE, None)
    # "Chưa triển khai" later takes it back.
    entries.append(Entry(3, d(20, 4), "chua-trien-khai"))
    assert occurrences(QUARTERLY, entries, d(1, 5))[1] == (d(10, 6), O.NOT_DUE, None)


def test_editing_an_entry_date_or_deleting_it_recomputes():
    entries = log((d(5, 3), "hoan-thanh"), (d(8, 6), "hoan-thanh"))
    assert status(QUARTERLY, entries, d(1, 7)) is TaskStatus.IN_PROGRESS
    edited = [entries[0], Entry(2, d(18, 6), "hoan-thanh")]  # the June report sent late after all
    assert occurrences(QUARTERLY, edited, d(1, 7))[1] == (d(10, 6), O.DONE_LATE, d(18, 6))
    assert status(QUARTERLY, edited, d(1, 7)) is TaskStatus.IN_PROGRESS
    deleted = entries[1:]  # the March entry was a mistake: June's entry now meets March, late
    assert occurrences(QUARTERLY, deleted, d(1, 7))[:2] == [
        (d(10, 3), O.DONE_LATE, d(8, 6)), (d(10, 6), O.OVERDUE, None)]
    assert status(QUARTERLY, deleted, d(1, 7)) is TaskStatus.OVERDUE


def test_milestones_of_one_task_are_each_owed():
    # "Quý I" with "Ban hành Kế hoạch tháng 01/2023; Triển khai thực hiện trong năm 2023" (seed 004).
    due = task_due(["Quý I/2023", "Ban hành Kế hoạch tháng 01/2023; Triển khai thực hiện trong năm 2023"], 2023)
    assert due.dates == (d(31, 1), d(31, 3), d(31, 12))
    info = task_status(due, [], d(14, 12))
    assert info.status is TaskStatus.OVERDUE and [s.due for s in info.missed] == [d(31, 1), d(31, 3)]
    met = log((d(20, 1), "hoan-thanh"), (d(25, 3), "hoan-thanh"))
    assert status(due, met, d(14, 12)) is TaskStatus.IN_PROGRESS


# -- sub-rows ---------------------------------------------------------------------


SUB_ROWS = schedule_task([
    ScheduleRow(3, None, "Quý II/2023"),
    ScheduleRow(31, 3, "trước 31/3/2023", numbered=True),
    ScheduleRow(32, 3, "Quý II/2023", numbered=True),
], 2023)


def test_an_entry_on_a_sub_row_meets_that_sub_rows_occurrence():
    entries = [Entry(1, d(1, 6), "hoan-thanh", row_id=32)]
    states = occurrences(SUB_ROWS, entries, d(1, 7))
    assert states == [(d(31, 3), O.OVERDUE, None), (d(30, 6), O.DONE_ON_TIME, d(1, 6))]
    assert status(SUB_ROWS, entries, d(1, 7)) is TaskStatus.OVERDUE  # the task follows 3.1
    entries.append(Entry(2, d(2, 7), "hoan-thanh", row_id=31))
    assert status(SUB_ROWS, entries, d(3, 7)) is TaskStatus.DONE_LATE


def test_an_entry_on_the_task_meets_the_earliest_open_occurrence_of_any_sub_row():
    entries = [Entry(1, d(1, 3), "hoan-thanh", row_id=3)]
    assert occurrences(SUB_ROWS, entries, d(1, 4))[0] == (d(31, 3), O.DONE_ON_TIME, d(1, 3))


# -- period judgement -----------------------------------------------------------


def test_report_period_counts_only_its_own_recurring_occurrences():
    entries = log((d(1, 9), "hoan-thanh", d(10, 9)))
    # Quý III window 15/6–14/9: 10/09 met on time, the missed 10/03 and 10/06 belong to earlier reports.
    info = task_status(QUARTERLY, entries, d(14, 9), d(15, 6), window_end=d(14, 9))
    assert info.status is TaskStatus.OVERDUE
    assert info.period_status is TaskStatus.DONE_ON_TIME
    # 6-month window 15/12–14/6: 10/03 and 10/06 missed.
    assert task_status(QUARTERLY, [], d(14, 6), d(15, 12, 2022)).period_status is TaskStatus.OVERDUE


def test_milestones_count_in_every_period_until_met():
    due = task_due(["trước 30/01/2023"], 2023)
    assert task_status(due, [], d(14, 9), d(15, 6), window_end=d(14, 9)).period_status is TaskStatus.OVERDUE


def test_a_period_without_an_occurrence_of_a_recurring_task_is_judged_by_its_work():
    half_yearly = task_due(["06 tháng/cuộc"], 2023)  # 30/06, 31/12: none in quý I (15/12–14/3)
    assert task_status(half_yearly, [], d(14, 3), d(15, 12, 2022)).period_status is TaskStatus.NOT_STARTED
    worked = [Entry(1, d(1, 2), "dang-thuc-hien")]
    assert task_status(half_yearly, worked, d(14, 3), d(15, 12, 2022)).period_status is TaskStatus.IN_PROGRESS


# -- the open-task and due-soon rules ---------------------------------------------


def test_warning_levels_at_seven_three_and_one_days_before_each_occurrence():
    levels = [task_status(QUARTERLY, [], d(10, 6) - timedelta(days=n)).warning_days for n in (10, 7, 5, 3, 2, 1, 0)]
    assert levels == [None, 7, 7, 3, 3, 1, 1]
    # Once June is met, the warnings move to September.
    met = log((d(1, 6), "hoan-thanh", d(10, 6)))
    assert task_status(QUARTERLY, met, d(8, 6)).warning_days is None
    assert task_status(QUARTERLY, met, d(7, 9)).warning_days == 3


def test_open_means_neither_done_nor_cancelled():
    assert [s for s in TaskStatus if not is_open(s)] == [
        TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE, TaskStatus.CANCELLED]
    done = task_status(DUE_JUNE, [Entry(1, date(2025, 6, 1), "hoan-thanh")], date(2025, 6, 25))
    assert not done.due_within(7) and done.warning_days is None
    cancelled = task_status(DUE_JUNE, [Entry(1, date(2025, 6, 1), "khong-thuc-hien")], date(2025, 6, 25))
    assert not cancelled.due_within(7)
    assert task_status(DUE_JUNE, [], date(2025, 6, 25)).due_within(7)


# -- order never matters ----------------------------------------------------------

_ENTRY = st.tuples(
    st.integers(min_value=0, max_value=400),  # days after 1/12/2022
    st.sampled_from(["hoan-thanh", "hoan-thanh", "dang-thuc-hien", "chua-trien-khai", "khong-thuc-hien"]),
    st.one_of(st.none(), st.sampled_from([d(10, 3), d(10, 6), d(10, 9), d(10, 12), d(31, 3), d(30, 6)])),
    st.sampled_from([3, 31, 32, None]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ENTRY, max_size=10), st.randoms(use_true_random=False),
       st.integers(min_value=0, max_value=420), st.sampled_from([QUARTERLY, SUB_ROWS, DUE_JUNE]))
def test_status_never_depends_on_the_order_entries_were_added(items, random, as_of_days, due):
    start = d(1, 12, 2022)
    made = [(start + timedelta(days=n), status, named, row) for n, status, named, row in items]
    shuffled = list(made)
    random.shuffle(shuffled)
    as_of = start + timedelta(days=as_of_days)

    def judge(order):
        # Ids follow the order the entries were added in.
        entries = [Entry(i, when, status, named, row) for i, (when, status, named, row) in enumerate(order)]
        info = task_status(due, entries, as_of)
        return info.status, info.period_status, [(s.status, s.done_on) for s in info.occurrences], info.next_due

    assert judge(made) == judge(shuffled)
