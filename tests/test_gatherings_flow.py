"""Gatherings from the keyboard: the list, the form, attendance and the theme matrix.

Every flow is driven with keys through Pilot and checked against the database rows.
"""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input, Select

from facilitator.parse import format_date
from facilitator.screens.attendance import AttendanceScreen
from facilitator.screens.gathering_form import GatheringForm
from facilitator.screens.gatherings import GatheringsScreen, date_span
from facilitator.screens.theme_matrix import ThemeMatrixScreen
from tests.conftest import make_app, settle


def _gathering(store, network, seq):
    return next(g for g in store.gatherings.list(network.id) if g.seq == seq)


def _theme_names(store, gathering_id):
    names = {th.id: th.name for th in store.gatherings.themes(store.gatherings.get(gathering_id)
                                                          .network_id)}
    return sorted(names[tid] for tid in store.gatherings.theme_ids(gathering_id))


async def _push(pilot, screen) -> None:
    await settle(pilot)
    pilot.app.push_screen(screen)
    await settle(pilot)


async def _type_into(pilot, widget_id: str, text: str) -> None:
    field = pilot.app.screen.query_one(f"#{widget_id}", Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)


async def _go_on(pilot) -> None:
    """Answer yes to "Gathering 5 is on …: it has not been held yet. … anyway?"."""
    assert type(pilot.app.screen).__name__ == "ConfirmScreen"
    await pilot.press("j")
    await settle(pilot)


def _error(form, field: str) -> str:
    return str(form.query_one(f"#box-{field} .field-error").render())


def test_date_span() -> None:
    assert date_span(date(2026, 10, 20), None) == "20.10.2026"
    assert date_span(date(2026, 10, 20), date(2026, 10, 21)) == "20.–21.10.2026"
    assert date_span(date(2026, 9, 30), date(2026, 10, 1)) == "30.09.–01.10.2026"
    assert date_span(date(2026, 12, 30), date(2027, 1, 2)) == "30.12.2026–02.01.2027"


async def test_overview_leads_to_gatherings_and_matrix(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the demo network's overview
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 6
        first = [str(c) for c in table.get_row_at(0)]
        assert first[:3] == ["1", "05.–06.03.2026", "Oppstart"]
        assert first[5] == str(sum(demo_store.gatherings.attendance(table.coordinate_to_cell_key(
            (0, 0)).row_key.value).values()))
        assert [str(c) for c in table.get_row_at(5)][5] == "–"  # not held yet
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ThemeMatrixScreen)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "OverviewScreen"


async def test_create_gathering_through_form(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(demo_network.id))
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GatheringForm)
        assert form.query_one("#seq", Input).value == "7"  # the next free number
        form.query_one("#title", Input).value = "[bold]Oppfølging[/] \x1b[31m 🎉"
        await _type_into(pilot, "date", "31.02.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "31.02.2026" in _error(form, "date")
        assert form.query_one("#date", Input).value == "31.02.2026"  # the text is kept
        assert len(demo_store.gatherings.list(demo_network.id)) == 6
        await _type_into(pilot, "date", "2027-04-14")
        await _type_into(pilot, "end_date", "13.04.2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.query_one("#box-end_date").has_class("-invalid")
        assert "før" in _error(form, "end_date")
        assert not form.query_one("#box-date").has_class("-invalid")
        await _type_into(pilot, "end_date", "15.04.2027")
        await _type_into(pilot, "place", "Bodø")
        form.query_one("#kind", Select).focus()
        await pilot.press("enter", "down", "down", "enter")  # Nettverkssamling → Prosjektleder…
        form.query_one("#theme_ids").focus()
        await pilot.press("space")  # the first theme: Forpliktende plan
        await _type_into(pilot, "new_theme", "[bold]Sykefravær[/]")
        await pilot.press("enter")  # added to the network's list and ticked
        await settle(pilot)
        assert form.query_one("#new_theme", Input).value == ""
        await _type_into(pilot, "new_theme", "Omdømme")  # typed, saved without Enter
        form.query_one("#notes").focus()
        await pilot.press(*"Husk lunsj")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)
    g = _gathering(demo_store, demo_network, 7)
    assert g.kind == "prosjektledersamling"
    assert (g.date, g.end_date) == (date(2027, 4, 14), date(2027, 4, 15))
    assert g.title == "[bold]Oppfølging[/] \x1b[31m 🎉" and g.place == "Bodø"
    assert g.notes == "Husk lunsj"
    assert _theme_names(demo_store, g.id) == ["Forpliktende plan", "Omdømme",
                                              "[bold]Sykefravær[/]"]
    assert len(demo_store.gatherings.themes(demo_network.id)) == 12


async def test_list_shows_user_text_literally(demo_store, demo_network) -> None:
    demo_store.gatherings.create(demo_network.id, date=date(2027, 5, 4),
                                title="[bold]x[/] \x1b[31m 🎉", place="[/]")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(demo_network.id))
        row = [str(c) for c in app.screen.query_one(DataTable).get_row_at(6)]
        assert row[3].startswith("[bold]x[/] ␛[31m") and row[4] == "[/]"


