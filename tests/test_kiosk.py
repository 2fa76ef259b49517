"""Kiosk self-entry: participants answer alone, nothing leaks between them, no way out
but the adviser's ctrl+e and PIN, and the thank-you only once the response is on disk."""

from __future__ import annotations

import threading

from textual.widgets import Button, Input, Static, TextArea

from facilitator import kiosk_pin
from facilitator.screens import kiosk as kiosk_module
from facilitator.screens.kiosk import KioskScreen
from facilitator.screens.kiosk_setup import KioskSetupScreen
from facilitator.screens.kiosk_unlock import KioskUnlockScreen
from facilitator.screens.networks import NetworksScreen
from tests.conftest import burst, make_app, settle

PIN = "2468"


def screen_lines(app) -> list[str]:
    """The text of the screen as painted, one string per terminal line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def _gathering(store, network, seq):
    return next(g for g in store.gatherings.list(network.id) if g.seq == seq)


async def _kiosk(pilot, gathering_id) -> KioskScreen:
    await settle(pilot)
    pilot.app.push_screen(KioskScreen(gathering_id, PIN))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, KioskScreen)
    return screen


def _shown(widget) -> bool:
    node = widget
    while node is not None and hasattr(node, "display"):
        if not node.display:
            return False
        node = node.parent
    return True


def visible_text(screen) -> str:
    """Everything a participant can read on the kiosk right now."""
    parts = []
    for widget in screen.query("*"):
        if not _shown(widget):
            continue
        if isinstance(widget, Button):
            parts.append(str(widget.label))
        elif isinstance(widget, TextArea):
            parts.append(widget.text)
        elif isinstance(widget, Static):
            parts.append(str(widget.content))
    return "\n".join(parts)


def _values(store, gathering_id):
    questions = store.questions.freeze(gathering_id)
    out = []
    for r in store.evaluations.list(gathering_id):
        row = []
        for q in questions:
            a = r.answers[q.id]
            row.append(None if a.skipped else (a.text if q.kind == "text" else a.score))
        out.append((r.source, tuple(row)))
    return out


async def test_three_participants_keys_and_mouse(demo_store, demo_network, monkeypatch) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        kiosk = await _kiosk(pilot, g.id)
        rows_at_thanks: list[int] = []
        show_thanks = kiosk.show_thanks

        def thanks_after_commit() -> None:
            rows_at_thanks.append(demo_store.evaluations.count(g.id))
            show_thanks()

        kiosk.show_thanks = thanks_after_commit  # type: ignore[method-assign]

        # 1: keys only (digits, j, text, Tab + Enter on «Ferdig»)
        assert "Svarte samlingen til forventningene?" in visible_text(kiosk)
        assert "Spørsmål 1 av 4" in visible_text(kiosk)
        await pilot.press("j", "5", "4")
        await pilot.press(*"Mer tid til diskusjon")
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert kiosk.state == "thanks"
        assert "Takk! Svaret ditt er lagret." in visible_text(kiosk)
        assert demo_store.evaluations.count(g.id) == 1
        await pilot.press("space")  # any key starts over
        await settle(pilot)
        assert kiosk.state == "question" and kiosk.index == 0

        # 2: keys with arrows + Enter, «-» skips; the thank-you goes by itself
        # a button ignores a second press during its 0.2 s flash: let it end
        for _ in range(100):
            if not kiosk.query_one("#k-done").has_class("-active"):
                break
            await pilot.pause(0.02)
        monkeypatch.setattr(kiosk_module, "THANKS_SECONDS", 0.05)
        await pilot.press("n", "right", "right", "enter", "minus", "tab", "enter")
        await settle(pilot)
        assert demo_store.evaluations.count(g.id) == 2
        for _ in range(500):  # the thank-you goes by itself (a busy machine is slow)
            if kiosk.state == "question":
                break
            await pilot.pause(0.02)
        assert kiosk.state == "question"
        monkeypatch.setattr(kiosk_module, "THANKS_SECONDS", 3.0)

        # 3: mouse only
        for target in ("#k-yes", "#k-s6", "#k-s3", "#k-skip"):
            await pilot.click(target)
            await settle(pilot)
        assert kiosk.state == "thanks"
        await pilot.click("#k-message")
        await settle(pilot)
        assert kiosk.state == "question"

    assert rows_at_thanks == [1, 2, 3]
    assert _values(demo_store, g.id) == [
        ("kiosk", (1, 5, 4, "Mer tid til diskusjon")),
        ("kiosk", (0, 2, None, None)),
        ("kiosk", (1, 6, 3, None)),
    ]


async def test_thank_you_only_after_the_row_is_committed(demo_store, demo_network,
                                                         monkeypatch) -> None:
    g = _gathering(demo_store, demo_network, 5)
    release = threading.Event()
    record = demo_store.evaluations.record

    def slow_record(*args, **kwargs):
        assert release.wait(10)
        return record(*args, **kwargs)

    monkeypatch.setattr(demo_store.evaluations, "record", slow_record)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        kiosk = await _kiosk(pilot, g.id)
        await pilot.press("j", "4", "4")
        await pilot.click("#k-skip")
        await pilot.pause(0.2)
        assert kiosk.state == "saving"
        assert "Takk" not in visible_text(kiosk)
        assert demo_store.evaluations.count(g.id) == 0
        await pilot.press("5", "space")  # ignored while saving
        release.set()
        await settle(pilot)
        assert "Takk! Svaret ditt er lagret." in visible_text(kiosk)
        assert demo_store.evaluations.count(g.id) == 1
    assert _values(demo_store, g.id) == [("kiosk", (1, 4, 4, None))]


async def test_nothing_of_the_previous_person_is_visible(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        kiosk = await _kiosk(pilot, g.id)
        await pilot.press("f2")  # this participant reads English
        assert "Did the gathering meet your expectations?" in visible_text(kiosk)
        await pilot.press("y", "5", "3")
        assert "1 = very poor" not in visible_text(kiosk)  # text question now
        await pilot.press(*"Hemmelig svar")
        # back within this person's answers: the earlier choice shows with a tick
        await pilot.click("#k-back")
        await settle(pilot)
        assert kiosk.index == 2
        assert "✓ 3" in visible_text(kiosk)
        await pilot.press("6")  # change the answer, then on to the text again
        assert kiosk.query_one("#k-text", TextArea).text == "Hemmelig svar"
        await pilot.click("#k-done")
        await settle(pilot)
        assert kiosk.state == "thanks"
        await pilot.press("enter")
        await settle(pilot)
        shown = visible_text(kiosk)
        assert kiosk.answers == {}
        assert "Svarte samlingen til forventningene?" in shown  # bokmål again
        assert "✓" not in shown and "Hemmelig" not in shown
        assert kiosk.query_one("#k-back", Button).disabled  # nobody to go back to
        await pilot.press("backspace")
        assert kiosk.index == 0
        await pilot.press("n", "minus", "minus")
        assert "✓" not in visible_text(kiosk)
        text = kiosk.query_one("#k-text", TextArea)
        assert text.text == ""
        await pilot.press("ctrl+z")  # undo cannot bring back the last person's text
        assert text.text == ""
    assert _values(demo_store, g.id) == [("kiosk", (1, 5, 6, "Hemmelig svar"))]


async def test_no_key_leaves_the_kiosk(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        kiosk = await _kiosk(pilot, g.id)
        for step in ("question", "text"):
            if step == "text":
                await pilot.press("j", "1", "1")  # the text question has focus
                assert isinstance(app.focused, TextArea)
            for key in ("escape", "ctrl+q", "ctrl+p", "f1", "ctrl+c", "q", "tab", "escape"):
                await pilot.press(key)
                await settle(pilot)
                assert app.screen is kiosk, key
                assert app.is_running and app.return_code is None, key
        # the PIN prompt is sealed too: ctrl+q there does not quit either
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, KioskUnlockScreen)
        for key in ("ctrl+q", "ctrl+p", "f1"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, KioskUnlockScreen)
            assert app.is_running
        await pilot.press("escape")  # back to the kiosk, not out of it
        await settle(pilot)
        assert app.screen is kiosk
        assert demo_store.evaluations.count(g.id) == 0


async def test_setup_then_wrong_pin_stays_right_pin_leaves(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 4)  # held: the set-up does not ask first
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NetworksScreen)
        app.push_screen(KioskSetupScreen(g.id))
        await settle(pilot)
        setup = app.screen
        assert isinstance(setup, KioskSetupScreen)
        await pilot.press("1", "2", "enter")
        await pilot.press("1", "2", "enter")
        await settle(pilot)
        assert "4–8 sifre" in str(setup.query_one("#box-pin .field-error", Static).content)
        assert app.screen is setup
        setup.query_one("#k-pin1", Input).value = ""
        setup.query_one("#k-pin1", Input).focus()
        await pilot.press(*PIN, "enter")
        await pilot.press(*"2469", "enter")
        await settle(pilot)
        assert "ikke like" in str(setup.query_one("#box-pin2 .field-error", Static).content)
        setup.query_one("#k-pin2", Input).value = ""
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        kiosk = app.screen
        assert isinstance(kiosk, KioskScreen)
        assert all(isinstance(s, NetworksScreen | KioskScreen) for s in app.screen_stack[1:])

        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, KioskUnlockScreen)
        await pilot.press(*"1357", "enter")
        await settle(pilot)
        assert isinstance(app.screen, KioskUnlockScreen)
        assert "Feil PIN-kode" in str(app.screen.query_one("#k-unlock-message").content)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is kiosk
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert isinstance(app.screen, NetworksScreen)  # the screen that started it
        # the app's own keys work again
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"


async def test_five_wrong_pins_lock_for_thirty_seconds(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        kiosk = await _kiosk(pilot, g.id)
        now = [1000.0]
        kiosk.pin.clock = lambda: now[0]
        await pilot.press("ctrl+e")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, KioskUnlockScreen)
        for _ in range(4):
            await pilot.press(*"0000", "enter")
        assert "1 forsøk igjen" in str(prompt.query_one("#k-unlock-message").content)
        await pilot.press(*"0000", "enter")
        await settle(pilot)
        assert "Vent 30 sekunder" in str(prompt.query_one("#k-unlock-message").content)
        assert prompt.query_one(Input).disabled
        assert kiosk.pin.try_pin(PIN) == ("locked", 30)  # even the right PIN must wait
        now[0] += 20
        assert kiosk.pin.try_pin(PIN) == ("locked", 10)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is kiosk
        now[0] += 10.5
        await pilot.press("ctrl+e")
        await settle(pilot)
        prompt = app.screen
        assert not prompt.query_one(Input).disabled
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert isinstance(app.screen, NetworksScreen)


async def test_a_failed_save_says_so_and_keeps_the_answers(demo_store, demo_network,
                                                          monkeypatch) -> None:
    from facilitator.errors import StorageError

    g = _gathering(demo_store, demo_network, 5)
    record = demo_store.evaluations.record
    calls = []

    def failing_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise StorageError("err.disk_full")
        return record(*args, **kwargs)

    monkeypatch.setattr(demo_store.evaluations, "record", failing_once)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        kiosk = await _kiosk(pilot, g.id)
        await pilot.press("n", "2", "3")
        await pilot.press(*"Kaffe", "tab", "enter")
        await settle(pilot)
        assert kiosk.state == "failed"
        shown = visible_text(kiosk)
        assert "IKKE lagret" in shown and "Disken er full" in shown
        assert "Takk" not in shown
        assert demo_store.evaluations.count(g.id) == 0
        await pilot.press("enter")  # «Prøv igjen» has the focus
        await settle(pilot)
        assert kiosk.state == "thanks"
    assert _values(demo_store, g.id) == [("kiosk", (0, 2, 3, "Kaffe"))]


def test_pin_rules() -> None:
    assert kiosk_pin.valid_pin("1234") and kiosk_pin.valid_pin("12345678")
    for bad in ("123", "123456789", "12a4", "", "١٢٣٤"):
        assert not kiosk_pin.valid_pin(bad)


def test_kiosk_snapshot(snap_compare, demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)

    async def run_before(pilot) -> None:
        await _kiosk(pilot, g.id)
        await pilot.press("j")  # the first scale question
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=run_before)


LONG_TITLE = "Fra penger og tiltak til kvalitet og resultat"  # gathering 4 of the demo


async def test_welcome_keeps_the_sentence_whole(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 4)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        kiosk = await _kiosk(pilot, g.id)
        top = screen_lines(app)[0]
        assert top.strip().startswith("Velkommen! Evaluering av «Fra penger og tiltak"), top
        assert "…»" in top and top.rstrip().endswith("English (F2)"), top
        await pilot.press("f2")  # one participant reads English
        await settle(pilot)
        lines = screen_lines(app)
        assert lines[0].strip().startswith("Welcome! Evaluation of “Fra penger"), lines[0]
        assert "…”" in lines[0] and lines[0].rstrip().endswith("Norsk (F2)"), lines[0]
        hint = "Press Y (yes) or N (no), or choose with the arrow keys and Enter, or click."
        assert lines[-1].strip() == hint  # the first question is yes/no
        assert kiosk.lang == "en"
    app = make_app(demo_store)
    async with app.run_test(size=(200, 60)) as pilot:
        await _kiosk(pilot, g.id)
        top = screen_lines(app)[0]
        assert f"Velkommen! Evaluering av «{LONG_TITLE}»" in top, top
        assert "…" not in top


async def test_kiosk_setup_asks_for_a_gathering_not_held_yet(demo_store,
                                                            demo_network) -> None:
    from facilitator.screens.dialogs import ConfirmScreen

    g = _gathering(demo_store, demo_network, 6)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        start = app.screen
        app.push_screen(KioskSetupScreen(g.id))
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#question").content)
        assert "den er ikke holdt ennå. Starte kiosken for den likevel?" in question
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is start
        app.push_screen(KioskSetupScreen(g.id))
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, KioskSetupScreen)
        assert app.focused is app.screen.query_one("#k-pin1", Input)
        await pilot.press(*PIN, "enter", *PIN, "enter")
        await settle(pilot)
        assert isinstance(app.screen, KioskScreen)


async def test_pin_fields_take_a_burst_of_keys_in_order(demo_store, demo_network) -> None:
    """`1 2 3 4 Tab 1 2 3 4` in one burst: four digits in each field (Textual #6605:
    printable keys must not overtake the Tab)."""
    g = _gathering(demo_store, demo_network, 4)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(KioskSetupScreen(g.id))
        await settle(pilot)
        setup = app.screen
        await pilot.press("1", "2", "3", "4", "tab", "1", "2", "3", "4")
        assert setup.query_one("#k-pin1", Input).value == "1234"
        assert setup.query_one("#k-pin2", Input).value == "1234"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KioskScreen)


async def test_unlock_takes_a_burst_of_keys_in_order(demo_store, demo_network) -> None:
    """Leaving the kiosk with a corrected PIN typed in one burst: `BSpace×4 1 2 3 4 Enter`
    after a typo leaves, and costs no attempt (Textual #6605)."""
    g = _gathering(demo_store, demo_network, 4)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        start = app.screen
        kiosk = await _kiosk(pilot, g.id)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, KioskUnlockScreen)
        await pilot.press("9", "9", "9", "9",
                          "backspace", "backspace", "backspace", "backspace",
                          *PIN, "enter")
        await settle(pilot)
        assert kiosk.pin.wrong_tries == 0
        assert app.screen is start


