"""HTML and the e-mail draft from the demo: Outlook-safe markup, the statistics' numbers,
hostile text inert and literal, and a .eml that opens as a draft."""

from __future__ import annotations

import email
import html as stdlib_html
import re
from datetime import datetime, timedelta
from email import policy
from html.parser import HTMLParser

import pytest

from facilitator import stats
from facilitator.cycle_build import build_summary
from facilitator.domain import Role
from facilitator.export import email as eml
from facilitator.export import html, markdown, outline
from facilitator.export.labels import LABELS, STATUS_SYMBOL
from facilitator.export.words import Words
from tests.privacy_data import answer_all, crowd

NOW = datetime(2026, 11, 22, 12, 0)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
HOSTILE = ['=HYPERLINK("http://x","y")', "<script>alert(1)</script>", "[bold]x[/]", "+1",
           "@SUM(A1)", "Blåbær & 🎉 \"sitat\" 'enkel'"]
LONG = "æ" * 10_000
XLSX = b"PK\x03\x04" + bytes(range(256)) * 4  # any bytes: they must come back exact


class Page(HTMLParser):
    """A strict reading of the document: balanced tags, every attribute, table cells."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.tables: list[list[list[str]]] = []  # in order of opening
        self._open: list[list[list[str]]] = []
        self._cell: list[list[str]] = []
        self.decl = ""
        self.feed(source)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_decl(self, decl: str) -> None:
        self.decl = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "table":
            table: list[list[str]] = []
            self.tables.append(table)
            self._open.append(table)
        elif tag == "tr" and self._open:
            self._open[-1].append([])
        elif tag in ("td", "th"):
            self._cell.append([])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.errors.append(f"self-closed <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"end tag of void <{tag}>")
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag == "table":
            self._open.pop()
        elif tag in ("td", "th"):
            text = " ".join("".join(self._cell.pop()).split())
            self._open[-1][-1].append(text)
            if self._cell:  # a nested table's text belongs to the outer cell too
                self._cell[-1].append(text)

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell:
            self._cell[-1].append(data)

    def table_starting(self, *header: str) -> list[list[str]]:
        for table in self.tables:
            if table and tuple(table[0][:len(header)]) == header:
                return table
        raise AssertionError(f"no table with header {header}")

    def fields(self, first: str) -> dict[str, str]:
        """A stacked table (a label beside each value) whose first label is `first`."""
        for table in self.tables:
            if table and table[0][:1] == [first] and all(len(r) == 2 for r in table):
                return dict((label, value) for label, value in table)
        raise AssertionError(f"no stacked table starting with {first}")

    @property
    def all_text(self) -> str:
        return "".join(self.text)


@pytest.fixture
def summary(demo_store, demo_network):
    return build_summary(demo_store, demo_network.id, 3, now=NOW)


@pytest.fixture
def tagged(demo_store, demo_network):
    """Cycle 3 with municipality tags the store keeps: Bø, Hadsel and Andøy grown to 5
    or more present; Bø 6 answers (shown), Hadsel 2 and Andøy 1 (hidden together)."""
    g3 = next(g for g in demo_store.gatherings.list(demo_network.id) if g.seq == 3)
    for number, answers in (("1867", 6), ("1866", 2), ("1871", 1)):
        mid = crowd(demo_store, demo_network.id, g3.id, number, 3)
        for _ in range(answers):
            assert answer_all(demo_store, g3.id, municipality_id=mid).tags.municipality_id
    return build_summary(demo_store, demo_network.id, 3, now=NOW)


@pytest.fixture
def hostile_summary(demo_store, demo_network):
    by_seq = {g.seq: g for g in demo_store.gatherings.list(demo_network.id)}
    g2, g3 = by_seq[2], by_seq[3]
    meeting = next(m for m in demo_store.meetings.list(demo_network.id)
                   if g2.date < m.date <= g3.date)  # a meeting of cycle 3
    demo_store.meetings.update(meeting.id, summary=HOSTILE[0], decisions=LONG,
                              follow_ups=HOSTILE[1] + "\n" + HOSTILE[2])
    demo_store.gatherings.update(g3.id, title=HOSTILE[5], place=HOSTILE[1])
    text_q = next(q for q in demo_store.questions.freeze(g3.id) if q.kind == "text")
    for value in HOSTILE:
        demo_store.evaluations.record(g3.id, {text_q.id: value})
    demo_store.evaluations.record(g3.id, {text_q.id: LONG})
    present = [pid for pid, here in demo_store.gatherings.attendance(g3.id).items() if here]
    demo_store.members.update_participant(present[0], name=HOSTILE[1])
    demo_store.networks.update(demo_network.id, name=HOSTILE[2] + " " + HOSTILE[3])
    return build_summary(demo_store, demo_network.id, 3, include_names=True, now=NOW)


# --------------------------------------------------------------------------- HTML


def test_html_is_a_complete_outlook_safe_document(summary) -> None:
    source = html.render(outline.build(summary))
    page = Page(source)
    assert page.errors == []
    assert source.startswith("<!DOCTYPE html>") and page.decl.lower() == "doctype html"
    assert ("html", {"lang": "nb"}) in page.tags
    assert ("meta", {"charset": "utf-8"}) in page.tags
    names = {tag for tag, _ in page.tags}
    assert not names & {"img", "script", "link", "iframe", "object", "svg", "div", "form",
                        "input", "video", "audio", "picture"}
    for tag, attrs in page.tags:
        assert "class" not in attrs and "id" not in attrs, tag
        assert not [a for a in attrs if a.startswith("on")], tag
        style = (attrs.get("style") or "").replace(" ", "").lower()
        assert "display:flex" not in style and "display:grid" not in style, tag
        assert "position:" not in style and "url(" not in style, tag
    for needle in ("class=", "<img", "flex", "grid", "<script", "src=", "http"):
        assert needle not in source.lower(), needle
    # only the @page rule lives in <style>; the content is styled inline
    style_block = re.search(r"<style>(.*?)</style>", source, re.S)
    assert style_block and "@page" in style_block.group(1) and "A4" in style_block.group(1)
    assert "." not in re.sub(r"[\d.]+(mm|px)?", "", style_block.group(1).split("}", 1)[1])
    # fixed 680 px layout table: fits A4 portrait with 15 mm margins
    outer = next(attrs for tag, attrs in page.tags if tag == "table")
    assert outer.get("role") == "presentation" and outer.get("width") == "680"
    assert "width:680px" in (outer.get("style") or "")
    widths = [int(a["width"]) for t, a in page.tags
              if t in ("table", "td") and (a.get("width") or "").isdigit()]
    assert max(widths) <= 680


def test_html_has_the_markdown_sections_in_order(tagged) -> None:
    summary = tagged
    w = Words("nb")
    text = Page(html.render(outline.build(summary))).all_text
    headings = [w(k) for k in ("s.gathering", "s.attendance", "s.evaluation",
                               "s.distribution", "by_municipality", "by_role",
                               "s.comments", "s.homework", "s.meetings", "s.ahead",
                               "s.trend")]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    md = markdown.render(outline.build(summary))
    for h in headings:
        assert h in md
    title = w("title", network=summary.network, seq=3, date=w.date(summary.gathering.date))
    assert title in text
    assert w("generated", date="22.11.2026") in text
    for comment in summary.comments:
        assert comment in text
    assert summary.next is not None and summary.next.title in text


def test_html_evaluation_numbers_are_the_statistics(summary, demo_store, demo_network) -> None:
    w = Words("nb")
    page = Page(html.render(outline.build(summary)))
    # stacked: the numbers' header, then each question on a row above its numbers
    table = page.table_starting(w("n"), w("mean"), w("median"), w("sd"), w("good"),
                                w("yes"), w("ci"))
    measured = [q for q in summary.questions if q.kind != "text"]
    assert len(table) == 1 + 2 * len(measured)
    g3 = next(g for g in demo_store.gatherings.list(demo_network.id) if g.seq == 3)
    rows = demo_store.evaluations.answer_rows([g3.id])
    pairs = [table[i] + table[i + 1] for i in range(1, len(table), 2)]
    for row, q in zip(pairs, measured, strict=True):
        st = q.stats
        assert row == [q.text_nb, str(st.n), w.number(st.mean), w.number(st.median),
                       w.number(st.sd, 2), w.percent(st.share_good), w.percent(st.share_yes),
                       w.interval(st.share_yes_ci, percent=True) if q.kind == "yes_no"
                       else w.interval(st.mean_ci)]
        # and those are the statistics of the stored answers, computed afresh
        qid = next(x.id for x in demo_store.questions.freeze(g3.id)
                   if x.position == q.position)
        values = [r.score for r in rows if r.question_id == qid and not r.skipped]
        fresh = stats.question_stats(q.kind, values)
        assert row[1] == str(fresh.n)
        if q.kind == "scale":
            assert row[2] == w.number(fresh.mean) and row[4] == w.number(fresh.sd, 2)
        else:
            assert row[6] == w.percent(fresh.share_yes)
    assert f"{w('responses')}: {summary.responses} " in page.all_text


def test_html_distribution_bars_are_cells(summary) -> None:
    page = Page(html.render(outline.build(summary)))
    source = html.render(outline.build(summary))
    scales = [q for q in summary.questions if q.kind == "scale"]
    top = max(max(q.stats.distribution.values()) for q in scales)
    # the longest bar is BAR_WIDTH px wide and coloured; no bar for a count of 0
    filled = [int(a["width"]) for t, a in page.tags if t == "td" and a.get("bgcolor")
              in (html.GOOD_BAR, html.LOW_BAR)]
    assert max(filled) == html.BAR_WIDTH
    assert len(filled) == sum(1 for q in scales for k in range(1, 7)
                              if q.stats.distribution.get(k, 0))
    assert f'width="{html.BAR_WIDTH}" height="14" bgcolor="{html.GOOD_BAR}"' in source
    # each answer 1–6 row carries its count as text too (readable without colour)
    for q in scales:
        for k in range(1, 7):
            count = q.stats.distribution.get(k, 0)
            bar = html.bar_cells(count, top, html.BAR_WIDTH,
                                 html.GOOD_BAR if k >= 4 else html.LOW_BAR)
            assert re.search(rf">{k}</td><td[^>]*>{re.escape(bar)}</td><td[^>]*>{count}</td>",
                             source), (q.text_nb, k)


def test_html_status_cells_have_symbol_and_word(summary) -> None:
    w = Words("nb")
    page = Page(html.render(outline.build(summary)))
    # the column is headed with the home work, not its number alone
    table = page.table_starting(w("municipality"), "Oppgave 1: Perspektivanalyse")
    assert [r[0] for r in table[1:]] == list(summary.municipalities)
    for row, (_mun, statuses) in zip(table[1:], summary.pivot, strict=True):
        assert row[1:] == [f"{STATUS_SYMBOL[s]} {w.value(s)}" for s in statuses]


def test_no_status_reads_as_in_the_app(summary) -> None:
    """The app's home-work grid shows a municipality without a status as "· Ikke
    startet"; every format uses that symbol and word too (not "–"/"ikke registrert")."""
    from dataclasses import replace

    from facilitator.export.tables import build_tables

    first = summary.pivot[0][0]
    blank = replace(summary, pivot=((first, (None,)),) + summary.pivot[1:])
    w = Words("nb")
    table = Page(html.render(outline.build(blank))).table_starting(w("municipality"),
                                                    "Oppgave 1: Perspektivanalyse")
    assert table[1] == [first, "· ikke startet"]
    assert f"| {first} | · ikke startet |" in markdown.render(outline.build(blank))
    homework = next(t for t in build_tables(blank) if t.key == "homework")
    assert homework.rows[0] == [first, "ikke startet"]
    assert "ikke registrert" not in markdown.render(outline.build(blank)) + html.render(outline.build(blank))