async def test_duplicate_number_shown_at_the_field(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringForm(demo_network.id))
        form = app.screen
        await _type_into(pilot, "seq", "3")
        await _type_into(pilot, "date", "01.06.2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.query_one("#box-seq").has_class("-invalid")
        assert "3" in _error(form, "seq")
        assert app.focused is form.query_one("#seq")
        assert form.query_one("#date", Input).value == "01.06.2027"
    assert len(demo_store.gatherings.list(demo_network.id)) == 6


async def test_required_number_and_date(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringForm(demo_network.id))
        form = app.screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Dato må fylles ut" in _error(form, "date")
        await _type_into(pilot, "seq", "0")
        await _type_into(pilot, "date", "01.06.2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "«0»" in _error(form, "seq")
    assert len(demo_store.gatherings.list(demo_network.id)) == 6


async def test_escape_on_a_changed_form_asks(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(demo_network.id))
        await pilot.press("n")
        await settle(pilot)
        await _type_into(pilot, "title", "Halvtidssamling")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("escape")  # no: back to the form, text kept
        await settle(pilot)
        assert app.screen.query_one("#title", Input).value == "Halvtidssamling"
        await pilot.press("f1")  # help and back: still kept
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#title", Input).value == "Halvtidssamling"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)
    assert len(demo_store.gatherings.list(demo_network.id)) == 6


async def test_escape_on_an_unchanged_form_leaves(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(demo_network.id))
        await pilot.press("down", "down", "e")
        await settle(pilot)
        assert isinstance(app.screen, GatheringForm)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)


async def test_edit_gathering(demo_store, demo_network) -> None:
    g3 = _gathering(demo_store, demo_network, 3)
    assert _theme_names(demo_store, g3.id) == ["KOSTRA-analyse", "Politikk og administrasjon",
                                               "Økonomisk handlingsrom per tjeneste"]
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(demo_network.id))
        await pilot.press("home", "down", "down", "enter")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#date", Input).value == "25.08.2026"
        await _type_into(pilot, "place", "Stokmarknad")
        form.query_one("#theme_ids").focus()
        await pilot.press("down", "down", "down", "space")  # untick KOSTRA-analyse
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)
        table = app.screen.query_one(DataTable)
        assert table.cursor_row == 2  # back on the edited row
    g = demo_store.gatherings.get(g3.id)
    assert g.place == "Stokmarknad" and g.seq == 3 and g.title == g3.title
    assert _theme_names(demo_store, g.id) == ["Politikk og administrasjon",
                                              "Økonomisk handlingsrom per tjeneste"]


