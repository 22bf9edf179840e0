"""Commands between a ward and the province: package (the ward's
submission for a period) and consolidate (the province's table of them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.cli.common import EXIT_OK, open_services
from app.cli.parser import date_arg, path_arg, record_id, year_arg
from app.core.errors import InvalidInputError


def register(sub, common) -> dict:
    p = sub.add_parser("package", parents=[common],
                       help="lập gói nộp báo cáo (.cchc) của một kỳ để tỉnh tổng hợp")
    p.add_argument("plan_id", type=record_id, metavar="KẾ_HOẠCH")
    p.add_argument("output", type=path_arg, metavar="TỆP.cchc")
    p.add_argument("--period", required=True, metavar="KỲ", help="kỳ báo cáo: q1, h1, q3, year")
    p.add_argument("--year", type=year_arg, metavar="NĂM", help="năm báo cáo (mặc định: năm của kế hoạch)")
    p.add_argument("--as-of", type=date_arg, metavar="NGÀY",
                   help="tính số liệu đến ngày này, trong kỳ (mặc định: hôm nay, hoặc ngày chốt của kỳ đã qua)")
    p.add_argument("--unit-name", metavar="TÊN", help="tên đơn vị, ví dụ «phường Sông Cầu» (lưu lại cho các lần sau)")
    p.add_argument("--unit-code", metavar="MÃ", help="mã đơn vị hành chính (lưu lại cho các lần sau)")

    p = sub.add_parser("consolidate", parents=[common],
                       help="tổng hợp các gói nộp báo cáo của các đơn vị ra Excel (.xlsx) hoặc PDF")
    p.add_argument("output", type=path_arg, metavar="TỆP.xlsx", help="bảng tổng hợp sẽ ghi (.xlsx hoặc .pdf)")
    p.add_argument("inputs", type=path_arg, nargs="+", metavar="GÓI_HOẶC_THƯ_MỤC",
                   help="các gói .cchc, hoặc thư mục chứa chúng")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.add_argument("--period", metavar="KỲ",
                   help="chỉ tổng hợp kỳ này: q1, h1, q3, year (mặc định: mọi kỳ có trong các gói)")
    p.add_argument("--year", type=year_arg, metavar="NĂM", help="năm của kỳ (với --period)")
    p.add_argument("--expected", type=path_arg, metavar="TỆP",
                   help="danh sách đơn vị phải nộp (.txt, .csv, .xlsx: mã và tên); mặc định: danh sách đã lưu")
    p.add_argument("--deadline", type=date_arg, metavar="NGÀY", help="hạn nộp của kỳ (với --period)")
    return {"package": _cmd_package, "consolidate": _cmd_consolidate}


def _cmd_package(args, out) -> int:
    services = open_services(args)
    try:
        services.check_output(args.output)
        if args.unit_name is not None:
            services.submissions.set_unit_name(args.unit_name)
        if args.unit_code is not None:
            services.submissions.set_unit_code(args.unit_code)
        result = services.submissions.build(args.plan_id, Path(args.output), args.period, args.year, args.as_of)
    finally:
        services.close()
    print(result.path, file=out)
    return EXIT_OK


def _cmd_consolidate(args, out) -> int:
    from app.core.consolidation import period_label
    from app.core.periods import parse_period
    from app.services.consolidation import open_packages, read_expected_units

    period = None
    if args.period:
        try:
            period = parse_period(args.period)
        except ValueError:
            raise InvalidInputError(f"Kỳ báo cáo không hợp lệ: «{args.period}» (dùng: q1, h1, q3, year).") from None
    elif args.year or args.deadline:
        raise InvalidInputError("--year và --deadline dùng cùng với --period.")
    if Path(args.output).suffix.lower() not in (".xlsx", ".pdf"):
        raise InvalidInputError(f"Tệp kết quả phải là .xlsx hoặc .pdf: «{args.output}».")
    expected = read_expected_units(args.expected) if args.expected else None
    services = open_services(args)
    try:
        target = services.check_output(args.output)
        opened = open_packages(args.inputs)
        if period is not None:
            year = args.year or _only_year(opened, period)
            if args.deadline:
                services.consolidation.set_deadline(period, year, args.deadline)
        consolidation = services.consolidation.consolidate(opened, expected)
        tables = [t for t in consolidation.tables if period is None or (t.period is period and t.year == year)]
        if not tables:
            what = f" của kỳ {period_label(period, year)}" if period is not None else ""
            raise InvalidInputError(f"Không có gói nộp báo cáo nào đọc được{what}." + _skipped_hint(consolidation))
        write = services.consolidation.export_pdf if target.suffix.lower() == ".pdf" \
            else services.consolidation.export_xlsx
        write(tables, target)
    finally:
        services.close()
    if args.json:
        json.dump(consolidation_json(tables, consolidation), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print(target, file=out)
        for item in consolidation.skipped + consolidation.superseded:
            print(f"Bỏ qua «{item.file}»: {item.reason}", file=out)
    return EXIT_OK


def _only_year(opened, period) -> int:
    years = sorted({s.year for s in opened.submissions if s.period is period})
    if not years:
        from datetime import date

        return date.today().year
    return years[-1]


def _skipped_hint(consolidation) -> str:
    if not consolidation.skipped:
        return ""
    first = consolidation.skipped[0]
    more = f" (và {len(consolidation.skipped) - 1} tệp khác)" if len(consolidation.skipped) > 1 else ""
    return f" «{first.file}»: {first.reason}{more}"


def consolidation_json(tables, consolidation) -> dict[str, Any]:
    """``{"units": […], "skipped": […]}``: a line per unit and period, then
    every file not counted (broken, foreign, duplicate or replaced)."""
    from app.core.status import TaskStatus

    units = []
    for table in tables:
        for line in table.lines:
            counts = line.counts
            units.append({
                "name": line.name,
                "code": line.code,
                "period": {"period": table.period.value, "year": table.year},
                "submitted": line.submission.created_at.isoformat(timespec="seconds") if line.submission else None,
                "total": counts.total,
                "by_status": {status.value: counts[status] for status in TaskStatus},
                "percent_done": counts.percent_done,
            })
    skipped = [{"file": s.file, "reason": s.reason} for s in consolidation.skipped + consolidation.superseded]
    return {"units": units, "skipped": skipped}
