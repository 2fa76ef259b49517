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

from facilitator.errors import ValidationError
from facilitator.screens.drafts import DraftsScreen
from facilitator.screens.form_drafts import DRAFT_WITHIN
from facilitator.screens.meeting_form import MeetingForm
from facilitator.screens.networks import NetworksScreen
from facilitator.store import Store
from facilitator.text import clean
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


def _line(field) -> str:
    """The text line of a field (an Input) as the screen paints it."""
    region = field.content_region
    lines = [strip.text for strip in field.screen._compositor.render_strips()]
    return lines[region.y][region.x:region.right].strip()


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
    first = demo_store.drafts.save(None, kind="meeting", record_id=None,
                                   network_id=demo_network.id, snapshot={"summary": "Ett"})
    again = demo_store.drafts.save(first.id, kind="meeting", record_id=None,
                                   network_id=demo_network.id, snapshot={"summary": "Ett to"})
    assert again.id == first.id and again.created_at == first.created_at
    other = demo_store.drafts.save(None, kind="network", record_id=None, network_id=None,
                                   snapshot={"name": "Nytt"})
    found = demo_store.drafts.list()
    assert [d.id for d in found] == [other.id, first.id]  # the newest first
    assert found[1].snapshot == {"summary": "Ett to"}
    assert found[1].network_name == demo_network.name and found[0].network_name is None
    demo_store.drafts.discard(first.id)
    demo_store.drafts.discard(first.id)  # gone already: nothing happens
    assert [d.id for d in demo_store.drafts.list()] == [other.id]
    assert demo_store.drafts.get(first.id) is None


def test_erasing_a_person_deletes_the_drafts_that_name_them(demo_store, demo_network) -> None:
    nid = demo_network.id
    person = next(p for p in demo_store.members.participants(nid) if p.email)
    other = next(p for p in demo_store.members.participants(nid)
                 if p.id != person.id and p.name.split()[0] != person.name.split()[0])
    first_name = person.name.split()[0]
    keep = [
        demo_store.drafts.save(None, kind="meeting", record_id=None, network_id=nid,
                               snapshot={"summary": f"{other.name} la fram saken."}),
        # a name inside a longer word is not the name ("Ola" is not in "Olav")
        demo_store.drafts.save(None, kind="meeting", record_id=None, network_id=nid,
                               snapshot={"summary": f"{person.name}sen og {first_name}x"}),
    ]
    gone = [
        demo_store.drafts.save(None, kind="participant", record_id=person.id, network_id=nid,
                               snapshot={"name": person.name + " (ny rolle)"}),
        demo_store.drafts.save(None, kind="meeting", record_id=None, network_id=nid,
                               snapshot={"participant_ids": [other.id, person.id]}),
        demo_store.drafts.save(None, kind="meeting", record_id=None, network_id=nid,
                               snapshot={"summary": f"Referat: {person.name.upper()} "
                                                    "ba om ordet."}),
        demo_store.drafts.save(None, kind="network", record_id=None, network_id=None,
                               snapshot={"contact_emails": f"a@b.no, {person.email}"}),
    ]
    secret = "Hemmelig utkast om " + person.name
    gone.append(demo_store.drafts.save(gone[2].id, kind="meeting", record_id=None,
                                       network_id=nid, snapshot={"decisions": secret}))
    demo_store.members.erase_participant(person.id)
    assert sorted(d.id for d in demo_store.drafts.list()) == sorted(d.id for d in keep)
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
        for step in range(300):  # ten minutes: a key every two seconds, never a pause
            key = text[step % len(text)]
            await pilot.press(key)
            typed += key
            history.append((clock.now, typed))
            for _ in range(4):
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
            clock[0] += 2
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
        assert store.files.check() == []
        [draft] = store.drafts.list()
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
    assert len(demo_store.drafts.list()) == 1


