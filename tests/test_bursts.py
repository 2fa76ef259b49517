"""Keys typed fast are handled in order: every form and every screen change, sent as one
burst (all keys queued at once, as a terminal delivers a fast typist's keys), from the
app's real start where it makes sense, checked against the database rows.

"From the start" is the command line's path: the first screen is painted from rows read
before the store is open (`quick_network_rows`), and the store opens after; keys typed
meanwhile wait for it. Each test also checks that no key was given up on the way and no
hold ran out of time (a lost key, or a wait that only a timeout ended).
"""

from __future__ import annotations

import sqlite3
import time
from datetime import date
from pathlib import Path

from textual.widgets import Input

from facilitator.domain import norwegian_key
from facilitator.storage.first_screen import quick_network_rows
from facilitator.store import Store
from tests.conftest import TODAY, burst, make_app, settle

NETWORK = "ROBEK-nettverk Nord"


def started(path: Path, lang: str = "nb"):
    """The app as `facilitator --db PATH` starts it: first rows before the store."""
    rows = quick_network_rows(path, TODAY)
    assert rows, "the fast path applies to the demo file"
    return make_app(target=path, first_rows=rows, lang=lang)


def record_screens(app) -> list[tuple[str, str]]:
    """(key, the screen it was handed to), for every key the app dispatches."""
    seen: list[tuple[str, str]] = []
    dispatch = app._dispatch_key

    async def recording(event):
        seen.append((event.key, type(app.screen).__name__))
        await dispatch(event)

    app._dispatch_key = recording
    return seen


def in_order(app) -> None:
    assert app.keys_given_up == 0, "a key lost its way"
    assert getattr(app, "holds_given_up", 0) == 0, "keys waited until a timeout"


