"""The cycle summary as Markdown (also the app's preview). A pure function of the summary.

With `plain=True` the same content is rendered as plain text for the text/plain part of
the e-mail: headings underlined, tables as aligned columns (or, when too wide for a
mail line, as one short paragraph per row), no Markdown syntax and no escapes.
"""

from __future__ import annotations

import re
import textwrap
import threading
import unicodedata

from facilitator.cycle import CycleSummary, QuestionResult
from facilitator.export.labels import Words

_SPECIAL = re.compile(r"([\\`*_\[\]|<>~])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.MULTILINE)


_plain = threading.local()  # set while rendering the plain-text variant


def escape(text: str | None, *, cell: bool = False) -> str:
    """User text made inert in Markdown: markup characters escaped, controls removed.

    In table cells and one-line places (titles, headings), line breaks become " / " so
    a name cannot break the structure. In plain-text rendering nothing is escaped.
    """
    if not text:
        return ""
    cleaned = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    if not getattr(_plain, "on", False):
        cleaned = _SPECIAL.sub(r"\\\1", cleaned)
        cleaned = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), cleaned)
    if cell:
        cleaned = " / ".join(part.strip() for part in cleaned.splitlines() if part.strip())
    return cleaned


PLAIN_WIDTH = 76  # the longest plain-text line a table may make


def _is_plain() -> bool:
    return bool(getattr(_plain, "on", False))


def _width(text: str) -> int:
    """Terminal/monospace cells of `text` (wide East Asian characters count two)."""
    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _heading(level: int, text: str) -> list[str]:
    if not _is_plain():
        return ["#" * level + " " + text, ""]
    if level == 3:
        return [text, ""]
    return [text, ("=" if level == 1 else "-") * max(3, _width(text)), ""]


def _bold(text: str) -> str:
    return text if _is_plain() else f"**{text}**"


def _italic(text: str) -> str:
    return text if _is_plain() else f"*{text}*"


def _quote(text: str) -> str:
    return f"! {text}" if _is_plain() else f"> {text}"


def _rule() -> str:
    return "-" * 40 if _is_plain() else "---"


def _plain_table(header: list[str], rows: list[list[str]], align: str) -> list[str]:
    """Aligned columns; a table too wide for a mail line becomes one paragraph per row:
    the first cell, then "head: value" of the others (empty and "–" values left out)."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]
    if sum(widths) + 2 * (len(widths) - 1) <= PLAIN_WIDTH:
        def line(cells: list[str]) -> str:
            return "  ".join(_pad(c, widths[i], align[i:i + 1] == "r")
                             for i, c in enumerate(cells)).rstrip()
        return ([line(header), "  ".join("-" * n for n in widths)]
                + [line(r) for r in rows] + [""])
    out: list[str] = []
    for row in rows:
        out.append(row[0])
        pairs = [f"{h}: {v}" for h, v in zip(header[1:], row[1:], strict=True)
                 if v.strip() and v.strip() != "–"]
        if pairs:
            out += textwrap.wrap(" · ".join(pairs), PLAIN_WIDTH, initial_indent="  ",
                                 subsequent_indent="  ", break_on_hyphens=False)
    return out + [""]


def _table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A pipe table; `align` has one letter per column: l or r."""
    if _is_plain():
        return _plain_table(header, rows, align)
    marks = [("---:" if (align[i:i + 1] == "r") else "---") for i in range(len(header))]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out + [""]


def bar(count: int, top: int, width: int = 12) -> str:
    if not count:
        return ""
    return "█" * max(1, round(count / top * width)) if top else ""


def render(summary: CycleSummary, *, plain: bool = False) -> str:
    """Markdown; with `plain`, the same text without escapes (an e-mail's text part)."""
    _plain.on = plain
    try:
        return _render(summary)
    finally:
        _plain.on = False


