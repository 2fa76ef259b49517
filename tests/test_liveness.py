"""Another program on the same file: reads never wait for its write lock, writes that
wait say so and go through, and the open screen follows what it writes.

"Another program" is a real child process holding SQLite's write lock (BEGIN IMMEDIATE)
until the test tells it to let go, or a second Store on the same file.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.screens.evaluation import EvaluationScreen
from facilitator.widgets.answers import AnswerForm
from tests.conftest import make_app, settle, until

HOLDER = textwrap.dedent(
    """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
    print("released", flush=True)
    """
)


class Holder:
    def __init__(self, path: Path) -> None:
        self.child = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.child.stdout is not None
        assert self.child.stdout.readline().strip() == "locked"
        self.held = True

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        assert self.child.stdin is not None and self.child.stdout is not None
        self.child.stdin.write("\n")
        self.child.stdin.flush()
        assert self.child.stdout.readline().strip() == "released"
        self.child.wait(timeout=30)


@contextlib.contextmanager
def lock_held(path: Path) -> Iterator[Holder]:
    holder = Holder(path)
    try:
        yield holder
    finally:
        holder.release()


def _today():
    from tests.conftest import TODAY

    return TODAY


def test_reads_go_on_while_another_program_holds_the_write_lock(demo_store, demo_path) -> None:
    with lock_held(demo_path):
        # each of these took the write lock before; they waited 5 s and failed
        networks = demo_store.networks.list()
        assert [n.name for n in networks] == ["ROBEK-nettverk Nord"]
        assert demo_store.networks.rows(_today())
        assert demo_store.settings.get("language") is None
        assert demo_store.networks.overview(networks[0].id, _today()).name


def test_opening_an_up_to_date_database_takes_no_write_lock(demo_path) -> None:
    from facilitator.store import Store

    with lock_held(demo_path):
        Store(demo_path, auto_backup=False).close()


def test_a_write_that_waits_says_busy_at_once_and_goes_through(demo_store, demo_path) -> None:
    events: list[bool] = []
    waiting = threading.Event()

    def listener(busy: bool) -> None:
        events.append(busy)
        if busy:
            waiting.set()

    demo_store.busy_listener = listener
    errors: list[BaseException] = []

    def write() -> None:
        try:
            demo_store.settings.set("language", "en")
        except BaseException as exc:  # noqa: BLE001 - checked below
            errors.append(exc)

    with lock_held(demo_path) as holder:
        writer = threading.Thread(target=write)
        writer.start()
        assert waiting.wait(timeout=30), "the store never said it was waiting"
        assert writer.is_alive()  # still trying, nothing failed
        holder.release()
        writer.join(timeout=60)
    assert not errors
    assert events == [True, False]
    assert demo_store.settings.get("language") == "en"


def test_a_write_gives_up_in_the_users_words_after_its_patience(
        demo_store, demo_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator import engines
    from facilitator.errors import StorageError

    monkeypatch.setattr(engines, "WRITE_PATIENCE_S", 0.3)
    with lock_held(demo_path), pytest.raises(StorageError) as caught:
        demo_store.settings.set("language", "en")
    assert caught.value.key == "err.busy"
    assert "opptatt" in caught.value.message()
    assert demo_store.settings.get("language") is None


def test_changes_by_another_store_are_seen_and_ours_are_not(demo_store, demo_path) -> None:
    from facilitator.store import Store

    assert demo_store.changed_elsewhere() is False  # the baseline
    demo_store.settings.set("x", "1")
    assert demo_store.changed_elsewhere() is False  # our own write
    with Store(demo_path, auto_backup=False) as other:
        other.settings.set("x", "2")
    assert demo_store.changed_elsewhere() is True
    assert demo_store.changed_elsewhere() is False


# --------------------------------------------------------------------------- the app


def _gathering(store, seq: int):
    net = store.networks.list()[0]
    return next(g for g in store.gatherings.list(net.id) if g.seq == seq)


def _status(app) -> str:
    return str(app.screen.query_one("#entry-status").content)


async def _open_entry(pilot, gathering_id: str) -> None:
    await settle(pilot)
    pilot.app.push_screen(EvaluationScreen(gathering_id))
    await settle(pilot)
    assert isinstance(pilot.app.screen, EvaluationScreen)


async def test_typed_entry_waits_for_another_program_without_blocking_keys(
        demo_store, demo_path) -> None:
    g = _gathering(demo_store, 4)
    demo_store.questions.freeze(g.id)
    before = demo_store.evaluations.count(g.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_entry(pilot, g.id)
        with lock_held(demo_path) as holder:
            await pilot.press("j", "5", "4", "enter")
            await until(pilot, lambda: "opptatt" in _status(app), what="busy")
            # the keys go on into the next form while the first one waits
            await pilot.press("n", "3")
            form = app.screen.query_one(AnswerForm)
            assert form.state()[1][:2] == [0, 3]
            assert demo_store.evaluations.count(g.id) == before
            holder.release()
        await until(pilot, lambda: "lagret" in _status(app), what="saved")
        await pilot.press("2", "enter")
        await until(pilot, lambda: demo_store.evaluations.count(g.id) == before + 2)
        await settle(pilot)
    questions = demo_store.questions.freeze(g.id)[:3]
    new = demo_store.evaluations.list(g.id)[before:]
    assert [tuple(r.answers[q.id].score for q in questions) for r in new] == [(1, 5, 4),
                                                                               (0, 3, 2)]


# --------------------------------------------------------------------------- a full disk


def _answers(store, gathering_id: str, before: int) -> list[tuple]:
    questions = store.questions.freeze(gathering_id)
    return [tuple(r.answers[q.id].score if q.kind != "text" else r.answers[q.id].text
                  for q in questions)
            for r in store.evaluations.list(gathering_id)[before:]]


class DiskFull:
    """The store's save fails as on a full disk (the real StorageError) while `full`."""

    def __init__(self, store) -> None:
        from facilitator.errors import StorageError

        self.full = True
        real = store.evaluations.record

        def record(*args, **kwargs):
            if self.full:
                raise StorageError("err.disk_full")
            return real(*args, **kwargs)

        store.evaluations.record = record


