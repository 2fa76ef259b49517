"""What belongs to a cycle and what its summary may claim: membership at the gathering's
date, the response rate against attendance, the plain text of the e-mail."""

from __future__ import annotations

import csv
import email
import io
import tempfile
from datetime import datetime, timedelta
from email import policy
from pathlib import Path

import pytest

from facilitator.cycle import NOT_GIVEN
from facilitator.cycle_build import build_summary
from facilitator.export import csv as csv_export
from facilitator.export import email as eml
from facilitator.export import html, markdown, outline
from facilitator.export.tables import build_tables
from facilitator.export.words import Words
from tests.privacy_data import answer_all

NOW = datetime(2026, 11, 22, 12, 0)
REMARK = "Flere svar enn registrert oppmøte"


def _by_seq(store, network_id):
    return {g.seq: g for g in store.gatherings.list(network_id)}


# ---------------------------------------------------------------------- membership


@pytest.fixture
def late_joiner(demo_store, demo_network):
    """Lødingen joins the day after gathering 2, with five participants, a status on the
    home work due at 2, a meeting and six tagged answers in cycle 2 (data that must not
    show in the cycle-2 summary), and attendance at gatherings 2 and 3."""
    g = _by_seq(demo_store, demo_network.id)
    member = demo_store.members.add(demo_network.id, "1851", joined_on=g[2].date + timedelta(1))
    mid = member.municipality_id
    for i in range(5):  # five present: enough for the store to keep the tag
        person = demo_store.members.add_participant(demo_network.id, mid, f"Sen Deltaker {i}",
                                            "ordforer")
        for seq in (2, 3):
            demo_store.gatherings.set_attendance(g[seq].id, person.id, True)
    for a in demo_store.homework.list(demo_network.id):
        if a.gathering_id in (g[1].id, g[2].id):
            demo_store.homework.set_status(a.id, mid, "delivered")
    demo_store.meetings.log(demo_network.id, mid, date=g[2].date - timedelta(3),
                           headcounts={"ordforer": 1})
    scale = [q for q in demo_store.questions.freeze(g[2].id) if q.kind == "scale"]
    for _ in range(6):
        recorded = demo_store.evaluations.record(g[2].id, {q.id: 6 for q in scale},
                                                municipality_id=mid)
        assert recorded.tags.municipality_id == mid
    return "Lødingen"


def test_a_municipality_that_joined_later_is_not_in_an_earlier_cycle(
        demo_store, demo_network, late_joiner) -> None:
    before = build_summary(demo_store, demo_network.id, 2, now=NOW)
    assert late_joiner not in before.municipalities
    assert late_joiner not in [mun for mun, _ in before.pivot]
    assert all(late_joiner not in [mun for mun, *_ in a.statuses]
               for a in before.homework + before.homework_ahead)
    assert late_joiner not in [m.municipality for m in before.meetings]
    assert late_joiner not in [mun for mun, _role, _n in before.attendance]
    for q in before.questions:
        assert late_joiner not in [grp for grp, _ in q.by_municipality]
    # the participant is counted neither as registered nor as present
    members = demo_store.members.list(demo_network.id)
    assert before.registered == sum(m.participants for m in members
                                    if m.name != late_joiner)
    assert before.present == sum(n for _m, n in before.attendance_by_municipality())
    for text in (markdown.render(outline.build(before)), html.render(outline.build(before))):
        assert late_joiner not in text
    for table in build_tables(before):
        assert late_joiner not in repr(table.rows), table.key

    after = build_summary(demo_store, demo_network.id, 3, now=NOW)
    assert late_joiner in after.municipalities
    assert late_joiner in [mun for mun, _ in after.pivot]
    assert late_joiner in [mun for mun, _role, _n in after.attendance]
    assert late_joiner in markdown.render(outline.build(after))


def test_a_municipality_that_left_is_not_in_a_later_cycle(demo_store, demo_network) -> None:
    g = _by_seq(demo_store, demo_network.id)
    member = next(m for m in demo_store.members.list(demo_network.id) if m.name == "Andøy")
    demo_store.members.update(member.membership_id, left_on=g[3].date - timedelta(1))
    assert "Andøy" in build_summary(demo_store, demo_network.id, 2, now=NOW).municipalities
    later = build_summary(demo_store, demo_network.id, 3, now=NOW)
    assert "Andøy" not in later.municipalities
    assert "Andøy" not in markdown.render(outline.build(later))
    # leaving on the gathering's day: still a member that day
    demo_store.members.update(member.membership_id, left_on=g[3].date)
    assert "Andøy" in build_summary(demo_store, demo_network.id, 3, now=NOW).municipalities


# ---------------------------------------------------------------------- response rate