def _render(summary: CycleSummary) -> str:
    w = Words(summary.language)
    s = summary
    g = s.gathering
    out: list[str] = [
        *_heading(1, escape(w("title", network=s.network, seq=g.seq, date=w.date(g.date)),
                            cell=True)),
        w("intro", seq=g.seq) + " " + (
            w("cycle", prev=s.previous.seq, prev_date=w.date(s.previous.date), seq=g.seq,
              date=w.date(g.date)) if s.previous else w("cycle1")),
        "",
        *_heading(2, w("s.gathering")),
    ]
    dates = w.dates(g.date, g.end_date)
    out += _table(
        [w("gathering"), w("kind"), w("date"), w("place"), w("themes")],
        [[str(g.seq) + " " + escape(g.title, cell=True), w.value(g.kind), dates,
          escape(g.place, cell=True), escape(", ".join(g.themes), cell=True)]],
    )

    # attendance
    out += [*_heading(2, w("s.attendance")),
            f"{w('present')}: {s.present} · {w('registered')}: {s.registered}", ""]
    by_mun = s.attendance_by_municipality()
    if by_mun:
        out += _table([w("municipality"), w("present")],
                      [[escape(m, cell=True), str(n)] for m, n in by_mun]
                      + [[_bold(w("total")), _bold(str(s.present))]], "lr")
        out += _table([w("role"), w("present")],
                      [[w.value(r), str(n)] for r, n in s.attendance_by_role()], "lr")
    if s.attendance_names:
        out += _heading(3, w("s.names"))
        out += _table([w("municipality"), w("name"), w("role")],
                      [[escape(m, cell=True), escape(n, cell=True), w.value(r)]
                       for m, n, r in s.attendance_names])

    out += _evaluation(s, w)
    out += _homework(s, w)
    out += _meetings(s, w)

    # ahead
    out += _heading(2, w("s.ahead"))
    if s.next:
        key = "next" if s.next.place else "next_no_place"
        out += [escape(w(key, seq=s.next.seq, date=w.date(s.next.date), place=s.next.place),
                       cell=True)
                + (f" – {escape(s.next.title, cell=True)}" if s.next.title else ""), ""]
    else:
        out += [w("no_next"), ""]
    for a in s.homework_ahead:
        out.append(f"- {_bold(escape(a.title, cell=True))} ({w('due')}: {w.date(a.due)})"
                   + (f": {escape(a.description, cell=True)}" if a.description else ""))
    if s.homework_ahead:
        out.append("")

    # trend
    if s.trend:
        labels = s.trend_questions_en if s.language == "en" else s.trend_questions
        out += _heading(2, w("s.trend"))
        out += _table(
            [w("gathering"), w("date"), w("responses"), w("yes")]
            + [escape(x, cell=True) for x in labels],
            [[str(r.seq), w.date(r.date), str(r.responses), w.percent(r.share_yes)]
             + [w.number(m) for m in r.means] for r in s.trend],
            "lrrr" + "r" * len(labels),
        )
    out += [_rule(), "", w("generated", date=w.date(s.generated.date())), ""]
    return "\n".join(out)


def _evaluation(s: CycleSummary, w: Words) -> list[str]:
    out = _heading(2, w("s.evaluation"))
    if not s.responses:
        return out + [w("none_responses"), ""]
    out += [w.rate_line(s.responses, s.present), ""]
    rows = []
    for q in s.questions:
        if q.kind == "text":
            continue
        st = q.stats
        rows.append([
            escape(w.question(q.text_nb, q.text_en), cell=True), str(st.n),
            w.number(st.mean), w.number(st.median), w.number(st.sd, 2),
            w.percent(st.share_good), w.percent(st.share_yes),
            w.interval(st.share_yes_ci, percent=True) if q.kind == "yes_no"
            else w.interval(st.mean_ci),
        ])
    out += _table([w("question"), w("n"), w("mean"), w("median"), w("sd"), w("good"),
                   w("yes"), w("ci")], rows, "lrrrrrrr")
    scales = [q for q in s.questions if q.kind == "scale"]
    if scales:
        out += _heading(3, w("s.distribution"))
        top = max((max(q.stats.distribution.values(), default=0) for q in scales), default=0)
        rows = []
        for q in scales:
            rows.append([escape(w.question(q.text_nb, q.text_en), cell=True)] + [
                f"{q.stats.distribution.get(k, 0)} {bar(q.stats.distribution.get(k, 0), top, 6)}"
                .strip() for k in range(1, 7)])
        out += _table([w("question"), "1", "2", "3", "4", "5", "6"], rows, "lrrrrrr")
    out += _breakdown(s.questions, w, "by_municipality")
    out += _breakdown(s.questions, w, "by_role")
    out += _heading(3, w("s.comments"))
    if s.comments:
        out += [f"- {escape(c, cell=True)}" for c in s.comments] + [""]
    else:
        out += [w("none_comments"), ""]
    return out


