"""Fuzzing the importers: files to import come from anywhere.

Each test mutates a good file (a seed plan's text, an appendix this program
exported, a Word document with merged cells) and imports it through the
services, as the window and ``cchc import`` do. Whatever the file holds, the
import either succeeds or refuses with a Vietnamese message (a ``UserError``);
when it refuses, the database is exactly as before.

The readers are called without the last-resort net of ``read_import_file``
(which turns any exception into "nội dung không đúng định dạng"), so a reader
that trips over a case it should have handled fails here instead of hiding.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import UserError
from app.io.importers import _read_by_kind
from app.io.table_reader import parse_tsv, read_table
from tests.conftest import SEEDS, seed_table_tsv
from tests.docx_builder import build_docx

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Characters that matter to the readers: Vietnamese letters, digits, the
# separators of a table, XML's own characters, and a few that are trouble.
_PIECES = st.sampled_from(
    list("aăâeêioôơuưyđAĐÊƠƯ áàảãạếềểễệ0123456789\t\n\r;:-–./()+IVXLC<>&\"'=")
    + ["\x00", "\ufeff", "\u0301", "\U0001F600", "\u200b", "năm 2025", "Quý III", "tháng 13", "TT", "Nhiệm vụ"])
_TEXT = st.lists(_PIECES, max_size=12).map("".join)

# An edit: (what, where as a fraction of the length, how long, new text).
_EDITS = st.lists(st.tuples(st.sampled_from(["insert", "delete", "replace", "duplicate"]),
                            st.floats(min_value=0, max_value=1), st.integers(min_value=0, max_value=400), _TEXT),
                  min_size=1, max_size=6)


def mutate(text: str, edits) -> str:
    for what, where, length, new in edits:
        at = int(where * len(text))
        if what == "insert":
            text = text[:at] + new + text[at:]
        elif what == "delete":
            text = text[:at] + text[at + length:]
        elif what == "replace":
            text = text[:at] + new + text[at + len(new):]
        else:
            text = text[:at] + text[at:at + length] * 2 + text[at + length:]
    return text


def mutate_bytes(data: bytes, flips) -> bytes:
    out = bytearray(data)
    for where, value in flips:
        out[int(where * (len(out) - 1))] = value
    return bytes(out)


def database_dump(services) -> list[str]:
    """Every row of every table, read through a second connection."""
    with sqlite3.connect(services.db.path) as connection:
        return list(connection.iterdump())


def import_through_services(services, path: Path) -> str:
    before = database_dump(services)
    try:
        source = _read_by_kind(path)
        services.imports.apply(source)
    except UserError as error:
        assert str(error).strip(), "a refusal must say why"
        assert database_dump(services) == before, "a refused import changed the database"
        return "refused"
    return "imported"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    from app.services import Services

    root = tmp_path_factory.mktemp("fuzz")
    services = Services.open(root / "fuzz.sqlite3", root / "data")
    yield root, services
    services.close()


@FUZZ
@given(seed=st.sampled_from(["000", "001", "002", "004"]), edits=_EDITS)
def test_mutated_text_plans_import_or_refuse_cleanly(workspace, seed, edits):
    root, services = workspace
    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    path = root / "ke-hoach.txt"
    path.write_text(mutate(text, edits), encoding="utf-8", errors="surrogatepass")
    import_through_services(services, path)


@FUZZ
@given(seed=st.sampled_from(["000", "004"]),
       flips=st.lists(st.tuples(st.floats(min_value=0, max_value=1), st.integers(0, 255)), min_size=1, max_size=8))
def test_text_in_another_encoding_or_with_broken_bytes_is_refused_or_read(workspace, seed, flips):
    root, services = workspace
    data = next(SEEDS.glob(f"{seed}_*.txt")).read_bytes()
    path = root / "ke-hoach-hong.txt"
    path.write_bytes(mutate_bytes(data, flips))
    import_through_services(services, path)


@pytest.fixture(scope="module")
def exported_xlsx(workspace) -> Path:
    from tests.seeds import enter_seed

    root, services = workspace
    plan_id = enter_seed(services, "004")
    return services.exports.export_xlsx(plan_id, root / "goc.xlsx")


def rewrite_zip_member(data: bytes, member: str, change) -> bytes:
    """The same zip with one member's XML text changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == member:
                content = change(content.decode("utf-8")).encode("utf-8", "surrogatepass")
            target.writestr(info, content)
    return out.getvalue()


_CELL_EDITS = st.lists(st.tuples(
    st.sampled_from(["set", "clear", "merge", "unmerge", "delete_rows", "insert_rows", "delete_cols"]),
    st.integers(1, 30), st.integers(1, 12), st.integers(0, 6),
    st.one_of(_TEXT, st.integers(-10**12, 10**12), st.floats(allow_nan=True), st.dates().map(str))),
    min_size=1, max_size=8)


