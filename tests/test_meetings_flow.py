"""Municipality meetings from the keyboard: the list, the form, the three-party line.

Every flow is driven with keys through Pilot and checked against the rows the store
reads back.
"""

from __future__ import annotations

from datetime import date

from textual.widgets import Checkbox, DataTable, Input, Select, SelectionList, TextArea
from textual.widgets._footer import FooterKey

from facilitator.records import Meeting
from facilitator.screens.meeting_form import MeetingForm
from facilitator.screens.meetings import MeetingsScreen
from tests.conftest import make_app, settle

# The three parties, spelled out here rather than taken from the screen's code.
PARTY_OF = {
    "ordforer": "P", "varaordforer": "P", "politiker": "P",
    "kommunedirektor": "A", "okonomisjef": "A", "stab": "A", "tjenesteleder": "A",
    "tillitsvalgt": "T", "verneombud": "T",
}
ALL_MISSING = "! Trepart: politikere, administrasjonen og tillitsvalgte/verneombud mangler."
ALL_THERE = "✓ Trepart: politikere, administrasjonen og tillitsvalgte/verneombud er med."


# ---------------------------------------------------------------------- helpers


async def _meetings(pilot, network_id: str) -> MeetingsScreen:
    await settle(pilot)
    pilot.app.push_screen(MeetingsScreen(network_id))
    await settle(pilot)
    assert isinstance(pilot.app.screen, MeetingsScreen)
    return pilot.app.screen


async def _press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def _type_into(pilot, widget_id: str, text: str) -> None:
    """Focus a field, empty it with the keyboard and type `text`."""
    field = pilot.app.screen.query_one(f"#{widget_id}", Input)
    field.focus()
    await pilot.press("end", "ctrl+u", *text)


async def _pick(pilot, select_id: str, downs: int) -> None:
    """Open a Select, go `downs` options down from the top and choose."""
    select = pilot.app.screen.query_one(f"#{select_id}", Select)
    select.focus()
    await pilot.press("enter", "home", *["down"] * downs, "enter")
    await settle(pilot)


def _error(form, field: str) -> str:
    box = form.query_one(f"#box-{field}")
    return str(box.query_one(".field-error").render()) if box.has_class("-invalid") else ""


def _parties(form) -> str:
    return str(form.query_one("#parties").render())


def _row(table: DataTable, index: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(index)]


def _footer(pilot) -> list[str]:
    """The footer's keys, checked to be visible left of the command palette key."""
    keys = list(pilot.app.screen.query(FooterKey))
    palette = [k for k in keys if k.action in ("app.command_palette", "command_palette")]
    limit = min((k.region.x for k in palette), default=pilot.app.size.width)
    shown = [k for k in keys if k not in palette]
    assert all(k.region.width > 0 and k.region.right <= limit for k in shown), [
        (k.description, k.region) for k in shown]
    return [k.description for k in shown]


def _names(store, network_id: str) -> dict[str, str]:
    return {p.id: p.name for p in store.members.participants(network_id)}


def _theme_names(store, network_id: str, meeting: Meeting) -> list[str]:
    names = {th.id: th.name for th in store.gatherings.themes(network_id)}
    return sorted(names[tid] for tid in meeting.theme_ids)


def _meeting_on(store, network_id: str, day: date) -> Meeting:
    found = [m for m in store.meetings.list(network_id) if m.date == day]
    assert len(found) == 1, found
    return found[0]


def _expected_parties(meeting: Meeting) -> str:
    roles = [*meeting.participant_roles,
             *(role for role, n in meeting.headcounts.items() if n > 0)]
    present = {PARTY_OF.get(role) for role in roles}
    missing = [p for p in "PAT" if p not in present]
    return " ".join(missing) if missing else "✓"


# ---------------------------------------------------------------------- the list