@pytest.fixture
def over_attendance(demo_store, demo_network):
    """Cycle 3 with more responses than people marked present."""
    g3 = _by_seq(demo_store, demo_network.id)[3]
    yes_no = next(q for q in demo_store.questions.freeze(g3.id) if q.kind == "yes_no")
    base = build_summary(demo_store, demo_network.id, 3, now=NOW)
    for _ in range(base.present - base.responses + 5):
        demo_store.evaluations.record(g3.id, {yes_no.id: 1})
    summary = build_summary(demo_store, demo_network.id, 3, now=NOW)
    assert summary.responses > summary.present
    return summary


def test_more_responses_than_attendance_is_said_not_shown_as_a_rate(over_attendance) -> None:
    s = over_attendance
    assert s.over_attendance and s.response_rate is None
    assert all(q.stats.response_rate is None for q in s.questions)
    remark = Words("nb")("over_attendance", present=s.present)
    assert remark.startswith(REMARK) and "ikke ført fullt ut" in remark
    line = f"Antall svar: {s.responses}. {remark}"
    md = markdown.render(outline.build(s))
    assert line in md
    assert line in markdown.render(outline.build(s), plain=True)
    assert html.escape(line) in html.render(outline.build(s))
    rate = f"{round(100 * s.responses / s.present)} %"
    assert rate not in md and rate not in html.render(outline.build(s))
    tables = {t.key: t for t in build_tables(s)}
    summary_rows = dict((r[0], r[1]) for r in tables["summary"].rows)
    assert summary_rows["Svarprosent"] == remark
    evaluation = tables["evaluation"]
    col = evaluation.header.index("Svarprosent")
    assert {r[col] for r in evaluation.rows} == {Words("nb")("rate_hidden")}
    files = csv_export.render(s)
    assert remark in files["oppsummering.csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(files["evaluering.csv"].decode("utf-8-sig")),
                           delimiter=";"))
    assert all(r[col] == Words("nb")("rate_hidden") for r in rows[1:])


def test_the_remark_in_english_and_nynorsk(demo_store, demo_network, over_attendance) -> None:
    en = build_summary(demo_store, demo_network.id, 3, language="en", now=NOW)
    assert ("More responses than recorded attendance" in markdown.render(outline.build(en))
            and "not taken in full" in markdown.render(outline.build(en)))
    nn = build_summary(demo_store, demo_network.id, 3, language="nn", now=NOW)
    assert "Fleire svar enn registrert oppmøte" in markdown.render(outline.build(nn))


def test_a_normal_rate_has_no_remark(demo_store, demo_network) -> None:
    s = build_summary(demo_store, demo_network.id, 3, now=NOW)
    assert not s.over_attendance
    md = markdown.render(outline.build(s))
    assert f"Antall svar: {s.responses} ({round(100 * s.responses / s.present)} %)" in md
    assert REMARK not in md and REMARK not in html.render(outline.build(s))


async def test_the_export_preview_shows_the_remark(demo_store, demo_network,
                                                   over_attendance) -> None:
    from facilitator.screens.export import ExportScreen
    from tests.conftest import make_app, settle

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ExportScreen(demo_network.id, cycle=3))
        await settle(pilot)
        screen = app.screen
        for _ in range(20):
            if REMARK in screen.query_one("#export-md").source:
                break
            await pilot.pause(0.05)
        assert REMARK in screen.query_one("#export-md").source


# ---------------------------------------------------------------------- e-mail text part


def test_the_email_text_part_reads_as_plain_text(demo_store, demo_network) -> None:
    from facilitator.export.writer import write_export

    s = build_summary(demo_store, demo_network.id, 3, now=NOW)
    with tempfile.TemporaryDirectory() as tmp:
        (path,) = write_export(s, ["eml"], Path(tmp))
        raw = path.read_bytes()
    msg = email.message_from_bytes(raw, policy=policy.default)
    plain = next(p for p in msg.walk() if p.get_content_type() == "text/plain")
    text = plain.get_content()
    assert "**" not in text and "|---" not in text and "| " not in text
    assert not [line for line in text.splitlines() if line.startswith("#")]
    # headings underlined, tables aligned in columns
    assert "Evaluering\r\n----------\r\n" in text or "Evaluering\n----------\n" in text
    lines = text.replace("\r\n", "\n").split("\n")
    row = next(line for line in lines if line.startswith("Andøy "))
    head = next(line for line in lines if line.startswith("Kommune ") and "Til stede" in line)
    assert row.rstrip().endswith(" 3") and len(row.rstrip()) == len(head.rstrip())
    assert "Oppgave 1: Perspektivanalyse" in text
    assert "Svarte samlingen til forventningene?" in text
    # the same message as before otherwise: CRLF on the wire, the HTML part, the workbook
    assert b"\r\n" in raw and not raw.replace(b"\r\n", b"").count(b"\n")
    assert [p.get_content_type() for p in msg.walk()][-2:] == [
        "text/html", eml.XLSX_TYPE[0] + "/" + eml.XLSX_TYPE[1]]


