"""Which process has the app open on a database file.

While the app runs on a file it keeps a small marker beside it (`<file>.in-use`, holding
its process id). `facilitator restore` reads it: restoring under a running app would leave
the app's screens showing rows that are no longer there, and what the adviser types next
would go into the restored file without them knowing. A marker left by a process that
has since died (a crash, a kill) is ignored and replaced.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


def marker_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".in-use")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, but alive
    except OSError:
        return False
    return True


def holder(db_path: Path) -> int | None:
    """The process id of a running app that has `db_path` open, if any (not this one)."""
    try:
        text = marker_for(db_path).read_text(encoding="ascii").strip()
        pid = int(text.split()[0])
    except (OSError, ValueError, IndexError):
        return None
    if pid == os.getpid() or not _alive(pid):
        return None
    return pid


@contextlib.contextmanager
def held(db_path: Path | None) -> Iterator[None]:
    """Mark `db_path` as open by this process while the block runs.

    Best effort: a folder that cannot take the marker does not stop the app (the store
    itself reports a read-only folder to the user).
    """
    if db_path is None:
        yield
        return
    marker = marker_for(db_path)
    written = False
    if holder(db_path) is not None:
        # another running app has it open: its marker stays (a second window does not
        # take it over, or quitting this one would leave the other unmarked)
        yield
        return
    try:
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(f"{os.getpid()}\n")
        written = True
    except OSError:
        pass
    try:
        yield
    finally:
        if written and holder_pid_is_ours(marker):
            with contextlib.suppress(OSError):
                marker.unlink()


def holder_pid_is_ours(marker: Path) -> bool:
    try:
        return int(marker.read_text(encoding="ascii").split()[0]) == os.getpid()
    except (OSError, ValueError, IndexError):
        return False
