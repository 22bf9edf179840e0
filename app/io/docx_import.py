"""Importing a plan from a Word .docx (python-docx).

The body is read in order, paragraphs and tables alike. A table whose first
rows name known columns is the appendix (several such tables — Word splits
long ones — are read as one); other tables, like the two-column header, are
read as lines for the document's fields. Merged cells are read the way the
seeds show them: the text in the first cell, the cells it covers empty, so
the table reader sees a task's cells empty on its activity rows.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from app.core.errors import FileReadError
from app.core.text import nfc
from app.io.document_header import read_header
from app.io.file_checks import MAX_ROWS, check_office_zip, too_many
from app.io.importers import DocumentFields, ImportSource
from app.io.table_reader import TableReadError, find_header, read_table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_YEAR = re.compile(r"năm\s+(\d{4})", re.I)
_APPENDIX_HEADING = re.compile(r"^(phụ lục|danh mục)\b", re.I)
MAX_TABLE_ROWS = MAX_ROWS


def _paragraph_text(p) -> str:
    """A paragraph's text; a list item keeps its bullet as "- "."""
    text = "".join(node.text or "" if node.tag == f"{W}t" else ("\n" if node.tag in (f"{W}br", f"{W}cr") else "\t")
                   for node in p.iter(f"{W}t", f"{W}br", f"{W}cr", f"{W}tab"))
    text = nfc(text).strip()
    numbered = p.find(f"{W}pPr/{W}numPr") is not None
    if numbered and text and not text.startswith(("-", "+", "•")):
        text = f"- {text}"
    return text


def _cell_text(tc) -> str:
    lines = [_paragraph_text(p) for p in tc.iter(f"{W}p")]
    return "\n".join(line for line in lines if line)


def _count(node, default: int) -> int:
    """A w:val that should be a small whole number; Word files written by
    other programs carry empty or odd values, read as the default."""
    text = (node.get(f"{W}val") or "").strip()
    return max(0, min(int(text), 60)) if text.isascii() and text.isdigit() else default


def _grid(tbl, path: Path) -> list[list[str]]:
    """Rows of cell texts, merged cells spread as described above."""
    rows = []
    found = tbl.findall(f"{W}tr")
    if len(found) > MAX_TABLE_ROWS:
        raise too_many(path, "dòng", len(found), MAX_TABLE_ROWS)
    for tr in found:
        cells: list[str] = []
        before = tr.find(f"{W}trPr/{W}gridBefore")
        if before is not None:
            cells += [""] * _count(before, 0)
        for tc in tr.findall(f"{W}tc"):
            span_node = tc.find(f"{W}tcPr/{W}gridSpan")
            span = _count(span_node, 1) if span_node is not None else 1
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            continued = vmerge is not None and vmerge.get(f"{W}val", "continue") != "restart"
            cells.append("" if continued else _cell_text(tc))
            cells += [""] * (max(1, min(span, 60)) - 1)
        rows.append(cells)
    return rows


def read_docx_source(path: Path) -> ImportSource:
    import docx

    path = Path(path)
    check_office_zip(path, "Word")
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds on a damaged file
        raise FileReadError(f"Tệp Word «{path.name}» bị hỏng hoặc không đọc được ({type(error).__name__}).") from None
    lines: list[str] = []          # the document's lines up to the appendix table
    appendix: list[list[str]] = []
    for block in document.element.body.iterchildren():
        if block.tag == f"{W}p":
            if not appendix:
                lines.append(_paragraph_text(block))
        elif block.tag == f"{W}tbl":
            grid = _grid(block, path)
            if _is_appendix(grid):
                appendix += grid
                if len(appendix) > MAX_TABLE_ROWS:  # Word splits a long table in several
                    raise too_many(path, "dòng", len(appendix), MAX_TABLE_ROWS)
            elif not appendix:
                lines += [line for row in grid for cell in row for line in cell.split("\n")]
    header = read_header(lines)
    doc_fields = DocumentFields(**{k: getattr(header, k) for k in header.__dataclass_fields__})
    titles = _appendix_titles(lines)
    year = next((int(m.group(1)) for t in titles for m in [_YEAR.search(t)] if m), None) or header.issue_year
    source = ImportSource(path, "docx", document=doc_fields, title_lines=titles, year=year)
    if not appendix:
        return replace(source, note="Tệp Word không có bảng phụ lục (không có bảng nào có dòng tiêu đề "
                                    "như STT, Nội dung/Nhiệm vụ, Cơ quan chủ trì…).")
    try:
        header_row = find_header(appendix)
        table = read_table(appendix, header_row=header_row)
    except TableReadError as error:
        return replace(source, note=f"Không đọc được bảng phụ lục: {error}")
    return replace(source, grid=appendix, header_row=header_row, table=table)


def _is_appendix(grid: list[list[str]]) -> bool:
    if len(grid) < 2:
        return False
    try:
        find_header(grid)
        return True
    except TableReadError:
        return False


def _appendix_titles(lines: list[str]) -> tuple[str, ...]:
    heading = max((i for i, line in enumerate(lines) if _APPENDIX_HEADING.match(line.strip())), default=None)
    if heading is None:
        return ()
    return tuple(line.strip() for line in lines[heading:heading + 4] if line.strip())