def _rows(screen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_restore_at_start_fills_the_form_and_saving_deletes_the_draft(
        demo_store, demo_network) -> None:
    await _type_a_new_meeting(demo_store, demo_network, "Gode innspill fra [b]rådmannen[/b]")
    before = len(demo_store.meetings.list(demo_network.id))
    members = demo_store.members.list(demo_network.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DraftsScreen)
        [row] = _rows(dialog)
        assert row[1:] == ["Nytt kommunemøte", clean(demo_network.name, limit=14),
                           f"{members[0].name} 20.11.2026"]
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
    meetings = demo_store.meetings.list(demo_network.id)
    assert len(meetings) == before + 1
    [new] = [m for m in meetings if m.summary.startswith("Gode innspill")]
    assert new.date == date(2026, 11, 20) and new.municipality_id == members[0].municipality_id
    assert demo_store.drafts.list() == []


async def test_discard_at_start_asks_then_deletes_and_later_keeps(demo_store,
                                                                 demo_network) -> None:
    await _type_a_new_meeting(demo_store, demo_network, "Første utkast")
    demo_store.drafts.save(None, kind="gathering", record_id=None, network_id=demo_network.id,
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
        assert len(demo_store.drafts.list()) == 2 and app.screen is dialog
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert app.screen is dialog
        assert [r[1] for r in _rows(dialog)] == ["Nytt kommunemøte"]
        await pilot.press("escape")  # later
        await settle(pilot)
        assert isinstance(app.screen, NetworksScreen)
    [left] = demo_store.drafts.list()
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
        old.drafts.save(None, kind="gathering", record_id=None, network_id=network.id,
                        snapshot={"seq": "7", "title": "Samling om økonomiplanen",
                                  "kind": "nettverkssamling", "date": "12.03.2027",
                                  "place": "Sortland", "notes": "Be om tall fra KOSTRA."})
    with _fixed_store(demo_path, datetime(2026, 11, 22, 13, 32, tzinfo=UTC)) as now:
        meeting = now.meetings.list(network.id)[0]
        listed = {p.id for p in now.members.participants(network.id)}
        from facilitator.screens.meeting_form import meeting_values

        values = meeting_values(meeting, listed)
        values["place"] = "Biblioteket, møterom 2"
        values["summary"] = ("Gjennomgang av budsjettet for 2027 med formannskapet, "
                             "og en lang diskusjon om eiendomsskatt.")
        now.drafts.save(None, kind="meeting", record_id=meeting.id, network_id=network.id,
                        snapshot=values)


def test_drafts_dialog_snapshot(snap_compare, demo_path, demo_network, oslo_time) -> None:
    _sample_drafts(demo_path, demo_network)
    with Store(demo_path, auto_backup=False) as store:
        assert snap_compare(make_app(store), terminal_size=(80, 24), run_before=settle)


async def test_an_edit_is_offered_beside_the_record_and_escape_discards_it(
        demo_store, demo_network) -> None:
    meeting = demo_store.meetings.list(demo_network.id)[0]
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _meeting_form(pilot, demo_network.id, meeting.id)
        form.query_one("#place", Input).focus()
        await pilot.press("end", "ctrl+u", *"Biblioteket")
        area = form.query_one("#decisions", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("enter", *"Vedtatt enstemmig.")
        await settle(pilot)
    [draft] = demo_store.drafts.list()
    assert draft.record_id == meeting.id
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DraftsScreen)
        assert _rows(dialog)[0][1] == "Endret kommunemøte"
        detail = _shown(dialog.query_one("#drafts-detail"))
        lines = detail.splitlines()
        assert any("Lagret nå" in line and "I utkastet" in line for line in lines)
        place = next(line for line in lines if line.startswith("Sted"))
        assert clean(meeting.place, limit=28) in place and "Biblioteket" in place
        assert any(line.startswith("Vedtak") and "⏎ Vedtatt" in line
                   for line in lines)
        assert not any(line.startswith("Oppsummering") for line in lines)  # the same
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MeetingForm) and form.meeting_id == meeting.id
        assert form.query_one("#place", Input).value == "Biblioteket"
        assert form.query_one("#decisions", TextArea).text.endswith("\nVedtatt enstemmig.")
        await pilot.press("escape")  # changed: asks
        await settle(pilot)
        assert "Forkaste" in str(app.screen.query_one("#question").render())
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, NetworksScreen)
    assert demo_store.drafts.list() == []
    again = next(m for m in demo_store.meetings.list(demo_network.id) if m.id == meeting.id)
    assert again == meeting  # the record as it was


