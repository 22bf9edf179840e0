"""The package of everything ("gói toàn bộ dữ liệu"): every table of the
data in one zip, readable without the engine that wrote it.

It is how data on a PostgreSQL server are backed up without ``pg_dump``
(nothing to install beside the program), and how data move between a
SQLite file and a server in either direction (``cchc backup`` on one,
``cchc restore`` on the other). The format is documented in
``docs/goi-toan-bo-du-lieu.md``; in short::

    manifest.json          what, from where, which schema, a SHA-256 per member
    tables/<table>.json    {"table", "columns", "types", "rows": [[…], …]}

Values are JSON: dates "YYYY-MM-DD", times "YYYY-MM-DDTHH:MM:SS[.ffffff]"
(UTC, no zone), JSON columns as they are. Nothing here knows SQLAlchemy: the
caller hands over rows with a type tag per column and gets them back.
This is not engineer I's per-period ``.cchc`` submission package, which
carries a snapshot of one plan for the province.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from app.core.errors import FileReadError
from app.io.safe_write import atomic_output

FORMAT = "so-ke-hoach-cchc/toan-bo-du-lieu"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TYPES = ("integer", "float", "text", "boolean", "date", "datetime", "json")
ZIP_MAGIC = b"PK\x03\x04"
# A package is read into memory; a ward's year is a few MB. Refuse a zip
# bomb before it fills the memory.
MAX_MEMBER_BYTES = 512 * 1024 * 1024


@dataclass
class TableDump:
    name: str
    columns: list[str]
    types: dict[str, str]           # column → one of TYPES
    rows: list[list[Any]] = field(default_factory=list)


@dataclass
class Package:
    manifest: dict[str, Any]
    tables: dict[str, TableDump]

    @property
    def schema_revision(self) -> str:
        return str(self.manifest.get("schema_revision") or "")

    def count(self, table: str) -> int | None:
        dump = self.tables.get(table)
        return None if dump is None else len(dump.rows)


class PackageError(FileReadError):
    """Not a package of ours, damaged, or of a newer format."""


def is_package(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == ZIP_MAGIC
    except OSError:
        return False


# -- values ------------------------------------------------------------------------

def _encode(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind == "datetime":
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(timezone.utc).replace(tzinfo=None)
            return value.isoformat()
        return str(value)
    if kind == "boolean":
        return bool(value)
    return value


def _decode(value: Any, kind: str, where: str) -> Any:
    if value is None:
        return None
    try:
        if kind == "date":
            return date.fromisoformat(value)
        if kind == "datetime":
            return datetime.fromisoformat(value)
        if kind == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(value)
            return value
        if kind == "float":
            return float(value)
        if kind == "boolean":
            if not isinstance(value, bool):
                raise ValueError(value)
            return value
        if kind == "text":
            if not isinstance(value, str):
                raise ValueError(value)
            return value
    except (TypeError, ValueError):
        raise PackageError(f"Gói dữ liệu có giá trị không hợp lệ ở {where}.") from None
    return value  # json: as it is


# -- writing ------------------------------------------------------------------------

def _member(dump: TableDump) -> bytes:
    body = {
        "table": dump.name,
        "columns": dump.columns,
        "types": dump.types,
        "rows": [[_encode(v, dump.types[c]) for c, v in zip(dump.columns, row)] for row in dump.rows],
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_package(target: Path, tables: Iterable[TableDump], manifest: dict[str, Any]) -> Path:
    """Write the package (all or nothing: a temporary file renamed into place)."""
    members: dict[str, bytes] = {}
    listed: dict[str, Any] = {}
    for dump in tables:
        unknown = {t for t in dump.types.values() if t not in TYPES}
        if unknown:
            raise ValueError(f"unknown column types {unknown} in {dump.name}")
        name = f"tables/{dump.name}.json"
        members[name] = _member(dump)
        listed[dump.name] = {"file": name, "rows": len(dump.rows),
                             "sha256": hashlib.sha256(members[name]).hexdigest()}
    head = {"format": FORMAT, "format_version": FORMAT_VERSION, **manifest, "tables": listed}
    with atomic_output(Path(target)) as temp:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            archive.writestr(MANIFEST, json.dumps(head, ensure_ascii=False, indent=2))
            for name, data in members.items():
                archive.writestr(name, data)
    return Path(target)


# -- reading ------------------------------------------------------------------------

def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest alone (for listing backups): checked for our format."""
    with _open(path) as archive:
        return _manifest(archive, path)


def read_package(path: Path) -> Package:
    """Read and check every member (hash, row count, value types)."""
    path = Path(path)
    with _open(path) as archive:
        manifest = _manifest(archive, path)
        tables: dict[str, TableDump] = {}
        for table, entry in manifest["tables"].items():
            data = _read_member(archive, entry, path)
            if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                raise PackageError(f"«{path.name}» bị hỏng: bảng {table} không khớp mã kiểm tra.")
            try:
                body = json.loads(data.decode("utf-8"))
                columns, types, rows = body["columns"], body["types"], body["rows"]
            except (ValueError, KeyError, TypeError):
                raise PackageError(f"«{path.name}» bị hỏng: không đọc được bảng {table}.") from None
            if len(rows) != entry.get("rows") or any(t not in TYPES for t in types.values()) \
                    or set(types) != set(columns):
                raise PackageError(f"«{path.name}» bị hỏng: bảng {table} không đúng như mục lục.")
            decoded = []
            for number, row in enumerate(rows, 1):
                if not isinstance(row, list) or len(row) != len(columns):
                    raise PackageError(f"«{path.name}» bị hỏng: dòng {number} của bảng {table}.")
                decoded.append([_decode(v, types[c], f"bảng {table}, dòng {number}, cột {c}")
                                for c, v in zip(columns, row)])
            tables[table] = TableDump(table, list(columns), dict(types), decoded)
    return Package(manifest, tables)


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise PackageError(f"Không tìm thấy tệp «{path}».") from None
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PackageError(f"«{Path(path).name}» không phải gói dữ liệu của Sổ kế hoạch CCHC "
                           "(không đọc được tệp nén).") from None


def _read_member(archive: zipfile.ZipFile, entry: Any, path: Path) -> bytes:
    name = entry.get("file") if isinstance(entry, dict) else None
    try:
        info = archive.getinfo(str(name))
    except KeyError:
        raise PackageError(f"«{path.name}» bị hỏng: thiếu phần «{name}».") from None
    if info.file_size > MAX_MEMBER_BYTES:
        raise PackageError(f"«{path.name}»: phần «{name}» quá lớn ({info.file_size} byte).")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise PackageError(f"«{path.name}» bị hỏng: không giải nén được «{name}».") from None


def _manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    not_ours = f"«{Path(path).name}» không phải gói dữ liệu của Sổ kế hoạch CCHC"
    try:
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except KeyError:
        raise PackageError(f"{not_ours} (không có {MANIFEST}).") from None
    except (ValueError, zipfile.BadZipFile, OSError, EOFError):
        raise PackageError(f"«{Path(path).name}» bị hỏng: không đọc được {MANIFEST}.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageError(f"{not_ours}.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise PackageError(f"«{Path(path).name}» do phiên bản mới hơn của chương trình tạo ra; hãy cập nhật "
                           "chương trình.")
    if not isinstance(manifest.get("tables"), dict) or not isinstance(manifest.get("schema_revision"), str):
        raise PackageError(f"«{Path(path).name}» bị hỏng: mục lục thiếu danh sách bảng.")
    return manifest
