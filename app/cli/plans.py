"""Commands on whole plans: new, sample, list, show."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from app.cli.common import EXIT_OK, open_services
from app.core.text import terminal_safe
from app.cli.parser import date_arg, record_id


def register(sub, common) -> dict:
    p = sub.add_parser("new", parents=[common], help="tạo kế hoạch mới từ mẫu, in ra số của kế hoạch")
    p.add_argument("--kind", required=True, choices=("cchc", "tuyen-truyen"), help="loại kế hoạch")
    p.add_argument("--year", required=True, type=int, help="năm kế hoạch")
    p.add_argument("--layout", help="mẫu cột phụ lục (cchc-004, tuyen-truyen-002, tuyen-truyen-000, phan-cong)")
    p.add_argument("--no-areas", action="store_true", help="không tạo sẵn các lĩnh vực")
    p.add_argument("--start", type=date_arg, metavar="NGÀY",
                   help="ngày bắt đầu thực hiện, cho kế hoạch ban hành giữa năm (mặc định: cả năm)")

    sub.add_parser("sample", parents=[common],
                   help="thêm kế hoạch mẫu (phường Sông Cầu, năm 2023) để xem thử, in ra số của kế hoạch")

    p = sub.add_parser("list", parents=[common], help="liệt kê các kế hoạch")
    p.add_argument("--json", action="store_true", help="in dạng JSON")

    p = sub.add_parser("show", parents=[common], help="in toàn bộ kế hoạch: trường văn bản, các dòng, hạn, tình trạng")
    p.add_argument("plan_id", type=record_id, metavar="KẾ_HOẠCH")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.add_argument("--as-of", type=date_arg, metavar="NGÀY", help="tính tình trạng tại ngày này (mặc định: hôm nay)")
    return {"new": _cmd_new, "sample": _cmd_sample, "list": _cmd_list, "show": _cmd_show}


def _cmd_new(args, out) -> int:
    services = open_services(args)
    try:
        plan_id = services.plans.create(args.kind, args.year, args.layout, with_areas=not args.no_areas,
                                        start=args.start)
    finally:
        services.close()
    print(plan_id, file=out)
    return EXIT_OK


def _cmd_sample(args, out) -> int:
    services = open_services(args)
    try:
        plan_id = services.imports.import_sample().plan_id
    finally:
        services.close()
    print(plan_id, file=out)
    return EXIT_OK


def _cmd_list(args, out) -> int:
    services = open_services(args)
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
            title = terminal_safe(p.title)
            print(f"{p.id}\t{p.year}\t{services.plans.kind_label(p.kind)}\t{p.task_count} nhiệm vụ\t{title}{sample}", file=out)
    return EXIT_OK


def _cmd_show(args, out) -> int:
    from app.io.plan_json import plan_to_json

    services = open_services(args)
    try:
        plan = services.plans.get(args.plan_id)
        tracking = services.tracking.track(args.plan_id, args.as_of)
        entries = services.progress.list(args.plan_id)
        period = services.reports.period_data(args.plan_id, args.as_of)
    finally:
        services.close()
    data = plan_to_json(plan, tracking, entries, args.as_of or date.today(), period)
    if args.json:
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        # Stored text may hold ESC or BEL (from older versions): shown as
        # "\x1b", never sent to the terminal as a command.
        print(terminal_safe(f"{plan.doc_type} — {plan.title} ({plan.year})"), file=out)
        for row in data["rows"]:
            indent = "    " if row["kind"] in ("activity", "subtask") else ""
            text = terminal_safe(row["task"] or row["activity"])
            status = f"  [{row['status_label']}]" if row.get("status_label") else ""
            print(f"{indent}{row['number']}\t{text}{status}", file=out)
    return EXIT_OK


def _summary_json(p) -> dict[str, Any]:
    return {
        "id": p.id, "kind": p.kind, "year": p.year, "title": p.title,
        "number": p.number, "symbol": p.symbol, "task_count": p.task_count, "is_sample": p.is_sample,
    }
