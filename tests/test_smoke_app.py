"""The app opens on the network list and shows the demo network."""

from __future__ import annotations

from textual.widgets import DataTable

from tests.conftest import make_app


async def test_network_list_shows_demo(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert "ROBEK-nettverk Nord" in str(table.get_row_at(0)[0])


async def test_empty_database_offers_welcome(store) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#welcome").display is True
        await pilot.click("#open-demo")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [n.name for n in store.networks.list()] == ["ROBEK-nettverk Nord"]
        assert app.screen.query_one(DataTable).row_count == 1


def test_no_handler_calls_its_base_handler() -> None:
    """Textual dispatches a message to the handler of every class in the MRO; a
    `super().on_mount()` inside a handler runs the base one twice (a form loaded
    twice once unticked a meeting's participants on save)."""
    import re
    from pathlib import Path

    package = Path(__file__).parents[1] / "facilitator"
    # (on_event is the dispatcher itself, not a handler: overriding it calls super.)
    pattern = re.compile(r"super\(\)\._?on_(?!event\()[a-z_]+\(")
    offenders = [f"{path.relative_to(package)}:{n}"
                 for path in package.rglob("*.py")
                 for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offenders == []


async def test_a_form_loads_once(demo_store, demo_network, monkeypatch) -> None:
    from facilitator.screens.gathering_form import GatheringForm

    calls = []
    original = GatheringForm.load
    monkeypatch.setattr(GatheringForm, "load", lambda self: (calls.append(1), original(self)))
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        app.push_screen(GatheringForm(demo_network.id))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, GatheringForm)
        assert calls == [1]


async def test_f1_works_in_a_dialog(demo_store) -> None:
    """A modal screen does not pass keys to the app: F1 must be its own binding."""
    from facilitator.screens.dialogs import ConfirmScreen
    from facilitator.screens.help import HelpScreen

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert [n.name for n in demo_store.networks.list()] == ["ROBEK-nettverk Nord"]