async def test_delete_gathering_asks_first(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(demo_network.id))
        await pilot.press("end", "delete")
        await settle(pilot)
        assert "samling 6" in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await settle(pilot)
        assert len(demo_store.gatherings.list(demo_network.id)) == 6
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 5
    assert [g.seq for g in demo_store.gatherings.list(demo_network.id)] == [1, 2, 3, 4, 5]


async def test_attendance_space_toggles(demo_store, demo_network) -> None:
    g5 = _gathering(demo_store, demo_network, 5)  # ahead: nobody marked yet
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, AttendanceScreen(g5.id))
        await _go_on(pilot)  # not held yet: asked first
        screen = app.screen
        assert str(screen.query_one("#att-count").render()) == "Til stede: 0 av 30"
        await pilot.press("down", "space")  # the first person of the first municipality
        await settle(pilot)
        first = screen.people[0]
        assert demo_store.gatherings.attendance(g5.id) == {first.id: True}
        assert str(screen.query_one("#att-count").render()) == "Til stede: 1 av 30"
        assert str(screen.query_one(DataTable).get_row_at(1)[0]) == "✓"
        await pilot.press("space", "space", "space", "space")  # quickly: order is kept
        await settle(pilot)
        assert demo_store.gatherings.attendance(g5.id) == {first.id: True}
        await pilot.press("space")
        await settle(pilot)
        assert demo_store.gatherings.attendance(g5.id) == {first.id: False}
        assert str(screen.query_one(DataTable).get_row_at(1)[0]) == "✗"


async def test_attendance_marks_a_whole_municipality(demo_store, demo_network) -> None:
    g5 = _gathering(demo_store, demo_network, 5)
    people = demo_store.members.participants(demo_network.id, include_inactive=False)
    andoy = [p.id for p in people if p.municipality == "Andøy"]
    assert people[0].municipality == "Andøy" and len(andoy) == 4
    inactive = andoy[-1]
    demo_store.members.deactivate_participant(inactive)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, AttendanceScreen(g5.id))
        await _go_on(pilot)  # not held yet: asked first
        screen = app.screen
        assert len(screen.people) == 29  # inactive people are not listed
        await pilot.press("down", "space")  # one of Andøy present
        await pilot.press("down", "m")  # then all of Andøy
        await settle(pilot)
        marked = demo_store.gatherings.attendance(g5.id)
        assert {pid for pid, present in marked.items() if present} == set(andoy[:-1])
        assert str(screen.query_one("#att-count").render()) == "Til stede: 3 av 29"
        await pilot.press("m")  # all present already: all absent
        await settle(pilot)
        assert [pid for pid, present in demo_store.gatherings.attendance(g5.id).items() if present] == []
        await pilot.press("up", "up", "space")  # space on a municipality heading works like m
        await settle(pilot)
        assert sum(demo_store.gatherings.attendance(g5.id).values()) == 3
        assert inactive not in demo_store.gatherings.attendance(g5.id)


async def test_theme_matrix_shows_the_demo_links(demo_store, demo_network) -> None:
    matrix = demo_store.gatherings.theme_matrix(demo_network.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, ThemeMatrixScreen(demo_network.id))
        table = app.screen.query_one(DataTable)
        assert table.row_count == 10 and len(table.columns) == 7
        shown = {
            (gid, tid)
            for r, (tid, _name) in enumerate(matrix.themes)
            for c, (gid, *_rest) in enumerate(matrix.gatherings, start=1)
            if str(table.get_cell_at((r, c))) == "X"
        }
        assert shown == set(matrix.cells)
        assert str(table.get_row_at(2)[0]) == "Kartlegging"
        assert [str(v) for v in table.get_row_at(2)[1:]] == ["X", "", "", "", "", ""]
        assert table.cursor_coordinate == (0, 1)
        await pilot.press("space")  # Forpliktende plan at gathering 1
        await settle(pilot)
        g1 = _gathering(demo_store, demo_network, 1)
        assert "Forpliktende plan" in _theme_names(demo_store, g1.id)
        await pilot.press("down", "down", "space")  # Kartlegging off gathering 1
        await settle(pilot)
        assert _theme_names(demo_store, g1.id) == [
            "Forpliktende plan", "Trepartssamarbeid", "Økonomisk perspektivanalyse"]


