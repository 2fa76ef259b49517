"""The network's question set: add, reword (frozen gatherings keep their wording),
reorder and retire, each committed at once."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from facilitator.screens.questions import QuestionForm, QuestionsScreen
from tests.conftest import make_app, settle


def _gathering(store, network, seq):
    return next(g for g in store.gatherings.list(network.id) if g.seq == seq)


async def _open(pilot, network_id) -> QuestionsScreen:
    await settle(pilot)
    pilot.app.push_screen(QuestionsScreen(network_id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, QuestionsScreen)
    return screen


def _texts(store, network_id, *, include_retired=False):
    return [q.text_nb for q in store.questions.list(network_id, include_retired=include_retired)]


def _cells(screen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_add_a_question(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, demo_network.id)
        assert len(_cells(screen)) == 4
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, QuestionForm)
        await pilot.press("ctrl+s")  # the Norwegian text is required
        await settle(pilot)
        assert isinstance(app.screen, QuestionForm)
        assert "må fylles ut" in str(app.screen.query_one("#box-text_nb .field-error").content)
        await pilot.press(*"Var lokalet egnet?", "enter")
        await pilot.press(*"Was the venue suitable?", "tab")
        await pilot.press("enter", "down", "enter")  # kind: yes/no
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        rows = _cells(screen)
        assert rows[-1] == ["5", "Var lokalet egnet?", "Ja/nei", "i bruk"]
        assert screen.query_one(DataTable).cursor_row == 4  # on the new question
    [*_, new] = demo_store.questions.list(demo_network.id)
    assert (new.text_nb, new.text_en, new.kind) == ("Var lokalet egnet?",
                                                    "Was the venue suitable?", "yes_no")


async def test_reword_keeps_the_frozen_wording(demo_store, demo_network) -> None:
    held = _gathering(demo_store, demo_network, 4)  # evaluated: questions frozen
    ahead = _gathering(demo_store, demo_network, 5)  # evaluation not started
    frozen_before = [q.text_nb for q in demo_store.questions.of_gathering(held.id)]
    assert "Relevante tema" in frozen_before
    assert demo_store.questions.of_gathering(ahead.id) == []
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, demo_network.id)
        await pilot.press("down", "enter")  # enter (or e) rewords the question
        await settle(pilot)
        form = app.screen
        assert isinstance(form, QuestionForm)
        assert form.query_one("#text_nb", Input).value == "Relevante tema"
        await pilot.press("end", *["backspace"] * 20, *"Hvor relevante var temaene?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert _cells(screen)[1][1] == "Hvor relevante var temaene?"
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#text_nb", Input).value == "Hvor relevante var temaene?"
        await pilot.press("escape")  # unchanged form: closes without asking
        await settle(pilot)
        assert app.screen is screen
    assert _texts(demo_store, demo_network.id)[1] == "Hvor relevante var temaene?"
    # the held gathering keeps the old wording; the next one gets the new
    assert [q.text_nb for q in demo_store.questions.freeze(held.id)] == frozen_before
    assert [q.text_nb for q in demo_store.questions.freeze(ahead.id)][1] == \
        "Hvor relevante var temaene?"


async def test_reorder_is_committed_at_once(demo_store, demo_network) -> None:
    original = _texts(demo_store, demo_network.id)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, demo_network.id)
        await pilot.press("ctrl+down")
        await settle(pilot)
        first, second, *rest = original
        assert _texts(demo_store, demo_network.id) == [second, first, *rest]
        assert screen.query_one(DataTable).cursor_row == 1  # the cursor follows it
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert _texts(demo_store, demo_network.id) == original
        # several moves in a burst end in the order on screen
        await pilot.press("minus", "minus", "minus", "plus")
        await settle(pilot)
        expected = [original[1], original[2], original[0], original[3]]
        assert _texts(demo_store, demo_network.id) == expected
        assert [row[1] for row in _cells(screen)] == expected
        await pilot.press("plus", "plus", "plus")  # stops at the top
        await settle(pilot)
        assert _texts(demo_store, demo_network.id)[0] == original[0]


async def test_retire_and_bring_back(demo_store, demo_network) -> None:
    ahead = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, demo_network.id)
        await pilot.press("down", "down", "x")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")  # no: nothing changes
        await settle(pilot)
        assert len(_texts(demo_store, demo_network.id)) == 4
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert _texts(demo_store, demo_network.id) == [
            "Svarte samlingen til forventningene?", "Relevante tema",
            "Hva bør vi gjøre annerledes?"]
        # retired: still listed, readable without colour
        assert _cells(screen)[2] == ["–", "Ny kunnskap", "Skala 1–6", "TRUKKET"]
        assert [row[0] for row in _cells(screen)] == ["1", "2", "–", "3"]
        # a gathering whose evaluation starts now leaves it out
        frozen = [q.text_nb for q in demo_store.questions.freeze(ahead.id)]
        assert "Ny kunnskap" not in frozen
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert len(_texts(demo_store, demo_network.id)) == 4
        assert _cells(screen)[2][3] == "i bruk"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, QuestionsScreen)
    # the frozen set of gathering 5 is not changed by bringing the question back
    assert "Ny kunnskap" not in [q.text_nb for q in demo_store.questions.freeze(ahead.id)]
