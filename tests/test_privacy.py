"""The capture rule: a municipality or role tag is stored only when the group it names at
the gathering has at least 5 people (alone, and as a pair); the decision as a pure
function, the store applying it in the write, and every way in saying so."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.privacy import (
    MIN_GROUP,
    DroppedCount,
    GroupSizes,
    Tags,
    dropped_count_line,
    dropped_line,
    kept_tags,
)
from tests.conftest import make_app, settle
from tests.privacy_data import answer_all

D = date(2026, 3, 10)

counts = st.integers(0, 12)
maybe_mun = st.sampled_from([None, "andoy"])
maybe_role = st.sampled_from([None, "stab"])


# --------------------------------------------------------------------------- the decision


@given(maybe_mun, maybe_role, counts, counts, counts)
def test_stored_tags_always_name_at_least_five(mun, role, mun_n, role_n, pair_n) -> None:
    kept_mun, kept_role = kept_tags(mun, role, municipality_n=mun_n, role_n=role_n,
                                    pair_n=pair_n)
    # never a tag that was not given, never a changed one
    assert kept_mun in (None, mun) and kept_role in (None, role)
    if kept_mun is not None:
        assert mun_n >= MIN_GROUP
    if kept_role is not None:
        assert role_n >= MIN_GROUP
    if kept_mun is not None and kept_role is not None:
        assert pair_n >= MIN_GROUP  # the pair names its own, smaller group


@given(maybe_mun, maybe_role, counts, counts, counts)
def test_as_much_is_kept_as_the_rule_allows(mun, role, mun_n, role_n, pair_n) -> None:
    kept = kept_tags(mun, role, municipality_n=mun_n, role_n=role_n, pair_n=pair_n)
    big = MIN_GROUP
    if mun and role and mun_n >= big and role_n >= big and pair_n >= big:
        assert kept == (mun, role)
    elif mun and mun_n >= big:
        assert kept == (mun, None)  # the pair falls back to the municipality
    elif role and role_n >= big:
        assert kept == (None, role)  # or to the role, when the municipality is small
    else:
        assert kept == (None, None)
    # deciding again on what was kept changes nothing
    assert kept_tags(*kept, municipality_n=mun_n, role_n=role_n, pair_n=pair_n) == kept


@given(st.dictionaries(st.tuples(st.sampled_from("abc"), st.sampled_from("xyz")),
                       st.integers(0, 9)),
       st.sampled_from([None, "a", "b", "c", "q"]), st.sampled_from([None, "x", "y", "q"]))
def test_group_sizes_decide_on_sums_of_the_pairs(pairs, mun, role) -> None:
    sizes = GroupSizes.from_pairs(pairs, attendance_taken=True)
    mun_n = sum(n for (m, _r), n in pairs.items() if m == mun)
    role_n = sum(n for (_m, r), n in pairs.items() if r == role)
    tags = sizes.decide(mun, role)
    expected = kept_tags(mun, role, municipality_n=mun_n, role_n=role_n,
                         pair_n=pairs.get((mun, role), 0))
    assert (tags.municipality_id, tags.role) == expected
    assert tags.dropped_municipality == (mun is not None and expected[0] is None)
    assert tags.dropped_role == (role is not None and expected[1] is None)


def test_the_lines_say_what_was_dropped_never_which_response() -> None:
    assert dropped_line(Tags("m", "r")) == ""
    assert dropped_line(Tags(None, "r", dropped_municipality=True)) == "uten kommune"
    assert dropped_line(Tags(None, None, True, True), future=True) == (
        "verken kommune eller rolle lagres (færre enn 5 i gruppen)")
    assert dropped_count_line(DroppedCount()) == ""
    assert dropped_count_line(DroppedCount(3, 0), future=True) == (
        "Av personvernhensyn lagres 3 svar uten kommune (færre enn 5 personer i gruppen "
        "på samlingen).")
    assert "ble 2 svar lagret uten kommune og 1 uten rolle" in dropped_count_line(
        DroppedCount(2, 1))


# --------------------------------------------------------------------------- the store


@pytest.fixture
def town(store):
    """A network on 10.03.2026: Andøy with 6 people (5 chief executives, 1 mayor), Bø with
    4 chief executives, Hadsel (joined after the gathering) with 6; one gathering."""
    net = store.networks.create("Nord", start_date=D)
    people = {}
    for number, joined, roles in (("1871", D, ["kommunedirektor"] * 5 + ["ordforer"]),
                                  ("1867", D, ["kommunedirektor"] * 4),
                                  ("1866", D + timedelta(1), ["stab"] * 6)):
        member = store.members.add(net.id, number, joined_on=joined)
        people[number] = [store.members.add_participant(net.id, member.municipality_id,
                                                f"P {number} {i}", role).id
                          for i, role in enumerate(roles)]
    g = store.gatherings.create(net.id, date=D)
    return net, g, people


def _row(store, rid):
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute("SELECT municipality_id, role FROM evaluationresponse WHERE id=?",
                            (rid,)).fetchone()
    finally:
        conn.close()


def test_without_attendance_the_registered_are_counted(store, town) -> None:
    net, g, _people = town
    andoy, bo, hadsel = (store.register.get(n).id for n in ("1871", "1867", "1866"))
    sizes = store.evaluations.group_sizes(g.id)
    assert not sizes.attendance_taken
    assert sizes.municipalities == {andoy: 6, bo: 4}  # Hadsel joined after the gathering
    assert sizes.roles == {"kommunedirektor": 9, "ordforer": 1}

    cases = [  # given → stored
        ((andoy, "kommunedirektor"), (andoy, "kommunedirektor")),  # 6, 9, pair 5
        ((andoy, "ordforer"), (andoy, None)),  # the pair names one person
        ((bo, "kommunedirektor"), (None, "kommunedirektor")),  # Bø has 4
        ((bo, None), (None, None)),
        ((hadsel, "stab"), (None, None)),  # not a member that day: nobody registered
        ((None, "ordforer"), (None, None)),
        ((None, None), (None, None)),
    ]
    for (mun, role), stored in cases:
        recorded = answer_all(store, g.id, municipality_id=mun, role=role)
        assert _row(store, recorded.id) == stored, (mun, role)
        assert (recorded.tags.municipality_id, recorded.tags.role) == stored
        assert recorded.tags.dropped_municipality == (mun is not None and stored[0] is None)
        assert recorded.tags.dropped_role == (role is not None and stored[1] is None)


def test_inactive_and_removed_people_are_not_registered(store, town) -> None:
    net, g, people = town
    andoy = store.register.get("1871").id
    store.members.deactivate_participant(people["1871"][0])
    assert answer_all(store, g.id, municipality_id=andoy).tags.municipality_id == andoy  # 5
    store.members.erase_participant(people["1871"][1])
    assert store.evaluations.group_sizes(g.id).municipalities[andoy] == 4
    recorded = answer_all(store, g.id, municipality_id=andoy)
    assert recorded.tags == Tags(None, None, dropped_municipality=True)


def test_with_attendance_only_those_present_count(store, town) -> None:
    net, g, people = town
    andoy = store.register.get("1871").id
    for pid in people["1871"][:4]:
        store.gatherings.set_attendance(g.id, pid, True)
    store.gatherings.set_attendance(g.id, people["1871"][4], False)  # absent: not counted
    sizes = store.evaluations.group_sizes(g.id)
    assert sizes.attendance_taken and sizes.municipalities == {andoy: 4}
    assert _row(store, answer_all(store, g.id, municipality_id=andoy).id) == (None, None)
    store.gatherings.set_attendance(g.id, people["1871"][4], True)
    assert _row(store, answer_all(store, g.id, municipality_id=andoy).id) == (andoy, None)


def test_attendance_with_nobody_present_keeps_no_tag(store, town) -> None:
    """Attendance taken (rows exist) with everyone absent: the registered do not count."""
    net, g, people = town
    andoy = store.register.get("1871").id
    for pid in people["1871"]:
        store.gatherings.set_attendance(g.id, pid, False)
    assert store.evaluations.group_sizes(g.id).attendance_taken
    assert _row(store, answer_all(store, g.id, municipality_id=andoy,
                                  role="kommunedirektor").id) == (None, None)


def test_a_correction_checks_the_tags_again(store, town) -> None:
    """Attendance taken after the capture: correcting the response applies the rule to
    today's counts (the list passes the stored tags back)."""
    net, g, people = town
    andoy = store.register.get("1871").id
    recorded = answer_all(store, g.id, municipality_id=andoy, role="kommunedirektor")
    assert _row(store, recorded.id) == (andoy, "kommunedirektor")
    for pid in people["1871"][:3]:
        store.gatherings.set_attendance(g.id, pid, True)
    question = store.questions.freeze(g.id)[1]
    tags = store.evaluations.correct(recorded.id, {question.id: 2}, municipality_id=andoy,
                                 role="kommunedirektor")
    assert tags == Tags(None, None, dropped_municipality=True, dropped_role=True)
    assert _row(store, recorded.id) == (None, None)


