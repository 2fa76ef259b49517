"""The Windows branches, run here with the platform switched (`facilitator.files.WINDOWS`)
and Windows' own pieces stood in for where Linux lacks them (`msvcrt.locking`, SIGBREAK,
a loop without add_signal_handler). What they show: nothing ever signals another process
(on Windows `os.kill(pid, 0)` terminates it), locks and names work the Windows way, file
modes are not pretended, and the Makefile finds `.venv/Scripts`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import types
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from facilitator import files, inuse, shutdown

POSIX = hasattr(os, "fork")


def _fake_msvcrt() -> types.ModuleType:
    """msvcrt.locking's contract on a POSIX system: LK_NBLCK locks the byte at the file
    position or raises OSError at once when another handle holds it; LK_UNLCK frees it.
    (Built on flock, which like Windows' locks is per open handle.)"""
    import fcntl

    module = types.ModuleType("msvcrt")
    module.LK_NBLCK, module.LK_UNLCK = 2, 0

    def locking(fd: int, mode: int, nbytes: int) -> None:
        assert nbytes == 1
        if mode == module.LK_NBLCK:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise PermissionError(13, "Permission denied") from exc
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)

    module.locking = locking
    return module


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process behaves as on Windows where the program asks, and the program's
    attempt to signal a process fails the test (the test's own kills go through)."""
    monkeypatch.setattr(files, "WINDOWS", True)
    monkeypatch.setitem(sys.modules, "msvcrt", _fake_msvcrt())
    real_kill = os.kill

    def no_kill(pid: int, sig: int) -> None:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller.startswith("facilitator"):
            raise AssertionError(f"{caller} called os.kill: on Windows it terminates "
                                 "the process")
        real_kill(pid, sig)

    monkeypatch.setattr(os, "kill", no_kill)


HOLDER = textwrap.dedent(
    """
    import sys, types
    sys.path.insert(0, sys.argv[2])
    from tests.test_windows import _fake_msvcrt
    sys.modules["msvcrt"] = _fake_msvcrt()
    from facilitator import files
    files.WINDOWS = True
    from pathlib import Path
    from facilitator.inuse import held
    with held(Path(sys.argv[1])):
        print("holding", flush=True)
        sys.stdin.read()
    """
)


@pytest.mark.skipif(not POSIX, reason="stands msvcrt in on a POSIX system")
def test_the_windows_lock_tells_a_live_app_from_a_dead_one(windows, capsys,
                                                           tmp_path: Path) -> None:
    from facilitator.cli import main
    from facilitator.store import Store

    db, backup = tmp_path / "db.db", tmp_path / "kopi.db"
    with Store(backup, auto_backup=False) as s:
        s.networks.create("Fra kopien")
    with Store(db, auto_backup=False) as s:
        s.networks.create("I bruk")
    root = str(Path(__file__).resolve().parents[1])
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), root],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "holding"
        assert inuse.holder(db) == child.pid
        with inuse.held(db) as mine:  # a second window: its own lock file, no shared mode
            assert mine is not None and inuse.holders(db) == [child.pid]
        assert main(["restore", str(backup), "--db", str(db), "--yes"]) == 1
        assert f"prosess {child.pid}" in capsys.readouterr().err
        assert child.poll() is None  # alive: restore only looked at a lock
    finally:
        child.kill()  # the app crashes; Windows frees its lock
        child.wait()
    assert inuse.holder(db) is None
    assert not list(inuse.marker_for(db).glob("*.lock"))  # closed first, then removed
    assert main(["restore", str(backup), "--db", str(db), "--yes"]) == 0


