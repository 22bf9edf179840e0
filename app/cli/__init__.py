"""The command line: the same services as the window, for scripts and support.

Exit codes are part of the public interface: 0 success, 2 a user error (one
Vietnamese line on stderr), 1 an unexpected failure (details in the log).

Each command group lives in its own module (``plans``, ``edit``, ``rows``,
``documents``, ``province``, ``data``, ``assessment``, ``unit``) with a ``register(sub, common)`` that adds its sub-parsers and
returns its handlers; a handler takes the parsed arguments and the output
stream and returns the exit code.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any, Callable, Sequence

from app import __version__
from app.cli import assessment, data, documents, edit, plans, province, rows, unit
from app.cli.common import EXIT_FAILURE, EXIT_OK, EXIT_USER_ERROR
from app.cli.parser import CliUsageError, Parser, path_arg, record_id, screen_size
from app.core.errors import UserError

__all__ = ["run", "build_parser", "CliUsageError", "EXIT_OK", "EXIT_FAILURE", "EXIT_USER_ERROR"]

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace, Any], int]

# Help lists the commands in this order.
_GROUPS = (plans, edit, rows, documents, province, data, assessment, unit)


def build_parser() -> tuple[Parser, dict[str, Handler]]:
    """The parser and, by command name, the function that runs it."""
    # --db is accepted before or after the command; after it, it must not
    # reset a value given before (hence SUPPRESS).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="TỆP", type=path_arg, default=argparse.SUPPRESS,
                        help="tệp dữ liệu, hoặc máy chủ: postgresql://người-dùng@máy-chủ/cơ-sở-dữ-liệu")
    parser = Parser(prog="cchc", description="Sổ kế hoạch CCHC — kế hoạch, phụ lục, tiến độ, báo cáo cải cách hành chính.")
    parser.add_argument("--db", metavar="TỆP", type=path_arg, default=None,
                        help="tệp dữ liệu (mặc định: trong thư mục dữ liệu của người dùng), hoặc máy chủ PostgreSQL "
                             "dùng chung: postgresql://người-dùng@máy-chủ/cơ-sở-dữ-liệu (cũng đặt được bằng biến "
                             "môi trường CCHC_DATABASE_URL)")
    parser.add_argument("--version", action="version", version=f"Sổ kế hoạch CCHC {__version__}", help="phiên bản chương trình")
    parser.add_argument("--screenshot", metavar="ẢNH.png", type=path_arg, help="vẽ cửa sổ ra ảnh PNG rồi thoát (không cần màn hình)")
    parser.add_argument("--tab", choices=("overview", "plan", "matrix", "log"), default=None, help="thẻ cần chụp")
    parser.add_argument("--plan", type=record_id, metavar="SỐ", help="kế hoạch mở khi chụp ảnh")
    parser.add_argument("--size", type=screen_size, default="1366x768", metavar="RỘNGxCAO", help="kích thước ảnh chụp (mặc định 1366x768)")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=Parser)
    handlers: dict[str, Handler] = {}
    for group in _GROUPS:
        handlers.update(group.register(sub, common))
    return parser, handlers


def run(argv: Sequence[str] | None = None, out=None, err=None) -> int:
    """Run a command; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        parser, handlers = build_parser()
        args = parser.parse_args(list(argv) if argv is not None else None)
        if args.command is None:
            return _run_gui(args)
        return handlers[args.command](args, out)
    except UserError as error:
        print(f"Lỗi: {error}", file=err)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        # The reader went away (``cchc show 1 --json | head``): not an error.
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        print("Đã dừng.", file=err)
        return EXIT_FAILURE
    except Exception:
        from app.logging_setup import log_file_path

        log.exception("unexpected error in command %s", argv)
        print(f"Lỗi không mong muốn; chi tiết đã ghi vào {log_file_path()}.", file=err)
        return EXIT_FAILURE


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run_gui(args) -> int:
    from app.ui.app import run_gui

    return run_gui(db_path=args.db, screenshot=args.screenshot, tab=args.tab, plan_id=args.plan, size=args.size)