async def test_the_first_key_on_the_thank_you_is_the_next_persons(demo_store,
                                                                   demo_network) -> None:
    """The first key typed on the thank-you started over and did nothing else: the next
    person's «n» (Nei) was swallowed. Now it starts their form and answers question 1;
    Enter or space there only start over (they would press whatever had the focus)."""
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        kiosk = await _kiosk(pilot, g.id)
        await pilot.press("j", "5", "4", "tab", "enter")
        await settle(pilot)
        assert kiosk.state == "thanks"
        burst(app, "n", "3", "2", "tab", "enter")  # the next person, typed at once
        await settle(pilot)
        assert kiosk.state == "thanks"
        await pilot.press("enter")  # starts over, answers nothing
        await settle(pilot)
        assert kiosk.state == "question" and kiosk.index == 0 and kiosk.answers == {}
        await pilot.press("minus", "6", "1", *"Bra", "tab", "enter")
        await settle(pilot)
        assert kiosk.state == "thanks"
        await pilot.press("space")
        await settle(pilot)
        assert kiosk.state == "question" and kiosk.answers == {}
    assert _values(demo_store, g.id) == [
        ("kiosk", (1, 5, 4, None)),
        ("kiosk", (0, 3, 2, None)),
        ("kiosk", (None, 6, 1, "Bra")),
    ]


