"""PostgreSQL: the same models and migrations on a server an office shares.

What differs from the SQLite file, at the level of connections:

- Every write transaction first takes one transaction-level advisory lock
  (``pg_advisory_xact_lock``): writers go one at a time, exactly like
  SQLite's BEGIN IMMEDIATE, so the services' "count the siblings, then shift
  them" steps stay correct under READ COMMITTED. It waits at most
  ``LOCK_WAIT_S`` (``lock_timeout``) and then says the data is busy: never a
  deadlock, never an endless wait.
- A read transaction is REPEATABLE READ, READ ONLY: one consistent snapshot,
  never waiting for a writer (SQLite's deferred read transaction).
- Sessions run in UTC, so ``CURRENT_TIMESTAMP`` defaults store what SQLite
  stores.
- Each connection names its user and computer in ``application_name``
  (percent-encoded: the server keeps only ASCII there), which is how another
  computer learns who holds a lock (``pg_stat_activity``).

Errors are told apart by SQLSTATE, never by the server's (English) text.
"""

from __future__ import annotations

import getpass
import logging
import socket
from dataclasses import dataclass
from urllib.parse import quote, unquote

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from app.core.errors import DataFileError, DiskFullError, UserError

log = logging.getLogger(__name__)

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
LOCK_WAIT_S = 5            # like SQLite's busy_timeout
CONNECT_TIMEOUT_S = 10
APP_PREFIX = "cchc:"
NAME_MAX = 63              # the server truncates application_name there
# Advisory lock namespaces (first key of the two-key form; the second is 0
# or a plan id). "CC" in the high bytes keeps clear of other programs' keys.
NS_OPEN = 0x4343_0001      # held shared by every program that has the data open
NS_PLAN = 0x4343_0002      # shared: a window shows the plan; exclusive: a command writes it
NS_WRITE = 0x4343_0003     # transaction-level: one writer at a time


def is_server_url(location: object) -> bool:
    """Does ``location`` (a --db value) name a PostgreSQL server rather than a file?"""
    text_value = str(location).strip().lower()
    return any(text_value.startswith(f"{scheme}://") for scheme in SCHEMES)


def parse_url(location: str) -> URL:
    """The SQLAlchemy URL (psycopg 3 driver) of a ``postgresql://`` address."""
    try:
        url = make_url(str(location).strip())
    except ArgumentError:
        raise DataFileError(f"Địa chỉ cơ sở dữ liệu không hợp lệ: «{shown_url(location)}» "
                            "(ví dụ: postgresql://nguoi-dung@may-chu/so-ke-hoach).") from None
    if url.get_backend_name() not in ("postgresql", "postgres"):
        raise DataFileError(f"Địa chỉ «{shown_url(location)}» không phải của máy chủ PostgreSQL.")
    if not url.database:
        raise DataFileError(f"Địa chỉ «{url.render_as_string(hide_password=True)}» thiếu tên cơ sở dữ liệu "
                            "(ví dụ: postgresql://nguoi-dung@may-chu/so-ke-hoach).")
    return url.set(drivername="postgresql+psycopg")


def shown_url(location: object) -> str:
    """An address as it may be shown or logged: never with its password."""
    try:
        url = make_url(str(location).strip())
    except ArgumentError:
        return str(location).split("@")[-1]
    plain = url.set(drivername=url.get_backend_name())
    return unquote(plain.render_as_string(hide_password=True).replace(":***@", "@"))


# -- who is connected ----------------------------------------------------------

@dataclass(frozen=True)
class Holder:
    """A program holding one of our locks: its user and computer."""

    user: str
    host: str
    writing: bool = False   # a command writing (exclusive), not a window showing it

    @property
    def label(self) -> str:
        return f"{self.user}@{self.host}"


def this_program() -> Holder:
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = "?"
    return Holder(user or "?", socket.gethostname() or "?")


_SAFE = "-._~!$&'()*+,;=:"


def _cut(quoted: str, room: int) -> str:
    """A percent-encoded text cut to ``room`` characters, never inside an
    escape nor inside a character's bytes."""
    if len(quoted) <= room:
        return quoted
    cut = quoted[:room]
    while cut:
        try:
            unquote(cut, errors="strict")
            return cut
        except UnicodeDecodeError:
            cut = cut[:-1]
        if cut.endswith("%") or (len(cut) > 1 and cut[-2] == "%"):
            cut = cut[:cut.rfind("%")]
    return cut


