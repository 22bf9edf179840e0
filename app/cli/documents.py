"""Commands that write documents: export-xlsx, export-pdf, export-docx, report, mail."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.cli.common import EXIT_OK, open_services
from app.cli.parser import date_arg, path_arg, record_id
from app.core.errors import InvalidInputError

REPORT_FORMATS = ("pdf", "docx")


def register(sub, common) -> dict:
    p = sub.add_parser("export-xlsx", parents=[common], help="xuất phụ lục ra Excel (.xlsx) để in")
    p.add_argument("plan_id", type=record_id, metavar="KẾ_HOẠCH")
    p.add_argument("output", type=path_arg, metavar="TỆP.xlsx")
    p.add_argument("--columns", help="các cột cần xuất, cách nhau bởi dấu phẩy (number,task,lead,…)")
    p.add_argument("--progress-sheet", action="store_true", help="thêm trang \"Tiến độ\"")
    p.add_argument("--as-of", type=date_arg, metavar="NGÀY", help="ngày tính tiến độ (mặc định: hôm nay)")

    p = sub.add_parser("export-pdf", parents=[common], help="xuất kế hoạch (văn bản và phụ lục) ra PDF")
    p.add_argument("plan_id", type=record_id, metavar="KẾ_HOẠCH")
    p.add_argument("output", type=path_arg, metavar="TỆP.pdf")
    part = p.add_mutually_exclusive_group()
    part.add_argument("--appendix-only", action="store_true", help="chỉ in phụ lục")
    part.add_argument("--document-only", action="store_true", help="chỉ in văn bản kế hoạch")

    p = sub.add_parser("export-docx", parents=[common],
                       help="xuất kế hoạch (văn bản và phụ lục) ra Word (.docx) để sửa lần cuối trước khi ký")
    p.add_argument("plan_id", type=record_id, metavar="KẾ_HOẠCH")
    p.add_argument("output", type=path_arg, metavar="TỆP.docx")
    part = p.add_mutually_exclusive_group()
    part.add_argument("--appendix-only", action="store_true", help="chỉ xuất phụ lục")
    part.add_argument("--document-only", action="store_true", help="chỉ xuất văn bản kế hoạch")

    p = sub.add_parser("report", parents=[common], help="lập (hoặc lập lại) báo cáo định kỳ và xuất PDF hoặc Word")
    p.add_argument("plan_id", type=record_id, metavar="KẾ_HOẠCH")
    p.add_argument("output", type=path_arg, metavar="TỆP.pdf")
    p.add_argument("--format", choices=REPORT_FORMATS, default=None,
                   help="pdf (mặc định) hoặc docx (Word); mặc định theo đuôi tệp: .docx là Word")
    p.add_argument("--period", required=True, help="kỳ báo cáo: q1, h1, q3, year")
    p.add_argument("--year", type=int, help="năm báo cáo (mặc định: năm của kế hoạch)")
    p.add_argument("--as-of", type=date_arg, metavar="NGÀY", help="tính số liệu đến ngày này (mặc định: ngày chốt của kỳ)")

    p = sub.add_parser("mail", parents=[common], help="soạn thư gửi lên tỉnh, Sở Nội vụ (.eml, mở bằng Outlook/Thunderbird)")
    p.add_argument("plan_id", type=record_id, metavar="KẾ_HOẠCH")
    p.add_argument("--report", type=record_id, metavar="SỐ", help="gửi kèm báo cáo đã lập (số của báo cáo)")
    p.add_argument("--to", action="append", default=None, metavar="ĐỊA_CHỈ",
                   help="người nhận (có thể lặp lại; mặc định: Sở Nội vụ trong Thiết lập)")
    p.add_argument("--out", type=path_arg, required=True, metavar="TỆP.eml", help="nơi ghi thư nháp")
    p.add_argument("--include", default=None,
                   help="tệp gửi kèm, cách nhau bởi dấu phẩy: xlsx, plan-pdf, report-pdf "
                        "(mặc định: xlsx,plan-pdf; thêm report-pdf khi có --report)")
    p.add_argument("--subject", help="tiêu đề (mặc định: soạn sẵn)")
    p.add_argument("--vietnamese-names", action="store_true", help="giữ dấu tiếng Việt trong tên tệp")
    return {"export-xlsx": _cmd_export_xlsx, "export-pdf": _cmd_export_pdf, "export-docx": _cmd_export_docx,
            "report": _cmd_report, "mail": _cmd_mail}


def _cmd_export_xlsx(args, out) -> int:
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    as_of = args.as_of or (date.today() if args.progress_sheet else None)
    services = open_services(args)
    try:
        services.check_output(args.output)
        path = services.exports.export_xlsx(args.plan_id, Path(args.output), columns, as_of)
    finally:
        services.close()
    print(path, file=out)
    return EXIT_OK


def _cmd_export_pdf(args, out) -> int:
    services = open_services(args)
    try:
        services.check_output(args.output)
        path = services.exports.export_plan_pdf(args.plan_id, Path(args.output),
                                                document=not args.appendix_only, appendix=not args.document_only)
    finally:
        services.close()
    print(path, file=out)
    return EXIT_OK


def _cmd_export_docx(args, out) -> int:
    services = open_services(args)
    try:
        services.check_output(args.output)
        path = services.exports.export_plan_docx(args.plan_id, Path(args.output),
                                                 document=not args.appendix_only, appendix=not args.document_only)
    finally:
        services.close()
    print(path, file=out)
    return EXIT_OK


def report_format(chosen: str | None, output: Path) -> str:
    """--format, or the output's suffix (".docx" is Word); a choice that
    contradicts the suffix is refused rather than written under a wrong name."""
    suffix = output.suffix.lower()
    by_suffix = "docx" if suffix == ".docx" else "pdf" if suffix == ".pdf" else None
    if chosen and by_suffix and chosen != by_suffix:
        raise InvalidInputError(f"Tệp «{output.name}» có đuôi {suffix} nhưng --format {chosen}; "
                                f"hãy đặt tên tệp đuôi .{chosen} hoặc bỏ --format.")
    return chosen or by_suffix or "pdf"


def _cmd_report(args, out) -> int:
    from app.core.periods import parse_period

    try:
        period = parse_period(args.period)
    except ValueError:
        raise InvalidInputError(f"Kỳ báo cáo không hợp lệ: «{args.period}» (dùng: q1, h1, q3, year).") from None
    kind = report_format(args.format, Path(args.output))
    services = open_services(args)
    try:
        services.check_output(args.output)  # before anything is saved
        _report, path = services.reports.export_period(args.plan_id, period.value, args.year, args.as_of,
                                                       Path(args.output), kind)
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
    from app.io.mail_draft import all_addresses

    if args.to:
        all_addresses(args.to)  # refuse before opening anything
    services = open_services(args)
    try:
        services.check_output(args.out)
        to = args.to or services.mail.default_recipients()
        if not to:
            raise InvalidInputError("Chưa có người nhận: dùng --to, hoặc đặt địa chỉ thư của Sở Nội vụ "
                                    "trong Thiết lập › Đơn vị.")
        if args.report is not None:
            report = services.reports.get(args.report)
            if report.plan_id != args.plan_id:
                raise InvalidInputError(f"Báo cáo số {args.report} không thuộc kế hoạch {args.plan_id}.")
        draft = services.mail.prepare(args.plan_id, to, include, args.report, args.subject,
                                      keep_vietnamese=args.vietnamese_names, target=Path(args.out))
    finally:
        services.close()
    print(draft.eml_path, file=out)
    return EXIT_OK
