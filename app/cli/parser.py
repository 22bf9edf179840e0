"""argparse in Vietnamese: messages, the usage prefix, and date arguments.

Errors are raised (``CliUsageError``) instead of exiting, so ``run`` turns
them into exit code 2 and one line on stderr like every other user error.
"""

from __future__ import annotations

import argparse
from datetime import date

from app.core.errors import InvalidInputError, UserError


class CliUsageError(UserError):
    """Bad command-line arguments."""


_ARGPARSE_MESSAGES = (
    ("the following arguments are required: ", "Thiếu tham số: "),
    ("unrecognized arguments: ", "Tham số không hợp lệ: "),
    ("invalid choice: ", "giá trị không hợp lệ: "),
    ("choose from ", "chọn một trong "),
    ("invalid int value: ", "phải là một số, nhận được "),
    ("expected one argument", "cần một giá trị"),
    ("one of the arguments ", "cần một trong các tham số "),
    (" is required", ""),
    ("not allowed with argument ", "không dùng cùng với "),  # before "argument ", which it contains
    ("argument ", "tham số "),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with Vietnamese messages, and errors raised instead of exiting."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")

    def error(self, message: str):
        for english, vietnamese in _ARGPARSE_MESSAGES:
            message = message.replace(english, vietnamese)
        raise CliUsageError(f"{message.rstrip('.')} (xem «{self.prog} --help»).")


# Dates a plan, a log entry or a report can be about; far beyond them the
# calendar arithmetic of deadlines and periods leaves Python's date range.
MIN_DATE_YEAR, MAX_DATE_YEAR = 1900, 2200
MAX_RECORD_ID = 2**63 - 1   # SQLite's largest integer
MAX_SCREENSHOT_PX = 8000


def date_arg(text: str) -> date:
    """A date typed as 2025-03-10 or 10/03/2025, within 1900–2200."""
    from app.core.dates import parse_user_date

    try:
        value = parse_user_date(text)
    except InvalidInputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if not MIN_DATE_YEAR <= value.year <= MAX_DATE_YEAR:
        raise argparse.ArgumentTypeError(
            f"Ngày «{text}» nằm ngoài khoảng chương trình dùng (năm {MIN_DATE_YEAR}–{MAX_DATE_YEAR}).")
    return value


def record_id(text: str) -> int:
    """The number of a plan or a report: a whole number from 1 (SQLite's range)."""
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"phải là một số, nhận được «{text}»") from None
    if not 1 <= value <= MAX_RECORD_ID:
        raise argparse.ArgumentTypeError(f"số «{text}» không hợp lệ (phải từ 1 đến {MAX_RECORD_ID})")
    return value



def year_arg(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"phải là một số, nhận được «{text}»") from None
    if not MIN_DATE_YEAR <= value <= MAX_DATE_YEAR:
        raise argparse.ArgumentTypeError(f"năm «{text}» không hợp lệ (từ {MIN_DATE_YEAR} đến {MAX_DATE_YEAR})")
    return value

def path_arg(text: str) -> str:
    """A file name that the system can take: not empty, no name over 255 bytes."""
    from app.disk import name_problem

    problem = name_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


def screen_size(text: str) -> str:
    """"1366x768", each side from 200 to 8000 pixels (a bigger picture would
    take gigabytes of memory)."""
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"kích thước không hợp lệ: «{text}» (ví dụ 1366x768)") from None
    if not (200 <= width <= MAX_SCREENSHOT_PX and 200 <= height <= MAX_SCREENSHOT_PX):
        raise argparse.ArgumentTypeError(
            f"kích thước «{text}» không hợp lệ (mỗi chiều từ 200 đến {MAX_SCREENSHOT_PX} điểm ảnh)")
    return f"{width}x{height}"