async def test_theme_matrix_edits_the_gathering_of_a_column(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, ThemeMatrixScreen(demo_network.id))
        await pilot.press("right", "right", "e")
        await settle(pilot)
        assert isinstance(app.screen, GatheringForm)
        assert app.screen.query_one("#seq", Input).value == "3"


def test_gathering_form_snapshot(snap_compare, demo_store, demo_network) -> None:
    g3 = _gathering(demo_store, demo_network, 3)

    async def open_form(pilot) -> None:
        await _push(pilot, GatheringForm(demo_network.id, g3.id))

    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=open_form)


def test_attendance_snapshot(snap_compare, demo_store, demo_network) -> None:
    g4 = _gathering(demo_store, demo_network, 4)

    async def open_list(pilot) -> None:
        await _push(pilot, AttendanceScreen(g4.id))

    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=open_list)


def _row_errors(form) -> list[str]:
    """The lines under the form's rows that show their fields' errors, as on screen."""
    from facilitator.screens.form import RowErrors

    return [str(line.render()) for line in form.query(RowErrors) if line.display]


async def test_a_number_above_999_is_refused_at_the_field(demo_store, demo_network) -> None:
    """0123456789 was saved as 123456789, shown as "123" in the list and "89" here."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringForm(demo_network.id))
        form = app.screen
        await _type_into(pilot, "seq", "0123456789")
        await _type_into(pilot, "date", "01.06.2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GatheringForm)
        assert "«0123456789» er for stort" in _error(form, "seq")
        assert "1 til 999" in _error(form, "seq")
        await _type_into(pilot, "seq", "007")  # leading zeros are fine
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, GatheringForm)  # saved and closed
    assert sorted(g.seq for g in demo_store.gatherings.list(demo_network.id)) == [
        1, 2, 3, 4, 5, 6, 7]


async def test_the_number_column_shows_whole_numbers(demo_store, demo_network) -> None:
    demo_store.gatherings.create(demo_network.id, seq=999, date=date(2027, 5, 4))
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(demo_network.id))
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(6)[0]) == "999"
        assert table.columns[table.coordinate_to_cell_key((0, 0)).column_key].width >= 3


async def test_the_error_of_a_narrow_field_spans_its_row(demo_store, demo_network) -> None:
    """The duplicate-number error was squeezed into the Nr column, a word a line."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringForm(demo_network.id))
        form = app.screen
        await _type_into(pilot, "seq", "4")
        await _type_into(pilot, "date", "01.06.2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = "Samling nummer 4 finnes allerede i dette nettverket."
        assert _row_errors(form) == [message]  # one line, under the whole row
        from facilitator.screens.form import RowErrors

        line = form.query_one(RowErrors)
        assert line.region.width > len(message) and line.region.height == 1
        assert not form.query_one("#box-seq .field-error").display  # not in the column
        assert form.query_one("#box-seq").has_class("-invalid")  # the field is marked
        await pilot.press("8")  # the number was selected: typing replaces it
        await settle(pilot)
        assert form.query_one("#seq", Input).value == "8"
        assert _row_errors(form) == []  # changed: the error has gone
        assert not form.query_one("#box-seq").has_class("-invalid")


async def test_number_and_date_in_another_order_warns_but_saves(demo_store,
                                                               demo_network) -> None:
    """Gathering 7 on 20.01.2027 comes before gathering 6 (02.03.2027): say so."""
    g6, g2 = (_gathering(demo_store, demo_network, n) for n in (6, 2))
    assert g6.date == date(2027, 3, 2)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(demo_network.id))
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        warning = form.query_one("#gf-order")
        assert form.query_one("#seq", Input).value == "7"
        await _type_into(pilot, "date", "20.03.2027")  # after 6: in order
        await settle(pilot)
        assert not warning.display
        await _type_into(pilot, "date", "20.01.2027")
        await settle(pilot)
        assert warning.display
        text = str(warning.render())
        assert "samling 6" in text and "02.03.2027" in text and "lagre likevel" in text
        await pilot.press("ctrl+s")  # a warning, not a refusal
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)
        await pilot.press("home", "enter")  # gathering 1 with a date after gathering 2
        await settle(pilot)
        await _type_into(pilot, "date", "01.06.2026")
        await settle(pilot)
        text = str(app.screen.query_one("#gf-order").render())
        assert "samling 2" in text and format_date(g2.date) in text
    g7 = _gathering(demo_store, demo_network, 7)
    assert g7.date == date(2027, 1, 20)


