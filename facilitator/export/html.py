"""The cycle summary as HTML for e-mail and print. A pure function of the summary.

Same content, order and privacy as the Markdown (`markdown.py`), laid out for the
Word engine of classic Outlook: tables with inline styles and HTML width/bgcolor
attributes, no CSS classes, no flexbox or grid, no images, no scripts. Bars are
table cells with a background colour and a width; every value is also written as a
number or a word, so nothing depends on colour. The page is 680 px wide, which fits
A4 portrait with 15 mm margins when printed, and shrinks to a mail reading pane.

No header or short value breaks inside a word, whatever the width: headers, numbers,
dates, kinds and statuses are `white-space:nowrap`; other values wrap between words
only; a table's one column of long free text may break a word that is wider than the
column (`overflow-wrap:anywhere`, which lets the table shrink instead of the others
being squeezed). The gathering and the evaluation are stacked (a label beside each
value; each question on a row above its numbers), so every table fits 600 px.
"""

from __future__ import annotations

from html import escape as _html_escape

from facilitator.cycle import CycleSummary, MeetingInfo, QuestionResult
from facilitator.export.labels import Words

WIDTH = 680  # px: A4 portrait (210 mm) less 2 × 15 mm margins at 96 dpi
BAR_WIDTH = 300  # px of the longest bar in the 1–6 distribution

FONT = "font-family:Calibri,Arial,sans-serif"
TEXT = "#1f1f1f"
MUTED = "#5f6368"
RULE = "#c9ced6"
HEAD_BG = "#e8edf3"
ACCENT = "#1f4e79"
GOOD_BAR = "#2e75b6"  # answers 4–6
LOW_BAR = "#a6a6a6"  # answers 1–3
STATUS_BG = {"not_started": "#f2f2f2", "in_progress": "#fff2cc", "delivered": "#e2efda",
             "reviewed": "#ddebf7"}

_CELL = (f"{FONT};font-size:10pt;color:{TEXT};padding:4px 6px;border:1px solid {RULE};"
         "vertical-align:top")
_WRAP = "overflow-wrap:anywhere;word-wrap:break-word"
# How a table cell may wrap: "n" never (one line), "w" between words only, "f" between
# words, and inside a word wider than the column (the table's long free text).
WRAPS = {"n": "white-space:nowrap", "w": "white-space:normal;overflow-wrap:normal",
         "f": "white-space:normal;" + _WRAP}
SHORT_HEADER = 16  # characters: a longer header (a question, an assignment) wraps at spaces


