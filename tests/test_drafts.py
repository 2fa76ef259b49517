"""Savepoints for long forms, and how much text a field takes.

A form with free text keeps a draft in the database while it is typed: at most 5 s
after the first unsaved change (a deadline, not a pause: a typist who never stops gets
one too), and at once when a field is left. Time is a fake clock given to the app;
the tests call the form's `tick()` as the real timer would. The drafts are offered
back at the next start; they are deleted on save, discard, or the erasure of a person
they name, and never exported. The limits: a form refuses a key or a paste beyond its
field's limit with a message at the field; the store refuses a longer text by any path.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual import events
from textual.widgets import DataTable, Input, Select, TextArea

from facilitator.screens.drafts import DraftsScreen
from facilitator.screens.form_drafts import DRAFT_WITHIN
from facilitator.screens.meeting_form import MeetingForm
from facilitator.screens.networks import NetworksScreen
from facilitator.store import Store, ValidationError
from facilitator.widgets.text import clean
from tests.conftest import TODAY, settle

ROOT = Path(__file__).resolve().parents[1]


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_app(store, clock=None, lang: str = "nb"):
    from facilitator.app import FacilitatorApp

    return FacilitatorApp(None, store=store, lang=lang, today=lambda: TODAY,
                          cursor_blink=False, clock=clock or FakeClock())


def file_drafts(path: Path) -> list[dict]:
    """The drafts as the file holds them, read by a connection of its own (what a
    crash leaves behind)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT kind, record_id, snapshot FROM draft").fetchall()
    finally:
        conn.close()
    return [{"form": k, "record_id": r, **json.loads(s)} for k, r, s in rows]


def _shown(widget) -> str:
    """The text a widget paints, line by line, as on the screen."""
    from textual.geometry import Region

    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join("".join(seg.text for seg in strip).rstrip() for strip in strips)


def _error(form, field: str) -> str:
    box = form.query_one(f"#box-{field}")
    return str(box.query_one(".field-error").render()) if box.has_class("-invalid") else ""


async def _meeting_form(pilot, network_id: str, meeting_id: str | None = None) -> MeetingForm:
    await settle(pilot)
    pilot.app.push_screen(MeetingForm(network_id, meeting_id))
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, MeetingForm)
    return form


async def _pick(pilot, select_id: str, downs: int) -> None:
    select = pilot.app.screen.query_one(f"#{select_id}", Select)
    select.focus()
    await pilot.press("enter", "home", *["down"] * downs, "enter")
    await settle(pilot)


# ---------------------------------------------------------------------- the store


def test_the_store_keeps_a_draft_until_it_is_discarded(demo_store, demo_network) -> None:
    first = demo_store.save_draft(None, kind="meeting", record_id=None,
                                  network_id=demo_network.id, snapshot={"summary": "Ett"})
    again = demo_store.save_draft(first.id, kind="meeting", record_id=None,
                                  network_id=demo_network.id, snapshot={"summary": "Ett to"})
    assert again.id == first.id and again.created_at == first.created_at
    other = demo_store.save_draft(None, kind="network", record_id=None, network_id=None,
                                  snapshot={"name": "Nytt"})
    found = demo_store.drafts()
    assert [d.id for d in found] == [other.id, first.id]  # the newest first
    assert found[1].snapshot == {"summary": "Ett to"}
    assert found[1].network_name == demo_network.name and found[0].network_name is None
    demo_store.discard_draft(first.id)
    demo_store.discard_draft(first.id)  # gone already: nothing happens
    assert [d.id for d in demo_store.drafts()] == [other.id]
    assert demo_store.get_draft(first.id) is None