# ---------------------------------------------------------------------- breakdowns


def _network(store, sizes: dict[str, int]):
    """A network on one gathering (today) with `sizes` people per municipality number,
    all present."""
    net = store.networks.create("Personvern", start_date=NOW.date())
    g = store.gatherings.create(net.id, date=NOW.date() - timedelta(1))
    ids = {}
    for number, n in sizes.items():
        member = store.members.add(net.id, number, joined_on=NOW.date() - timedelta(30))
        ids[number] = member.municipality_id
        for i in range(n):
            person = store.members.add_participant(net.id, member.municipality_id, f"P{i}", "stab")
            store.gatherings.set_attendance(g.id, person.id, True)
    return net, g, ids


def _answers(store, g, mid, scores):
    for score in scores:
        recorded = answer_all(store, g.id, score, municipality_id=mid)
        assert recorded.tags.municipality_id == mid  # kept: the groups are large


def test_untagged_answers_are_a_group_of_their_own(store) -> None:
    """The issue: Andøy 10, Bø 7 and 3 untagged. Total − Andøy − Bø gave the untagged
    mean exactly. Now "ikke oppgitt" is a row, hidden (3 < 5), and Bø with it; Hadsel
    (2 present, no answers) is listed and hidden the same way."""
    net, g, ids = _network(store, {"1871": 10, "1867": 7, "1866": 2})
    _answers(store, g, ids["1871"], [5] * 10)
    _answers(store, g, ids["1867"], [4] * 7)
    _answers(store, g, None, [1, 2, 3])
    summary = build_summary(store, net.id, 1, now=NOW)
    for q in summary.questions:
        if q.kind == "text":
            continue
        rows = dict(q.by_municipality)
        assert list(rows) == ["Andøy", "Bø", "Hadsel", NOT_GIVEN]
        assert rows["Andøy"].n == 10
        assert rows["Bø"] is None and rows["Hadsel"] is None and rows[NOT_GIVEN] is None
        # the reader's sum: what is left over is Bø and the untagged together
        assert q.stats.n - rows["Andøy"].n == 10
    md = markdown.render(outline.build(summary))
    assert "| Ikke oppgitt |" not in md and "| ikke oppgitt | skjult |" in md
    assert "| Hadsel | skjult |" in md
    for lang, word in (("nb", "ikke oppgitt"), ("nn", "ikkje oppgitt"), ("en", "not given")):
        s = build_summary(store, net.id, 1, language=lang, now=NOW)
        w = Words(lang)
        assert f"| {word} | {w('suppressed')} |" in markdown.render(outline.build(s))
        assert f">{word}</td>" in html.render(outline.build(s))
        [table] = [t for t in build_tables(s) if t.key == "by_municipality"]
        assert [row[0] for row in table.rows] == ["Andøy", "Bø", "Hadsel", word]
        assert table.rows[-1][1:] == [w("suppressed")] * (len(table.rows[-1]) - 1)


def test_untagged_answers_are_shown_when_many_and_not_the_complement(store) -> None:
    net, g, ids = _network(store, {"1871": 10, "1867": 7, "1866": 6})
    _answers(store, g, ids["1871"], [5] * 10)
    _answers(store, g, ids["1867"], [4] * 7)
    _answers(store, g, ids["1866"], [6, 6])  # Hadsel: small, hidden ...
    _answers(store, g, None, [1, 2, 3, 2, 1, 2, 3, 2])  # ... and Bø, the smallest other
    summary = build_summary(store, net.id, 1, now=NOW)
    q = next(x for x in summary.questions if x.kind == "scale")
    rows = dict(q.by_municipality)
    assert rows["Hadsel"] is None and rows["Bø"] is None
    assert rows["Andøy"].n == 10 and rows[NOT_GIVEN].n == 8
    assert rows[NOT_GIVEN].mean == pytest.approx(2.0)
    md = markdown.render(outline.build(summary))
    assert "| ikke oppgitt | 100 % (n=8) | 2,0 (n=8) | 2,0 (n=8) |" in md
    assert "| Bø | skjult | skjult | skjult |" in md


def test_no_breakdown_when_no_answer_carries_the_tag(store) -> None:
    net, g, ids = _network(store, {"1871": 10, "1867": 7})
    _answers(store, g, None, [4] * 12)
    summary = build_summary(store, net.id, 1, now=NOW)
    assert all(q.by_municipality == () for q in summary.questions)
    assert Words("nb")("by_municipality") not in markdown.render(outline.build(summary))
