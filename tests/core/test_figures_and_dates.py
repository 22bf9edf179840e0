"""Report figures and document dates."""

from datetime import date

import pytest

from app.core.dates import document_number, parse_user_date, place_and_date
from app.core.errors import InvalidInputError
from app.core.figures import TaskForFigures, compute_figures, format_percent
from app.core.status import TaskStatus as S


def test_figures_count_per_area_and_in_total_with_percentages():
    tasks = [
        TaskForFigures(1, "I", "CẢI CÁCH THỂ CHẾ", S.DONE_ON_TIME),
        TaskForFigures(1, "I", "CẢI CÁCH THỂ CHẾ", S.OVERDUE),
        TaskForFigures(2, "II", "CẢI CÁCH TTHC", S.DONE_LATE),
    ]
    figures = compute_figures(tasks, [(1, "I", "CẢI CÁCH THỂ CHẾ"), (2, "II", "CẢI CÁCH TTHC"), (3, "III", "TRỐNG")])
    assert [a.label for a in figures.areas] == ["I", "II", "III"]
    assert figures.areas[0].counts.total == 2 and figures.areas[0].counts.percent_done == 50.0
    assert figures.areas[2].counts.total == 0 and figures.areas[2].counts.percent_done == 0.0
    assert figures.total.done == 2 and figures.total.percent_done == 66.7
    assert format_percent(66.7) == "66,7%" and format_percent(100.0) == "100%"


def test_place_and_date_follow_the_zero_padding_rule():
    assert place_and_date("Sông Cầu", 5, 3, 2023) == "Sông Cầu, ngày 05 tháng 3 năm 2023"
    assert place_and_date("Hà Nội", 5, 1, 2020) == "Hà Nội, ngày 05 tháng 01 năm 2020"
    assert place_and_date("Thành phố Hồ Chí Minh", 29, 6, 2019) == "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019"


def test_blank_number_and_date_print_as_blanks_for_drafts():
    assert place_and_date("Dương Kinh", None, None, 2023).startswith("Dương Kinh, ngày ")
    assert place_and_date("Dương Kinh", None, None, 2023).endswith(" năm 2023")
    assert document_number("", "KH-UBND") == "Số:      /KH-UBND"
    assert document_number("1", "KH-UBND") == "Số: 01/KH-UBND"
    assert document_number("26", "KH-UBND") == "Số: 26/KH-UBND"


def test_user_dates_in_both_forms_and_refusals():
    assert parse_user_date("2025-03-10") == parse_user_date("10/03/2025") == date(2025, 3, 10)
    for bad in ("2025-13-10", "31/02/2025", "hôm qua", ""):
        with pytest.raises(InvalidInputError):
            parse_user_date(bad)


def test_one_date_formatter_and_one_slug():
    from datetime import datetime

    from app.core.dates import short_date, short_date_time
    from app.core.text import ascii_slug

    assert short_date(date(2023, 3, 5)) == "05/03/2023" and short_date(None) == ""
    assert short_date_time(datetime(2025, 1, 9, 7, 5, 3)) == "09/01/2025 07:05"
    assert short_date_time(datetime(2025, 1, 9, 7, 5, 3), seconds=True) == "09/01/2025 07:05:03"
    assert ascii_slug("Báo cáo quý I — phường Đông Hải, 2025") == "Bao-cao-quy-I-phuong-Dong-Hai-2025"
    assert ascii_slug("«»/\\:*?") == "" and len(ascii_slug("Kế hoạch " * 30)) <= 80
