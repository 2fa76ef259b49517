"""How a home-work status looks: a symbol (reads without colour) and a colour."""

from __future__ import annotations

from rich.text import Text

from facilitator.i18n import t

SYMBOLS = {
    "not_started": ("·", "red"),
    "in_progress": ("◐", "yellow"),
    "delivered": ("✓", "green"),
    "reviewed": ("★", "bold green"),
}
MISSING = ("?", "dim")


def status_cell(state: str | None) -> Text:
    symbol, style = SYMBOLS.get(state or "", MISSING)
    return Text(symbol, style=style, justify="center")


def legend() -> Text:
    out = Text()
    for state, (symbol, style) in SYMBOLS.items():
        out.append(symbol, style=style)
        out.append(f" {t('astate.' + state)}  ")
    return out