def test_erasing_a_person_deletes_the_drafts_that_name_them(demo_store, demo_network) -> None:
    nid = demo_network.id
    person = next(p for p in demo_store.list_participants(nid) if p.email)
    other = next(p for p in demo_store.list_participants(nid)
                 if p.id != person.id and p.name.split()[0] != person.name.split()[0])
    first_name = person.name.split()[0]
    keep = [
        demo_store.save_draft(None, kind="meeting", record_id=None, network_id=nid,
                              snapshot={"summary": f"{other.name} la fram saken."}),
        # a name inside a longer word is not the name ("Ola" is not in "Olav")
        demo_store.save_draft(None, kind="meeting", record_id=None, network_id=nid,
                              snapshot={"summary": f"{person.name}sen og {first_name}x"}),
    ]
    gone = [
        demo_store.save_draft(None, kind="participant", record_id=person.id, network_id=nid,
                              snapshot={"name": person.name + " (ny rolle)"}),
        demo_store.save_draft(None, kind="meeting", record_id=None, network_id=nid,
                              snapshot={"participant_ids": [other.id, person.id]}),
        demo_store.save_draft(None, kind="meeting", record_id=None, network_id=nid,
                              snapshot={"summary": f"Referat: {person.name.upper()} "
                                                   "ba om ordet."}),
        demo_store.save_draft(None, kind="network", record_id=None, network_id=None,
                              snapshot={"contact_emails": f"a@b.no, {person.email}"}),
    ]
    secret = "Hemmelig utkast om " + person.name
    gone.append(demo_store.save_draft(gone[2].id, kind="meeting", record_id=None,
                                      network_id=nid, snapshot={"decisions": secret}))
    demo_store.erase_participant(person.id)
    assert sorted(d.id for d in demo_store.drafts()) == sorted(d.id for d in keep)
    for f in demo_store.path.parent.rglob("*"):
        if f.is_file() and "backups" not in f.parts:
            assert secret.encode() not in f.read_bytes(), f.name


# ---------------------------------------------------------------------- when a draft is written