def test_long_homework_titles_are_cut_in_the_column_head() -> None:
    w = Words("nb")
    assert w.homework_column(2, "Kort") == "Oppgave 2: Kort"
    head = w.homework_column(1, "Perspektivanalyse med befolkning, behov og realutvikling")
    assert head.startswith("Oppgave 1: Perspektivanalyse") and head.endswith("…")
    assert len(head) <= len("Oppgave 1: ") + 32
    assert Words("en").homework_column(1, "Plan\nB") == "Assignment 1: Plan B"


def test_html_suppressed_cells_show_the_word(demo_store, demo_network) -> None:
    g3 = next(g for g in demo_store.gatherings.list(demo_network.id) if g.seq == 3)
    crowd(demo_store, demo_network.id, g3.id, "1867", 2, role="ordforer")  # 5 present
    for _ in range(6):  # one role with enough answers to be shown
        assert answer_all(demo_store, g3.id, 6, role="ordforer").tags.role == "ordforer"
    summary = build_summary(demo_store, demo_network.id, 3, now=NOW)
    w = Words("nb")
    q = next(x for x in summary.questions if x.kind == "scale")
    shown = {g: st for g, st in q.by_role if st is not None}
    hidden = {g for g, st in q.by_role if st is None}
    assert "ordforer" in shown and hidden
    measured = [x for x in summary.questions if x.kind != "text"]
    table = Page(html.render(outline.build(summary))).table_starting(w("role"), measured[0].text_nb)
    col = table[0].index(q.text_nb)
    cells = {row[0]: row[col] for row in table[1:]}
    for group in hidden:
        assert cells[w.group(group, municipality=False)] == w("suppressed")
    for group, st in shown.items():
        assert cells[w.group(group, municipality=False)] == f"{w.number(st.mean)} (n={st.n})"
    # every role is a row, and the answers without a role
    assert [row[0] for row in table[1:]] == [w.value(r.value) for r in Role] + ["ikke oppgitt"]
    assert w("suppressed_note") in Page(html.render(outline.build(summary))).all_text


