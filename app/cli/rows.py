"""Commands on appendix rows and the progress log: add-row, move, log."""

from __future__ import annotations

from pathlib import Path

from app.cli.common import EXIT_OK, open_services
from app.cli.parser import date_arg, path_arg, record_id
from app.core.errors import InvalidInputError


def register(sub, common) -> dict:
    p = sub.add_parser("add-row", parents=[common], help="thêm nhiệm vụ (hoặc hoạt động) vào phụ lục, in ra số thứ tự")
    p.add_argument("plan_id", type=record_id, metavar="KẾ_HOẠCH")
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

    p = sub.add_parser("move", parents=[common],
                       help="chuyển một dòng lên, xuống, sang lĩnh vực khác, thụt vào hoặc lùi ra; in ra số mới")
    p.add_argument("plan_id", type=int, metavar="KẾ_HOẠCH")
    p.add_argument("row_number", metavar="DÒNG",
                   help="số thứ tự như in trong phụ lục (3, 3.1, II) hoặc #mã của dòng (xem show --json)")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--up", action="store_true", help="lên một dòng (nhiệm vụ đầu lĩnh vực sang cuối lĩnh vực trước)")
    how.add_argument("--down", action="store_true", help="xuống một dòng (nhiệm vụ cuối lĩnh vực sang đầu lĩnh vực sau)")
    how.add_argument("--to-area", metavar="LĨNH_VỰC", help="sang cuối lĩnh vực này (số La Mã hoặc tên)")
    how.add_argument("--indent", action="store_true", help="thụt vào: thành hoạt động của nhiệm vụ phía trên")
    how.add_argument("--outdent", action="store_true", help="lùi ra: hoạt động thành nhiệm vụ")

    p = sub.add_parser("log", parents=[common], help="ghi tiến độ cho nhiệm vụ, nhiệm vụ con (3.1) hoặc hoạt động")
    p.add_argument("plan_id", type=record_id, metavar="KẾ_HOẠCH")
    p.add_argument("row_number", metavar="SỐ_DÒNG", help="số thứ tự nhiệm vụ như in trong phụ lục (3, hoặc 3.1)")
    p.add_argument("--activity", type=int, metavar="N", help="ghi cho hoạt động thứ N của nhiệm vụ đó")
    p.add_argument("--date", required=True, type=date_arg, metavar="NGÀY", help="ngày (2025-03-10 hoặc 10/03/2025)")
    p.add_argument("--status", required=True, help="hoan-thanh, dang-thuc-hien, chua-trien-khai, khong-thuc-hien")
    p.add_argument("--percent", type=int, help="tỷ lệ hoàn thành 0–100")
    p.add_argument("--result", default="", help="kết quả đã làm")
    p.add_argument("--evidence", default="", help="văn bản chứng minh (số văn bản)")
    p.add_argument("--reason", default="", help="lý do (khi không thực hiện hoặc chậm)")
    p.add_argument("--attach", type=path_arg, action="append", default=[], metavar="TỆP", help="đính kèm tệp (có thể lặp lại)")
    p.add_argument("--occurrence", type=date_arg, metavar="NGÀY",
                   help="lần đến hạn mà mục này trả lời (mặc định: lần sớm nhất chưa hoàn thành)")
    return {"add-row": _cmd_add_row, "move": _cmd_move, "log": _cmd_log}


def _cmd_add_row(args, out) -> int:
    from app.core.model import RowKind
    from app.core.tree import numbers_for

    texts = {name: getattr(args, name) for name in (
        "objective", "task", "activity", "form", "output", "lead", "support", "timeframe", "budget", "note",
    ) if getattr(args, name) is not None}
    if not any(v.strip() for v in texts.values()):
        raise InvalidInputError("Dòng mới cần ít nhất một nội dung (ví dụ --task \"…\").")
    services = open_services(args)
    try:
        with services.store.writing_plan(args.plan_id):  # on a server: refused while another program has it
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


def _cmd_move(args, out) -> int:
    """The same placement rules and the same one-transaction move as the window."""
    from app.core.plan_state import PlanState

    services = open_services(args)
    try:
        state = PlanState(services.plans.get(args.plan_id), services.rows.list(args.plan_id), ())
        row_id = _row_id(services, state, args.row_number)
        if args.up or args.down:
            move = state.move_step(row_id, -1 if args.up else 1)
        elif args.to_area:
            move = state.move_to_area(row_id, services.rows.find_area(args.plan_id, args.to_area).id)
        elif args.indent:
            move = state.indent(row_id)
        else:
            move = state.outdent(row_id)
        state.apply(services.rows.move_rows([move]).changes)
    finally:
        services.close()
    task = state.tree.task_of(row_id)
    print(state.number(row_id) or f"(hoạt động của nhiệm vụ {state.number(task)})", file=out)
    return EXIT_OK


def _row_id(services, state, key: str) -> int:
    """A row by its printed number, or by its id written "#12"."""
    from app.core.errors import NotFoundError

    if key.startswith("#") and key[1:].isdigit():
        if not state.has_row(int(key[1:])):
            raise NotFoundError(f"Không có dòng {key} trong kế hoạch {state.plan_id}.")
        return int(key[1:])
    return services.rows.find_by_number(state.plan_id, key).id


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
    services = open_services(args)
    try:
        with services.store.writing_plan(args.plan_id):
            row, label = _log_target(services, args)
            if args.occurrence is not None:
                services.tracking.check_occurrence(args.plan_id, row.id, args.occurrence, label)
            # The entry and its files together, or nothing: a refused file leaves no entry to duplicate.
            entry = services.progress.add(
                row.id, files=[Path(name) for name in args.attach], date=args.date, status=status.value,
                percent=args.percent, result=args.result, evidence=args.evidence, reason=args.reason,
                occurrence=args.occurrence,
            )
    finally:
        services.close()
    print(entry.id, file=out)
    return EXIT_OK


def _log_target(services, args):
    """The row a ``log`` command writes to, and how to name it in a message."""
    from app.core.model import RowKind

    row = services.rows.find_by_number(args.plan_id, args.row_number)
    kind = "nhiệm vụ con" if row.kind is RowKind.SUBTASK else "nhiệm vụ"
    label = f"{kind} {args.row_number}"
    if args.activity is None:
        if row.kind not in (RowKind.TASK, RowKind.SUBTASK):
            raise InvalidInputError(f"Dòng «{args.row_number}» là lĩnh vực; hãy ghi tiến độ cho một nhiệm vụ.")
        return row, label
    activities = [r for r in services.rows.list(args.plan_id)
                  if r.parent_id == row.id and r.kind is RowKind.ACTIVITY]
    if not 1 <= args.activity <= len(activities):
        raise InvalidInputError(f"{label[:1].upper()}{label[1:]} có {len(activities)} hoạt động; "
                                f"không có hoạt động thứ {args.activity}.")
    return activities[args.activity - 1], f"hoạt động {args.activity} của {label}"
