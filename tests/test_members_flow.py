"""Municipalities and participants from the keyboard, checked against the database."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Checkbox, DataTable, Input, OptionList, Select

from facilitator.records import Member, Person
from facilitator.screens.members import MembersScreen
from facilitator.screens.membership_form import MembershipForm
from facilitator.screens.municipality_picker import MunicipalityPicker
from facilitator.screens.participant_form import ParticipantForm
from tests.conftest import burst, make_app, settle


async def _members(pilot, network_id: str) -> MembersScreen:
    await settle(pilot)
    pilot.app.push_screen(MembersScreen(network_id))
    await settle(pilot)
    assert isinstance(pilot.app.screen, MembersScreen)
    return pilot.app.screen


async def _to_row(pilot, screen: MembersScreen, wanted) -> None:
    """Move the cursor with the arrow keys until `wanted(row)` holds."""
    table = screen.query_one(DataTable)
    await pilot.press("home")
    for _ in range(len(screen.rows)):
        if wanted(screen.rows[table.cursor_row]):
            return
        await pilot.press("down")
    raise AssertionError("row not found")


def _person(store, network_id: str, name: str) -> Person:
    return next(p for p in store.members.participants(network_id) if p.name == name)


def _member(store, network_id: str, name: str) -> Member:
    return next(m for m in store.members.list(network_id) if m.name == name)


def _field_error(form, field: str) -> str:
    box = form.query_one(f"#box-{field}")
    return str(box.query_one(".field-error").render()) if box.has_class("-invalid") else ""


async def test_overview_m_opens_the_list_grouped_by_municipality(demo_store,
                                                                   demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the demo network's overview
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MembersScreen)
        members = demo_store.members.list(demo_network.id)
        people = demo_store.members.participants(demo_network.id)
        assert screen.query_one(DataTable).row_count == len(members) + len(people)
        headings = [r.name for r in screen.rows if isinstance(r, Member)]
        assert headings == [m.name for m in members]  # Norwegian order: Å, Ø last
        assert headings[-1] == "Øksnes"
        # every person sits under their own municipality
        current = None
        for row in screen.rows:
            if isinstance(row, Member):
                current = row.municipality_id
            else:
                assert row.municipality_id == current
        assert "7 kommuner · 30 aktive deltakere" in str(screen.query_one("#mb-status").render())


async def test_add_municipalities_by_type_ahead(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, MunicipalityPicker)
        await pilot.press(*"okses")  # Øksnes: already a member
        await settle(pilot)
        listing = picker.query_one(OptionList)
        first = listing.get_option_at_index(0)
        assert "Øksnes" in str(first.prompt)
        assert "allerede med i nettverket" in str(first.prompt)
        await pilot.press("enter")  # says so, rather than nothing at all
        await settle(pilot)
        assert _field_error(picker, "municipality") == "Øksnes er allerede med i nettverket."
        assert len(demo_store.members.list(demo_network.id)) == 7
        await pilot.press("ctrl+u", *"1804")  # Bodø by number
        await pilot.press("tab", *"Pulje 2", "shift+tab")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MunicipalityPicker)  # stays open for the next one
        assert picker.query_one("#mp-filter", Input).value == ""
        await pilot.press(*"tromso", "enter")  # æøå-insensitive: Tromsø
        await settle(pilot)
        await pilot.press(*"zzzz")
        await settle(pilot)
        assert "zzzz" in _field_error(picker, "municipality")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        names = [r.name for r in screen.rows if isinstance(r, Member)]
        assert "Bodø" in names and "Tromsø" in names
    bodo = _member(demo_store, demo_network.id, "Bodø")
    assert bodo.cohort == "Pulje 2" and bodo.number == "1804"
    assert _member(demo_store, demo_network.id, "Tromsø").cohort == "Pulje 2"


async def test_add_edit_and_validate_a_participant(demo_store, demo_network) -> None:
    andoy = _member(demo_store, demo_network.id, "Andøy")
    before = len(demo_store.members.participants(demo_network.id))
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        await _to_row(pilot, screen, lambda r: isinstance(r, Member) and r.name == "Andøy")
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ParticipantForm)
        assert form.query_one("#municipality", Select).value == andoy.municipality_id
        await pilot.press("ctrl+s")  # no name
        await settle(pilot)
        assert "Navn" in _field_error(form, "name")
        await pilot.press(*"[bold]Kari[/] ")
        name = form.query_one("#name", Input)
        name.value += "\x1b[31m Nordmann"  # an escape character is not a key to press
        form.query_one("#role", Select).focus()
        await pilot.press("enter", "home", "enter")  # Ordfører
        form.query_one("#email", Input).focus()
        await pilot.press(*"kari@")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "kari@" in _field_error(form, "email")
        assert form.query_one("#email", Input).value == "kari@"  # the text is kept
        assert len(demo_store.members.participants(demo_network.id)) == before
        # The wrong text is selected (typing replaces it); End keeps it to add to it.
        await pilot.press("end", *"andoy.kommune.no", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        row = screen.rows[screen.query_one(DataTable).cursor_row]
        assert isinstance(row, Person) and row.name.startswith("[bold]Kari")  # cursor on it
        shown = [str(c) for c in screen.query_one(DataTable).get_row_at(
            screen.query_one(DataTable).cursor_row)]
        assert shown[0].strip().startswith("[bold]Kari[/] ␛[31m")
    kari = _person(demo_store, demo_network.id, "[bold]Kari[/] \x1b[31m Nordmann")
    assert (kari.role, kari.email, kari.municipality_id, kari.active) == (
        "ordforer", "kari@andoy.kommune.no", andoy.municipality_id, True)

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        await _to_row(pilot, screen, lambda r: isinstance(r, Person) and r.id == kari.id)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ParticipantForm)
        field = form.query_one("#name", Input)
        assert field.value == kari.name
        field.value = "Kari Nordmann"
        form.query_one("#email", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    kari = demo_store.members.participants(demo_network.id)
    assert any(p.name == "Kari Nordmann" and p.email is None for p in kari)


async def test_move_and_deactivate(demo_store, demo_network) -> None:
    person = demo_store.members.participants(demo_network.id)[0]
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        await _to_row(pilot, screen, lambda r: isinstance(r, Person) and r.id == person.id)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press(*"hadsel", "enter")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("d")
        await settle(pilot)
        row = screen.rows[screen.query_one(DataTable).cursor_row]
        assert isinstance(row, Person) and row.id == person.id and not row.active
        assert "inaktiv" in [str(c) for c in screen.query_one(DataTable).get_row_at(
            screen.query_one(DataTable).cursor_row)][3]
    moved = _person(demo_store, demo_network.id, person.name)
    assert moved.municipality == "Hadsel" and moved.active is False
    # d again brings the person back
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        await _to_row(pilot, screen, lambda r: isinstance(r, Person) and r.id == person.id)
        await pilot.press("d")
        await settle(pilot)
    assert _person(demo_store, demo_network.id, person.name).active is True


async def test_delete_erases_the_name_from_the_file(demo_store, demo_network,
                                                   demo_path: Path) -> None:
    gatherings = demo_store.gatherings.list(demo_network.id)
    held = gatherings[0]
    before = demo_store.gatherings.attendance_counts(held.id)
    # A name found nowhere else in the demo, on someone who attended gathering 1.
    attended = [pid for pid, present in demo_store.gatherings.attendance(held.id).items() if present]
    target = next(p for p in demo_store.members.participants(demo_network.id)
                  if p.id == attended[0])
    demo_store.members.update_participant(target.id, name="Zacharias Qwertyson",
                                  email="zq@unik.example")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        count = len(screen.rows)
        await _to_row(pilot, screen, lambda r: isinstance(r, Person) and r.id == target.id)
        await pilot.press("delete")
        await settle(pilot)
        assert "Zacharias Qwertyson" in str(app.screen.query_one("#question").render())
        await pilot.press("n")  # no: nothing happens
        await settle(pilot)
        assert len(screen.rows) == count
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(screen.rows) == count - 1
    assert all(p.id != target.id for p in demo_store.members.participants(demo_network.id))
    assert demo_store.gatherings.attendance_counts(held.id) == before  # anonymous counts stay
    demo_store.files.checkpoint()
    for path in demo_path.parent.glob(demo_path.name + "*"):
        raw = path.read_bytes()
        assert b"Qwertyson" not in raw and b"zq@unik" not in raw, path.name


async def test_remove_a_municipality_asks_first(demo_store, demo_network) -> None:
    from textual.widgets import Button

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        await _to_row(pilot, screen, lambda r: isinstance(r, Member) and r.name == "Øksnes")
        await pilot.press("delete")
        await settle(pilot)
        dialog = app.screen
        assert "Ta Øksnes ut av nettverket?" in str(dialog.query_one("#question").render())
        assert str(dialog.query_one("#yes", Button).label) == "Ta ut"  # says what it does
        await pilot.press("escape")
        await settle(pilot)
        assert len(demo_store.members.list(demo_network.id)) == 7
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
    names = [m.name for m in demo_store.members.list(demo_network.id)]
    assert len(names) == 6 and "Øksnes" not in names


async def test_cohort_and_dates_of_a_membership(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        await _to_row(pilot, screen, lambda r: isinstance(r, Member) and r.name == "Bø")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MembershipForm)
        form.query_one("#cohort", Input).value = "Pulje 3"
        form.query_one("#joined_on", Input).value = "01.02.2026"
        form.query_one("#left_on", Input).value = "31.02.2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "31.02.2026" in _field_error(form, "left_on")
        form.query_one("#left_on", Input).value = "2026-01-01"  # before joining
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _field_error(form, "left_on")
        form.query_one("#left_on", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    bo = _member(demo_store, demo_network.id, "Bø")
    assert bo.cohort == "Pulje 3" and str(bo.joined_on) == "2026-02-01" and bo.left_on is None


async def test_escape_on_a_changed_participant_form_asks(demo_store, demo_network) -> None:
    before = len(demo_store.members.participants(demo_network.id))
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Halvor")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("escape")  # no: back to the form with the text
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "Halvor"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
    assert len(demo_store.members.participants(demo_network.id)) == before


async def test_typed_text_before_ctrl_s_is_saved(demo_store, demo_network) -> None:
    """Keys typed just before ctrl+s are in the saved value (ctrl+s is a priority key,
    handled by the app, while the letters go through the field): in one burst, as a
    fast typist or a slow machine delivers them, from opening the form to saving it."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _members(pilot, demo_network.id)
        burst(app, "n", *"Siste Bokstav", "ctrl+s")
        await settle(pilot)
    assert any(p.name == "Siste Bokstav" for p in demo_store.members.participants(demo_network.id))


