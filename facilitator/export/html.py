"""The summary's document (`outline.build`) as HTML for e-mail and print.

The same document as the Markdown (`markdown.py`), so the same content, order and
privacy, laid out for the
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

from facilitator.export import document as d

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

_CELL = (f"{FONT};font-size:10pt;color:{TEXT};padding:4px 6px;border:1px solid {RULE};"
         "vertical-align:top")
_WRAP = "overflow-wrap:anywhere;word-wrap:break-word"
# How a table cell may wrap: "n" never (one line), "w" between words only, "f" between
# words, and inside a word wider than the column (the table's long free text).
WRAPS = {"n": "white-space:nowrap", "w": "white-space:normal;overflow-wrap:normal",
         "f": "white-space:normal;" + _WRAP}
SHORT_HEADER = 16  # characters: a longer header (a question, a home work) wraps at spaces


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


def _grid(t: d.Table) -> str:
    """A data table. `t.align` has one letter per column, l or r; `t.backgrounds` one
    colour (or None) per cell; `t.wrap` one letter per column (see WRAPS; by default
    "n" for a right-aligned column, "w" for the others). A header never wraps inside a
    word; `t.head_wrap` says which wrap between words ("w": a question or another
    user's text), by default those longer than SHORT_HEADER."""
    align, wrap, head_wrap, backgrounds = t.align, t.wrap, t.head_wrap, t.backgrounds

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

    out = [f'<table width="{t.width}%" cellpadding="0" cellspacing="0" border="0" '
           f'style="width:{t.width}%;border-collapse:collapse;margin:0 0 12px 0">']
    out.append("<tr>" + "".join(cell("th", _text(h), i, ";font-weight:bold", HEAD_BG,
                                     head_mode(i, d.plain_text(h)))
                                for i, h in enumerate(t.header)) + "</tr>")
    for r, row in enumerate(t.rows):
        strong = ";font-weight:bold" if t.bold_last and r == len(t.rows) - 1 else ""
        out.append("<tr>" + "".join(
            cell("td", _text(value), i, strong, backgrounds[r][i] if backgrounds else None,
                 mode(i))
            for i, value in enumerate(row)) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _fields(t: d.Table) -> str:
    """A one-row table stacked: each header beside its value, so it fits any width;
    the values are the flexible column."""
    out = ['<table width="100%" cellpadding="0" cellspacing="0" border="0" '
           'style="width:100%;border-collapse:collapse;margin:0 0 12px 0">']
    for label, value in zip(t.header, t.rows[0], strict=True):
        out.append(
            f'<tr><th scope="row" align="left" nowrap bgcolor="{HEAD_BG}" style="{_CELL};'
            f'text-align:left;font-weight:bold;{WRAPS["n"]};background-color:{HEAD_BG};'
            f'width:1%">{_text(label)}</th>'
            f'<td align="left" style="{_CELL};text-align:left;{WRAPS["f"]}">{_text(value)}'
            '</td></tr>')
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




def render(doc: d.Document) -> str:
    body = "\n".join(_block(block) for block in doc.blocks)
    return _document(doc.lang, _text(doc.title), body)


def _text(text: d.Text) -> str:
    """Spans as HTML: all but raw text escaped, user text with `lines` keeping its line
    breaks; bold spans in <b>, muted ones in a grey <i>."""
    out = []
    for span in text:
        inner = span.text if span.kind == d.RAW else escape(
            span.text, lines=span.kind == d.USER and span.lines)
        if span.bold:
            inner = f"<b>{inner}</b>"
        if span.muted:
            inner = f'<i style="color:{MUTED}">{inner}</i>'
        out.append(inner)
    return "".join(out)


def _block(block: d.Block) -> str:
    match block:
        case d.Heading(level, text):
            return _h(level, _text(text))
        case d.Paragraph(text, muted):
            return _muted(_text(text)) if muted else _p(_text(text))
        case d.Callout(text):
            return _note(_text(text))
        case d.ItemList(items, ordered):
            return _list([_text(item) for item in items], ordered=ordered)
        case d.Table(layout="fields"):
            return _fields(block)
        case d.Table(layout="stacked"):
            return _statistics(block)
        case d.Table():
            return _grid(block)
        case d.Distribution():
            return _distribution(block)
        case d.Footer(text):
            return (f'<hr style="border:0;border-top:1px solid {RULE};height:1px;'
                    'margin:18px 0 8px 0">\n' + _muted(_text(text)))
    raise TypeError(block)


def _statistics(t: d.Table) -> str:
    """The numbers of each question, stacked: the question (a row's first cell) on a row
    of its own (as wide as the table) above its numbers, so the table fits 600 px."""
    numbers = t.header[1:]
    head = (f"{_CELL};font-weight:bold;text-align:right;{WRAPS['n']};"
            f"background-color:{HEAD_BG}")
    out = ['<table width="100%" cellpadding="0" cellspacing="0" border="0" '
           'style="width:100%;border-collapse:collapse;margin:0 0 12px 0">',
           "<tr>" + "".join(f'<th scope="col" align="right" nowrap bgcolor="{HEAD_BG}" '
                            f'style="{head}">{_text(label)}</th>' for label in numbers)
           + "</tr>"]
    for question, *values in t.rows:
        out.append(f'<tr><th scope="rowgroup" colspan="{len(numbers)}" align="left" '
                   f'style="{_CELL};text-align:left;font-weight:bold;{WRAPS["f"]}">'
                   f"{_text(question)}</th></tr>")
        out.append("<tr>" + "".join(
            f'<td align="right" nowrap style="{_CELL};text-align:right;{WRAPS["n"]}">'
            f"{_text(value)}</td>" for value in values) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _distribution(dist: d.Distribution) -> str:
    """Per scale question: one row per answer 1–6 with its bar and its count."""
    cell = f"{FONT};font-size:10pt;color:{TEXT};padding:2px 6px;vertical-align:middle"
    out = ['<table width="100%" cellpadding="0" cellspacing="0" border="0" '
           'style="width:100%;border-collapse:collapse;margin:0 0 12px 0">']
    for question, counts in dist.rows:
        out.append(f'<tr><th scope="colgroup" colspan="3" align="left" style="{cell};'
                   f'text-align:left;font-weight:bold;padding-top:8px;'
                   f'border-bottom:1px solid {RULE};{_WRAP}">'
                   f'{_text(question)}</th></tr>')
        for k, count in enumerate(counts, start=1):
            color = GOOD_BAR if k >= 4 else LOW_BAR
            out.append(
                f'<tr><td width="40" align="right" nowrap style="{cell};width:40px;'
                f'text-align:right;{WRAPS["n"]}">{k}</td>'
                f'<td width="{BAR_WIDTH + 12}" style="{cell};width:{BAR_WIDTH + 12}px">'
                f'{bar_cells(count, dist.top, BAR_WIDTH, color)}</td>'
                f'<td align="left" nowrap style="{cell};text-align:left;{WRAPS["n"]}">'
                f'{count}</td></tr>')
    out.append("</table>")
    return "\n".join(out)
