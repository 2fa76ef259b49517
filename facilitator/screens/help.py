"""F1: help for the screen underneath, with its keys."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from facilitator.i18n import t
from facilitator.screens.base import BaseModal, is_ours


class HelpScreen(BaseModal):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "key.close", id="close")]

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
            keys.append(f"{shown:<12}", style="bold")
            keys.append(b.description + "\n")
        keys.append(f"{'ctrl+p':<12}", style="bold")
        keys.append(t("help.palette"))
        help_key = getattr(self.target, "HELP_KEY", "help.general")
        with VerticalScroll(id="help-box"):
            yield Static(t("help.title"), classes="title")
            yield Static(Text(t(help_key)), id="help-text")
            yield Static(t("help.keys"), classes="subtitle")
            yield Static(keys, id="help-keys")
        yield Footer()

    async def action_dismiss(self, result: Any = None) -> None:
        self.dismiss(result)
