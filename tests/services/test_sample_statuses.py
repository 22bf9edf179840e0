"""The shipped sample plan (seed 004, year 2023) as of 14/12/2023, with no
progress logged: every task's occurrences and status, as worked out by hand
from the rules (issue 17's closing note lists the same table)."""

from datetime import date

from app.core.status import OccurrenceStatus as O
from app.core.status import TaskStatus as S

MISSED, OPEN = O.OVERDUE, O.NOT_DUE


def d(day, month, year=2023):
    return date(year, month, day)


# (printed number or the task's first words, [(due, standing)], status)
EXPECTED = [
    ("1", [(d(31, 12, 2022), MISSED), (d(31, 12), OPEN)], S.OVERDUE),   # "Ban hành KH tháng 12/2022; … trong năm 2023"
    ("2", [(d(30, 1), MISSED), (d(5, 12), MISSED)], S.OVERDUE),         # 30/01, and its activity's report by 05/12
    ("3", [], S.RECURRING_IDLE),                                          # Thường xuyên, nothing done in the year window
    ("4", [(d(31, 12), OPEN)], S.NOT_STARTED),
    ("5", [(d(31, 3), MISSED)], S.OVERDUE),                              # "(chậm nhất 15 ngày …); báo cáo … trước 31/3/2023"
    ("6", [(d(31, 12), OPEN)], S.NOT_STARTED),
    ("7", [(d(31, 12), OPEN)], S.NOT_STARTED),
    ("8", [(d(31, 12), OPEN)], S.NOT_STARTED),                           # Quý IV/2023
    ("9", [], S.RECURRING_IDLE),
    ("12", [], S.RECURRING_IDLE),
    ("13", [(d(31, 12), OPEN)], S.NOT_STARTED),                          # Năm 2023
    ("14", [(d(31, 12), OPEN)], S.NOT_STARTED),
    ("15", [], S.RECURRING_IDLE),
    ("16", [], S.RECURRING_IDLE),
    ("17", [], S.RECURRING_IDLE),
    ("18", [(d(31, 12), OPEN)], S.NOT_STARTED),                          # no timeframe: the year's end assumed
    ("19", [(d(31, 12), OPEN)], S.NOT_STARTED),
    ("20", [(d(31, 12), OPEN)], S.NOT_STARTED),
    ("21", [(d(31, 12), OPEN)], S.NOT_STARTED),
    ("22", [(d(31, 12), OPEN)], S.NOT_STARTED),
    ("23", [(d(31, 12), OPEN)], S.NOT_STARTED),
    ("24", [(d(31, 12), OPEN)], S.NOT_STARTED),
    ("25", [(d(31, 12), OPEN)], S.NOT_STARTED),
    ("26", [(d(30, 9), MISSED)], S.OVERDUE),                             # Quý III/2023; its activity "Thường xuyên"
    ("2.45. Tăng cường", [(d(31, 1), MISSED), (d(31, 3), MISSED), (d(31, 12), OPEN)], S.OVERDUE),
    ("Xây dựng sáng kiến", [(d(31, 12), OPEN)], S.NOT_STARTED),          # Quý III,IV/2023
    ("Nâng cao Chỉ số", [(d(31, 3), MISSED)], S.OVERDUE),                # Quý I/2023
    ("28", [(d(31, 12), OPEN)], S.NOT_STARTED),
    ("29", [(d(30, 6), MISSED), (d(31, 12), OPEN)], S.OVERDUE),          # 06 tháng/cuộc: half-yearly
    ("30", [(d(31, 12), OPEN)], S.NOT_STARTED),                          # Quý II-IV/2023
]


def test_sample_plan_statuses_as_of_14_december_2023(services):
    plan_id = services.imports.import_sample().plan_id
    tracking = services.tracking.track(plan_id, d(14, 12))
    seen = []
    for task, (key, _occurrences, _status) in zip(tracking.tasks.values(), EXPECTED):
        label = task.number or task.row.task[:len(key)]
        seen.append((label, [(s.due, s.status) for s in task.status.occurrences], task.status.status))
    assert seen == EXPECTED
    assert len(tracking.tasks) == len(EXPECTED) == 30
    # The year report counts the same: 7 overdue, 17 not started, 6 continuous not carried out.
    figures = services.reports.period_data(plan_id, d(14, 12)).figures.total
    assert (figures[S.OVERDUE], figures[S.NOT_STARTED], figures[S.RECURRING_IDLE], figures.total) == (7, 17, 6, 30)
