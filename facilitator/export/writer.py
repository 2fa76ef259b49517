"""Write a cycle summary to files: one function for the CLI and the app.

Files go to a folder per network (by default under the user's documents folder) and
never overwrite an earlier export: an existing name gets "-2", "-3" … instead. Files
are created readable only by the user, like the database: they may hold names.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from facilitator.cycle import CycleSummary
from facilitator.export import FORMATS
from facilitator.export.email import ascii_filename, attachment_name_for


def default_out_dir(network: str) -> Path:
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "facilitator" / ascii_filename(network)


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
    target = free_path(path)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return target


def parse_formats(text: str | Iterable[str]) -> list[str]:
    """"md,html" → ["md", "html"]; raises ValueError naming an unknown format."""
    items = text.split(",") if isinstance(text, str) else list(text)
    formats = [f.strip().lower() for f in items if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(", ".join(unknown))
    return list(dict.fromkeys(formats)) or list(FORMATS)


def write_export(
    summary: CycleSummary,
    formats: Iterable[str],
    out_dir: Path,
    *,
    to: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Render and write the chosen formats; returns the files written, in order.

    Raises `email.RecipientError` (before writing anything) when the draft is asked
    for and a recipient, given or stored, is not an address."""
    from facilitator.export import markdown

    formats = list(formats)
    if "eml" in formats:
        from facilitator.export import email

        email.recipients(summary, to)  # a bad address is refused before any file is written
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stem = attachment_name_for(summary, "x")[:-2]  # the stem shared by every format
    written: list[Path] = []

    def step(name: str) -> None:
        if progress is not None:
            progress(name)

    text = markdown.render(summary)
    plain = markdown.render(summary, plain=True) if "eml" in formats else text
    html_text: str | None = None
    xlsx_bytes: bytes | None = None
    if "md" in formats:
        step("md")
        written.append(_write(out_dir / f"{stem}.md", text.encode("utf-8")))
    if "html" in formats or "eml" in formats:
        from facilitator.export import html

        step("html")
        html_text = html.render(summary)
        if "html" in formats:
            written.append(_write(out_dir / f"{stem}.html", html_text.encode("utf-8")))
    if "xlsx" in formats or "eml" in formats:
        from facilitator.export import xlsx

        step("xlsx")
        xlsx_bytes = xlsx.render(summary)
        if "xlsx" in formats:
            written.append(_write(out_dir / f"{stem}.xlsx", xlsx_bytes))
    if "csv" in formats:
        from facilitator.export import csv

        step("csv")
        folder = free_path(out_dir / f"{stem}-csv")
        folder.mkdir(mode=0o700)
        for name, data in csv.render(summary).items():
            written.append(_write(folder / name, data))
    if "eml" in formats:
        from facilitator.export import email

        step("eml")
        assert html_text is not None and xlsx_bytes is not None
        message = email.render(summary, html=html_text, text=plain, attachment=xlsx_bytes,
                               attachment_name=f"{stem}.xlsx", to=to)
        written.append(_write(out_dir / f"{stem}.eml", message))
    return written


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
