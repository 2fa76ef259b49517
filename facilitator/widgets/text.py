"""Show user text literally: never as Rich markup, never as terminal escapes."""

from __future__ import annotations

import unicodedata

from rich.cells import cell_len
from rich.text import Text

# Bidirectional overrides/isolates would reorder what follows them on screen.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def clean(text: str | None, *, single_line: bool = True, limit: int | None = None) -> str:
    """Make a string safe to paint: control characters become visible symbols.

    C0 controls show as Unicode control pictures (ESC as ␛), C1 controls and DEL
    and bidi overrides as <U+XXXX>. Newlines and tabs are kept unless `single_line`.
    Emoji and zero-width joiners are kept as they are.
    """
    if not text:
        return ""
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch == "\n":
            out.append(" ⏎ " if single_line else "\n")
        elif ch == "\t":
            out.append(" " if single_line else "    ")
        elif ch == "\r":
            out.append("" if not single_line else " ")
        elif code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F or 0x80 <= code < 0xA0 or ch in _BIDI_CONTROLS:
            out.append(f"<U+{code:04X}>")
        elif unicodedata.category(ch) == "Cs":  # lone surrogate
            out.append("\ufffd")
        else:
            out.append(ch)
    result = "".join(out)
    if limit is not None and cell_len(result) > limit:  # cut to `limit` screen columns
        while result and cell_len(result) > limit - 1:
            result = result[:-1]
        result = result.rstrip() + "…"
    return result


def literal(text: str | None, style: str = "", **kwargs: object) -> Text:
    """A Rich Text that shows `text` exactly as typed (no markup interpretation)."""
    return Text(clean(text, **kwargs), style=style, no_wrap=False)  # type: ignore[arg-type]
