"""Files on disk the operating system's way, with the standard library only.

- free space and a full disk (`free_bytes`, `is_disk_full`);
- a finished file put in place whole or not at all (`fsync_file`, `fsync_dir`,
  `place_new`), written first under a temporary name that never looks finished
  (`temp_sibling`);
- a lock the operating system releases when its holder dies (`try_lock`, `unlock`):
  `fcntl.flock` on Linux and macOS, `msvcrt.locking` on Windows;
- names valid on Windows too (`portable_name`) and SQLite URIs for a path on either
  system (`sqlite_uri`);
- `PRIVATE_MODES`: whether 0600/0700 mean anything here (not on Windows, where the
  user's profile folder is what keeps the files private).

`WINDOWS` is read at call time, so tests switch the Windows branches on here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import sys
from pathlib import Path, PurePath, PureWindowsPath
from urllib.parse import quote

WINDOWS = sys.platform.startswith("win")

# Below this much free space a disk counts as full: opening a database for writing needs
# its -shm (32 KiB) and the first frames of its -wal, and nothing useful fits in less.
FULL_BELOW = 256 * 1024

SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN = 13, 10, 14


def private_modes() -> bool:
    """True where file modes keep a file private (0600) — not on Windows."""
    return not WINDOWS


# --------------------------------------------------------------------------- free space


def existing_folder(path: Path) -> Path | None:
    """The nearest folder at or above `path` that exists (None when none does)."""
    for candidate in (path, *path.parents):
        with contextlib.suppress(OSError):
            if candidate.is_dir():
                return candidate
    return None


def free_bytes(path: Path) -> int | None:
    """Free space on the disk that holds `path` (or would hold it), None if unknown."""
    folder = existing_folder(path)
    if folder is None:
        return None
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def low_on_space(path: Path, need: int = 0) -> bool:
    """True when the disk of `path` has less than `need` + FULL_BELOW bytes free."""
    free = free_bytes(path)
    return free is not None and free < need + FULL_BELOW


def is_disk_full(exc: BaseException, where: Path | None = None) -> bool:
    """Whether `exc` (an OSError, an sqlite3 error, or SQLAlchemy's wrapper of one) means
    the disk is full. SQLite reports a full disk as a plain "disk I/O error" when it
    cannot grow its -shm file: that counts as full when the disk of `where` is low."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        code = getattr(current, "sqlite_errorcode", None)
        if isinstance(code, int):
            primary = code & 0xFF
            if primary == SQLITE_FULL:
                return True
            if primary in (SQLITE_IOERR, SQLITE_CANTOPEN) and where is not None:
                return low_on_space(where)
        text = str(current).lower()
        if "database or disk is full" in text or "no space left" in text:
            return True
        if "disk i/o error" in text and where is not None:
            return low_on_space(where)
        current = getattr(current, "orig", None) or current.__cause__
    return False


# --------------------------------------------------------------------------- durable placement


def fsync_file(path: Path) -> None:
    """Flush a finished file's data to the disk."""
    fd = os.open(path, os.O_RDONLY if not WINDOWS else os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable. Windows has no such call (NTFS journals the
    rename itself); a file system that refuses it (EINVAL) is left to its own rules."""
    if WINDOWS:
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_sibling(final: Path, tag: str) -> Path:
    """A temporary name in `final`'s folder that never looks like a finished file: it
    starts with a dot and ends in `.partial`, so no glob for finished files matches it."""
    tail = f".{tag}-{os.getpid()}-{secrets.token_hex(3)}.partial"
    # a long name is cut to fit, leaving room for SQLite's "-journal" beside it
    room = NAME_MAX_BYTES - 1 - len(tail.encode("utf-8")) - len("-journal")
    name = final.name.encode("utf-8")[:room].decode("utf-8", "ignore")
    return final.with_name(f".{name}{tail}")


def place_new(temp: Path, final: Path) -> None:
    """Give the finished file or folder `temp` the name `final`, which must not exist:
    an existing `final` is never replaced (FileExistsError). Atomic: `final` appears
    whole or not at all."""
    if WINDOWS or temp.is_dir():
        # Windows' rename refuses an existing target by itself; a folder cannot be hard
        # linked, and a rename onto a non-empty folder fails on every system.
        if not WINDOWS and final.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(final))
        os.rename(temp, final)
        return
    try:
        os.link(temp, final)  # fails if `final` exists, unlike rename
    except FileExistsError:
        raise
    except OSError as exc:  # no hard links here (FAT, exFAT, some network shares)
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                             errno.EMLINK, errno.ENOSYS, errno.EACCES):
            raise
        if final.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(final)) from exc
        os.rename(temp, final)
        return
    os.unlink(temp)


def remove_quietly(path: Path) -> None:
    """Remove a file or a folder tree; what cannot be removed stays (best effort)."""
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()


def create_private(path: Path, *, folder_too: bool = True) -> int:
    """Create `path` exclusively, readable only by the user (0600; its new folders 0700)
    and return its descriptor open for writing. Raises OSError."""
    if folder_too and not path.parent.is_dir():
        path.parent.mkdir(parents=True, mode=0o700)
    flags = os.O_CREAT | os.O_EXCL | os.O_RDWR | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, 0o600)


# --------------------------------------------------------------------------- locks


def try_lock(fd: int) -> bool:
    """Take an exclusive lock on the open file `fd` without waiting; False when another
    process holds it. The operating system drops the lock when the holder dies."""
    if WINDOWS:
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        raise
    return True


def unlock(fd: int) -> None:
    if WINDOWS:
        import msvcrt

        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)


def same_file(fd: int, path: Path) -> bool:
    """Whether `path` still names the file open as `fd` (a lock on a file that has been
    unlinked meanwhile protects nothing)."""
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


# --------------------------------------------------------------------------- names


_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$",
             *(f"{p}{n}" for p in ("com", "lpt") for n in (*"0123456789", "¹", "²", "³"))}
_FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(32)}
NAME_MAX_BYTES = 255


def portable_name(name: str, fallback: str = "fil") -> str:
    """`name` made valid as a file name on Windows as well as Linux and macOS: no
    `<>:"/\\|?*` or control characters, no trailing dot or space, no reserved device
    name (CON, PRN, AUX, NUL, COM1…, LPT1…, also with an extension) and at most 255
    bytes. A name that is already valid comes back unchanged."""
    text = "".join("-" if ch in _FORBIDDEN else ch for ch in name).rstrip(". ")
    if not text.strip(". "):
        text = fallback
    base, dot, ext = text.partition(".")
    if base.rstrip(" ").casefold() in _RESERVED:
        text = f"{base}_{dot}{ext}"
    encoded = text.encode("utf-8")
    if len(encoded) > NAME_MAX_BYTES:
        stem, dot, ext = text.rpartition(".")
        if not dot or len(ext) > 16:
            stem, dot, ext = text, "", ""
        room = NAME_MAX_BYTES - len((dot + ext).encode("utf-8"))
        stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(". ")
        text = stem + dot + ext
    return text


def sqlite_uri(path: PurePath, *, windows: bool | None = None) -> str:
    """The `file:` URI SQLite needs for an absolute path, on Windows ("C:\\a b\\x.db" →
    "file:///C:/a%20b/x.db", UNC shares too) or elsewhere (bytes of the name kept)."""
    win = isinstance(path, PureWindowsPath) if windows is None else windows
    if win:
        text = str(path).replace("\\", "/")
        body = quote(text, safe="/:")
        return "file://" + body if text.startswith("//") else "file:///" + body
    return "file:" + quote(os.fsencode(str(path)), safe="/")


def describe_os_error(exc: OSError) -> str:
    """The reason an OSError gives, in the user's language (the system's own text is
    English); unknown ones keep the system's words."""
    from facilitator.i18n import CATALOGS, load_all, t

    key = f"oserr.{errno.errorcode.get(exc.errno or 0, '').lower()}"
    if key in load_all()["nb"] and key in CATALOGS["en"]:
        return t(key)
    return exc.strerror or type(exc).__name__


def first_file_above(path: Path) -> Path | None:
    """The nearest parent of `path` that exists but is not a folder (a file standing
    where a folder is needed), if any."""
    for parent in path.parents:
        try:
            if parent.exists():
                return None if parent.is_dir() else parent
        except OSError:
            return None
    return None
