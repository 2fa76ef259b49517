"""Write a cycle summary to files: one function for the CLI and the app.

Files go to a folder per network (by default under the user's documents folder) and
never overwrite an earlier export: an existing name gets "-2", "-3" … instead. Files
are created readable only by the user, like the database: they may hold names.

The set appears whole or not at all. It is written in a temporary folder in the same
place (`.facilitator-export-tmp-…`: a dot-name, so it never looks like an export),
each file flushed to the disk; then a list of the final names is written there (the
commit point) and the files are renamed into place, which takes microseconds. A run
killed before the commit leaves only the temporary folder; the next export to the
same folder removes it once its writer is gone (its lock is free), and completes the
moves of one killed after the commit. A full disk, a read-only folder or a file in
the way is one sentence in the user's language (errors.WriteError), with nothing left.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from facilitator import files
from facilitator.cycle import CycleSummary
from facilitator.errors import WriteError
from facilitator.export import FORMATS
from facilitator.export.email import ascii_filename, attachment_name_for

TEMP_PREFIX = ".facilitator-export-tmp-"
MANIFEST = "moves.json"
LOCK = "writer.lock"
UNLOCKED_STALE_AFTER = 60.0  # a temporary folder without its lock file, this old, is dead


def default_out_dir(network: str) -> Path:
    import platformdirs

    name = files.portable_name(ascii_filename(network), "nettverk")
    return Path(platformdirs.user_documents_dir()) / "facilitator" / name


def free_path(path: Path) -> Path:
    """`path`, or the first "-2", "-3" … variant that does not exist yet."""
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def _write(path: Path, data: bytes) -> Path:
    fd = files.create_private(path, folder_too=False)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return path


def parse_formats(text: str | Iterable[str]) -> list[str]:
    """"md,html" → ["md", "html"]; raises ValueError naming an unknown format."""
    items = text.split(",") if isinstance(text, str) else list(text)
    formats = [f.strip().lower() for f in items if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(", ".join(unknown))
    return list(dict.fromkeys(formats)) or list(FORMATS)


# --------------------------------------------------------------------------- staging


class _Staging:
    """The temporary folder an export is written in, locked while its writer lives."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.folder = out_dir / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        os.mkdir(self.folder, 0o700)
        try:
            self.lock_fd = files.create_private(self.folder / LOCK, folder_too=False)
        except BaseException:
            files.remove_quietly(self.folder)
            raise
        files.try_lock(self.lock_fd)
        self.entries: list[str] = []  # top-level names, in the order written
        self.names: list[str] = []  # every file, as "name" or "folder/name", in order

    def add(self, name: str, data: bytes) -> None:
        top = name.split("/", 1)[0]
        target = self.folder / name
        if target.parent != self.folder and not target.parent.is_dir():
            os.mkdir(target.parent, 0o700)
        _write(target, data)
        self.names.append(name)
        if top not in self.entries:
            self.entries.append(top)

    def commit(self) -> list[Path]:
        """Rename the finished files into place; returns them in order (the files of
        a folder, such as the CSV one, one by one)."""
        for entry in self.entries:
            if (self.folder / entry).is_dir():
                files.fsync_dir(self.folder / entry)
        moves = [(entry, free_path(self.out_dir / entry).name) for entry in self.entries]
        record = self.folder / f".{MANIFEST}.partial"
        _write(record, json.dumps({"moves": moves}).encode("utf-8"))
        os.replace(record, self.folder / MANIFEST)
        files.fsync_dir(self.folder)  # the commit point
        from facilitator.shutdown import deferred

        placed: dict[str, Path] = {}
        with deferred():  # a signal waits the microseconds until the set is in place
            try:
                _move_all(self.folder, self.out_dir, moves, placed)
            except OSError:
                for final in placed.values():  # all or nothing
                    files.remove_quietly(final)
                raise
        files.fsync_dir(self.out_dir)
        written = []
        for name in self.names:
            top, _, rest = name.partition("/")
            written.append(placed[top] / rest if rest else placed[top])
        return written

    def discard(self) -> None:
        files.unlock(self.lock_fd)
        with contextlib.suppress(OSError):
            os.close(self.lock_fd)
        files.remove_quietly(self.folder)


def _move_all(folder: Path, out_dir: Path, moves: list[tuple[str, str]],
              placed: dict[str, Path]) -> None:
    """Rename each entry of `folder` to its name in `out_dir` (a free variant if that
    was taken meanwhile), recording in `placed` where each went."""
    for entry, wanted in moves:
        source = folder / entry
        if not source.exists():  # moved already (by the run that was killed)
            continue
        target = out_dir / wanted
        while True:
            try:
                files.place_new(source, target)
                break
            except FileExistsError:
                target = free_path(target)
        placed[entry] = target


