"""The command palette (ctrl+p): in the user's language, and it runs the actions."""

from __future__ import annotations

import asyncio

from textual.command import CommandInput, CommandList

from tests.conftest import make_app, settle


async def test_palette_speaks_norwegian_and_runs_an_action(demo_store) -> None:
    from facilitator.screens.network_form import NetworkForm
    from facilitator.screens.palette import Palette

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert isinstance(palette, Palette)
        assert palette.query_one(CommandInput).placeholder == "Søk etter en handling …"
        await pilot.press(*"qqqzzz")
        await asyncio.sleep(0.8)  # the palette waits before it says nothing matched
        await pilot.pause()
        listing = palette.query_one(CommandList)
        shown = [str(listing.get_option_at_index(i).prompt.renderable)
                 for i in range(listing.option_count)]
        assert shown == ["Ingen treff"]
        for _ in range(6):
            await pilot.press("backspace")
        await pilot.press(*"nytt nett")
        await asyncio.sleep(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NetworkForm)


async def test_palette_in_english(demo_store) -> None:
    from textual.command import CommandInput

    app = make_app(demo_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert app.screen.query_one(CommandInput).placeholder == "Search for an action …"


async def test_show_keys_opens_the_help_in_the_users_language(demo_store) -> None:
    """"Vis taster" opened Textual's key panel: its widgets' keys in English ("Cursor up",
    "Focus Next"), squeezing the screen. It opens the screen's own help instead."""
    from facilitator.screens.help import HelpScreen

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"vis taster")
        await asyncio.sleep(0.3)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Tastene" in shown or "taster" in shown.lower()
        assert "Cursor" not in shown and "Focus Next" not in shown
