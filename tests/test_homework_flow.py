"""Home work from the keyboard: the status grid, its note editor and the home-work form.

Every flow is driven with keys through Pilot and checked against the rows the store
reads back from the database.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import date

from textual.widgets import DataTable, Input, Select, TextArea

from facilitator.screens.homework import HomeWorkScreen, NoteScreen
from facilitator.screens.homework_form import HomeWorkForm
from tests.conftest import TODAY, make_app, settle

SYMBOL = {"not_started": "·", "in_progress": "◐", "delivered": "✓", "reviewed": "★"}


# ---------------------------------------------------------------------- helpers


async def _grid(pilot, network, *, first_column: bool = True) -> HomeWorkScreen:
    """The grid; it opens on the current cycle's column, and (by default) the arrow
    keys take the cursor to the first column, where most tests here start."""
    await settle(pilot)
    pilot.app.push_screen(HomeWorkScreen(network.id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HomeWorkScreen)
    if first_column:
        table = screen.query_one(DataTable)
        await pilot.press(*["left"] * table.cursor_column)
        await settle(pilot)
        assert table.cursor_coordinate == (0, 0)
    return screen


async def _go(pilot, screen: HomeWorkScreen, municipality: str, column: int) -> str:
    """Move the cursor with the arrow keys to (municipality's row, column); its key."""
    table = screen.query_one(DataTable)
    row = next(i for i, m in enumerate(screen.members) if m.name == municipality)
    await pilot.press("ctrl+home", "home")
    await pilot.press(*["down"] * row, *["right"] * column)
    assert table.cursor_coordinate == (row, column)
    return screen.members[row].municipality_id


def _mid(store, network, name: str) -> str:
    return next(m.municipality_id for m in store.members.list(network.id) if m.name == name)


def _status(store, network, homework_id: str, municipality_id: str):
    """(status, status_date, note) of a cell as the database has it; None: no row."""
    row = store.homework.statuses(network.id).get((homework_id, municipality_id))
    return None if row is None else (row.status, row.status_date, row.note)


def _cell(screen: HomeWorkScreen, municipality_id: str, homework_id: str) -> str:
    table = screen.query_one(DataTable)
    return str(table.get_cell(municipality_id, homework_id)).strip()


async def _go_on(pilot) -> None:
    """Answer yes to "Samling 5 er …: den er ikke holdt ennå. … likevel?"."""
    await settle(pilot)
    assert type(pilot.app.screen).__name__ == "ConfirmScreen"
    await pilot.press("j")
    await settle(pilot)


def _error(form, field: str) -> str:
    box = form.query_one(f"#box-{field}")
    return str(box.query_one(".field-error").render()) if box.has_class("-invalid") else ""


def _notes(app) -> list[str]:
    """Capture the app's notifications."""
    seen: list[str] = []
    notify = app.notify

    def capture(message, *args, **kwargs):
        seen.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = capture
    return seen


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


# ---------------------------------------------------------------------- the grid


async def test_h_opens_the_grid_with_the_demo_statuses(demo_store, demo_network) -> None:
    members = demo_store.members.list(demo_network.id)
    homework = demo_store.homework.list(demo_network.id)
    statuses = demo_store.homework.statuses(demo_network.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the demo network's overview
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeWorkScreen)
        table = screen.query_one(DataTable)
        assert (table.row_count, len(table.columns)) == (7, 4)
        labels = [str(table.rows[key].label) for key in table.rows]
        assert labels[0] == "Andøy" and labels[-1] == "Øksnes"  # Norwegian order
        assert labels == [m.name[:17] + "…" if len(m.name) > 18 else m.name for m in members]
        assert [c.value for c in table.columns] == [a.id for a in homework]
        headers = [str(c.label) for c in table.columns.values()]
        assert headers[0] == "Kartlegging…\nS1 → 07.05"  # cut to 13, no space before …
        assert headers[3].endswith("S4 → 15.12")
        shown = {
            (a.id, m.municipality_id): _cell(screen, m.municipality_id, a.id)
            for a in homework for m in members
        }
        expected = {
            key: SYMBOL[row.status] + ("*" if row.note.strip() else "")
            for key, row in statuses.items()
        }
        assert shown == expected and len(expected) == 28
        hadsel = _mid(demo_store, demo_network, "Hadsel")
        assert shown[(homework[0].id, hadsel)] == "★*"  # the demo's note
        # with or without a note, the symbols of a column line up in its middle
        raw = [str(table.get_cell(m.municipality_id, homework[0].id)) for m in members]
        assert {len(r) - len(r.lstrip()) for r in raw} == {6}
        assert _text(screen, "#homework-title") == "Hjemmearbeid · ROBEK-nettverk Nord"
        # the cursor opens on the current cycle's home work, not March's
        assert _text(screen, "#homework-column") == (
            "Samling 4 (20.10.2026) → frist 15.12.2026: Utkast til forpliktende plan")
        assert table.cursor_coordinate == (0, 3)
        first = statuses[(homework[3].id, members[0].municipality_id)]
        assert _text(screen, "#homework-cell").startswith(
            f"{SYMBOL[first.status]} Andøy: ")
        assert "1 · Ikke startet  2 ◐ Pågår  3 ✓ Levert  4 ★ Gjennomgått  * notat" == \
            _text(screen, "#homework-legend")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "OverviewScreen"


async def test_digits_set_the_status_at_once(demo_store, demo_network) -> None:
    a4 = demo_store.homework.list(demo_network.id)[3]
    andoy = _mid(demo_store, demo_network, "Andøy")
    assert _status(demo_store, demo_network, a4.id, andoy)[0] == "in_progress"
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        await _go(pilot, screen, "Andøy", 3)
        for key, state in [("3", "delivered"), ("4", "reviewed"), ("1", "not_started"),
                           ("2", "in_progress"), ("4", "reviewed")]:
            await pilot.press(key)
            await settle(pilot)
            assert _status(demo_store, demo_network, a4.id, andoy) == (state, TODAY, "")
            assert _cell(screen, andoy, a4.id) == SYMBOL[state]
        assert _text(screen, "#homework-cell") == "★ Andøy: Gjennomgått (satt 22.11.2026)"
        assert screen.query_one(DataTable).cursor_coordinate == (0, 3)  # stays on the cell


async def test_space_cycles_to_the_next_status(demo_store, demo_network) -> None:
    a1 = demo_store.homework.list(demo_network.id)[0]
    hadsel = _mid(demo_store, demo_network, "Hadsel")
    before = _status(demo_store, demo_network, a1.id, hadsel)
    assert before[0] == "reviewed" and before[2] == "Behandlet i formannskapet."
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        await _go(pilot, screen, "Hadsel", 0)
        for state in ["not_started", "in_progress", "delivered", "reviewed", "not_started"]:
            await pilot.press("space")
            await settle(pilot)
            # the note stays with the cell whatever its status
            assert _status(demo_store, demo_network, a1.id, hadsel) == (
                state, TODAY, "Behandlet i formannskapet.")
            assert _cell(screen, hadsel, a1.id) == SYMBOL[state] + "*"


async def test_quick_keys_on_several_cells_keep_their_order(demo_store, demo_network) -> None:
    homework = demo_store.homework.list(demo_network.id)
    members = demo_store.members.list(demo_network.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        # no settling between the keys: the writes queue up behind each other
        await pilot.press("2", "3", "1", "4",  # Andøy × 1: ends reviewed
                          "right", "4", "1", "3",  # Andøy × 2: ends delivered
                          "down", "1", "2", "space",  # Bø × 2: ends delivered
                          "left", "3", "4", "2")  # Bø × 1: ends in progress
        await settle(pilot)
        wanted = {
            (homework[0].id, members[0].municipality_id): "reviewed",
            (homework[1].id, members[0].municipality_id): "delivered",
            (homework[1].id, members[1].municipality_id): "delivered",
            (homework[0].id, members[1].municipality_id): "in_progress",
        }
        for (wid, mid), state in wanted.items():
            assert _status(demo_store, demo_network, wid, mid) == (state, TODAY, "")
            assert _cell(screen, mid, wid) == SYMBOL[state]
        # a reload shows the same as the database
        screen.load()
        await settle(pilot)
        for (wid, mid), state in wanted.items():
            assert _cell(screen, mid, wid) == SYMBOL[state]


async def test_undo_restores_the_previous_status(demo_store, demo_network) -> None:
    a2 = demo_store.homework.list(demo_network.id)[1]
    bo = _mid(demo_store, demo_network, "Bø")
    before = _status(demo_store, demo_network, a2.id, bo)
    assert before[0] == "delivered" and before[1] < TODAY
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = _notes(app)
        screen = await _grid(pilot, demo_network)
        await _go(pilot, screen, "Bø", 1)
        await pilot.press("4", "1")
        await settle(pilot)
        assert _status(demo_store, demo_network, a2.id, bo) == ("not_started", TODAY, "")
        await pilot.press("right")  # undo brings the cursor back to the cell
        await pilot.press("u")
        await settle(pilot)
        assert _status(demo_store, demo_network, a2.id, bo) == ("reviewed", TODAY, "")
        assert screen.query_one(DataTable).cursor_coordinate == (1, 1)
        assert _cell(screen, bo, a2.id) == "★"
        assert seen[-1] == "Angret: Bø er tilbake til «Gjennomgått»."
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert _status(demo_store, demo_network, a2.id, bo) == before  # its old date too
        assert _cell(screen, bo, a2.id) == "✓"
        assert seen[-1] == "Angret: Bø er tilbake til «Levert»."
        await pilot.press("u")
        await settle(pilot)
        assert seen[-1] == "Ingenting å angre."
        assert _status(demo_store, demo_network, a2.id, bo) == before


async def test_undo_removes_a_status_that_was_not_there(demo_store, demo_network) -> None:
    g5, g6 = demo_store.gatherings.list(demo_network.id)[4:]
    fresh = demo_store.homework.give(demo_network.id, g5.id, "Budsjettforslag")
    assert fresh.due_date == g6.date == date(2027, 3, 2)
    oksnes = _mid(demo_store, demo_network, "Øksnes")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = _notes(app)
        screen = await _grid(pilot, demo_network)
        assert [str(c.label).split("\n")[1] for c in screen.query_one(DataTable)
                .columns.values()][-1] == "S5 → 02.03"
        await _go(pilot, screen, "Øksnes", 4)
        assert _cell(screen, oksnes, fresh.id) == "·"  # no row: shown as not started
        assert _status(demo_store, demo_network, fresh.id, oksnes) is None
        await pilot.press("space")
        await _go_on(pilot)  # gathering 5 is not held yet: asked first
        assert _status(demo_store, demo_network, fresh.id, oksnes) == ("in_progress", TODAY, "")
        await pilot.press("u")
        await settle(pilot)
        assert _status(demo_store, demo_network, fresh.id, oksnes) is None
        assert _cell(screen, oksnes, fresh.id) == "·"
        assert _text(screen, "#homework-cell") == "· Øksnes: Ikke startet"
        assert seen[-1] == "Angret: Øksnes er tilbake til «Ikke startet»."
        await pilot.press("1")  # a row that says not started, set today
        await settle(pilot)
        assert _status(demo_store, demo_network, fresh.id, oksnes) == ("not_started", TODAY, "")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert _status(demo_store, demo_network, fresh.id, oksnes) is None


async def test_undo_with_nothing_to_undo_says_so(demo_store, demo_network) -> None:
    before = demo_store.homework.statuses(demo_network.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = _notes(app)
        screen = await _grid(pilot, demo_network)
        await pilot.press("u")
        await settle(pilot)
        assert seen == ["Ingenting å angre."]
        state = before[(screen.homework[0].id, screen.members[0].municipality_id)].status
        await pilot.press(str(["not_started", "in_progress", "delivered", "reviewed"]
                              .index(state) + 1))  # the status it already has: no change
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert seen == ["Ingenting å angre.", "Ingenting å angre."]
    after = demo_store.homework.statuses(demo_network.id)
    assert {k: (r.status, r.status_date, r.note) for k, r in after.items()} == {
        k: (r.status, r.status_date, r.note) for k, r in before.items()}


# ---------------------------------------------------------------------- the note


async def test_o_writes_a_note_saved_with_ctrl_s(demo_store, demo_network) -> None:
    a3 = demo_store.homework.list(demo_network.id)[2]
    malselv = _mid(demo_store, demo_network, "Målselv")
    before = _status(demo_store, demo_network, a3.id, malselv)
    assert before[0] == "delivered" and before[2] == ""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        await _go(pilot, screen, "Målselv", 2)
        assert _cell(screen, malselv, a3.id) == "✓"
        await pilot.press("o")
        await settle(pilot)
        note = app.screen
        assert isinstance(note, NoteScreen)
        assert _text(note, "#homework-note-title") == "Notat · Målselv · Handlingsrom per tjeneste"
        assert app.focused is note.query_one(TextArea)
        await pilot.press(*"Sendt til [bold]rådmann[/]", "enter", *"Mangler KOSTRA 2025")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        text = "Sendt til [bold]rådmann[/]\nMangler KOSTRA 2025"
        # the status and its date stay as they were
        assert _status(demo_store, demo_network, a3.id, malselv) == (
            "delivered", before[1], text)
        assert _cell(screen, malselv, a3.id) == "✓*"
        assert _text(screen, "#homework-cell").endswith(
            " · notat: Sendt til [bold]rådmann[/] ⏎ Mangler KOSTRA 2025")
        await pilot.press("enter")  # Enter opens the note too, with the text in it
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one(TextArea).text == text
        await pilot.press("escape")  # unchanged: leaves without asking
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("o")
        await settle(pilot)
        app.screen.query_one(TextArea).text = ""  # clear the note
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _status(demo_store, demo_network, a3.id, malselv) == ("delivered", before[1], "")
        assert _cell(screen, malselv, a3.id) == "✓"
        await pilot.press("u")  # undo brings the note back
        await settle(pilot)
        assert _status(demo_store, demo_network, a3.id, malselv) == (
            "delivered", before[1], text)
        assert _cell(screen, malselv, a3.id) == "✓*"


async def test_note_on_a_cell_without_status(demo_store, demo_network) -> None:
    g5 = demo_store.gatherings.list(demo_network.id)[4]
    fresh = demo_store.homework.give(demo_network.id, g5.id, "Budsjettforslag")
    bo = _mid(demo_store, demo_network, "Bø")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        await _go(pilot, screen, "Bø", 4)
        await pilot.press("enter")
        await _go_on(pilot)
        assert _text(app.screen, "#homework-note-state") == "· Status: Ikke startet"
        await pilot.press(*"Ringt 20.11", "ctrl+s")
        await settle(pilot)
        assert _status(demo_store, demo_network, fresh.id, bo) == (
            "not_started", TODAY, "Ringt 20.11")
        assert _cell(screen, bo, fresh.id) == "·*"


async def test_escape_on_a_changed_note_asks(demo_store, demo_network) -> None:
    a1 = demo_store.homework.list(demo_network.id)[0]
    hadsel = _mid(demo_store, demo_network, "Hadsel")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        await _go(pilot, screen, "Hadsel", 0)
        await pilot.press("o")
        await settle(pilot)
        note = app.screen
        assert note.query_one(TextArea).text == "Behandlet i formannskapet."
        await pilot.press(*" Vedtatt.")
        await pilot.press("f1")  # the note's help, and back with the text kept
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        assert "Notat for én kommunes status" in _text(app.screen, "#help-text")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is note
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert "Forkaste" in _text(app.screen, "#question")
        await pilot.press("n")  # no: back to the note, text kept
        await settle(pilot)
        assert app.screen is note
        assert note.query_one(TextArea).text == "Behandlet i formannskapet. Vedtatt."
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")  # discard
        await settle(pilot)
        assert app.screen is screen
        assert _cell(screen, hadsel, a1.id) == "★*"
    assert _status(demo_store, demo_network, a1.id, hadsel)[2] == "Behandlet i formannskapet."


# ---------------------------------------------------------------------- giving home work


async def test_new_homework_due_defaults_to_the_next_gathering(demo_store,
                                                                 demo_network) -> None:
    g = demo_store.gatherings.list(demo_network.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HomeWorkForm)
        select = form.query_one("#gathering_id", Select)
        assert select.value == g[3].id  # the latest gathering held by today
        due = form.query_one("#due_date", Input)
        assert due.placeholder == "tom: 15.12.2026 (neste samling)"
        assert app.focused is form.query_one("#title", Input)
        select.focus()
        await pilot.press("enter", "up", "enter")  # given at gathering 3 instead
        await settle(pilot)
        assert select.value == g[2].id
        assert due.placeholder == "tom: 20.10.2026 (neste samling)"
        form.query_one("#title", Input).focus()
        await pilot.press(*"Tiltaksliste")
        form.query_one("#description", TextArea).focus()
        await pilot.press(*"Tre tiltak per tjeneste")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        table = screen.query_one(DataTable)
        assert len(table.columns) == 5
        # by the gathering it was given at: after the other home work from gathering 3
        assert str(list(table.columns.values())[3].label) == "Tiltaksli…\nS3 → 20.10"
        assert table.cursor_coordinate == (0, 3)  # on the new column
        assert _text(screen, "#homework-column") == (
            "Samling 3 (25.08.2026) → frist 20.10.2026: Tiltaksliste")
    made = demo_store.homework.list(demo_network.id)
    assert [a.title for a in made] == [
        "Kartlegging av økonomisk situasjon", "Perspektivanalyse",
        "Handlingsrom per tjeneste", "Tiltaksliste", "Utkast til forpliktende plan"]
    new = made[3]
    assert (new.gathering_id, new.due_date, new.description) == (
        g[2].id, g[3].date, "Tre tiltak per tjeneste")


async def test_new_homework_refuses_bad_input_at_the_field(demo_store, demo_network) -> None:
    g = demo_store.gatherings.list(demo_network.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press("ctrl+s")  # no title
        await settle(pilot)
        assert app.screen is form
        assert _error(form, "title") == "Tittel må fylles ut."
        assert app.focused is form.query_one("#title", Input)
        await pilot.press(*"   ")  # spaces are no title either
        form.query_one("#due_date", Input).focus()
        await pilot.press(*"20.01.2027", "ctrl+s")
        await settle(pilot)
        assert _error(form, "title") == "Tittel må fylles ut."
        assert form.query_one("#due_date", Input).value == "20.01.2027"  # the text is kept
        form.query_one("#title", Input).value = ""
        form.query_one("#title", Input).focus()
        await pilot.press(*"Budsjett 2027")
        due = form.query_one("#due_date", Input)
        due.value = ""
        due.focus()
        await pilot.press(*"31.02.2026", "ctrl+s")
        await settle(pilot)
        assert "31.02.2026" in _error(form, "due_date")
        assert _error(form, "title") == ""
        assert due.value == "31.02.2026" and app.focused is due
        assert form.query_one("#title", Input).value == "Budsjett 2027"
        due.value = ""
        await pilot.press(*"19.10.2026", "ctrl+s")  # before gathering 4 (20.10.2026)
        await settle(pilot)
        assert "20.10.2026" in _error(form, "due_date") and "før" in _error(form, "due_date")
        assert len(demo_store.homework.list(demo_network.id)) == 4
        due.value = ""
        await pilot.press(*"2027-01-15", "ctrl+s")  # yyyy-mm-dd is accepted
        await settle(pilot)
        assert app.screen is screen
    new = demo_store.homework.list(demo_network.id)[-1]
    assert (new.title, new.gathering_id, new.due_date) == (
        "Budsjett 2027", g[3].id, date(2027, 1, 15))


async def test_escape_on_a_changed_form_asks(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press("escape")  # nothing typed: leaves at once
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Halvveis")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("escape")  # no: back to the form, the text kept
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#title", Input).value == "Halvveis"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert app.screen is screen
    assert len(demo_store.homework.list(demo_network.id)) == 4


async def test_e_edits_the_homework_of_the_column(demo_store, demo_network) -> None:
    g = demo_store.gatherings.list(demo_network.id)
    a2 = demo_store.homework.list(demo_network.id)[1]
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        await _go(pilot, screen, "Hadsel", 1)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HomeWorkForm)
        assert form.query_one("#gathering_id", Select).value == g[1].id
        assert form.query_one("#title", Input).value == "Perspektivanalyse"
        assert form.query_one("#due_date", Input).value == "25.08.2026"
        assert form.query_one("#description", TextArea).text == a2.description
        await pilot.press("end", *" 2026")  # the title is selected: end, then type
        due = form.query_one("#due_date", Input)
        due.focus()
        due.value = ""
        await pilot.press(*"01.09.2026", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one(DataTable).cursor_coordinate == (2, 1)  # still on the cell
        assert _text(screen, "#homework-column") == (
            "Samling 2 (07.05.2026) → frist 01.09.2026: Perspektivanalyse 2026")
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#due_date", Input).value = ""  # empty: the next gathering
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    edited = demo_store.homework.list(demo_network.id)[1]
    assert edited.id == a2.id
    assert (edited.title, edited.due_date, edited.gathering_id, edited.description) == (
        "Perspektivanalyse 2026", g[2].date, g[1].id, a2.description)
    # the statuses stay with the home work
    assert sum(1 for wid, _ in demo_store.homework.statuses(demo_network.id)
               if wid == a2.id) == 7


async def test_delete_asks_first_then_soft_deletes(demo_store, demo_network,
                                                   demo_path) -> None:
    a3 = demo_store.homework.list(demo_network.id)[2]
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = _notes(app)
        screen = await _grid(pilot, demo_network)
        bo = await _go(pilot, screen, "Bø", 2)
        await pilot.press("4")  # a change on the column that will go
        await settle(pilot)
        assert _status(demo_store, demo_network, a3.id, bo) == ("reviewed", TODAY, "")
        await pilot.press("delete")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert _text(app.screen, "#question").startswith(
            "Slette hjemmeoppgaven «Handlingsrom per tjeneste»?")
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
        assert len(demo_store.homework.list(demo_network.id)) == 4
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        table = screen.query_one(DataTable)
        assert [c.value for c in table.columns] == [
            a.id for a in demo_store.homework.list(demo_network.id)]
        assert len(table.columns) == 3
        assert table.cursor_coordinate == (1, 2)  # still on Bø, now the next home work
        assert _text(screen, "#homework-column").endswith("Utkast til forpliktende plan")
        assert not any(wid == a3.id for wid, _ in demo_store.homework.statuses(
            demo_network.id))
        await pilot.press("u")  # the deleted column's change is not undone behind the scenes
        await settle(pilot)
        assert seen[-1] == "Ingenting å angre."
    assert a3.id not in [a.id for a in demo_store.homework.list(demo_network.id)]
    with sqlite3.connect(demo_path) as db:  # kept in the file, marked deleted
        deleted_at, title = db.execute("SELECT deleted_at, title FROM homework "
                                       "WHERE id = ?", (a3.id,)).fetchone()
        status = db.execute("SELECT status FROM homeworkstatus WHERE homework_id = ? "
                            "AND municipality_id = ? AND deleted_at IS NULL",
                            (a3.id, bo)).fetchone()
    assert deleted_at is not None and title == "Handlingsrom per tjeneste"
    assert status == ("reviewed",)


async def test_edit_a_homework_whose_gathering_was_deleted(demo_store,
                                                             demo_network) -> None:
    g = demo_store.gatherings.list(demo_network.id)
    a2 = demo_store.homework.list(demo_network.id)[1]
    # Deleting a gathering takes its home work along; a file merged from another
    # laptop may still hold a home work whose gathering is gone.
    conn = sqlite3.connect(demo_store.path)
    conn.execute("UPDATE gathering SET deleted_at = '2026-11-20 10:00:00' WHERE id = ?",
                 (g[1].id,))
    conn.commit()
    conn.close()
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        await _go(pilot, screen, "Bø", 1)
        assert _text(screen, "#homework-column") == (
            "Samling ? (?) → frist 25.08.2026: Perspektivanalyse")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HomeWorkForm)  # the app did not stop
        select = form.query_one("#gathering_id", Select)
        assert select.is_blank() and app.focused is select
        assert _error(form, "gathering_id").startswith("Samlingen oppgaven ble gitt på, er slettet")
        assert form.query_one("#title", Input).value == "Perspektivanalyse"
        await pilot.press("enter", "home", "down", "down", "enter")  # blank, 1, 3
        await settle(pilot)
        assert select.value == g[2].id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    moved = next(a for a in demo_store.homework.list(demo_network.id) if a.id == a2.id)
    assert (moved.gathering_id, moved.due_date) == (g[2].id, date(2026, 8, 25))


async def test_keys_pressed_while_the_grid_reloads_stay_shown(demo_store, demo_network,
                                                              monkeypatch) -> None:
    a4 = demo_store.homework.list(demo_network.id)[3]
    oksnes = _mid(demo_store, demo_network, "Øksnes")
    read = demo_store.homework.statuses

    def slow(network_id):  # a busy machine: the reload reads before the key is saved
        time.sleep(0.3)
        return read(network_id)

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        await _go(pilot, screen, "Øksnes", 3)
        assert _cell(screen, oksnes, a4.id) == "·"
        monkeypatch.setattr(demo_store.homework, "statuses", slow)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("escape")  # back on the grid: it reloads
        await pilot.pause()
        await pilot.press("3", "space")
        await settle(pilot)
        assert _status(demo_store, demo_network, a4.id, oksnes) == ("reviewed", TODAY, "")
        assert _cell(screen, oksnes, a4.id) == "★"
        await pilot.press("u")
        await settle(pilot)
        assert _status(demo_store, demo_network, a4.id, oksnes)[0] == "delivered"
        assert _cell(screen, oksnes, a4.id) == "✓"


# ---------------------------------------------------------------------- text, language, size


async def test_user_text_is_shown_literally(demo_store, demo_network) -> None:
    g5 = demo_store.gatherings.list(demo_network.id)[4]
    title = "[bold]x[/] \x1b[31m 😀"
    odd = demo_store.homework.give(demo_network.id, g5.id, title)
    andoy = _mid(demo_store, demo_network, "Andøy")
    demo_store.homework.set_status(odd.id, andoy, "delivered", note="[red]ok[/] \x1b[0m",
                                     status_date=date(2026, 11, 20))
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        table = screen.query_one(DataTable)
        header = str(list(table.columns.values())[4].label)
        assert header == "[bold]x[/…\nS5 → 02.03"  # cut to the column, not parsed
        assert "[bold]x[/…" in app.export_screenshot()  # painted as typed
        await _go(pilot, screen, "Andøy", 4)
        assert _text(screen, "#homework-column") == (
            "○ Ikke holdt ennå, om 23 dager · "
            "Samling 5 (15.12.2026) → frist 02.03.2027: [bold]x[/] ␛[31m 😀")
        assert _text(screen, "#homework-cell") == (
            "✓ Andøy: Levert (satt 20.11.2026) · notat: [red]ok[/] ␛[0m")
        assert _cell(screen, andoy, odd.id) == "✓*"
        await pilot.press("o")
        await _go_on(pilot)
        assert _text(app.screen, "#homework-note-title") == (
            "Notat · Andøy · [bold]x[/] ␛[31m 😀")
        await pilot.press("escape", "4")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#title", Input).value == title  # edited as typed
        await pilot.press("escape")
        await settle(pilot)
    assert _status(demo_store, demo_network, odd.id, andoy) == (
        "reviewed", TODAY, "[red]ok[/] \x1b[0m")


async def test_gathering_titles_in_the_drop_down_are_literal(demo_store, demo_network) -> None:
    """A gathering titled with stray markup is listed as typed (it once crashed the app)."""
    g5 = demo_store.gatherings.list(demo_network.id)[4]
    demo_store.gatherings.update(g5.id, title="A [/] B [b]fet[/b]")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _grid(pilot, demo_network)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HomeWorkForm)
        form.query_one("#gathering_id", Select).focus()
        await pilot.press("enter")  # the list opens
        await settle(pilot)
        listing = form.query_one("SelectOverlay")
        shown = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert any("A [/] B [b]fet[/b]" in prompt for prompt in shown), shown
        assert app.is_running


async def test_the_grid_in_english(demo_store, demo_network) -> None:
    app = make_app(demo_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        seen = _notes(app)
        screen = await _grid(pilot, demo_network)
        assert _text(screen, "#homework-title") == "Home work · ROBEK-nettverk Nord"
        assert _text(screen, "#homework-column") == (
            "Gathering 1 (05.03.2026) → due 07.05.2026: Kartlegging av økonomisk situasjon")
        assert _text(screen, "#homework-legend") == (
            "1 · Not started  2 ◐ In progress  3 ✓ Delivered  4 ★ Reviewed  * note")
        headers = [str(c.label) for c in screen.query_one(DataTable).columns.values()]
        assert [h.split("\n")[1] for h in headers] == [
            "G1 → 07.05", "G2 → 25.08", "G3 → 20.10", "G4 → 15.12"]
        footer = {key: active.binding.description
                  for key, active in screen.active_bindings.items() if active.binding.show}
        assert (footer["space"], footer["u"], footer["o"], footer["n"], footer["e"]) == (
            "Next status", "Undo", "Note", "New assignment", "Edit")
        await pilot.press("4", "u", "u")  # Andøy × 1 was delivered
        await settle(pilot)
        assert seen[-2:] == ["Undone: Andøy is back to “Delivered”.", "Nothing to undo."]
        await pilot.press("o")
        await settle(pilot)
        assert _text(app.screen, "#homework-note-title") == (
            "Note · Andøy · Kartlegging av økonomisk situasjon")
        await pilot.press("escape", "n")
        await settle(pilot)
        form = app.screen
        assert _text(form, ".title") == "New home assignment"
        assert form.query_one("#due_date", Input).placeholder == (
            "empty: 15.12.2026 (next gathering)")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _error(form, "title") == "Title is required."


async def test_the_grid_uses_a_wide_terminal(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await _grid(pilot, demo_network)
        table = screen.query_one(DataTable)
        assert [c.width for c in table.columns.values()] == [24, 24, 24, 24]
        headers = [str(c.label).split("\n")[0] for c in table.columns.values()]
        assert headers == ["Kartlegging av økonomis…", "Perspektivanalyse",
                           "Handlingsrom per tjenes…", "Utkast til forpliktende…"]
        await _go(pilot, screen, "Øksnes", 3)
        await pilot.press("4")
        await settle(pilot)
        oksnes = _mid(demo_store, demo_network, "Øksnes")
        assert _status(demo_store, demo_network, screen.homework[3].id, oksnes) == (
            "reviewed", TODAY, "")
        await pilot.resize_terminal(80, 24)  # narrower: the columns shrink, the cursor stays
        await settle(pilot)
        assert [c.width for c in table.columns.values()] == [13, 13, 13, 13]
        assert table.cursor_coordinate == (6, 3)
        assert _cell(screen, oksnes, screen.homework[3].id) == "★"


async def test_a_network_without_homework(store) -> None:
    net = store.networks.create("Tomt nettverk")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, net)
        assert not screen.query_one(DataTable).display
        assert _text(screen, "#homework-column") == (
            "Ingen hjemmeoppgaver ennå: trykk n for å gi en på en samling.")
        await pilot.press("1", "space", "o", "e", "delete", "u")  # nothing to act on
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HomeWorkForm)
        assert _error(form, "gathering_id").startswith("Nettverket har ingen samlinger ennå")
        await pilot.press(*"Noe", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert _error(form, "gathering_id").startswith("Nettverket har ingen samlinger ennå")
        assert form.query_one("#title", Input).value == "Noe"
    assert store.homework.list(net.id) == []
    gathering = store.gatherings.create(net.id, date=date(2026, 12, 1))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, net)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#gathering_id", Select).value == gathering.id  # the only one
        assert form.query_one("#due_date", Input).placeholder == (
            "tom: ingen frist (ingen senere samling)")
        await pilot.press(*"Første oppgave", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen and not screen.query_one(DataTable).display
        # the network has no members yet: the grid says so
        assert _text(screen, "#homework-column") == "Ingen kommuner i nettverket ennå."
    [made] = store.homework.list(net.id)
    assert (made.title, made.gathering_id, made.due_date) == ("Første oppgave", gathering.id,
                                                              None)


def test_homework_grid_snapshot(snap_compare, demo_store, demo_network) -> None:
    async def open_grid(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=open_grid)


async def test_the_due_date_hint_fits_its_field(demo_store, demo_network) -> None:
    """"tom: ingen frist (ingen senere samling)" lost its last letters at 80 columns."""
    last = demo_store.gatherings.list(demo_network.id)[-1]
    for lang in ("nb", "en"):
        app = make_app(demo_store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _grid(pilot, demo_network)
            await pilot.press("n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, HomeWorkForm) and screen is not form
            due = form.query_one("#due_date", Input)
            hints = [due.placeholder]
            form.query_one("#gathering_id", Select).value = last.id  # no later gathering
            await settle(pilot)
            hints.append(due.placeholder)
            assert hints[0] != hints[1]
            # the text and the cursor cell after it
            assert all(len(hint) < due.content_region.width for hint in hints), hints


async def test_statuses_for_home_work_given_at_a_gathering_not_held_yet(demo_store,
                                                                      demo_network) -> None:
    """Home work given at gathering 5 (15.12.2026, 23 days ahead) has not been given:
    the column says so, and the first status asks (as attendance and evaluations do);
    no changes nothing, yes is remembered for that gathering while the grid is open."""
    g5 = demo_store.gatherings.list(demo_network.id)[4]
    ahead = demo_store.homework.give(demo_network.id, g5.id, "Budsjettforslag")
    later = demo_store.homework.give(demo_network.id, g5.id, "Økonomiplan")
    bo = _mid(demo_store, demo_network, "Bø")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network)
        await _go(pilot, screen, "Bø", 3)  # given at gathering 4, held: as before
        assert not _text(screen, "#homework-column").startswith("○")
        await pilot.press("4")
        await settle(pilot)
        assert app.screen is screen
        await _go(pilot, screen, "Bø", 4)
        assert _text(screen, "#homework-column").startswith("○ Ikke holdt ennå, om 23 dager · ")
        await pilot.press("3")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert ("Samling 5 er 15.12.2026, om 23 dager: den er ikke holdt ennå. "
                "Sette status for hjemmearbeidet som gis der likevel?") in " ".join(
                    str(w.render()) for w in app.screen.query("Static"))
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
        assert _status(demo_store, demo_network, ahead.id, bo) is None
        assert _cell(screen, bo, ahead.id) == "·"
        await pilot.press("3")
        await _go_on(pilot)
        assert _status(demo_store, demo_network, ahead.id, bo) == ("delivered", TODAY, "")
        await pilot.press("right", "2")  # the same gathering's other home work: no question
        await settle(pilot)
        assert app.screen is screen
        assert _status(demo_store, demo_network, later.id, bo) == ("in_progress", TODAY, "")


async def test_the_names_stay_in_view_on_the_current_cycles_column(demo_store,
                                                                   demo_network) -> None:
    """The grid opens on the last column; the scroll that brought it into view was made
    before the table had measured its row labels, and pushed the names out of view."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(pilot, demo_network, first_column=False)
        table = screen.query_one(DataTable)
        assert table.cursor_column == 3
        for _ in range(2):  # on opening, and after a status is set (the grid refills)
            assert table.scroll_x == 0
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            assert any(line.startswith(" Andøy ") for line in lines), lines
            await pilot.press("3")
            await settle(pilot)
