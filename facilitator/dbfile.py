"""A database file before it is opened: may it be opened, and can it be written?

`inspect_file` decides read-only, creating nothing beside the file, whether a path is a
facilitator database this version may open; `check_writable_place` decides, before
SQLite creates its -wal and -shm, whether the file and its disk can take writes.
Both raise the store's errors (DatabaseRefused, StorageError) with one sentence.
The standard library only: the first screen uses this before the ORM is loaded.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from facilitator import errors, files, migrations
from facilitator.i18n import format_size

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024  # quick_check on open only below this size
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26


@dataclass(frozen=True)
class FileReport:
    path: Path
    exists: bool
    version: int  # 0 for a new or empty-schema database


@dataclass(frozen=True)
class Header:
    """What the first 100 bytes of an SQLite file say."""

    page_size: int
    pages: int  # 0 when the count is not known to be valid (old writers)
    wal: bool

    @property
    def size(self) -> int:
        return self.page_size * self.pages


def read_header(data: bytes) -> Header | None:
    """The header of an SQLite file, or None when `data` is not one."""
    if len(data) < 100 or not data.startswith(SQLITE_HEADER):
        return None
    page_size = int.from_bytes(data[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return None
    pages = int.from_bytes(data[28:32], "big")
    valid_for = int.from_bytes(data[92:96], "big")
    counter = int.from_bytes(data[24:28], "big")
    return Header(page_size, pages if valid_for == counter else 0, data[18] == 2)


def _refused(key: str, path: Path, **params: object) -> Exception:
    from facilitator.backups import newest_backup

    return errors.DatabaseRefused(key, path=path, backup=newest_backup(path), **params)


def _unreadable(path: Path, exc: BaseException) -> Exception:
    """An error reading the file that says nothing about its contents: a full disk, no
    permission, an I/O error. Never "damaged"."""
    if files.is_disk_full(exc, path.parent):
        return errors.StorageError("err.disk_full_open", path=path,
                                  free=format_size(files.free_bytes(path) or 0))
    if isinstance(exc, OSError):
        reason = files.describe_os_error(exc)
    else:
        reason = _sqlite_reason(exc)
    return errors.DatabaseRefused("err.unreadable", path=path, reason=reason)


def _sqlite_reason(exc: BaseException) -> str:
    from facilitator.i18n import t

    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == files.SQLITE_IOERR:
        return t("oserr.eio")
    if primary in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
        return t("oserr.ebusy")
    if primary in (3, 8, files.SQLITE_CANTOPEN):  # PERM, READONLY, CANTOPEN
        return t("oserr.eacces")
    return str(exc)[:120]


def _is_corruption(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def _log_size(path: Path, suffix: str) -> int | None:
    try:
        return Path(f"{path}{suffix}").stat().st_size
    except OSError:
        return None


def ro_uri(path: Path) -> str:
    """A read-only URI that leaves nothing beside the file. A WAL-mode file opened with
    plain mode=ro gets -wal/-shm files created next to it (and on a full disk a -shm
    cut short); with no rollback journal and no -wal holding anything, the file alone
    is the data, so it is opened `immutable` instead."""
    uri = files.sqlite_uri(path.resolve()) + "?mode=ro"
    if _log_size(path, "-journal") is None and not _log_size(path, "-wal"):
        uri += "&immutable=1"
    return uri


def connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection that creates nothing beside the file (see `ro_uri`)."""
    return sqlite3.connect(ro_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def inspect_file(path: Path, *, thorough: bool = False) -> FileReport:
    """Decide, read-only, whether `path` may be opened. Raises DatabaseRefused, or
    StorageError when the disk (not the file) is the problem.

    Checks the SQLite header, the page count against the file size (a truncated
    file), the facilitator marker, and the schema version. With `thorough`, or for
    small files, it also runs `PRAGMA quick_check` (full integrity_check when thorough).
    """
    size = _sqlite_file_size(path)
    if size is None:
        return FileReport(path, False, 0)
    small = size <= QUICK_CHECK_MAX_BYTES
    meta = _read_marker(path, "integrity_check" if thorough else "quick_check" if small else None)
    if meta is None:
        return FileReport(path, True, 0)
    if meta.get("app") != migrations.APP_ID:
        raise _refused("err.not_facilitator", path)
    try:
        version = int(meta.get("schema_version", ""))
    except ValueError:
        raise _refused("err.corrupt", path, detail="schema_version") from None
    if version > migrations.SCHEMA_VERSION:
        raise _refused("err.too_new", path, found=version,
                       supported=migrations.SCHEMA_VERSION)
    return FileReport(path, True, version)


def _sqlite_file_size(path: Path) -> int | None:
    """The size of the SQLite file at `path` (None: there is none), refusing a folder, an
    empty file, a file that is not SQLite and one shorter than its header says."""
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):  # or a file where a folder should be
        return None
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if stat.S_ISDIR(st.st_mode):
        raise errors.DatabaseRefused("err.is_folder", path=path,
                                        example=path / "facilitator.db")
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if st.st_size == 0:
        raise _refused("err.empty_file", path)
    header = read_header(head)
    if header is None:
        raise _refused("err.not_sqlite", path)
    if header.pages and st.st_size < header.size:
        raise _refused("err.truncated", path)
    return st.st_size