def application_name(holder: Holder | None = None) -> str:
    """``cchc:user@host``, percent-encoded to ASCII (the server keeps only
    that) and cut to its 63 bytes: the computer's name whole, the user's
    name shortened if need be."""
    holder = holder or this_program()
    host = _cut(quote(holder.host, safe=_SAFE), 30)
    user = _cut(quote(holder.user, safe=_SAFE), NAME_MAX - len(APP_PREFIX) - len(host) - 1)
    return f"{APP_PREFIX}{user}@{host}"


def holder_from(name: str | None, writing: bool = False) -> Holder | None:
    if not name or not name.startswith(APP_PREFIX):
        return None
    user, _, host = name[len(APP_PREFIX):].rpartition("@")
    return Holder(unquote(user, errors="replace") or "?", unquote(host, errors="replace") or "?", writing)


# -- the engine -----------------------------------------------------------------

READ_ONLY = "cchc_read_only"


def make_engine(url: URL) -> Engine:
    engine = create_engine(
        url,
        pool_pre_ping=True,  # a connection the server dropped (restart, network) is replaced, not used
        connect_args={
            "application_name": application_name(),
            "connect_timeout": CONNECT_TIMEOUT_S,
            "options": "-c TimeZone=UTC",
        },
    )

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get(READ_ONLY, False):
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT_S}s'")
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({NS_WRITE}, 0)")

    return engine


# -- errors ----------------------------------------------------------------------

def sqlstate(error: BaseException) -> str | None:
    inner = getattr(error, "orig", None) or error
    return getattr(inner, "sqlstate", None)


def server_failure(error: BaseException, where: str, doing: str) -> UserError | None:
    """The message for a failure of the server or of reaching it, or None
    when ``error`` is neither (a bug: logged as one by the caller).

    ``where``: the server as shown ("máy chủ PostgreSQL «…»"); ``doing``
    completes the sentence ("thay đổi vừa rồi chưa được lưu")."""
    code = sqlstate(error) or ""
    detail = str(getattr(error, "orig", None) or error).strip().splitlines()
    first = detail[0] if detail else ""
    lowered = first.lower()
    log.error("server error on %s while %s: %s (SQLSTATE %s)", where, doing, first, code or "-")
    if code == "53100":
        return DiskFullError(f"Máy chủ hết chỗ trống trên đĩa: {doing}. Hãy báo người quản trị máy chủ "
                             f"({where}); dữ liệu đã lưu không bị ảnh hưởng.")
    if code == "55P03" or code in ("40001", "40P01"):
        return DataFileError(f"Dữ liệu đang được một máy khác ghi: {doing}. Hãy thử lại sau giây lát.")
    if code in ("28P01", "28000") or "password authentication failed" in lowered \
            or "no password supplied" in lowered or "authentication failed" in lowered \
            or ("role " in lowered and "does not exist" in lowered) or "no pg_hba.conf entry" in lowered:
        return DataFileError(f"Máy chủ từ chối đăng nhập vào {where}: sai tên người dùng hoặc mật khẩu, "
                             "hoặc máy này chưa được phép kết nối.")
    if code == "3D000" or ("database" in lowered and "does not exist" in lowered):
        return DataFileError(f"Chưa có cơ sở dữ liệu này trên {where}. Hãy nhờ người quản trị tạo nó "
                             "(createdb) rồi mở lại.")
    if code == "42501":
        return DataFileError(f"Người dùng không đủ quyền trên {where} ({doing}). Hãy nhờ người quản trị "
                             "cấp quyền sở hữu cơ sở dữ liệu.")
    if code == "25006":
        return DataFileError(f"{where[:1].upper()}{where[1:]} chỉ cho phép đọc: {doing}.")
    if code in ("53200", "53300", "57P03"):
        return DataFileError(f"{where[:1].upper()}{where[1:]} đang quá tải hoặc chưa sẵn sàng: {doing}. "
                             "Hãy thử lại sau.")
    if code.startswith("XX"):
        return DataFileError(f"{where[:1].upper()}{where[1:]} báo lỗi dữ liệu bên trong máy chủ: {doing}. "
                             "Hãy báo người quản trị máy chủ kiểm tra.")
    if code.startswith("08") or code.startswith("57P") or _is_connection_problem(error, lowered):
        return DataFileError(f"Không kết nối được {where}: {doing}. Hãy kiểm tra máy chủ và mạng rồi làm lại.")
    return None