async def test_a_first_text_question_takes_the_first_letter(demo_store,
                                                            demo_network) -> None:
    """A form that starts with the free-text question: the first letter typed on the
    thank-you is the first letter of the next answer."""
    g = _gathering(demo_store, demo_network, 5)
    questions = demo_store.questions.freeze(g.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        kiosk = await _kiosk(pilot, g.id)
        text_first = [q for q in kiosk.questions if q.kind == "text"]
        kiosk.questions = text_first  # as if the network asked only this one
        kiosk.present()
        await settle(pilot)
        await pilot.press(*"En", "tab", "enter")
        await settle(pilot)
        assert kiosk.state == "thanks"
        burst(app, *"To", "tab", "enter")
        await settle(pilot)
        assert kiosk.state == "thanks"
    texts = [r.answers[q.id].text for r in demo_store.evaluations.list(g.id)
             for q in questions if q.kind == "text"]
    assert texts == ["En", "To"]


async def test_no_answer_is_ever_focused_for_a_participant(demo_store, demo_network) -> None:
    """Nothing Enter or space would press is focused unless the participant put it
    there: not at the start (Textual focused the first button), not after the PIN
    prompt (the first button again), not when the terminal regains focus (Textual
    gives it back to the button that had it, the last person's «Ja»)."""
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        kiosk = await _kiosk(pilot, g.id)
        assert app.focused is None
        await pilot.press("enter", "space")
        await settle(pilot)
        assert kiosk.index == 0 and kiosk.answers == {} and kiosk.lang == "nb"
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is kiosk and app.focused is None
        await pilot.press("right")  # the participant goes to «Ja» themselves
        await settle(pilot)
        yes = kiosk.query_one("#k-yes", Button)
        assert app.focused is yes
        app.app_focus = False  # the terminal loses focus with «Ja» focused
        await settle(pilot)
        await pilot.press("n")  # …and they answer «Nei» with its key
        await settle(pilot)
        assert kiosk.index == 1 and app.focused is None
        app.app_focus = False
        app._last_focused_on_app_blur = yes  # what Textual gives the focus back to
        app.app_focus = True
        await settle(pilot)
        assert app.focused is None
        await pilot.press("enter")
        await settle(pilot)
        assert kiosk.index == 1
        await pilot.press("left")  # arrows still choose, and Enter presses the choice
        await settle(pilot)
        assert isinstance(app.focused, Button) and app.focused.id == "k-s1"
        await pilot.press("enter")
        await settle(pilot)
        assert kiosk.index == 2


def test_the_kiosk_overrides_no_private_textual_method() -> None:
    """The kiosk is sealed through Textual's public API (it overrode the private
    `Screen._binding_chain`): no class of the kiosk redefines a private method or
    property of Textual's."""
    from types import FunctionType

    from textual.screen import ModalScreen
    from textual.widgets import ContentSwitcher

    from facilitator.widgets.kiosk_frame import KioskFailed, KioskTop
    from facilitator.widgets.kiosk_question import KioskQuestion

    textual_names = {name for base in (ModalScreen, ContentSwitcher) for klass in base.__mro__
                     for name in vars(klass) if name.startswith("_")}
    for cls in (KioskScreen, KioskSetupScreen, KioskUnlockScreen, KioskQuestion, KioskTop,
                KioskFailed):
        for klass in cls.__mro__:
            if "kiosk" in klass.__module__:
                private = {n for n, v in vars(klass).items() if n.startswith("_")
                           and not n.endswith("__") and isinstance(v, FunctionType | property)}
                assert not private & textual_names, (klass.__name__, private & textual_names)