def edit_workbook(data: bytes, edits) -> bytes:
    import openpyxl
    from openpyxl.cell.cell import MergedCell

    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    for what, row, column, size, value in edits:
        cell = sheet.cell(row, column)
        if what in ("set", "clear") and isinstance(cell, MergedCell):
            continue  # Excel does not let a covered cell hold a value either
        if what == "set":
            cell.value = value if not isinstance(value, str) else value.replace("\x00", "")
        elif what == "clear":
            cell.value = None
        elif what == "merge":
            try:
                sheet.merge_cells(start_row=row, start_column=column, end_row=row + size, end_column=column + size % 3)
            except ValueError:
                pass
        elif what == "unmerge" and sheet.merged_cells.ranges:
            ranges = sorted(sheet.merged_cells.ranges, key=str)
            try:
                sheet.unmerge_cells(str(ranges[row % len(ranges)]))
            except KeyError:
                pass  # openpyxl does not move merges when rows are deleted
        elif what == "delete_rows":
            sheet.delete_rows(row, size + 1)
        elif what == "insert_rows":
            sheet.insert_rows(row, size + 1)
        else:
            sheet.delete_cols(column, size % 3 + 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@FUZZ
@given(edits=_CELL_EDITS)
def test_an_edited_exported_appendix_imports_or_refuses_cleanly(workspace, exported_xlsx, edits):
    root, services = workspace
    path = root / "sua.xlsx"
    path.write_bytes(edit_workbook(exported_xlsx.read_bytes(), edits))
    import_through_services(services, path)


@FUZZ
@given(edits=_EDITS)
def test_a_damaged_sheet_xml_is_refused_or_read(workspace, exported_xlsx, edits):
    root, services = workspace
    path = root / "hong.xlsx"
    path.write_bytes(rewrite_zip_member(exported_xlsx.read_bytes(), "xl/worksheets/sheet1.xml", lambda xml: mutate(xml, edits)))
    import_through_services(services, path)


@FUZZ
@given(flips=st.lists(st.tuples(st.floats(min_value=0, max_value=1), st.integers(0, 255)), min_size=1, max_size=4))
def test_an_xlsx_with_broken_bytes_is_refused(workspace, exported_xlsx, flips):
    root, services = workspace
    path = root / "vo.xlsx"
    path.write_bytes(mutate_bytes(exported_xlsx.read_bytes(), flips))
    import_through_services(services, path)


@pytest.fixture(scope="module")
def built_docx(workspace) -> Path:
    root, _services = workspace
    fields = ["number", "objective", "task", "activity", "output", "lead", "support", "timeframe", "budget"]
    headers = ["TT", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Sản phẩm", "Chủ trì", "Phối hợp", "Thời gian",
               "Kinh phí"]
    rows = read_table(parse_tsv(seed_table_tsv("004"))).rows
    return build_docx(root / "goc.docx", headers, fields, rows, ["KẾ HOẠCH", "Cải cách hành chính năm 2023",
                                                                "PHỤ LỤC"])


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_STRUCTURE_EDITS = st.lists(st.tuples(
    st.sampled_from(["drop_cell", "drop_row", "copy_row", "span", "vmerge", "text", "drop_grid", "nest_table"]),
    st.integers(0, 10**6), st.one_of(st.integers(-5, 80), _TEXT)), min_size=1, max_size=8)


def edit_document_xml(xml: str, edits) -> str:
    """Change the table's structure the ways real Word files differ: cells
    missing or spanning too far, merges that start nowhere, nested tables."""
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    for what, pick, value in edits:
        cells, rows = root.findall(f".//{_W}tc"), root.findall(f".//{_W}tr")
        if not cells:
            break
        cell, row = cells[pick % len(cells)], rows[pick % len(rows)]
        if what == "drop_cell":
            cell.getparent().remove(cell)
        elif what == "drop_row":
            row.getparent().remove(row)
        elif what == "copy_row":
            row.addnext(etree.fromstring(etree.tostring(row)))
        elif what in ("span", "vmerge"):
            properties = cell.find(f"{_W}tcPr")
            if properties is None:
                properties = etree.SubElement(cell, f"{_W}tcPr")
                cell.insert(0, properties)
            tag = "gridSpan" if what == "span" else "vMerge"
            mark = etree.SubElement(properties, f"{_W}{tag}")
            if what == "span":
                mark.set(f"{_W}val", str(value))
            elif isinstance(value, int) and value % 2:
                mark.set(f"{_W}val", "restart")
        elif what == "text":
            texts = cell.findall(f".//{_W}t")
            if texts:
                texts[0].text = str(value).replace("\x00", "")
        elif what == "drop_grid":
            for grid in root.findall(f".//{_W}tblGrid"):
                grid.getparent().remove(grid)
        else:
            inner = root.find(f".//{_W}tbl")
            if inner is not None:
                cell.append(etree.fromstring(etree.tostring(inner)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")


@FUZZ
@given(edits=_STRUCTURE_EDITS)
def test_a_word_table_with_odd_structure_imports_or_refuses_cleanly(workspace, built_docx, edits):
    root, services = workspace
    path = root / "la.docx"
    path.write_bytes(rewrite_zip_member(built_docx.read_bytes(), "word/document.xml", lambda xml: edit_document_xml(xml, edits)))
    import_through_services(services, path)


@FUZZ
@given(edits=_EDITS)
def test_a_damaged_word_xml_is_refused_or_read(workspace, built_docx, edits):
    root, services = workspace
    path = root / "hong.docx"
    path.write_bytes(rewrite_zip_member(built_docx.read_bytes(), "word/document.xml", lambda xml: mutate(xml, edits)))
    import_through_services(services, path)


def test_the_fuzz_inputs_reach_both_outcomes(workspace, exported_xlsx, built_docx):
    """The mutations are neither all harmless nor all fatal: a test that only
    ever sees refusals would not check the import path at all."""
    root, services = workspace
    light = root / "nhe.docx"
    light.write_bytes(rewrite_zip_member(built_docx.read_bytes(), "word/document.xml",
                                         lambda xml: edit_document_xml(xml, [("text", 40, "Sửa chữ")])))
    broken = root / "gay.docx"
    broken.write_bytes(rewrite_zip_member(built_docx.read_bytes(), "word/document.xml", lambda xml: xml[: len(xml) // 2]))
    assert import_through_services(services, light) == "imported"
    assert import_through_services(services, broken) == "refused"
