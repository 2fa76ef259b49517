"""Dialogs with buttons take ← and → (and Tab) between them; no sentence on a main
screen is cut mid-word at 80 columns, in bokmål or English."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Button, DataTable, Static

from tests.conftest import make_app, settle


async def test_the_delete_dialog_takes_the_arrow_keys(demo_store, demo_network) -> None:
    """← and → did nothing in the delete dialog: only Tab went to the other button."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        dialog = app.screen
        assert type(dialog).__name__ == "ConfirmScreen"
        assert app.focused.id == "no"  # the safe answer first
        await pilot.press("left")
        assert app.focused.id == "yes"
        await pilot.press("right")
        assert app.focused.id == "no"
        await pilot.press("right")  # round
        assert app.focused.id == "yes"
        await pilot.press("tab")
        assert app.focused.id == "no"
        await pilot.press("left", "enter")  # the arrow chose «Slett»
        await settle(pilot)
    assert demo_store.networks.find(demo_network.name) is None


async def test_the_kiosk_set_up_buttons_take_the_arrow_keys(demo_store, demo_network) -> None:
    from facilitator.screens.kiosk_setup import KioskSetupScreen

    g4 = next(g for g in demo_store.gatherings.list(demo_network.id) if g.seq == 4)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(KioskSetupScreen(g4.id))
        await settle(pilot)
        app.screen.query_one("#k-start", Button).focus()
        await settle(pilot)
        await pilot.press("right")
        assert app.focused.id == "k-cancel"
        await pilot.press("left")
        assert app.focused.id == "k-start"


def _cut_cells(screen) -> list[str]:
    """Our own words in a table cell wider than its column (user text is cut with …
    on purpose), and text in a fixed-height line that needs more lines than it has."""
    cut = []
    for table in screen.query(DataTable):
        if not table.display:
            continue
        columns = list(table.columns.values())
        for row in range(table.row_count):
            for column, cell in zip(columns, table.get_row_at(row), strict=False):
                plain = cell.plain if isinstance(cell, Text) else str(cell)
                if not plain.endswith("…") and column.width and not column.auto_width and \
                        max((cell_len(line) for line in plain.split("\n")), default=0) > column.width:
                    cut.append(f"{table.id}: {plain!r} in {column.width}")
    for widget in screen.query(Static):
        if not widget.display or type(widget).__name__ in ("FittedLine", "FooterKey"):
            continue
        if widget.styles.text_overflow == "ellipsis" or not widget.content_size.width:
            continue
        size = widget.content_size
        needed = widget.get_content_height(size, screen.size, size.width)
        if needed > size.height and widget.styles.overflow_y == "hidden":
            cut.append(f"{widget.id}: {str(widget.render())[:60]!r} needs {needed} lines, has {size.height}")
    return cut


@pytest.mark.parametrize("lang", ["nb", "en"])
async def test_no_sentence_is_cut_at_80_columns(demo_store, demo_network, lang) -> None:
    """'Ingen møter ennå: try' was cut mid-word in the meetings list of a network
    without meetings (the hint was a table cell). Every main screen, of an empty
    network and of the demo, in both languages."""
    empty = demo_store.networks.create("Tomt nettverk")
    for network in (empty, demo_network):
        app = make_app(demo_store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert _cut_cells(app.screen) == []
            rows = app.screen.rows
            index = next(i for i, row in enumerate(rows) if row.id == network.id)
            await pilot.press(*["down"] * index, "enter")
            await settle(pilot)
            assert _cut_cells(app.screen) == [], "overview"
            for key in ("m", "s", "h", "k", "t", "p"):
                await pilot.press(key)
                await settle(pilot)
                assert _cut_cells(app.screen) == [], key
                await pilot.press("escape")
                await settle(pilot)
