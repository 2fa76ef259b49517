"""The summary's document (`outline.build`) as Markdown (also the app's preview).

With `plain=True` the same document is rendered as plain text for the text/plain part
of the e-mail: headings underlined, tables as aligned columns (or, when too wide for a
mail line, as one short paragraph per row), no Markdown syntax and no escapes.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

from facilitator.export import document as d

_SPECIAL = re.compile(r"([\\`*_\[\]|<>~])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.MULTILINE)


def escape(text: str | None, *, plain: bool = False) -> str:
    """User text made inert in Markdown, on one line: markup characters escaped,
    controls removed, line breaks " / " so a name cannot break the structure. In
    plain text (`plain`) nothing is escaped."""
    if not text:
        return ""
    cleaned = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    if not plain:
        cleaned = _SPECIAL.sub(r"\\\1", cleaned)
        cleaned = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), cleaned)
    return " / ".join(part.strip() for part in cleaned.splitlines() if part.strip())


PLAIN_WIDTH = 76  # the longest plain-text line a table may make


def _width(text: str) -> int:
    """Terminal/monospace cells of `text` (wide East Asian characters count two)."""
    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _heading(level: int, text: str, plain: bool) -> list[str]:
    if not plain:
        return ["#" * level + " " + text, ""]
    if level == 3:
        return [text, ""]
    return [text, ("=" if level == 1 else "-") * max(3, _width(text)), ""]


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


def _table(header: list[str], rows: list[list[str]], align: str, plain: bool) -> list[str]:
    """A pipe table; `align` has one letter per column: l or r."""
    if plain:
        return _plain_table(header, rows, align)
    marks = [("---:" if (align[i:i + 1] == "r") else "---") for i in range(len(header))]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out + [""]



def bar(count: int, top: int, width: int = 12) -> str:
    if not count:
        return ""
    return "█" * max(1, round(count / top * width)) if top else ""


def render(doc: d.Document, *, plain: bool = False) -> str:
    """Markdown; with `plain`, the same text without escapes (an e-mail's text part)."""
    out: list[str] = []
    for block in doc.blocks:
        out += _block(block, plain)
    return "\n".join(out)


def _text(text: d.Text, plain: bool, *, bold: bool = False) -> str:
    """Spans as Markdown: user text escaped, bold spans (or all, with `bold`) in **."""
    out = []
    for span in text:
        inner = escape(span.text, plain=plain) if span.kind == d.USER else span.text
        out.append(f"**{inner}**" if (span.bold or bold) and not plain else inner)
    return "".join(out)


def _block(block: d.Block, plain: bool) -> list[str]:
    match block:
        case d.Heading(level, text):
            return _heading(level, _text(text, plain), plain)
        case d.Paragraph(text, muted):
            line = _text(text, plain)
            return [f"*{line}*" if muted and not plain else line, ""]
        case d.Callout(text):
            return [("! " if plain else "> ") + _text(text, plain), ""]
        case d.ItemList(items, ordered):
            return [(f"{i}. " if ordered else "- ") + _text(item, plain)
                    for i, item in enumerate(items, start=1)] + [""]
        case d.Table():
            return _grid(block, plain)
        case d.Distribution(header, rows, top):
            return _table([_text(h, plain) for h in header],
                          [[_text(q, plain)] + [f"{n} {bar(n, top, 6)}".strip() for n in counts]
                           for q, counts in rows], "l" + "r" * (len(header) - 1), plain)
        case d.Footer(text):
            return ["-" * 40 if plain else "---", "", _text(text, plain), ""]
    raise TypeError(block)


def _grid(table: d.Table, plain: bool) -> list[str]:
    """Any table as one grid (a "fields" table is a one-row grid); with `bold_last`,
    the last row in bold."""
    last = len(table.rows) - 1
    rows = [[_text(cell, plain, bold=table.bold_last and r == last) for cell in row]
            for r, row in enumerate(table.rows)]
    return _table([_text(h, plain) for h in table.header], rows, table.align, plain)
