"""The first screen and the network overview: flows, literal text, snapshots at 80×24."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from tests.conftest import TODAY, make_app, settle


async def _open_demo(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def test_network_list_snapshot(snap_compare, demo_store) -> None:
    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=settle)


def test_overview_snapshot(snap_compare, demo_store) -> None:
    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=_open_demo)


def test_overview_at_200x60(snap_compare, demo_store) -> None:
    assert snap_compare(make_app(demo_store), terminal_size=(200, 60), run_before=_open_demo)


async def test_overview_shows_cycle(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_demo(pilot)
        data = app.screen.data
        assert data.last.seq == 4 and data.next.seq == 5
        assert (data.next.date - TODAY).days == 23
        grid = app.screen.query_one("#ov-grid", DataTable)
        assert grid.row_count == 7
        assert len(data.trend) == 4


async def test_create_network_through_form(store) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#name", Input).value = "[bold]Nettverk[/] Sør \x1b[31m 🎉"
        form.query_one("#start_date", Input).value = "31.02.2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "31.02.2026" in str(form.query_one("#box-start_date .field-error").render())
        assert store.list_networks() == []  # nothing saved, text kept
        assert form.query_one("#name", Input).value.startswith("[bold]")
        form.query_one("#start_date", Input).value = "2026-01-15"
        form.query_one("#end_date", Input).value = "01.01.2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "#box-end_date" and form.query_one("#box-end_date").has_class("-invalid")
        form.query_one("#end_date", Input).value = "15.12.2026"
        form.query_one("#contact_emails", Input).value = "a@example.no; b@example.no"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [net] = store.list_networks()
        assert net.name == "[bold]Nettverk[/] Sør \x1b[31m 🎉"
        assert str(net.start_date) == "2026-01-15" and str(net.end_date) == "2026-12-15"
        assert net.contact_emails == "a@example.no, b@example.no"
        assert len(store.list_questions(net.id)) == 4
        table = app.screen.query_one(DataTable)
        shown = str(table.get_row_at(0)[0])
        assert "[bold]" in shown and "\x1b" not in shown and "␛" in shown


async def test_leaving_a_changed_form_asks(store) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Nord")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("escape")  # "no": back to the form, text kept
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "Nord"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert type(app.screen).__name__ == "NetworksScreen"
        assert store.list_networks() == []


async def test_delete_network_asks_first(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert len(demo_store.list_networks()) == 1
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert demo_store.list_networks() == []


async def test_language_switch_is_remembered(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_switch_language()
        await settle(pilot)
        assert demo_store.get_setting("language") == "en"
        table = app.screen.query_one(DataTable)
        assert "Network" in str(table.columns[next(iter(table.columns))].label)


async def test_command_palette_reaches_screen_actions(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert "Nytt nettverk" in names and "Hjelp" in names and "Avslutt" in names
        assert len(names) == len(set(names))


async def test_help_lists_screen_keys(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        text = str(app.screen.query_one("#help-keys").content)
        assert "Nytt nettverk" in text and "Cursor" not in text
        await pilot.press("escape")
        assert type(app.screen).__name__ == "NetworksScreen"


async def test_refused_database_shows_reason(tmp_path) -> None:
    bad = tmp_path / "garbage.db"
    bad.write_bytes(b"not a database at all" * 100)
    before = bad.read_bytes()
    app = make_app(target=bad)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "FatalScreen"
        assert "garbage.db" in app.screen.message
    assert bad.read_bytes() == before
