"""The committed sample in exports/ is what the program makes today."""

from __future__ import annotations

from pathlib import Path

from facilitator.sample import DEFAULT_FOLDER, write_sample


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


def test_readme_pairs_every_sheet_with_its_csv_file() -> None:
    import io

    import openpyxl

    readme = (DEFAULT_FOLDER / "README.md").read_text(encoding="utf-8")
    book = openpyxl.load_workbook(io.BytesIO(
        (DEFAULT_FOLDER / "robek-nettverk-nord-samling-3.xlsx").read_bytes()))
    csvs = sorted(p.name for p in (DEFAULT_FOLDER / "robek-nettverk-nord-samling-3-csv").iterdir())
    assert len(book.sheetnames) == len(csvs)
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip(" `")
            for line in readme.splitlines() if line.startswith("| ") and ".csv" in line}
    assert [n for n in book.sheetnames if n not in rows] == []
    assert sorted(rows[n] for n in book.sheetnames) == csvs
