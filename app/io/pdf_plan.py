"""The plan as a PDF: the document on A4 portrait, then its appendix on A4
landscape with its own page numbers. What they say comes from
app.io.document_content, as for the Word file."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from app.io.appendix_grid import AppendixExport
from app.io.document_content import plan_contents
from app.io.pdf_common import appendix_flowables, build, document_flowables, landscape_part, make_styles
from app.io.safe_write import atomic_output

Progress = Callable[[int], None]


def write_plan_pdf(data: AppendixExport, target: Path | str, progress: Progress | None = None,
                   include_document: bool = True, include_appendix: bool = True) -> Path:
    """The plan document and/or its appendix as one PDF (atomic write)."""
    s = make_styles()
    document, appendix = plan_contents(data, include_document, include_appendix)
    story: list = []
    if document is not None:
        story += document_flowables(document, s)
    if appendix is not None:
        if story:
            story += landscape_part()
        story += appendix_flowables(appendix, s)
    title = f"{data.plan.doc_type} {data.plan.title}".strip()
    first = "portrait" if include_document else "landscape"
    with atomic_output(Path(target)) as temp:
        build(temp, story, title, progress=progress, first_template=first)
    return Path(target)
