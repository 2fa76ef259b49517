"""F1: help for the screen underneath, with its keys."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from facilitator.i18n import t
from facilitator.screens.base import BaseModal
from facilitator.widgets.bindings import is_ours
from facilitator.widgets.footer import FittingFooter


class HelpScreen(BaseModal):
    # Opaque: the screen behind (its scrollbars, its table) does not show through
    # around or beside the box. The box scrolls with the arrow keys when it is long.
    CSS = """
    HelpScreen { background: $background; }
    HelpScreen #help-box { max-height: 100%; }
    """
    BINDINGS = [Binding("escape,f1,q", "dismiss", "key.close", id="close", key_display="esc")]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        keys = Text()
        seen = set()
        for _key, active in self.target.active_bindings.items():
            b = active.binding
            if not is_ours(b) or (b.action, b.description) in seen:
                continue
            seen.add((b.action, b.description))
            shown = b.key_display or self.app.get_key_display(b)
            # The palette's key once, shown as in the footer, with what it offers.
            text = t("help.palette") if b.action == "command_palette" else b.description
            keys.append(f"{shown:<12}", style="bold")
            keys.append(text + "\n")
        keys.rstrip()
        help_key = getattr(self.target, "HELP_KEY", "help.general")
        with VerticalScroll(id="help-box"):
            yield Static(t("help.title"), classes="title")
            yield Static(Text(t(help_key)), id="help-text")
            yield Static(t("help.keys"), classes="subtitle")
            yield Static(keys, id="help-keys")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    async def action_dismiss(self, result: Any = None) -> None:
        self.dismiss(result)
