"""Row numbers as the appendix prints them."""

from app.core.model import RowKind
from app.core.numbering import NumberingItem, from_roman, number_rows, to_roman

A, T, ACT, SUB = RowKind.AREA, RowKind.TASK, RowKind.ACTIVITY, RowKind.SUBTASK


def test_roman_numerals_both_ways():
    assert [to_roman(n) for n in (1, 4, 7, 9, 14, 40)] == ["I", "IV", "VII", "IX", "XIV", "XL"]
    assert from_roman("VII") == 7 and from_roman("iv") == 4 and from_roman("II.") == 2
    assert from_roman("CẢI") is None and from_roman("") is None


def test_tasks_are_numbered_continuously_across_areas_and_subrows_under_their_task():
    items = [
        NumberingItem(1, A, None, None), NumberingItem(2, T, 1, None), NumberingItem(3, ACT, 2, None),
        NumberingItem(4, T, 1, None), NumberingItem(5, A, None, None), NumberingItem(6, T, 5, None),
        NumberingItem(7, SUB, 6, None), NumberingItem(8, SUB, 6, None),
    ]
    assert number_rows(items) == {1: "I", 2: "1", 3: "", 4: "2", 5: "II", 6: "3", 7: "3.1", 8: "3.2"}


def test_an_override_keeps_the_printed_number_and_counting_continues_from_it():
    items = [
        NumberingItem(1, T, None, None), NumberingItem(2, T, None, "12"), NumberingItem(3, T, None, None),
        NumberingItem(4, T, None, ""), NumberingItem(5, T, None, None),
    ]
    assert number_rows(items) == {1: "1", 2: "12", 3: "13", 4: "", 5: "14"}
