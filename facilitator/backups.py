"""Backups of a database file, and restoring one.

A backup is written under a temporary name (`.NAME.partial`, which no backup glob
matches), flushed to the disk, verified with `PRAGMA integrity_check`, and only then
renamed to its final name `<stem>-<time>.db` in `backups/` beside the database (the
folder is flushed too). So a file under a backup name was verified when it was made;
one left broken by an older version (a kill during its backup) is told apart at every
open by cheap checks of its header and size, ignored by the daily rule and by every
message, and reported by `facilitator check`, which verifies every backup in full.

Restoring writes the restored database beside the current one the same way and swaps
it in with one rename, after keeping the current one as a before-restore copy.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from facilitator import files
from facilitator.dbfile import (
    BUSY_TIMEOUT_MS,
    connect_ro,
    inspect_file,
    make_private,
    read_header,
    ro_uri,
)

BACKUP_DIR_NAME = "backups"
PARTIAL_STALE_AFTER = 6 * 3600  # a .partial older than this is a killed run's leftover


STEM_MAX_BYTES = 200  # room for "-before-restore-YYYYmmdd-HHMMSS-NN.db.unreadable"


def backup_dir_for(path: Path) -> Path:
    return path.parent / BACKUP_DIR_NAME


def backup_stem(path: Path) -> str:
    """The start of the backup names of `path`: its stem, valid on every system and
    short enough that a backup name stays under 255 bytes."""
    stem = files.portable_name(path.stem, "facilitator")
    return stem.encode("utf-8")[:STEM_MAX_BYTES].decode("utf-8", "ignore").rstrip(". ")


def _candidates(path: Path) -> list[Path]:
    folder = backup_dir_for(path)
    try:  # escaped: "[" or "*" in a file name is no pattern
        return [p for p in folder.glob(f"{glob.escape(backup_stem(path))}-*.db")
                if p.is_file()]
    except OSError:
        return []


def looks_complete(path: Path) -> bool:
    """Cheap checks that a file under a backup name is a whole SQLite file: its header,
    and a size that holds every page the header counts. A zero-filled or empty file,
    or one cut short by a kill, fails them."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            header = read_header(fh.read(100))
    except OSError:
        return False
    if header is None:
        return False
    return size >= header.page_size and (not header.pages or size >= header.size)


def _written(p: Path) -> tuple[float, str]:
    try:
        return p.stat().st_mtime, p.name
    except OSError:
        return 0.0, p.name


def list_backups(path: Path) -> list[Path]:
    """The usable backups of `path`, oldest first (by time written; names only break
    ties, since "x-…-2.db" sorts before "x-….db" and before-restore copies after both).
    Broken files under a backup name are left out (see `broken_backups`)."""
    return sorted((p for p in _candidates(path) if looks_complete(p)), key=_written)


def newest_backup(path: Path) -> Path | None:
    found = list_backups(path)
    return found[-1] if found else None


@dataclass(frozen=True)
class BrokenBackup:
    path: Path
    reason: str


_BROKEN = {"err.empty_file": "backup.broken.empty", "err.truncated": "backup.broken.truncated",
           "err.not_sqlite": "backup.broken.not_sqlite", "err.corrupt": "backup.broken.corrupt"}


def broken_backups(path: Path) -> list[BrokenBackup]:
    """Every file under a backup name of `path` that fails full verification, with the
    reason in a few words."""
    from facilitator.errors import StoreError
    from facilitator.i18n import t

    broken = []
    for candidate in sorted(_candidates(path), key=_written):
        try:
            inspect_file(candidate, thorough=True)
        except StoreError as exc:
            key = _BROKEN.get(exc.key)
            reason = (t(key, detail=exc.params.get("detail", "")) if key
                      else t("backup.broken.other", detail=exc.message()))
            broken.append(BrokenBackup(candidate, reason))
    return broken


# --------------------------------------------------------------------------- writing


