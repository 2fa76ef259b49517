"""Typed entry of paper forms: speed, durability, undo, corrections, anonymity."""

from __future__ import annotations

from facilitator.screens.evaluation import EvaluationScreen
from facilitator.screens.responses import ResponsesScreen
from tests.conftest import make_app, settle


def _gathering(store, network, seq):
    return next(g for g in store.list_gatherings(network.id) if g.seq == seq)


async def _open(pilot, gathering_id):
    await settle(pilot)
    pilot.app.push_screen(EvaluationScreen(gathering_id))
    await settle(pilot)


async def test_twenty_forms_make_twenty_rows(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        for i in range(20):
            # four keystrokes per 3-question form (the text question is optional)
            await pilot.press("j" if i % 3 else "n", str(1 + i % 6), str(6 - i % 6), "enter")
        await settle(pilot)
    responses = demo_store.list_responses(g.id)
    assert len(responses) == 20
    questions = demo_store.gathering_questions(g.id)
    kinds = [q.kind for q in questions]
    assert kinds == ["yes_no", "scale", "scale", "text"]
    first, last = responses[0], responses[-1]
    assert [first.answers[q.id].score for q in questions[:3]] == [0, 1, 6]
    assert [last.answers[q.id].score for q in questions[:3]] == [1, 2, 5]
    assert all(r.answers[questions[3].id].skipped for r in responses)
    assert {r.source for r in responses} == {"typed"}


async def test_saved_before_the_screen_says_so(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        await pilot.press("j", "5", "4")
        await pilot.press(*"Mer pause, takk")
        await pilot.press("enter")
        status = str(app.screen.query_one("#entry-status").content)
        assert "lagret" in status
        assert demo_store.response_count(g.id) == 1  # already on disk
        [r] = demo_store.list_responses(g.id)
        texts = [a.text for a in r.answers.values() if a.text]
        assert texts == ["Mer pause, takk"]


async def test_skip_backspace_and_undo(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        await pilot.press("minus", "3", "backspace", "6", "2", "enter")
        await settle(pilot)
        [r] = demo_store.list_responses(g.id)
        q = demo_store.gathering_questions(g.id)
        assert r.answers[q[0].id].skipped
        assert r.answers[q[1].id].score == 6 and r.answers[q[2].id].score == 2
        await pilot.press("j", "1", "1", "enter")
        await settle(pilot)
        assert demo_store.response_count(g.id) == 2
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert demo_store.response_count(g.id) == 1
        assert "angret" in str(app.screen.query_one("#entry-status").content)


async def test_municipality_and_role_are_optional_never_a_name(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"okses")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press(*"tillits", "enter")
        await settle(pilot)
        await pilot.press("j", "4", "4", "enter")
        await settle(pilot)
        [r] = demo_store.list_responses(g.id)
        assert r.role == "tillitsvalgt"
        assert r.municipality_id == demo_store.get_municipality("1868").id
        # the next form starts without them
        assert "F2 kommune: –" in str(app.screen.query_one("#entry-who").content)


async def test_edit_and_delete_earlier_responses(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        await pilot.press("j", "2", "2", "enter", "n", "3", "3", "enter")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ResponsesScreen)
        await pilot.press("enter")  # newest first: the "n 3 3" response
        await settle(pilot)
        await pilot.press("j", "6", "6", "ctrl+s")
        await settle(pilot)
        scores = sorted(tuple(a.score for a in r.answers.values() if a.score is not None)
                        for r in demo_store.list_responses(g.id))
        assert scores == [(1, 2, 2), (1, 6, 6)]
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert demo_store.response_count(g.id) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EvaluationScreen)
        assert "Svar: 1" in str(app.screen.query_one("#entry-status").content)


async def test_leaving_with_a_half_typed_form_asks(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        await pilot.press("j", "escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EvaluationScreen)


def test_entry_snapshot(snap_compare, demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 4)

    async def run_before(pilot) -> None:
        await _open(pilot, g.id)
        await pilot.press("j", "5")
        await settle(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=run_before)


def test_no_evaluation_table_can_reference_a_participant() -> None:
    from sqlmodel import SQLModel

    import facilitator.models  # noqa: F401

    for name in ("evaluationresponse", "answer"):
        table = SQLModel.metadata.tables[name]
        targets = {fk.column.table.name for fk in table.foreign_keys}
        assert "participant" not in targets
        assert not any("participant" in c.name or c.name in ("name", "email")
                       for c in table.columns)


async def test_keys_in_one_burst_are_never_lost(demo_store, demo_network) -> None:
    """A fast typist's keys can all be queued before the screen repaints: each must
    land in the right form (the save happens inside the Enter handler)."""
    from textual import events

    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        form = app.screen.query_one("#entry-form")
        burst = "j54\rn32\rj66hei\r-11\r"
        for ch in burst:
            key = "enter" if ch == "\r" else ("minus" if ch == "-" else ch)
            form.post_message(events.Key(key, None if ch == "\r" else ch))
        await settle(pilot)
    rows = [[(a.score, a.text) for a in r.answers.values()]
            for r in demo_store.list_responses(g.id)]
    assert rows == [
        [(1, None), (5, None), (4, None), (None, None)],
        [(0, None), (3, None), (2, None), (None, None)],
        [(1, None), (6, None), (6, None), (None, "hei")],
        [(None, None), (1, None), (1, None), (None, None)],
    ]