async def test_english(demo_store, demo_network) -> None:
    app = make_app(demo_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        assert "7 municipalities · 30 active participants" in str(screen.query_one("#mb-status").render())
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ParticipantForm)
        assert app.screen.query_one("#active", Checkbox).value is True


def test_members_snapshot(snap_compare, demo_store, demo_network) -> None:
    async def open_list(pilot) -> None:
        await _members(pilot, demo_network.id)

    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=open_list)


async def test_a_form_opens_with_nothing_selected(demo_store, demo_network) -> None:
    """Editing a participant: the first key typed adds to the name, as in every form
    (the name was selected here, and one letter erased it); Tab selects, as usual."""
    person = demo_store.members.participants(demo_network.id)[0]
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        await _to_row(pilot, screen, lambda r: isinstance(r, Person) and r.id == person.id)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ParticipantForm)
        name = form.query_one("#name", Input)
        # The field's Focus event may reach it only after the form is shown (on a busy
        # terminal it did): it selected the whole name then. Deliver one late here.
        name.post_message(events.Focus())
        await pilot.pause()
        await pilot.press("x")
        assert name.value == person.name + "x"
        await pilot.press("f1")  # help and back: the cursor is where it was
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        assert form.query_one("#name", Input).value == person.name + "xy"
        await pilot.press("tab", "shift+tab", "Z")  # Tab into a field selects its text
        assert form.query_one("#name", Input).value == "Z"