async def test_a_failed_save_keeps_its_form_and_nothing_flows_into_it(demo_store) -> None:
    g = _gathering(demo_store, 4)
    demo_store.questions.freeze(g.id)
    before = demo_store.evaluations.count(g.id)
    disk = DiskFull(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_entry(pilot, g.id)
        form = app.screen.query_one(AnswerForm)
        from tests.conftest import burst

        # as the tester did: several forms typed on a full disk, in one burst
        burst(app, "j", "5", "4", *"full1", "enter", "j", "5", "4", *"full2", "enter",
              "n", "2", "2", *"full3", "enter")
        await until(pilot, lambda: form.locked and not app._keys_waiting, what="locked")
        await settle(pilot)
        failure = str(app.screen.query_one("#entry-failure").content)
        assert "Disken er full" in failure and "Ctrl+D" in failure
        assert form.state()[1] == [1, 5, 4, "full1"]  # the failed form, intact
        assert not app._notifications  # said on the screen, not in a pile of notices
        disk.full = False  # the disk is freed
        burst(app, "enter")  # try again
        await until(pilot, lambda: not form.locked, what="unlocked")
        await settle(pilot)
        assert form.is_empty()
        burst(app, "n", "3", "3", *"neste", "enter")
        await until(pilot, lambda: demo_store.evaluations.count(g.id) == before + 2)
        await settle(pilot)
    # each form as typed: nothing merged (the keys typed after the failure were refused)
    assert _answers(demo_store, g.id, before) == [(1, 5, 4, "full1"), (0, 3, 3, "neste")]


async def test_a_failed_save_can_be_discarded_and_the_next_form_goes_on(demo_store) -> None:
    g = _gathering(demo_store, 4)
    demo_store.questions.freeze(g.id)
    before = demo_store.evaluations.count(g.id)
    disk = DiskFull(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_entry(pilot, g.id)
        form = app.screen.query_one(AnswerForm)
        await pilot.press("j", "5", "4", "enter")
        await until(pilot, lambda: form.locked, what="locked")
        footer = " ".join(b.binding.description for b in app.screen.active_bindings.values()
                          if b.enabled)
        assert "Forkast svaret" in footer
        await pilot.press("6")  # refused, with the keys that do something
        assert "Ctrl+D" in _status(app) and "Ctrl+D" in str(
            app.screen.query_one("#entry-failure").content)
        assert form.state()[1][:3] == [1, 5, 4]
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert not form.locked and form.is_empty()
        assert "forkastet" in _status(app)
        disk.full = False
        await pilot.press("n", "6", "6", "enter")
        await until(pilot, lambda: demo_store.evaluations.count(g.id) == before + 1)
        await settle(pilot)
    assert _answers(demo_store, g.id, before) == [(0, 6, 6, None)]


async def test_leaving_with_a_failed_response_asks_first(demo_store) -> None:
    from facilitator.screens.dialogs import ConfirmScreen

    g = _gathering(demo_store, 4)
    demo_store.questions.freeze(g.id)
    DiskFull(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_entry(pilot, g.id)
        form = app.screen.query_one(AnswerForm)
        await pilot.press("j", "5", "4", "enter")
        await until(pilot, lambda: form.locked, what="locked")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no: stay
        await settle(pilot)
        assert isinstance(app.screen, EvaluationScreen) and form.locked


async def test_typed_entry_on_a_really_full_disk(small_disk, demo_path) -> None:
    """The same on a real full file system: SQLite's own 'disk is full'."""
    import shutil

    from facilitator.store import Store

    folder, fill, free = small_disk
    path = folder / "facilitator.db"
    shutil.copyfile(demo_path, path)
    store = Store(path, auto_backup=False)
    try:
        g = _gathering(store, 4)
        store.questions.freeze(g.id)
        before = store.evaluations.count(g.id)
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open_entry(pilot, g.id)
            form = app.screen.query_one(AnswerForm)
            fill()
            from tests.conftest import burst

            texts = [f"full{i}" for i in range(3)]  # each commit needs room in the log
            for text in texts:
                burst(app, "j", "5", "4", *text, "enter")
            await until(pilot, lambda: form.locked and not app._keys_waiting, what="locked")
            await settle(pilot)
            assert "Disken er full" in str(app.screen.query_one("#entry-failure").content)
            assert form.state()[1] == [1, 5, 4, texts[0]]
            free()
            burst(app, "enter")
            await until(pilot, lambda: not form.locked, what="unlocked")
            burst(app, "n", "3", "3", "enter")
            await until(pilot, lambda: store.evaluations.count(g.id) == before + 2)
            await settle(pilot)
        assert _answers(store, g.id, before) == [(1, 5, 4, texts[0]), (0, 3, 3, None)]
    finally:
        store.close()


# --------------------------------------------------------------------------- two windows


async def test_typed_entry_shows_what_another_window_saved(demo_store, demo_path) -> None:
    from facilitator.store import Store

    g = _gathering(demo_store, 4)
    questions = demo_store.questions.freeze(g.id)
    before = demo_store.evaluations.count(g.id)
    app = make_app(demo_store, watch_interval=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_entry(pilot, g.id)
        await pilot.press("j", "5")  # half a form, the cursor on the third question
        with Store(demo_path, auto_backup=False) as other:
            for score in (3, 4, 5):
                other.evaluations.record(g.id, {questions[1].id: score})
        await until(pilot, lambda: f"Svar: {before + 3}" in _status(app)
                    or f"{before + 3} svar" in _status(app), what="the other window's count")
        form = app.screen.query_one(AnswerForm)
        assert form.state() == (2, [1, 5, None, ""])  # what was typed stays, in place
        await pilot.press("4", "enter")
        await until(pilot, lambda: demo_store.evaluations.count(g.id) == before + 4)
        await settle(pilot)
        assert str(before + 4) in _status(app)


async def test_the_network_list_follows_another_window_and_keeps_its_cursor(
        demo_store, demo_path) -> None:
    from facilitator.screens.networks import NetworksScreen
    from facilitator.store import Store

    with Store(demo_path, auto_backup=False) as other:
        other.networks.create("Østre nettverk")
    app = make_app(demo_store, watch_interval=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NetworksScreen)
        await pilot.press("down")  # on "Østre nettverk" (Norwegian order: R before Ø)
        assert screen.current().name == "Østre nettverk"
        with Store(demo_path, auto_backup=False) as other:
            other.networks.create("Alta-nettverket")  # sorts first: rows move down
        await until(pilot, lambda: len(screen.rows) == 3, what="the third network")
        await settle(pilot)
        assert screen.current().name == "Østre nettverk"


async def test_the_same_failure_again_and_again_is_one_notice(demo_store, demo_network) -> None:
    """The home-work grid saves each key at once: on a full disk every key fails."""
    from facilitator.errors import StorageError
    from facilitator.screens.homework import HomeWorkScreen

    def full(*_args, **_kwargs):
        raise StorageError("err.disk_full")

    demo_store.homework.set_status = full
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(HomeWorkScreen(demo_network.id))
        await settle(pilot)
        for key in ("2", "space", "3", "space", "4"):
            await pilot.press(key)
            await settle(pilot)
        notices = [n.message for n in app._notifications]
        assert len(notices) == 1 and "Disken er full" in notices[0]


async def test_notices_show_their_text_literally(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.notify("[bold]C:\\\\data\\\\[x][/bold]")  # a path with brackets is no markup
        await pilot.pause()
        [notice] = list(app._notifications)
        assert notice.message == "[bold]C:\\\\data\\\\[x][/bold]" and not notice.markup


async def test_a_focus_that_arrives_after_its_widget_is_gone_is_ignored(demo_store) -> None:
    """Seen under load: a form closed between a widget's focus and its Focus event."""
    from textual import events
    from textual.widgets import Input

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        gone = Input()
        await app.screen.mount(gone)
        await gone.remove()
        app.on_descendant_focus(events.DescendantFocus(gone))  # no NoScreen