def test_html_all_suppressed_is_a_note_not_a_table(demo_store, demo_network) -> None:
    """Cycle 4: three answers tagged with one municipality (hidden), so the untagged ones
    are hidden too; no table, only the note."""
    summary = build_summary(demo_store, demo_network.id, 4, now=NOW)
    w = Words("nb")
    page = Page(html.render(outline.build(summary)))
    assert summary.questions[0].by_municipality
    assert all(st is None for q in summary.questions for _g, st in q.by_municipality)
    assert page.all_text.count(w("suppressed_note")) == 2  # that one, and below by role
    with pytest.raises(AssertionError):
        page.table_starting(w("municipality"), summary.questions[0].text_nb)


def test_html_no_names_unless_asked(demo_store, demo_network) -> None:
    names = [p.name for p in demo_store.members.participants(demo_network.id)]
    without = Page(html.render(outline.build(build_summary(demo_store, demo_network.id, 3, now=NOW))))
    assert not [n for n in names if n in without.all_text]
    assert Words("nb")("s.names") not in without.all_text
    named = build_summary(demo_store, demo_network.id, 3, include_names=True, now=NOW)
    page = Page(html.render(outline.build(named)))
    table = page.table_starting("Kommune", "Navn", "Rolle")
    assert [tuple(r[:2]) for r in table[1:]] == [(m, n) for m, n, _r in named.attendance_names]
    # the evaluation part never names anyone
    evaluation = page.all_text.split("Evaluering", 1)[1].split("Hjemmearbeid", 1)[0]
    assert not [n for n in names if n in evaluation]