async def test_the_list_starts_on_the_next_gathering(demo_store, demo_network) -> None:
    """The cursor started on gathering 1; the adviser works on the next one."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(demo_network.id))
        screen = app.screen
        table = screen.query_one(DataTable)
        assert screen.rows[table.cursor_row].seq == 5  # 22.12.2026, 30 days ahead
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == 5
        await pilot.press("up", "e")  # the list keeps its place after a form
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert table.cursor_row == 4
    # after the last gathering: the latest held
    for g in demo_store.gatherings.list(demo_network.id)[4:]:
        demo_store.gatherings.delete(g.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(demo_network.id))
        screen = app.screen
        assert screen.rows[screen.query_one(DataTable).cursor_row].seq == 4


async def test_gathering_list_keys_fit_and_all_are_listed(demo_store, demo_network) -> None:
    from facilitator.screens.help import HelpScreen

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(demo_network.id))
        shown = _footer_keys(app.screen)
        assert shown[:2] == [("⏎", "Rediger"), ("n", "Ny samling")]
        names = [c.title for c in app.get_system_commands(app.screen)]
        for name in ("Rediger", "Temamatrise", "Slett", "Tilbake", "Kiosk"):
            assert name in names
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys").content)
        for key, name in (("e", "Rediger"), ("⏎", "Rediger"), ("t", "Temamatrise"),
                          ("del", "Slett"), ("esc", "Tilbake")):
            assert any(line.split() == [key, name] for line in keys.splitlines()), key


def _footer_keys(screen) -> list[tuple[str, str]]:
    """The footer's keys as they are on screen; each one whole, none under the palette."""
    from textual.widgets._footer import FooterKey

    footer = screen.query_one("Footer")
    keys = [k for k in footer.query(FooterKey) if k.display]
    palette = [k for k in keys if k.has_class("-command-palette")]
    assert palette
    for key in keys:
        if key not in palette:
            assert key.region.right <= palette[0].region.x, key.description
            assert key.region.width >= len(key.key_display) + len(key.description) + 1
    return [(k.key_display, k.description) for k in keys if k not in palette]


async def test_an_empty_list_says_so_whole(store) -> None:
    net = store.networks.create("Tomt nettverk")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(net.id))
        hint = app.screen.query_one("#gl-empty")
        assert hint.display and str(hint.render()) == "Ingen samlinger ennå: trykk n."
        assert hint.region.width >= len("Ingen samlinger ennå: trykk n.")


async def test_theme_matrix_columns_show_the_year(demo_store, demo_network) -> None:
    """The columns said "09.03" and "20.01" with the gatherings over two years."""
    from facilitator.screens.theme_matrix import column_years

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, ThemeMatrixScreen(demo_network.id))
        table = app.screen.query_one(DataTable)
        labels = [str(c.label).split("\n") for c in list(table.columns.values())[1:]]
        assert labels[0] == ["1", "05.03", "2026"]
        assert labels[1][2] == "" and labels[-1] == ["6", "02.03", "2027"]
    days = [("a", 1, "", date(2026, 12, 1)), ("b", 2, "", date(2027, 1, 5)),
            ("c", 3, "", date(2027, 3, 1))]
    assert column_years(days) == ["2026", "2027", ""]