def test_no_tag_costs_no_count(store, town, monkeypatch) -> None:
    """A response without tags (nearly every typed one) reads no attendance."""
    net, g, _people = town
    calls = []
    from facilitator.storage import evaluations

    original = evaluations._group_sizes
    monkeypatch.setattr(evaluations, "_group_sizes",
                        lambda s, gid, part: calls.append(gid) or original(s, gid, part))
    answer_all(store, g.id)
    assert calls == []
    answer_all(store, g.id, role="ordforer")
    assert calls == [g.id]


def test_the_demo_file_names_nobody(demo_store, demo_network) -> None:
    """The attack of the issue: with the file, match each tagged response to the
    participants present (or registered) with those tags. Every tag, and every pair,
    now names at least five people."""
    conn = sqlite3.connect(demo_store.path)
    try:
        tagged = conn.execute(
            "SELECT gathering_id, municipality_id, role FROM evaluationresponse"
            " WHERE municipality_id IS NOT NULL OR role IS NOT NULL").fetchall()
    finally:
        conn.close()
    assert tagged  # the demo still uses the tags where they are allowed
    for gid, mun, role in tagged:
        present = [p for p in demo_store.members.participants(demo_network.id)
                   if demo_store.gatherings.attendance(gid).get(p.id)]
        matching = [p for p in present if (mun is None or p.municipality_id == mun)
                    and (role is None or p.role == role)]
        assert len(matching) >= MIN_GROUP, (gid, mun, role)


