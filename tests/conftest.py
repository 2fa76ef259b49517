"""Shared fixtures: real SQLite files in temporary folders, a fixed clock, the demo."""

from __future__ import annotations

import contextlib
import shutil
from datetime import date
from pathlib import Path

import pytest

from facilitator.i18n import set_language

# The fixed "today" of every test, snapshot and the export sample.
TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True, scope="session")
def _quick_pilot() -> None:
    """Pilot waits for the app to go idle after every key, sleeping 20 ms at a time: most
    of a flow test's time. Tests settle workers and screens themselves (settle()), so a
    shorter sleep loses nothing and keeps `make test` fast."""
    import textual._wait as wait

    wait.SLEEP_GRANULARITY = 1 / 500
    wait.SLEEP_IDLE = wait.SLEEP_GRANULARITY / 20


@pytest.fixture(autouse=True)
def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test touches the user's real data folder, and every test starts in bokmål."""
    monkeypatch.setenv("FACILITATOR_DB", str(tmp_path / "default" / "facilitator.db"))
    monkeypatch.delenv("FACILITATOR_LANG", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "xdg-docs"))
    monkeypatch.setenv("FACILITATOR_TODAY", TODAY.isoformat())  # the command line's today
    set_language("nb")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "facilitator.db"


@pytest.fixture
def store(db_path: Path):
    from facilitator.store import Store

    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from facilitator.demo import create_demo
    from facilitator.store import Store

    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    with Store(path, auto_backup=False) as s:
        create_demo(s, TODAY)
        s.files.checkpoint()
    return path


@pytest.fixture
def demo_path(_demo_template: Path, db_path: Path) -> Path:
    """A fresh copy of the demo database (made once per session, copied per test)."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_demo_template, db_path)
    return db_path


@pytest.fixture
def demo_store(demo_path: Path):
    from facilitator.store import Store

    s = Store(demo_path, auto_backup=False)
    yield s
    s.close()


@pytest.fixture
def demo_network(demo_store):
    from facilitator.demo import DEMO_NAME

    return demo_store.networks.find(DEMO_NAME)


def make_app(store=None, *, target=None, lang: str = "nb", **options):
    """The app on a given store with the fixed clock and steady cursors (for Pilot and
    snapshot tests). With `target` and `first_rows` (quick_network_rows) it starts as
    the command line starts it: the first rows painted, the store opened after."""
    from facilitator.app import FacilitatorApp

    return FacilitatorApp(target, store=store, lang=lang, today=lambda: TODAY,
                          cursor_blink=False, **options)


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto`: two workers per core. A Pilot test spends much of its time asleep
    (Textual's `wait_for_idle` sleeps 20 ms at a time after each key), so one worker
    per core leaves the cores idle for a third of the run."""
    import os

    return 2 * (os.cpu_count() or 1)


async def _workers_done(pilot) -> None:
    """Wait for the app's workers. A read replaced by a newer one in its exclusive group
    is cancelled on purpose (its result would be stale): that is no failure."""
    from textual.worker import WorkerCancelled

    for _ in range(20):
        try:
            await pilot.app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


def _keys_pending(app) -> bool:
    """Keys typed but not yet handled (facilitator.keyorder): between two keys of a
    burst the app may wait for a refresh, when every queue is idle."""
    return bool(getattr(app, "_keys_waiting", None) or getattr(app, "_key_in_flight", None))


def _tables_unmeasured(app) -> bool:
    """A DataTable measures new rows (its row labels' width, its virtual size) when it
    is next idle, not when they are added; until then it paints without its labels. On
    a busy machine a screenshot could catch that frame: wait for the measuring."""
    from textual.widgets import DataTable

    return any(table._require_update_dimensions or table._updated_cells  # noqa: SLF001
               for table in app.screen.query(DataTable))


async def settle(pilot, rounds: int = 3) -> None:
    """Let workers finish, typed keys be handled and the screen repaint (store calls
    run in thread workers)."""
    for _ in range(rounds):
        await _workers_done(pilot)
        await pilot.pause()
    # Keys still on their way (until they are handled), and a worker's result may
    # start another (read a file, then plan the import): keep going until neither is
    # left, so a slow machine gives the same outcome. The deadline is generous.
    for _ in range(2000):
        busy = any(w.is_running or w.state.name == "PENDING" for w in pilot.app.workers)
        if not busy and not _keys_pending(pilot.app) and not _tables_unmeasured(pilot.app):
            break
        await _workers_done(pilot)
        await pilot.pause(0.005 if _keys_pending(pilot.app) else None)
    await pilot.pause()


def burst(app, *keys: str) -> None:
    """Send keys the way a terminal delivers a fast burst: all queued at once.

    `pilot.press` waits for the app to go idle after each key, which hides races
    between keys; a typist, a paste or an SSH session does not wait.
    """
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def until(pilot, condition, *, timeout: float = 30.0, what: str = "") -> None:
    """Wait until `condition()` is true, letting the app run meanwhile: for what the app
    does on its own time (a save off the UI thread, a look for other programs' changes).
    The timeout is only a safety net against a hang, far beyond any real wait."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what or condition}")
        await pilot.pause(0.02)


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real 3 MB file system (tmpfs) to fill up; skipped where mounting is not allowed
    (it needs root). Yields (folder, fill, free): fill() takes every free byte."""
    import os
    import subprocess

    folder = tmp_path / "small-disk"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3M", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    filler = folder / "filler"

    def fill() -> None:
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for chunk in (65536, 4096, 1):
                with contextlib.suppress(OSError):
                    while os.write(fd, b"\0" * chunk) == chunk:
                        pass
        finally:
            os.close(fd)

    def free() -> None:
        filler.unlink(missing_ok=True)

    try:
        yield folder, fill, free
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        os.sync()
