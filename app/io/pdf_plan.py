"""The plan as a PDF: the document on A4 portrait, then its appendix on A4
landscape with its own page numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from reportlab.lib.units import mm

from app.core.documents import appendix_caption
from app.core.model import Column
from app.io.appendix_grid import AppendixExport, appendix_grid, export_columns
from app.io.appendix_layout import printed
from app.io.pdf_common import (
    LANDSCAPE_HEIGHT, LANDSCAPE_WIDTH, DocumentHeader, Rule, Styles, body_paragraphs, body_with_closing, build,
    header_block, landscape_part, make_styles, para, title_block,
)
from app.io.pdf_grid import grid_table
from app.io.safe_write import atomic_output

Progress = Callable[[int], None]


def header_of(plan) -> DocumentHeader:
    return DocumentHeader(plan.parent_body, plan.issuing_body, plan.number, plan.symbol, plan.place,
                          plan.issue_day, plan.issue_month, plan.issue_year or plan.year)


def document_story(data: AppendixExport, s: Styles) -> list:
    plan = data.plan
    story: list = header_block(header_of(plan), s)
    story += title_block(plan.doc_type or "KẾ HOẠCH", plan.title, s)
    body: list = []
    for basis in plan.legal_bases:
        body.append(para(basis, s.body))
    for section in plan.sections:
        if section.heading.strip():
            body.append(para(section.heading, s.heading))
        body += body_paragraphs(section.text, s)
    return story + body_with_closing(body, plan.recipients, plan.signer, s)


def appendix_story(data: AppendixExport, columns: Sequence[Column], s: Styles) -> list:
    plan = data.plan
    caption = appendix_caption("Kế hoạch" if plan.doc_type.upper() == "KẾ HOẠCH" else plan.doc_type,
                               plan.number, plan.symbol, plan.issue_day, plan.issue_month,
                               plan.issue_year or plan.year, plan.issuing_body)
    story: list = [para(plan.appendix_heading or "Phụ lục", s.appendix_heading)]
    if plan.appendix_title:
        story.append(para(plan.appendix_title.upper(), s.title))
    story += [para(caption, s.caption), Rule(40 * mm, space_before=5, space_after=8)]
    grid, columns = printed(appendix_grid(data.rows, columns, data.numbers, data.tracking), columns,
                            plan.hide_empty_columns)
    story.append(grid_table(grid, columns, s, LANDSCAPE_WIDTH, LANDSCAPE_HEIGHT))
    return story


def write_plan_pdf(data: AppendixExport, target: Path | str, progress: Progress | None = None,
                   include_document: bool = True, include_appendix: bool = True) -> Path:
    """The plan document and/or its appendix as one PDF (atomic write)."""
    s = make_styles()
    columns = list(data.columns) if data.columns is not None else export_columns(data.plan)

    story: list = []
    if include_document:
        story += document_story(data, s)
    if include_appendix:
        if story:
            story += landscape_part()
        story += appendix_story(data, columns, s)
    title = f"{data.plan.doc_type} {data.plan.title}".strip()
    first = "portrait" if include_document else "landscape"
    with atomic_output(Path(target)) as temp:
        build(temp, story, title, progress=progress, first_template=first)
    return Path(target)