def escape(text: str | None, *, lines: bool = False) -> str:
    """User text made inert in HTML: control characters removed, markup escaped.

    With `lines`, line breaks become `<br>`; otherwise they become spaces.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    cleaned = "".join(ch for ch in text if ch == "\n" or ch.isprintable())
    parts = [_html_escape(part.strip(), quote=True) for part in cleaned.split("\n")]
    parts = [p for p in parts if p]
    return ("<br>" if lines else " ").join(parts)


def _p(inner: str, *, size: str = "10.5pt", color: str = TEXT, extra: str = "") -> str:
    return (f'<p style="{FONT};font-size:{size};line-height:1.4;color:{color};'
            f'margin:0 0 10px 0;{_WRAP}{extra}">{inner}</p>')


def _h(level: int, inner: str) -> str:
    size, top = {1: ("18pt", "0"), 2: ("14pt", "18px"), 3: ("11.5pt", "12px")}[level]
    color = ACCENT if level < 3 else TEXT
    rule = f"border-bottom:1px solid {RULE};padding-bottom:3px;" if level == 2 else ""
    return (f'<h{level} style="{FONT};font-size:{size};font-weight:bold;color:{color};'
            f'margin:{top} 0 8px 0;{rule}{_WRAP}">{inner}</h{level}>')


def _table(header: list[str], rows: list[list[str]], align: str = "", *, width: int = 100,
           bold_last: bool = False, backgrounds: list[list[str | None]] | None = None,
           wrap: str = "", head_wrap: str = "") -> str:
    """A data table. `header` is plain text (escaped here); `rows` hold HTML already
    escaped. `align` has one letter per column, l or r; `backgrounds` one colour (or
    None) per cell; `wrap` one letter per column (see WRAPS; by default "n" for a
    right-aligned column, "w" for the others). A header never wraps inside a word;
    `head_wrap` says which wrap between words ("w": a question or another user's
    text), by default those longer than SHORT_HEADER."""
    def mode(i: int) -> str:
        return wrap[i:i + 1] or ("n" if align[i:i + 1] == "r" else "w")

    def cell(tag: str, inner: str, i: int, extra: str = "", bg: str | None = None,
             how: str = "n") -> str:
        right = align[i:i + 1] == "r"
        style = (_CELL + (";text-align:right" if right else ";text-align:left") + ";"
                 + WRAPS[how] + extra)
        attrs = ' scope="col"' if tag == "th" else ""
        attrs += ' align="right"' if right else ' align="left"'
        if how == "n":
            attrs += " nowrap"
        if bg:
            attrs += f' bgcolor="{bg}"'
            style += f";background-color:{bg}"
        return f'<{tag}{attrs} style="{style}">{inner}</{tag}>'

    def head_mode(i: int, text: str) -> str:
        if head_wrap[i:i + 1]:
            return "w" if head_wrap[i] == "w" and " " in text.strip() else "n"
        return "n" if len(text) <= SHORT_HEADER or " " not in text.strip() else "w"

    out = [f'<table width="{width}%" cellpadding="0" cellspacing="0" border="0" '
           f'style="width:{width}%;border-collapse:collapse;margin:0 0 12px 0">']
    out.append("<tr>" + "".join(cell("th", escape(h), i, ";font-weight:bold", HEAD_BG,
                                     head_mode(i, h))
                                for i, h in enumerate(header)) + "</tr>")
    for r, row in enumerate(rows):
        strong = ";font-weight:bold" if bold_last and r == len(rows) - 1 else ""
        out.append("<tr>" + "".join(
            cell("td", value, i, strong, backgrounds[r][i] if backgrounds else None, mode(i))
            for i, value in enumerate(row)) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _fields(pairs: list[tuple[str, str]]) -> str:
    """A stacked table: each label (plain text) beside its value (HTML, escaped), so
    it fits any width; the values are the flexible column."""
    out = ['<table width="100%" cellpadding="0" cellspacing="0" border="0" '
           'style="width:100%;border-collapse:collapse;margin:0 0 12px 0">']
    for label, value in pairs:
        out.append(
            f'<tr><th scope="row" align="left" nowrap bgcolor="{HEAD_BG}" style="{_CELL};'
            f'text-align:left;font-weight:bold;{WRAPS["n"]};background-color:{HEAD_BG};'
            f'width:1%">{escape(label)}</th>'
            f'<td align="left" style="{_CELL};text-align:left;{WRAPS["f"]}">{value}</td></tr>')
    out.append("</table>")
    return "\n".join(out)


def _list(items: list[str], *, ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    li = (f'<li style="{FONT};font-size:10.5pt;line-height:1.4;color:{TEXT};'
          f'margin:0 0 4px 0;{_WRAP}">')
    return (f'<{tag} style="margin:0 0 12px 0;padding-left:24px">'
            + "".join(f"{li}{item}</li>" for item in items) + f"</{tag}>")


def _note(inner: str) -> str:
    """A boxed remark (instead of a block quote): one cell with a left rule."""
    return ('<table role="presentation" width="100%" cellpadding="0" cellspacing="0" '
            'border="0" style="width:100%;border-collapse:collapse;margin:0 0 12px 0">'
            f'<tr><td bgcolor="#fbeee6" style="{FONT};font-size:10pt;color:{TEXT};'
            f'background-color:#fbeee6;border-left:4px solid #c55a11;padding:6px 8px;'
            f'{_WRAP}">{inner}</td></tr></table>')


def _muted(inner: str) -> str:
    return _p(f"<i>{inner}</i>", size="9pt", color=MUTED)


def bar_cells(count: int, top: int, width: int = BAR_WIDTH, color: str = GOOD_BAR) -> str:
    """A horizontal bar as a one-row table: a coloured cell and the rest of the width."""
    filled = max(1, round(count / top * width)) if count and top else 0
    filled = min(filled, width)
    spacer = "font-size:1px;line-height:1px;mso-line-height-rule:exactly"
    cells = []
    if filled:
        cells.append(f'<td width="{filled}" height="14" bgcolor="{color}" '
                     f'style="width:{filled}px;height:14px;background-color:{color};'
                     f'{spacer}">&nbsp;</td>')
    if width - filled:
        cells.append(f'<td width="{width - filled}" height="14" '
                     f'style="width:{width - filled}px;height:14px;{spacer}">&nbsp;</td>')
    return (f'<table role="presentation" width="{width}" cellpadding="0" cellspacing="0" '
            f'border="0" style="width:{width}px;border-collapse:collapse">'
            f'<tr>{"".join(cells)}</tr></table>')


def render(summary: CycleSummary) -> str:
    w = Words(summary.language)
    s = summary
    g = s.gathering
    title = escape(w("title", network=s.network, seq=g.seq, date=w.date(g.date)))
    body: list[str] = [
        _h(1, title),
        _p(escape(w("intro", seq=g.seq) + " " + (
            w("cycle", prev=s.previous.seq, prev_date=w.date(s.previous.date), seq=g.seq,
              date=w.date(g.date)) if s.previous else w("cycle1")))),
        _h(2, escape(w("s.gathering"))),
    ]
    body.append(_fields([
        (w("gathering"), f"{g.seq} {escape(g.title)}"), (w("kind"), escape(w.value(g.kind))),
        (w("date"), w.dates(g.date, g.end_date)), (w("place"), escape(g.place)),
        (w("themes"), escape(", ".join(g.themes)))]))

    # attendance
    body += [_h(2, escape(w("s.attendance"))),
             _p(f"{escape(w('present'))}: {s.present} · "
                f"{escape(w('registered'))}: {s.registered}")]
    by_mun = s.attendance_by_municipality()
    if by_mun:
        body.append(_table([w("municipality"), w("present")],
                           [[escape(m), str(n)] for m, n in by_mun]
                           + [[escape(w("total")), str(s.present)]], "lr", width=60,
                           bold_last=True))
        body.append(_table([w("role"), w("present")],
                           [[escape(w.value(r)), str(n)] for r, n in s.attendance_by_role()],
                           "lr", width=60))
    if s.attendance_names:
        body.append(_h(3, escape(w("s.names"))))
        body.append(_table([w("municipality"), w("name"), w("role")],
                           [[escape(m), escape(n), escape(w.value(r))]
                            for m, n, r in s.attendance_names], wrap="wfn"))

    body += _evaluation(s, w)
    body += _homework(s, w)
    body += _meetings(s, w)

    # ahead
    body.append(_h(2, escape(w("s.ahead"))))
    if s.next:
        key = "next" if s.next.place else "next_no_place"
        body.append(_p(escape(w(key, seq=s.next.seq, date=w.date(s.next.date),
                                place=s.next.place))
                       + (f" – {escape(s.next.title)}" if s.next.title else "")))
    else:
        body.append(_p(escape(w("no_next"))))
    if s.homework_ahead:
        body.append(_list([
            f"<b>{escape(a.title)}</b> ({escape(w('due'))}: {w.date(a.due)})"
            + (f": {escape(a.description, lines=True)}" if a.description else "")
            for a in s.homework_ahead]))

    # trend
    if s.trend:
        labels = s.trend_questions_en if s.language == "en" else s.trend_questions
        body.append(_h(2, escape(w("s.trend"))))
        body.append(_table(
            [w("gathering"), w("date"), w("responses"), w("yes"), *labels],
            [[str(r.seq), w.date(r.date), str(r.responses), w.percent(r.share_yes)]
             + [w.number(m) for m in r.means] for r in s.trend],
            "lrrr" + "r" * len(labels), wrap="n", head_wrap="nnnn" + "w" * len(labels),
        ))

    body.append(f'<hr style="border:0;border-top:1px solid {RULE};height:1px;'
                'margin:18px 0 8px 0">')
    body.append(_muted(escape(w("generated", date=w.date(s.generated.date())))))
    return _document(w.lang, title, "\n".join(body))


def _document(lang: str, title: str, content: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
@page {{ size: A4; margin: 15mm }}
body {{ -webkit-print-color-adjust: exact; print-color-adjust: exact }}
tr {{ page-break-inside: avoid }}
h1, h2, h3 {{ page-break-after: avoid }}
</style>
</head>
<body style="margin:0;padding:0;background-color:#ffffff">
<table role="presentation" width="{WIDTH}" cellpadding="0" cellspacing="0" border="0" \
style="width:{WIDTH}px;max-width:100%;border-collapse:collapse;background-color:#ffffff">
<tr><td style="{FONT};font-size:10.5pt;color:{TEXT};padding:0;{_WRAP}">
{content}
</td></tr>
</table>
</body>
</html>
"""