async def test_k_opens_the_list_by_date_with_the_detail_line(demo_store, demo_network) -> None:
    meetings = demo_store.meetings.list(demo_network.id)
    assert len(meetings) == 12
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _press(pilot, "enter")  # the demo network's overview
        await _press(pilot, "k")
        screen = app.screen
        assert isinstance(screen, MeetingsScreen)
        assert str(screen.query_one("#mtg-title").render()) == (
            "Kommunemøter · ROBEK-nettverk Nord")
        assert str(screen.query_one("#mtg-status").render()) == "12 møter"
        table = screen.query_one(DataTable)
        assert app.focused is table
        assert [str(c.label) for c in table.columns.values()] == [
            "Dato", "Kommune", "Type", "Folk", "Presse", "Trepart"]
        assert table.row_count == 12
        shown = [_row(table, i) for i in range(12)]
        # by date
        days = [date(*reversed([int(x) for x in row[0].split(".")])) for row in shown]
        assert days == sorted(days)
        by_id = {m.id: m for m in meetings}
        kinds = {"kommunemote": "Kommunemøte", "kommunebesok": "Kommunebesøk",
                 "styringsgruppemote": "Styringsgruppemøte"}
        for i, row in enumerate(shown):
            m = by_id[table.coordinate_to_cell_key((i, 0)).row_key.value]
            assert row[0] == f"{m.date:%d.%m.%Y}"
            assert m.municipality.startswith(row[1].rstrip("…"))
            assert kinds[m.kind].startswith(row[2].rstrip("…"))
            assert row[3] == str(len(m.participant_ids) + sum(m.headcounts.values()))
            assert row[4] == ("✓" if m.press_present else "–")
            assert row[5] == _expected_parties(m)
        # concrete rows of the demo: 2 registered + 11 politicians + 2 service leaders
        assert shown[0] == ["21.03.2026", "Andøy", "Kommunemøte", "15", "–", "T"]
        assert shown[1][:2] == ["30.03.2026", "Porsanger - Porsángu…"]
        assert shown[1][4:] == ["✓", "T"]
        assert shown[8] == ["05.11.2026", "Hadsel", "Styringsgruppemø…", "4", "–", "P"]
        detail = screen.query_one("#mtg-detail")
        assert str(detail.render()) == (
            "Sted: Kommunestyresalen · Tema: Nytt styringssystem\n"
            "Oppsummering: Gjennomgang av perspektivanalysen for kommunestyret.")
        await _press(pilot, "ctrl+end")  # the last one: Porsanger's steering group
        assert str(detail.render()) == (
            "Sted: Rådhuset · Tema: KOSTRA-analyse\n"
            "Oppsummering: Dialog om handlingsrom i pleie og omsorg og i skole.")
        assert "Trepart: ✓ alle tre" in str(screen.query_one(".hint").render())
        assert _footer(pilot) == ["Tilbake", "Nytt møte", "Rediger", "Slett", "Hjelp"]
        await _press(pilot, "escape")
        assert type(app.screen).__name__ == "OverviewScreen"