async def test_a_corrected_date_replaces_the_wrong_one(demo_store, demo_network) -> None:
    """A wrong date, ctrl+s, then the right date typed: the two ran together in the
    field («2026-13-0101.01.2026»), and the error under the narrow field wrapped it."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        await _to_row(pilot, screen, lambda r: isinstance(r, Member) and r.name == "Bø")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MembershipForm)
        await pilot.press("tab", *"2026-13-01", "ctrl+s")  # Tab selects: typing replaces
        await settle(pilot)
        message = "«2026-13-01» er ikke en gyldig dato (skriv dd.mm.åååå)."
        assert _field_error(form, "joined_on") == message
        from facilitator.screens.form import RowErrors

        [line] = form.query(RowErrors)
        assert str(line.render()) == message and line.region.height == 1  # not wrapped
        await pilot.press(*"01.01.2026")
        assert form.query_one("#joined_on", Input).value == "01.01.2026"
        assert not line.display  # the field changed: its error has gone
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    assert str(_member(demo_store, demo_network.id, "Bø").joined_on) == "2026-01-01"


async def test_an_error_goes_when_the_field_changes(demo_store, demo_network) -> None:
    """«kari@@example» ser ikke ut som en e-postadresse stayed after the correction."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _members(pilot, demo_network.id)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Kari")
        form.query_one("#email", Input).focus()
        await pilot.press(*"kari@@example", "ctrl+s")
        await settle(pilot)
        assert "kari@@example" in _field_error(form, "email")
        await pilot.press("ctrl+s")  # saved again unchanged: the error stays
        await settle(pilot)
        assert "kari@@example" in _field_error(form, "email")
        await pilot.press("end", *["left"] * 7, "backspace")
        await settle(pilot)
        assert form.query_one("#email", Input).value == "kari@example"
        assert _field_error(form, "email") == ""  # gone before the next save
        assert not form.query_one("#box-email").has_class("-invalid")


