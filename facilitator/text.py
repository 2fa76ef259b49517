"""Show user text literally: never as Rich markup, never as terminal escapes."""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.text import Text

# Bidirectional overrides/isolates would reorder what follows them on screen.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


# The most of one text a screen ever shows: more cells than a line, a list cell or a
# detail view has on any terminal. Whatever is stored (a 200,000-character summary),
# only this much is cleaned and handed to Rich, so no text length makes a screen slow.
MAX_SHOWN = 2000
MAX_LINES = 100  # of a text shown with its line breaks


def _shown(ch: str, single_line: bool) -> str:
    """How one character is painted."""
    code = ord(ch)
    if ch == "\n":
        return " ⏎ " if single_line else "\n"
    if ch == "\t":
        return " " if single_line else "    "
    if ch == "\r":
        return "" if not single_line else " "
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F or 0x80 <= code < 0xA0 or ch in _BIDI_CONTROLS:
        return f"<U+{code:04X}>"
    if unicodedata.category(ch) == "Cs":  # lone surrogate
        return "\ufffd"
    return ch


def clean(text: str | None, *, single_line: bool = True, limit: int | None = None) -> str:
    """Make a string safe to paint: control characters become visible symbols.

    C0 controls show as Unicode control pictures (ESC as ␛), C1 controls and DEL
    and bidi overrides as <U+XXXX>. Newlines and tabs are kept unless `single_line`.
    Emoji and zero-width joiners are kept as they are.

    The result is at most `limit` screen columns (cut with "…"), and never more than
    MAX_SHOWN columns or MAX_LINES lines: only that much of the text is looked at,
    however long it is.
    """
    if not text:
        return ""
    budget = MAX_SHOWN if limit is None else min(limit, MAX_SHOWN)
    out: list[str] = []
    widths: list[int] = []
    used = 0
    lines = 1
    cut = False
    for ch in text:
        piece = _shown(ch, single_line)
        width = 1 if piece == "\n" else cell_len(piece)
        if piece == "\n":
            lines += 1
        if used + width > budget or lines > MAX_LINES:
            cut = True
            break
        out.append(piece)
        widths.append(width)
        used += width
    if not cut:
        return "".join(out)
    while out and used > budget - 1:  # room for the ellipsis
        out.pop()
        used -= widths.pop()
    return "".join(out).rstrip() + "…"


def literal(text: str | None, style: str = "", **kwargs: object) -> Text:
    """A Rich Text that shows `text` exactly as typed (no markup interpretation)."""
    return Text(clean(text, **kwargs), style=style, no_wrap=False)  # type: ignore[arg-type]
