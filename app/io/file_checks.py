"""Recognising a file before trying to read it, so a wrong or damaged file
gets a clear message instead of a parser's traceback."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from app.core.errors import FileReadError

MB = 1024 * 1024
MAX_IMPORT_BYTES = 50 * MB
MAX_UNZIPPED_BYTES = 200 * MB   # a zip bomb expands far beyond this
# The XML a reader must parse, checked before parsing it (parsing costs about
# 15 times its size in memory). A real appendix is under 5 MB of Word XML;
# 20 000 rows of a sheet (the import's row limit) about 16 MB of Excel XML.
MAX_XML_BYTES = {"Word": 10 * MB, "Excel": 25 * MB}
MAX_ROWS = 20_000      # rows of one imported table (a real appendix has 20–300)
MAX_COLUMNS = 60
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


def check_size(path: Path) -> None:
    from app.disk import name_problem, regular_file_problem

    problem = name_problem(path) or regular_file_problem(path)  # a FIFO would block the reader
    if problem:
        raise FileReadError(f"Không đọc được «{path}»: {problem}.")
    if not path.is_file():
        raise FileReadError(f"Không tìm thấy tệp «{path}».")
    size = path.stat().st_size
    if size == 0:
        raise FileReadError(f"Tệp «{path.name}» trống.")
    if size > MAX_IMPORT_BYTES:
        raise FileReadError(
            f"Tệp «{path.name}» quá lớn ({size // (1024 * 1024)} MB; tối đa {MAX_IMPORT_BYTES // (1024 * 1024)} MB).")


def check_office_zip(path: Path, kind: str) -> None:
    """An .xlsx/.docx must be a sound zip; old and password-protected Office
    files are OLE containers and get their own message."""
    check_size(path)
    with open(path, "rb") as handle:
        head = handle.read(8)
        if head == OLE_MAGIC:
            body = head + handle.read(64 * 1024)
            if _ENCRYPTED in body:
                raise FileReadError(
                    f"Tệp «{path.name}» được đặt mật khẩu. Hãy mở bằng {kind}, bỏ mật khẩu rồi lưu lại và nhập lại.")
            old = ".xls" if kind == "Excel" else ".doc"
            new = ".xlsx" if kind == "Excel" else ".docx"
            raise FileReadError(
                f"Tệp «{path.name}» là định dạng {kind} cũ ({old}). Hãy mở bằng {kind} và lưu lại dưới dạng {new}.")
    if head[:4] != ZIP_MAGIC:
        raise FileReadError(f"Tệp «{path.name}» không phải tệp {kind} hợp lệ hoặc đã bị hỏng.")
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
            if total > MAX_UNZIPPED_BYTES:
                raise FileReadError(f"Tệp «{path.name}» giải nén ra quá lớn; có thể tệp bị hỏng hoặc độc hại.")
            xml = sum(info.file_size for info in archive.infolist()
                      if info.filename.lower().endswith((".xml", ".rels")))
            limit = MAX_XML_BYTES.get(kind, MAX_UNZIPPED_BYTES)
            if xml > limit:
                raise FileReadError(
                    f"Tệp «{path.name}» chứa {_mb(xml)} nội dung {kind} (XML), quá giới hạn {_mb(limit)} mà "
                    "chương trình đọc được; một kế hoạch thật nhỏ hơn nhiều. Chưa nhập gì.")
            bad = archive.testzip()
            if bad is not None:
                raise FileReadError(f"Tệp «{path.name}» bị hỏng (phần «{bad}» không đọc được).")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError):
        # A flipped byte in the compressed data surfaces as zlib's or an
        # unexpected end; an unknown compression method as NotImplementedError.
        raise FileReadError(f"Tệp «{path.name}» bị hỏng, không mở được.") from None


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB".replace(".", ",")


def too_many(path: Path, what: str, count: int, limit: int) -> FileReadError:
    """Refusing a table too big to import, naming its size and the limit:
    never a part of it imported as if it were all."""
    return FileReadError(
        f"Bảng trong tệp «{path.name}» có {_thousands(count)} {what}; chương trình nhập tối đa "
        f"{_thousands(limit)} {what} một lần. Chưa nhập gì; hãy tách bảng thành nhiều tệp.")


def _thousands(n: int) -> str:
    """20000 → "20.000" (Vietnamese grouping)."""
    return f"{n:,}".replace(",", ".")