async def run(path: Path, *keys: str, lang: str = "nb"):
    """Start the app, type `keys` in one burst right away, wait until all is handled.
    Returns the app (closed) and the screens the keys went to."""
    app = started(path, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = record_screens(app)
        burst(app, *keys)
        await settle(pilot)
        final = type(app.screen).__name__
        in_order(app)
    return app, seen, final


def opened(path: Path) -> Store:
    return Store(path, auto_backup=False)


def network(store: Store):
    return store.networks.find(NETWORK)


def gathering(store: Store, seq: int):
    return next(g for g in store.gatherings.list(network(store).id) if g.seq == seq)


def answers(store: Store, gathering_id: str) -> list[tuple]:
    questions = store.questions.freeze(gathering_id)
    out = []
    for r in store.evaluations.list(gathering_id):
        out.append(tuple(None if r.answers[q.id].skipped else
                         (r.answers[q.id].text if q.kind == "text" else r.answers[q.id].score)
                         for q in questions))
    return out


# ---------------------------------------------------------------------- screen changes


async def test_every_screen_by_its_key_and_back(demo_path) -> None:
    """Network list → overview → each sub-screen by its key → back with Escape, all in
    one burst from the start: each key reaches the screen it was typed for."""
    tour = ["m", "s", "h", "k", "t", "p", "x", "r", "v"]
    keys = ["enter"]
    for key in tour:
        keys += [key, "escape"]
    keys += ["escape"]
    _app, seen, final = await run(demo_path, *keys)
    expected = [("enter", "NetworksScreen")]
    names = {"m": "MembersScreen", "s": "GatheringsScreen", "h": "HomeWorkScreen",
             "k": "MeetingsScreen", "t": "ThemeMatrixScreen", "p": "QuestionsScreen",
             "x": "ExportScreen", "r": "NetworkForm", "v": "EvaluationScreen"}
    for key in tour:
        expected += [(key, "OverviewScreen"), ("escape", names[key])]
    expected += [("escape", "OverviewScreen")]
    assert seen == expected
    assert final == "NetworksScreen"


async def test_enter_v_right_after_start_up_evaluates(demo_path) -> None:
    """'Enter v j 5 4 Enter' typed as the first screen appears: the Enter came before
    the store was open, the overview had nothing to evaluate, and the v was dropped."""
    with opened(demo_path) as s:
        g4 = gathering(s, 4)
        before = answers(s, g4.id)
    _app, seen, final = await run(demo_path, "enter", "v", "j", "5", "4", "enter")
    assert [screen for _key, screen in seen[:2]] == ["NetworksScreen", "OverviewScreen"]
    assert final == "EvaluationScreen"
    with opened(demo_path) as s:
        after = answers(s, g4.id)
    assert len(after) == len(before) + 1
    assert (1, 5, 4, None) in after


async def test_two_typed_responses_and_back_in_english(demo_path) -> None:
    with opened(demo_path) as s:
        before = len(answers(s, gathering(s, 4).id))
    _app, _seen, final = await run(demo_path, "enter", "s", "up", "v",
                                   "y", "6", "6", "enter", "n", "-", "2", *"Too long",
                                   "enter", "escape", "escape", lang="en")
    assert final == "OverviewScreen"
    with opened(demo_path) as s:
        after = answers(s, gathering(s, 4).id)
    assert len(after) == before + 2
    assert after[-2:] == [(1, 6, 6, None), (0, None, 2, "Too long")]


# ---------------------------------------------------------------------- forms


async def test_network_form(demo_path) -> None:
    _app, _seen, final = await run(demo_path, "n", *"Nettverk Sør", "tab", *"01.01.2027",
                                   "tab", *"31.12.2027", "tab", *"Agder", "ctrl+s")
    assert final == "NetworksScreen"
    with opened(demo_path) as s:
        net = s.networks.find("Nettverk Sør")
    assert net is not None
    assert (net.start_date, net.end_date, net.county) == (
        date(2027, 1, 1), date(2027, 12, 31), "Agder")


async def test_network_edited_from_the_overview(demo_path) -> None:
    _app, _seen, final = await run(demo_path, "enter", "r", "end", *" 2", "ctrl+s",
                                   "escape")
    assert final == "NetworksScreen"
    with opened(demo_path) as s:
        assert s.networks.find(NETWORK + " 2") is not None


async def test_municipalities_picked_from_the_start(demo_path) -> None:
    _app, _seen, final = await run(demo_path, "enter", "m", "a", *"alta", "enter",
                                   *"tromso", "enter", *"1804", "enter", "escape")
    assert final == "MembersScreen"
    with opened(demo_path) as s:
        names = {m.name for m in s.members.list(network(s).id)}
    assert {"Alta", "Tromsø", "Bodø"} <= names


async def test_membership_form(demo_path) -> None:
    """Enter on the first municipality: its cohort and the date it joined."""
    with opened(demo_path) as s:
        first = sorted(s.members.list(network(s).id), key=lambda m: norwegian_key(m.name))[0]
    _app, _seen, final = await run(demo_path, "enter", "m", "enter", "ctrl+u", *"Pulje 2",
                                   "tab", *"01.02.2026", "ctrl+s")
    assert final == "MembersScreen"
    with opened(demo_path) as s:
        [member] = [m for m in s.members.list(network(s).id)
                    if m.municipality_id == first.municipality_id]
    assert (member.cohort, member.joined_on) == ("Pulje 2", date(2026, 2, 1))


async def test_participant_form(demo_path) -> None:
    """The person form on the first municipality: name, role from the drop-down
    (Enter, t for Tjenesteleder, Enter), e-mail, saved with ctrl+s."""
    with opened(demo_path) as s:
        first = sorted(s.members.list(network(s).id), key=lambda m: norwegian_key(m.name))[0]
    _app, _seen, final = await run(demo_path, "enter", "m", "n", *"Kari Nordmann", "tab",
                                   "enter", "t", "enter", "tab", *"kari@example.no",
                                   "ctrl+s")
    assert final == "MembersScreen"
    with opened(demo_path) as s:
        kari = [p for p in s.members.participants(network(s).id) if p.name == "Kari Nordmann"]
    assert [(p.role, p.email, p.municipality_id) for p in kari] == [
        ("tjenesteleder", "kari@example.no", first.municipality_id)]


async def test_gathering_form_with_a_theme_ticked(demo_path) -> None:
    """'place, Tab, Down Space, ctrl+s' at a fast typist's pace saved no theme: space
    ticks the option by a message to the list, and ctrl+s (a priority key) ran first."""
    with opened(demo_path) as s:
        themes = sorted(s.gatherings.themes(network(s).id), key=lambda th: norwegian_key(th.name))
    _app, _seen, final = await run(
        demo_path, "enter", "s", "n", "tab", *"Vårsamling", "tab", "tab", *"01.06.2027",
        "tab", "tab", *"Bodø", "tab", "down", "space", "ctrl+s")
    assert final == "GatheringsScreen"
    with opened(demo_path) as s:
        g = gathering(s, 7)
        ticked = s.gatherings.theme_ids(g.id)
    assert (g.title, g.date, g.place) == ("Vårsamling", date(2027, 6, 1), "Bodø")
    assert ticked == [themes[1].id]


async def test_gathering_form_of_a_network_without_themes(db_path) -> None:
    """Tab from 'Sted' went into the empty, zero-high theme list, where the next text
    went nowhere: the empty list is no tab stop, so the new theme's name lands in its
    field and is added and ticked on saving."""
    with Store(db_path, auto_backup=False) as s:
        net = s.networks.create("Uten tema")
        nid = net.id
    _app, _seen, final = await run(db_path, "enter", "s", "n", "tab", "tab", "tab",
                                   *"01.06.2027", "tab", "tab", *"Bodø", "tab",
                                   *"Sykefravær", "ctrl+s")
    assert final == "GatheringsScreen"
    with Store(db_path, auto_backup=False) as s:
        [g] = s.gatherings.list(nid)
        themes = {th.id: th.name for th in s.gatherings.themes(nid)}
        assert (g.place, [themes[tid] for tid in s.gatherings.theme_ids(g.id)]) == (
            "Bodø", ["Sykefravær"])


async def test_homework_form(demo_path) -> None:
    """The new home-work form opens in its first field (the title), given at the
    latest held gathering."""
    with opened(demo_path) as s:
        before = {a.id for a in s.homework.list(network(s).id)}
    _app, _seen, final = await run(demo_path, "enter", "h", "n", *"Lese rapporten", "tab",
                                   "tab", *"15.12.2026", "ctrl+s")
    assert final == "HomeWorkScreen"
    with opened(demo_path) as s:
        [new] = [a for a in s.homework.list(network(s).id) if a.id not in before]
        assert (new.title, new.due_date, new.gathering_id) == (
            "Lese rapporten", date(2026, 12, 15), gathering(s, 4).id)


async def test_meeting_form(demo_path) -> None:
    """The whole meeting form in one burst: the municipality's people appear once it is
    chosen, and Tab right after goes into them, not past them."""
    with opened(demo_path) as s:
        nid = network(s).id
        hadsel = next(m for m in s.members.list(nid) if m.name == "Hadsel")
        before = {m.id for m in s.meetings.list(nid)}
    _app, _seen, final = await run(
        demo_path, "enter", "k", "n",
        "enter", "down", "down", "down", "enter",  # Andøy, Bø, Hadsel
        "tab", *"14.11.2026",
        "tab", "enter", "down", "enter",  # Kommunemøte → Kommunebesøk
        "tab", *"Rådhuset",
        "tab", "space",  # the press came
        "tab", "space", "down", "space",  # Geir Aas, Marit Ellingsen
        "tab", "tab", "tab", "7",  # politicians
        *["tab"] * 8,  # past the other counts, on to the themes
        "space",
        "tab", *"Budsjett", "enter", *"2027",
        "tab", *"Vedtak", "tab", *"Referat", "ctrl+s")
    assert final == "MeetingsScreen"
    with opened(demo_path) as s:
        [m] = [m for m in s.meetings.list(nid) if m.id not in before]
        names = {p.id: p.name for p in s.members.participants(nid, include_inactive=True)}
        themes = sorted(s.gatherings.themes(nid), key=lambda th: norwegian_key(th.name))
    assert (m.municipality_id, m.date, m.kind, m.place, m.press_present) == (
        hadsel.municipality_id, date(2026, 11, 14), "kommunebesok", "Rådhuset", True)
    assert sorted(names[pid] for pid in m.participant_ids) == ["Geir Aas", "Marit Ellingsen"]
    assert m.headcounts == {"politiker": 7}
    assert list(m.theme_ids) == [themes[0].id]
    assert (m.summary, m.decisions, m.follow_ups) == ("Budsjett\n2027", "Vedtak", "Referat")


async def test_two_meetings_deleted_in_a_burst(demo_path, monkeypatch) -> None:
    """Delete, yes, Delete, yes: the second Delete acts on the list as it is after the
    first (it acted on the row just deleted, still shown while the slow disk wrote)."""
    from facilitator.storage.meetings import Meetings

    delete = Meetings.delete

    def slow_delete(self, meeting_id):
        time.sleep(0.3)  # a slow disk: the list is reloaded only after this
        return delete(self, meeting_id)

    monkeypatch.setattr(Meetings, "delete", slow_delete)
    with opened(demo_path) as s:
        nid = network(s).id
        first_two = sorted(s.meetings.list(nid),
                           key=lambda m: (m.date, norwegian_key(m.municipality)))[:2]
        count = len(s.meetings.list(nid))
    _app, _seen, final = await run(demo_path, "enter", "k", "delete", "j", "delete", "j")
    assert final == "MeetingsScreen"
    with opened(demo_path) as s:
        left = {m.id for m in s.meetings.list(nid)}
    assert len(left) == count - 2
    assert not left & {m.id for m in first_two}


async def test_question_form(demo_path) -> None:
    with opened(demo_path) as s:
        before = {q.id for q in s.questions.list(network(s).id)}
    _app, _seen, final = await run(demo_path, "enter", "p", "n", *"Var lokalet egnet?",
                                   "tab", *"Was the venue suitable?", "tab",
                                   "enter", "down", "enter", "ctrl+s")
    assert final == "QuestionsScreen"
    with opened(demo_path) as s:
        [q] = [q for q in s.questions.list(network(s).id) if q.id not in before]
    assert (q.text_nb, q.text_en, q.kind) == ("Var lokalet egnet?",
                                              "Was the venue suitable?", "yes_no")


async def test_attendance(demo_path) -> None:
    """Gathering 4 (held): space ticks the first person off, down, space the second."""
    with opened(demo_path) as s:
        g4 = gathering(s, 4)
        before = s.gatherings.attendance(g4.id)
    _app, _seen, final = await run(demo_path, "enter", "s", "up", "a", "space", "down",
                                  "space", "escape")
    assert final == "GatheringsScreen"
    with opened(demo_path) as s:
        after = s.gatherings.attendance(g4.id)
    changed = {pid for pid in after if after[pid] != before.get(pid, False)}
    assert len(changed) == 2


async def test_home_work_statuses_and_a_note(demo_path) -> None:
    """In the grid at the current cycle: 3 (delivered) on the first municipality, down,
    4 (reviewed), o and a note saved with ctrl+s."""
    app = started(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "enter", "h", "home", "3", "down", "4", "o", *"Levert på e-post",
              "ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "HomeWorkScreen"
        column = screen.query_one("#homework-table").cursor_column
        work = screen.homework[column]
        first, second = screen.members[0], screen.members[1]
        in_order(app)
    with opened(demo_path) as s:
        cells = s.homework.statuses(network(s).id)
    one = cells[(work.id, first.municipality_id)]
    two = cells[(work.id, second.municipality_id)]
    assert (one.status, two.status, two.note) == ("delivered", "reviewed", "Levert på e-post")


async def test_kiosk_pin_and_a_participant(demo_path) -> None:
    """k on the next gathering (not held: asked first), the PIN twice, and the first
    participant's answers, all typed at once."""
    with opened(demo_path) as s:
        g5 = gathering(s, 5)
    _app, _seen, final = await run(demo_path, "enter", "s", "k", "j",
                                   *"2468", "tab", *"2468", "enter",
                                   "n", "3", "2", *"Godt", "tab", "enter")
    assert final == "KioskScreen"
    with opened(demo_path) as s:
        assert answers(s, g5.id) == [(0, 3, 2, "Godt")]


async def test_every_form_opens_in_its_first_field(demo_store, demo_network) -> None:
    """A form opens with the cursor in the first field on screen (the home-work
    form had it in its second, the title)."""
    from facilitator.screens.form import FieldBox
    from facilitator.screens.gathering_form import GatheringForm
    from facilitator.screens.homework_form import HomeWorkForm
    from facilitator.screens.meeting_form import MeetingForm
    from facilitator.screens.network_form import NetworkForm
    from facilitator.screens.participant_form import ParticipantForm

    nid = demo_network.id
    members = demo_store.members.list(nid)
    forms = [lambda: NetworkForm(), lambda: NetworkForm(nid), lambda: GatheringForm(nid),
             lambda: HomeWorkForm(nid), lambda: MeetingForm(nid),
             lambda: ParticipantForm(nid, members, municipality_id=members[0].municipality_id)]
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for make in forms:
            form = make()
            app.push_screen(form)
            await settle(pilot)
            shown = [box for box in form.query(FieldBox) if box.display and box.region.height]
            top = min(shown, key=lambda box: (box.region.y, box.region.x))
            assert app.focused is top.widget, type(form).__name__
            form.dismiss(None)
            await settle(pilot)


async def test_typed_text_lands_whole_in_a_form_opened_by_the_key_before(demo_path) -> None:
    """'n' then a name at once, from the start: the first letters waited for the form
    (and the form for the store)."""
    app = started(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "n", *"Xyz")
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "Xyz"
        in_order(app)


def test_the_demo_has_what_these_tests_use(demo_path) -> None:
    """The sequences above rely on the demo: gathering 4 held and 5 next, seven members,
    meetings, several themes (a guard, so a changed demo fails here first)."""
    conn = sqlite3.connect(demo_path)
    try:
        assert conn.execute("select count(*) from network").fetchone() == (1,)
    finally:
        conn.close()
    with opened(demo_path) as s:
        nid = network(s).id
        assert gathering(s, 4).date <= TODAY < gathering(s, 5).date
        assert len(s.members.list(nid)) == 7
        assert len(s.meetings.list(nid)) >= 2
        assert len(s.gatherings.themes(nid)) >= 2


async def test_letters_typed_as_a_form_opens_count_as_changes(demo_path) -> None:
    """'n Xyz Escape' at once: the form marked what it was loaded with after the first
    letters had arrived, so they counted as loaded, and Escape left without asking:
    the text was lost. Now Escape asks."""
    app = started(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "n", *"Xyz", "escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")  # no: back to the form, the text kept
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "Xyz"
        in_order(app)
    app = started(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        burst(app, "enter", "h", "n", *"Lese", "escape")  # a form that reads first
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        in_order(app)