# --------------------------------------------------------------------------- every way in


TAGGED_CSV = ("Kommune;Rolle;Relevante tema;Ny kunnskap\n"
              "Bø;Ordfører;5;4\n"  # Bø has 5 registered, but one mayor: the role goes
              "Øksnes;;4;4\n"  # Øksnes has 4: the municipality goes
              "Øksnes;Kommunedirektør;3;5\n"  # the municipality goes, 7 chief executives stay
              ";;6;6\n")


def _tagged_file(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_text(TAGGED_CSV, encoding="utf-8")
    return path


def test_the_import_says_how_many_lost_a_tag_never_which(demo_store, demo_network,
                                                         tmp_path) -> None:
    from facilitator import importers as imp

    g = next(x for x in demo_store.gatherings.list(demo_network.id) if x.seq == 5)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(_tagged_file(tmp_path)))
    assert plan.tags_dropped == DroppedCount(municipalities=2, roles=1)
    assert plan.summary().endswith(
        "Av personvernhensyn lagres 2 svar uten kommune og 1 uten rolle (færre enn 5 "
        "personer i gruppen på samlingen).")
    assert not any("personvern" in line.message() or "uten kommune" in line.message()
                   for line in plan.lines)
    result = imp.apply_import(demo_store, g.id, plan)
    assert result.tags_dropped == DroppedCount(municipalities=2, roles=1)
    assert result.message() == (
        "4 svar importert, 0 fantes fra før. Av personvernhensyn ble 2 svar lagret uten "
        "kommune og 1 uten rolle (færre enn 5 personer i gruppen på samlingen).")
    bo = demo_store.register.get("1867").id
    assert sorted(((r.municipality_id, r.role) for r in demo_store.evaluations.list(g.id)),
                  key=repr) == sorted([(bo, None), (None, None), (None, "kommunedirektor"),
                                       (None, None)], key=repr)


def test_the_command_line_import_says_it_too(demo_store, demo_network, demo_path, tmp_path,
                                             capsys) -> None:
    from facilitator.cli import main
    from facilitator.demo import DEMO_NAME

    path = _tagged_file(tmp_path)
    args = ["import-evaluations", str(path), "--db", str(demo_path), "--network", DEMO_NAME,
            "--gathering", "5", "--yes"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    [summary] = [line for line in lines if "personvern" in line]
    assert summary.startswith("4 linjer: 4 kan importeres")
    assert "lagres 2 svar uten kommune og 1 uten rolle" in summary
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1].endswith(
        "Av personvernhensyn ble 2 svar lagret uten kommune og 1 uten rolle (færre enn 5 "
        "personer i gruppen på samlingen).")


def _gathering(store, network, seq):
    return next(g for g in store.gatherings.list(network.id) if g.seq == seq)


async def test_the_import_screen_says_it_in_the_dry_run_and_after(
        demo_store, demo_network, tmp_path, monkeypatch) -> None:
    from facilitator.screens.dialogs import ConfirmScreen
    from facilitator.screens.gatherings import GatheringsScreen
    from tests.test_import_screen import _notes, _open_import, _read, _text

    g = _gathering(demo_store, demo_network, 5)
    monkeypatch.chdir(tmp_path)
    _tagged_file(tmp_path)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        notes = _notes(app)
        screen = await _open_import(pilot, demo_network)
        await _read(pilot, "svar.csv")
        summary = _text(screen, "#imp-summary")
        assert "Av personvernhensyn lagres 2 svar uten kommune og 1 uten rolle" in summary
        assert "personvern" not in _text(screen, "#imp-lines")  # never which lines
        await pilot.press("ctrl+s")
        await settle(pilot)
        if isinstance(app.screen, ConfirmScreen):  # the municipality and role columns
            await pilot.press("j")
            await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)
        assert notes[-1].endswith("Av personvernhensyn ble 2 svar lagret uten kommune og 1 "
                                  "uten rolle (færre enn 5 personer i gruppen på samlingen).")
    assert demo_store.evaluations.count(g.id) == 4


