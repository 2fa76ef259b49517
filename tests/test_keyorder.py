"""Keys typed in a burst are handled in the order typed (facilitator/keyorder.py)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from facilitator.keyorder import KeysInOrder
from tests.conftest import burst, make_app, settle


class TwoFields(KeysInOrder[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="a")
        yield Input(id="b")


async def test_backspace_and_tab_keep_their_place_in_a_burst() -> None:
    app = TwoFields()
    async with app.run_test() as pilot:
        burst(app, "a", "b", "c", "backspace", "d", "tab", "x", "y", "backspace", "z")
        await settle(pilot)
        assert app.query_one("#a", Input).value == "abd"
        assert app.query_one("#b", Input).value == "xz"
        assert app.keys_given_up == 0


async def test_a_burst_in_a_form_and_across_screens(demo_store, demo_network) -> None:
    from facilitator.screens.gathering_form import GatheringForm
    from facilitator.screens.gatherings import GatheringsScreen

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, "enter", "s")  # open the network, then its gatherings: no waiting
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)
        burst(app, "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GatheringForm)
        form.query_one("#title", Input).focus()
        await settle(pilot)
        burst(app, *"Kartleggin", "g", "x", "backspace", "tab", "tab", *"01.06.2027")
        await settle(pilot)
        assert form.query_one("#title", Input).value == "Kartlegging"
        assert form.query_one("#date", Input).value == "01.06.2027"
        assert app.keys_given_up == 0


async def test_letters_typed_right_after_opening_a_form_land_in_it(demo_store) -> None:
    """'n' opens the network form; the letters typed straight after it wait until the
    form has mounted and focused its first field (the first one used to vanish)."""
    from facilitator.screens.network_form import NetworkForm

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(app, "n", "X", "y", "z")
        await settle(pilot)
        assert isinstance(app.screen, NetworkForm)
        assert app.screen.query_one("#name", Input).value == "Xyz"
        assert app.keys_given_up == 0
