"""What the rows of the command-line catalogue prepare before running
(``setup``: files, links, FIFOs, text an older version stored) and check
after (``then``: what else the user would see)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from tests.bad_inputs import files
from tests.bad_inputs.conftest import run_cli

READ_ONLY_MARK = 0o444


def mkdir(*parts):
    return lambda case: case.dir.joinpath(*parts).mkdir(parents=True)


def symlink(case):
    (case.dir / "loi-tat.xlsx").symlink_to(case.db)


def hardlink(case):
    os.link(case.db, case.dir / "ban-khac.sqlite3")


def read_only_file(name):
    def setup(case):
        target = case.dir / name
        target.write_bytes(b"ban cu")
        target.chmod(READ_ONLY_MARK)
    return setup


def unchanged(name):
    def then(case, result):
        assert (case.dir / name).read_bytes() == b"ban cu"
    return then


def absent(*names):
    def then(case, result):
        for name in names:
            assert not Path(case.fill(name)).exists(), name
    return then


def not_a_workbook(name):
    def then(case, result):
        path = Path(case.fill(name))
        assert not path.exists() or not path.read_bytes().startswith(b"PK")
    return then


def fifo(name):
    return lambda case: files.fifo(case.dir / name)


def file(name, data=b"x"):
    return lambda case: (case.dir / name).write_bytes(data)


def store_raw(sql, *params):
    """Text an older version let in, written straight into the file."""
    def setup(case):
        connection = sqlite3.connect(case.db)
        connection.execute(sql, params)
        connection.commit()
        connection.close()
    return setup


def task_text(expected):
    """The row add-row reported (by its printed number) holds ``expected``."""
    def then(case, result):
        number = result.out.strip()
        shown = run_cli("show", "1", "--json", "--db", case.db)
        row = next(r for r in json.loads(shown.out)["rows"] if r["number"] == number)
        assert row["task"] == expected
    return then


def last_result(expected):
    def then(case, result):
        connection = sqlite3.connect(case.db)
        value = connection.execute("SELECT result FROM progress_entries ORDER BY id DESC LIMIT 1").fetchone()[0]
        connection.close()
        assert value == expected
    return then


def xlsx_cell(name, expected):
    def then(case, result):
        from openpyxl import load_workbook

        sheet = load_workbook(case.dir / name).active
        assert expected in [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    return then


def docx_text(name, expected):
    """A Word file holding ``expected`` in one of its paragraphs or table cells."""
    def then(case, result):
        import docx

        document = docx.Document(str(case.dir / name))
        texts = [p.text for p in document.paragraphs]
        texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        assert any(expected in text for text in texts), texts[:20]
    return then


def eml_to(*expected):
    """The draft's recipients as a mail program reads them: (name, address)."""
    def then(case, result):
        from email import message_from_bytes, policy

        message = message_from_bytes((case.dir / "thu.eml").read_bytes(), policy=policy.default)
        assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == list(expected)
    return then


def show_text_escapes(case, result):
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "Thiết lập\\x1b[2J\\x07 bộ phận" in result.out


def big_xlsx(case):
    files.xlsx_with_rows(case.dir / "dai.xlsx", 20_049)


def wide_xlsx(case):
    files.xlsx_with_rows(case.dir / "rong.xlsx", 10, far_column=61)


def long_docx(case):
    files.docx_with_table(case.dir / "dai.docx", 20_005)


def inflated_docx(case):
    files.docx_with_table(case.dir / "phinh.docx", 5, filler_paragraph_bytes=11 * 1024 * 1024)


def backup_like(name, sql):
    def setup(case):
        files.tampered_copy(case.db, case.dir / name, sql)
    return setup


def damaged_backup(case):
    files.damaged_copy(case.db, case.dir / "hong.sqlite3")


def data_dir_is_a_file(case):
    (case.dir / "tep").write_text("không phải thư mục", encoding="utf-8")


def read_only_folder(case):
    folder = case.dir / "ro"
    folder.mkdir()
    folder.chmod(0o555)


def two_attachments_second_too_big(case):
    (case.dir / "bien-ban.pdf").write_bytes(b"%PDF-1.4 nho")
    files.sparse_file(case.dir / "lon.bin", 201 * 1024 * 1024)


def criteria_table(name, *rows, header=("Mã", "Nội dung", "Điểm tối đa", "Cách tính", "Thang điểm")):
    """A province's criteria table (.xlsx) under its title, as ``cchc self-assess --criteria`` reads it."""
    def setup(case):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(["BỘ TIÊU CHÍ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ"])
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
        book.save(case.dir / name)
    return setup