async def test_a_draft_of_a_deleted_record_is_restored_as_a_new_one(
        demo_store, demo_network) -> None:
    from facilitator.screens.gathering_form import GatheringForm

    last = demo_store.gatherings.list(demo_network.id)[-1]
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(GatheringForm(demo_network.id, last.id))
        await settle(pilot)
        app.screen.query_one("#title", Input).focus()
        await pilot.press("end", "ctrl+u", *"Avslutning og veien videre", "tab")
        await settle(pilot)
    demo_store.gatherings.delete(last.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DraftsScreen)
        assert "er slettet" in _shown(dialog.query_one("#drafts-detail"))
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GatheringForm) and form.gathering_id is None
        assert str(form.query_one(".title").render()) == "Ny samling"
        assert form.query_one("#title", Input).value == "Avslutning og veien videre"
        await pilot.press("ctrl+s")
        await settle(pilot)
    [new] = [g for g in demo_store.gatherings.list(demo_network.id) if g.seq == last.seq]
    assert new.id != last.id and new.title == "Avslutning og veien videre"
    assert new.date == last.date and new.place == last.place
    assert demo_store.drafts.list() == []


async def test_a_draft_whose_network_is_gone_can_only_be_discarded(demo_store,
                                                                 demo_network) -> None:
    other = demo_store.networks.create("Nettverk som slettes")
    demo_store.drafts.save(None, kind="meeting", record_id=None, network_id=other.id,
                           snapshot={"summary": "Ting som ble sagt"})
    demo_store.networks.delete(other.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = app.screen
        assert "Nettverket utkastet hører til, er slettet" in _shown(
            dialog.query_one("#drafts-detail"))
        await pilot.press("enter")  # cannot be restored: says so, stays
        await settle(pilot)
        assert app.screen is dialog
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, NetworksScreen)
    assert demo_store.drafts.list() == []


async def test_escape_discard_deletes_the_draft_of_the_open_form(demo_store, demo_network,
                                                                demo_path) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _meeting_form(pilot, demo_network.id)
        form.query_one("#summary", TextArea).focus()
        await pilot.press(*"Notater fra møtet", "tab")
        await settle(pilot)
        assert len(file_drafts(demo_path)) == 1
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n")  # not discarded: still kept
        await settle(pilot)
        assert len(file_drafts(demo_path)) == 1
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert file_drafts(demo_path) == []
    assert file_drafts(demo_path) == []  # and none written as the app closed


