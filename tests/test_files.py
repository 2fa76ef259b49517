"""Files on disk: refusing what is not ours without touching it, private file modes,
folders, daily backups and restore."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from facilitator.backups import list_backups, newest_backup, restore_database
from facilitator.dbfile import inspect_file
from facilitator.errors import DatabaseRefused, StorageError
from facilitator.migrations import steps
from facilitator.storage.files import BACKUP_KEEP
from facilitator.store import Store

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed facilitator database with some data (WAL checkpointed, no -wal/-shm)."""
    path = tmp_path_factory.mktemp("real") / "real.db"
    with Store(path, auto_backup=False) as s:
        net = s.networks.create("Nettverk Nord")
        for n in ("5524", "1868", "1867"):
            s.members.add(net.id, n)
        for i in range(60):  # a theme's name takes 200 characters
            s.gatherings.add_theme(net.id, f"Tema {i} " + "x" * 190)
    for suffix in ("-wal", "-shm"):
        assert not Path(str(path) + suffix).exists()
    return path


def fingerprint(path: Path) -> tuple[str, int, int, int]:
    st = path.stat()
    return (hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_size,
            stat.S_IMODE(st.st_mode))


def side_files(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir() if p.name != path.name}


def make_text(path: Path, _real: Path) -> None:
    path.write_text("Møtereferat\nDette er bare tekst, ikke en database.\n", "utf-8")


def make_binary(path: Path, _real: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(8192))


def make_empty(path: Path, _real: Path) -> None:
    path.write_bytes(b"")


