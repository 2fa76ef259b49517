"""Disks for tests: a real small tmpfs where this process may mount one (root), and a
full disk simulated where the program asks the operating system (free space, ENOSPC
from creating a file) everywhere else."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import files


def listing(folder: Path) -> dict[str, str]:
    """Every entry under `folder` with a digest of its bytes (folders as "dir")."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        out[rel] = "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def mount_tmpfs(where: Path, size: str) -> bool:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    where.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                             str(where)], capture_output=True)
    return result.returncode == 0


def fill(folder: Path, leave: int = 0) -> None:
    """Fill the disk of `folder` until at most `leave` bytes are free."""
    filler = folder / "filler.bin"
    with open(filler, "ab") as fh:
        while True:
            free = shutil.disk_usage(folder).free
            if free <= leave:
                break
            try:
                fh.write(b"\0" * min(free - leave, 1 << 16))
                fh.flush()
            except OSError:
                break


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 3 MB disk (tmpfs), or a skip where this process cannot mount one."""
    where = tmp_path / "disk"
    if not mount_tmpfs(where, "3M"):
        pytest.skip("mounting a tmpfs needs root; the simulated full disk covers the rest")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


@pytest.fixture
def simulated_full(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Make the disk of tmp_path/"full" report `free` bytes (0 by default) and refuse
    writes with ENOSPC once `enospc` is set — the operating system's answers, simulated
    where the program asks for them."""

    class Disk:
        folder = tmp_path / "full"
        free = 0
        enospc = False

    Disk.folder.mkdir()
    real_usage = shutil.disk_usage

    def disk_usage(path):  # noqa: ANN001
        usage = real_usage(path)
        if Path(path).resolve().is_relative_to(Disk.folder.resolve()):
            return usage._replace(free=Disk.free)
        return usage

    monkeypatch.setattr(files.shutil, "disk_usage", disk_usage)
    real_open = os.open

    def full_open(path, flags, *args, **kwargs):  # noqa: ANN001
        if (Disk.enospc and flags & os.O_CREAT
                and Path(os.fspath(path)).resolve().is_relative_to(Disk.folder.resolve())):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", full_open)
    return Disk