def _breakdown(questions: tuple[QuestionResult, ...], w: Words, attr: str) -> list[str]:
    measured = [q for q in questions if q.kind != "text" and getattr(q, attr)]
    if not measured:
        return []
    key = "by_municipality" if attr == "by_municipality" else "by_role"
    if all(st is None for q in measured for _g, st in getattr(q, attr)):
        return [*_heading(3, w(key)), _italic(w("suppressed_note")), ""]
    groups = [g for g, _ in getattr(measured[0], attr)]
    header = [w("municipality") if attr == "by_municipality" else w("role")]
    header += [escape(w.question(q.text_nb, q.text_en), cell=True) for q in measured]
    rows = []
    for i, group in enumerate(groups):
        name = escape(w.group(group, municipality=attr == "by_municipality"), cell=True)
        cells = [name]
        for q in measured:
            st = getattr(q, attr)[i][1]
            if st is None:
                cells.append(w("suppressed"))
            elif q.kind == "yes_no":
                cells.append(f"{w.percent(st.share_yes)} (n={st.n})")
            else:
                cells.append(f"{w.number(st.mean)} (n={st.n})")
        rows.append(cells)
    return _heading(3, w(key)) + _table(header, rows, "l" + "r" * len(measured)) + [
        _italic(w("suppressed_note")), ""]


def _homework(s: CycleSummary, w: Words) -> list[str]:
    out = _heading(2, w("s.homework"))
    if not s.homework:
        return out + [w("none_homework"), ""]
    for i, a in enumerate(s.homework, start=1):
        out.append(f"{i}. {_bold(escape(a.title, cell=True))} – "
                   f"{w('given_at', seq=a.given_at).lower()}, "
                   f"{w('due').lower()}: {w.date(a.due)}"
                   + (f". {escape(a.description, cell=True)}" if a.description else ""))
    out.append("")
    header = [w("municipality")] + [escape(w.assignment_column(i, a.title), cell=True)
                                    for i, a in enumerate(s.homework, start=1)]
    rows = [[escape(mun, cell=True)] + [w.status_cell(st) for st in statuses]
            for mun, statuses in s.pivot]
    out += _table(header, rows)
    notes = [(a.title, mun, note) for a in s.homework for mun, _st, _d, note in a.statuses if note]
    for title, mun, note in notes:
        out.append(f"- {escape(mun, cell=True)} ({escape(title, cell=True)}): "
                   f"{escape(note, cell=True)}")
    if notes:
        out.append("")
    return out


def _meetings(s: CycleSummary, w: Words) -> list[str]:
    out = _heading(2, w("s.meetings"))
    if not s.meetings:
        return out + [w("none_meetings"), ""]
    out += _table(
        [w("date"), w("municipality"), w("kind"), w("people"), w("press")],
        [[w.date(m.date), escape(m.municipality, cell=True), w.value(m.kind), str(m.people),
          w("yes_word") if m.press_present else w("no_word")] for m in s.meetings],
        "lllrl",
    )
    for m in s.meetings:
        out += _heading(3, f"{w.date(m.date)} {escape(m.municipality, cell=True)}")
        if m.people_by_role:
            people = ", ".join(f"{w.value(r)} {n}" for r, n in m.people_by_role)
            out += [f"{w('people')}: {people}", ""]
        if m.themes:
            out += [f"{w('themes')}: {escape(', '.join(m.themes), cell=True)}", ""]
        for key, text in (("summary", m.summary), ("decisions", m.decisions),
                          ("follow_ups", m.follow_ups)):
            if text.strip():
                out += [f"{_bold(w(key) + ':')} {escape(text, cell=True)}", ""]
        if m.missing_parties:
            parties = ", ".join(w("party." + p) for p in m.missing_parties)
            out += [_quote(w("missing", parties=parties)), ""]
    return out
