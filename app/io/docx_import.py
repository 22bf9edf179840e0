"""Importing a plan from a Word .docx (python-docx's XML, read directly).

The body is read in order, paragraphs and tables alike, and handed to
``AppendixParts``, which finds the appendix (and the rest of it when Word
split it at a page) among the tables. Merged cells keep their layout
(``TableGrid``): the table reader gives a merged "Cơ quan phối hợp" to every
row it covers and reads a task's cells merged down as its activity rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from app.core.errors import FileReadError
from app.core.text import nfc
from app.io.appendix_parts import AppendixParts
from app.io.docx_numbering import ListNumbers
from app.io.file_checks import MAX_ROWS, check_office_zip, too_many
from app.io.importers import ImportSource
from app.io.table_grid import TableGrid

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_TABLE_ROWS = MAX_ROWS
_WRAPPERS = (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag")


def _paragraph_text(p, numbers: ListNumbers | None = None) -> str:
    """A paragraph's text, with the number or bullet Word draws before it
    ("I. MỤC TIÊU" typed as an automatic list; a bullet as "- ")."""
    text = "".join(node.text or "" if node.tag == f"{W}t" else ("\n" if node.tag in (f"{W}br", f"{W}cr") else "\t")
                   for node in p.iter(f"{W}t", f"{W}br", f"{W}cr", f"{W}tab"))
    text = nfc(text).strip()
    label = numbers.label(p) if numbers is not None else ("-" if p.find(f"{W}pPr/{W}numPr") is not None else None)
    if label and text and not (label == "-" and text.startswith(("-", "+", "•"))):
        text = f"{label} {text}"
    return text


def _cell_text(tc, numbers: ListNumbers | None) -> str:
    lines = [_paragraph_text(p, numbers) for p in tc.iter(f"{W}p")]
    return "\n".join(line for line in lines if line)


def _count(node, default: int) -> int:
    """A w:val that should be a small whole number; Word files written by
    other programs carry empty or odd values, read as the default."""
    text = (node.get(f"{W}val") or "").strip()
    return max(0, min(int(text), 60)) if text.isascii() and text.isdigit() else default


def _children(element, tag: str) -> Iterator:
    """Children with ``tag``, also inside content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _grid(tbl, path: Path, numbers: ListNumbers | None = None) -> TableGrid:
    """The table's cells on Word's column grid, with its merged cells."""
    grid = TableGrid([])
    reaching: dict[int, tuple[int, int]] = {}  # column → first cell of a vertical merge still going down
    found = list(_children(tbl, f"{W}tr"))
    if len(found) > MAX_TABLE_ROWS:  # all of a table or a refusal, never a part of it
        raise too_many(path, "dòng", len(found), MAX_TABLE_ROWS)
    for r, tr in enumerate(found):
        row: list[str] = []
        before = tr.find(f"{W}trPr/{W}gridBefore")
        if before is not None:
            row += [""] * _count(before, 0)
        still: dict[int, tuple[int, int]] = {}
        for tc in _children(tr, f"{W}tc"):
            span_node = tc.find(f"{W}tcPr/{W}gridSpan")
            span = max(1, min(_count(span_node, 1) if span_node is not None else 1, 60))
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            column = len(row)
            continues = vmerge is not None and vmerge.get(f"{W}val", "continue") != "restart" and column in reaching
            if continues:
                origin = reaching[column]
                row.append("")
                still[column] = origin
            else:
                origin = (r, column)
                row.append(_cell_text(tc, numbers))
                if vmerge is not None:
                    still[column] = origin
            if continues:
                grid.origins[(r, column)] = origin
            for extra in range(1, span):
                row.append("")
                grid.origins[(r, column + extra)] = origin
        reaching = still
        grid.cells.append(row)
    return grid


def read_docx_source(path: Path) -> ImportSource:
    import docx

    path = Path(path)
    check_office_zip(path, "Word")
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds on a damaged file
        raise FileReadError(f"Tệp Word «{path.name}» bị hỏng hoặc không đọc được ({type(error).__name__}).") from None
    parts = AppendixParts(path)
    numbers = ListNumbers(document)
    for block in _body_blocks(document.element.body):
        if block.tag == f"{W}p":
            parts.text(_paragraph_text(block, numbers).split("\n"))
        else:
            parts.table(_grid(block, path, numbers))
    return parts.source("docx")


def _body_blocks(body) -> Iterator:
    for child in body:
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _body_blocks(child)
