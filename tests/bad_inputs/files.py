"""Bad files for the catalogue, made the way they reach an officer."""

from __future__ import annotations

import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')


def _cell(text: str) -> str:
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def docx_with_table(path: Path, rows: int, filler_paragraph_bytes: int = 0) -> Path:
    """A Word file (the minimal parts Word needs) whose appendix table has
    ``rows`` task rows under the usual header; ``filler_paragraph_bytes`` of
    text before it make the XML big while the file stays small."""
    header = "<w:tr>" + _cell("STT") + _cell("Nội dung") + _cell("Cơ quan chủ trì") + _cell("Thời gian") + "</w:tr>"
    body = [header]
    for n in range(1, rows + 1):
        body.append("<w:tr>" + _cell(str(n)) + _cell(f"Nhiệm vụ {n}") + _cell("UBND") + _cell("Quý II/2025")
                    + "</w:tr>")
    filler = ""
    if filler_paragraph_bytes:
        chunk = "<w:p><w:r><w:t>" + "Kế hoạch cải cách hành chính " * 30 + "</w:t></w:r></w:p>"
        filler = chunk * (filler_paragraph_bytes // len(chunk.encode()) + 1)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
                f"{filler}<w:p><w:r><w:t>PHỤ LỤC</w:t></w:r></w:p><w:tbl>{''.join(body)}</w:tbl>"
                "<w:sectPr/></w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return path


def xlsx_with_rows(path: Path, rows: int, far_column: int | None = None) -> Path:
    """An appendix sheet of ``rows`` tasks; ``far_column``: one more cell far to the right."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Phụ lục")
    sheet.append(["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"])
    for n in range(1, rows + 1):
        sheet.append([n, f"Nhiệm vụ {n}", "UBND", "Quý II/2025"])
    if far_column:
        sheet.append([None] * (far_column - 1) + ["ghi chú ở xa"])
    workbook.save(path)
    return path


def foreign_sqlite(path: Path) -> Path:
    """Another program's SQLite file that happens to have a "plans" table."""
    connection = sqlite3.connect(path)
    connection.executescript("CREATE TABLE plans (id INTEGER PRIMARY KEY, name TEXT);"
                             "INSERT INTO plans (name) VALUES ('kế hoạch du lịch');")
    connection.close()
    return path


def tampered_copy(template: Path, path: Path, sql: str) -> Path:
    shutil.copy(template, path)
    connection = sqlite3.connect(path)
    connection.executescript(sql)
    connection.close()
    return path


def damaged_copy(template: Path, path: Path) -> Path:
    """A backup with its middle pages overwritten (a bad sector, a cut copy)."""
    shutil.copy(template, path)
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(4096 * 2)
        handle.write(b"\xff\x00" * (min(size - 4096 * 2, 4096 * 6) // 2))
    return path


def sparse_file(path: Path, size: int) -> Path:
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def xlsx_with_broken_sheet(path: Path) -> Path:
    """A workbook whose sheet XML was cut short and declares no size (a
    copy interrupted, a tool that writes no <dimension>)."""
    import re

    xlsx_with_rows(path.with_suffix(".goc.xlsx"), 30)
    with zipfile.ZipFile(path.with_suffix(".goc.xlsx")) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
                data = data[: len(data) * 2 // 3]
            target.writestr(info, data)
    return path
