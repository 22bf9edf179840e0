"""The connector of a PostgreSQL database (see ``app.models.database``):
what is checked before the data are trusted, and the engine."""

from __future__ import annotations

import logging

from sqlalchemy import inspect as inspect_schema
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DatabaseError

from app.core.errors import DataFileError, UserError
from app.models.postgres import READ_ONLY, make_engine, parse_url, server_failure, shown_url

log = logging.getLogger(__name__)

DOING = "thay đổi vừa rồi chưa được lưu"


class PostgresConnector:
    kind = "postgresql"
    path = None

    def __init__(self, location: str):
        self.url = parse_url(location)
        self.shown = shown_url(location)
        self.label = f"máy chủ PostgreSQL «{self.shown}»"
        self.database_name = self.url.database
        self._engine: Engine | None = None

    def make_engine(self) -> Engine:
        """One engine per connector: the check, the locks and the work share
        its pool (the engine connects only when first used)."""
        if self._engine is None:
            self._engine = make_engine(self.url)
        return self._engine

    @staticmethod
    def read_options() -> dict:
        return {READ_ONLY: True}

    def failure(self, error: DatabaseError, doing: str = DOING) -> UserError | None:
        return server_failure(error, self.label, doing)

    def connection_error(self, error: DBAPIError, doing: str) -> UserError:
        """Any failure of reaching the server, as a message (the detail is logged)."""
        failure = self.failure(error, doing)
        if failure is not None:
            return failure
        log.error("server %s: %s", self.shown, error)
        return DataFileError(f"Không dùng được {self.label}: {doing}.")

    def inspect(self):
        """What the database holds, read without writing: nothing (a new
        database), our tables at a revision this version knows, or a refusal
        (another program's tables, a newer version's data)."""
        from app.models.database import KNOWN_REVISIONS, OUR_TABLES, FileCheck, ForeignFileError

        try:
            with self.make_engine().connect() as conn:
                conn.execution_options(**{READ_ONLY: True})  # no writer lock for a look
                tables = set(inspect_schema(conn).get_table_names())
                revision = None
                if "alembic_version" in tables:
                    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                conn.rollback()
        except DBAPIError as error:
            raise self.connection_error(error, "chưa mở được dữ liệu") from None
        if tables and not (OUR_TABLES & tables):
            raise ForeignFileError(f"Cơ sở dữ liệu trên {self.label} có bảng của chương trình khác, không phải "
                                   "của Sổ kế hoạch CCHC; hãy dùng một cơ sở dữ liệu riêng.")
        if tables and "alembic_version" not in tables:
            raise ForeignFileError(f"Cơ sở dữ liệu trên {self.label} không phải của Sổ kế hoạch CCHC.")
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise DataFileError(f"Dữ liệu trên {self.label} do phiên bản mới hơn của chương trình tạo ra; "
                                "hãy cập nhật chương trình trên máy này.")
        return FileCheck(bool(tables), revision)

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
