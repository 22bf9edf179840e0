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
        raise CliUsageError(f"{message} (xem «{self.prog} --help»).")


def date_arg(text: str) -> date:
    """A date typed as 2025-03-10 or 10/03/2025."""
    from app.core.dates import parse_user_date

    try:
        return parse_user_date(text)
    except InvalidInputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
