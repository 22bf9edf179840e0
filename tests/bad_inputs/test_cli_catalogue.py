"""The command line fed what a tired officer (or a careless script) types.

Each row: the arguments, the files prepared first, the exit code, the exact
line on stderr, and what must hold of the data file afterwards — the same
bytes ("bytes"), or ``integrity_check`` ok with the same counts ("counts").
A row that used to end in exit 1, in a silent overwrite or in a partial
write is a regression test of issue 14.
"""

from __future__ import annotations

import re
import signal
from dataclasses import dataclass, field
from typing import Callable

import pytest

from tests.bad_inputs import files, steps
from tests.bad_inputs.conftest import file_state, run_cli

LONG = "a" * 300
MAX_ID = "9223372036854775807"
RANGE = f"(phải từ 1 đến {MAX_ID})"
FIFO_NOTE = "không phải tệp thông thường (thiết bị, ống dẫn…)"


@dataclass(frozen=True)
class Bad:
    name: str
    argv: tuple[str, ...]
    code: int
    message: str                      # the exact stderr line ({db}, {dir}, {data} filled in); "" for none
    keeps: str = "bytes"              # "bytes" or "counts"
    setup: Callable | None = None     # (case) -> None
    env: dict = field(default_factory=dict)
    then: Callable | None = None      # (case, result) -> None: what else the user would see
    with_db: bool = True              # add "--db {db}" unless the row names its own


SAME_FILE = "Lỗi: «{target}» chính là tệp dữ liệu đang mở; ghi đè lên nó sẽ mất toàn bộ dữ liệu. Hãy chọn tên tệp khác."
SIDE_FILE = "Lỗi: «{target}» là tệp đi kèm tệp dữ liệu đang mở; ghi vào đó sẽ làm hỏng dữ liệu. Hãy chọn tên tệp khác."
MANAGED = "Lỗi: «{target}» nằm trong {label} «{folder}» do chương trình tự quản lý. Hãy lưu vào thư mục khác."
READ_ONLY = ("Lỗi: Tệp «{{dir}}/{name}» đang đặt chỉ cho phép đọc; chương trình không thay nó. "
             "Hãy bỏ thuộc tính chỉ đọc hoặc chọn tên khác.")
TO = "Sở Nội vụ <snv@tinh.gov.vn>"
LOG = ("log", "1", "3", "--date", "2023-03-01", "--status", "hoan-thanh")
DATA_DIR_FILE = ("Lỗi: Thư mục dữ liệu «{dir}/tep» là một tệp, không phải thư mục. Hãy sửa biến môi trường "
                 "CCHC_DATA_DIR (hoặc đổi tên tệp đó).")


def usage(command, argument, text):
    return f"Lỗi: tham số {argument}: {text} (xem «cchc{' ' + command if command else ''} --help»)."


def out_of_range_date(text):
    return f"Ngày «{text}» nằm ngoài khoảng chương trình dùng (năm 1900–2200)"


def too_long(suffix):
    return f"tên «{'a' * 40}…» dài {len(LONG + suffix)} byte, quá 255 byte mà hệ điều hành cho phép"

