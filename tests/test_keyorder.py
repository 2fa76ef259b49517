"""Keys typed in a burst are handled in the order typed (facilitator/keyorder.py)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input

from facilitator.readiness import KeysWaitForReady
from tests.conftest import burst, make_app, settle


class TwoFields(KeysWaitForReady[None]):
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


async def test_tab_through_a_form_in_one_burst(demo_store, demo_network) -> None:
    """Tab is a binding the app runs when the key comes back up from the screen, which
    Textual marks as stopped there: the next letters must wait for it (the first digit
    of a date went into the drop-down before it, a place's first letter into the date)."""
    from facilitator.screens.gathering_form import GatheringForm

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(GatheringForm(demo_network.id))
        await settle(pilot)
        burst(app, "tab", *"Tittel her", "tab", "tab", *"31.05.2027", "tab", *"01.06.2027",
              "tab", *"Bodø")
        await settle(pilot)
        form = app.screen
        values = [form.query_one(f"#{f}", Input).value
                  for f in ("title", "date", "end_date", "place")]
        assert values == ["Tittel her", "31.05.2027", "01.06.2027", "Bodø"]
        assert app.keys_given_up == 0


async def test_municipalities_chosen_in_a_burst_are_all_added(demo_store, demo_network) -> None:
    """Enter adds the municipality and empties the search at once, so the next name typed
    straight after it is searched on its own (Tromsø and Harstad were lost)."""
    from facilitator.screens.members import MembersScreen

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(MembersScreen(demo_network.id))
        await settle(pilot)
        burst(app, "a")
        await settle(pilot)
        burst(app, *"alta", "enter", *"tromso", "enter", *"harstad", "enter", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
    names = {m.name for m in demo_store.members.list(demo_network.id)}
    assert {"Alta", "Tromsø", "Harstad"} <= {n.split(" - ")[0] for n in names}, names


async def test_keys_typed_while_a_screen_reads_wait_for_it(demo_store, demo_network) -> None:
    """'m n Ola Hansen' at once: the members list is still being read when 'n' comes; the
    keys wait for it, so 'n' opens the person form and the name lands in it whole. And
    'v j 5 4 enter' straight from the overview saves a response."""
    from facilitator.screens.overview import OverviewScreen
    from facilitator.screens.participant_form import ParticipantForm

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(OverviewScreen(demo_network.id))
        await settle(pilot)
        burst(app, "m", "n", *"Ola Hansen")
        await settle(pilot)
        assert isinstance(app.screen, ParticipantForm)
        assert app.screen.query_one("#name", Input).value == "Ola Hansen"
        burst(app, "escape", "y", "escape")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        last = app.screen.data.last
        before = demo_store.evaluations.count(last.id)
        burst(app, "v", "j", "5", "4", "enter")
        await settle(pilot)
        assert demo_store.evaluations.count(last.id) == before + 1
        assert app.keys_given_up == 0


async def test_a_drop_down_opened_in_a_burst_takes_the_next_key(demo_store, demo_network) -> None:
    """Enter opens the role list, 't' jumps to Tjenesteleder, Enter picks it: typed at once."""
    from textual.widgets import Select

    from facilitator.screens.participant_form import ParticipantForm

    members = demo_store.members.list(demo_network.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ParticipantForm(demo_network.id, members,
                                        municipality_id=members[0].municipality_id))
        await settle(pilot)
        burst(app, *"Kari", "tab", "enter", "t", "enter")
        await settle(pilot)
        assert app.screen.query_one("#role", Select).value == "tjenesteleder"


async def test_keys_go_on_when_a_screen_read_hangs(monkeypatch) -> None:
    """The 3 s limit on waiting for a screen's read paused again at once (the screen still
    held the keys), so a read that hangs held every key typed after it for good. The
    limit is measured on keyorder's clock, put by hand here: the keys are held however
    long the machine takes, until the clock says the limit has passed."""
    from textual.screen import Screen

    import facilitator.keyorder as keyorder
    import facilitator.readiness as readiness

    now = [1000.0]
    monkeypatch.setattr(keyorder, "clock", lambda: now[0])
    monkeypatch.setattr(readiness, "LOAD_TIMEOUT", 0.3)  # the checks come every 0.3 s

    class Reading(Screen[None]):
        ready = False  # its read never comes back

        def compose(self) -> ComposeResult:
            yield Input(id="field")

        def on_mount(self) -> None:
            self.query_one(Input).focus()

    app = TwoFields()
    async with app.run_test() as pilot:
        await app.push_screen(Reading())
        await settle(pilot)
        burst(app, "o", "k")
        for _ in range(3):  # a few checks go by: the clock has not moved, the keys wait
            await pilot.pause(0.2)
        assert app.screen.query_one("#field", Input).value == ""  # held while it reads
        assert app.holds_given_up == 0
        now[0] += 0.31
        await settle(pilot)
        assert app.screen.query_one("#field", Input).value == "ok"
        assert app.holds_given_up == 1


async def test_a_municipality_typed_before_the_list_has_loaded(demo_store, demo_network,
                                                               monkeypatch) -> None:
    """"a flaks Enter" typed at once: the picker's list was still empty when Enter came,
    and the Enter was dropped without a word. The keys wait for the list now."""
    import time

    from facilitator.screens.members import MembersScreen

    slow = demo_store.register.list

    def list_municipalities(*args, **kwargs):
        time.sleep(0.4)
        return slow(*args, **kwargs)

    monkeypatch.setattr(demo_store.register, "list", list_municipalities)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(MembersScreen(demo_network.id))
        await settle(pilot)
        burst(app, "a", *"flaks", "enter", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MembersScreen)
        assert app.keys_given_up == 0
    assert "Flakstad" in {m.name for m in demo_store.members.list(demo_network.id)}