def test_html_hostile_text_is_escaped_and_literal(hostile_summary) -> None:
    source = html.render(outline.build(hostile_summary))
    page = Page(source)
    assert page.errors == []
    assert {t for t, _ in page.tags}.isdisjoint({"script", "img", "a"})
    text = page.all_text
    for value in HOSTILE:
        assert value in text, value  # literal after the parser decodes the entities
        if set(value) & set("<>&\""):
            assert stdlib_html.escape(value, quote=True) in source, value
    assert "<script>" not in source and "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert LONG in text
    assert text.count(LONG) == 2  # the comment and the meeting's decisions
    # the network name (in <title> and <h1>) and the participant name (opt-in table)
    assert f"<title>Oppsummering {HOSTILE[2]} {HOSTILE[3]} – samling 3" in source
    assert HOSTILE[1] in [r[1] for r in page.table_starting("Kommune", "Navn")[1:]]
    # a multi-line note keeps its lines, as <br>
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>[bold]x[/]" in source


def test_html_escape_drops_controls() -> None:
    assert html.escape("a\x00b\x1bc\td\r\ne") == "abc d e"
    assert html.escape("a\r\nb", lines=True) == "a<br>b"
    assert html.escape(None) == "" and html.escape("") == ""
    assert html.escape("<&>\"'") == "&lt;&amp;&gt;&quot;&#x27;"


@pytest.mark.parametrize(("lang", "labels"), [
    ("nn", ("Heimearbeid", "Vegen vidare", "Kommentarar", "Til stades")),
    ("en", ("Home work", "Looking ahead", "Evaluation", "Mean")),
])
def test_html_in_other_languages(demo_store, demo_network, lang, labels) -> None:
    summary = build_summary(demo_store, demo_network.id, 3, language=lang, now=NOW)
    page = Page(html.render(outline.build(summary)))
    assert page.errors == []
    assert ("html", {"lang": lang}) in page.tags
    for label in labels:
        assert label in page.all_text, label
    if lang == "en":
        assert "Summary ROBEK-nettverk Nord – gathering 3 (25.08.2026)" in page.all_text
        assert "4.9" in page.all_text  # decimal point in English
        assert "Hjemmearbeid" not in page.all_text
    else:
        assert "4,9" in page.all_text


# --------------------------------------------------------------------------- e-mail