async def test_typed_entry_says_which_tag_will_not_be_stored(demo_store, demo_network) -> None:
    """Gathering 5 (no attendance yet: the registered count). Øksnes has 4 people: the
    line under the count says so before the save, and the save says "uten kommune";
    with a union representative (6 in the network) the role alone is kept."""
    from tests.test_evaluation_entry import _open, _status

    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, g.id)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*"okses", "enter")
        await settle(pilot)
        assert ("neste svar: Øksnes – kommunen lagres ikke (færre enn 5 i gruppen)"
                in _status(app))
        await pilot.press("j", "4", "4", "enter")
        await settle(pilot)
        assert "svar 1 lagret kl. " in _status(app) and " uten kommune" in _status(app)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press(*"tillits", "enter")
        await settle(pilot)
        status = _status(app)
        assert ("neste svar: Øksnes · Tillitsvalgt – kommunen lagres ikke (færre enn 5 i "
                "gruppen)") in status
        await pilot.press("n", "3", "3", "enter")
        await settle(pilot)
        assert " uten kommune" in _status(app)
        await pilot.press("f2")  # no municipality: a role of 6 is kept, nothing to say
        await settle(pilot)
        await pilot.press("enter")  # the first option: none
        await settle(pilot)
        status = _status(app)
        assert "neste svar: Tillitsvalgt" in status and "lagres ikke" not in status
        await pilot.press("j", "5", "5", "enter")
        await settle(pilot)
        assert "uten" not in _status(app)
    assert [(r.municipality_id, r.role) for r in demo_store.evaluations.list(g.id)] == [
        (None, None), (None, "tillitsvalgt"), (None, "tillitsvalgt")]


async def test_the_kiosk_thanks_say_only_that_the_group_is_small(demo_store, demo_network,
                                                                monkeypatch) -> None:
    """The kiosk asks for no tag today; should its save carry one the store drops, the
    thank-you says so in plain words, naming nothing."""
    from tests.test_kiosk import _kiosk, visible_text

    g = _gathering(demo_store, demo_network, 4)
    oksnes = demo_store.register.get("1868").id
    record = demo_store.evaluations.record
    monkeypatch.setattr(demo_store.evaluations, "record",
                        lambda gid, answers, **kw: record(gid, answers, municipality_id=oksnes,
                                                          **kw))
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        kiosk = await _kiosk(pilot, g.id)
        await pilot.press("j", "4", "4")
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert kiosk.state == "thanks"
        shown = visible_text(kiosk)
        assert "Takk! Svaret ditt er lagret." in shown
        assert "Kommunen din ble ikke lagret med svaret, fordi gruppen er liten." in shown
        assert "Øksnes" not in shown
        await pilot.press("space")  # the next participant: nothing of it is left
        await settle(pilot)
        assert "gruppen er liten" not in visible_text(kiosk)
    assert [r.municipality_id for r in demo_store.evaluations.list(g.id)
            if r.source == "kiosk"][-1] is None


async def test_a_correction_in_the_list_says_when_a_tag_goes(demo_store, demo_network) -> None:
    """Typed before attendance was taken (eight registered from Øksnes), then attendance
    shows three of them present: correcting the response drops the tag, and says so."""
    from facilitator.screens.responses import ResponsesScreen
    from tests.test_import_screen import _notes

    g = _gathering(demo_store, demo_network, 5)
    oksnes = demo_store.register.get("1868").id
    for i in range(4):
        demo_store.members.add_participant(demo_network.id, oksnes, f"Ny {i}", "stab")
    assert answer_all(demo_store, g.id, municipality_id=oksnes).tags.municipality_id
    present = [p.id for p in demo_store.members.participants(demo_network.id)
               if p.municipality_id == oksnes][:3]
    for pid in present:
        demo_store.gatherings.set_attendance(g.id, pid, True)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        notes = _notes(app)
        await settle(pilot)
        app.push_screen(ResponsesScreen(g.id))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notes[-1] == "Lagret. (uten kommune)"
    assert [r.municipality_id for r in demo_store.evaluations.list(g.id)] == [None]
