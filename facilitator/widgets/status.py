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


def status_cell(state: str | None) -> Text:
    """No status recorded reads as not started, as in the home-work grid and the export
    (one vocabulary: the legend has no word for a bare "?")."""
    symbol, style = SYMBOLS.get(state or "not_started", SYMBOLS["not_started"])
    return Text(symbol, style=style, justify="center")


def legend() -> Text:
    out = Text()
    for state, (symbol, style) in SYMBOLS.items():
        out.append(symbol, style=style)
        out.append(f" {t('homework.state.' + state)}  ")
    return out