def test_try_lock_uses_msvcrt_on_windows(windows, tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    a = os.open(path, os.O_RDWR | os.O_CREAT)
    b = os.open(path, os.O_RDWR)
    try:
        assert files.try_lock(a)
        assert not files.try_lock(b)  # no shared mode: a second handle is refused
        files.unlock(a)
        assert files.try_lock(b)
    finally:
        os.close(a)
        os.close(b)


# --------------------------------------------------------------------------- signals


def test_windows_has_no_sighup_but_sigbreak(windows, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signal, "SIGBREAK", 21, raising=False)
    wanted = shutdown.exit_signals()
    assert signal.SIGTERM in wanted and 21 in wanted
    assert getattr(signal, "SIGHUP", None) not in wanted


def test_a_loop_without_add_signal_handler_gets_the_signal_handed_over() -> None:
    """Windows' proactor loop has no add_signal_handler: the signal is handed to the loop
    with call_soon_threadsafe from a plain signal handler."""

    class ProactorLike:
        def __init__(self) -> None:
            self.calls: list[tuple] = []

        def add_signal_handler(self, *_args: object) -> None:
            raise NotImplementedError

        def call_soon_threadsafe(self, fn, *args) -> None:  # noqa: ANN001
            self.calls.append((fn, args))

    loop = ProactorLike()
    seen: list[int] = []
    saved = {sig: signal.getsignal(sig) for sig in shutdown.exit_signals()}
    try:
        handled = shutdown.install_loop_handlers(loop, seen.append)
        assert signal.SIGTERM in handled
        signal.raise_signal(signal.SIGTERM)
        assert loop.calls == [(seen.append, (signal.SIGTERM,))]
    finally:
        shutdown.restore_handlers(saved)


# --------------------------------------------------------------------------- files


def test_file_modes_are_not_pretended_on_windows(windows, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator.dbfile import make_private

    path = tmp_path / "f.db"
    path.write_bytes(b"x")
    path.chmod(0o644)

    def no_chmod(*_args: object) -> None:
        raise AssertionError("chmod on Windows only flips the read-only flag")

    monkeypatch.setattr(os, "chmod", no_chmod)
    make_private(path)
    assert not files.private_modes()


def test_windows_renames_and_never_links(windows, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def no_link(*_args: object) -> None:
        raise AssertionError("Windows' rename refuses an existing name by itself")

    monkeypatch.setattr(os, "link", no_link)
    temp, final = tmp_path / ".x.partial", tmp_path / "x.db"
    temp.write_bytes(b"data")
    files.place_new(temp, final)
    assert final.read_bytes() == b"data" and not temp.exists()


def test_no_folder_fsync_on_windows(windows, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def no_open(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a folder cannot be opened to be flushed on Windows")

    monkeypatch.setattr(os, "open", no_open)
    files.fsync_dir(tmp_path)


def test_fsync_file_opens_for_writing_on_windows(windows, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x")
    flags = []
    real = os.open
    monkeypatch.setattr(os, "open", lambda p, f, *a: flags.append(f) or real(p, f, *a))
    files.fsync_file(path)
    assert flags == [os.O_RDWR]  # Windows' _commit needs a handle open for writing


def test_sqlite_uris_for_windows_paths() -> None:
    assert files.sqlite_uri(PureWindowsPath(
        r"C:\Users\Kari Nordmann\AppData\Local\facilitator\facilitator.db")) == (
        "file:///C:/Users/Kari%20Nordmann/AppData/Local/facilitator/facilitator.db")
    assert files.sqlite_uri(PureWindowsPath(r"D:\Læringsnettverk\møte.db")) == (
        "file:///D:/L%C3%A6ringsnettverk/m%C3%B8te.db")
    assert files.sqlite_uri(PureWindowsPath(r"\\filserver\felles\facilitator.db")) == (
        "file:////filserver/felles/facilitator.db")
    assert files.sqlite_uri(PurePosixPath("/home/kari/a b?#%.db")) == (
        "file:/home/kari/a%20b%3F%23%25.db")


@pytest.mark.parametrize(("name", "expected"), [
    ("CON", "CON_"), ("con.md", "con_.md"), ("Aux", "Aux_"), ("nul.tar.gz", "nul_.tar.gz"),
    ("COM1", "COM1_"), ("lpt9.csv", "lpt9_.csv"), ("com¹", "com¹_"),
    ("samling 3.", "samling 3"), ("samling 3 . ", "samling 3"),
    ('a<b>c:d"e/f\\g|h?i*j', "a-b-c-d-e-f-g-h-i-j"), ("tab\there", "tab-here"),
    ("...", "fil"), ("", "fil"),
    ("robek-nettverk-nord-samling-3.md", "robek-nettverk-nord-samling-3.md"),
    ("Bø i Vesterålen.xlsx", "Bø i Vesterålen.xlsx"), ("console", "console"),
])
def test_portable_names(name: str, expected: str) -> None:
    assert files.portable_name(name) == expected


def test_portable_names_keep_to_255_bytes_and_the_extension() -> None:
    long = "ø" * 300 + ".xlsx"
    short = files.portable_name(long)
    assert len(short.encode("utf-8")) <= 255 and short.endswith(".xlsx")
    assert short.startswith("øøø") and "\ufffd" not in short


# --------------------------------------------------------------------------- the Makefile


@pytest.mark.skipif(not Path("/usr/bin/make").exists() and not os.environ.get("MAKE"),
                    reason="needs make")
def test_the_makefile_finds_the_venv_on_each_system() -> None:
    root = Path(__file__).resolve().parents[1]

    def dry(*extra: str) -> str:
        result = subprocess.run(["make", "-n", "-B", "run", *extra], cwd=root,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout

    posix = dry()
    assert ".venv/bin/python" in posix and "Scripts" not in posix
    win = dry("OS=Windows_NT")
    assert ".venv/Scripts/python" in win and ".venv/bin" not in win
