"""The command line: the same services as the window, for scripts and support.

Exit codes are part of the public interface: 0 success, 2 a user error (one
Vietnamese line on stderr), 1 an unexpected failure (details in the log).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable, Sequence

from app import __version__
from app.core.errors import InvalidInputError, UserError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILURE, EXIT_USER_ERROR = 0, 1, 2


class CliUsageError(UserError):
    """Bad command-line arguments."""


_ARGPARSE_MESSAGES = (
    ("the following arguments are required: ", "Thiếu tham số: "),
    ("unrecognized arguments: ", "Tham số không hợp lệ: "),
    ("invalid choice: ", "giá trị không hợp lệ: "),
    ("choose from ", "chọn một trong "),
    ("invalid int value: ", "phải là một số, nhận được "),
    ("expected one argument", "cần một giá trị"),
    ("argument ", "tham số "),
    ("not allowed with argument ", "không dùng cùng với "),
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


def _date_arg(text: str) -> date:
    from app.core.dates import parse_user_date

    try:
        return parse_user_date(text)
    except InvalidInputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> Parser:
    # --db is accepted before or after the command; after it, it must not
    # reset a value given before (hence SUPPRESS).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="TỆP", default=argparse.SUPPRESS, help="tệp dữ liệu")
    parser = Parser(prog="cchc", description="Sổ kế hoạch CCHC — kế hoạch, phụ lục, tiến độ, báo cáo cải cách hành chính.")
    parser.add_argument("--db", metavar="TỆP", default=None, help="tệp dữ liệu (mặc định: trong thư mục dữ liệu của người dùng)")
    parser.add_argument("--version", action="version", version=f"Sổ kế hoạch CCHC {__version__}", help="phiên bản chương trình")
    parser.add_argument("--screenshot", metavar="ẢNH.png", help="vẽ cửa sổ ra ảnh PNG rồi thoát (không cần màn hình)")
    parser.add_argument("--tab", choices=("overview", "plan", "matrix", "log"), default=None, help="thẻ cần chụp")
    parser.add_argument("--plan", type=int, metavar="SỐ", help="kế hoạch mở khi chụp ảnh")
    parser.add_argument("--size", default="1366x768", metavar="RỘNGxCAO", help="kích thước ảnh chụp (mặc định 1366x768)")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=Parser)

    p = sub.add_parser("new", parents=[common], help="tạo kế hoạch mới từ mẫu, in ra số của kế hoạch")
    p.add_argument("--kind", required=True, choices=("cchc", "tuyen-truyen"), help="loại kế hoạch")
    p.add_argument("--year", required=True, type=int, help="năm kế hoạch")
    p.add_argument("--layout", help="mẫu cột phụ lục (cchc-004, tuyen-truyen-002, tuyen-truyen-000, phan-cong)")
    p.add_argument("--no-areas", action="store_true", help="không tạo sẵn các lĩnh vực")

    sub.add_parser("sample", parents=[common],
                   help="thêm kế hoạch mẫu (phường Sông Cầu, năm 2023) để xem thử, in ra số của kế hoạch")

    p = sub.add_parser("list", parents=[common], help="liệt kê các kế hoạch")
    p.add_argument("--json", action="store_true", help="in dạng JSON")

    p = sub.add_parser("show", parents=[common], help="in toàn bộ kế hoạch: trường văn bản, các dòng, hạn, tình trạng")
    p.add_argument("plan_id", type=int, metavar="KẾ_HOẠCH")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.add_argument("--as-of", type=_date_arg, metavar="NGÀY", help="tính tình trạng tại ngày này (mặc định: hôm nay)")

    p = sub.add_parser("add-row", parents=[common], help="thêm nhiệm vụ (hoặc hoạt động) vào phụ lục, in ra số thứ tự")
    p.add_argument("plan_id", type=int, metavar="KẾ_HOẠCH")
    p.add_argument("--area", help="lĩnh vực: số La Mã (II) hoặc tên")
    p.add_argument("--under", metavar="SỐ", help="thêm hoạt động/nhiệm vụ con dưới nhiệm vụ số này")
    p.add_argument("--kind", choices=("task", "activity", "subtask"), default=None, help="loại dòng (mặc định: nhiệm vụ; hoạt động khi có --under)")
    for name, label in (
        ("objective", "mục tiêu"), ("task", "nhiệm vụ / nội dung"), ("activity", "hoạt động"),
        ("form", "hình thức"), ("output", "kết quả / sản phẩm"), ("lead", "cơ quan chủ trì"),
        ("support", "cơ quan phối hợp"), ("timeframe", "thời gian thực hiện"),
        ("budget", "dự kiến kinh phí"), ("note", "ghi chú"),
    ):
        p.add_argument(f"--{name}", default=None, help=label)

    p = sub.add_parser("log", parents=[common], help="ghi tiến độ cho nhiệm vụ")
    p.add_argument("plan_id", type=int, metavar="KẾ_HOẠCH")
    p.add_argument("row_number", metavar="SỐ_DÒNG", help="số thứ tự nhiệm vụ như in trong phụ lục")
    p.add_argument("--date", required=True, type=_date_arg, metavar="NGÀY", help="ngày (2025-03-10 hoặc 10/03/2025)")
    p.add_argument("--status", required=True, help="hoan-thanh, dang-thuc-hien, chua-trien-khai, khong-thuc-hien")
    p.add_argument("--percent", type=int, help="tỷ lệ hoàn thành 0–100")
    p.add_argument("--result", default="", help="kết quả đã làm")
    p.add_argument("--evidence", default="", help="văn bản chứng minh (số văn bản)")
    p.add_argument("--reason", default="", help="lý do (khi không thực hiện hoặc chậm)")
    p.add_argument("--attach", action="append", default=[], metavar="TỆP", help="đính kèm tệp (có thể lặp lại)")

    p = sub.add_parser("export-xlsx", parents=[common], help="xuất phụ lục ra Excel (.xlsx) để in")
    p.add_argument("plan_id", type=int, metavar="KẾ_HOẠCH")
    p.add_argument("output", metavar="TỆP.xlsx")
    p.add_argument("--columns", help="các cột cần xuất, cách nhau bởi dấu phẩy (number,task,lead,…)")
    p.add_argument("--progress-sheet", action="store_true", help="thêm trang \"Tiến độ\"")
    p.add_argument("--as-of", type=_date_arg, metavar="NGÀY", help="ngày tính tiến độ (mặc định: hôm nay)")

    p = sub.add_parser("export-pdf", parents=[common], help="xuất kế hoạch (văn bản và phụ lục) ra PDF")
    p.add_argument("plan_id", type=int, metavar="KẾ_HOẠCH")
    p.add_argument("output", metavar="TỆP.pdf")
    part = p.add_mutually_exclusive_group()
    part.add_argument("--appendix-only", action="store_true", help="chỉ in phụ lục")
    part.add_argument("--document-only", action="store_true", help="chỉ in văn bản kế hoạch")

    p = sub.add_parser("report", parents=[common], help="lập (hoặc lập lại) báo cáo định kỳ và xuất PDF")
    p.add_argument("plan_id", type=int, metavar="KẾ_HOẠCH")
    p.add_argument("output", metavar="TỆP.pdf")
    p.add_argument("--period", required=True, help="kỳ báo cáo: q1, h1, q3, year")
    p.add_argument("--year", type=int, help="năm báo cáo (mặc định: năm của kế hoạch)")
    p.add_argument("--as-of", type=_date_arg, metavar="NGÀY", help="tính số liệu đến ngày này (mặc định: ngày chốt của kỳ)")

    p = sub.add_parser("mail", parents=[common], help="soạn thư gửi cấp trên (.eml, mở bằng Outlook/Thunderbird)")
    p.add_argument("plan_id", type=int, metavar="KẾ_HOẠCH")
    p.add_argument("--report", type=int, metavar="SỐ", help="gửi kèm báo cáo đã lập (số của báo cáo)")
    p.add_argument("--to", action="append", required=True, metavar="ĐỊA_CHỈ", help="người nhận (có thể lặp lại)")
    p.add_argument("--out", required=True, metavar="TỆP.eml", help="nơi ghi thư nháp")
    p.add_argument("--include", default=None,
                   help="tệp gửi kèm, cách nhau bởi dấu phẩy: xlsx, plan-pdf, report-pdf "
                        "(mặc định: xlsx,plan-pdf; thêm report-pdf khi có --report)")
    p.add_argument("--subject", help="tiêu đề (mặc định: soạn sẵn)")
    p.add_argument("--vietnamese-names", action="store_true", help="giữ dấu tiếng Việt trong tên tệp")

    p = sub.add_parser("backup", parents=[common], help="sao lưu tệp dữ liệu ra một tệp")
    p.add_argument("output", metavar="TỆP", help="tệp sao lưu sẽ ghi")

    p = sub.add_parser("restore", parents=[common], help="khôi phục dữ liệu từ một bản sao lưu")
    p.add_argument("file", metavar="TỆP", help="bản sao lưu")

    p = sub.add_parser("import", parents=[common], help="nhập phụ lục từ Excel (.xlsx), Word (.docx) hoặc văn bản (.txt)")
    p.add_argument("file", metavar="TỆP")
    target = p.add_mutually_exclusive_group()
    target.add_argument("--plan", type=int, metavar="SỐ", help="nhập vào kế hoạch đã có (theo lĩnh vực cùng tên)")
    target.add_argument("--year", type=int, help="tạo kế hoạch mới cho năm này")
    p.add_argument("--kind", choices=("cchc", "tuyen-truyen"), help="loại kế hoạch mới (mặc định: đoán từ tệp)")
    p.add_argument("--document-only", action="store_true", help="chỉ lấy các trường văn bản (số, ngày, trích yếu…)")
    p.add_argument("--dry-run", action="store_true", help="chỉ đọc và in ra những gì tìm thấy, không ghi gì")

    return parser


# ---------------------------------------------------------------------------


def run(argv: Sequence[str] | None = None, out=None, err=None) -> int:
    """Run a command; returns the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = build_parser().parse_args(list(argv) if argv is not None else None)
        if args.command is None:
            return _run_gui(args)
        return COMMANDS[args.command](args, out)
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