def recover(out_dir: Path) -> None:
    """Tidy what killed exports left in `out_dir`: a temporary folder whose writer is
    gone is removed, after finishing the moves of one that had reached its commit."""
    try:
        leftovers = [p for p in out_dir.iterdir() if p.name.startswith(TEMP_PREFIX)]
    except OSError:
        return
    for folder in leftovers:
        if not folder.is_dir():
            continue
        lock = folder / LOCK
        try:
            fd = os.open(lock, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except OSError:
            try:
                young = time.time() - folder.stat().st_mtime < UNLOCKED_STALE_AFTER
            except OSError:
                continue
            if young:
                continue  # being set up by a writer this very moment
            fd = -1
        if fd >= 0:
            if not files.try_lock(fd):
                os.close(fd)
                continue  # its writer is alive
        try:
            manifest = folder / MANIFEST
            if manifest.is_file():
                with contextlib.suppress(OSError, ValueError, TypeError):
                    moves = [(str(a), str(b)) for a, b in
                             json.loads(manifest.read_text("utf-8"))["moves"]]
                    _move_all(folder, out_dir, moves, {})
                    files.fsync_dir(out_dir)
        finally:
            if fd >= 0:
                files.unlock(fd)
                os.close(fd)
        files.remove_quietly(folder)


def export_error(exc: OSError, out_dir: Path) -> Exception:
    """The one sentence for an export that could not be written."""
    if files.is_disk_full(exc, out_dir):
        return WriteError("err.export_disk_full", folder=out_dir)
    if isinstance(exc, NotADirectoryError | FileExistsError):
        blocker = out_dir if out_dir.is_file() else files.first_file_above(out_dir)
        if blocker is not None:
            return WriteError("err.export_not_folder", folder=out_dir, blocker=blocker)
    if isinstance(exc, PermissionError) or exc.errno == 30:  # EROFS
        return WriteError("err.export_readonly", folder=out_dir)
    return WriteError("err.export_failed", folder=out_dir,
                      reason=files.describe_os_error(exc))


# --------------------------------------------------------------------------- writing


def write_export(
    summary: CycleSummary,
    formats: Iterable[str],
    out_dir: Path,
    *,
    to: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Render and write the chosen formats; returns the files written, in order.

    Raises `email.RecipientError` (before anything is written) when the draft is
    asked for and a recipient, given or stored, is not an address; WriteError (and
    leaves nothing) when they cannot be written."""
    formats = list(formats)
    if "eml" in formats:
        from facilitator.export import email

        email.recipients(summary, to)  # a bad address is refused before any file is written
    try:
        out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        recover(out_dir)
        staging = _Staging(out_dir)
    except OSError as exc:
        raise export_error(exc, out_dir) from exc
    try:
        _render_into(staging, summary, formats, to, progress)
        return staging.commit()
    except OSError as exc:
        raise export_error(exc, out_dir) from exc
    finally:
        staging.discard()


def _render_into(staging: _Staging, summary: CycleSummary, formats: list[str],
                 to: list[str] | None, progress: Callable[[str], None] | None) -> None:
    from facilitator.export import markdown, outline

    stem = attachment_name_for(summary, "x")[:-2]  # the stem shared by every format

    def step(name: str) -> None:
        if progress is not None:
            progress(name)

    document = outline.build(summary)  # what Markdown, plain text and HTML each render
    text = markdown.render(document)
    plain = markdown.render(document, plain=True) if "eml" in formats else text
    html_text: str | None = None
    xlsx_bytes: bytes | None = None
    if "md" in formats:
        step("md")
        staging.add(f"{stem}.md", text.encode("utf-8"))
    if "html" in formats or "eml" in formats:
        from facilitator.export import html

        step("html")
        html_text = html.render(document)
        if "html" in formats:
            staging.add(f"{stem}.html", html_text.encode("utf-8"))
    if "xlsx" in formats or "eml" in formats:
        from facilitator.export import xlsx

        step("xlsx")
        xlsx_bytes = xlsx.render(summary)
        if "xlsx" in formats:
            staging.add(f"{stem}.xlsx", xlsx_bytes)
    if "csv" in formats:
        from facilitator.export import csv

        step("csv")
        for name, data in csv.render(summary).items():
            staging.add(f"{stem}-csv/{files.portable_name(name, 'tabell.csv')}", data)
    if "eml" in formats:
        from facilitator.export import email

        step("eml")
        assert html_text is not None and xlsx_bytes is not None
        message = email.render(summary, html=html_text, text=plain, attachment=xlsx_bytes,
                               attachment_name=f"{stem}.xlsx", to=to)
        staging.add(f"{stem}.eml", message)


def open_file(path: Path) -> None:
    """Open a file with the system's default program (the mail client for .eml).

    Raises OSError when there is no program to open it with (on Linux: no xdg-open).
    """
    import shutil
    import subprocess
    import sys

    if sys.platform.startswith("win"):
        os.startfile(path)  # type: ignore[attr-defined]  # noqa: S606
    elif sys.platform == "darwin":
        subprocess.Popen(["open", str(path)])  # noqa: S603, S607
    else:
        opener = shutil.which("xdg-open")
        if opener is None:
            raise FileNotFoundError(2, "no xdg-open", "xdg-open")
        subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL,  # noqa: S603, S607
                         stderr=subprocess.DEVNULL)
