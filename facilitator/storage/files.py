"""The database file: its health, its backups and its write-ahead log.
Reached as `store.files`.

The work on files is done by `facilitator.dbfile` (inspect, check, open read-only) and
`facilitator.backups` (verified copies, pruning, restore); this room applies them to
the open store's file. Standard library only.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator import migrations
from facilitator.backups import (
    backup_dir_for,
    backup_error,
    backup_stem,
    newest_backup,
    prune,
    write_backup,
)
from facilitator.dbfile import BUSY_TIMEOUT_MS
from facilitator.errors import StoreError

if TYPE_CHECKING:
    from facilitator.store import Store

BACKUP_KEEP = 14
BACKUP_EVERY = timedelta(hours=24)


class Files:
    """The open store's file (nothing to do on a server database: `store.path` is None)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def schema_version(self) -> int:
        with self.store._reader.connect() as conn:  # noqa: SLF001 - the store's reader
            return migrations.current_version(conn)

    def check(self) -> list[str]:
        """Integrity and foreign-key problems; an empty list means healthy."""
        from facilitator.i18n import t

        problems: list[str] = []
        with self.store._reader.connect() as conn:  # noqa: SLF001
            if self.store.is_sqlite:
                rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                if rows != ["ok"]:
                    problems.extend(rows)
                for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                    problems.append(t("check.missing_parent", table=table, row=rowid,
                                      parent=parent))
        return problems

    def backup(self, to: Path | None = None, *, reason: str = "") -> Path:
        """Write a consistent, verified copy with SQLite's online backup API under a
        temporary name, then rename it into place; returns its path. On failure
        nothing is left under a backup name."""
        path = self.store.path
        if path is None:
            raise StoreError("err.not_found", what="file")
        folder = Path(to) if to else backup_dir_for(path)
        stamp = self.store._now().strftime("%Y%m%d-%H%M%S")  # noqa: SLF001 - its clock
        try:
            target = write_backup(path, folder / f"{backup_stem(path)}-{stamp}.db")
        except (sqlite3.Error, OSError) as exc:
            raise backup_error(exc, folder) from exc
        if to is None:
            prune(path, BACKUP_KEEP)
        return target

    def ensure_daily_backup(self) -> Path | None:
        """Back up when the newest verified backup is older than 24 h. A failure is not
        fatal, and a disk without room for a whole copy gets no partial one."""
        from facilitator.files import low_on_space

        path = self.store.path
        if path is None:
            return None
        newest = newest_backup(path)
        if newest is not None:
            try:
                age = time.time() - newest.stat().st_mtime
            except OSError:
                age = BACKUP_EVERY.total_seconds()
            if age < BACKUP_EVERY.total_seconds():
                return None
        size = 0
        for part in (path, Path(f"{path}-wal")):
            with contextlib.suppress(OSError):
                size += part.stat().st_size
        if low_on_space(backup_dir_for(path), need=size):
            return None
        try:
            return self.backup()
        except StoreError:
            return None

    def checkpoint(self) -> None:
        """Move the WAL into the database file and truncate the log."""
        if self.store.path is None:
            return
        conn = sqlite3.connect(str(self.store.path), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # a reader holds the log; the next checkpoint will do it
        finally:
            conn.close()

    def checkpoint_after_write(self) -> None:
        """After an erasure: checkpoint now, or once the batch it is in has committed."""
        if self.store.path is None:
            return
        if self.store._session() is None:  # noqa: SLF001 - the batch it may be in
            self.checkpoint()
        else:
            self.store._local.checkpoint_after = True  # noqa: SLF001 - see Store.batch