def _verify(path: Path) -> None:
    """Raise sqlite3.DatabaseError unless `path` passes integrity_check."""
    conn = sqlite3.connect(ro_uri(path), uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()
    if rows != ["ok"]:
        raise sqlite3.DatabaseError(f"integrity_check: {rows[0][:120]}")


def clean_partials(folder: Path, *, older_than: float = PARTIAL_STALE_AFTER) -> None:
    """Remove temporary files that a killed run left in `folder`, with their SQLite
    journals (by age: a live run keeps writing its file, so its time stamp stays fresh)."""
    now = time.time()
    with contextlib.suppress(OSError):
        for p in folder.glob(".*.partial*"):
            with contextlib.suppress(OSError):
                if now - p.stat().st_mtime > older_than:
                    files.remove_quietly(p)


def write_verified(final: Path, fill: Callable[[Path], None], *, verify: bool = True
                   ) -> Path:
    """Write a database file at `final` (or the first free "-2", "-3" … variant) whole
    or not at all: `fill` writes it under a temporary name; it is flushed, verified,
    renamed into place and the folder flushed. Returns the final path."""
    folder = final.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    clean_partials(folder)
    temp = files.temp_sibling(final, "writing")
    os.close(files.create_private(temp, folder_too=False))
    try:
        fill(temp)
        files.fsync_file(temp)
        if verify:
            _verify(temp)
        target, n = final, 1
        while True:
            try:
                files.place_new(temp, target)
                break
            except FileExistsError:
                n += 1
                target = final.with_name(f"{final.stem}-{n}{final.suffix}")
        files.fsync_dir(folder)
        return target
    except BaseException:
        files.remove_quietly(temp)
        raise


def _backup_into(source_uri: str, *, uri: bool) -> Callable[[Path], None]:
    def fill(temp: Path) -> None:
        src = sqlite3.connect(source_uri, uri=uri, timeout=BUSY_TIMEOUT_MS / 1000)
        dst = sqlite3.connect(str(temp))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
    return fill


def write_backup(db: Path, final: Path) -> Path:
    """A consistent, verified copy of the open database `db` at `final` (or a free
    variant), with SQLite's online backup API. Raises sqlite3.Error or OSError."""
    return write_verified(final, _backup_into(str(db), uri=False))


def backup_error(exc: BaseException, folder: Path) -> Exception:
    """The StorageError for a backup that could not be written (nothing was left)."""
    from facilitator.errors import StorageError

    if files.is_disk_full(exc, folder):
        return StorageError("err.backup_disk_full", folder=folder)
    if isinstance(exc, PermissionError) or (isinstance(exc, OSError) and exc.errno == 30):
        return StorageError("err.readonly", path=folder)
    if isinstance(exc, NotADirectoryError | FileExistsError):
        return StorageError("err.backup_not_folder", folder=folder)
    return StorageError("err.backup_failed", folder=folder, reason=_reason(exc))


def _reason(exc: BaseException) -> str:
    """A failure's reason in the user's words where there are any."""
    if isinstance(exc, OSError):
        return files.describe_os_error(exc)
    from facilitator.dbfile import _sqlite_reason

    return _sqlite_reason(exc)


def prune(db: Path, keep: int) -> None:
    for old in list_backups(db)[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()


# --------------------------------------------------------------------------- restoring


def copy_database(src: Path, dst: Path) -> Path:
    """Copy an SQLite database consistently with the online backup API, verified, to
    `dst` (or a free "-2" … variant) — never a half-written file under that name."""
    return write_verified(dst, _backup_into(str(src), uri=False))


def _copy_bytes(source: Path) -> Callable[[Path], None]:
    def fill(temp: Path) -> None:
        with open(source, "rb") as fin, open(temp, "wb") as fout:
            while chunk := fin.read(1 << 20):
                fout.write(chunk)
    return fill


UNREADABLE_SUFFIX = ".unreadable"


def _keep_unreadable(db_path: Path, keep: Path) -> Path:
    """Keep a damaged, foreign or newer file byte for byte (with its logs, under the
    same name with their suffixes): SQLite cannot copy a file it cannot read. Its name
    ends in ".db.unreadable", so it is never taken for a backup."""
    keep = keep.with_name(keep.name + UNREADABLE_SUFFIX)
    kept = write_verified(keep, _copy_bytes(db_path), verify=False)
    for suffix in ("-wal", "-journal"):
        log = Path(f"{db_path}{suffix}")
        if log.exists():
            write_verified(Path(f"{kept}{suffix}"), _copy_bytes(log), verify=False)
    return kept


def _drop_logs(db_path: Path) -> None:
    """Remove the -wal, -shm and -journal of the database being replaced: left beside
    the restored file, SQLite would apply the old log to it."""
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{db_path}{suffix}").unlink()


def _checkpoint(db_path: Path) -> None:
    """Fold a healthy database's -wal into the file, so dropping the log loses nothing
    even for a moment (the kept copy already holds it)."""
    with contextlib.suppress(sqlite3.Error):
        conn = sqlite3.connect(str(db_path), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()


def restore_database(backup_file: Path, db_path: Path, *, keep_dir: Path | None = None
                     ) -> Path | None:
    """Verify `backup_file`, keep a copy of `db_path`, then restore. Returns the kept copy
    (None when there was no database to keep).

    The backup is checked thoroughly first (integrity, marker, version) and never
    modified; the current database is copied aside (verified) before anything is
    replaced, and the restored file is written beside it and renamed over it: a kill
    at any moment leaves the old database or the restored one, never a mix.
    """
    from facilitator.errors import DatabaseRefused
    from facilitator.shutdown import deferred

    inspect_file(backup_file, thorough=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    folder = keep_dir or backup_dir_for(db_path)
    keep: Path | None = None
    try:
        if db_path.exists():
            wanted = folder / f"{backup_stem(db_path)}-before-restore-{stamp}.db"
            try:
                inspect_file(db_path)
                healthy = True
            except DatabaseRefused:
                healthy = False
            if healthy:
                keep = copy_database(db_path, wanted)
                _checkpoint(db_path)
            else:
                keep = _keep_unreadable(db_path, wanted)
        elif not db_path.parent.is_dir():
            db_path.parent.mkdir(parents=True, mode=0o700)
        restored = files.temp_sibling(db_path, "restoring")
        os.close(files.create_private(restored, folder_too=False))
        try:
            _backup_into(ro_uri(backup_file), uri=True)(restored)
            files.fsync_file(restored)
            _verify(restored)
            with deferred():  # a signal now waits until the swap is complete
                _drop_logs(db_path)
                os.replace(restored, db_path)
                files.fsync_dir(db_path.parent)
        except BaseException:
            files.remove_quietly(restored)
            raise
        make_private(db_path)
    except sqlite3.OperationalError as exc:
        from facilitator.dbfile import classify

        raise classify(exc, db_path) from exc
    except (sqlite3.Error, OSError) as exc:
        raise restore_error(exc, db_path) from exc
    return keep


def restore_error(exc: BaseException, db_path: Path) -> Exception:
    from facilitator.errors import StorageError

    if files.is_disk_full(exc, db_path.parent):
        return StorageError("err.restore_disk_full", db=db_path)
    if isinstance(exc, PermissionError) or (isinstance(exc, OSError) and exc.errno == 30):
        return StorageError("err.readonly", path=db_path)
    return StorageError("err.restore_failed", db=db_path, reason=_reason(exc))


# --------------------------------------------------------------------------- describing


@dataclass(frozen=True)
class FileContents:
    """What a database file holds, in a few figures (to say what a restore brings back)."""

    networks: int
    responses: int
    last_change: datetime | None  # UTC


def describe_file(path: Path) -> FileContents | None:
    """Read-only figures for `path`, or None when it cannot be read that way."""
    tables = ("network", "membership", "participant", "gathering", "theme", "attendance",
              "homework", "homeworkstatus", "municipalitymeeting",
              "evaluationquestion", "evaluationresponse",
              "homeassignment", "assignmentstatus")  # a backup from before schema 7
    try:
        conn = connect_ro(path)
    except sqlite3.Error:
        return None
    try:
        networks = conn.execute(
            "SELECT count(*) FROM network WHERE deleted_at IS NULL").fetchone()[0]
        responses = conn.execute(
            "SELECT count(*) FROM evaluationresponse WHERE deleted_at IS NULL").fetchone()[0]
        present = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        latest = conn.execute(" UNION ALL ".join(
            f"SELECT max(updated_at) FROM {name}" for name in tables if name in present)).fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    stamps = [str(row[0]) for row in latest if row[0]]
    when = None
    if stamps:
        with contextlib.suppress(ValueError):
            when = datetime.fromisoformat(max(stamps)).replace(tzinfo=UTC)
    return FileContents(networks, responses, when)
