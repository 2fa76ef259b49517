"""Gatherings from the keyboard: the list, the form, attendance and the theme matrix.

Every flow is driven with keys through Pilot and checked against the database rows.
"""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Input, Select

from facilitator.screens.attendance import AttendanceScreen
from facilitator.screens.gathering_form import GatheringForm
from facilitator.screens.gatherings import GatheringsScreen, date_span
from facilitator.screens.theme_matrix import ThemeMatrixScreen
from tests.conftest import make_app, settle


def _gathering(store, network, seq):
    return next(g for g in store.list_gatherings(network.id) if g.seq == seq)


def _theme_names(store, gathering_id):
    names = {th.id: th.name for th in store.list_themes(store.get_gathering(gathering_id)
                                                          .network_id)}
    return sorted(names[tid] for tid in store.gathering_theme_ids(gathering_id))


async def _push(pilot, screen) -> None:
    await settle(pilot)
    pilot.app.push_screen(screen)
    await settle(pilot)


async def _type_into(pilot, widget_id: str, text: str) -> None:
    field = pilot.app.screen.query_one(f"#{widget_id}", Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)


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
        assert first[5] == str(sum(demo_store.attendance(table.coordinate_to_cell_key(
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
        assert len(demo_store.list_gatherings(demo_network.id)) == 6
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
    assert len(demo_store.list_themes(demo_network.id)) == 12


async def test_list_shows_user_text_literally(demo_store, demo_network) -> None:
    demo_store.create_gathering(demo_network.id, date=date(2027, 5, 4),
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
    assert len(demo_store.list_gatherings(demo_network.id)) == 6


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
    assert len(demo_store.list_gatherings(demo_network.id)) == 6


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
    assert len(demo_store.list_gatherings(demo_network.id)) == 6


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
        await pilot.press("down", "down", "enter")
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
    g = demo_store.get_gathering(g3.id)
    assert g.place == "Stokmarknad" and g.seq == 3 and g.title == g3.title
    assert _theme_names(demo_store, g.id) == ["Politikk og administrasjon",
                                              "Økonomisk handlingsrom per tjeneste"]


async def test_delete_gathering_asks_first(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, GatheringsScreen(demo_network.id))
        await pilot.press("ctrl+end", "delete")
        await settle(pilot)
        assert "samling 6" in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await settle(pilot)
        assert len(demo_store.list_gatherings(demo_network.id)) == 6
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 5
    assert [g.seq for g in demo_store.list_gatherings(demo_network.id)] == [1, 2, 3, 4, 5]


async def test_attendance_space_toggles(demo_store, demo_network) -> None:
    g5 = _gathering(demo_store, demo_network, 5)  # ahead: nobody marked yet
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, AttendanceScreen(g5.id))
        screen = app.screen
        assert str(screen.query_one("#att-count").render()) == "Til stede: 0 av 30"
        await pilot.press("down", "space")  # the first person of the first municipality
        await settle(pilot)
        first = screen.people[0]
        assert demo_store.attendance(g5.id) == {first.id: True}
        assert str(screen.query_one("#att-count").render()) == "Til stede: 1 av 30"
        assert str(screen.query_one(DataTable).get_row_at(1)[0]) == "✓"
        await pilot.press("space", "space", "space", "space")  # quickly: order is kept
        await settle(pilot)
        assert demo_store.attendance(g5.id) == {first.id: True}
        await pilot.press("space")
        await settle(pilot)
        assert demo_store.attendance(g5.id) == {first.id: False}
        assert str(screen.query_one(DataTable).get_row_at(1)[0]) == "✗"


async def test_attendance_marks_a_whole_municipality(demo_store, demo_network) -> None:
    g5 = _gathering(demo_store, demo_network, 5)
    people = demo_store.list_participants(demo_network.id, include_inactive=False)
    andoy = [p.id for p in people if p.municipality == "Andøy"]
    assert people[0].municipality == "Andøy" and len(andoy) == 4
    inactive = andoy[-1]
    demo_store.deactivate_participant(inactive)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _push(pilot, AttendanceScreen(g5.id))
        screen = app.screen
        assert len(screen.people) == 29  # inactive people are not listed
        await pilot.press("down", "space")  # one of Andøy present
        await pilot.press("down", "m")  # then all of Andøy
        await settle(pilot)
        marked = demo_store.attendance(g5.id)
        assert {pid for pid, present in marked.items() if present} == set(andoy[:-1])
        assert str(screen.query_one("#att-count").render()) == "Til stede: 3 av 29"
        await pilot.press("m")  # all present already: all absent
        await settle(pilot)
        assert [pid for pid, present in demo_store.attendance(g5.id).items() if present] == []
        await pilot.press("up", "up", "space")  # space on a municipality heading works like m
        await settle(pilot)
        assert sum(demo_store.attendance(g5.id).values()) == 3
        assert inactive not in demo_store.attendance(g5.id)


async def test_theme_matrix_shows_the_demo_links(demo_store, demo_network) -> None:
    matrix = demo_store.theme_matrix(demo_network.id)
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
