"""Commands that move data in and out of the file: import, backup, restore."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from app.cli.parser import path_arg, record_id
from app.cli.common import EXIT_OK, open_services
from app.core.errors import InvalidInputError


def register(sub, common) -> dict:
    p = sub.add_parser("backup", parents=[common], help="sao lưu dữ liệu ra một tệp (.sqlite3, hoặc .zip: gói toàn bộ dữ liệu)")
    p.add_argument("output", type=path_arg, metavar="TỆP", help="tệp sao lưu sẽ ghi")

    p = sub.add_parser("restore", parents=[common],
                       help="khôi phục dữ liệu từ một bản sao lưu (.sqlite3 hoặc gói .zip; cũng để chuyển sang máy chủ)")
    p.add_argument("file", type=path_arg, metavar="TỆP", help="bản sao lưu")

    p = sub.add_parser("import", parents=[common],
                       help="nhập kế hoạch, phụ lục từ Word (.docx), PDF (.pdf), Excel (.xlsx) hoặc văn bản (.txt)")
    p.add_argument("file", type=path_arg, metavar="TỆP")
    target = p.add_mutually_exclusive_group()
    target.add_argument("--plan", type=record_id, metavar="SỐ", help="nhập vào kế hoạch đã có (theo lĩnh vực cùng tên)")
    target.add_argument("--year", type=int, help="tạo kế hoạch mới cho năm này")
    p.add_argument("--area", metavar="LĨNH VỰC",
                   help="với --plan: lĩnh vực nhận các nhiệm vụ khi bảng không chia lĩnh vực (số La Mã hoặc tên)")
    p.add_argument("--kind", choices=("cchc", "tuyen-truyen"), help="loại kế hoạch mới (mặc định: đoán từ tệp)")
    p.add_argument("--document-only", action="store_true", help="chỉ lấy các trường văn bản (số, ngày, trích yếu…)")
    p.add_argument("--dry-run", action="store_true", help="chỉ đọc và in ra những gì tìm thấy, không ghi gì")
    return {"backup": _cmd_backup, "restore": _cmd_restore, "import": _cmd_import}


def _cmd_import(args, out) -> int:
    from app.core.merge import count_rows
    from app.core.model import RowKind
    from app.io.importers import read_import_file

    if args.area is not None and args.plan is None:
        raise InvalidInputError("--area chỉ dùng cùng --plan (nhập vào kế hoạch đã có).")
    source = read_import_file(Path(args.file))
    rows = source.rows
    if not rows and not args.document_only:
        reason = f" {source.note}" if source.note else ""
        hint = " Dùng --document-only để chỉ lấy các trường văn bản." if not source.document.empty else ""
        raise InvalidInputError(f"Tệp «{Path(args.file).name}» không có bảng phụ lục.{reason}{hint}")
    tasks, areas = count_rows(rows, RowKind.TASK), count_rows(rows, RowKind.AREA)
    services = open_services(args) if args.plan is not None or not args.dry_run else None
    try:
        area_id = _area_of(services, args) if services is not None and args.area else None
        if args.dry_run:
            print(f"Tìm thấy {tasks} nhiệm vụ, {areas} lĩnh vực.", file=out)
            _print_dry_run(source, [] if args.document_only else rows, out)
            return EXIT_OK
        with services.store.writing_plan(args.plan) if args.plan else nullcontext():
            result = services.imports.apply(source, [] if args.document_only else None, plan_id=args.plan,
                                            year=args.year, kind=args.kind, area_id=area_id)
    finally:
        if services is not None:
            services.close()
    where = "kế hoạch mới" if result.created_plan else "kế hoạch"
    print(f"Đã nhập {result.tasks} nhiệm vụ, {result.areas} lĩnh vực vào {where} số {result.plan_id}.", file=out)
    return EXIT_OK


def _area_of(services, args) -> int:
    from app.core.errors import NotFoundError

    try:
        return services.rows.find_area(args.plan, args.area).id
    except NotFoundError as error:
        raise InvalidInputError(str(error)) from None


def _print_dry_run(source, rows, out) -> None:
    """The document's fields found, then the rows that would be written:
    number, task, lead, support, timeframe (TAB-separated, one row a line)."""
    from app.core.presets import KIND_LABELS
    from app.io.importers import preview_rows

    document = source.document
    if not document.empty:
        number = f"{document.number}/{document.symbol}" if document.symbol else document.number
        print(f"Văn bản: {document.doc_type} số {number or '…'} — {document.title}", file=out)
    if source.plan_kind:
        print(f"Loại kế hoạch: {KIND_LABELS.get(source.plan_kind, source.plan_kind)}", file=out)
    if source.columns_guessed:
        print("Bảng không có dòng tiêu đề; các cột được đoán theo nội dung: "
              + ", ".join(name or "(ghi chú)" for name in source.table.mapping), file=out)
    if not rows:
        return
    print("TT\tNội dung\tChủ trì\tPhối hợp\tThời gian", file=out)
    for row in preview_rows(rows):
        text = "  " * row.depth + " ".join(row.text.split("\n"))
        units_and_time = ("; ".join(c.split("\n")) for c in (row.lead, row.support, row.timeframe))
        print("\t".join((row.number, text, *units_and_time)), file=out)


def _cmd_backup(args, out) -> int:
    services = open_services(args)
    try:
        path = services.backups.export_to(services.check_output(args.output))
    finally:
        services.close()
    print(path, file=out)
    return EXIT_OK


def _cmd_restore(args, out) -> int:
    """Restore without opening the current file as usual: it may be the
    damaged one. The backup is checked and migrated beside it first; then the
    current file is backed up (or, if damaged, kept under a new name) and the
    copy takes its place. On any failure the current file stays as it was."""
    from app import paths
    from app.core.errors import DataFileError
    from app.models.lock import WriterLock
    from app.models.network_drive import refuse_network_drive
    from app.models.postgres import is_server_url
    from app.services.backup import BackupService, backups_folder
    from app.services.housekeeping import check_data_dir
    from app.services.restore import restore_file
    from app.services.store import chosen_location

    location = chosen_location(args.db)
    if location is not None and is_server_url(location):
        return _restore_into_server(args, out)
    data_dir = check_data_dir(paths.data_dir())
    db_path = Path(location) if location is not None else data_dir / paths.DB_FILE_NAME
    if db_path.is_dir():
        raise DataFileError(f"«{db_path}» là một thư mục, không phải tệp dữ liệu.")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DataFileError(f"Không tạo được thư mục «{db_path.parent}»: {error.strerror or error}.") from None
    refuse_network_drive(db_path)  # before a lock file is made there
    lock = WriterLock(db_path)
    lock.acquire()
    try:
        moved = restore_file(Path(args.file), db_path, BackupService(db_path, backups_folder(data_dir, db_path)))
    finally:
        lock.release()
    if moved is not None:
        print(f"Tệp hỏng được giữ lại ở {moved}.", file=out)
    print(db_path, file=out)
    return EXIT_OK


def _restore_into_server(args, out) -> int:
    """A server is restored while open (it cannot be damaged the way a file
    can): the backup, a SQLite file or a package, is checked and migrated
    in the data folder, then put in place in one transaction — refused
    while another PC has the data open. It is also how an office moves its
    file onto its new server."""
    services = open_services(args)
    try:
        services.restore(Path(args.file))
        label = services.store.label
    finally:
        services.close()
    print(f"Đã khôi phục vào {label}.", file=out)
    return EXIT_OK
