"""Importing a plan from a PDF: the signed plan as the upper level sends it
down, printed from Word or LibreOffice.

pdfplumber (over pdfminer.six) reads it: it finds ruled tables from the
lines drawn on the page and gives each cell's box, so merged cells, rows
broken across pages and the header repeated on each page are seen as the
printer drew them; pdfminer's layout analysis gives the text outside the
tables in blocks. The appendix's pages are joined into one ``TableGrid``
(its merges cut by a page joined again), and the lines before it are read
for the document's fields — the same readers as a Word file.

A scanned PDF has no text to read: the officer is asked for the Word file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.core.errors import FileReadError
from app.io.appendix_parts import AppendixParts
from app.io.file_checks import check_size
from app.io.importers import ImportSource

log = logging.getLogger(__name__)

MAX_PAGES = 200
_MIN_CHARS_PER_PAGE = 20   # fewer on average: a scan (page numbers at most)


def read_pdf_source(path: Path) -> ImportSource:
    import pdfplumber

    path = Path(path)
    check_size(path)
    with open(path, "rb") as handle:
        if not handle.read(1024).lstrip().startswith(b"%PDF"):
            raise FileReadError(f"Tệp «{path.name}» không phải tệp PDF hợp lệ hoặc đã bị hỏng.")
    try:
        pdf = pdfplumber.open(str(path), laparams={})
    except Exception as error:
        raise _open_error(path, error) from None
    try:
        return _read(pdf, path)
    except FileReadError:
        raise
    except Exception as error:
        if _is_password_error(error):
            raise _open_error(path, error) from None
        raise
    finally:
        pdf.close()


def _is_password_error(error: Exception) -> bool:
    names = {type(error).__name__} | {type(e).__name__ for e in _causes(error)}
    return bool(names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}) \
        or "password" in str(error).lower()


def _causes(error: BaseException):
    while error.__cause__ or error.__context__:
        error = error.__cause__ or error.__context__
        yield error


def _open_error(path: Path, error: Exception) -> FileReadError:
    if _is_password_error(error):
        return FileReadError(f"Tệp PDF «{path.name}» được đặt mật khẩu. Hãy mở bằng chương trình đọc PDF, "
                             "lưu một bản không mật khẩu (hoặc dùng tệp Word .docx của văn bản) rồi nhập lại.")
    log.info("PDF %s does not open: %r", path, error)
    return FileReadError(f"Tệp PDF «{path.name}» bị hỏng hoặc không đọc được.")


def _read(pdf, path: Path) -> ImportSource:
    pages = pdf.pages
    if len(pages) > MAX_PAGES:
        raise FileReadError(f"Tệp PDF «{path.name}» có {len(pages)} trang, quá dài cho một kế hoạch "
                            f"(tối đa {MAX_PAGES} trang). Hãy tách riêng phần kế hoạch và phụ lục rồi nhập.")
    if not pages:
        raise FileReadError(f"Tệp PDF «{path.name}» không có trang nào.")
    characters = sum(len(page.chars) for page in pages)
    if characters < _MIN_CHARS_PER_PAGE * len(pages):
        raise FileReadError(f"Tệp PDF «{path.name}» là bản quét (chỉ có hình ảnh, không có chữ để đọc). "
                            "Hãy dùng tệp Word (.docx) của văn bản, hoặc nhập tay.")
    from app.io.pdf_import_layout import BandText, document_lines, page_blocks, table_grid

    parts = AppendixParts(path)
    bands: list[BandText] = []
    for page in pages:
        words = page.extract_words(extra_attrs=["size"])
        tables = page.find_tables()
        for _top, item in page_blocks(page, tables, words):
            if isinstance(item, BandText):
                bands.append(item)
                continue
            parts.text(document_lines(bands))
            bands = []
            parts.table(table_grid(item, words))
        page.flush_cache()
    parts.text(document_lines(bands))
    return parts.source("pdf")