def make_truncated(path: Path, real: Path) -> None:
    data = real.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def make_other_app(path: Path, _real: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("INSERT INTO recipes (title) VALUES ('Fiskesuppe')")
    conn.commit()
    conn.close()


def make_too_new(path: Path, real: Path) -> None:
    shutil.copyfile(real, path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE facilitator_meta SET value='99' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    for suffix in ("-wal", "-shm"):
        assert not Path(str(path) + suffix).exists()


KINDS = {
    "text": (make_text, "err.not_sqlite"),
    "binary": (make_binary, "err.not_sqlite"),
    "empty": (make_empty, "err.empty_file"),
    "truncated": (make_truncated, "err.truncated"),
    "other_app": (make_other_app, "err.not_facilitator"),
    "too_new": (make_too_new, "err.too_new"),
}


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("with_backup", [False, True], ids=["no-backup", "backup"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_refused_file_is_not_modified(
    kind: str, with_backup: bool, real_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    path = folder / "facilitator.db"
    make, key = KINDS[kind]
    make(path, real_db)
    backup = None
    if with_backup:
        (folder / "backups").mkdir()
        older = folder / "backups" / "facilitator-20261101-080000.db"
        backup = folder / "backups" / "facilitator-20261120-080000.db"
        shutil.copyfile(real_db, older)
        shutil.copyfile(real_db, backup)
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    before = fingerprint(path)
    others = side_files(path)

    with pytest.raises(DatabaseRefused) as e:
        Store(path)
    assert e.value.key == key
    message = e.value.message()
    assert str(path) in message
    assert "\n" not in message
    if with_backup:
        assert str(backup) in message and "sikkerhetskopi" in message
        assert "older" not in message and "20261101" not in message
    else:
        assert "ingen sikkerhetskopi" in message
    if kind == "too_new":
        assert "nyere" in message and "99" in message
    assert fingerprint(path) == before
    assert side_files(path) == others  # no -wal, -shm or backup left behind

    # the read-only inspection, also thorough, refuses the same way
    with pytest.raises(DatabaseRefused) as e2:
        inspect_file(path, thorough=True)
    assert e2.value.key == key
    assert fingerprint(path) == before
    assert side_files(path) == others


def test_too_new_message_in_english(real_db: Path, tmp_path: Path) -> None:
    from facilitator.i18n import set_language

    path = tmp_path / "new.db"
    make_too_new(path, real_db)
    set_language("en")
    with pytest.raises(DatabaseRefused) as e:
        Store(path)
    assert str(path) in e.value.message() and "newer" in e.value.message()
    assert "There is no backup" in e.value.message()


def test_damaged_page_inside_a_file_is_refused(real_db: Path, tmp_path: Path) -> None:
    """Full size and a good header, but garbage in the middle: quick_check finds it."""
    path = tmp_path / "damaged.db"
    data = bytearray(real_db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    start = page * 3
    data[start:start + page * 4] = random.Random(3).randbytes(page * 4)
    path.write_bytes(bytes(data))
    before = fingerprint(path)
    with pytest.raises(DatabaseRefused) as e:
        Store(path)
    assert e.value.key == "err.corrupt"
    assert fingerprint(path) == before
    assert side_files(path) == set()


# --------------------------------------------------------------------------- new files and folders


def test_new_database_and_backups_are_private(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "c" / "facilitator.db"
    with Store(path) as s:
        s.networks.create("N")
        made = s.files.backup()
        to = s.files.backup(tmp_path / "elsewhere")
    assert path.parent.is_dir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    backups = list_backups(path)
    assert made in backups and len(backups) == 2  # the daily one on open, and ours
    for b in [*backups, to]:
        assert stat.S_IMODE(b.stat().st_mode) == 0o600, b
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    assert to.parent == tmp_path / "elsewhere"
    assert to.read_bytes().startswith(b"SQLite format 3\x00")


def test_path_with_spaces_and_norwegian_letters(tmp_path: Path) -> None:
    path = tmp_path / "Mine dokumenter" / "Læringsnettverk Øst og Sør" / "båt fil.db"
    with Store(path) as s:
        s.networks.create("Ærlig Østlandsk Åsnettverk")
    with Store(path) as s:
        assert [n.name for n in s.networks.list()] == ["Ærlig Østlandsk Åsnettverk"]
        assert s.files.check() == []
        copy = s.files.backup()
    assert copy.parent == path.parent / "backups"
    inspect_file(copy, thorough=True)


def test_relative_path_and_env_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with Store("rel dir/x.db", auto_backup=False) as s:
        assert s.path == (tmp_path / "rel dir" / "x.db")
    monkeypatch.setenv("FACILITATOR_DB", str(tmp_path / "env" / "f.db"))
    with Store(auto_backup=False) as s:
        assert s.path == tmp_path / "env" / "f.db"
    assert (tmp_path / "env" / "f.db").exists()


def test_unwritable_place_gives_storage_error(tmp_path: Path) -> None:
    if AS_ROOT:
        target = Path("/dev/null/facilitator.db")  # permissions do not stop root
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        target = folder / "facilitator.db"
    try:
        with pytest.raises(StorageError) as e:
            Store(target)
        # as root: /dev/null is a file where a folder should be, and says so
        assert e.value.key == ("err.parent_is_file" if AS_ROOT else "err.readonly")
        assert str(target) in e.value.message()
        assert not target.exists() if not AS_ROOT else True
    finally:
        if not AS_ROOT:
            (tmp_path / "locked").chmod(0o700)


def test_read_only_existing_database_gives_storage_error(real_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    shutil.copyfile(real_db, path)
    path.chmod(0o400)
    before = fingerprint(path)
    with pytest.raises(StorageError) as e:
        Store(path)
    assert e.value.key == "err.readonly"
    assert fingerprint(path) == before


# --------------------------------------------------------------------------- daily backups


def _age(path: Path, hours: float) -> None:
    when = time.time() - hours * 3600
    os.utime(path, (when, when))


def test_daily_backup_written_only_when_the_newest_is_old(real_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "data" / "facilitator.db"
    path.parent.mkdir()
    shutil.copyfile(real_db, path)

    Store(path).close()
    first = list_backups(path)
    assert len(first) == 1

    _age(first[0], 23)
    Store(path).close()
    assert list_backups(path) == first  # younger than 24 h: no new backup

    _age(first[0], 25)
    with Store(path) as s:
        assert s.files.ensure_daily_backup() is None  # just written on open
    second = list_backups(path)
    assert len(second) == 2 and second[0] == first[0]
    inspect_file(second[1], thorough=True)

    with Store(path, auto_backup=False):
        pass
    assert list_backups(path) == second


def test_only_fourteen_backups_are_kept(real_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "data" / "facilitator.db"
    folder = path.parent / "backups"
    folder.mkdir(parents=True)
    shutil.copyfile(real_db, path)
    old = []
    for day in range(1, 21):
        b = folder / f"facilitator-202610{day:02d}-120000.db"
        shutil.copyfile(real_db, b)
        _age(b, 24 * (30 - day))
        old.append(b)
    unrelated = folder / "other-20261001-120000.db"
    unrelated.write_bytes(b"not ours")
    with Store(path) as s:
        newest = newest_backup(path)
        assert newest is not None and newest not in old
        kept = list_backups(path)
        assert len(kept) == BACKUP_KEEP
        assert kept == [*old[-(BACKUP_KEEP - 1):], newest]
        assert s.networks.list()[0].name == "Nettverk Nord"
    assert unrelated.exists()


# --------------------------------------------------------------------------- backup and restore


def _state(path: Path) -> dict[str, list]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            t: conn.execute(f'SELECT * FROM "{t}" ORDER BY id').fetchall()
            for t in ("network", "membership", "theme", "participant", "setting")
        }
    finally:
        conn.close()


def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "data" / "facilitator.db"
    with Store(path, auto_backup=False) as s:
        net = s.networks.create("Nettverk Nord")
        s.members.add(net.id, "5524")
        s.members.add_participant(net.id, steps.municipality_id("5524"), "Anne", "ordforer")
        s.settings.set("language", "en")
        copy = s.files.backup()
        at_backup = _state(path)
        s.networks.create("Kom etter sikkerhetskopien")
        s.gatherings.add_theme(net.id, "Nytt tema")
        s.settings.set("language", "nb")
    after_more = _state(path)
    assert after_more != at_backup

    keep = restore_database(copy, path)
    assert _state(path) == at_backup
    assert _state(keep) == after_more  # the previous database is kept
    assert keep.parent == path.parent / "backups" and "before-restore" in keep.name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(keep.stat().st_mode) == 0o600
    assert copy.exists()
    with Store(path, auto_backup=False) as s:
        assert [n.name for n in s.networks.list()] == ["Nettverk Nord"]
        assert s.settings.get("language") == "en"
        assert s.files.check() == []
        s.gatherings.add_theme(net.id, "Etter gjenoppretting")  # writable as usual


def test_restore_refuses_a_bad_backup_and_leaves_both_files(real_db: Path, tmp_path: Path
                                                            ) -> None:
    path = tmp_path / "data" / "facilitator.db"
    path.parent.mkdir()
    shutil.copyfile(real_db, path)
    bad = tmp_path / "bad.db"
    make_truncated(bad, real_db)
    before_db, before_bad = fingerprint(path), fingerprint(bad)
    with pytest.raises(DatabaseRefused):
        restore_database(bad, path)
    assert fingerprint(path) == before_db
    assert fingerprint(bad) == before_bad
    assert not (path.parent / "backups").exists() or not any(
        (path.parent / "backups").iterdir())


def test_restore_over_a_damaged_database(real_db: Path, tmp_path: Path) -> None:
    """Restoring is what one does when the database is damaged: it must work then too."""
    path = tmp_path / "data" / "facilitator.db"
    path.parent.mkdir()
    make_binary(path, real_db)
    damaged = path.read_bytes()
    keep = restore_database(real_db, path)
    assert keep.read_bytes() == damaged  # the damaged file is kept as it was
    with Store(path, auto_backup=False) as s:
        assert [n.name for n in s.networks.list()] == ["Nettverk Nord"]
        assert s.files.check() == []


def test_restore_when_no_database_exists(real_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "new" / "facilitator.db"
    restore_database(real_db, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with Store(path, auto_backup=False) as s:
        assert [n.name for n in s.networks.list()] == ["Nettverk Nord"]


def test_two_restores_in_a_row_keep_both_previous_databases(real_db: Path, tmp_path: Path
                                                            ) -> None:
    path = tmp_path / "data" / "facilitator.db"
    with Store(path, auto_backup=False) as s:
        s.networks.create("Første")
    first_state = _state(path)
    keep1 = restore_database(real_db, path)
    keep2 = restore_database(real_db, path)
    assert keep1 != keep2
    assert _state(keep1) == first_state  # not overwritten by the second restore
    assert [r[4] for r in _state(keep2)["network"]] == ["Nettverk Nord"]


def test_restore_source_is_left_untouched(real_db: Path, tmp_path: Path) -> None:
    """The backup may be a WAL-mode database: reading it leaves no -wal/-shm beside it."""
    source = tmp_path / "usb" / "copy.db"
    source.parent.mkdir()
    shutil.copyfile(real_db, source)
    before = fingerprint(source)
    restore_database(source, tmp_path / "data" / "facilitator.db")
    assert fingerprint(source) == before
    assert side_files(source) == set()


def test_check_only_reads(tmp_path: Path, capsys) -> None:
    """check used to open the store: it migrated an old database and wrote -wal/-shm
    and a backup beside the file it was asked to check."""
    from facilitator.cli import main

    path = tmp_path / "gammel" / "facilitator.db"
    path.parent.mkdir()
    shutil.copyfile(Path(__file__).parent / "fixtures" / "schema_v1.db", path)
    before = fingerprint(path)
    assert main(["check", "--db", str(path)]) == 0
    assert "skjema 1" in capsys.readouterr().out
    assert fingerprint(path) == before
    assert side_files(path) == set()