def _eml(summary, **kw) -> bytes:
    return eml.render(summary, html=html.render(outline.build(summary)), text=markdown.render(outline.build(summary)),
                      attachment=kw.pop("attachment", XLSX),
                      attachment_name=kw.pop("attachment_name",
                                             eml.attachment_name_for(summary, "xlsx")),
                      **kw)


def _parse(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=policy.default)  # type: ignore[return-value]


def test_eml_is_a_draft_with_the_right_headers(summary) -> None:
    raw = _eml(summary)
    msg = _parse(raw)
    assert msg["X-Unsent"] == "1"
    assert "From" not in msg and "Date" not in msg
    assert not re.search(rb"^(From|Date|Sender|Message-ID):", raw, re.M | re.I)
    assert msg["MIME-Version"] == "1.0"
    assert msg["To"] == "robek-nord@example.no" == ", ".join(summary.contact_emails)
    date = summary.gathering.date.strftime("%d.%m.%Y")
    assert msg["Subject"] == f"Oppsummering ROBEK-nettverk Nord – samling 3 ({date})"
    assert date == "25.08.2026"
    # the raw header is 7-bit and RFC 2047 encoded (the en dash)
    header = raw.split(b"\r\n\r\n", 1)[0]
    assert header.isascii() and b"=?utf-8?" in header


def test_eml_to_is_overridable_or_empty(summary) -> None:
    msg = _parse(_eml(summary, to=["kari@example.no", "ola@example.no"]))
    assert [a.addr_spec for a in msg["To"].addresses] == ["kari@example.no", "ola@example.no"]
    empty = _parse(_eml(summary, to=[]))
    assert "To" not in empty and empty["X-Unsent"] == "1"
    idn = _parse(_eml(summary, to=["post@bø.kommune.no"]))
    assert idn["To"] == "post@xn--b-5ga.kommune.no"


def test_eml_structure_and_attachment(summary) -> None:
    msg = _parse(_eml(summary))
    assert msg.get_content_type() == "multipart/mixed"
    alternative, attachment = msg.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, rich = alternative.get_payload()
    assert plain.get_content_type() == "text/plain" and plain.get_content_charset() == "utf-8"
    assert rich.get_content_type() == "text/html" and rich.get_content_charset() == "utf-8"
    # the decoded parts are the renderings, with CRLF line ends
    assert plain.get_content() == markdown.render(outline.build(summary)).replace("\n", "\r\n")
    assert rich.get_content() == html.render(outline.build(summary)).replace("\n", "\r\n")
    assert attachment.get_content_type() == eml.MIME_TYPES["xlsx"][0] + "/" + \
        eml.MIME_TYPES["xlsx"][1]
    assert attachment.get_content_type() == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "robek-nettverk-nord-samling-3.xlsx"
    assert attachment.get_content() == XLSX


def test_eml_without_attachment(summary) -> None:
    msg = _parse(_eml(summary, attachment=None))
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.get_payload()] == ["text/plain", "text/html"]


def test_eml_lines_end_in_crlf_and_are_short(hostile_summary) -> None:
    raw = _eml(hostile_summary)
    assert raw.endswith(b"\r\n")
    assert not re.search(rb"(?<!\r)\n", raw) and not re.search(rb"\r(?!\n)", raw)
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998  # RFC 5322
    body = raw.split(b"\r\n\r\n", 1)[1]
    assert max(len(line) for line in body.split(b"\r\n") if not line.startswith(
        b"Content-")) <= 76  # RFC 2045: quoted-printable and base64 lines
    assert raw.isascii()  # 7-bit clean: quoted-printable text, base64 attachment


def test_eml_is_deterministic(summary) -> None:
    assert _eml(summary) == _eml(summary)
    assert _eml(summary) != _eml(summary, to=["x@example.no"])


def test_eml_aeoeaa_round_trip(hostile_summary) -> None:
    msg = _parse(_eml(hostile_summary))
    assert msg["Subject"] == (f"Oppsummering {HOSTILE[2]} {HOSTILE[3]} – samling 3 "
                              f"({hostile_summary.gathering.date:%d.%m.%Y})")
    plain, rich = msg.get_payload()[0].get_payload()
    text, markup = plain.get_content(), rich.get_content()
    assert LONG in text and LONG in markup
    assert "Blåbær" in markup and "🎉" in markup and "Målselv" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup and "<script>" not in markup


