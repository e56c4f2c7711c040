"""Engines for the embedded default (SQLite) and for PostgreSQL."""

from __future__ import annotations

import contextlib
import fcntl
import threading
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PostgresqlInsert

SQLITE_BUSY_TIMEOUT_MS = 10_000
PING_IF_IDLE_SECONDS = 1.0
_RETURNED = "showup_returned_at"
# Beside a SQLite file, as SQLite's own -wal and -shm: the processes' queue to write to it.
WRITER_SUFFIX = "-writer"


def normalise_url(url: str) -> str:
    """Accept the URLs hosting providers hand out and pick psycopg 3 for PostgreSQL."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def postgresql_insert(table: Any) -> PostgresqlInsert:
    """PostgreSQL's INSERT (for ON CONFLICT); its dialect is imported only by a process that
    uses it, so one on SQLite starts without it."""
    from sqlalchemy.dialects.postgresql import insert

    return insert(table)


def make_engine(url: str, pool_size: int = 0, **options: Any) -> Engine:
    """An engine with ShowUp's connection settings for its dialect. `pool_size`: at most
    that many connections at once (0: SQLAlchemy's default of 5, and 10 more when busy)."""
    if pool_size:
        options.update(pool_size=pool_size, max_overflow=0)
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, **options)
    engine = create_engine(url, hide_parameters=True, **options)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """SQLAlchemy's pre-ping, for a connection that sat in the pool: one the server may
    have dropped meanwhile (a restart, an idle timeout) is replaced before anyone uses it.
    One returned less than PING_IF_IDLE_SECONDS ago was working a moment ago and goes out
    unchecked: a fan-out takes a connection out hundreds of times a second, and a ping
    each time cost a third of a millisecond of CPU and a round trip."""

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection: Any, record: Any) -> None:
        record.info[_RETURNED] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        returned = record.info.get(_RETURNED)   # none on a connection just made
        if returned is None or time.monotonic() - returned < PING_IF_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            # As pre-ping does: the pool drops every connection made before now, and
            # hands out a new one.
            raise exc.InvalidatePoolError(f"ping failed: {type(error).__name__}") from error


def _sqlite_engine(url: str, **options: Any) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
                           hide_parameters=True,
                           **options)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    # SQLite has one writer. Threads of this process queue for it here, woken the moment it
    # is free, rather than in SQLite's busy handler, which polls with sleeps of up to 100 ms
    # (under a burst of acks that convoy cost seconds); so do other processes on the same
    # file (`serve --workers N`, a second `serve`), through a lock file beside it.
    writer = _Writer(_lock_file(database))

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock up front: a deferred transaction that later needs to write can
        # fail with "database is locked" instead of waiting.
        writer.acquire()
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            writer.release()
            raise

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(connection: Any) -> None:
        with contextlib.suppress(RuntimeError):   # an end with no begin: nothing was held
            writer.release()

    return engine


def _lock_file(database: str | None) -> Path | None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database).expanduser().resolve()
    return path.with_name(path.name + WRITER_SUFFIX)


class _Writer:
    """The right to write to one SQLite file: first among this process's threads (a lock
    that wakes the next waiter the moment it is free), then among processes (`flock` on a
    file of its own beside the database, which likewise wakes the next waiter at once —
    SQLite's own locks are left alone, and still decide; this only orders the waiting).
    Reentrant, as a thread may open a second transaction inside its first."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._threads = threading.RLock()
        self._depth = 0
        self._owner: int | None = None
        self._file: IO[bytes] | None = None

    def acquire(self) -> None:
        self._threads.acquire()
        try:
            if self._depth == 0 and self.path is not None:
                fcntl.flock(self._opened(self.path), fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise
        self._depth += 1
        self._owner = threading.get_ident()

    def release(self) -> None:
        """RuntimeError when this thread holds nothing."""
        if self._depth == 0 or self._owner != threading.get_ident():
            raise RuntimeError("the SQLite write lock is not held by this thread")
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
            if self._file is not None:
                fcntl.flock(self._file, fcntl.LOCK_UN)
        self._threads.release()

    def _opened(self, path: Path) -> IO[bytes]:
        # Opened by the process that writes: a file description a parent handed down on
        # fork would be shared, and two processes sharing one would not exclude each other.
        if self._file is None:
            self._file = open(path, "ab")  # noqa: SIM115 (kept open with the engine)
        return self._file
