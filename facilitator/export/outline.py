"""The cycle summary as a `Document`: what the summary says, in what order, once for
Markdown, plain text and HTML. A pure function of the summary.

The tables that XLSX and CSV hold too (attendance, the 1–6 distribution, the
breakdowns, the trend) are built from `tables.build_tables`, their typed cells written
as text here; the others exist only in the document.
"""

from __future__ import annotations

from facilitator.cycle import CycleSummary, MeetingInfo
from facilitator.export.document import (
    Block,
    Callout,
    Distribution,
    Document,
    Footer,
    Heading,
    ItemList,
    Paragraph,
    Span,
    Table,
    Text,
    raw,
    user,
    word,
)
from facilitator.export.tables import Cell, build_tables
from facilitator.export.tables import Table as Typed
from facilitator.export.words import Words

# the HTML background of each home-work status cell
STATUS_BG = {"not_started": "#f2f2f2", "in_progress": "#fff2cc", "delivered": "#e2efda",
             "reviewed": "#ddebf7"}


def build(summary: CycleSummary) -> Document:
    w = Words(summary.language)
    s = summary
    g = s.gathering
    title = (user(w("title", network=s.network, seq=g.seq, date=w.date(g.date))),)
    typed = {t.key: t for t in build_tables(s)}
    blocks: list[Block] = [
        Heading(1, title),
        Paragraph((word(w("intro", seq=g.seq) + " " + (
            w("cycle", prev=s.previous.seq, prev_date=w.date(s.previous.date), seq=g.seq,
              date=w.date(g.date)) if s.previous else w("cycle1"))),)),
        _h(2, w("s.gathering")),
        Table(_words(w("gathering"), w("kind"), w("date"), w("place"), w("themes")),
              (((raw(f"{g.seq} "), user(g.title)), (word(w.value(g.kind)),),
                (raw(w.dates(g.date, g.end_date)),), (user(g.place),),
                (user(", ".join(g.themes)),)),), layout="fields"),
    ]
    blocks += _attendance(s, w, typed)
    blocks += _evaluation(s, w, typed)
    blocks += _homework(s, w)
    blocks += _meetings(s, w)
    blocks += _ahead(s, w)
    if s.trend:
        labels = s.trend_questions_en if s.language == "en" else s.trend_questions
        blocks += [_h(2, w("s.trend")),
                   _from_typed(typed["trend"], w, "r" * (4 + len(labels)), head_users=4,
                               align="lrrr" + "r" * len(labels), wrap="n",
                               head_wrap="nnnn" + "w" * len(labels))]
    blocks.append(Footer((word(w("generated", date=w.date(s.generated.date()))),)))
    return Document(w.lang, title, blocks)


def _h(level: int, text: str) -> Heading:
    return Heading(level, (word(text),))


def _p(text: str) -> Paragraph:
    return Paragraph((word(text),))


def _words(*texts: str) -> tuple[Text, ...]:
    return tuple((word(t),) for t in texts)


def _cell(value: Cell, kind: str | None, w: Words, how: str) -> Text:
    """A typed cell as text. `how`: "u" user text, "w" our word, "r" a number or date."""
    if kind == "date":
        return (raw(w.date(value)),)  # type: ignore[arg-type]
    if kind == "percent":
        return (raw(w.percent(value)),)  # type: ignore[arg-type]
    if kind == "mean":
        return (raw(w.number(value)),)  # type: ignore[arg-type]
    text = "" if value is None else str(value)
    return ((user(text) if how == "u" else word(text) if how == "w" else raw(text)),)


def _from_typed(t: Typed, w: Words, cells: str, *, head_users: int | None = None,
                **hints: object) -> Table:
    """A typed table of `tables.py` as a document table. `cells` says what each column
    holds (see `_cell`); the header is our words, but from column `head_users` on
    user text."""
    first_user = len(t.header) if head_users is None else head_users
    header = tuple((word(h) if i < first_user else user(h),) for i, h in enumerate(t.header))
    rows = tuple(tuple(_cell(v, t.kind(r, i), w, cells[i]) for i, v in enumerate(row))
                 for r, row in enumerate(t.rows))
    return Table(header, rows, **hints)  # type: ignore[arg-type]


