"""The exported summary as one document: the blocks that Markdown, plain text and HTML
each only render (`markdown.py`, `html.py`). Built in `outline.py`.

Text is a sequence of spans, each saying what it is, so that every renderer escapes it
as it always has: `USER` text (names, titles, notes: escaped everywhere, made one line
in Markdown; with `lines`, its line breaks kept in HTML), our own `WORD`s (labels:
escaped in HTML only) and `RAW` text (numbers, dates, separators: never escaped).
A span may be bold, or muted (HTML only: a word such as "hidden" in a table cell).
"""

from __future__ import annotations

from dataclasses import dataclass, field

RAW, WORD, USER = "raw", "word", "user"


@dataclass(frozen=True)
class Span:
    text: str
    kind: str = RAW  # RAW | WORD | USER
    bold: bool = False
    muted: bool = False
    lines: bool = False  # USER text whose line breaks HTML keeps


Text = tuple[Span, ...]


def raw(text: str) -> Span:
    return Span(text, RAW)


def word(text: str, *, bold: bool = False, muted: bool = False) -> Span:
    return Span(text, WORD, bold=bold, muted=muted)


def user(text: str | None, *, bold: bool = False, lines: bool = False) -> Span:
    return Span(text or "", USER, bold=bold, lines=lines)


def plain_text(text: Text) -> str:
    """The text as written, before any escape (what a width is measured on)."""
    return "".join(span.text for span in text)


@dataclass(frozen=True)
class Heading:
    level: int  # 1–3
    text: Text


@dataclass(frozen=True)
class Paragraph:
    text: Text
    muted: bool = False  # a remark: italic in Markdown, small and grey in HTML


@dataclass(frozen=True)
class Callout:
    """A warning set apart: a block quote in Markdown, a boxed note in HTML."""

    text: Text


@dataclass(frozen=True)
class ItemList:
    items: tuple[Text, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    """A table of text cells. `align` has one letter per column, l or r. `layout`:
    "grid" (a header row above the rows), "fields" (one row: in HTML each header beside
    its value), "stacked" (in HTML each row's first cell on a row of its own above the
    others). The rest are HTML's hints: width in percent, the last row bold, one
    background colour (or None) per cell, and how each column and header wraps (see
    `html.WRAPS`)."""

    header: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]
    align: str = ""
    layout: str = "grid"
    width: int = 100
    bold_last: bool = False
    backgrounds: tuple[tuple[str | None, ...], ...] | None = None
    wrap: str = ""
    head_wrap: str = ""


@dataclass(frozen=True)
class Distribution:
    """The 1–6 answers of each scale question: counts drawn as bars against `top`."""

    header: tuple[Text, ...]  # the question column's, then "1" … "6"
    rows: tuple[tuple[Text, tuple[int, ...]], ...]  # question, count of each answer
    top: int


@dataclass(frozen=True)
class Footer:
    """A rule, then a small line (when the summary was made)."""

    text: Text


Block = Heading | Paragraph | Callout | ItemList | Table | Distribution | Footer


@dataclass(frozen=True)
class Document:
    lang: str
    title: Text
    blocks: list[Block] = field(default_factory=list)
