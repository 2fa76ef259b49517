"""A full disk: starting the app or a command says so, in the user's language, and
touches nothing (no -wal/-shm, no partial backup); an export says so and leaves no
partial file, on the command line and in the app alike.

Where the test can mount a real 3 MB tmpfs (as root) it fills one for real; elsewhere
those tests are skipped and the same cases run with the operating system's answer
simulated where the program asks it (free space, and ENOSPC from the write), so the
real classification code decides.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from facilitator import files
from facilitator.cli import main
from facilitator.demo import DEMO_NAME
from facilitator.errors import StorageError
from facilitator.store import Store
from tests import disks
from tests.conftest import make_app, settle

small_disk, simulated_full = disks.small_disk, disks.simulated_full  # fixtures
_fill, _listing = disks.fill, disks.listing


def _healthy_db(folder: Path, demo_path: Path) -> Path:
    db = folder / "facilitator.db"
    shutil.copyfile(demo_path, db)
    return db


# --------------------------------------------------------------------------- opening


def _assert_refused_full(capsys, db: Path, command: list[str]) -> None:
    before = _listing(db.parent)
    code = main([*command, "--db", str(db)])
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert out == "" and "Traceback" not in err
    line = err.strip()
    assert line.startswith(f"Disken der {db} ligger, er full (") and "\n" not in line
    assert "skadet" not in line and "disk I/O" not in line
    assert _listing(db.parent) == before  # no -wal, -shm, backup or lock folder


COMMANDS = {
    "backup": ["backup"],
    "export": ["export", "--network", DEMO_NAME, "--cycle", "3", "--format", "md"],
    "demo": ["demo"],
    "import": ["import-evaluations", "{csv}", "--network", DEMO_NAME, "--gathering", "3"],
}


def _command(name: str, tmp_path: Path) -> list[str]:
    csv = tmp_path / "svar.csv"
    csv.write_text("Relevante tema\n5\n", encoding="utf-8")
    return [a.replace("{csv}", str(csv)) for a in COMMANDS[name]]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_command_on_a_really_full_disk_says_so_and_touches_nothing(
        capsys, small_disk: Path, demo_path: Path, tmp_path: Path, command: str) -> None:
    db = _healthy_db(small_disk, demo_path)
    _fill(small_disk)
    _assert_refused_full(capsys, db, _command(command, tmp_path))
    # check only reads: it still works, and still touches nothing
    before = _listing(small_disk)
    assert main(["check", "--db", str(db)]) == 0
    assert "integritet ok" in capsys.readouterr().out
    assert _listing(small_disk) == before


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_command_on_a_simulated_full_disk_says_so_and_touches_nothing(
        capsys, simulated_full, demo_path: Path, tmp_path: Path, command: str) -> None:
    db = _healthy_db(simulated_full.folder, demo_path)
    simulated_full.enospc = True
    _assert_refused_full(capsys, db, _command(command, tmp_path))
    assert main(["check", "--db", str(db)]) == 0


def test_the_message_speaks_english_too(capsys, simulated_full, demo_path: Path) -> None:
    db = _healthy_db(simulated_full.folder, demo_path)
    assert main(["--lang", "en", "demo", "--db", str(db)]) == 1
    assert capsys.readouterr().err.startswith(f"The disk that holds {db} is full (0 bytes free)")


def test_sqlite_reporting_a_full_disk_as_an_io_error_is_classified_as_full(tmp_path) -> None:
    """SQLite says "disk I/O error" when it cannot grow its -shm on a full disk: that is
    a full disk when the disk is low, and an I/O error otherwise."""
    import sqlite3

    from facilitator.dbfile import classify

    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorcode = 4874  # SQLITE_IOERR_SHMSIZE
    assert files.is_disk_full(exc, tmp_path) is files.low_on_space(tmp_path)
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13
    assert classify(full, tmp_path / "x.db").key == "err.disk_full"
    assert files.is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert not files.is_disk_full(OSError(errno.EACCES, "Permission denied"))


async def test_the_app_on_a_full_disk_says_so_and_touches_nothing(
        simulated_full, demo_path: Path) -> None:
    db = _healthy_db(simulated_full.folder, demo_path)
    before = _listing(db.parent)
    app = make_app(target=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "FatalScreen"
        assert app.screen.message.startswith(f"Disken der {db} ligger, er full (")
    assert _listing(db.parent) == before


async def test_the_app_on_a_really_full_disk(small_disk: Path, demo_path: Path) -> None:
    db = _healthy_db(small_disk, demo_path)
    _fill(small_disk)
    before = _listing(small_disk)
    app = make_app(target=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "FatalScreen"
        assert "er full" in app.screen.message and "skadet" not in app.screen.message
    assert _listing(small_disk) == before


def test_a_log_left_empty_by_an_earlier_full_disk_is_read_without_touching_it(
        capsys, small_disk: Path, demo_path: Path) -> None:
    """An older version, stopped by the full disk, left an empty -wal and a -shm cut to
    3 bytes: the file is still read (not 'damaged (disk I/O error)'), nothing changes."""
    db = _healthy_db(small_disk, demo_path)
    Path(f"{db}-wal").write_bytes(b"")
    Path(f"{db}-shm").write_bytes(b"\0\0\0")
    _fill(small_disk)
    before = _listing(small_disk)
    assert main(["check", "--db", str(db)]) == 0
    assert "integritet ok" in capsys.readouterr().out
    _assert_refused_full(capsys, db, ["demo"])
    assert _listing(small_disk) == before


# --------------------------------------------------------------------------- the daily backup


def test_no_partial_daily_backup_when_the_disk_has_no_room_for_one(
        small_disk: Path, demo_path: Path) -> None:
    """Room enough to open and save, not for a whole copy: the backup waits, and nothing
    half-written is left under the backups folder."""
    db = _healthy_db(small_disk, demo_path)
    _fill(small_disk, leave=files.FULL_BELOW + db.stat().st_size // 2)
    with Store(db) as store:
        store.settings.set("language", "nb")  # the database works
    backups = small_disk / "backups"
    assert not backups.exists() or list(backups.iterdir()) == []


def test_a_backup_cut_off_by_a_full_disk_leaves_nothing(
        small_disk: Path, demo_path: Path) -> None:
    db = _healthy_db(small_disk, demo_path)
    with Store(db, auto_backup=False) as store:
        _fill(small_disk, leave=files.FULL_BELOW + 64 * 1024)  # less than one copy
        with pytest.raises(StorageError) as e:
            store.files.backup()
        assert e.value.key == "err.backup_disk_full"
        assert "Disken er full: sikkerhetskopien ble ikke skrevet" in e.value.message()
        store.settings.set("language", "nb")  # still works
    assert list((small_disk / "backups").iterdir()) == []


def test_a_simulated_full_disk_stops_the_daily_backup(simulated_full, demo_path: Path
                                                      ) -> None:
    db = _healthy_db(simulated_full.folder, demo_path)
    simulated_full.free = files.FULL_BELOW + 1000  # can open, no room for a copy
    with Store(db) as store:
        assert store.networks.list()
    assert not (db.parent / "backups").exists()
