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
        assert [n.name for n in store.list_networks()] == ["ROBEK-nettverk Nord"]
        assert app.screen.query_one(DataTable).row_count == 1
