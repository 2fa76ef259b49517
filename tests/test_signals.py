"""SIGTERM and SIGHUP: the app exits the normal way in a real pseudo-terminal (the
terminal modes are restored, the in-use lock is released, a write in flight finishes);
a command prints one line, no traceback, and leaves no partial file.

Every wait is on a condition (text on the terminal, a line from the child, a file),
with a generous deadline only against a hang.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from facilitator.demo import DEMO_NAME
from facilitator.inuse import holder, marker_for

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX signals and pty")

DEADLINE = 120.0  # seconds, against a hang only: every wait ends on its condition

LEAVE_ALT_SCREEN, SHOW_CURSOR, MOUSE_OFF = b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[?1000l"


class Terminal:
    """The app in a real pseudo-terminal, 80×24; `output` is all it has written."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        import fcntl
        import struct
        import termios

        self.master, self.slave = os.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.modes_before = termios.tcgetattr(self.slave)
        self.child = subprocess.Popen(args, stdin=self.slave, stdout=self.slave,
                                      stderr=self.slave, env=env, start_new_session=True)
        self.output = b""

    def read(self, until: float) -> None:
        ready, _, _ = select.select([self.master], [], [], max(0.0, until - time.monotonic()))
        if ready:
            try:
                self.output += os.read(self.master, 1 << 16)
            except OSError:  # the child has gone and the pty hung up
                pass

    def wait_for(self, condition, what: str) -> None:  # noqa: ANN001
        deadline = time.monotonic() + DEADLINE
        while not condition():
            assert time.monotonic() < deadline, f"never saw {what}: {self.output[-2000:]!r}"
            assert self.child.poll() is None, f"the app ended: {self.output[-2000:]!r}"
            self.read(min(deadline, time.monotonic() + 0.5))

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def finish(self) -> int:
        """Wait for the app to end, reading what it writes on the way out meanwhile (a
        full pty buffer would stop it writing, and so from ending)."""
        deadline = time.monotonic() + DEADLINE
        while self.child.poll() is None:
            assert time.monotonic() < deadline, "the app did not end"
            self.read(min(deadline, time.monotonic() + 0.2))
        while True:  # what is left in the buffer; the child has gone, so nothing more comes
            ready, _, _ = select.select([self.master], [], [], 0)
            if not ready:
                break
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            self.output += chunk
        return self.child.returncode

    def modes(self) -> list:
        import termios

        return termios.tcgetattr(self.slave)

    def close(self) -> None:
        if self.child.poll() is None:
            self.child.kill()
            self.child.wait()
        for fd in (self.master, self.slave):
            os.close(fd)


