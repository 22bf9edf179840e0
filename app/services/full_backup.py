"""The package of everything (``app.io.data_package``) to and from the data.

- ``export_everything``: every table as it is, read in one snapshot through
  reflection (so data of an older schema, about to be upgraded, are saved
  as they are), written as a package.
- ``package_to_sqlite``: a package loaded into a fresh SQLite file built by
  our migrations at the package's own revision; the restore then upgrades
  and checks that copy exactly like a SQLite backup.
- ``parents_first`` / ``self_reference``: the order rows of a tree (the
  appendix) must be inserted in, used by the PostgreSQL restore too.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, MetaData, Numeric, create_engine, insert, select
from sqlalchemy.engine import Connection, Engine

from app import __version__
from app.core.errors import DataFileError
from app.io.data_package import Package, PackageError, TableDump, read_package, write_package
from app.models.database import FILE_ID_KEY, KNOWN_REVISIONS, MIGRATIONS_DIR

log = logging.getLogger(__name__)

VERSION_TABLE = "alembic_version"


def _type_tag(column_type: Any) -> str:
    if isinstance(column_type, Boolean):
        return "boolean"
    if isinstance(column_type, Integer):
        return "integer"
    if isinstance(column_type, DateTime):
        return "datetime"
    if isinstance(column_type, Date):
        return "date"
    if isinstance(column_type, (Float, Numeric)):
        return "float"
    if isinstance(column_type, JSON):
        return "json"
    return "text"


def dump_tables(conn: Connection) -> tuple[str, list[TableDump]]:
    """The schema revision and every table (but Alembic's), rows in key order."""
    metadata = MetaData()
    metadata.reflect(conn)
    if VERSION_TABLE not in metadata.tables:
        raise DataFileError("Dữ liệu chưa có phiên bản cấu trúc; không sao lưu được.")
    revision = conn.execute(select(metadata.tables[VERSION_TABLE].c.version_num)).scalar() or ""
    dumps = []
    for table in metadata.sorted_tables:
        if table.name == VERSION_TABLE:
            continue
        columns = [c.name for c in table.columns]
        order = list(table.primary_key.columns) or list(table.columns)
        rows = [list(r) for r in conn.execute(select(table).order_by(*order))]
        dumps.append(TableDump(table.name, columns, {c.name: _type_tag(c.type) for c in table.columns}, rows))
    return revision, dumps


def export_everything(engine: Engine, read_options: dict, target: Path, source: str) -> Path:
    """Write the package of everything of the data behind ``engine``."""
    with engine.connect() as conn:
        conn.execution_options(**read_options)
        with conn.begin():
            revision, dumps = dump_tables(conn)
    settings = next((d for d in dumps if d.name == "settings"), None)
    file_id = None
    if settings is not None:
        key, value = settings.columns.index("key"), settings.columns.index("value")
        file_id = next((row[value] for row in settings.rows if row[key] == FILE_ID_KEY), None)
    manifest = {
        "program_version": __version__,
        "schema_revision": revision,
        "created_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "source": source,
        "data_file_id": file_id,
    }
    return write_package(Path(target), dumps, manifest)


# -- into a SQLite file ------------------------------------------------------------

def _build_schema(path: Path, revision: str) -> None:
    """An empty SQLite file at ``revision``, built by our own migrations."""
    from alembic import command
    from alembic.config import Config

    engine = create_engine(f"sqlite:///{path}")
    try:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def parents_first(dump: TableDump, self_key: str | None) -> list[list[Any]]:
    """Rows of a table that refers to itself (a tree), each parent before its children."""
    if self_key is None:
        return dump.rows
    key, parent = dump.columns.index("id"), dump.columns.index(self_key)
    by_id = {row[key]: row for row in dump.rows}
    placed: set = set()
    out: list[list[Any]] = []
    for row in dump.rows:
        chain = []
        current = row
        while current is not None and current[key] not in placed and current not in chain:
            chain.append(current)
            current = by_id.get(current[parent])
        for item in reversed(chain):
            placed.add(item[key])
            out.append(item)
    return out


def self_reference(table) -> str | None:
    for fk in table.foreign_keys:
        if fk.column.table is table:
            return fk.parent.name
    return None


def package_to_sqlite(source: Path, target: Path) -> Package:
    """Load the package ``source`` into the new SQLite file ``target`` at
    the package's schema revision. Refuses a package of a revision this
    version does not know, with tables or columns it does not know, or whose
    rows break the links between tables."""
    package = read_package(source)
    revision = package.schema_revision
    if revision not in KNOWN_REVISIONS:
        raise PackageError(f"«{Path(source).name}» có phiên bản dữ liệu {revision or 'không rõ'}, chương trình này "
                           "không biết (có thể do phiên bản mới hơn tạo ra); không khôi phục.")
    _build_schema(target, revision)
    engine = create_engine(f"sqlite:///{target}")
    try:
        metadata = MetaData()
        with engine.begin() as conn:
            metadata.reflect(conn)
            for name, dump in package.tables.items():
                table = metadata.tables.get(name)
                if table is None or name == VERSION_TABLE:
                    raise PackageError(f"«{Path(source).name}» có bảng «{name}» không thuộc phiên bản dữ liệu "
                                       f"{revision}; không khôi phục.")
                unknown = [c for c in dump.columns if c not in table.columns]
                if unknown:
                    raise PackageError(f"«{Path(source).name}»: bảng {name} có cột lạ ({', '.join(unknown)}); "
                                       "không khôi phục.")
            for table in metadata.sorted_tables:
                dump = package.tables.get(table.name)
                if dump is None or not dump.rows:
                    continue
                rows = parents_first(dump, self_reference(table))
                conn.execute(insert(table), [dict(zip(dump.columns, row)) for row in rows])
        with engine.connect() as conn:
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise PackageError(f"«{Path(source).name}» bị hỏng: {len(broken)} dòng trỏ tới dữ liệu không có "
                               f"(bảng {broken[0][0]}); không khôi phục.")
    except PackageError:
        raise
    except Exception as error:  # a value the column cannot hold, a duplicate key…
        log.exception("package %s does not load", source)
        raise PackageError(f"«{Path(source).name}» có dữ liệu không nạp được ({type(error).__name__}); "
                           "không khôi phục.") from None
    finally:
        engine.dispose()
    return package