def _attendance(s: CycleSummary, w: Words, typed: dict[str, Typed]) -> list[Block]:
    out: list[Block] = [
        _h(2, w("s.attendance")),
        Paragraph((word(w("present")), raw(f": {s.present} · "), word(w("registered")),
                   raw(f": {s.registered}")))]
    by_mun = _from_typed(typed["attendance_municipality"], w, "ur")
    if by_mun.rows:
        total = ((word(w("total")),), (raw(str(s.present)),))
        out.append(Table(by_mun.header, (*by_mun.rows, total), "lr", width=60,
                         bold_last=True))
        out.append(_from_typed(typed["attendance_role"], w, "wr", align="lr", width=60))
    if "attendance_names" in typed:
        out += [_h(3, w("s.names")),
                _from_typed(typed["attendance_names"], w, "uuw", wrap="wfn")]
    return out


def _evaluation(s: CycleSummary, w: Words, typed: dict[str, Typed]) -> list[Block]:
    out: list[Block] = [_h(2, w("s.evaluation"))]
    if not s.responses:
        return out + [_p(w("none_responses"))]
    out.append(_p(w.rate_line(s.responses, s.present)))
    rows = []
    for q in s.questions:
        if q.kind == "text":
            continue
        st = q.stats
        rows.append(((user(w.question(q.text_nb, q.text_en)),),) + tuple((raw(v),) for v in (
            str(st.n), w.number(st.mean), w.number(st.median), w.number(st.sd, 2),
            w.percent(st.share_good), w.percent(st.share_yes),
            w.interval(st.share_yes_ci, percent=True) if q.kind == "yes_no"
            else w.interval(st.mean_ci))))
    out.append(Table(_words(w("question"), w("n"), w("mean"), w("median"), w("sd"), w("good"),
                            w("yes"), w("ci")), tuple(rows), "lrrrrrrr", layout="stacked"))
    scales = [q for q in s.questions if q.kind == "scale"]
    if scales:
        top = max((max(q.stats.distribution.values(), default=0) for q in scales), default=0)
        dist = typed["distribution"]
        out += [_h(3, w("s.distribution")),
                Distribution(_words(*dist.header),
                             tuple(((user(str(row[0])),), tuple(row[1:]))  # type: ignore[misc]
                                   for row in dist.rows), top)]
    for key in ("by_municipality", "by_role"):
        if key in typed:
            questions = [w.question(q.text_nb, q.text_en) for q in s.questions
                         if q.kind != "text" and getattr(q, key)]
            out += _breakdown(typed[key], questions, w, key)
    out.append(_h(3, w("s.comments")))
    if s.comments:
        out.append(ItemList(tuple((user(c, lines=True),) for c in s.comments)))
    else:
        out.append(_p(w("none_comments")))
    return out


def _breakdown(t: Typed, questions: list[str], w: Words, key: str) -> list[Block]:
    """Each group's mean or share (and its n) per question (`questions`, the measured
    ones), from the typed table's pairs of columns (n, value); a hidden group's pair is
    the word for "hidden"."""
    note = Paragraph((word(w("suppressed_note")),), muted=True)
    pairs = range(1, len(t.header), 2)
    if all(isinstance(row[i], str) for row in t.rows for i in pairs):
        return [_h(3, w(key)), note]
    header = ((word(t.header[0]),),) + tuple((user(q),) for q in questions)
    rows = []
    for row in t.rows:
        cells: list[Text] = [(user(str(row[0])),)]
        for i in pairs:
            n, value = row[i], row[i + 1]
            if isinstance(n, str):
                cells.append((word(w("suppressed"), muted=True),))
            elif t.kinds[i + 1] == "percent":
                cells.append((raw(f"{w.percent(value)} (n={n})"),))  # type: ignore[arg-type]
            else:
                cells.append((raw(f"{w.number(value)} (n={n})"),))  # type: ignore[arg-type]
        rows.append(tuple(cells))
    return [_h(3, w(key)), Table(header, tuple(rows), "l" + "r" * len(questions)), note]