async def test_the_proposed_number_is_replaced_by_what_is_typed(demo_store, demo_network
                                                                ) -> None:
    """The new form proposes 7: typing 8 gives 8 (not 78); End or an arrow keeps the 7 to
    edit; an existing gathering's number is edited from the end, as every field."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(demo_network.id))
        for keys, expected in ((["8"], "8"), (["end", "1"], "71"), (["left", "1"], "17"),
                               (["backspace", "9"], "9")):
            await pilot.press("n")
            await settle(pilot)
            seq = app.screen.query_one("#seq", Input)
            assert app.focused is seq and seq.value == "7"
            await pilot.press(*keys)
            assert seq.value == expected, keys
            await _type_into(pilot, "date", "01.06.2027")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, GatheringsScreen)
            demo_store.gatherings.delete(_gathering(demo_store, demo_network, int(expected)).id)
            app.screen.load()
            await settle(pilot)
        await pilot.press("home", "down", "down", "enter")  # gathering 3
        await settle(pilot)
        seq = app.screen.query_one("#seq", Input)
        assert app.focused is seq and seq.value == "3"
        await pilot.press("4")
        assert seq.value == "34"


async def test_attendance_for_a_gathering_not_held_yet_asks_first(demo_store, demo_network
                                                                  ) -> None:
    """Gathering 5 is on 15.12.2026, 23 days after today: attendance (who came) is asked
    about first, as the evaluation is; no leaves it untouched, yes says so on the screen."""
    g5 = _gathering(demo_store, demo_network, 5)
    for lang, question, line in (
            ("nb", "Samling 5 er 15.12.2026, om 23 dager: den er ikke holdt ennå. "
                   "Registrere oppmøte for den likevel?",
             "! Samling 5 er 15.12.2026, om 23 dager: den er ikke holdt ennå."),
            ("en", "Gathering 5 is on 15.12.2026, in 23 days: it has not been held yet. "
                   "Take attendance for it anyway?",
             "! Gathering 5 is on 15.12.2026, in 23 days: it has not been held yet.")):
        app = make_app(demo_store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await _push(pilot, GatheringsScreen(demo_network.id))
            assert app.screen.current().seq == 5  # the list starts on the next gathering
            await pilot.press("a")
            await settle(pilot)
            assert type(app.screen).__name__ == "ConfirmScreen"
            assert question in " ".join(str(w.render()) for w in app.screen.query("Static"))
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, GatheringsScreen)
            await pilot.press("space")  # nothing marked behind the question
            assert not any(demo_store.gatherings.attendance(g5.id).values())
            await pilot.press("a")
            await settle(pilot)
            # behind the question nothing claims the network has no participants
            behind = app.screen_stack[-2]
            assert isinstance(behind, AttendanceScreen)
            assert not behind.query_one("#att-empty").display
            await pilot.press("f1")  # the key for yes in this language
            await settle(pilot)
            keys = str(app.screen.query_one("#help-keys").content)
            assert ("j           Ja" if lang == "nb" else "y           Yes") in keys
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("enter")  # Enter takes the first button: go on
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, AttendanceScreen)
            assert str(screen.query_one("#att-future").render()) == line
            await pilot.press("down", "space")
            await settle(pilot)
            assert [pid for pid, came in demo_store.gatherings.attendance(g5.id).items() if came] == [
                screen.people[0].id]
            demo_store.gatherings.set_attendance(g5.id, screen.people[0].id, False)
        g4 = _gathering(demo_store, demo_network, 4)  # held: no question, no line
        app = make_app(demo_store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await _push(pilot, AttendanceScreen(g4.id))
            assert isinstance(app.screen, AttendanceScreen)
            assert not app.screen.query_one("#att-future").display
