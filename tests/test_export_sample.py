"""The committed sample in exports/ is what the program makes today."""

from __future__ import annotations

from pathlib import Path

from facilitator.export.sample import DEFAULT_FOLDER, write_sample


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "README.md"}


def test_sample_is_current(tmp_path: Path) -> None:
    write_sample(tmp_path)
    fresh, committed = _files(tmp_path), _files(DEFAULT_FOLDER)
    assert sorted(fresh) == sorted(committed), "run `make sample` and commit exports/"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert stale == [], f"stale sample files {stale}: run `make sample` and commit exports/"


def test_sample_is_reproducible(tmp_path: Path) -> None:
    write_sample(tmp_path / "a")
    write_sample(tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
