"""Which processes have a database file open, told by locks the operating system keeps.

While the app runs on a file it holds a lock beside it: a folder `<file>.in-use` holds
one small file per holder (`app-<pid>-<token>.lock`), each locked exclusively by its
holder (`fcntl.flock`; on Windows `msvcrt.locking`, which has no shared mode — hence a
file each). Several app windows on one file each hold their own. The operating system
releases a lock when its holder ends, however it ends, so a stale marker cannot mislead:
a lock file whose lock can be taken belongs to nobody and is removed by whoever finds it.
Nothing here ever signals or even looks up another process.

`facilitator restore` refuses while any app holds the file (restoring under a running
app would leave its screens on rows that are gone, and send what the adviser types next
into the restored file) and, while it restores, holds a `restore-…` lock that an app
starting meanwhile sees and waits for (see `restoring`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from facilitator import files

APP, RESTORE = "app", "restore"
_ours: set[Path] = set()  # lock files this process holds (never probed by itself)


def marker_for(db_path: Path) -> Path:
    """The folder that holds the lock files of `db_path`."""
    return db_path.with_name(db_path.name + ".in-use")


@dataclass
class Lock:
    path: Path
    fd: int

    def release(self) -> None:
        _ours.discard(self.path)
        files.unlock(self.fd)
        with contextlib.suppress(OSError):
            os.close(self.fd)
        with contextlib.suppress(OSError):
            self.path.unlink()
        with contextlib.suppress(OSError):
            self.path.parent.rmdir()  # only when no other holder is left in it


def _folder(db_path: Path) -> Path:
    folder = marker_for(db_path)
    if folder.is_file() or folder.is_symlink():
        # the pid file of an older version: it proves nothing (a pid may be reused)
        with contextlib.suppress(OSError):
            folder.unlink()
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def acquire(db_path: Path, kind: str = APP) -> Lock | None:
    """Take a holder lock on `db_path`; None when the folder cannot take one (a
    read-only place: the store itself reports that to the user)."""
    for _attempt in range(5):
        try:
            folder = _folder(db_path)
            path = folder / f"{kind}-{os.getpid()}-{secrets.token_hex(4)}.lock"
            fd = files.create_private(path, folder_too=False)
        except FileNotFoundError:
            continue  # the last holder removed the empty folder meanwhile
        except OSError:
            return None
        # A prober that opened the new file before it was locked may hold its lock for a
        # moment, or have unlinked it as stale: then take a fresh one.
        if files.try_lock(fd) and files.same_file(fd, path):
            _ours.add(path)
            return Lock(path, fd)
        with contextlib.suppress(OSError):
            os.close(fd)
        with contextlib.suppress(OSError):
            path.unlink()
    return None


def _pid(name: str) -> int:
    try:
        return int(name.split("-")[1])
    except (IndexError, ValueError):
        return 0


def holders(db_path: Path, kind: str = APP) -> list[int]:
    """The process ids of the other live holders of `db_path` of this kind (an app,
    or a restore). Lock files left by holders that have ended are removed."""
    folder = marker_for(db_path)
    try:
        names = sorted(p for p in folder.glob(f"{kind}-*.lock"))
    except OSError:
        return []
    alive = []
    for path in names:
        if path in _ours:
            continue
        try:
            fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except OSError:
            continue  # gone meanwhile, or not ours to read
        try:
            if files.try_lock(fd):
                # Nobody holds it: a holder that ended without removing its file. It is
                # removed while locked (a new holder cannot take it meanwhile); Windows
                # cannot remove an open file, and refuses while its holder has it open.
                if not files.WINDOWS:
                    with contextlib.suppress(OSError):
                        path.unlink()
                files.unlock(fd)
                os.close(fd)
                fd = -1
                if files.WINDOWS:
                    with contextlib.suppress(OSError):
                        path.unlink()
            else:
                alive.append(_pid(path.name))
        finally:
            if fd >= 0:
                os.close(fd)
    return alive


def holder(db_path: Path) -> int | None:
    """The process id of a running app (not this one) that has `db_path` open, if any."""
    found = holders(db_path, APP)
    return found[0] if found else None


def restoring(db_path: Path) -> int | None:
    """The process id of a restore of `db_path` running now, if any."""
    found = holders(db_path, RESTORE)
    return found[0] if found else None


@contextlib.contextmanager
def held(db_path: Path | None, kind: str = APP) -> Iterator[Lock | None]:
    """Hold a lock of `kind` on `db_path` while the block runs (best effort: a place
    that cannot take the lock does not stop the app)."""
    lock = acquire(db_path, kind) if db_path is not None else None
    try:
        yield lock
    finally:
        if lock is not None:
            lock.release()
