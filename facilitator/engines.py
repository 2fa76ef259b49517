"""The SQLite connections of a store: one for writing, a pool for reading.

SQLite allows one writer at a time; in WAL mode readers never wait for it. So:

- **Writes** go through one connection (a pool of one): every write transaction begins with
  `BEGIN IMMEDIATE`, taking the write lock before the first statement, so it cannot fail
  half-way with SQLITE_BUSY. Writes of this process queue for that connection instead of
  racing each other for the lock. Waiting for *another* program's lock is short
  (`WRITE_WAIT_MS` per attempt) so the store can tell the user "busy, retrying" within a
  second and try again (see `Store._write`).
- **Reads** begin a plain (deferred) transaction: a consistent snapshot that never takes
  the write lock, so a read never waits for a writer, here or in another program.
- **Another program's changes** are seen cheaply with `PRAGMA data_version` asked on the
  write connection: its value changes only when a *different* connection has committed
  (this process's own writes all go through that connection, its reads change nothing).

Only the standard library and SQLAlchemy (imported by the caller, who has loaded the ORM).
"""

from __future__ import annotations

import threading
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.pool import QueuePool

READ_WAIT_MS = 5000  # a reader waits only in rare cases (WAL recovery, a non-WAL file)
WRITE_WAIT_MS = 250  # a writer waits this long for another program's lock per attempt
WRITE_PATIENCE_S = 30.0  # then the write is given up: "busy", with the data kept
CONNECTION_WAIT_S = WRITE_PATIENCE_S * 2  # for the one write connection (own writes queue)


def sqlite_engines(path: str) -> tuple[sa.Engine, sa.Engine]:
    """(writer, reader) engines on the SQLite file at `path`."""
    # URL.create, not "sqlite:///" + path: a "?" or "#" in a file name (or a Windows
    # path) would be read as the URL's query or fragment
    url = sa.engine.URL.create("sqlite", database=path)
    writer = sa.create_engine(
        url, connect_args={"check_same_thread": False, "timeout": WRITE_WAIT_MS / 1000},
        poolclass=QueuePool, pool_size=1, max_overflow=0, pool_timeout=CONNECTION_WAIT_S,
    )
    reader = sa.create_engine(
        url, connect_args={"check_same_thread": False, "timeout": READ_WAIT_MS / 1000},
    )
    event.listen(writer, "connect", _pragmas(WRITE_WAIT_MS))
    event.listen(reader, "connect", _pragmas(READ_WAIT_MS))
    event.listen(writer, "begin", _begin("BEGIN IMMEDIATE"))
    event.listen(reader, "begin", _begin("BEGIN"))
    return writer, reader


def _pragmas(busy_ms: int) -> Any:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        # BEGIN is ours (see _begin): the driver must not open transactions by itself.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={busy_ms}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    return on_connect


def _begin(statement: str) -> Any:
    def on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql(statement)

    return on_begin


class ChangeWatch:
    """Tells whether another connection has committed since the last look.

    `changed()` costs one PRAGMA on the write connection (microseconds); it waits while
    this process is writing (the connection is in use), so call it off the UI thread.
    """

    def __init__(self, writer: sa.Engine) -> None:
        self._writer = writer
        self._last: int | None = None
        self._lock = threading.Lock()

    def version(self) -> int:
        raw = self._writer.raw_connection()  # no BEGIN: a bare PRAGMA outside a transaction
        try:
            cur = raw.cursor()
            try:
                cur.execute("PRAGMA data_version")
                return int(cur.fetchone()[0])
            finally:
                cur.close()
        finally:
            raw.close()

    def changed(self) -> bool:
        """True when another connection (another program, another Store) has committed
        since the previous call. The first call only takes the baseline."""
        with self._lock:
            now = self.version()
            before, self._last = self._last, now
            return before is not None and now != before
