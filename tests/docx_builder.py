"""Word documents made in the tests, the way Word makes them: a header
table, paragraphs, and the appendix table with merged cells (an area across
the row, a task's cells merged down over its activities) and a repeating
header row."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from app.core.model import NewRow, RowKind
from app.core.numbering import NumberingItem, number_rows

TASK_LEVEL = ("number", "objective", "task", "form")


def _flat(rows: Sequence[NewRow]):
    out = []

    def walk(row, parent):
        ident = len(out) + 1
        out.append((ident, row, parent))
        for child in row.children:
            walk(child, ident)

    for row in rows:
        walk(row, None)
    labels = number_rows(NumberingItem(i, r.kind, p, r.number_override) for i, r, p in out)
    return [(labels[i], r, p, i) for i, r, p in out]


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def build_docx(path: Path, headers: Sequence[str], fields: Sequence[str], rows: Sequence[NewRow],
               paragraphs: Sequence[str] = ()) -> Path:
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nQUẬN DƯƠNG KINH"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 15/KH-UBND"
    header.cell(1, 1).text = "Dương Kinh, ngày 20 tháng 3 năm 2023"
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=len(fields))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = text
    _repeat_header(table.rows[0])
    open_task: tuple[int, int] | None = None  # first and last row index of the current task
    for label, row, _parent, _ident in _flat(rows):
        cells = table.add_row().cells
        index = len(table.rows) - 1
        if row.kind is RowKind.AREA:
            cells[0].text = label
            merged = cells[1].merge(cells[-1])
            merged.text = row.texts.get("task", "")
            open_task = None
            continue
        for cell, name in zip(cells, fields):
            if row.kind is RowKind.ACTIVITY and name in TASK_LEVEL:
                continue
            cell.text = label if name == "number" else row.texts.get(name, "")
        if row.kind is RowKind.ACTIVITY and open_task is not None:
            open_task = (open_task[0], index)
            for column, name in enumerate(fields):
                if name in TASK_LEVEL:
                    top = table.cell(open_task[0], column)
                    text = top.text
                    top.merge(table.cell(index, column)).text = text
        else:
            open_task = (index, index) if row.kind is RowKind.TASK else None
    document.save(str(path))
    return path
