"""One line of text made to fit its width, recomputed when the width changes.

Titles with a gathering's name ("Evaluering · samling 4 · … · Fra penger og …") use
the whole width there is and are cut with "…" (never a space before it) rather than
wrapped or clipped; a sentence around a title ("Velkommen! Evaluering av «…»") stays
whole while the title inside it is shortened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from facilitator.text import clean, literal


class FittedLine(Static):
    """`set_text(fit)`: `fit(width)` gives the text for a width in screen columns."""

    DEFAULT_CSS = "FittedLine { height: 1; }"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self._fit: Callable[[int], str | Text] = lambda _width: ""

    def set_text(self, fit: Callable[[int], str | Text]) -> None:
        self._fit = fit
        self._paint()

    def on_resize(self) -> None:
        self._paint()

    def _paint(self) -> None:
        width = self.content_size.width or max(1, self.app.size.width - 2)
        text = self._fit(width)
        self.update(literal(text) if isinstance(text, str) else text)


def fit_title(prefix: str, title: str, width: int, style: str = "") -> Text:
    """`prefix` (our own text) then the user's `title`, cut with … to `width`."""
    out = Text(prefix, style=style)
    room = width - cell_len(prefix)
    if title and room > 0:
        out.append(clean(title, limit=room))
    return out


def fit_sentence(template: Callable[[str], str], title: str, width: int,
                 fallback: str, *, min_title: int = 12) -> str:
    """`template(title)` in `width` columns: the title is shortened with … so the
    sentence stays whole; when not even `min_title` columns of it would fit, the
    (shorter) `fallback` sentence is used."""
    title = clean(title)
    full = template(title)
    if cell_len(full) <= width:
        return full
    room = width - cell_len(template(""))
    if room >= min_title:
        return template(clean(title, limit=room))
    return fallback