def _read_marker(path: Path, check: str | None) -> dict[str, str] | None:
    """The marker table's keys and values after the PRAGMA `check` (if named); None for
    a database without tables. Refuses a corrupt file and another program's SQLite."""
    try:
        conn = connect_ro(path)
    except sqlite3.Error as exc:
        if _is_corruption(exc):
            raise _refused("err.corrupt", path, detail=str(exc)[:120]) from exc
        raise _unreadable(path, exc) from exc
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if check:
            rows = [r[0] for r in conn.execute(f"PRAGMA {check}")]
            if rows != ["ok"]:
                raise _refused("err.corrupt", path, detail=rows[0][:120])
        if not names:
            return None
        if migrations.META_TABLE not in names:
            raise _refused("err.not_facilitator", path)
        return dict(conn.execute(f"SELECT key, value FROM {migrations.META_TABLE}"))
    except sqlite3.DatabaseError as exc:
        if _is_corruption(exc) or not isinstance(exc, sqlite3.OperationalError):
            raise _refused("err.corrupt", path, detail=str(exc)[:120]) from exc
        raise _unreadable(path, exc) from exc
    finally:
        conn.close()


def check_file(path: Path) -> tuple[int, list[str]]:
    """Read-only, creating nothing: the schema version of `path` and its foreign-key
    problems, after a full integrity check (a failure there is a DatabaseRefused)."""
    from facilitator.i18n import t

    report = inspect_file(path, thorough=True)
    try:
        conn = connect_ro(path)
        try:
            rows = conn.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise _unreadable(path, exc) from exc
    return report.version, [t("check.missing_parent", table=table, row=rowid, parent=parent)
                            for table, rowid, parent, _fk in rows]


# --------------------------------------------------------------------------- before writing


def writable(path: Path) -> bool:
    """The file and its folder can be written, and the file is not marked read-only.

    The mode bit counts even for root (who may write anyway): a user who made the file
    read-only asked for it not to change. (On Windows the bit is the read-only flag.)
    """
    try:
        marked = path.stat().st_mode & 0o200
    except OSError:
        return False
    return bool(marked) and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def check_writable_place(path: Path, *, exists: bool) -> None:
    """Before SQLite opens `path` for writing (and creates -wal and -shm beside it):
    refuse a read-only file or folder, a file standing where a folder should be, and
    a full disk, creating nothing. Raises StorageError."""
    if exists:
        if not writable(path):
            raise errors.StorageError("err.readonly", path=path)
    else:
        blocker = files.first_file_above(path)
        if blocker is not None:
            raise errors.StorageError("err.parent_is_file", path=path, parent=blocker)
    if files.low_on_space(path):
        raise errors.StorageError("err.disk_full_open", path=path,
                                 free=format_size(files.free_bytes(path) or 0))