def test_eml_subject_with_aeoeaa_and_line_breaks(summary) -> None:
    from dataclasses import replace

    odd = replace(summary, network="Nettverk Sør-Trøndelag\r\nBcc: x@example.no")
    raw = _eml(odd)
    msg = _parse(raw)
    assert msg["Subject"].startswith("Oppsummering Nettverk Sør-Trøndelag Bcc: x@example.no –")
    assert "Bcc" not in msg  # no header injection
    assert not re.search(rb"^Bcc:", raw.split(b"\r\n\r\n", 1)[0], re.M)


def test_eml_in_english(demo_store, demo_network) -> None:
    summary = build_summary(demo_store, demo_network.id, 3, language="en", now=NOW)
    msg = _parse(_eml(summary))
    assert msg["Subject"] == "Summary ROBEK-nettverk Nord – gathering 3 (25.08.2026)"
    assert msg.get_payload()[1].get_filename() == "robek-nettverk-nord-gathering-3.xlsx"


def test_ascii_names() -> None:
    assert eml.ascii_filename("ROBEK-nettverk Nord") == "robek-nettverk-nord"
    assert eml.ascii_filename("Bø i Vesterålen – Æ") == "bo-i-vesteralen-ae"
    assert eml.ascii_filename("Porsanger - Porsángu - Porsanki") == "porsanger-porsangu-porsanki"
    assert eml.ascii_filename("<script>/../../etc") == "script-etc"
    assert eml.ascii_filename("🎉") == "nettverk"
    assert len(eml.ascii_filename("æ" * 100)) <= 40
    assert re.fullmatch(r"[a-z0-9-]+", eml.ascii_filename("Ærlig Øl Åpent ß đ"))


def test_attachment_name_for(summary) -> None:
    for ext in ("md", "html", "xlsx", "eml"):
        name = eml.attachment_name_for(summary, ext)
        assert name == f"robek-nettverk-nord-samling-3.{ext}"
    msg = _parse(_eml(summary, attachment_name="Oppsummering Bø – samling 3.xlsx"))
    assert msg.get_payload()[1].get_filename() == "oppsummering-bo-samling-3.xlsx"


def test_writer_writes_html_and_eml(summary, tmp_path) -> None:
    from facilitator.export.writer import write_export

    written = write_export(summary, ["html", "eml"], tmp_path)
    assert [p.name for p in written] == ["robek-nettverk-nord-samling-3.html",
                                         "robek-nettverk-nord-samling-3.eml"]
    assert written[0].read_text(encoding="utf-8") == html.render(outline.build(summary))
    msg = _parse(written[1].read_bytes())
    assert msg["X-Unsent"] == "1"
    xlsx = msg.get_payload()[1]
    assert xlsx.get_filename() == "robek-nettverk-nord-samling-3.xlsx"
    assert xlsx.get_content()[:2] == b"PK"


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_one_day_gathering_has_one_date(demo_store, demo_network, lang: str) -> None:
    """Not "26.08.2026–26.08.2026": a gathering that ends the day it starts has one
    date, in every format; a two-day one its span, written short."""
    g3 = next(g for g in demo_store.gatherings.list(demo_network.id) if g.seq == 3)
    one = f"{g3.date:%d.%m.%Y}"
    demo_store.gatherings.update(g3.id, end_date=g3.date)
    summary = build_summary(demo_store, demo_network.id, 3, language=lang, now=NOW)
    for text in (markdown.render(outline.build(summary)), html.render(outline.build(summary)),
                 markdown.render(outline.build(summary), plain=True)):
        assert f"{one}–{one}" not in text
        assert one in text
    w = Words(lang)
    assert Page(html.render(outline.build(summary))).fields(w("gathering"))[w("date")] == one
    # a two-day gathering in one month: "25.–26.08.2026"
    end = g3.date + timedelta(days=1)
    assert end.month == g3.date.month
    demo_store.gatherings.update(g3.id, end_date=end)
    summary = build_summary(demo_store, demo_network.id, 3, language=lang, now=NOW)
    cell = Page(html.render(outline.build(summary))).fields(w("gathering"))[w("date")]
    assert cell == f"{g3.date:%d}.–{end:%d.%m.%Y}"
    assert cell in markdown.render(outline.build(summary))


# --------------------------------------------------------------------------- recipients

EVIL = "a@example.no\r\nBcc: b@evil.example"


