"""The deadline reader gives the dates a careful officer would read."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.deadlines import Recurrence, read_deadline

Y = 2023
QUARTER_ENDS = (date(Y, 3, 31), date(Y, 6, 30), date(Y, 9, 30), date(Y, 12, 31))

# Every phrase listed in ../shared/seeds/README.md, with the plan's year 2023.
SEED_PHRASES = [
    ("Thường xuyên", (), None, True),
    ("Quý II/2023", (date(Y, 6, 30),), None, False),
    ("Quý II-IV/2023", (date(Y, 12, 31),), None, False),
    ("Quý III,IV/2023", (date(Y, 12, 31),), None, False),
    ("Định kỳ hàng quý", QUARTER_ENDS, Recurrence("quarterly"), False),
    ("Năm 2023", (date(Y, 12, 31),), None, False),
    ("Trong năm 2023", (date(Y, 12, 31),), None, False),
    ("Trong năm", (date(Y, 12, 31),), None, False),
    ("06 tháng/cuộc", (date(Y, 6, 30), date(Y, 12, 31)), Recurrence("half-yearly"), False),
    ("Ban hành kế hoạch trước 30/01/2023", (date(Y, 1, 30),), None, False),
    ("Ban hành Kế hoạch tháng 12/2022; Triển khai thực hiện trong năm 2023",
     (date(2022, 12, 31), date(Y, 12, 31)), None, False),
    ("UBND phường ban hành báo cáo UBND TP trước 05/12/2023", (date(Y, 12, 5),), None, False),
    ("Định kỳ trước ngày 10 của tháng cuối quý",
     (date(Y, 3, 10), date(Y, 6, 10), date(Y, 9, 10), date(Y, 12, 10)), Recurrence("quarterly", 10), False),
    ("(chậm nhất 15 ngày kể từ ngày UBND tỉnh ban hành kế hoạch); "
     "báo cáo kết quả thực hiện trước 31/3/2023", (date(Y, 3, 31),), None, False),
]


@pytest.mark.parametrize("phrase, dates, recurrence, continuous", SEED_PHRASES)
def test_every_seed_phrase_reads_to_the_expected_dates(phrase, dates, recurrence, continuous):
    reading = read_deadline(phrase, Y)
    assert reading.dates == dates
    assert reading.recurrence == recurrence
    assert reading.continuous is continuous


def test_relative_deadline_is_reported_as_unread_not_dropped():
    reading = read_deadline(
        "Ban hành Kế hoạch rà soát (<i>chậm nhất 15 ngày kể từ ngày UBND tỉnh ban hành kế hoạch</i>); "
        "báo cáo kết quả thực hiện trước 31/3/2023", Y)
    assert reading.dates == (date(Y, 3, 31),)
    assert reading.unread == "Ban hành Kế hoạch rà soát (chậm nhất 15 ngày kể từ ngày UBND tỉnh ban hành kế hoạch)"


def test_understood_phrases_leave_nothing_unread():
    for phrase, *_ in SEED_PHRASES[:-1]:
        assert read_deadline(phrase, Y).unread == "", phrase


def test_phrase_without_year_takes_the_plan_year():
    assert read_deadline("Quý I", 2025).dates == (date(2025, 3, 31),)
    assert read_deadline("trước 15/3", 2025).dates == (date(2025, 3, 15),)
    assert read_deadline("Tháng 6", 2025).dates == (date(2025, 6, 30),)


def test_text_typed_without_diacritics_reads_the_same():
    assert read_deadline("quy II/2023", Y).dates == (date(Y, 6, 30),)
    assert read_deadline("thuong xuyen", Y).continuous
    assert read_deadline("dinh ky hang quy", Y).recurrence == Recurrence("quarterly")


def test_more_phrases_officers_write():
    assert read_deadline("6 tháng đầu năm 2024", Y).dates == (date(2024, 6, 30),)
    assert read_deadline("ngày 15 tháng 3 năm 2023", Y).dates == (date(Y, 3, 15),)
    assert read_deadline("trước ngày 20 hằng tháng", Y).recurrence == Recurrence("monthly", 20)
    assert read_deadline("Quý I năm 2024", Y).dates == (date(2024, 3, 31),)
    assert read_deadline("Hàng năm", Y).dates == (date(Y, 12, 31),)


def test_words_that_merely_contain_a_keyword_are_not_deadlines():
    reading = read_deadline("Theo mức chi quy định hiện hành", Y)
    assert reading.dates == () and reading.recurrence is None
    assert reading.unread == "Theo mức chi quy định hiện hành"


def test_impossible_date_is_unread_not_guessed():
    reading = read_deadline("trước 31/02/2023", Y)
    assert reading.dates == ()
    assert reading.unread == "trước 31/02/2023"


def test_recurrence_with_a_stated_year_uses_it_as_context():
    reading = read_deadline("Định kỳ hàng quý năm 2024", Y)
    assert reading.dates == tuple(d.replace(year=2024) for d in QUARTER_ENDS)
    assert reading.fixed_dates == ()


def test_blank_phrase_means_nothing():
    reading = read_deadline("", Y)
    assert reading.dates == () and not reading.continuous and reading.unread == ""


_ALPHABET = st.sampled_from(list("0123456789/-.,;() ơưđĐâêôăáàảãạQqIiVvXx\n\t<>") + [
    "Quý ", "quý ", "tháng ", "năm ", "ngày ", "trước ", "Thường xuyên", "Định kỳ ", "hàng ", "06 tháng/cuộc",
    "của tháng cuối quý", "<i>", "</i>", "<br>", "kể từ ", "2023", "2200", "9999", "0000", "31/02",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join), st.integers(min_value=-5, max_value=10000))
def test_reader_never_raises_on_any_input(text, year):
    reading = read_deadline(text, year, strict=True)
    assert list(reading.dates) == sorted(set(reading.dates))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.integers(min_value=1900, max_value=2200))
def test_reader_never_raises_on_arbitrary_unicode(text, year):
    read_deadline(text, year, strict=True)