def _evaluation(s: CycleSummary, w: Words) -> list[str]:
    out = [_h(2, escape(w("s.evaluation")))]
    if not s.responses:
        return out + [_p(escape(w("none_responses")))]
    out.append(_p(escape(w.rate_line(s.responses, s.present))))
    out.append(_statistics([q for q in s.questions if q.kind != "text"], w))
    scales = [q for q in s.questions if q.kind == "scale"]
    if scales:
        out.append(_h(3, escape(w("s.distribution"))))
        top = max((max(q.stats.distribution.values(), default=0) for q in scales), default=0)
        out.append(_distribution(scales, top, w))
    out += _breakdown(s.questions, w, "by_municipality")
    out += _breakdown(s.questions, w, "by_role")
    out.append(_h(3, escape(w("s.comments"))))
    if s.comments:
        out.append(_list([escape(c, lines=True) for c in s.comments]))
    else:
        out.append(_p(escape(w("none_comments"))))
    return out


def _statistics(measured: list[QuestionResult], w: Words) -> str:
    """The numbers of each question, stacked: the question on a row of its own (as
    wide as the table) above its seven numbers, so the table fits 600 px."""
    numbers = [w("n"), w("mean"), w("median"), w("sd"), w("good"), w("yes"), w("ci")]
    head = (f"{_CELL};font-weight:bold;text-align:right;{WRAPS['n']};"
            f"background-color:{HEAD_BG}")
    out = ['<table width="100%" cellpadding="0" cellspacing="0" border="0" '
           'style="width:100%;border-collapse:collapse;margin:0 0 12px 0">',
           "<tr>" + "".join(f'<th scope="col" align="right" nowrap bgcolor="{HEAD_BG}" '
                            f'style="{head}">{escape(label)}</th>' for label in numbers)
           + "</tr>"]
    for q in measured:
        st = q.stats
        out.append(f'<tr><th scope="rowgroup" colspan="{len(numbers)}" align="left" '
                   f'style="{_CELL};text-align:left;font-weight:bold;{WRAPS["f"]}">'
                   f"{escape(w.question(q.text_nb, q.text_en))}</th></tr>")
        values = [str(st.n), w.number(st.mean), w.number(st.median), w.number(st.sd, 2),
                  w.percent(st.share_good), w.percent(st.share_yes),
                  w.interval(st.share_yes_ci, percent=True) if q.kind == "yes_no"
                  else w.interval(st.mean_ci)]
        out.append("<tr>" + "".join(
            f'<td align="right" nowrap style="{_CELL};text-align:right;{WRAPS["n"]}">'
            f"{value}</td>" for value in values) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _distribution(scales: list[QuestionResult], top: int, w: Words) -> str:
    """Per scale question: one row per answer 1–6 with its bar and its count."""
    cell = f"{FONT};font-size:10pt;color:{TEXT};padding:2px 6px;vertical-align:middle"
    out = ['<table width="100%" cellpadding="0" cellspacing="0" border="0" '
           'style="width:100%;border-collapse:collapse;margin:0 0 12px 0">']
    for q in scales:
        out.append(f'<tr><th scope="colgroup" colspan="3" align="left" style="{cell};'
                   f'text-align:left;font-weight:bold;padding-top:8px;'
                   f'border-bottom:1px solid {RULE};{_WRAP}">'
                   f'{escape(w.question(q.text_nb, q.text_en))}</th></tr>')
        for k in range(1, 7):
            count = q.stats.distribution.get(k, 0)
            color = GOOD_BAR if k >= 4 else LOW_BAR
            out.append(
                f'<tr><td width="40" align="right" nowrap style="{cell};width:40px;'
                f'text-align:right;{WRAPS["n"]}">{k}</td>'
                f'<td width="{BAR_WIDTH + 12}" style="{cell};width:{BAR_WIDTH + 12}px">'
                f'{bar_cells(count, top, BAR_WIDTH, color)}</td>'
                f'<td align="left" nowrap style="{cell};text-align:left;{WRAPS["n"]}">'
                f'{count}</td></tr>')
    out.append("</table>")
    return "\n".join(out)


def _breakdown(questions: tuple[QuestionResult, ...], w: Words, attr: str) -> list[str]:
    measured = [q for q in questions if q.kind != "text" and getattr(q, attr)]
    if not measured:
        return []
    key = "by_municipality" if attr == "by_municipality" else "by_role"
    note = _muted(escape(w("suppressed_note")))
    if all(st is None for q in measured for _g, st in getattr(q, attr)):
        return [_h(3, escape(w(key))), note]
    groups = [g for g, _ in getattr(measured[0], attr)]
    header = [w("municipality") if attr == "by_municipality" else w("role")]
    header += [w.question(q.text_nb, q.text_en) for q in measured]
    rows = []
    for i, group in enumerate(groups):
        cells = [escape(w.group(group, municipality=attr == "by_municipality"))]
        for q in measured:
            st = getattr(q, attr)[i][1]
            if st is None:
                cells.append(f'<i style="color:{MUTED}">{escape(w("suppressed"))}</i>')
            elif q.kind == "yes_no":
                cells.append(f"{w.percent(st.share_yes)} (n={st.n})")
            else:
                cells.append(f"{w.number(st.mean)} (n={st.n})")
        rows.append(cells)
    return [_h(3, escape(w(key))), _table(header, rows, "l" + "r" * len(measured)), note]


def _homework(s: CycleSummary, w: Words) -> list[str]:
    out = [_h(2, escape(w("s.homework")))]
    if not s.homework:
        return out + [_p(escape(w("none_homework")))]
    out.append(_list([
        f"<b>{escape(a.title)}</b> – {escape(w('given_at', seq=a.given_at).lower())}, "
        f"{escape(w('due').lower())}: {w.date(a.due)}"
        + (f". {escape(a.description, lines=True)}" if a.description else "")
        for a in s.homework], ordered=True))
    header = [w("municipality")] + [w.assignment_column(i, a.title)
                                    for i, a in enumerate(s.homework, start=1)]
    rows = []
    backgrounds: list[list[str | None]] = []
    for mun, statuses in s.pivot:
        rows.append([escape(mun)] + [escape(w.status_cell(st)) for st in statuses])
        backgrounds.append([None] + [STATUS_BG.get(st or "not_started", "#ffffff")
                                     for st in statuses])
    out.append(_table(header, rows, backgrounds=backgrounds,
                      wrap="w" + "n" * len(s.homework)))
    notes = [(a.title, mun, note) for a in s.homework for mun, _st, _d, note in a.statuses if note]
    if notes:
        out.append(_list([f"{escape(mun)} ({escape(title)}): {escape(note, lines=True)}"
                          for title, mun, note in notes]))
    return out


def _meetings(s: CycleSummary, w: Words) -> list[str]:
    out = [_h(2, escape(w("s.meetings")))]
    if not s.meetings:
        return out + [_p(escape(w("none_meetings")))]
    out.append(_table(
        [w("date"), w("municipality"), w("kind"), w("people"), w("press")],
        [[w.date(m.date), escape(m.municipality), escape(w.value(m.kind)), str(m.people),
          escape(w("yes_word") if m.press_present else w("no_word"))] for m in s.meetings],
        "lllrl", wrap="nwnnn",
    ))
    for m in s.meetings:
        out += _meeting(m, w)
    return out


def _meeting(m: MeetingInfo, w: Words) -> list[str]:
    out = [_h(3, f"{w.date(m.date)} {escape(m.municipality)}")]
    if m.people_by_role:
        people = ", ".join(f"{escape(w.value(r))} {n}" for r, n in m.people_by_role)
        out.append(_p(f"{escape(w('people'))}: {people}"))
    if m.themes:
        out.append(_p(f"{escape(w('themes'))}: {escape(', '.join(m.themes))}"))
    for key, text in (("summary", m.summary), ("decisions", m.decisions),
                      ("follow_ups", m.follow_ups)):
        if text.strip():
            out.append(_p(f"<b>{escape(w(key))}:</b> {escape(text, lines=True)}"))
    if m.missing_parties:
        parties = ", ".join(w("party." + p) for p in m.missing_parties)
        out.append(_note(escape(w("missing", parties=parties))))
    return out