def _is_connection_problem(error: BaseException, lowered: str) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    words = ("connection refused", "could not connect", "connection to server", "server closed the connection",
             "could not translate host name", "timeout expired", "connection timed out", "no route to host",
             "connection is closed", "consuming input failed", "the connection is lost", "is the server running")
    return any(w in lowered for w in words)


# -- session-level advisory locks ---------------------------------------------------

def lock_key(value: int) -> int:
    """A plan id as the second key of a lock (an int4): ids past 2^31 share
    a key with a smaller one, which only makes two such plans lock together."""
    return int(value) & 0x7FFFFFFF


class SessionLocks:
    """One connection held open for as long as the data is: the advisory
    locks on it say "this program has the data / plan N open", and the
    server drops them by itself when the program ends or the link dies (no
    stale lock after a crash, no heartbeat to keep)."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._conn = None
        self._held: dict[tuple[int, int], bool] = {}  # key → shared?
        self._connect()

    def _connect(self) -> None:
        self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")

    def _scalar(self, sql: str, **params):
        return self._conn.execute(text(sql), params).scalar()

    def try_lock(self, namespace: int, key: int, shared: bool) -> bool:
        """Take the lock without waiting; True when held (also when held already)."""
        key = lock_key(key)
        wanted = (namespace, key)
        if self._held.get(wanted) == shared:
            return True
        function = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
        if not self._scalar(f"SELECT {function}(:a, :b)", a=namespace, b=key):
            return False
        if wanted in self._held:  # changing mode: the new one is held, drop the old
            self._unlock(wanted, self._held[wanted])
        self._held[wanted] = shared
        return True

    def unlock(self, namespace: int, key: int) -> None:
        wanted = (namespace, lock_key(key))
        if wanted in self._held:
            self._unlock(wanted, self._held.pop(wanted))

    def _unlock(self, wanted: tuple[int, int], shared: bool) -> None:
        function = "pg_advisory_unlock_shared" if shared else "pg_advisory_unlock"
        try:
            self._scalar(f"SELECT {function}(:a, :b)", a=wanted[0], b=wanted[1])
        except SQLAlchemyError:
            log.warning("could not release advisory lock %s", wanted, exc_info=True)

    def holds(self, namespace: int, key: int) -> bool:
        return (namespace, lock_key(key)) in self._held

    def holders(self, namespace: int, key: int) -> list[Holder]:
        """Other programs holding the lock (this one left out)."""
        rows = self._conn.execute(text(
            "SELECT a.application_name, l.mode FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND l.classid = :a AND l.objid = :b AND l.pid <> pg_backend_pid() ORDER BY a.backend_start"
        ), {"a": namespace, "b": lock_key(key)}).all()
        found: list[Holder] = []
        for name, mode in rows:
            holder = holder_from(name, writing=mode == "ExclusiveLock") or Holder("?", "?", mode == "ExclusiveLock")
            if holder not in found:
                found.append(holder)
        return found

    def alive(self) -> bool:
        """Is the link still up? If not, reconnect and take the locks again
        (those that someone else has taken meanwhile are given up)."""
        try:
            self._scalar("SELECT 1")
            return True
        except SQLAlchemyError:
            log.warning("the lock connection was lost; reconnecting", exc_info=True)
        held, self._held = dict(self._held), {}
        try:
            self._conn.invalidate()
        except SQLAlchemyError:
            pass
        try:
            self._connect()
        except SQLAlchemyError:
            return False
        for (namespace, key), shared in held.items():
            self.try_lock(namespace, key, shared)
        return True

    def close(self) -> None:
        """Give up every lock. The connection is closed for good, not handed
        back to the pool: a session lock would go on with it."""
        self._held.clear()
        if self._conn is not None:
            try:
                self._scalar("SELECT pg_advisory_unlock_all()")
            except SQLAlchemyError:
                pass
            try:
                self._conn.invalidate()
                self._conn.close()
            except SQLAlchemyError:
                pass
            self._conn = None
