"""Report periods and their data windows (Nghị định 09/2019)."""

from datetime import date

import pytest

from app.core.periods import (
    Period, WindowRule, data_window, next_period, parse_period, period_for, period_title, plan_period,
    quarter_window,
)


@pytest.mark.parametrize("period, start, end", [
    (Period.Q1, date(2022, 12, 15), date(2023, 3, 14)),
    (Period.H1, date(2022, 12, 15), date(2023, 6, 14)),
    (Period.Q3, date(2023, 6, 15), date(2023, 9, 14)),
    (Period.YEAR, date(2022, 12, 15), date(2023, 12, 14)),
])
def test_data_windows_follow_the_decree(period, start, end):
    assert data_window(period, 2023) == (start, end)


def test_window_days_are_configurable():
    assert data_window(Period.Q1, 2023, WindowRule(20, 19)) == (date(2022, 12, 20), date(2023, 3, 19))


def test_quarter_windows_tile_the_year():
    assert quarter_window(date(2023, 3, 14)) == (date(2022, 12, 15), date(2023, 3, 14))
    assert quarter_window(date(2023, 3, 15)) == (date(2023, 3, 15), date(2023, 6, 14))
    assert quarter_window(date(2023, 12, 20)) == (date(2023, 12, 15), date(2024, 3, 14))


def test_period_for_a_date_and_the_next_period():
    assert period_for(date(2023, 2, 1)) == (Period.Q1, 2023)
    assert period_for(date(2023, 12, 20)) == (Period.Q1, 2024)
    assert next_period(Period.YEAR, 2023) == (Period.Q1, 2024)


@pytest.mark.parametrize("as_of, plan_year, expected", [
    (date(2026, 5, 2), 2026, (Period.H1, 2026)),      # during the plan's year: the period holding the day
    (date(2026, 12, 20), 2026, (Period.YEAR, 2026)),  # past its year's window: the year report
    (date(2028, 3, 1), 2026, (Period.YEAR, 2026)),
    (date(2026, 12, 1), 2027, (Period.Q1, 2027)),     # copied to next year in December: its first report,
    (date(2026, 12, 20), 2027, (Period.Q1, 2027)),    # not last year's figures
    (date(2020, 6, 1), 2027, (Period.Q1, 2027)),
])
def test_the_period_a_plan_is_seen_in(as_of, plan_year, expected):
    assert plan_period(as_of, plan_year) == expected


def test_period_names():
    assert parse_period("q1") is Period.Q1 and parse_period("9thang") is Period.Q3
    assert period_title(Period.H1, 2023) == "6 tháng đầu năm 2023"
    with pytest.raises(ValueError):
        parse_period("q2")