CASES = [
    # -- data loss 1: an output that would overwrite the data ------------------------------------------
    Bad("export-xlsx onto the data file", ("export-xlsx", "1", "{db}"), 2, SAME_FILE.format(target="{db}")),
    Bad("export-pdf onto the data file", ("export-pdf", "1", "{db}"), 2, SAME_FILE.format(target="{db}")),
    Bad("report onto the data file: no report saved", ("report", "1", "{db}", "--period", "q3"), 2,
        SAME_FILE.format(target="{db}")),
    Bad("export-docx onto the data file", ("export-docx", "1", "{db}"), 2, SAME_FILE.format(target="{db}")),
    Bad("report as Word onto the write-ahead log", ("report", "1", "{db}-wal", "--period", "q1", "--format", "docx"),
        2, SIDE_FILE.format(target="{db}-wal")),
    Bad("mail --out onto the data file", ("mail", "1", "--to", TO, "--out", "{db}"), 2,
        SAME_FILE.format(target="{db}")),
    Bad("backup onto the data file itself", ("backup", "{db}"), 2, SAME_FILE.format(target="{db}")),
    Bad("export through sub/../", ("export-xlsx", "1", "{dir}/con/../so.sqlite3"), 2,
        SAME_FILE.format(target="{dir}/con/../so.sqlite3"), setup=steps.mkdir("con")),
    Bad("export through a symbolic link", ("export-xlsx", "1", "{dir}/loi-tat.xlsx"), 2,
        SAME_FILE.format(target="{dir}/loi-tat.xlsx"), setup=steps.symlink),
    Bad("export-pdf onto a hard link of the data file", ("export-pdf", "1", "{dir}/ban-khac.sqlite3"), 2,
        SAME_FILE.format(target="{dir}/ban-khac.sqlite3"), setup=steps.hardlink),
    Bad("export onto the write-ahead log", ("export-xlsx", "1", "{db}-wal"), 2, SIDE_FILE.format(target="{db}-wal"),
        then=steps.not_a_workbook("{db}-wal")),
    Bad("export-pdf onto the shared-memory file", ("export-pdf", "1", "{db}-shm"), 2,
        SIDE_FILE.format(target="{db}-shm")),
    Bad("report onto the lock file", ("report", "1", "{db}.lock", "--period", "q1"), 2,
        SIDE_FILE.format(target="{db}.lock")),
    Bad("export into the backups folder", ("export-xlsx", "1", "{data}/backups/phu-luc.xlsx"), 2,
        MANAGED.format(target="{data}/backups/phu-luc.xlsx", label="thư mục sao lưu", folder="{data}/backups"),
        setup=lambda case: (case.data / "backups").mkdir(parents=True)),
    Bad("backup into the backups folder by hand", ("backup", "{data}/backups/ban-tay.sqlite3"), 2,
        MANAGED.format(target="{data}/backups/ban-tay.sqlite3", label="thư mục sao lưu", folder="{data}/backups")),
    Bad("mail draft into the attachments store", ("mail", "1", "--to", TO, "--out", "{data}/attachments/thu.eml"), 2,
        MANAGED.format(target="{data}/attachments/thu.eml", label="thư mục tệp đính kèm",
                       folder="{data}/attachments")),
    Bad("export over a read-only file", ("export-xlsx", "1", "{dir}/chi-doc.xlsx"), 2,
        READ_ONLY.format(name="chi-doc.xlsx"), setup=steps.read_only_file("chi-doc.xlsx"),
        then=steps.unchanged("chi-doc.xlsx")),
    Bad("backup over a read-only file", ("backup", "{dir}/chi-doc.sqlite3"), 2,
        READ_ONLY.format(name="chi-doc.sqlite3"), setup=steps.read_only_file("chi-doc.sqlite3"),
        then=steps.unchanged("chi-doc.sqlite3")),
    Bad("report over a read-only file", ("report", "1", "{dir}/chi-doc.pdf", "--period", "q1"), 2,
        READ_ONLY.format(name="chi-doc.pdf"), setup=steps.read_only_file("chi-doc.pdf"), then=steps.unchanged("chi-doc.pdf")),
    Bad("export-docx over a read-only file", ("export-docx", "1", "{dir}/chi-doc.docx"), 2,
        READ_ONLY.format(name="chi-doc.docx"), setup=steps.read_only_file("chi-doc.docx"),
        then=steps.unchanged("chi-doc.docx")),
    Bad("a report named .docx asked as PDF: nothing saved", ("report", "1", "{dir}/bc.docx", "--period", "q1",
                                                            "--format", "pdf"), 2,
        "Lỗi: Tệp «bc.docx» có đuôi .docx nhưng --format pdf; hãy đặt tên tệp đuôi .pdf hoặc bỏ --format."),
    Bad("backup into a read-only folder", ("backup", "{dir}/ro/sao-luu.sqlite3"), 2,
        "Lỗi: Không ghi được vào «{dir}/ro» (chỉ cho phép đọc).", setup=steps.read_only_folder),
    Bad("restore the data file onto itself", ("restore", "{db}"), 2,
        "Lỗi: «{db}» chính là tệp dữ liệu đang dùng; hãy chọn một bản sao lưu."),
    # -- numbers, dates and names the system cannot take ---------------------------------------------------
    Bad("plan id 2^63", ("show", "9223372036854775808"), 2,
        usage("show", "KẾ_HOẠCH", f"số «9223372036854775808» không hợp lệ {RANGE}")),
    Bad("plan id of 23 digits in an export", ("export-xlsx", "99999999999999999999999", "{dir}/x.xlsx"), 2,
        usage("export-xlsx", "KẾ_HOẠCH", f"số «99999999999999999999999» không hợp lệ {RANGE}")),
    Bad("report id 2^63 in a mail", ("mail", "1", "--report", "9223372036854775808", "--to", TO, "--out",
                                     "{dir}/thu.eml"), 2,
        usage("mail", "--report", f"số «9223372036854775808» không hợp lệ {RANGE}")),
    Bad("import into plan 2^63", ("import", "{dir}/x.txt", "--plan", "9223372036854775808"), 2,
        usage("import", "--plan", f"số «9223372036854775808» không hợp lệ {RANGE}")),
    Bad("plan id 0", ("export-pdf", "0", "{dir}/x.pdf"), 2,
        usage("export-pdf", "KẾ_HOẠCH", f"số «0» không hợp lệ {RANGE}")),
    Bad("--as-of 0001-01-01", ("show", "1", "--as-of", "0001-01-01"), 2,
        usage("show", "--as-of", out_of_range_date("0001-01-01"))),
    Bad("--as-of 9999-12-31", ("show", "1", "--json", "--as-of", "9999-12-31"), 2,
        usage("show", "--as-of", out_of_range_date("9999-12-31"))),
    Bad("progress sheet as of 9999-12-31", ("export-xlsx", "1", "{dir}/x.xlsx", "--progress-sheet", "--as-of",
                                            "9999-12-31"), 2,
        usage("export-xlsx", "--as-of", out_of_range_date("9999-12-31")), then=steps.absent("{dir}/x.xlsx")),
    Bad("report as of 01/01/0001", ("report", "1", "{dir}/r.pdf", "--period", "q1", "--as-of", "01/01/0001"), 2,
        usage("report", "--as-of", out_of_range_date("01/01/0001"))),
    Bad("log dated 0001-01-01", (*LOG[:3], "--date", "0001-01-01", "--status", "hoan-thanh"), 2,
        usage("log", "--date", out_of_range_date("0001-01-01"))),
    Bad("export name of 305 bytes", ("export-xlsx", "1", "{dir}/" + LONG + ".xlsx"), 2,
        usage("export-xlsx", "TỆP.xlsx", too_long(".xlsx"))),
    Bad("mail draft name of 305 bytes", ("mail", "1", "--to", TO, "--out", "{dir}/" + LONG + ".eml"), 2,
        usage("mail", "--out", too_long(".eml"))),
    Bad("data file name of 305 bytes", ("list", "--db", "{dir}/" + LONG + ".sqlite"), 2,
        usage("list", "--db", too_long(".sqlite"))),
    Bad("import file name of 305 bytes", ("import", "{dir}/" + LONG + ".xlsx"), 2,
        usage("import", "TỆP", too_long(".xlsx"))),
    Bad("attachment name of 305 bytes", (*LOG, "--attach", "{dir}/" + LONG + ".pdf"), 2,
        usage("log", "--attach", too_long(".pdf"))),
    # -- the data file itself -------------------------------------------------------------------------------
    Bad('--db "" does not open the default file', ("list", "--db", ""), 2, usage("list", "--db", "tên tệp trống"),
        then=steps.absent("{data}/so-ke-hoach-cchc.sqlite3")),
    Bad('--db "" on a write command', ("new", "--kind", "cchc", "--year", "2025", "--db", ""), 2,
        usage("new", "--db", "tên tệp trống"), then=steps.absent("{data}/so-ke-hoach-cchc.sqlite3")),
    Bad("--db naming a FIFO", ("list", "--db", "{dir}/ong"), 2,
        f"Lỗi: «{{dir}}/ong» {FIFO_NOTE}, không phải tệp dữ liệu.", setup=steps.fifo("ong")),
    Bad("--db naming a device", ("list", "--db", "/dev/null"), 2,
        f"Lỗi: «/dev/null» {FIFO_NOTE}, không phải tệp dữ liệu."),
    Bad("--db naming a folder", ("list", "--db", "{dir}"), 2,
        "Lỗi: «{dir}» là một thư mục, không phải tệp dữ liệu."),
    Bad("CCHC_DATA_DIR naming a file", ("list",), 2, DATA_DIR_FILE, setup=steps.data_dir_is_a_file,
        env={"CCHC_DATA_DIR": "{dir}/tep"}, with_db=False),
    Bad("CCHC_DATA_DIR naming a file, with --db", ("sample", "--db", "{db}"), 2, DATA_DIR_FILE,
        setup=steps.data_dir_is_a_file, env={"CCHC_DATA_DIR": "{dir}/tep"}),
    Bad("CCHC_DATA_DIR naming a file, restore", ("restore", "{dir}/tep", "--db", "{db}"), 2, DATA_DIR_FILE,
        setup=steps.data_dir_is_a_file, env={"CCHC_DATA_DIR": "{dir}/tep"}),
    Bad("screenshot 9000 px wide", ("--screenshot", "{dir}/a.png", "--size", "9000x9000"), 2,
        usage("", "--size", "kích thước «9000x9000» không hợp lệ (mỗi chiều từ 200 đến 8000 điểm ảnh)"),
        then=steps.absent("{dir}/a.png")),
    Bad("screenshot 10 px", ("--screenshot", "{dir}/a.png", "--size", "10x10"), 2,
        usage("", "--size", "kích thước «10x10» không hợp lệ (mỗi chiều từ 200 đến 8000 điểm ảnh)")),
    Bad("screenshot size not a size", ("--screenshot", "{dir}/a.png", "--size", "to"), 2,
        usage("", "--size", "kích thước không hợp lệ: «to» (ví dụ 1366x768)")),
    # -- attachments: checked before the entry is written ---------------------------------------------------
    Bad("a 201 MB attachment leaves no entry", (*LOG, "--attach", "{dir}/lon.bin"), 2,
        "Lỗi: Tệp đính kèm «lon.bin» quá lớn (201 MB; tối đa 200 MB). Chưa ghi gì.", keeps="counts",
        setup=lambda case: files.sparse_file(case.dir / "lon.bin", 201 * 1024 * 1024)),
    Bad("a good file then a 201 MB one: nothing written", (*LOG, "--attach", "{dir}/bien-ban.pdf", "--attach",
                                                           "{dir}/lon.bin"), 2,
        "Lỗi: Tệp đính kèm «lon.bin» quá lớn (201 MB; tối đa 200 MB). Chưa ghi gì.", keeps="counts",
        setup=steps.two_attachments_second_too_big),
    Bad("attachment missing", (*LOG, "--attach", "{dir}/khong-co.pdf"), 2,
        "Lỗi: Không tìm thấy tệp đính kèm «{dir}/khong-co.pdf».", keeps="counts"),
    Bad("attachment is a folder", (*LOG, "--attach", "{dir}"), 2,
        "Lỗi: Không đính kèm được «{dir}»: là một thư mục.", keeps="counts"),
    Bad("attachment is a FIFO", (*LOG, "--attach", "{dir}/ong"), 2,
        f"Lỗi: Không đính kèm được «{{dir}}/ong»: {FIFO_NOTE}.", keeps="counts", setup=steps.fifo("ong")),
    # -- mail addresses ---------------------------------------------------------------------------------------
    Bad("address with CR/LF and a Bcc", ("mail", "1", "--to", "snv@tinh.gov.vn\r\nBcc: x@y.z", "--out",
                                         "{dir}/thu.eml"), 2,
        "Lỗi: Địa chỉ thư không được chứa dấu xuống dòng: «snv@tinh.gov.vn Bcc: x@y.z».",
        then=steps.absent("{dir}/thu.eml")),
    Bad("address ending in a newline", ("mail", "1", "--to", TO + "\n", "--out", "{dir}/thu.eml"), 2,
        f"Lỗi: Địa chỉ thư không được chứa dấu xuống dòng: «{TO}»."),
    Bad("not an address", ("mail", "1", "--to", "không phải địa chỉ", "--out", "{dir}/thu.eml"), 2,
        "Lỗi: Địa chỉ thư không hợp lệ: «không phải địa chỉ»."),
    Bad("a list with one bad address", ("mail", "1", "--to", "snv@tinh.gov.vn, sai", "--out", "{dir}/thu.eml"), 2,
        "Lỗi: Địa chỉ thư không hợp lệ: «snv@tinh.gov.vn, sai»."),
    Bad("no recipient", ("mail", "1", "--to", " ", "--out", "{dir}/thu.eml"), 2, "Lỗi: Chưa có người nhận."),
    Bad("a comma-separated list keeps every address", ("mail", "1", "--to", 'snv@tinh.gov.vn, "Phòng Nội vụ, '
                                                       'UBND" <pnv@xa.gov.vn>', "--out", "{dir}/thu.eml"), 0, "",
        keeps="counts-plus-mail", then=steps.eml_to(("", "snv@tinh.gov.vn"), ("Phòng Nội vụ, UBND", "pnv@xa.gov.vn"))),
    # -- text that breaks documents ------------------------------------------------------------------------------
    Bad("control characters in a new row are cleaned", ("add-row", "1", "--area", "II", "--task",
                                                        "Rà soát\x01 văn bản\x1b[31m\x0c"), 0, "",
        keeps="changed", then=steps.task_text("Rà soát văn bản[31m")),
    Bad("a lone surrogate (bytes of a wrong encoding)", ("add-row", "1", "--area", "II", "--task", "Tên\udcff tệp"),
        0, "", keeps="changed", then=steps.task_text("Tên\ufffd tệp")),
    Bad("control characters in a log result", (*LOG, "--result", "Đã\x07 xong\x00"), 0, "", keeps="changed",
        then=steps.last_result("Đã xong")),
    Bad("stored ESC/BEL shown escaped", ("show", "1"), 0, "",
        setup=steps.store_raw("UPDATE appendix_rows SET task = 'Thiết lập' || char(27) || '[2J' || char(7) || ' bộ phận' "
                         "WHERE id = (SELECT id FROM appendix_rows WHERE kind = 'task' ORDER BY id LIMIT 1)"),
        then=steps.show_text_escapes),
    Bad("stored control characters still export to Excel", ("export-xlsx", "1", "{dir}/x.xlsx"), 0, "",
        setup=steps.store_raw("UPDATE appendix_rows SET task = 'Công' || char(1) || ' khai' "
                         "WHERE id = (SELECT id FROM appendix_rows WHERE kind = 'task' ORDER BY id LIMIT 1)"),
        then=steps.xlsx_cell("x.xlsx", "Công khai")),
    Bad("stored control characters still go by mail", ("mail", "1", "--to", TO, "--out", "{dir}/thu.eml"), 0, "",
        keeps="counts-plus-mail",
        setup=steps.store_raw("UPDATE plans SET title = 'Kế hoạch' || char(11) || ' CCHC'")),
    Bad("stored control characters still print to PDF", ("export-pdf", "1", "{dir}/x.pdf"), 0, "",
        setup=steps.store_raw("UPDATE plans SET title = 'Kế hoạch' || char(2) || ' CCHC' || char(27)")),
    Bad("stored control characters still go to Word", ("export-docx", "1", "{dir}/x.docx"), 0, "",
        setup=steps.store_raw("UPDATE appendix_rows SET task = 'Công' || char(1) || ' khai' || char(31) "
                              "WHERE id = (SELECT id FROM appendix_rows WHERE kind = 'task' ORDER BY id LIMIT 1)"),
        then=steps.docx_text("x.docx", "Công khai")),
    Bad("a cell over 20 000 characters", ("add-row", "1", "--task", "x" * 20_001), 2,
        "Lỗi: Nội dung ô quá dài (20001 ký tự; tối đa 20000)."),
    # -- imports: everything or nothing -----------------------------------------------------------------------
    Bad("a sheet of 20 050 rows is refused, not cut", ("import", "{dir}/dai.xlsx", "--plan", "1"), 2,
        "Lỗi: Bảng trong tệp «dai.xlsx» có 20.050 dòng; chương trình nhập tối đa 20.000 dòng một lần. "
        "Chưa nhập gì; hãy tách bảng thành nhiều tệp.", keeps="counts", setup=steps.big_xlsx),
    Bad("a sheet with text in column 61", ("import", "{dir}/rong.xlsx", "--year", "2025"), 2,
        "Lỗi: Bảng trong tệp «rong.xlsx» có 61 cột; chương trình nhập tối đa 60 cột một lần. "
        "Chưa nhập gì; hãy tách bảng thành nhiều tệp.", keeps="counts", setup=steps.wide_xlsx),
    Bad("a Word table of 20 006 rows", ("import", "{dir}/dai.docx", "--dry-run"), 2,
        "Lỗi: Bảng trong tệp «dai.docx» có 20.006 dòng; chương trình nhập tối đa 20.000 dòng một lần. "
        "Chưa nhập gì; hãy tách bảng thành nhiều tệp.", setup=steps.long_docx),
    Bad("a Word file of 11 MB of XML", ("import", "{dir}/phinh.docx", "--year", "2025"), 2,
        re.compile(r"Lỗi: Tệp «phinh\.docx» chứa 11,\d MB nội dung Word \(XML\), quá giới hạn 10,0 MB mà chương trình "
                   r"đọc được; một kế hoạch thật nhỏ hơn nhiều\. Chưa nhập gì\."), keeps="counts",
        setup=steps.inflated_docx),
    Bad("import a FIFO", ("import", "{dir}/ong.txt"), 2,
        f"Lỗi: Không đọc được «{{dir}}/ong.txt»: {FIFO_NOTE}.", setup=steps.fifo("ong.txt")),
    Bad("import an empty file", ("import", "{dir}/rong.txt", "--plan", "1"), 2, "Lỗi: Tệp «rong.txt» trống.",
        setup=steps.file("rong.txt", b"")),
    # -- restore: validated before anything is replaced ------------------------------------------------------------
    Bad("restore another program's SQLite with a plans table", ("restore", "{dir}/ngoai.sqlite3", "--db", "{db}"), 2,
        "Lỗi: «ngoai.sqlite3» không phải bản sao lưu của Sổ kế hoạch CCHC (tệp SQLite của chương trình khác).",
        setup=lambda case: files.foreign_sqlite(case.dir / "ngoai.sqlite3")),
    Bad("restore a backup from a newer version", ("restore", "{dir}/moi-hon.sqlite3", "--db", "{db}"), 2,
        "Lỗi: «moi-hon.sqlite3» có phiên bản dữ liệu 0099, chương trình này không biết (có thể do phiên bản mới "
        "hơn tạo ra); không khôi phục.",
        setup=steps.backup_like("moi-hon.sqlite3", "UPDATE alembic_version SET version_num = '0099';")),
    Bad("restore a file of our lineage missing a column", ("restore", "{dir}/thieu-cot.sqlite3", "--db", "{db}"), 2,
        "Lỗi: «thieu-cot.sqlite3» không đúng cấu trúc dữ liệu của Sổ kế hoạch CCHC (bảng plans thiếu cột "
        "appendix_title); không khôi phục.",
        setup=steps.backup_like("thieu-cot.sqlite3", "ALTER TABLE plans DROP COLUMN appendix_title;")),
    Bad("restore a damaged backup", ("restore", "{dir}/hong.sqlite3", "--db", "{db}"), 2,
        re.compile(r"Lỗi: «hong\.sqlite3» bị hỏng( \(không đạt kiểm tra toàn vẹn\))?, không dùng để khôi phục được\."),
        setup=steps.damaged_backup),
    Bad("restore a text file", ("restore", "{dir}/ghi-chu.sqlite3", "--db", "{db}"), 2,
        "Lỗi: «ghi-chu.sqlite3» không phải bản sao lưu của Sổ kế hoạch CCHC (không phải tệp SQLite).",
        setup=steps.file("ghi-chu.sqlite3", "ghi chú".encode())),
    Bad("restore a missing file", ("restore", "{dir}/khong-co.sqlite3", "--db", "{db}"), 2,
        "Lỗi: Không tìm thấy tệp «{dir}/khong-co.sqlite3»."),
    Bad("restore from a FIFO", ("restore", "{dir}/ong", "--db", "{db}"), 2,
        f"Lỗi: Không dùng được «{{dir}}/ong» để khôi phục: {FIFO_NOTE}.", setup=steps.fifo("ong")),
    # -- submission packages and consolidation (issue 21) ---------------------------------------------------------
    Bad("package onto the data file", ("package", "1", "{db}", "--period", "q1"), 2, SAME_FILE.format(target="{db}")),
    Bad("package for an unknown period", ("package", "1", "{dir}/g.cchc", "--period", "q5"), 2,
        "Lỗi: Kỳ báo cáo không hợp lệ: «q5» (dùng: q1, h1, q3, year).", then=steps.absent("{dir}/g.cchc")),
    Bad("package of a plan whose body names no unit", ("package", "1", "{dir}/g.cchc", "--period", "q1"), 2,
        "Lỗi: Chưa có tên đơn vị để ghi vào gói: hãy nhập tên đơn vị (ví dụ «phường Sông Cầu») trong Thiết lập "
        "hoặc trong hộp thoại Gửi lên tỉnh (dòng lệnh: --unit-name).", then=steps.absent("{dir}/g.cchc")),
    Bad("package counted on a day outside its period",
        ("package", "1", "{dir}/g.cchc", "--period", "q1", "--as-of", "2023-06-30", "--unit-name", "phường Sông Cầu"),
        2, "Lỗi: Ngày tính số liệu 30/06/2023 nằm ngoài kỳ quý I năm 2023 (15/12/2022–14/03/2023).", keeps="counts",
        then=steps.absent("{dir}/g.cchc")),
    Bad("package with a unit code that is not a code",
        ("package", "1", "{dir}/g.cchc", "--period", "q1", "--unit-code", "P.Sông Cầu"), 2,
        "Lỗi: Mã đơn vị không hợp lệ: «P.Sông Cầu» (chỉ gồm chữ số, ví dụ 22345).", then=steps.absent("{dir}/g.cchc")),
    Bad("package under a name the province's folder scan would miss", ("package", "1", "{dir}/g.zip", "--period", "q1"),
        2, "Lỗi: Tên tệp gói nộp báo cáo phải có đuôi .cchc: «{dir}/g.zip».", then=steps.absent("{dir}/g.zip")),
    Bad("consolidate into the backups folder", ("consolidate", "{data}/backups/th.xlsx", "{dir}/khong-co.cchc"), 2,
        MANAGED.format(target="{data}/backups/th.xlsx", label="thư mục sao lưu", folder="{data}/backups")),
    Bad("consolidate to a Word file", ("consolidate", "{dir}/th.docx", "{dir}"), 2,
        "Lỗi: Tệp kết quả phải là .xlsx hoặc .pdf: «{dir}/th.docx»."),
    Bad("consolidate a FIFO named like a package", ("consolidate", "{dir}/th.xlsx", "{dir}/ong.cchc"), 2,
        f"Lỗi: Không có gói nộp báo cáo nào đọc được. «{{dir}}/ong.cchc»: {FIFO_NOTE}, không phải gói nộp báo cáo.",
        setup=steps.fifo("ong.cchc"), then=steps.absent("{dir}/th.xlsx")),
    Bad("consolidate a folder holding no package", ("consolidate", "{dir}/th.xlsx", "{dir}"), 2,
        "Lỗi: Không có gói nộp báo cáo nào đọc được.", then=steps.absent("{dir}/th.xlsx")),
    Bad("consolidate --year without --period", ("consolidate", "{dir}/th.xlsx", "{dir}", "--year", "2025"), 2,
        "Lỗi: --year và --deadline dùng cùng với --period."),
    # -- and what was already refused stays refused -----------------------------------------------------------------
    Bad("unknown period", ("report", "1", "{dir}/r.pdf", "--period", "q5"), 2,
        "Lỗi: Kỳ báo cáo không hợp lệ: «q5» (dùng: q1, h1, q3, year)."),
    Bad("unknown column", ("export-xlsx", "1", "{dir}/x.xlsx", "--columns", "task,lương"), 2,
        re.compile(r"Lỗi: Cột không hợp lệ: lương \(dùng: .*\)\.")),
    Bad("percent over 100", (*LOG, "--percent", "150"), 2, "Lỗi: Tỷ lệ hoàn thành phải từ 0 đến 100 (nhận được 150)."),
    # -- issue 20: the unit and the province's criteria table -------------------------------------------------------
    Bad("unit without its kind", ("unit", "--set", "unit=Hồng Hải"), 2,
        "Lỗi: Cần ghi cả loại đơn vị (phường, xã, đặc khu) trước tên: «Hồng Hải»."),
    Bad("unit: a district field", ("unit", "--set", "district=Đông Sơn"), 2,
        "Lỗi: Không có trường «district» (dùng: unit, province, upper_body, home_affairs_body, home_affairs_email, "
        "place, addressees, code)."),
    Bad("unit: a code with letters", ("unit", "--set", "code=12ab"), 2,
        "Lỗi: Mã đơn vị không hợp lệ: «12ab» (chỉ gồm chữ số, ví dụ 22345)."),
    Bad("criteria: a code twice", ("self-assess", "1", "{dir}/tu-danh-gia.xlsx", "--criteria", "{dir}/tc.xlsx"), 2,
        "Lỗi: Dòng 4: mã «1.1» trùng với dòng 3.",
        setup=steps.criteria_table("tc.xlsx", ("1.1", "Kế hoạch", 1), ("1.1", "Báo cáo", 1)),
        then=steps.absent("{dir}/tu-danh-gia.xlsx")),
    Bad("criteria: a scale above the max", ("self-assess", "1", "{dir}/tu-danh-gia.xlsx", "--criteria",
                                            "{dir}/tc.xlsx"), 2,
        "Lỗi: Dòng 3 (mã 1.2): thang điểm cho tới 2 điểm, lớn hơn điểm tối đa 1.",
        setup=steps.criteria_table("tc.xlsx", ("1.2", "Tỷ lệ hoàn thành", 1, "ty-le-hoan-thanh", ">=90:2;0")),
        then=steps.absent("{dir}/tu-danh-gia.xlsx")),
    Bad("criteria: a scale that does not parse", ("self-assess", "1", "{dir}/tu-danh-gia.xlsx", "--criteria",
                                                  "{dir}/tc.xlsx"), 2,
        "Lỗi: Dòng 3 (mã 1.2): thang điểm «trên 90: 2»: không đọc được «trên 90: 2» (ví dụ đúng: >=90:2;>=70:1;0).",
        setup=steps.criteria_table("tc.xlsx", ("1.2", "Tỷ lệ hoàn thành", 2, "ty-le-hoan-thanh", "trên 90: 2")),
        then=steps.absent("{dir}/tu-danh-gia.xlsx")),
    Bad("criteria: no max column", ("self-assess", "1", "{dir}/tu-danh-gia.xlsx", "--criteria", "{dir}/tc.xlsx"), 2,
        "Lỗi: Bảng tiêu chí (trang «Sheet», hàng tiêu đề ở dòng 2) thiếu cột «Điểm tối đa».",
        setup=steps.criteria_table("tc.xlsx", ("1.1", "Kế hoạch"), header=("Mã", "Nội dung")),
        then=steps.absent("{dir}/tu-danh-gia.xlsx")),
]