def _open(args):
    from app.services import Services

    return Services.open(Path(args.db) if args.db else None)


def _cmd_new(args, out) -> int:
    services = _open(args)
    try:
        plan_id = services.plans.create(args.kind, args.year, args.layout, with_areas=not args.no_areas)
    finally:
        services.close()
    print(plan_id, file=out)
    return EXIT_OK


def _cmd_sample(args, out) -> int:
    services = _open(args)
    try:
        plan_id = services.imports.import_sample().plan_id
    finally:
        services.close()
    print(plan_id, file=out)
    return EXIT_OK


def _cmd_list(args, out) -> int:
    services = _open(args)
    try:
        plans = services.plans.list()
    finally:
        services.close()
    if args.json:
        json.dump([_summary_json(p) for p in plans], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for p in plans:
            sample = " (mẫu)" if p.is_sample else ""
            print(f"{p.id}\t{p.year}\t{services.plans.kind_label(p.kind)}\t{p.task_count} nhiệm vụ\t{p.title}{sample}", file=out)
    return EXIT_OK


def _cmd_show(args, out) -> int:
    from app.io.plan_json import plan_to_json

    services = _open(args)
    try:
        plan = services.plans.get(args.plan_id)
        tracking = services.tracking.track(args.plan_id, args.as_of)
        entries = services.progress.list(args.plan_id)
    finally:
        services.close()
    data = plan_to_json(plan, tracking, entries, args.as_of or date.today())
    if args.json:
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print(f"{plan.doc_type} — {plan.title} ({plan.year})", file=out)
        for row in data["rows"]:
            indent = "    " if row["kind"] in ("activity", "subtask") else ""
            text = row["task"] or row["activity"]
            status = f"  [{row['status_label']}]" if row.get("status_label") else ""
            print(f"{indent}{row['number']}\t{text}{status}", file=out)
    return EXIT_OK


def _cmd_add_row(args, out) -> int:
    from app.core.model import RowKind
    from app.core.tree import numbers_for

    texts = {name: getattr(args, name) for name in (
        "objective", "task", "activity", "form", "output", "lead", "support", "timeframe", "budget", "note",
    ) if getattr(args, name) is not None}
    if not any(v.strip() for v in texts.values()):
        raise InvalidInputError("Dòng mới cần ít nhất một nội dung (ví dụ --task \"…\").")
    services = _open(args)
    try:
        if args.under:
            kind = RowKind(args.kind or "activity")
            parent = services.rows.find_by_number(args.plan_id, args.under)
            row = services.rows.add(args.plan_id, kind, parent.id, texts=texts)
        else:
            kind = RowKind(args.kind or "task")
            parent_id = services.rows.find_area(args.plan_id, args.area).id if args.area else None
            row = services.rows.add(args.plan_id, kind, parent_id, texts=texts)
        rows = services.rows.list(args.plan_id)
    finally:
        services.close()
    print(numbers_for(rows)[row.id] or f"(hoạt động của nhiệm vụ {args.under})", file=out)
    return EXIT_OK


def _cmd_log(args, out) -> int:
    from app.core.status import parse_log_status

    try:
        status = parse_log_status(args.status)
    except ValueError:
        raise InvalidInputError(
            f"Tình trạng không hợp lệ: «{args.status}» (dùng: hoan-thanh, dang-thuc-hien, chua-trien-khai, khong-thuc-hien)."
        ) from None
    if args.percent is not None and not 0 <= args.percent <= 100:
        raise InvalidInputError(f"Tỷ lệ hoàn thành phải từ 0 đến 100 (nhận được {args.percent}).")
    for name in args.attach:
        if not Path(name).is_file():
            raise InvalidInputError(f"Không tìm thấy tệp đính kèm «{name}».")
    services = _open(args)
    try:
        row = services.rows.find_by_number(args.plan_id, args.row_number)
        entry = services.progress.add(
            row.id, date=args.date, status=status.value, percent=args.percent,
            result=args.result, evidence=args.evidence, reason=args.reason,
        )
        for name in args.attach:
            services.attachments.attach(entry.id, Path(name))
    finally:
        services.close()
    print(entry.id, file=out)
    return EXIT_OK


def _cmd_export_xlsx(args, out) -> int:
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    as_of = args.as_of or (date.today() if args.progress_sheet else None)
    services = _open(args)
    try:
        path = services.exports.export_xlsx(args.plan_id, Path(args.output), columns, as_of)
    finally:
        services.close()
    print(path, file=out)
    return EXIT_OK


def _cmd_import(args, out) -> int:
    from app.core.merge import count_rows
    from app.core.model import RowKind
    from app.io.importers import read_import_file

    source = read_import_file(Path(args.file))
    rows = source.rows
    if not rows and not args.document_only:
        reason = f" {source.note}" if source.note else ""
        hint = " Dùng --document-only để chỉ lấy các trường văn bản." if not source.document.empty else ""
        raise InvalidInputError(f"Tệp «{Path(args.file).name}» không có bảng phụ lục.{reason}{hint}")
    tasks, areas = count_rows(rows, RowKind.TASK), count_rows(rows, RowKind.AREA)
    if args.dry_run:
        print(f"Tìm thấy {tasks} nhiệm vụ, {areas} lĩnh vực.", file=out)
        return EXIT_OK
    services = _open(args)
    try:
        result = services.imports.apply(source, [] if args.document_only else None,
                                        plan_id=args.plan, year=args.year, kind=args.kind)
    finally:
        services.close()
    where = "kế hoạch mới" if result.created_plan else "kế hoạch"
    print(f"Đã nhập {result.tasks} nhiệm vụ, {result.areas} lĩnh vực vào {where} số {result.plan_id}.", file=out)
    return EXIT_OK


def _cmd_export_pdf(args, out) -> int:
    services = _open(args)
    try:
        path = services.exports.export_plan_pdf(args.plan_id, Path(args.output),
                                                document=not args.appendix_only, appendix=not args.document_only)
    finally:
        services.close()
    print(path, file=out)
    return EXIT_OK


def _cmd_report(args, out) -> int:
    from app.core.periods import parse_period

    try:
        period = parse_period(args.period)
    except ValueError:
        raise InvalidInputError(f"Kỳ báo cáo không hợp lệ: «{args.period}» (dùng: q1, h1, q3, year).") from None
    services = _open(args)
    try:
        year = args.year or services.plans.get(args.plan_id).year
        report = services.reports.find(args.plan_id, period.value, year)
        if report is None:
            report = services.reports.create(args.plan_id, period.value, year, args.as_of)
        elif args.as_of and args.as_of != report.as_of:
            services.reports.update(report.id, {"as_of": args.as_of})
        path = services.reports.export_pdf(report.id, Path(args.output))
    finally:
        services.close()
    print(path, file=out)
    return EXIT_OK


def _cmd_mail(args, out) -> int:
    from app.services.mail import ATTACHMENT_KINDS

    if args.include:
        include = [k.strip() for k in args.include.split(",") if k.strip()]
    else:
        include = ["xlsx", "plan-pdf"] + (["report-pdf"] if args.report else [])
    unknown = set(include) - set(ATTACHMENT_KINDS)
    if unknown:
        raise InvalidInputError(f"Tệp không hợp lệ: {', '.join(sorted(unknown))} (dùng: {', '.join(ATTACHMENT_KINDS)}).")
    from app.io.mail_draft import parse_address

    for address in args.to:  # refuse before opening anything
        parse_address(address)
    services = _open(args)
    try:
        if args.report is not None:
            report = services.reports.get(args.report)
            if report.plan_id != args.plan_id:
                raise InvalidInputError(f"Báo cáo số {args.report} không thuộc kế hoạch {args.plan_id}.")
        draft = services.mail.prepare(args.plan_id, args.to, include, args.report, args.subject,
                                      keep_vietnamese=args.vietnamese_names, target=Path(args.out))
    finally:
        services.close()
    print(draft.eml_path, file=out)
    return EXIT_OK


def _cmd_backup(args, out) -> int:
    services = _open(args)
    try:
        path = services.backups.export_to(Path(args.output))
    finally:
        services.close()
    print(path, file=out)
    return EXIT_OK


def _cmd_restore(args, out) -> int:
    """Restore without opening the current file as usual: it may be the
    damaged one. It is backed up (or, if damaged, moved aside) first."""
    from app import paths
    from app.models.database import Database
    from app.models.lock import WriterLock
    from app.services import backups_folder
    from app.services.backup import BackupService, restore_file

    data_dir = paths.data_dir()
    db_path = Path(args.db) if args.db else data_dir / paths.DB_FILE_NAME
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = WriterLock(db_path)
    lock.acquire()
    try:
        moved = restore_file(Path(args.file), db_path, BackupService(db_path, backups_folder(data_dir, db_path)))
        Database.open(db_path).close()  # bring an older backup up to the current schema
    finally:
        lock.release()
    if moved is not None:
        print(f"Tệp hỏng được giữ lại ở {moved}.", file=out)
    print(db_path, file=out)
    return EXIT_OK


def _summary_json(p) -> dict[str, Any]:
    return {
        "id": p.id, "kind": p.kind, "year": p.year, "title": p.title,
        "number": p.number, "symbol": p.symbol, "task_count": p.task_count, "is_sample": p.is_sample,
    }


COMMANDS: dict[str, Callable[[argparse.Namespace, Any], int]] = {
    "new": _cmd_new,
    "sample": _cmd_sample,
    "list": _cmd_list,
    "show": _cmd_show,
    "add-row": _cmd_add_row,
    "log": _cmd_log,
    "export-xlsx": _cmd_export_xlsx,
    "import": _cmd_import,
    "export-pdf": _cmd_export_pdf,
    "report": _cmd_report,
    "mail": _cmd_mail,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
}