async def test_wide_terminal_keeps_the_columns_together(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await _meetings(pilot, demo_network.id)
        table = screen.query_one(DataTable)
        widths = [c.width for c in table.columns.values()]
        assert widths[1] <= 36 and sum(widths) < 120
        assert _row(table, 1)[1] == "Porsanger - Porsángu - Porsanki"  # not cut
        assert _row(table, 7)[2] == "Styringsgruppemøte"


async def test_empty_list_says_how_to_start(store) -> None:
    net = store.networks.create("Tomt nettverk")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _meetings(pilot, net.id)
        table = screen.query_one(DataTable)
        # on a line of its own (in a table cell it was cut mid-word)
        assert not table.display and screen.query_one("#mtg-empty").display
        assert str(screen.query_one("#mtg-empty").render()) == "Ingen møter ennå: trykk n."
        assert str(screen.query_one("#mtg-status").render()) == "0 møter"
        await _press(pilot, "e")  # nothing to edit
        assert app.screen is screen
        await _press(pilot, "delete")  # nothing to delete
        assert app.screen is screen
        await _press(pilot, "n")
        form = app.screen
        assert isinstance(form, MeetingForm)
        assert str(form.query_one("#no-people").render()) == "Velg kommune først."
        assert form.query_one("#no-themes").display
        assert not form.query_one("#box-theme_ids").display


# ---------------------------------------------------------------------- a new meeting


async def test_new_meeting_entirely_from_the_keyboard(demo_store, demo_network) -> None:
    hadsel = next(m for m in demo_store.members.list(demo_network.id) if m.name == "Hadsel")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _press(pilot, "enter", "k")
        list_screen = app.screen
        await _press(pilot, "n")
        form = app.screen
        assert isinstance(form, MeetingForm)
        assert str(form.query_one(".title").render()) == "Nytt kommunemøte"
        assert _footer(pilot) == ["Lagre", "Avbryt", "Hjelp"]
        assert app.focused is form.query_one("#municipality")
        # the municipality: open the list, Andøy, Bø, Hadsel
        await _press(pilot, "enter", "down", "down", "down", "enter")
        assert form.query_one("#municipality", Select).value == hadsel.municipality_id
        people = form.query_one("#participant_ids", SelectionList)
        assert [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)] == [
            "Geir Aas · Tillitsvalgt", "Marit Ellingsen · Kommunedirektør/rådmann",
            "Ragnhild Andreassen · Økonomisjef", "Øystein Olsen · Ordfører",
            "Åse Berg · Tjenesteleder"]
        await pilot.press("tab", *"14.11.2026")
        await pilot.press("tab", "enter", "down", "enter")  # Kommunemøte → Kommunebesøk
        await pilot.press("tab", *"Rådhuset, Stokmarknad")
        await pilot.press("tab", "space")  # the press came
        assert form.query_one("#press").render().plain.startswith("▐✓▌")  # not only colour
        await pilot.press("tab", "space", "down", "space")  # Geir Aas, Marit Ellingsen
        await pilot.press("tab", "tab", "tab", "7")  # politicians
        await pilot.press("tab", "tab", "tab", "tab", "3")  # service leaders
        await pilot.press("tab", "tab", "tab", "tab")  # on to the themes
        assert app.focused is form.query_one("#theme_ids")
        await pilot.press("space", *["down"] * 7, "space")  # Forpliktende plan, Trepart…
        await pilot.press("tab", *"Budsjett 2027", "enter", *"og [økonomiplan]")
        await pilot.press("tab", *"Vedtak om tiltak")
        await pilot.press("tab", *"Sende referat")
        assert app.focused is form.query_one("#follow_ups")
        await pilot.press("tab")  # round to the first field, no dead stop in between
        assert app.focused is form.query_one("#municipality")
        await pilot.press("shift+tab")
        assert app.focused is form.query_one("#follow_ups")
        assert _parties(form) == ALL_THERE
        await _press(pilot, "ctrl+s")
        assert app.screen is list_screen
        table = list_screen.query_one(DataTable)
        assert table.row_count == 13
        new = list_screen.rows[table.cursor_row]  # the cursor is on the new meeting
        assert new.date == date(2026, 11, 14)
        assert _row(table, table.cursor_row) == [
            "14.11.2026", "Hadsel", "Kommunebesøk", "12", "✓", "✓"]
        assert str(list_screen.query_one("#mtg-status").render()) == "13 møter"
    m = _meeting_on(demo_store, demo_network.id, date(2026, 11, 14))
    assert m.id == new.id
    assert (m.municipality_id, m.kind, m.place, m.press_present) == (
        hadsel.municipality_id, "kommunebesok", "Rådhuset, Stokmarknad", True)
    names = _names(demo_store, demo_network.id)
    assert sorted(names[pid] for pid in m.participant_ids) == ["Geir Aas", "Marit Ellingsen"]
    assert sorted(m.participant_roles) == ["kommunedirektor", "tillitsvalgt"]
    assert m.headcounts == {"politiker": 7, "tjenesteleder": 3}
    assert _theme_names(demo_store, demo_network.id, m) == ["Forpliktende plan",
                                                            "Trepartssamarbeid"]
    assert m.summary == "Budsjett 2027\nog [økonomiplan]"
    assert (m.decisions, m.follow_ups) == ("Vedtak om tiltak", "Sende referat")