async def test_list_keys_home_end_and_footer(demo_store, demo_network) -> None:
    from textual.widgets._footer import FooterKey

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        table = screen.query_one(DataTable)
        await pilot.press("end")  # Home and End did nothing here
        assert table.cursor_row == len(screen.rows) - 1
        await pilot.press("home")
        assert table.cursor_row == 0
        await settle(pilot)  # the footer follows the row under the cursor
        keys = [k for k in screen.query_one("Footer").query(FooterKey) if k.display]
        palette = keys[-1]
        assert palette.has_class("-command-palette")
        # a municipality's row: moving and (de)activating are a person's keys
        assert [(k.key_display, k.description) for k in keys[:-1]] == [
            ("⏎", "Rediger"), ("a", "Ny kommune"), ("n", "Ny deltaker"), ("del", "Slett"),
            ("esc", "Tilbake"), ("f1", "Hjelp")]
        assert all(k.region.right <= palette.region.x for k in keys[:-1])
        await pilot.press("down")  # a person's row
        await settle(pilot)
        keys = [k for k in screen.query_one("Footer").query(FooterKey) if k.display]
        assert [(k.key_display, k.description) for k in keys[:-1]] == [
            ("⏎", "Rediger"), ("a", "Ny kommune"), ("n", "Ny deltaker"), ("f", "Flytt"),
            ("d", "(In)aktiv"), ("del", "Slett")]
        await pilot.press("home")
        names = [c.title for c in app.get_system_commands(screen)]
        assert {"Rediger", "Tilbake", "Slett", "Ny kommune"} <= set(names)


async def test_an_empty_network_says_how_to_begin(store) -> None:
    """The hint was cut in its table cell: "Ingen kommuner ennå. T"."""
    net = store.networks.create("Tomt nettverk")
    for lang, text in (("nb", "Ingen kommuner ennå. Trykk a for å legge til en kommune."),
                       ("en", "No municipalities yet. Press a to add one.")):
        app = make_app(store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _members(pilot, net.id)
            hint = screen.query_one("#mb-empty")
            assert hint.display and str(hint.render()) == text
            assert hint.region.width >= len(text) and hint.region.height == 1
            assert not screen.query_one(DataTable).display
            await pilot.press("a")  # the keys work without a row
            await settle(pilot)
            assert isinstance(app.screen, MunicipalityPicker)


async def test_a_municipality_added_to_a_network_under_way_is_a_member_from_today(
        demo_store, demo_network, store) -> None:
    """Flakstad added today appeared in the summary of cycle 3 (held in the spring): the
    picker left its join date empty, which counts as a founding member."""
    from facilitator.cycle_build import build_summary
    from tests.conftest import TODAY

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _members(pilot, demo_network.id)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"flaks", "enter")
        await settle(pilot)
        assert any("med fra" in n.message for n in app._notifications)
    flakstad = next(m for m in demo_store.members.list(demo_network.id) if m.name == "Flakstad")
    assert flakstad.joined_on == TODAY
    assert "Flakstad" not in build_summary(demo_store, demo_network.id, 3).municipalities
    # setting up a new network: founding members, in every cycle
    net = store.networks.create("Nytt nettverk")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _members(pilot, net.id)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"flaks", "enter")
        await settle(pilot)
    [member] = store.members.list(net.id)
    assert member.joined_on is None


async def test_a_stored_address_that_is_no_address_is_flagged(demo_store, demo_network,
                                                              demo_path) -> None:
    """An address stored past the checks (an older version, another program) is marked
    ⚠ in the list and counted in the status line; the form shows it made visible and
    refuses it at the field until it is corrected."""
    import sqlite3

    person = demo_store.members.participants(demo_network.id)[0]
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE participant SET email = ? WHERE id = ?",
                 ("kari@example.no\nBcc: b@evil.example", person.id))
    conn.commit()
    conn.close()
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _members(pilot, demo_network.id)
        assert "⚠ 1 ugyldig e-postadresse" in str(screen.query_one("#mb-status").render())
        await _to_row(pilot, screen, lambda r: isinstance(r, Person) and r.id == person.id)
        table = screen.query_one(DataTable)
        email = str(table.get_row_at(table.cursor_row)[2])
        assert email.startswith("⚠ kari@example.n")  # cut to the column
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ParticipantForm)
        field = form.query_one("#email", Input)
        assert field.value == "kari@example.no<U+000A>Bcc: b@evil.example"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "ser ikke ut som en e-postadresse" in _field_error(form, "email")
        field.value = "kari@example.no"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "ugyldig" not in str(screen.query_one("#mb-status").render())
    assert _person(demo_store, demo_network.id, person.name).email == "kari@example.no"