def _store_unchecked(path, sql: str, *args: object) -> None:
    """Write a value the way an older version or another program could have: past
    the store's checks."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute(sql, args)
    conn.commit()
    conn.close()


def test_a_stored_contact_address_with_a_line_break_is_refused(
        demo_store, demo_network, demo_path, tmp_path) -> None:
    """Not "To: a@example.noBcc: b@evil…": the draft is refused, naming the address
    (its line break made visible) and the network it is stored for; nothing is written."""
    _store_unchecked(demo_path, "UPDATE network SET contact_emails = ? WHERE id = ?",
                     f"robek-nord@example.no, {EVIL}", demo_network.id)
    summary = build_summary(demo_store, demo_network.id, 3, now=NOW)
    with pytest.raises(eml.RecipientError) as e:
        _eml(summary)
    assert e.value.message() == (
        "Kontaktadressen «a@example.no<U+000D><U+000A>Bcc: b@evil.example» som er lagret for "
        "nettverket «ROBEK-nettverk Nord», er ikke en gyldig e-postadresse, så "
        "e-postutkastet er ikke laget (ingen filer er skrevet). Rett den under Rediger "
        "nettverk, eller oppgi mottakerne selv.")
    from facilitator.export.writer import write_export

    with pytest.raises(eml.RecipientError):
        write_export(summary, ["md", "html", "eml"], tmp_path / "ut")
    assert not (tmp_path / "ut").exists()  # refused before the first file
    # recipients given for the export are used instead of the stored ones
    msg = _parse(_eml(summary, to=["kari@example.no"]))
    assert msg["To"] == "kari@example.no" and "Bcc" not in msg


@pytest.mark.parametrize("stored", [
    "a@example.no\nBcc: b@evil.example", "a@example.no\x00", "a\x1b[31m@example.no",
    "a@exa\u200bmple.no", "kåre@example.no", "a@b@example.no"])
def test_no_stored_address_reaches_a_header_unchecked(demo_store, demo_network, demo_path,
                                                     stored: str) -> None:
    _store_unchecked(demo_path, "UPDATE network SET contact_emails = ? WHERE id = ?",
                     stored, demo_network.id)
    summary = build_summary(demo_store, demo_network.id, 3, now=NOW)
    with pytest.raises(eml.RecipientError) as e:
        _eml(summary)
    assert e.value.address == stored.strip()
    assert "\n" not in e.value.message() and "\x1b" not in e.value.message()


def test_a_bad_recipient_given_for_the_export_is_refused(summary) -> None:
    with pytest.raises(eml.RecipientError) as e:
        _eml(summary, to=["kari@example.no", "ola@example.no\nBcc: x@evil.example"])
    assert e.value.message() == (
        "Mottakeren «ola@example.no<U+000A>Bcc: x@evil.example» er ikke en gyldig "
        "e-postadresse, så e-postutkastet er ikke laget (ingen filer er skrevet).")


def test_cli_export_refuses_a_stored_bad_contact_address(demo_path, demo_network,
                                                         tmp_path, capsys) -> None:
    from facilitator.cli import main

    _store_unchecked(demo_path, "UPDATE network SET contact_emails = ? WHERE id = ?",
                     EVIL, demo_network.id)
    out = tmp_path / "ut"
    args = ["export", "--db", str(demo_path), "--network", "ROBEK-nettverk Nord",
            "--cycle", "3", "--out", str(out)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "«a@example.no<U+000D><U+000A>Bcc: b@evil.example»" in err
    assert "ROBEK-nettverk Nord" in err
    assert not out.exists()
    assert main([*args, "--to", "kari@example.no"]) == 0  # given recipients: fine
    assert main([*args, "--format", "md,html"]) == 0  # no draft: no recipients needed


# --------------------------------------------------------------------------- narrow panes


class Cells(HTMLParser):
    """Every data table (a table with headers; not the layout or the bars) as rows of
    (tag, attributes, text) cells."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, dict[str, str | None], str]]]] = []
        self._stack: list[list | None] = []
        self._cell: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.feed(source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._stack.append(None if a.get("role") == "presentation" else [])
        elif tag == "tr" and self._stack and self._stack[-1] is not None:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack and self._stack[-1] is not None:
            self._cell.append((tag, a, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._stack:
            table = self._stack.pop()
            if table and any(c[0] == "th" for row in table for c in row):
                self.tables.append(table)
        elif tag in ("td", "th") and self._cell and self._stack and self._stack[-1] is not None:
            name, attrs, text = self._cell.pop()
            self._stack[-1][-1].append((name, attrs, " ".join("".join(text).split())))

    def handle_data(self, data: str) -> None:
        if self._cell:
            self._cell[-1][2].append(data)


SHORT_VALUE = re.compile(r"^(?:[–-]|\d[\d\s,.]*(?: ?%)?|\d[\d,.]*–\d[\d,.]* ?%?|"
                         r"\d\d\.(?:\d\d\.)?(?:–\d\d\.\d\d\.\d{4}|\d{4})|[·◐✓★] \w+|\w+ \(n=\d+\))$")
CHAR_PX, PAD_PX = 8.5, 13  # a 10 pt character of DejaVu Sans (as Chromium measured); padding


def _wraps(attrs: dict[str, str | None]) -> str:
    style = (attrs.get("style") or "").replace(" ", "")
    if "white-space:nowrap" in style:
        assert "nowrap" in attrs  # the attribute too, for Outlook's Word engine
        return "n"
    return "f" if "overflow-wrap:anywhere" in style or "break-all" in style else "w"


def _rich_summary(demo_store, demo_network, lang: str):
    """The demo's cycle 3 with names, and enough answers by role to show that table."""
    g3 = next(g for g in demo_store.gatherings.list(demo_network.id) if g.seq == 3)
    questions = demo_store.questions.freeze(g3.id)
    for role in ("ordforer", "kommunedirektor"):
        for _ in range(6):
            demo_store.evaluations.record(g3.id, {q.id: (1 if q.kind == "yes_no" else 5)
                                                 for q in questions if q.kind != "text"},
                                         role=role)
    return build_summary(demo_store, demo_network.id, 3, language=lang, include_names=True,
                         now=NOW)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_no_header_or_short_value_breaks_inside_a_word(demo_store, demo_network,
                                                       lang: str) -> None:
    """The markup that keeps 'Svar', 'Snitt', 'Sortland' and 'Nettverkssamling' whole in
    a 600 px reading pane: short headers and values never wrap, other cells wrap only
    between words, and at most one column of a table (its long free text) may break a
    word; every table fits 600 px at its narrowest."""
    summary = _rich_summary(demo_store, demo_network, lang)
    tables = Cells(html.render(outline.build(summary))).tables
    assert len(tables) >= 8
    w = Words(lang)
    own = set(LABELS[w.lang].values())  # the summary's own words, not a user's text
    for table in tables:
        flexible: set[int] = set()
        narrowest: dict[int, float] = {}
        for row in table:
            col = 0
            for tag, attrs, text in row:
                span = int(attrs.get("colspan") or 1)
                how = _wraps(attrs)
                if span == 1 and how == "f":
                    flexible.add(col)
                if tag == "th" and span == 1:
                    assert how != "f", text
                    if text in own or " " not in text:
                        assert how == "n", f"header {text!r} may wrap"
                if tag == "td" and (SHORT_VALUE.match(text) or text in (
                        w.value(k) for k in ("nettverkssamling", "kommunemote"))):
                    assert how == "n" or col in flexible, f"value {text!r} may wrap"
                if span == 1:
                    longest = text if how == "n" else max(text.split() or [""], key=len)
                    width = 0 if how == "f" else len(longest) * CHAR_PX
                    narrowest[col] = max(narrowest.get(col, 0), width + PAD_PX)
                col += span
        assert len(flexible) <= 1, table[0]
        assert sum(narrowest.values()) <= 600, (table[0], narrowest)


def test_the_long_text_of_a_table_may_break_but_squeezes_nothing(hostile_summary) -> None:
    """10,000 letters without a space in a gathering's title: its cell may break the
    word (it is the table's flexible column); the labels beside it stay whole."""
    from dataclasses import replace

    g = replace(hostile_summary.gathering, title=LONG)
    table = next(t for t in Cells(html.render(outline.build(replace(hostile_summary, gathering=g)))).tables
                 if t[0][0][2] == Words("nb")("gathering"))
    for (label_tag, label, _), (_tag, value, _text) in table:
        assert label_tag == "th" and _wraps(label) == "n" and _wraps(value) == "f"


def test_an_interval_of_one_value_is_one_number() -> None:
    """Every answer alike gives the interval 5,0–5,0: written 5,0, as a one-day
    gathering has one date."""
    for lang, one, span in (("nb", "5,0", "4,5–5,3"), ("en", "5.0", "4.5–5.3")):
        w = Words(lang)
        assert w.interval((5.0, 5.0)) == w.interval((4.98, 5.02)) == one
        assert w.interval((4.5, 5.3)) == span
        assert w.interval((1.0, 1.0), percent=True) == "100 %"
        assert w.interval((0.58, 0.92), percent=True) == "58–92 %"