async def test_a_typist_who_never_pauses_gets_a_draft_within_five_seconds(
        demo_store, demo_network, demo_path) -> None:
    clock = FakeClock()
    app = make_app(demo_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _meeting_form(pilot, demo_network.id)
        form.query_one("#summary", TextArea).focus()
        await pilot.pause()
        typed_at: list[tuple[float, int]] = []  # (clock, characters typed by then)
        seen: list[tuple[float, str]] = []  # (clock, the summary in the file's draft)
        for i in range(60):  # 30 s, a key every half second and never a pause
            await pilot.press("abcdefghij"[i % 10])
            typed_at.append((clock.now, i + 1))
            clock.advance(0.5)
            form.tick()
            await settle(pilot, rounds=1)
            drafts = file_drafts(demo_path)
            seen.append((clock.now, drafts[0]["summary"] if drafts else ""))
        first_key = typed_at[0][0]
        first_draft = next(now for now, text in seen if text)
        assert first_draft - first_key <= DRAFT_WITHIN
        # all along, the file holds at least what was typed five seconds before
        for now, text in seen:
            due = max((n for when, n in typed_at if when <= now - DRAFT_WITHIN), default=0)
            assert len(text) >= due, (now, len(text), due)
        # a deadline, not a debounce: many drafts while typing went on
        assert len({text for _now, text in seen}) >= 30 / DRAFT_WITHIN


async def test_leaving_a_field_writes_the_draft_at_once(demo_store, demo_network,
                                                        demo_path) -> None:
    clock = FakeClock()
    app = make_app(demo_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _meeting_form(pilot, demo_network.id)
        form.query_one("#place", Input).focus()
        await settle(pilot)
        await pilot.press(*"Rådhuset")
        await settle(pilot)
        assert file_drafts(demo_path) == []  # no deadline yet, the clock stood still
        await pilot.press("tab")
        await settle(pilot)
        [draft] = file_drafts(demo_path)
        assert draft["place"] == "Rådhuset" and draft["form"] == "meeting"
        await pilot.press("tab")  # left again without a change: nothing new to write
        await settle(pilot)
        assert file_drafts(demo_path) == [draft]


async def test_ten_minutes_of_typing_then_an_abrupt_stop(demo_store, demo_network,
                                                         demo_path) -> None:
    clock = FakeClock()
    app = make_app(demo_store, clock)
    text = "Kommunestyret vedtok budsjettet; rådmannen følger opp tiltakene. "
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _meeting_form(pilot, demo_network.id)
        form.query_one("#summary", TextArea).focus()
        await pilot.pause()
        typed = ""
        history: list[tuple[float, str]] = []
        for second in range(600):  # ten minutes: a key every second, and never a pause
            key = text[second % len(text)]
            await pilot.press(key)
            typed += key
            history.append((clock.now, typed))
            clock.advance(0.5)
            form.tick()
            clock.advance(0.5)
            form.tick()
            if form._draft_busy:  # noqa: SLF001 - wait only for a write in flight
                await settle(pilot, rounds=1)
        await settle(pilot, rounds=1)
        stop = clock.now
        # The stop: nothing more happens; this is what a kill -9 leaves in the file.
        [draft] = file_drafts(demo_path)
        by_then = max(t for when, t in history if when <= stop - DRAFT_WITHIN)
        assert typed.startswith(draft["summary"])
        assert len(draft["summary"]) >= len(by_then)
    # closed without saving: what was unsaved is in the draft, all of it
    [draft] = file_drafts(demo_path)
    assert draft["summary"] == typed


CHILD = r"""
import asyncio, json, sys
from datetime import date
from facilitator.app import FacilitatorApp
from facilitator.screens.meeting_form import MeetingForm
from facilitator.store import Store
from textual.widgets import TextArea

async def main(path, network_id):
    store = Store(path, auto_backup=False)
    clock = [1000.0]
    app = FacilitatorApp(None, store=store, today=lambda: date(2026, 11, 22),
                         cursor_blink=False, clock=lambda: clock[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.push_screen(MeetingForm(network_id))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        form = app.screen
        form.query_one("#summary", TextArea).focus()
        await pilot.pause()
        typed = 0
        while True:
            await pilot.press(*"ord ")
            typed += 4
            clock[0] += 1
            form.tick()
            await app.workers.wait_for_complete()
            await pilot.pause()
            print(json.dumps({"clock": clock[0], "typed": typed}), flush=True)

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def test_kill_9_of_the_app_while_typing_loses_at_most_five_seconds(
        demo_path, demo_network) -> None:
    """The real thing: the app types in a child process that is killed with SIGKILL."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(demo_path), demo_network.id],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    progress: list[dict] = []
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            progress.append(json.loads(line))
            if progress[-1]["clock"] >= 1060:  # a minute of (fake) typing
                break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, child.stderr.read()
    assert progress and progress[-1]["clock"] >= 1060, child.stderr.read()
    last = progress[-1]
    due = max(p["typed"] for p in progress if p["clock"] <= last["clock"] - DRAFT_WITHIN)
    with Store(demo_path, auto_backup=False) as store:
        assert store.check() == []
        [draft] = store.drafts()
    assert set(draft.snapshot["summary"]) <= set("ord ")
    assert len(draft.snapshot["summary"]) >= due


# ---------------------------------------------------------------------- offered back at start


async def _type_a_new_meeting(demo_store, demo_network, summary: str) -> None:
    """A first session: a new meeting typed, the app closed without saving it."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _meeting_form(pilot, demo_network.id)
        await _pick(pilot, "municipality", 1)
        form.query_one("#date", Input).focus()
        await pilot.press(*"20.11.2026")
        form.query_one("#summary", TextArea).focus()
        await pilot.press(*summary)
        await settle(pilot)
    assert len(demo_store.drafts()) == 1


def _rows(screen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_restore_at_start_fills_the_form_and_saving_deletes_the_draft(
        demo_store, demo_network) -> None:
    await _type_a_new_meeting(demo_store, demo_network, "Gode innspill fra [b]rådmannen[/b]")
    before = len(demo_store.list_meetings(demo_network.id))
    members = demo_store.list_members(demo_network.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DraftsScreen)
        [row] = _rows(dialog)
        assert row[1:] == ["Nytt kommunemøte", clean(demo_network.name, limit=16),
                           members[0].name]
        detail = _shown(dialog.query_one("#drafts-detail"))
        assert "Gode innspill fra [b]rådmannen[/b]" in detail and "20.11.2026" in detail
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MeetingForm)
        assert form.query_one("#summary", TextArea).text == "Gode innspill fra [b]rådmannen[/b]"
        assert form.query_one("#date", Input).value == "20.11.2026"
        assert form.query_one("#municipality", Select).value == members[0].municipality_id
        assert form.dirty  # not saved yet: Escape would ask
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NetworksScreen)  # nothing more to offer
    meetings = demo_store.list_meetings(demo_network.id)
    assert len(meetings) == before + 1
    [new] = [m for m in meetings if m.summary.startswith("Gode innspill")]
    assert new.date == date(2026, 11, 20) and new.municipality_id == members[0].municipality_id
    assert demo_store.drafts() == []


async def test_discard_at_start_asks_then_deletes_and_later_keeps(demo_store,
                                                                 demo_network) -> None:
    await _type_a_new_meeting(demo_store, demo_network, "Første utkast")
    demo_store.save_draft(None, kind="gathering", record_id=None, network_id=demo_network.id,
                          snapshot={"title": "Samling om økonomiplan", "notes": "Husk rom"})
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DraftsScreen)
        assert [r[1] for r in _rows(dialog)] == ["Ny samling", "Nytt kommunemøte"]
        await pilot.press("d")
        await settle(pilot)
        assert "Forkaste utkastet?" in str(app.screen.query_one("#question").render())
        await pilot.press("n")  # no: kept
        await settle(pilot)
        assert len(demo_store.drafts()) == 2 and app.screen is dialog
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert app.screen is dialog
        assert [r[1] for r in _rows(dialog)] == ["Nytt kommunemøte"]
        await pilot.press("escape")  # later
        await settle(pilot)
        assert isinstance(app.screen, NetworksScreen)
    [left] = demo_store.drafts()
    assert left.kind == "meeting"
    app = make_app(demo_store)  # offered again at the next start
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DraftsScreen)


@pytest.fixture
def oslo_time(monkeypatch: pytest.MonkeyPatch):
    """Local time is Norway's, whatever the machine's (the dialog shows local times)."""
    monkeypatch.setenv("TZ", "Europe/Oslo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _fixed_store(path: Path, moment: datetime) -> Store:
    return Store(path, auto_backup=False, now=lambda: moment)


def _sample_drafts(demo_path: Path, network) -> None:
    """An edit of a meeting (today, 14:32 in Oslo) and a new gathering (two days ago)."""
    with _fixed_store(demo_path, datetime(2026, 11, 20, 8, 5, tzinfo=UTC)) as old:
        old.save_draft(None, kind="gathering", record_id=None, network_id=network.id,
                       snapshot={"seq": "7", "title": "Samling om økonomiplanen",
                                 "kind": "nettverkssamling", "date": "12.03.2027",
                                 "place": "Sortland", "notes": "Be om tall fra KOSTRA."})
    with _fixed_store(demo_path, datetime(2026, 11, 22, 13, 32, tzinfo=UTC)) as now:
        meeting = now.list_meetings(network.id)[0]
        listed = {p.id for p in now.list_participants(network.id)}
        from facilitator.screens.meeting_form import meeting_values

        values = meeting_values(meeting, listed)
        values["place"] = "Biblioteket, møterom 2"
        values["summary"] = ("Gjennomgang av budsjettet for 2027 med formannskapet, "
                             "og en lang diskusjon om eiendomsskatt.")
        now.save_draft(None, kind="meeting", record_id=meeting.id, network_id=network.id,
                       snapshot=values)


def test_drafts_dialog_snapshot(snap_compare, demo_path, demo_network, oslo_time) -> None:
    _sample_drafts(demo_path, demo_network)
    with Store(demo_path, auto_backup=False) as store:
        assert snap_compare(make_app(store), terminal_size=(80, 24), run_before=settle)
