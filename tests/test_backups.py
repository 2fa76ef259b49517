"""Backups are whole or absent: a kill at any moment of `backup` leaves nothing broken
under a backup name; the daily rule and every message count only verified backups; a
broken one left by an older version is ignored and reported by `check`."""

from __future__ import annotations

import fnmatch
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator import backups, files
from facilitator.backups import list_backups, newest_backup
from facilitator.cli import main
from facilitator.dbfile import inspect_file
from facilitator.errors import DatabaseRefused
from facilitator.store import Store

KILLS = int(os.environ.get("FACILITATOR_SOAK_KILLS", "10"))
FORK = hasattr(os, "fork")


def _names(path: Path) -> list[str]:
    return sorted(p.name for p in (path.parent / "backups").iterdir())


def _under_backup_names(db: Path) -> list[Path]:
    return sorted((db.parent / "backups").glob(f"{db.stem}-*.db"))


def _age(path: Path, hours: float) -> None:
    when = time.time() - hours * 3600
    os.utime(path, (when, when))


def _zero_filled(path: Path, size: int = 8192) -> None:
    path.write_bytes(b"\0" * size)


# --------------------------------------------------------------------------- killed backups


def test_a_kill_just_after_the_backup_file_appears_leaves_nothing_broken(
        demo_path: Path) -> None:
    """The tester's case: SIGKILL as soon as anything appears in backups/ (6 of 10 such
    kills left an empty or zero-filled file under a normal backup name)."""
    folder = demo_path.parent / "backups"
    env = {**os.environ, "FACILITATOR_DB": str(demo_path)}
    for _ in range(KILLS):
        before = set(os.listdir(folder)) if folder.is_dir() else set()
        child = subprocess.Popen([sys.executable, "-m", "facilitator", "backup"], env=env,
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
        new: set[str] = set()
        while not new and child.poll() is None:  # a condition, not a time
            try:
                new = set(os.listdir(folder)) - before
            except FileNotFoundError:
                pass
        child.send_signal(signal.SIGKILL)
        _out, err = child.communicate()
        assert b"Traceback" not in err
        for name in new:  # a temporary name (a dot-name) or a finished backup
            assert name.startswith(".") or fnmatch.fnmatch(name, "facilitator-*.db"), name
        for backup in _under_backup_names(demo_path):
            inspect_file(backup, thorough=True)  # every file under a backup name is whole
    assert not [p for p in _under_backup_names(demo_path) if not backups.looks_complete(p)]
    assert main(["check", "--db", str(demo_path)]) == 0  # no broken backup to report


def _die_at(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> None:
    def die(*_args: object, **_kwargs: object) -> None:
        os._exit(9)  # like SIGKILL: no cleanup runs

    monkeypatch.setattr(module, name, die)


def _in_child(fn) -> int:  # noqa: ANN001
    """Run `fn` in a forked child that may die midway; the child's exit status."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            fn()
        finally:
            os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


@pytest.mark.skipif(not FORK, reason="needs fork to die midway without cleanup")
@pytest.mark.parametrize("stage", ["fill", "fsync_file", "verify", "place_new"])
def test_death_at_each_stage_of_a_backup_leaves_no_backup_name(
        demo_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    store = Store(demo_path, auto_backup=False)
    try:
        if stage == "fill":
            real = backups._backup_into

            def half(source: str, *, uri: bool):  # noqa: ANN202
                inner = real(source, uri=uri)

                def fill(temp: Path) -> None:
                    inner(temp)
                    with open(temp, "r+b") as fh:  # killed half-way through the copy
                        fh.truncate(temp.stat().st_size // 2)
                    os._exit(9)
                return fill

            monkeypatch.setattr(backups, "_backup_into", half)
        elif stage == "verify":
            _die_at(monkeypatch, backups, "_verify")
        else:
            _die_at(monkeypatch, files, stage)
        assert _in_child(store.files.backup) == 9
    finally:
        store.close()
    assert _under_backup_names(demo_path) == []
    assert all(n.startswith(".") and n.endswith(".partial") for n in _names(demo_path))
    assert newest_backup(demo_path) is None


@pytest.mark.skipif(not FORK, reason="needs fork to die midway without cleanup")
def test_death_after_the_rename_leaves_a_whole_backup(demo_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(demo_path, auto_backup=False)
    try:
        _die_at(monkeypatch, files, "fsync_dir")
        assert _in_child(store.files.backup) == 9
    finally:
        store.close()
    (made,) = _under_backup_names(demo_path)
    inspect_file(made, thorough=True)
    assert newest_backup(demo_path) == made


def test_the_folder_is_flushed_after_the_rename(demo_store, demo_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[tuple[str, str]] = []
    real_place, real_sync = files.place_new, files.fsync_dir
    monkeypatch.setattr(files, "place_new",
                        lambda a, b: (events.append(("place", b.name)), real_place(a, b)))
    monkeypatch.setattr(files, "fsync_dir",
                        lambda d: (events.append(("fsync", d.name)), real_sync(d)))
    made = demo_store.files.backup()
    assert events[-2:] == [("place", made.name), ("fsync", "backups")]


def test_temporary_names_never_match_a_backup_glob(tmp_path: Path) -> None:
    final = tmp_path / "backups" / "facilitator-20261122-120000.db"
    temp = files.temp_sibling(final, "writing")
    assert temp.parent == final.parent
    assert not fnmatch.fnmatch(temp.name, "facilitator-*.db")
    assert not fnmatch.fnmatch(temp.name, "*.db")


def test_old_partials_are_removed_by_the_next_backup_fresh_ones_kept(demo_store,
                                                                     demo_path: Path) -> None:
    folder = demo_path.parent / "backups"
    folder.mkdir()
    old = folder / ".facilitator-20261101-120000.db.writing-1-abc.partial"
    fresh = folder / ".facilitator-20261122-115959.db.writing-2-def.partial"
    old_journal = folder / (old.name + "-journal")
    for p in (old, fresh, old_journal):
        p.write_bytes(b"\0" * 4096)
    _age(old, 7)
    _age(old_journal, 7)
    demo_store.files.backup()
    assert not old.exists() and not old_journal.exists() and fresh.exists()  # fresh: maybe a backup running right now


# --------------------------------------------------------------------------- broken ones from before


@pytest.fixture
def broken_from_before(demo_path: Path) -> dict[str, Path]:
    """One good backup two days old, and, newer, the files killed backups of an older
    version left: empty, zero-filled, and cut to half."""
    folder = demo_path.parent / "backups"
    folder.mkdir()
    good = folder / "facilitator-20261120-080000.db"
    with Store(demo_path, auto_backup=False) as s:
        made = s.files.backup()
    made.rename(good)
    _age(good, 48)
    empty = folder / "facilitator-20261121-080000.db"
    empty.write_bytes(b"")
    zeros = folder / "facilitator-20261121-090000.db"
    _zero_filled(zeros)
    half = folder / "facilitator-20261121-100000.db"
    half.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    for p in (empty, zeros, half):
        _age(p, 1)
    return {"good": good, "empty": empty, "zeros": zeros, "half": half}


def test_broken_backups_are_not_counted(demo_path: Path, broken_from_before) -> None:
    assert list_backups(demo_path) == [broken_from_before["good"]]
    assert newest_backup(demo_path) == broken_from_before["good"]


def test_the_daily_backup_goes_on_past_broken_ones(demo_path: Path, broken_from_before
                                                   ) -> None:
    """The newest verified backup is two days old: the daily one is written, though
    broken files an hour old have backup names."""
    with Store(demo_path):
        pass
    usable = list_backups(demo_path)
    assert len(usable) == 2 and usable[0] == broken_from_before["good"]
    inspect_file(usable[1], thorough=True)
    for name in ("empty", "zeros", "half"):
        assert broken_from_before[name].exists()  # left for check to report, not deleted


def test_the_damaged_database_message_names_a_good_backup(demo_path: Path,
                                                          broken_from_before) -> None:
    demo_path.write_bytes(b"\0" * 4096)
    with pytest.raises(DatabaseRefused) as e:
        Store(demo_path)
    message = e.value.message()
    assert str(broken_from_before["good"]) in message
    for name in ("empty", "zeros", "half"):
        assert broken_from_before[name].name not in message


def test_check_reports_broken_backups(capsys, demo_path: Path, broken_from_before) -> None:
    code = main(["check", "--db", str(demo_path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "integritet ok" in out  # the database itself is healthy
    assert err.splitlines()[0] == (
        f"3 sikkerhetskopier av {demo_path} er ødelagt og blir ikke brukt:")
    assert f"  {broken_from_before['empty']}: tom fil" in err
    assert f"  {broken_from_before['half']}: avkortet" in err
    assert f"  {broken_from_before['zeros']}: ikke en SQLite-fil" in err
    assert str(broken_from_before["good"]) not in err


def test_check_finds_a_backup_broken_inside(capsys, demo_path: Path) -> None:
    """Full size and a good header, damage in the middle: only full verification sees
    it, so `check` runs it on every backup."""
    with Store(demo_path, auto_backup=False) as s:
        made = s.files.backup()
    data = bytearray(made.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 2: page * 6] = os.urandom(page * 4)
    made.write_bytes(bytes(data))
    assert backups.looks_complete(made)  # the cheap checks at every open pass it
    assert main(["--lang", "en", "check", "--db", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert f"1 backup of {demo_path} is broken and not used:" in err
    assert f"  {made}: damaged" in err


# --------------------------------------------------------------------------- before-restore copies


@pytest.mark.skipif(not FORK, reason="needs fork to die midway without cleanup")
def test_a_restore_killed_while_keeping_the_current_database_changes_nothing(
        demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "source.db"
    with Store(source, auto_backup=False) as s:
        s.networks.create("Fra kopien")
    before = demo_path.read_bytes()
    _die_at(monkeypatch, backups, "_verify")  # dies verifying the before-restore copy
    assert _in_child(lambda: backups.restore_database(source, demo_path)) == 9
    assert demo_path.read_bytes() == before
    assert not list((demo_path.parent / "backups").glob("*before-restore*.db"))


@pytest.mark.skipif(not FORK, reason="needs fork to die midway without cleanup")
def test_a_restore_killed_before_the_swap_leaves_the_old_database(
        demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "source.db"
    with Store(source, auto_backup=False) as s:
        s.networks.create("Fra kopien")
    with Store(demo_path, auto_backup=False) as s:
        names = [n.name for n in s.networks.list()]
    real_verify = backups._verify
    calls = []

    def verify_then_die(path: Path) -> None:
        real_verify(path)
        calls.append(path)
        if len(calls) == 2:  # the restored file is verified; the swap comes next
            os._exit(9)

    monkeypatch.setattr(backups, "_verify", verify_then_die)
    assert _in_child(lambda: backups.restore_database(source, demo_path)) == 9
    with Store(demo_path, auto_backup=False) as s:
        assert [n.name for n in s.networks.list()] == names
    leftovers = [p.name for p in demo_path.parent.iterdir() if p.name.endswith(".partial")]
    assert all(n.startswith(".") for n in leftovers)


def test_restore_does_not_fail_where_modes_cannot_be_set(demo_path: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """A share or a FAT stick refuses chmod: the restore still succeeds quietly."""
    source = tmp_path / "source.db"
    with Store(source, auto_backup=False) as s:
        s.networks.create("Fra kopien")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", refuse)
    backups.restore_database(source, demo_path)
    with Store(demo_path, auto_backup=False) as s:
        assert [n.name for n in s.networks.list()] == ["Fra kopien"]


def test_a_wal_left_beside_the_old_database_is_not_applied_to_the_restored_one(
        demo_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    with Store(source, auto_backup=False) as s:
        s.networks.create("Fra kopien")
    writer = sqlite3.connect(demo_path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE network SET name = 'Endret i loggen'")
    writer.commit()
    log = Path(f"{demo_path}-wal").read_bytes()
    assert log
    writer.close()  # the last connection folds the log in and removes it...
    Path(f"{demo_path}-wal").write_bytes(log)  # ...which a crash would have left behind
    keep = backups.restore_database(source, demo_path)
    assert not Path(f"{demo_path}-wal").exists() or Path(f"{demo_path}-wal").stat().st_size == 0
    with Store(demo_path, auto_backup=False) as s:
        assert [n.name for n in s.networks.list()] == ["Fra kopien"]
        assert s.files.check() == []
    with Store(keep, auto_backup=False) as s:
        assert [n.name for n in s.networks.list()] == ["Endret i loggen"]


@pytest.mark.parametrize("name", ["nettverk[1].db", "a*b?.db", "møte " + "ø" * 110 + ".db"])
def test_odd_database_names_find_their_backups(tmp_path: Path, name: str) -> None:
    """"[" in a name was read as a pattern, so its backups were never found (a new one
    every start, none ever pruned); a long name made backup names too long to create."""
    if os.name == "nt" and ("*" in name or "?" in name):
        pytest.skip("not a valid name on Windows")
    path = tmp_path / name
    with Store(path) as s:
        made = s.files.backup()
    assert len(made.name.encode("utf-8")) <= 255
    assert list_backups(path)[-1] == made and len(list_backups(path)) == 2
    with Store(path):
        pass
    assert len(list_backups(path)) == 2  # the daily one is not written again


async def test_the_app_writes_the_daily_backup_once_its_screen_has_data(demo_path: Path
                                                                        ) -> None:
    """Made in a worker after the store is open: the checked copy of a large file takes
    seconds, which the first screen does not wait for."""
    from tests.conftest import make_app, settle, until

    assert list_backups(demo_path) == []
    app = make_app(target=demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.store is not None, what="the store")
        await until(pilot, lambda: len(list_backups(demo_path)) == 1, what="the backup")
        await settle(pilot)