def create_private_file(path: Path) -> None:
    """Create a new, empty database file readable only by the user (0600), its folder
    0700 (on Windows the modes mean nothing: the user's profile folder keeps it private).

    The file is made whole or not at all: a valid empty SQLite file (WAL mode) under a
    temporary name, flushed, then renamed into place. A kill in between used to leave a
    0-byte file, which every later start refused as "an empty file"."""
    try:
        if path.is_dir():
            raise errors.DatabaseRefused("err.is_folder", path=path,
                                        example=path / "facilitator.db")
        blocker = files.first_file_above(path)
        if blocker is not None:
            raise errors.StorageError("err.parent_is_file", path=path, parent=blocker)
        temp = files.temp_sibling(path, "new")
        os.close(files.create_private(temp))
        try:
            conn = sqlite3.connect(str(temp))
            try:
                conn.execute("PRAGMA journal_mode=WAL")  # writes the header page
            finally:
                conn.close()
            files.fsync_file(temp)
            try:
                files.place_new(temp, path)
            except FileExistsError:  # made meanwhile by another process: use that one
                files.remove_quietly(temp)
            files.fsync_dir(path.parent)
        except BaseException:
            files.remove_quietly(temp)
            raise
    except NotADirectoryError as exc:
        blocker = files.first_file_above(path) or path.parent
        raise errors.StorageError("err.parent_is_file", path=path, parent=blocker) from exc
    except PermissionError as exc:
        raise errors.StorageError("err.readonly", path=path) from exc
    except (OSError, sqlite3.Error) as exc:
        if files.is_disk_full(exc, path.parent):
            raise errors.StorageError("err.disk_full_open", path=path,
                                     free=format_size(files.free_bytes(path) or 0)) from exc
        if isinstance(exc, OSError) and exc.errno == errno.EROFS:
            raise errors.StorageError("err.readonly", path=path) from exc
        if isinstance(exc, sqlite3.Error) and "readonly" in str(exc).lower():
            raise errors.StorageError("err.readonly", path=path) from exc
        detail = files.describe_os_error(exc) if isinstance(exc, OSError) else str(exc)[:120]
        raise errors.StorageError("err.cannot_create", path=path, detail=detail) from exc


def make_private(path: Path) -> None:
    """0600 for a file that has other bits, where modes mean something; never a noisy
    failure (a file on a share, or owned by someone else, keeps its mode)."""
    if not files.private_modes():
        return
    with contextlib.suppress(OSError):
        if stat.S_IMODE(path.stat().st_mode) != 0o600:
            os.chmod(path, 0o600)


def url_error(url: str, exc: BaseException) -> Exception:
    """The DatabaseRefused for a server address SQLAlchemy cannot use (its password
    hidden): a driver that is not installed, a kind of database it does not know, or an
    address it cannot read."""
    from facilitator.redact import redact

    shown = redact(url)
    seen, current = set(), exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ModuleNotFoundError) and current.name:
            return errors.DatabaseRefused("err.url_driver", url=shown,
                                         driver=current.name.split(".")[0])
        current = current.__cause__ or current.__context__
    if type(exc).__name__ == "NoSuchModuleError":
        return errors.DatabaseRefused("err.url_unknown", url=shown)
    return errors.DatabaseRefused("err.url_bad", url=shown, detail=redact(str(exc))[:200])


def classify(exc: BaseException, path: object = "") -> Exception:
    """The StorageError a failed database operation means for the user."""
    where = path if isinstance(path, Path) else None
    if files.is_disk_full(exc, where.parent if where else None):
        return errors.StorageError("err.disk_full")
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return errors.StorageError("err.busy")
    if "readonly" in text or "read-only" in text or "permission" in text:
        return errors.StorageError("err.readonly", path=path)
    from facilitator.redact import redact

    return errors.StorageError("err.io", detail=redact(str(getattr(exc, "orig", exc)))[:200])