def _homework(s: CycleSummary, w: Words) -> list[Block]:
    out: list[Block] = [_h(2, w("s.homework"))]
    if not s.homework:
        return out + [_p(w("none_homework"))]
    out.append(ItemList(tuple(
        (user(a.title, bold=True), raw(" – "), word(w("given_at", seq=a.given_at).lower()),
         raw(", "), word(w("due").lower()), raw(f": {w.date(a.due)}"),
         *((raw(". "), user(a.description, lines=True)) if a.description else ()))
        for a in s.homework), ordered=True))
    header = ((word(w("municipality")),),) + tuple(
        (user(w.homework_column(i, a.title)),) for i, a in enumerate(s.homework, start=1))
    rows = tuple(((user(mun),),) + tuple((word(w.status_cell(st)),) for st in statuses)
                 for mun, statuses in s.pivot)
    backgrounds = tuple((None,) + tuple(STATUS_BG.get(st or "not_started", "#ffffff")
                                        for st in statuses) for _mun, statuses in s.pivot)
    out.append(Table(header, rows, backgrounds=backgrounds, wrap="w" + "n" * len(s.homework)))
    notes = [(a.title, mun, note) for a in s.homework for mun, _st, _d, note in a.statuses if note]
    if notes:
        out.append(ItemList(tuple(
            (user(mun), raw(" ("), user(title), raw("): "), user(note, lines=True))
            for title, mun, note in notes)))
    return out


def _meetings(s: CycleSummary, w: Words) -> list[Block]:
    out: list[Block] = [_h(2, w("s.meetings"))]
    if not s.meetings:
        return out + [_p(w("none_meetings"))]
    out.append(Table(
        _words(w("date"), w("municipality"), w("kind"), w("people"), w("press")),
        tuple(((raw(w.date(m.date)),), (user(m.municipality),), (word(w.value(m.kind)),),
               (raw(str(m.people)),),
               (word(w("yes_word") if m.press_present else w("no_word")),))
              for m in s.meetings),
        "lllrl", wrap="nwnnn"))
    for m in s.meetings:
        out += _meeting(m, w)
    return out


def _meeting(m: MeetingInfo, w: Words) -> list[Block]:
    out: list[Block] = [Heading(3, (raw(f"{w.date(m.date)} "), user(m.municipality)))]
    if m.people_by_role:
        people: list[Span] = [word(w("people")), raw(": ")]
        for i, (role, n) in enumerate(m.people_by_role):
            people += [raw(", ")] * (i > 0) + [word(w.value(role)), raw(f" {n}")]
        out.append(Paragraph(tuple(people)))
    if m.themes:
        out.append(Paragraph((word(w("themes")), raw(": "), user(", ".join(m.themes)))))
    for key, text in (("summary", m.summary), ("decisions", m.decisions),
                      ("follow_ups", m.follow_ups)):
        if text.strip():
            out.append(Paragraph((word(w(key) + ":", bold=True), raw(" "),
                                  user(text, lines=True))))
    if m.missing_parties:
        parties = ", ".join(w("party." + p) for p in m.missing_parties)
        out.append(Callout((word(w("missing", parties=parties)),)))
    return out


def _ahead(s: CycleSummary, w: Words) -> list[Block]:
    out: list[Block] = [_h(2, w("s.ahead"))]
    if s.next:
        key = "next" if s.next.place else "next_no_place"
        sentence = user(w(key, seq=s.next.seq, date=w.date(s.next.date), place=s.next.place))
        out.append(Paragraph((sentence, *((raw(" – "), user(s.next.title))
                                          if s.next.title else ()))))
    else:
        out.append(_p(w("no_next")))
    if s.homework_ahead:
        out.append(ItemList(tuple(
            (user(a.title, bold=True), raw(" ("), word(w("due")), raw(f": {w.date(a.due)})"),
             *((raw(": "), user(a.description, lines=True)) if a.description else ()))
            for a in s.homework_ahead)))
    return out
