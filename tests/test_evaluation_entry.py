"""Typed entry of paper forms: speed, durability, undo, corrections, anonymity."""

from __future__ import annotations

from facilitator.parse import format_date
from facilitator.screens.dialogs import ConfirmScreen
from facilitator.screens.evaluation import EvaluationScreen
from facilitator.screens.responses import ResponsesScreen
from tests.conftest import TODAY, make_app, settle, until
from tests.privacy_data import answer_all, crowd


def _status(app) -> str:
    return str(app.screen.query_one("#entry-status").content)


def _who(app) -> str:
    return str(app.screen.query_one("#entry-who").content)


def screen_lines(app) -> list[str]:
    """The text of the screen as painted, one string per terminal line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def _gathering(store, network, seq):
    return next(g for g in store.gatherings.list(network.id) if g.seq == seq)


async def _open(pilot, gathering_id, *, go_on: bool = True):
    """The typed entry of a gathering; one not held yet (5, 6) asks first: go on."""
    await settle(pilot)
    pilot.app.push_screen(EvaluationScreen(gathering_id))
    await settle(pilot)
    if go_on and isinstance(pilot.app.screen, ConfirmScreen):
        await pilot.press("j")
        await settle(pilot)
    assert isinstance(pilot.app.screen, EvaluationScreen)


async def test_twenty_forms_make_twenty_rows(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        for i in range(20):
            # four keystrokes per 3-question form (the text question is optional)
            await pilot.press("j" if i % 3 else "n", str(1 + i % 6), str(6 - i % 6), "enter")
        await settle(pilot)
    responses = demo_store.evaluations.list(g.id)
    assert len(responses) == 20
    questions = demo_store.questions.freeze(g.id)
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
        await until(pilot, lambda: "lagret" in _status(app), what="lagret")
        assert demo_store.evaluations.count(g.id) == 1  # already on disk
        [r] = demo_store.evaluations.list(g.id)
        texts = [a.text for a in r.answers.values() if a.text]
        assert texts == ["Mer pause, takk"]


async def test_skip_backspace_and_undo(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        await pilot.press("minus", "3", "backspace", "6", "2", "enter")
        await settle(pilot)
        [r] = demo_store.evaluations.list(g.id)
        q = demo_store.questions.freeze(g.id)
        assert r.answers[q[0].id].skipped
        assert r.answers[q[1].id].score == 6 and r.answers[q[2].id].score == 2
        await pilot.press("j", "1", "1", "enter")
        await settle(pilot)
        assert demo_store.evaluations.count(g.id) == 2
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert demo_store.evaluations.count(g.id) == 1
        assert "angret" in str(app.screen.query_one("#entry-status").content)


async def test_municipality_and_role_stay_until_changed_never_a_name(demo_store,
                                                                     demo_network) -> None:
    """A pile of paper forms from one municipality: F2/F3 once, then they stay (and the
    status line says so) until changed or cleared with F4."""
    g = _gathering(demo_store, demo_network, 5)
    # five union representatives from Øksnes registered: the store keeps the pair
    oksnes = demo_store.register.get("1868").id
    for i in range(4):
        demo_store.members.add_participant(demo_network.id, oksnes, f"Tillitsvalgt {i}", "tillitsvalgt")
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
        status = _status(app)
        assert "neste svar: Øksnes · Tillitsvalgt" in status
        await pilot.press("j", "4", "4", "enter")
        await settle(pilot)
        # the next form keeps them, visibly
        assert "F2 kommune: Øksnes   F3 rolle: Tillitsvalgt" in _who(app)
        status = _status(app)
        assert "svar 1 lagret" in status and "neste svar: Øksnes · Tillitsvalgt" in status
        await pilot.press("n", "3", "3", "enter")
        await settle(pilot)
        await pilot.press("f4")  # clear both
        await settle(pilot)
        assert "F2 kommune: –   F3 rolle: –" in _who(app)
        assert "neste svar" not in _status(app)
        await pilot.press("j", "2", "2", "enter")
        await settle(pilot)
    assert [(r.municipality_id, r.role) for r in demo_store.evaluations.list(g.id)] == [
        (oksnes, "tillitsvalgt"), (oksnes, "tillitsvalgt"), (None, None)]


async def test_long_municipality_and_role_keep_their_labels_at_80_columns(
        demo_store, demo_network) -> None:
    """"F2 kommune: Porsanger - Porsángu - Porsanki   F3 rolle:" wrapped, leaving the role
    on the next line without its label."""
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"porsanger", "enter")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press(*"kommunedir", "enter")
        await settle(pilot)
        lines = screen_lines(app)
        who = next(line for line in lines if "F2 kommune:" in line)
        assert "F3 rolle: Kommunedirektør/rådmann" in who
        assert "Porsanger" in who
        assert any("F4 fjerner begge" in line for line in lines)
    async with make_app(demo_store).run_test(size=(200, 60)) as pilot:  # wide: all of it
        app = pilot.app
        await _open(pilot, g.id)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"porsanger", "enter")
        await settle(pilot)
        who = next(line for line in screen_lines(app) if "F2 kommune:" in line)
        assert "Porsanger - Porsángu - Porsanki   F3 rolle: –   F4 fjerner begge" in who


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
                        for r in demo_store.evaluations.list(g.id))
        assert scores == [(1, 2, 2), (1, 6, 6)]
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert demo_store.evaluations.count(g.id) == 1
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
            for r in demo_store.evaluations.list(g.id)]
    assert rows == [
        [(1, None), (5, None), (4, None), (None, None)],
        [(0, None), (3, None), (2, None), (None, None)],
        [(1, None), (6, None), (6, None), (None, "hei")],
        [(None, None), (1, None), (1, None), (None, None)],
    ]


async def test_title_uses_the_width_and_never_wraps(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 4)
    full = (f"Evaluering · samling 4 · {format_date(g.date)} · "
            "Fra penger og tiltak til kvalitet og resultat")
    app = make_app(demo_store)
    async with app.run_test(size=(200, 60)) as pilot:
        await _open(pilot, g.id)
        lines = screen_lines(app)
        assert lines[1].strip() == full  # all of it where there is room
    for lang, start in (("nb", "Evaluering · samling 4"), ("en", "Evaluation · gathering 4")):
        app = make_app(demo_store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open(pilot, g.id)
            lines = screen_lines(app)
            title = lines[1].rstrip()
            assert title.strip().startswith(start) and title.endswith("…"), title
            assert not title.endswith(" …"), title  # no space before the ellipsis
            assert len(title) <= 80
            # one line: the status line follows at once, the form below it
            assert lines[2].strip().startswith(("Svar: 19", "Responses: 19")), lines[2]
            assert lines[3].startswith("╭")


async def test_undo_survives_a_visit_to_the_list(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        await pilot.press("j", "5", "4", "enter", "n", "2", "2", "enter")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ResponsesScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "svar 2 er angret" in _status(app)
        assert demo_store.evaluations.count(g.id) == 1
        # a response corrected in the list is never undone (nor anything before it)
        await pilot.press("j", "3", "3", "enter")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("enter")  # the newest: "j 3 3"
        await settle(pilot)
        await pilot.press("j", "6", "6", "ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "ingenting å angre" in _status(app)
        assert demo_store.evaluations.count(g.id) == 2
        # one deleted in the list: undo goes on with the one before it
        await pilot.press("n", "1", "1", "enter", "n", "2", "2", "enter")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("j")  # yes, delete the newest ("n 2 2")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+z")  # undoes "n 1 1"
        await settle(pilot)
        assert demo_store.evaluations.count(g.id) == 2
    scores = [[a.score for a in r.answers.values()][:3] for r in demo_store.evaluations.list(g.id)]
    assert scores == [[1, 5, 4], [1, 6, 6]]


async def test_a_key_that_does_not_fit_gives_a_hint(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        form = app.screen.query_one("#entry-form")
        await pilot.press("7")  # on the yes/no question
        assert "«7» passer ikke her: j/n, - hopper over" in _status(app)
        await pilot.press("j", "x")  # on a 1–6 question
        assert "«x» passer ikke her: 1–6, - hopper over" in _status(app)
        assert form.index == 1  # nothing moved
        await pilot.press("7", "5", "4", "enter")
        await settle(pilot)
        assert "svar 1 lagret" in _status(app)
    [r] = demo_store.evaluations.list(g.id)
    assert [a.score for a in r.answers.values()][:3] == [1, 5, 4]


async def test_a_key_that_does_not_fit_in_english(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 4)
    app = make_app(demo_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        await pilot.press("j", "9")
        assert "“9” does not fit here: 1–6, - skips" in _status(app)


async def test_more_responses_than_present_warns(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 4)  # 19 responses, 26 present
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        for _ in range(7):
            await pilot.press("j", "5", "5", "enter")
        await settle(pilot)
        assert "Svar: 26 av 26 til stede" in _status(app)
        assert "flere svar enn til stede" not in _status(app)
        await pilot.press("j", "5", "5", "enter")
        await settle(pilot)
        status = _status(app)
        assert "Svar: 27 av 26 til stede" in status
        assert "flere svar enn til stede – er oppmøtet ført?" in status
        assert "svar 27 lagret" in status  # a warning, not a refusal
        # at 80 columns the count and "lagret kl. …" stay on one line, the warning below
        lines = screen_lines(app)
        assert any("Svar: 27 av 26 til stede · svar 27 lagret kl." in line for line in lines)
        assert any(line.strip().startswith("⚠ flere svar enn til stede") for line in lines)
    assert demo_store.evaluations.count(g.id) == 27


async def test_a_gathering_not_held_yet_asks_first(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 6)  # 100 days after TODAY
    days = (g.date - TODAY).days
    assert days > 90
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        start = app.screen
        app.push_screen(EvaluationScreen(g.id))
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#question").content)
        assert (f"Samling 6 er {format_date(g.date)}, om {days} dager: "
                "den er ikke holdt ennå. Registrere evalueringer for den likevel?") == question
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is start
        await _open(pilot, g.id)  # and this time: yes
        await pilot.press("j", "5", "5", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EvaluationScreen)
    assert demo_store.evaluations.count(g.id) == 1


async def test_a_held_gathering_opens_at_once(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 4)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id, go_on=False)
        assert isinstance(app.screen, EvaluationScreen)


async def test_response_list_fits_the_width_and_shows_enter(demo_store, demo_network) -> None:
    from textual.widgets import DataTable
    from textual.widgets._footer import FooterKey

    g = _gathering(demo_store, demo_network, 4)
    # two responses tagged "Øksnes · Kommunedirektør/rådmann": five of them present
    mid = crowd(demo_store, demo_network.id, g.id, "1868", 5, role="kommunedirektor")
    for _ in range(2):
        answer_all(demo_store, g.id, municipality_id=mid, role="kommunedirektor")
    for size, full in (((80, 24), False), ((200, 60), True)):
        app = make_app(demo_store)
        async with app.run_test(size=size) as pilot:
            await _open(pilot, g.id)
            await pilot.press("f5")
            await settle(pilot)
            assert isinstance(app.screen, ResponsesScreen)
            table = app.screen.query_one(DataTable)
            assert table.max_scroll_x == 0  # no horizontal scrolling
            lines = screen_lines(app)
            header = next(line for line in lines if "Tid" in line)
            assert header.rstrip().endswith("Kommune · rolle"), header
            rows = [line for line in lines if "Øksnes · " in line]
            assert rows
            if full:
                assert any("Øksnes · Kommunedirektør/rådmann" in line for line in rows)
            else:
                assert all(line.rstrip().endswith("…") for line in rows), rows
                assert all(len(line.rstrip()) <= 78 for line in lines[2:-2])
            keys = [k.description for k in app.screen.query(FooterKey)]
            assert "Rediger" in keys, keys


async def test_a_key_that_does_not_fit_when_correcting(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        await pilot.press("j", "2", "2", "enter", "f5")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        hint = app.screen.query_one("#edit-hint")
        await pilot.press("n", "0")  # 0 is "no" on yes/no, not a score
        assert "«0» passer ikke her: 1–6, - hopper over" in str(hint.content)
        await pilot.press("5", "5", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ResponsesScreen)
    [r] = demo_store.evaluations.list(g.id)
    assert [a.score for a in r.answers.values()][:3] == [0, 5, 5]


async def test_screen_keys_work_on_the_free_text_question(demo_store, demo_network) -> None:
    """With the cursor on the free-text question, F5, Escape and the other screen keys
    still do what the footer says."""

    g = next(g for g in demo_store.gatherings.list(demo_network.id) if g.seq == 4)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(EvaluationScreen(g.id))
        await settle(pilot)
        await pilot.press("j", "5", "4")  # the cursor is on the comment now
        await pilot.press(*"Bra")
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ResponsesScreen)


async def test_f2_offers_the_municipalities_that_were_members_at_the_gathering(
        demo_store, demo_network) -> None:
    """Flakstad joined today: a response to gathering 4 (held in October) cannot be from it."""
    demo_store.members.add(demo_network.id, "1859", joined_on=TODAY)  # Flakstad
    for seq, listed in ((4, False), (5, True)):
        g = _gathering(demo_store, demo_network, seq)
        app = make_app(demo_store)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open(pilot, g.id)
            names = [name for _id, name in app.screen.members]
            assert ("Flakstad" in names) is listed
            assert "Øksnes" in names