async def test_three_party_line_follows_the_form_and_does_not_block(demo_store,
                                                                   demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _meetings(pilot, demo_network.id)
        await _press(pilot, "n")
        form = app.screen
        assert _parties(form) == ALL_MISSING
        assert form.query_one("#parties").size.height == 1  # one line, even at 80 columns
        await _pick(pilot, "municipality", 1)  # Andøy
        people = form.query_one("#participant_ids", SelectionList)
        people.focus()
        # Dag Andreassen (stab), Ole Amundsen (tillitsvalgt), Ole Hætta (ordfører), …
        await _press(pilot, "down", "down", "space")  # Ole Hætta
        assert _parties(form) == ("! Trepart: administrasjonen og "
                                  "tillitsvalgte/verneombud mangler.")
        await _type_into(pilot, "count-verneombud", "2")
        await settle(pilot)
        assert _parties(form) == "! Trepart: administrasjonen mangler."
        await _type_into(pilot, "count-stab", "0")  # nobody is nobody
        await settle(pilot)
        assert _parties(form) == "! Trepart: administrasjonen mangler."
        await _type_into(pilot, "count-stab", "x")  # not a number: not counted either
        await settle(pilot)
        assert _parties(form) == "! Trepart: administrasjonen mangler."
        await _type_into(pilot, "count-stab", "")
        people.focus()
        await _press(pilot, "down", "space")  # Øystein Johansen, the chief executive
        assert _parties(form) == ALL_THERE
        await _press(pilot, "up", "space")  # Ole Hætta after all not there
        assert _parties(form) == "! Trepart: politikere mangler."
        await _type_into(pilot, "count-verneombud", "")
        await settle(pilot)
        assert _parties(form) == "! Trepart: politikere og tillitsvalgte/verneombud mangler."
        await _pick(pilot, "municipality", 2)  # another municipality: its people, none ticked
        assert people.selected == []
        assert _parties(form) == ALL_MISSING
        await _pick(pilot, "municipality", 1)  # back to Andøy
        people.focus()
        await _press(pilot, "down", "down", "space")  # Ole Hætta alone
        await _type_into(pilot, "date", "18.11.2026")
        await _press(pilot, "ctrl+s")  # a warning, not a stop
        assert app.screen is screen
        table = screen.query_one(DataTable)
        assert _row(table, table.cursor_row) == ["18.11.2026", "Andøy", "Kommunemøte", "1",
                                                 "–", "A T"]
    m = _meeting_on(demo_store, demo_network.id, date(2026, 11, 18))
    assert m.participant_roles == ("ordforer",) and m.headcounts == {}


async def test_validation_at_the_field_keeps_the_text(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _meetings(pilot, demo_network.id)
        await _press(pilot, "n")
        form = app.screen
        await _type_into(pilot, "place", "Kommunestyresalen")
        await _press(pilot, "ctrl+s")
        assert _error(form, "municipality") == "Kommune må fylles ut."
        assert app.focused is form.query_one("#municipality")
        await _pick(pilot, "municipality", 3)  # Hadsel
        await _press(pilot, "ctrl+s")
        assert _error(form, "municipality") == ""
        assert _error(form, "date") == "Dato må fylles ut."
        assert app.focused is form.query_one("#date")
        await pilot.press(*"31.02.2026")
        await _press(pilot, "ctrl+s")
        assert _error(form, "date") == (
            "«31.02.2026» er ikke en gyldig dato (skriv dd.mm.åååå).")
        assert form.query_one("#date", Input).value == "31.02.2026"  # the text is kept
        await _type_into(pilot, "date", "2026-13-01")
        await _press(pilot, "ctrl+s")
        assert "«2026-13-01»" in _error(form, "date")
        await _type_into(pilot, "date", "2026-12-03")  # ISO is fine too
        await _type_into(pilot, "count-politiker", "tre")
        await _press(pilot, "ctrl+s")
        assert _error(form, "date") == ""
        assert _error(form, "count-politiker") == (
            "«tre» er ikke et gyldig antall (skriv 0, 1, 2 …).")
        assert form.query_one("#count-politiker", Input).value == "tre"
        assert app.focused is form.query_one("#count-politiker")
        await _type_into(pilot, "count-politiker", "-2")
        await _press(pilot, "ctrl+s")
        assert _error(form, "count-politiker") == (
            "«-2» er ikke et gyldig antall (skriv 0, 1, 2 …).")
        await _type_into(pilot, "count-politiker", "4")
        await _type_into(pilot, "count-annet", "123456789012345678901")  # a stuck key
        await _press(pilot, "ctrl+s")
        assert _error(form, "count-politiker") == ""
        assert _error(form, "count-annet") == (
            "«123456789012345678901» er for mange (høyst 9999).")
        assert form.query_one("#form-error").display is False  # not a storage failure
        assert isinstance(app.screen, MeetingForm)
        assert len(demo_store.meetings.list(demo_network.id)) == 12  # nothing saved yet
        await _type_into(pilot, "count-annet", " 2 ")
        await _press(pilot, "ctrl+s")
        assert app.screen is screen
    m = _meeting_on(demo_store, demo_network.id, date(2026, 12, 3))
    assert m.municipality == "Hadsel" and m.place == "Kommunestyresalen"
    assert m.headcounts == {"politiker": 4, "annet": 2}
    assert len(demo_store.meetings.list(demo_network.id)) == 13


# ---------------------------------------------------------------------- leaving a form


async def test_escape_on_a_changed_form_asks(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _meetings(pilot, demo_network.id)
        await _press(pilot, "n")
        form = app.screen
        form.query_one("#summary", TextArea).focus()
        await _press(pilot, *"Notat")
        await _press(pilot, "escape")
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert "ikke er lagret" in str(app.screen.query_one("#question").render())
        await _press(pilot, "n")  # no: back to the form, the text kept
        assert app.screen is form
        assert form.query_one("#summary", TextArea).text == "Notat"
        await _press(pilot, "f1")  # help and back: still kept
        assert type(app.screen).__name__ == "HelpScreen"
        await _press(pilot, "escape")
        assert app.screen is form and form.query_one("#summary", TextArea).text == "Notat"
        await _press(pilot, "escape")
        await _press(pilot, "y")  # discard
        assert app.screen is screen
    assert len(demo_store.meetings.list(demo_network.id)) == 12


async def test_escape_on_an_unchanged_form_leaves(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _meetings(pilot, demo_network.id)
        await _press(pilot, "n")
        assert isinstance(app.screen, MeetingForm)
        await _press(pilot, "escape")
        assert app.screen is screen
        for row in (0, 4, 11):  # an existing meeting, opened and left untouched
            screen.query_one(DataTable).move_cursor(row=row)
            await _press(pilot, "e")
            assert isinstance(app.screen, MeetingForm)
            assert not app.screen.dirty
            await _press(pilot, "escape")
            assert app.screen is screen, row
    assert len(demo_store.meetings.list(demo_network.id)) == 12


# ---------------------------------------------------------------------- edit and delete


async def test_edit_shows_the_meeting_and_saves_changes(demo_store, demo_network) -> None:
    first = sorted(demo_store.meetings.list(demo_network.id), key=lambda m: m.date)[0]
    names = _names(demo_store, demo_network.id)
    assert sorted(names[p] for p in first.participant_ids) == ["Dag Andreassen", "Ole Hætta"]
    assert first.headcounts == {"politiker": 11, "tjenesteleder": 2}
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _meetings(pilot, demo_network.id)
        await _press(pilot, "enter")
        form = app.screen
        assert isinstance(form, MeetingForm)
        assert str(form.query_one(".title").render()) == "Rediger kommunemøte"
        assert form.query_one("#municipality", Select).value == first.municipality_id
        assert form.query_one("#date", Input).value == "21.03.2026"
        assert form.query_one("#kind", Select).value == "kommunemote"
        assert form.query_one("#place", Input).value == "Kommunestyresalen"
        assert form.query_one("#press", Checkbox).value is False
        assert form.query_one("#press").render().plain.startswith("▐ ▌ Pressen var til stede")
        people = form.query_one("#participant_ids", SelectionList)
        assert sorted(people.selected) == sorted(first.participant_ids)  # the people who came
        themes = form.query_one("#theme_ids", SelectionList)
        assert themes.option_count == 10 and themes.selected == list(first.theme_ids)
        assert form.query_one("#count-politiker", Input).value == "11"
        assert form.query_one("#count-tjenesteleder", Input).value == "2"
        assert form.query_one("#count-stab", Input).value == ""
        assert _parties(form) == "! Trepart: tillitsvalgte/verneombud mangler."
        form.query_one("#summary", TextArea).focus()
        await pilot.press("end", "ctrl+u", *"Ny oppsummering")
        await _type_into(pilot, "count-politiker", "9")
        await _press(pilot, "ctrl+s")
        assert app.screen is screen
        table = screen.query_one(DataTable)
        assert table.cursor_row == 0  # back on the edited row
        assert _row(table, 0) == ["21.03.2026", "Andøy", "Kommunemøte", "13", "–", "T"]
        assert "Oppsummering: Ny oppsummering" in str(screen.query_one("#mtg-detail").render())
        await _press(pilot, "down", "e")  # e edits too
        assert isinstance(app.screen, MeetingForm)
        assert app.screen.query_one("#date", Input).value == "30.03.2026"
        await _press(pilot, "escape")
    m = next(x for x in demo_store.meetings.list(demo_network.id) if x.id == first.id)
    assert m.summary == "Ny oppsummering"
    assert m.headcounts == {"politiker": 9, "tjenesteleder": 2}
    assert sorted(m.participant_ids) == sorted(first.participant_ids)  # not lost on the way
    assert m.theme_ids == first.theme_ids
    assert (m.date, m.kind, m.place, m.press_present) == (
        first.date, first.kind, first.place, first.press_present)
    assert (m.decisions, m.follow_ups) == (first.decisions, first.follow_ups)


async def test_edit_keeps_inactive_and_erased_people_who_came(demo_store,
                                                              demo_network) -> None:
    first = sorted(demo_store.meetings.list(demo_network.id), key=lambda m: m.date)[0]
    names = _names(demo_store, demo_network.id)
    mayor = next(p for p in first.participant_ids if names[p] == "Ole Hætta")
    staff = next(p for p in first.participant_ids if names[p] == "Dag Andreassen")
    demo_store.members.deactivate_participant(staff)  # inactive, but came: still listed, ticked
    demo_store.members.erase_participant(mayor)  # erased: not listed, but still counted
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _meetings(pilot, demo_network.id)
        await _press(pilot, "enter")
        form = app.screen
        people = form.query_one("#participant_ids", SelectionList)
        assert [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)] == [
            "Dag Andreassen · Stab", "Ole Amundsen · Tillitsvalgt",
            "Øystein Johansen · Kommunedirektør/rådmann"]
        assert people.selected == [staff]
        assert _parties(form) == "! Trepart: tillitsvalgte/verneombud mangler."
        form.query_one("#summary", TextArea).focus()
        await pilot.press("end", *" Endret.")
        await _press(pilot, "ctrl+s")
        assert app.screen is screen
    m = next(x for x in demo_store.meetings.list(demo_network.id) if x.id == first.id)
    assert m.summary == first.summary + " Endret."
    assert sorted(m.participant_ids) == sorted([mayor, staff])


async def test_edit_a_meeting_of_a_municipality_that_left(demo_store, demo_network) -> None:
    andoy = next(m for m in demo_store.members.list(demo_network.id) if m.name == "Andøy")
    demo_store.members.remove(andoy.membership_id)
    first = sorted(demo_store.meetings.list(demo_network.id), key=lambda m: m.date)[0]
    assert first.municipality == "Andøy"
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _meetings(pilot, demo_network.id)
        await _press(pilot, "enter")
        form = app.screen
        assert form.query_one("#municipality", Select).value == andoy.municipality_id
        await _type_into(pilot, "place", " Andenes ")  # trimmed, as for a new meeting
        await _press(pilot, "ctrl+s")
        assert app.screen is screen, _error(form, "municipality")
    m = next(x for x in demo_store.meetings.list(demo_network.id) if x.id == first.id)
    assert m.place == "Andenes" and m.municipality_id == andoy.municipality_id


async def test_delete_asks_first(demo_store, demo_network) -> None:
    meetings = sorted(demo_store.meetings.list(demo_network.id), key=lambda m: m.date)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _meetings(pilot, demo_network.id)
        await _press(pilot, "down", "down", "delete")  # Bø, 17.04.2026
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert str(app.screen.query_one("#question").render()).startswith(
            "Slette møtet i Bø 17.04.2026 (Kommunemøte)?")
        await _press(pilot, "n")
        assert app.screen is screen
        assert len(demo_store.meetings.list(demo_network.id)) == 12
        await _press(pilot, "delete")
        await _press(pilot, "y")
        assert app.screen is screen
        table = screen.query_one(DataTable)
        assert table.row_count == 11
        assert table.cursor_row == 2
        assert _row(table, 2)[:2] == ["27.06.2026", "Nordreisa - Ráisa -…"]
        assert str(screen.query_one("#mtg-status").render()) == "11 møter"
    left = demo_store.meetings.list(demo_network.id)
    assert sorted(m.id for m in left) == sorted(m.id for m in meetings if m.id != meetings[2].id)


# ---------------------------------------------------------------------- user text


async def test_user_text_is_shown_literally(demo_store, demo_network) -> None:
    andoy = next(m for m in demo_store.members.list(demo_network.id) if m.name == "Andøy")
    summary = "[bold]x[/] \x1b[31m 😀"
    demo_store.meetings.log(demo_network.id, andoy.municipality_id, date=date(2026, 11, 21),
                           place="[red]Salen", summary=summary, decisions="[/]")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _meetings(pilot, demo_network.id)
        await _press(pilot, "ctrl+end")
        assert str(screen.query_one("#mtg-detail").render()) == (
            "Sted: [red]Salen\nOppsummering: [bold]x[/] ␛[31m 😀")
        await _press(pilot, "enter")
        form = app.screen
        assert form.query_one("#place", Input).value == "[red]Salen"
        assert form.query_one("#summary", TextArea).text == summary
        assert form.query_one("#decisions", TextArea).text == "[/]"
        # and typed in: kept as typed
        await _type_into(pilot, "place", "[b]Rom[/b] 2")
        await _press(pilot, "ctrl+s")
        assert app.screen is screen
        assert "Sted: [b]Rom[/b] 2" in str(screen.query_one("#mtg-detail").render())
    m = _meeting_on(demo_store, demo_network.id, date(2026, 11, 21))
    assert (m.place, m.summary, m.decisions) == ("[b]Rom[/b] 2", summary, "[/]")


# ---------------------------------------------------------------------- English


async def test_the_screens_in_english(demo_store, demo_network) -> None:
    app = make_app(demo_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _meetings(pilot, demo_network.id)
        assert str(screen.query_one("#mtg-title").render()) == (
            "Municipality meetings · ROBEK-nettverk Nord")
        assert str(screen.query_one("#mtg-status").render()) == "12 meetings"
        table = screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()] == [
            "Date", "Municipality", "Kind", "People", "Press", "3-party"]
        assert _row(table, 0) == ["21.03.2026", "Andøy", "Municipality mee…", "15", "–", "E"]
        assert _row(table, 8)[5] == "P"
        assert str(screen.query_one("#mtg-detail").render()).startswith(
            "Place: Kommunestyresalen · Themes: Nytt styringssystem\nSummary: ")
        assert _footer(pilot) == ["Back", "New meeting", "Edit", "Delete", "Help"]
        await _press(pilot, "n")
        form = app.screen
        assert str(form.query_one(".title").render()) == "New municipality meeting"
        assert _footer(pilot) == ["Save", "Cancel", "Help"]
        assert _parties(form) == ("! Three-party: politicians, the administration and "
                                  "union/safety reps missing.")
        await _press(pilot, "ctrl+s")
        assert _error(form, "municipality") == "Municipality is required."
        await _pick(pilot, "municipality", 1)
        assert str(form.query_one("#participant_ids", SelectionList)
                   .get_option_at_index(2).prompt) == "Ole Hætta · Mayor"
        await _type_into(pilot, "date", "31.02.2026")
        await _type_into(pilot, "count-stab", "two")
        await _press(pilot, "ctrl+s")
        assert _error(form, "date") == "“31.02.2026” is not a valid date (write dd.mm.yyyy)."
        await _type_into(pilot, "date", "02.01.2027")
        await _press(pilot, "ctrl+s")
        assert _error(form, "count-stab") == "“two” is not a valid number (write 0, 1, 2 …)."
        assert str(form.query_one("#box-count-tjenesteleder Label").render()) == "Service leads"
        await _type_into(pilot, "count-stab", "2")
        await settle(pilot)
        assert _parties(form) == "! Three-party: politicians and union/safety reps missing."
        await _press(pilot, "ctrl+s")
        assert app.screen is screen
        await _press(pilot, "delete")
        assert str(app.screen.query_one("#question").render()).startswith(
            "Delete the meeting in Andøy on 02.01.2027 (Municipality meeting)?")
        await _press(pilot, "escape")
    m = _meeting_on(demo_store, demo_network.id, date(2027, 1, 2))
    assert m.headcounts == {"stab": 2}


# ---------------------------------------------------------------------- snapshot


def test_meeting_form_snapshot(snap_compare, demo_store, demo_network) -> None:
    first = sorted(demo_store.meetings.list(demo_network.id), key=lambda m: m.date)[0]

    async def open_form(pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(MeetingForm(demo_network.id, first.id))
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=open_form)


# ---------------------------------------------------------------------- planned meetings


async def test_a_meeting_after_today_is_shown_as_planned(demo_store, demo_network) -> None:
    """Today is 22.11.2026 (tests/conftest.py): a meeting on 23.11 or 03.12 has not been
    held, so the list says "○ planlagt" where it would say who came, in both languages;
    a meeting today is held."""
    members = {m.name: m.municipality_id for m in demo_store.members.list(demo_network.id)}
    for name, day in (("Målselv", date(2026, 12, 3)), ("Øksnes", date(2026, 11, 23)),
                      ("Bø", date(2026, 11, 22))):
        demo_store.meetings.log(demo_network.id, members[name], date=day, place="Rådhuset")
    for lang, word, status, detail in (
            ("nb", "○ planlagt", "15 møter, 2 av dem planlagt (etter i dag)",
             "○ Planlagt 03.12.2026, om 11 dager: ikke holdt ennå · Sted: Rådhuset"),
            ("en", "○ planned", "15 meetings, 2 of them planned (after today)",
             "○ Planned for 03.12.2026, in 11 days: not held yet · Place: Rådhuset")):
        app = make_app(demo_store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _meetings(pilot, demo_network.id)
            table = screen.query_one(DataTable)
            rows = [_row(table, i) for i in range(table.row_count)]
            assert rows[-3][0] == "22.11.2026" and rows[-3][-1] != word  # today: held
            assert [(r[0], r[-1]) for r in rows[-2:]] == [("23.11.2026", word),
                                                         ("03.12.2026", word)]
            assert str(screen.query_one("#mtg-status").render()) == status
            await _press(pilot, "ctrl+end")
            assert str(screen.query_one("#mtg-detail").render()) == detail
            await _press(pilot, "up")
            assert "23.11.2026" in str(screen.query_one("#mtg-detail").render())
            widths = [c.width for c in table.columns.values()]
            assert all(len(cell) <= w for row in rows for cell, w in zip(row, widths,
                                                                           strict=True))
            assert sum(w + 2 for w in widths) <= 80


async def test_the_kind_stays_on_one_line_in_both_languages(demo_store, demo_network) -> None:
    """"Municipality meeting" wrapped in its share of the row at 80 columns."""
    for lang in ("nb", "en"):
        app = make_app(demo_store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await _meetings(pilot, demo_network.id)
            await _press(pilot, "n")
            form = app.screen
            kind = form.query_one("#kind", Select)
            for value in ("kommunemote", "kommunebesok", "styringsgruppemote"):
                kind.value = value
                await settle(pilot)
                assert kind.region.height == 3, (lang, value)  # border, one line, border
            assert form.query_one("#box-place").region.width >= 12
            assert max(box.region.right for box in form.query(".row > *")) <= 80