def _env(**more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FACILITATOR_LANG",)}
    env.update(TERM="xterm-256color", COLUMNS="80", LINES="24", **more)
    return env


# A wrapper that runs the real command line, with one store write made to wait for the
# test's go-ahead (so the signal arrives while the write is in flight).
SLOW_WRITE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from facilitator.storage.settings import Settings

    started, go = Path(sys.argv[1]), Path(sys.argv[2])
    real = Settings.set

    def slow(self, key, value):
        started.touch()
        while not go.exists():  # the test says when
            time.sleep(0.01)
        return real(self, key, value)

    Settings.set = slow
    import facilitator.app as app

    opened = app.FacilitatorApp.store_ready

    def ready(self):  # the store is open: the language switch will write it
        opened(self)
        Path(str(started) + ".ready").touch()

    app.FacilitatorApp.store_ready = ready
    from facilitator.cli import main
    sys.exit(main(sys.argv[3:]))
    """
)


def _painted(term: Terminal) -> bool:
    return DEMO_NAME.encode() in term.output


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_the_app_restores_the_terminal_and_releases_the_lock(demo_path: Path,
                                                             signame: str) -> None:
    import termios

    term = Terminal([sys.executable, "-m", "facilitator", "--db", str(demo_path)], _env())
    try:
        term.wait_for(lambda: _painted(term), "the network list")
        term.wait_for(lambda: holder(demo_path) == term.child.pid, "the in-use lock")
        assert not term.modes()[3] & termios.ECHO  # the app has the terminal in raw mode
        mark = len(term.output)
        term.child.send_signal(getattr(signal, signame))
        code = term.finish()
        after = term.output[mark:]
        assert code == 128 + getattr(signal, signame)
        for sequence in (LEAVE_ALT_SCREEN, SHOW_CURSOR, MOUSE_OFF):
            assert sequence in after, (sequence, after[-500:])
        assert b"Traceback" not in term.output
        modes = term.modes()
        assert modes[3] & termios.ECHO and modes[3] & termios.ICANON
        assert modes[3] == term.modes_before[3]
        assert holder(demo_path) is None
        assert not marker_for(demo_path).exists()
    finally:
        term.close()


def test_a_write_in_flight_finishes_before_the_app_exits(demo_path: Path, tmp_path: Path
                                                         ) -> None:
    """The language switch writes a setting in a worker thread; SIGTERM arrives while it
    is under way: the app waits for it, then exits normally."""
    from facilitator.store import Store

    started, go = tmp_path / "started", tmp_path / "go"
    term = Terminal([sys.executable, "-c", SLOW_WRITE, str(started), str(go),
                     "--db", str(demo_path)], _env())
    try:
        term.wait_for(lambda: _painted(term), "the network list")
        term.wait_for(Path(f"{started}.ready").exists, "the store to open")
        term.send(b"\x10")  # ctrl+p: the command palette
        term.wait_for(lambda: b"Spr\xc3\xa5k" in term.output or b"Meny" in term.output,
                      "the palette")
        term.send("Språk: English".encode())
        term.wait_for(lambda: b"English" in term.output, "the language command")
        term.send(b"\r")
        term.wait_for(started.exists, "the write to start")
        term.child.send_signal(signal.SIGTERM)
        go.touch()
        code = term.finish()
        assert code == 128 + signal.SIGTERM
        assert LEAVE_ALT_SCREEN in term.output and b"Traceback" not in term.output
    finally:
        term.close()
    with Store(demo_path, auto_backup=False) as s:
        assert s.settings.get("language") == "en"  # the write in flight was finished
    assert holder(demo_path) is None


# --------------------------------------------------------------------------- the commands


# Runs the real command line with one step made to report, then wait for the signal.
PAUSE_AT = textwrap.dedent(
    """
    import importlib, sys, time
    module_name, attr = sys.argv[1].rsplit(".", 1)
    module = importlib.import_module(module_name)
    owner = module
    if ":" in attr:
        cls, attr = attr.split(":")
        owner = getattr(module, cls)
    real = getattr(owner, attr)
    calls = {"n": 0}
    after = int(sys.argv[2])

    def paused(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == after:
            print("paused", file=sys.stderr, flush=True)
            time.sleep(600)  # the test's signal ends this
        return real(*args, **kwargs)

    setattr(owner, attr, paused)
    from facilitator.cli import main
    sys.exit(main(sys.argv[3:]))
    """
)


def _run_until_paused(where: str, after: int, args: list[str], signum: int
                      ) -> tuple[int, str, str]:
    child = subprocess.Popen([sys.executable, "-c", PAUSE_AT, where, str(after), *args],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=_env())
    assert child.stderr is not None
    line = child.stderr.readline()  # blocks until the child reaches the step
    assert line.strip() == "paused", line + child.stderr.read()
    child.send_signal(signum)
    out, err = child.communicate(timeout=DEADLINE)
    return child.returncode, out, err


def _one_line_terminated(code: int, err: str, signame: str = "SIGTERM") -> None:
    assert code == 128 + getattr(signal, signame)
    assert "Traceback" not in err
    assert err.strip() == (f"Avsluttet av signalet {signame}. Det som var bekreftet, er "
                           "lagret, og ingen halvferdige filer er lagt igjen.")


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_export_ends_with_a_line_and_leaves_nothing(demo_path: Path, tmp_path: Path,
                                                    signame: str) -> None:
    out = tmp_path / "ut"
    code, stdout, err = _run_until_paused(
        "facilitator.export.writer._write", 3,  # after two files are written
        ["export", "--db", str(demo_path), "--network", DEMO_NAME, "--cycle", "3",
         "--out", str(out)], getattr(signal, signame))
    _one_line_terminated(code, err, signame)
    assert stdout == ""
    assert list(out.iterdir()) == []  # neither files nor the temporary folder


def test_import_ends_with_a_line_and_imports_nothing(demo_path: Path) -> None:
    from facilitator.store import Store

    data = Path(__file__).parent / "data" / "import" / "questback_semicolon_utf8_bom.csv"
    code, stdout, err = _run_until_paused(
        "facilitator.storage.evaluations.Evaluations:record", 3,  # inside the import's transaction
        ["import-evaluations", str(data), "--db", str(demo_path), "--network", DEMO_NAME,
         "--gathering", "5", "--yes"], signal.SIGTERM)
    _one_line_terminated(code, err)
    with Store(demo_path, auto_backup=False) as s:
        net = s.networks.find(DEMO_NAME)
        g = next(g for g in s.gatherings.list(net.id) if g.seq == 5)
        assert s.evaluations.count(g.id) == 0  # the transaction rolled back whole


def test_backup_ends_with_a_line_and_leaves_no_backup(demo_path: Path) -> None:
    from facilitator.backups import list_backups

    code, _stdout, err = _run_until_paused("facilitator.backups._verify", 1,
                                           ["backup", "--db", str(demo_path)],
                                           signal.SIGTERM)
    _one_line_terminated(code, err)
    assert list_backups(demo_path) == []
    folder = demo_path.parent / "backups"
    assert [p.name for p in folder.iterdir()] == []  # the temporary file is gone too


def test_restore_ends_with_a_line_and_leaves_the_database(demo_path: Path, tmp_path: Path
                                                          ) -> None:
    from facilitator.store import Store

    source = tmp_path / "kopi.db"
    with Store(source, auto_backup=False) as s:
        s.networks.create("Fra kopien")
    before = demo_path.read_bytes()
    code, _stdout, err = _run_until_paused("facilitator.backups._verify", 2,  # the new file
                                           ["restore", str(source), "--db", str(demo_path),
                                            "--yes"], signal.SIGTERM)
    _one_line_terminated(code, err)
    assert demo_path.read_bytes() == before
    assert not [p for p in demo_path.parent.iterdir() if p.name.endswith(".partial")]
    assert not marker_for(demo_path).exists()  # the restore lock is released


def test_a_signal_during_the_swap_waits_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator import shutdown

    saved = shutdown.install_cli_handlers()
    try:
        steps = []
        with pytest.raises(shutdown.Terminated):
            with shutdown.deferred():
                signal.raise_signal(signal.SIGTERM)
                steps.append("after the signal, still inside")
        assert steps == ["after the signal, still inside"]
    finally:
        shutdown.restore_handlers(saved)