async def test_a_failed_draft_write_is_said_once_and_tried_again(demo_store, demo_network,
                                                                demo_path) -> None:
    from facilitator.errors import StorageError

    clock = FakeClock()
    failures = []
    real = demo_store.drafts.save

    def full_disk(*args, **kwargs):
        if len(failures) < 2:
            failures.append(1)
            raise StorageError("err.disk_full")
        return real(*args, **kwargs)

    demo_store.drafts.save = full_disk
    app = make_app(demo_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _meeting_form(pilot, demo_network.id)
        form.query_one("#summary", TextArea).focus()
        await settle(pilot)
        await pilot.press(*"Første linje")
        for _ in range(10):
            clock.advance(0.5)
            form.tick()
            await settle(pilot, rounds=1)
        assert len(failures) == 1  # one write, and no retry before the next deadline
        note = form.query_one("#draft-note")
        assert note.display
        assert "Utkastet ble ikke lagret (disken er full)" in _shown(note)
        assert app.screen is form and form.query_one("#summary", TextArea).text == "Første linje"
        for _ in range(10):
            clock.advance(0.5)
            form.tick()
            await settle(pilot, rounds=1)
        assert len(failures) == 2 and len(form.query("#draft-note")) == 1  # said once
        for _ in range(10):
            clock.advance(0.5)
            form.tick()
            await settle(pilot, rounds=1)
        assert not note.display  # written at last
        assert file_drafts(demo_path)[0]["summary"] == "Første linje"


# ---------------------------------------------------------------------- which forms


def _all_screens() -> list[type]:
    import importlib
    import pkgutil

    from facilitator import screens

    for info in pkgutil.iter_modules(screens.__path__):
        importlib.import_module(f"facilitator.screens.{info.name}")
    from facilitator.screens.form import FormScreen

    found, todo = [], [FormScreen]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def test_every_form_keeps_a_draft_and_the_dialog_can_open_it() -> None:
    from facilitator.screens.drafts import FORMS, form_class

    forms = _all_screens()
    assert {cls.__name__ for cls in forms} >= {
        "MeetingForm", "GatheringForm", "HomeWorkForm", "ParticipantForm", "MembershipForm",
        "NetworkForm", "QuestionForm", "NoteScreen"}
    for cls in forms:
        assert cls.DRAFT_KIND in FORMS, cls.__name__
        assert form_class(cls.DRAFT_KIND) is cls
        assert set(cls.DRAFT_FIELDS) and cls.DRAFT_SUBJECT, cls.__name__
    assert len(FORMS) == len(forms)


def test_typed_entry_and_the_kiosk_are_no_forms_that_keep_drafts() -> None:
    from facilitator.screens.evaluation import EvaluationScreen
    from facilitator.screens.form_drafts import DraftKeeper
    from facilitator.screens.kiosk import KioskScreen

    for cls in (EvaluationScreen, KioskScreen):
        assert not issubclass(cls, DraftKeeper)


async def test_typed_entry_and_the_kiosk_leave_no_draft(demo_store, demo_network,
                                                      demo_path) -> None:
    from facilitator.screens.evaluation import EvaluationScreen
    from facilitator.screens.kiosk import KioskScreen

    g5 = demo_store.gatherings.list(demo_network.id)[4]
    clock = FakeClock()
    app = make_app(demo_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(EvaluationScreen(g5.id))
        await settle(pilot)
        await pilot.press("j")  # gathering 5 is not held yet: go on
        await settle(pilot)
        await pilot.press("j", "5", "4", *"Svar som ikke er lagret")
        clock.advance(60)
        await pilot.press("tab")
        await settle(pilot)
        app.pop_screen()
        await settle(pilot)
        app.push_screen(KioskScreen(g5.id, "2468"))
        await settle(pilot)
        await pilot.press("j", "5", "4", *"Hemmelig svar fra en deltaker")
        clock.advance(60)
        await settle(pilot)
    assert file_drafts(demo_path) == []
    assert demo_store.drafts.list() == []


# ---------------------------------------------------------------------- never exported


def test_the_export_never_holds_a_draft(demo_store, demo_network, demo_path, tmp_path) -> None:
    import email
    import zipfile

    from facilitator.cli import main

    secret = "UTKAST-7f3a hemmelig formulering"
    demo_store.drafts.save(None, kind="meeting", record_id=None, network_id=demo_network.id,
                           snapshot={"summary": secret, "municipality": None})
    meeting = demo_store.meetings.list(demo_network.id)[0]
    demo_store.drafts.save(None, kind="meeting", record_id=meeting.id,
                           network_id=demo_network.id, snapshot={"decisions": secret})
    out = tmp_path / "out"
    code = main(["export", "--db", str(demo_path), "--network", demo_network.name,
                 "--cycle", "3", "--format", "md,html,xlsx,csv,eml", "--out", str(out),
                 "--names"])
    assert code == 0
    files = [f for f in out.rglob("*") if f.is_file()]
    assert {f.suffix for f in files} >= {".md", ".html", ".xlsx", ".csv", ".eml"}
    for f in files:
        texts = [f.read_bytes().decode("utf-8", "replace")]
        if f.suffix == ".xlsx":
            with zipfile.ZipFile(f) as z:
                texts += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
        if f.suffix == ".eml":
            message = email.message_from_bytes(f.read_bytes())
            for part in message.walk():
                payload = part.get_payload(decode=True)
                if payload:
                    texts.append(payload.decode("utf-8", "replace"))
                    if payload[:2] == b"PK":
                        import io

                        with zipfile.ZipFile(io.BytesIO(payload)) as z:
                            texts += [z.read(n).decode("utf-8", "replace")
                                      for n in z.namelist()]
        assert not any("UTKAST-7f3a" in text for text in texts), f.name
    # and no part of the export reads the table
    package = ROOT / "facilitator"
    for path in [*package.joinpath("export").rglob("*.py"), package / "cycle.py"]:
        source = path.read_text("utf-8")
        assert "drafts(" not in source and "models import Draft" not in source, path.name
        assert "FROM draft" not in source.replace("\n", " "), path.name


# ---------------------------------------------------------------------- how much a field takes


def _nb(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")  # 20 000, as bokmål writes it


async def test_a_paste_or_a_key_beyond_the_limit_is_refused_at_the_field(
        demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _meeting_form(pilot, demo_network.id)
        area = form.query_one("#summary", TextArea)
        area.focus()
        await settle(pilot)
        await pilot.press(*"Kort")
        app.post_message(events.Paste("x" * 200_000))  # the 200,000 of the issue
        await settle(pilot)
        assert area.text == "Kort"
        assert _error(form, "summary") == (
            f"Feltet har plass til høyst {_nb(20_000)} tegn; med det du la til, ville det "
            f"blitt {_nb(200_004)}. Teksten er ikke endret.")
        app.post_message(events.Paste(" og godt"))  # what fits is taken; the message goes
        await settle(pilot)
        assert area.text == "Kort og godt" and _error(form, "summary") == ""
        area.load_text("y" * 20_000)  # at the limit: one more key is refused too
        area.move_cursor(area.document.end)
        await pilot.press("z")
        await settle(pilot)
        assert area.text == "y" * 20_000 and "høyst" in _error(form, "summary")
        await pilot.press("backspace", "z")  # deleting is always possible
        await settle(pilot)
        assert area.text == "y" * 19_999 + "z" and _error(form, "summary") == ""
        # a short field takes much less: the place 200 characters
        place = form.query_one("#place", Input)
        place.focus()
        await settle(pilot)
        app.post_message(events.Paste("Rådhuset " * 30))
        await settle(pilot)
        assert place.value == ""
        assert _error(form, "place").startswith(f"Feltet har plass til høyst {_nb(200)} tegn")
        shown = form.query_one("RowErrors")  # in a row: shown across the row, under it
        assert "høyst 200 tegn" in _shown(shown)
        await pilot.press(*"Rådhuset")
        await settle(pilot)
        assert place.value == "Rådhuset" and _error(form, "place") == ""


def test_the_store_refuses_a_longer_text_by_any_path(demo_store, demo_network) -> None:
    nid = demo_network.id
    member = demo_store.members.list(nid)[0]
    cases = [
        ("summary", lambda: demo_store.meetings.log(nid, member.municipality_id,
                                                   date=date(2026, 11, 20),
                                                   summary="x" * 200_000)),
        ("name", lambda: demo_store.networks.create("N" * 201)),
        ("theme", lambda: demo_store.gatherings.add_theme(nid, "T" * 201)),
        ("notes", lambda: demo_store.gatherings.create(nid, date=date(2027, 5, 5),
                                                      notes="n" * 20_001)),
        ("email", lambda: demo_store.networks.create("Med e-post",
                                                    contact_emails="a@b.no " * 150)),
    ]
    for field, write in cases:
        with pytest.raises(ValidationError) as err:
            write()
        assert err.value.field in (field, "contact_emails"), field
        assert err.value.key == "err.too_long"
    assert "For lang tekst i oppsummeringen: 200\u00a0000 tegn, men høyst 20\u00a0000" in (
        str(ValidationError("summary", "err.too_long", what="oppsummeringen",
                            n=_nb(200_000), max=_nb(20_000))))
    meeting = demo_store.meetings.list(nid)[0]
    with pytest.raises(ValidationError) as err:
        demo_store.meetings.update(meeting.id, decisions="d" * 20_001)
    assert err.value.field == "decisions"
    assert "vedtakene" in err.value.message() and _nb(20_001) in err.value.message()
    g = demo_store.gatherings.list(nid)[4]
    q = next(q for q in demo_store.questions.freeze(g.id) if q.kind == "text")
    with pytest.raises(ValidationError) as err:
        demo_store.evaluations.record(g.id, {q.id: "s" * 20_001})
    assert err.value.field == q.id and "svaret" in err.value.message()
    a = demo_store.homework.list(nid)[0]
    with pytest.raises(ValidationError) as err:
        demo_store.homework.set_status(a.id, member.municipality_id, "delivered",
                                         note="o" * 20_001)
    assert err.value.field == "note"
    # nothing of it was written
    assert meeting in demo_store.meetings.list(nid)
    assert len(demo_store.evaluations.list(g.id)) == 0


def test_a_text_stored_before_the_limits_can_still_be_edited_and_deleted(
        demo_store, demo_network, demo_path) -> None:
    meeting = demo_store.meetings.list(demo_network.id)[0]
    long = "Referat. " * 25_000
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE municipalitymeeting SET summary = ? WHERE id = ?", (long, meeting.id))
    conn.commit()
    conn.close()
    demo_store.meetings.update(meeting.id, place="Biblioteket", summary=long)  # unchanged
    with pytest.raises(ValidationError):
        demo_store.meetings.update(meeting.id, summary=long + "mer")
    demo_store.meetings.delete(meeting.id)
    assert meeting.id not in {m.id for m in demo_store.meetings.list(demo_network.id)}


async def test_a_form_shows_the_stores_refusal_at_the_field(demo_store, demo_network) -> None:
    """A text too long already (stored before the limits): the save says so at the field."""
    meeting = demo_store.meetings.list(demo_network.id)[0]
    conn = sqlite3.connect(demo_store.path)
    conn.execute("UPDATE municipalitymeeting SET decisions = ? WHERE id = ?",
                 ("Vedtak. " * 3_000, meeting.id))
    conn.commit()
    conn.close()
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _meeting_form(pilot, demo_network.id, meeting.id)
        area = form.query_one("#decisions", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*"Enstemmig.")  # longer still: the form refuses the keys
        await settle(pilot)
        assert area.text == "Vedtak. " * 3_000 and "høyst" in _error(form, "decisions")
        await pilot.press("backspace")  # shorter, still too long: the store refuses it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert _error(form, "decisions") == (
            f"For lang tekst i vedtakene: {_nb(23_999)} tegn, men høyst {_nb(20_000)} "
            "er tillatt.")
        assert app.focused is area


def test_an_import_marks_a_comment_beyond_the_limit_as_a_bad_line(
        demo_store, demo_network, demo_path, tmp_path, capsys) -> None:
    from facilitator.cli import main

    g5 = demo_store.gatherings.list(demo_network.id)[4]
    path = tmp_path / "svar.csv"
    path.write_text(
        "Svarte samlingen til forventningene?;Relevante tema;Ny kunnskap;"
        "Hva bør vi gjøre annerledes?\n"
        "Ja;5;4;Mer tid\n"
        f"Nei;3;3;{'x' * 20_001}\n", encoding="utf-8")
    code = main(["import-evaluations", str(path), "--db", str(demo_path), "--network",
                 demo_network.name, "--gathering", str(g5.seq), "--yes"])
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert "linje 3" in out + err and "For lang tekst i svaret" in out + err
    assert "Traceback" not in out + err
    assert demo_store.evaluations.list(g5.id) == []


# ---------------------------------------------------------------------- a field left


async def test_a_field_left_shows_the_start_of_its_text(demo_store, demo_network) -> None:
    from textual.widgets import Input

    from facilitator.screens.gathering_form import GatheringForm

    g = demo_store.gatherings.list(demo_network.id)[0]
    long = "Kommunestyresalen i rådhuset, inngang fra torget, tredje etasje ved heisen"
    demo_store.gatherings.update(g.id, place=long)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(GatheringForm(demo_network.id, g.id))
        await settle(pilot)
        form = app.screen
        place = form.query_one("#place", Input)
        assert place.size.width < len(long)  # the text is wider than the field
        assert _line(place).startswith("Kommunestyresalen")  # filled: the start
        place.focus()
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        assert place.scroll_x > 0 and "heisen" in _line(place)  # typing: the cursor's end
        await pilot.press("tab")  # left: the start again
        await settle(pilot)
        assert place.scroll_x == 0 and _line(place).startswith("Kommunestyresalen")
        assert place.cursor_position == len(long)  # the cursor is where it was
        await pilot.press("shift+tab")  # back: Tab selects it all, the cursor in view
        await settle(pilot)
        assert place.selection == (0, len(long)) and place.scroll_x > 0
        # a value set while the field has no focus shows its start too (here the
        # cursor, left at the old end, is moved to the new one)
        await pilot.press("tab")
        await settle(pilot)
        assert place.cursor_position == len(long) and place.scroll_x == 0
        place.value = long[:-7]
        await settle(pilot)
        assert place.scroll_x == 0 and _line(place).startswith("Kommunestyresalen")


# ---------------------------------------------------------------------- the other forms


async def test_a_home_work_note_keeps_a_draft_deleted_with_the_grids_write(
        demo_store, demo_network, demo_path) -> None:
    from facilitator.screens.homework import HomeWorkScreen
    from facilitator.screens.note_form import NoteScreen

    clock = FakeClock()
    app = make_app(demo_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(HomeWorkScreen(demo_network.id))
        await settle(pilot)
        grid = app.screen
        table = grid.query_one(DataTable)
        await pilot.press(*["left"] * table.cursor_column, "ctrl+home", "home")
        await settle(pilot)
        where = (grid.homework[0].id, grid.members[0].municipality_id)
        await pilot.press("o")
        await settle(pilot)
        note = app.screen
        assert isinstance(note, NoteScreen)
        await pilot.press(*" Ringt rådmannen.")
        clock.advance(DRAFT_WITHIN)
        note.tick()
        await settle(pilot)
        [draft] = file_drafts(demo_path)
        assert draft["form"] == "note" and draft["record_id"] == where[0]
        assert draft["note"].endswith(" Ringt rådmannen.")
        assert draft["municipality_id"] == where[1]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is grid
    row = demo_store.homework.statuses(demo_network.id)[where]
    assert row.note.endswith(" Ringt rådmannen.")
    assert file_drafts(demo_path) == []


async def test_a_note_restored_at_start_is_written_by_its_form(demo_store, demo_network) -> None:
    a = demo_store.homework.list(demo_network.id)[0]
    member = demo_store.members.list(demo_network.id)[1]
    before = demo_store.homework.statuses(demo_network.id).get((a.id, member.municipality_id))
    demo_store.drafts.save(None, kind="note", record_id=a.id, network_id=demo_network.id,
                           snapshot={"note": "Purret på svar",
                                     "municipality_id": member.municipality_id})
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = app.screen
        assert _rows(dialog)[0][1] == "Notat om hjemmearbeid"
        assert member.name in _rows(dialog)[0][3]
        await pilot.press("enter")
        await settle(pilot)
        assert str(app.screen.query_one("#homework-note-title").render()).startswith(
            f"Notat · {member.name}")
        assert app.screen.query_one(TextArea).text == "Purret på svar"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NetworksScreen)
    row = demo_store.homework.statuses(demo_network.id)[(a.id, member.municipality_id)]
    assert row.note == "Purret på svar"
    if before is not None:  # the status and its date stay as they were
        assert (row.status, row.status_date) == (before.status, before.status_date)
    assert demo_store.drafts.list() == []


async def test_a_network_being_edited_keeps_what_is_typed_after_help(demo_store,
                                                                     demo_network) -> None:
    """Back from F1, the form was filled again from the database over the typing."""
    from facilitator.screens.network_form import NetworkForm

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(NetworkForm(demo_network.id))
        await settle(pilot)
        form = app.screen
        await pilot.press(*" (ny)")
        await pilot.press("f1")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#name", Input).value == demo_network.name + " (ny)"


async def test_a_field_that_gets_the_focus_back_shows_its_cursor(demo_store,
                                                                 demo_network) -> None:
    """The first field opens with the cursor after its text; after F1 it is left and
    shows its start, and back in it the cursor (at the end) is in view again."""
    from facilitator.screens.participant_form import ParticipantForm

    person = demo_store.members.participants(demo_network.id)[0]
    long = "Anne-Kristine Bergersen-Strandskogen Haugland Ødegård-Pettersen"
    demo_store.members.update_participant(person.id, name=long)
    person = next(p for p in demo_store.members.participants(demo_network.id) if p.id == person.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ParticipantForm(demo_network.id, demo_store.members.list(
            demo_network.id), person=person))
        await settle(pilot)
        name = app.screen.query_one("#name", Input)
        assert app.focused is name and name.cursor_position == len(long)
        assert name.size.width < len(long) and _line(name).endswith("Pettersen")
        await pilot.press("f1")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is name and name.cursor_position == len(long)
        assert name.selection.is_empty  # the cursor rules: nothing selected
        assert _line(name).endswith("Pettersen")  # the cursor in view


async def test_the_dialog_has_help_the_palette_and_english(demo_store, demo_network) -> None:
    demo_store.drafts.save(None, kind="question", record_id=None, network_id=demo_network.id,
                           snapshot={"text_nb": "Var lokalet godt nok?", "text_en": "",
                                     "kind": "scale"})
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DraftsScreen)
        titles = [c.title for c in app.get_system_commands(dialog)]
        assert {"Gjenopprett", "Forkast", "Senere"} <= set(titles)
        await pilot.press("f1")
        await settle(pilot)
        assert "høyst de siste fem sekundene mangler" in str(
            app.screen.query_one("#help-text").render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialog
        await pilot.press("enter")  # a question form, over the list
        await settle(pilot)
        assert app.screen.query_one("#text_nb", Input).value == "Var lokalet godt nok?"
    app = make_app(demo_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = app.screen
        assert str(dialog.query_one(".title").render()) == "Unsaved forms"
        assert _rows(dialog)[0][1] == "New question"
        assert "Not saved yet" in _shown(dialog.query_one("#drafts-detail"))


async def test_a_form_closed_by_a_change_of_language_is_offered_back(demo_store,
                                                                     demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _meeting_form(pilot, demo_network.id)
        form.query_one("#summary", TextArea).focus()
        await settle(pilot)
        await pilot.press(*"Halvferdig referat")
        app.action_switch_language()  # the command "Språk: English" rebuilds the screens
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, DraftsScreen)
        assert str(dialog.query_one(".title").render()) == "Unsaved forms"
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MeetingForm)
        assert form.query_one("#summary", TextArea).text == "Halvferdig referat"
        assert str(form.query_one(".title").render()) == "New municipality meeting"
