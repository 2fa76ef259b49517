"""Where the database is asked for, odd places are refused with a sentence that says what
they are, creating nothing: a read-only file (no -wal or -shm beside it, also not from
the app's first screen), a folder, a path under a file, a folder that cannot be written,
a symbolic link to a read-only file."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.errors import DatabaseRefused, StorageError
from facilitator.storage.first_screen import quick_network_rows
from facilitator.store import Store
from tests.conftest import TODAY, make_app, settle
from tests.disks import listing, mount_tmpfs

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _read_only_copy(demo_path: Path, folder: Path, name: str = "facilitator.db") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copyfile(demo_path, path)
    path.chmod(0o400)
    return path


@pytest.fixture
def read_only_folder(tmp_path: Path, demo_path: Path) -> Iterator[Path]:
    """A folder holding a healthy database, that cannot be written: by its mode, or
    (as root, whom modes do not stop) as a read-only mount."""
    folder = tmp_path / "lesbar"
    if not AS_ROOT:
        folder.mkdir()
        shutil.copyfile(demo_path, folder / "facilitator.db")
        folder.chmod(0o500)
        try:
            yield folder
        finally:
            folder.chmod(0o700)
        return
    if not mount_tmpfs(folder, "4M"):
        pytest.skip("as root a read-only folder needs a read-only mount, which failed here")
    try:
        shutil.copyfile(demo_path, folder / "facilitator.db")
        remount = subprocess.run(["mount", "-o", "remount,ro", str(folder)],
                                 capture_output=True)
        if remount.returncode != 0:
            pytest.skip("could not remount the tmpfs read-only")
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


# --------------------------------------------------------------------------- read-only file


def test_a_read_only_file_is_refused_creating_nothing(demo_path: Path, tmp_path: Path
                                                      ) -> None:
    path = _read_only_copy(demo_path, tmp_path / "ro")
    before = listing(path.parent)
    with pytest.raises(StorageError) as e:
        Store(path)
    assert e.value.key == "err.readonly" and str(path) in e.value.message()
    assert listing(path.parent) == before  # no -wal, -shm or backups folder


async def test_the_app_on_a_read_only_file_creates_nothing(demo_path: Path, tmp_path: Path
                                                           ) -> None:
    """The first screen is read before the store opens: that read made the -wal and
    -shm the tester found beside the refused file."""
    path = _read_only_copy(demo_path, tmp_path / "ro")
    before = listing(path.parent)
    assert quick_network_rows(path, TODAY)  # the first screen can show the networks
    assert listing(path.parent) == before
    app = make_app(target=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "FatalScreen"
        assert "skrivebeskyttet" in app.screen.message
    assert listing(path.parent) == before


def test_a_symlink_to_a_read_only_file(demo_path: Path, tmp_path: Path) -> None:
    target = _read_only_copy(demo_path, tmp_path / "ekte")
    link_dir = tmp_path / "lenker"
    link_dir.mkdir()
    link = link_dir / "facilitator.db"
    link.symlink_to(target)
    before = listing(target.parent), listing(link_dir)
    with pytest.raises(StorageError) as e:
        Store(link)
    assert e.value.key == "err.readonly"
    assert (listing(target.parent), listing(link_dir)) == before


# --------------------------------------------------------------------------- folders


def test_a_folder_is_said_to_be_a_folder(capsys, tmp_path: Path) -> None:
    folder = tmp_path / "mappe"
    folder.mkdir()
    with pytest.raises(DatabaseRefused) as e:
        Store(folder)
    message = e.value.message()
    assert e.value.key == "err.is_folder"
    assert message == (f"{folder} er en mappe, ikke en databasefil. Oppgi selve filen, for "
                       f"eksempel {folder / 'facilitator.db'}.")
    assert "skadet" not in message and "Is a directory" not in message
    for command in (["check"], ["demo"], ["backup"]):
        assert main([*command, "--db", str(folder)]) == 1
        err = capsys.readouterr().err
        assert err.strip().startswith(f"{folder} er en mappe"), (command, err)
    assert main(["--lang", "en", "check", "--db", str(folder)]) == 1
    assert capsys.readouterr().err.startswith(f"{folder} is a folder, not a database file.")
    assert list(folder.iterdir()) == []


def test_restore_onto_a_folder_is_refused(capsys, demo_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mappe"
    folder.mkdir()
    assert main(["restore", str(demo_path), "--db", str(folder), "--yes"]) == 2
    assert capsys.readouterr().err.startswith(f"{folder} er en mappe")
    assert list(folder.iterdir()) == []


def test_a_path_under_a_file(capsys, tmp_path: Path) -> None:
    note = tmp_path / "notat.txt"
    note.write_text("et notat", encoding="utf-8")
    for path in (note / "facilitator.db", note / "under" / "facilitator.db"):
        with pytest.raises(StorageError) as e:
            Store(path)
        assert e.value.key == "err.parent_is_file"
        assert e.value.message() == (f"Kan ikke opprette databasen {path}: {note} er en fil, "
                                     "ikke en mappe.")
    assert main(["demo", "--db", str(note / "x.db")]) == 1
    assert "er en fil, ikke en mappe" in capsys.readouterr().err
    assert note.read_text(encoding="utf-8") == "et notat"
    assert [p.name for p in tmp_path.iterdir()] == ["notat.txt"]


def test_a_folder_that_cannot_be_written(capsys, read_only_folder: Path) -> None:
    path = read_only_folder / "facilitator.db"
    before = listing(read_only_folder)
    with pytest.raises(StorageError) as e:
        Store(path)
    assert e.value.key == "err.readonly"
    assert main(["demo", "--db", str(path)]) == 1
    assert "skrivebeskyttet" in capsys.readouterr().err
    # reading still works: check only reads
    assert main(["check", "--db", str(path)]) == 0
    assert "integritet ok" in capsys.readouterr().out
    with pytest.raises(StorageError) as e:  # nor can a new database be made there
        Store(read_only_folder / "ny.db")
    assert e.value.key == "err.readonly"
    assert listing(read_only_folder) == before


@pytest.mark.skipif(os.name == "nt", reason="Windows file names cannot hold ? or #")
def test_a_file_name_with_url_characters(tmp_path: Path) -> None:
    """"?", "#" and "%" are ordinary in a file name: SQLite and SQLAlchemy must not read
    them as the start of a query or fragment (a database "x" would be opened instead)."""
    path = tmp_path / "møte?utkast#2 100%.db"
    with Store(path) as s:
        s.networks.create("Rart navn")
        made = s.files.backup()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".db"] == [path.name]
    assert quick_network_rows(path, TODAY)[0].name == "Rart navn"
    with Store(path, auto_backup=False) as s:
        assert [n.name for n in s.networks.list()] == ["Rart navn"]
    assert made.name.startswith("møte-utkast#2 100%-")  # a backup name valid on Windows too


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork to die midway")
def test_a_new_database_is_made_whole_or_not_at_all(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed while the new file was being made, the old way left a 0-byte file that
    every later start refused as empty."""
    from facilitator import files

    path = tmp_path / "ny" / "facilitator.db"
    monkeypatch.setattr(files, "place_new", lambda *_a: os._exit(9))
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            Store(path)
        finally:
            os._exit(0)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 9
    monkeypatch.undo()
    assert not path.exists()
    with Store(path) as s:  # the next start makes it
        s.networks.create("Nytt")
    assert path.read_bytes().startswith(b"SQLite format 3\0")
