"""The services (what the window calls) and the importers fed the same bad
inputs: the exception a user reads (class and exact sentence) or, where
the input is only cleaned, what is stored — and the data file's
``integrity_check`` and counts afterwards."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from app.core.errors import FileReadError, FileWriteError, InvalidInputError, UserError
from app.services import Services
from tests.bad_inputs import files
from tests.bad_inputs.conftest import file_state

TO = "Sở Nội vụ <snv@tinh.gov.vn>"


@dataclass(frozen=True)
class Bad:
    name: str
    action: Callable          # (services, folder) -> value
    error: type | None        # the exception class the user's message comes in; None: accepted
    message: str = ""         # the exact sentence ({dir} filled in); for an accepted input, what is returned
    keeps: str = "counts"     # "counts": same counts; "changed": the input was taken (cleaned)


def _task(services):
    return services.rows.find_by_number(1, "3")


def _entry_with_files(*names, sizes=None):
    def action(services, folder):
        paths = []
        for name in names:
            path = folder / name
            if not path.exists() and name.endswith(".bin"):
                files.sparse_file(path, 201 * 1024 * 1024)
            elif not path.exists() and name != "khong-co.pdf":
                path.write_bytes(b"%PDF-1.4 " + name.encode())
            paths.append(path)
        return services.progress.add(_task(services).id, files=paths, date=date(2023, 3, 2), status="hoan-thanh")
    return action


def _edit_with(name):
    def action(services, folder):
        entry = services.progress.list(1)[0]
        files.sparse_file(folder / name, 201 * 1024 * 1024)
        return services.progress.edit(entry.id, {"result": "đã sửa"}, [folder / name])
    return action


def _stored_task(text):
    def action(services, folder):
        from app.core.model import RowKind

        row = services.rows.add(1, RowKind.TASK, services.rows.find_area(1, "II").id
                                if _has_areas(services) else None, texts={"task": text})
        return services.rows.get(row.id).task
    return action


def _has_areas(services):
    from app.core.model import RowKind

    return any(r.kind is RowKind.AREA for r in services.rows.list(1))


def _import(name, make):
    def action(services, folder):
        from app.io.importers import read_import_file

        path = make(folder / name)
        area = services.imports.areas_of(1)[0][0]  # rows without areas go into the one the officer picks
        return services.imports.apply(read_import_file(path), plan_id=1, area_id=area)
    return action


def _guard(target):
    return lambda services, folder: services.check_output(Path(str(target).format(
        db=services.db.path, dir=folder, data=services.data_dir)))


CASES = [
    Bad("entry with a 201 MB file: no entry", _entry_with_files("lon.bin"), InvalidInputError,
        "Tệp đính kèm «lon.bin» quá lớn (201 MB; tối đa 200 MB). Chưa ghi gì."),
    Bad("entry with a good file and a missing one: nothing", _entry_with_files("bien-ban.pdf", "khong-co.pdf"),
        InvalidInputError, "Không tìm thấy tệp đính kèm «{dir}/khong-co.pdf»."),
    Bad("entry with two files: one transaction, both linked",
        lambda s, d: [a.file_name for a in _entry_with_files("a.pdf", "b.pdf")(s, d).attachments], None,
        ["a.pdf", "b.pdf"], keeps="changed"),
    Bad("edit adding a 201 MB file: entry unchanged", _edit_with("lon.bin"), InvalidInputError,
        "Tệp đính kèm «lon.bin» quá lớn (201 MB; tối đa 200 MB). Chưa ghi gì.",
        keeps="counts"),
    Bad("attach a FIFO", lambda s, d: s.attachments.attach(s.progress.list(1)[0].id, files.fifo(d / "ong")),
        InvalidInputError, "Không đính kèm được «{dir}/ong»: không phải tệp thông thường (thiết bị, ống dẫn…)."),
    Bad("control characters in a typed cell", _stored_task("Niêm yết\x0b TTHC\x1b"), None, "Niêm yết TTHC",
        keeps="changed"),
    Bad("a lone surrogate in a pasted cell", _stored_task("Tệp \udcc3\udca1"), None, "Tệp \ufffd\ufffd",
        keeps="changed"),
    Bad("control characters in the plan title",
        lambda s, d: (s.plans.update(1, {"title": "Kế\x07 hoạch\r\nCCHC"}), s.plans.get(1).title)[1], None,
        "Kế hoạch\nCCHC", keeps="changed"),
    Bad("control characters in a report's text",
        lambda s, d: (s.reports.update(s.reports.list(1)[0].id, {"texts": {"uu_diem": "Kết quả\x1b[0m"}}),
                      s.reports.get(s.reports.list(1)[0].id).texts["uu_diem"])[1], None, "Kết quả[0m",
        keeps="changed"),
    Bad("control characters in a setting", lambda s, d: (s.settings.set("unit_name", "phường\x00 Sông Cầu"),
                                                         s.settings.get("unit_name"))[1], None,
        "phường Sông Cầu", keeps="changed"),
    Bad("two addresses given as one contact", lambda s, d: s.contacts.add("snv@tinh.gov.vn, pnv@xa.gov.vn"),
        InvalidInputError, "Hãy nhập từng địa chỉ một (nhận được 2 địa chỉ): «snv@tinh.gov.vn, pnv@xa.gov.vn»."),
    Bad("a contact with a header after a line break", lambda s, d: s.contacts.add("snv@tinh.gov.vn\nBcc: x@y.z"),
        InvalidInputError, "Địa chỉ thư không được chứa dấu xuống dòng: «snv@tinh.gov.vn Bcc: x@y.z»."),
    Bad("recipients separated by ; as Outlook writes them",
        lambda s, d: s.mail.prepare(1, ["snv@tinh.gov.vn; Phòng Nội vụ <pnv@xa.gov.vn>"], include=["xlsx"]).recipients,
        None, ("snv@tinh.gov.vn", "Phòng Nội vụ <pnv@xa.gov.vn>"), keeps="changed"),
    Bad("a mail draft onto the data file", lambda s, d: s.mail.prepare(1, [TO], include=["xlsx"], target=s.db.path),
        FileWriteError, "«{db}» chính là tệp dữ liệu đang mở; ghi đè lên nó sẽ mất toàn bộ dữ liệu. "
                        "Hãy chọn tên tệp khác."),
    Bad("an export onto the lock file", _guard("{db}.lock"), FileWriteError,
        "«{db}.lock» là tệp đi kèm tệp dữ liệu đang mở; ghi vào đó sẽ làm hỏng dữ liệu. Hãy chọn tên tệp khác."),
    Bad("an export onto the rollback journal", _guard("{db}-journal"), FileWriteError,
        "«{db}-journal» là tệp đi kèm tệp dữ liệu đang mở; ghi vào đó sẽ làm hỏng dữ liệu. Hãy chọn tên tệp khác."),
    Bad("an export into a backups sub-folder", _guard("{data}/backups/x/y.pdf"), FileWriteError,
        "«{data}/backups/x/y.pdf» nằm trong thư mục sao lưu «{data}/backups» do chương trình tự quản lý. "
        "Hãy lưu vào thư mục khác."),
    Bad("import 20 001 rows of a sheet into the open plan", _import("dai.xlsx", lambda p: files.xlsx_with_rows(
        p, 20_000)), FileReadError, "Bảng trong tệp «dai.xlsx» có 20.001 dòng; chương trình nhập tối đa 20.000 dòng "
                                    "một lần. Chưa nhập gì; hãy tách bảng thành nhiều tệp."),
    Bad("import 20 000 rows exactly: all of them", lambda s, d: _import("du.xlsx", lambda p: files.xlsx_with_rows(
        p, 19_999))(s, d).tasks, None, 19_999, keeps="changed"),
    Bad("import a Word file of 11 MB of XML", _import("phinh.docx", lambda p: files.docx_with_table(
        p, 3, filler_paragraph_bytes=11 * 1024 * 1024)), FileReadError, None),
    Bad("import a sheet cut short, with no declared size", _import("cut.xlsx", files.xlsx_with_broken_sheet),
        FileReadError, "Tệp Excel «cut.xlsx» bị hỏng hoặc không đọc được (XMLSyntaxError)."),
    Bad("import a FIFO", _import("ong.xlsx", files.fifo), FileReadError,
        "Không đọc được «{dir}/ong.xlsx»: không phải tệp thông thường (thiết bị, ống dẫn…)."),
]


@pytest.fixture
def opened(case):
    services = Services.open(case.db, case.data)
    yield services
    services.close()


@pytest.mark.parametrize("bad", CASES, ids=[c.name for c in CASES])
def test_bad_input(case, opened, bad: Bad):
    before = file_state(case.db)
    if bad.error is None:
        assert bad.action(opened, case.dir) == bad.message
    else:
        with pytest.raises(UserError) as refused:
            bad.action(opened, case.dir)
        assert type(refused.value) is bad.error or isinstance(refused.value, bad.error)
        if bad.message is not None:
            assert str(refused.value) == bad.message.format(dir=case.dir, db=case.db, data=case.data)
        else:
            assert str(refused.value).startswith("Tệp «phinh.docx» chứa 11,")
    opened.close()
    after = file_state(case.db)
    assert after.integrity == "ok"
    if bad.keeps == "counts":
        assert after.counts == before.counts


def test_the_entry_edit_changed_nothing_when_its_file_was_refused(case, opened):
    entry = opened.progress.list(1)[0]
    files.sparse_file(case.dir / "lon.bin", 201 * 1024 * 1024)
    with pytest.raises(InvalidInputError):
        opened.progress.edit(entry.id, {"result": "đã sửa"}, [case.dir / "lon.bin"])
    assert opened.progress.get(entry.id) == entry


def test_no_copy_of_a_refused_file_is_left_in_the_store(case, opened):
    files.sparse_file(case.dir / "lon.bin", 201 * 1024 * 1024)
    (case.dir / "nho.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(InvalidInputError):
        _entry_with_files("nho.pdf", "lon.bin")(opened, case.dir)
    store = opened.attachments.root
    assert not store.exists() or not [p for p in store.rglob("*") if p.is_file()]


def test_the_catalogues_hold_more_than_sixty_bad_inputs():
    from tests.bad_inputs import test_cli_catalogue

    assert len(CASES) + len(test_cli_catalogue.CASES) >= 60
    assert os.environ.get("CCHC_DATA_DIR")  # never the real data folder