@pytest.fixture(autouse=True)
def _no_hang():
    """A FIFO read blocks forever: fail the row instead of the whole run."""
    def timeout(signum, frame):
        raise TimeoutError("the command hung")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("bad", CASES, ids=[c.name for c in CASES])
def test_bad_input(case, monkeypatch, bad: Bad):
    if bad.setup is not None:
        bad.setup(case)
    for name, value in bad.env.items():
        monkeypatch.setenv(name, case.fill(value))
    before = file_state(case.db)
    try:
        argv = bad.argv + (("--db", "{db}") if bad.with_db and "--db" not in bad.argv else ())
        result = run_cli(*(case.fill(a) for a in argv))
    finally:
        for folder in (case.dir / "ro",):
            if folder.exists():
                folder.chmod(0o755)
    assert (result.code, result.message if bad.code else "") == (bad.code, _expected(bad, case, result)), result.err
    if bad.code == 0:
        assert "Lỗi" not in result.err
    after = file_state(case.db)
    if bad.keeps == "bytes":
        assert after == before
    else:
        assert after.integrity == "ok"
        if bad.keeps == "counts":
            assert after.counts == before.counts
        elif bad.keeps == "counts-plus-mail":
            assert after.counts["mail_history"] == before.counts["mail_history"] + 1
            assert {k: v for k, v in after.counts.items() if k not in ("mail_history", "contacts")} == \
                {k: v for k, v in before.counts.items() if k not in ("mail_history", "contacts")}
    if bad.then is not None:
        bad.then(case, result)


def _expected(bad: Bad, case, result) -> str:
    """The exact line expected; a pattern (where SQLite decides between two
    true sentences) stands for the line it matches in full."""
    if isinstance(bad.message, re.Pattern):
        return result.message if bad.message.fullmatch(result.message) else bad.message.pattern
    return case.fill(bad.message)


def test_the_catalogue_is_big_enough():
    assert len(CASES) >= 60
