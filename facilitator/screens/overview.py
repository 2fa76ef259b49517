"""The home of a network (thin for now; the next issue builds it out)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from facilitator.screens.base import BaseScreen
from facilitator.widgets.text import literal


class OverviewScreen(BaseScreen):
    HELP_KEY = "help.general"
    BINDINGS = [Binding("escape", "app.pop_screen", "key.back", id="back")]

    def __init__(self, network_id: str) -> None:
        super().__init__()
        self.network_id = network_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="name", classes="title")
        yield Footer()

    def load(self) -> None:
        self.call_store(lambda s: s.get_network(self.network_id), self.show)

    def show(self, net: Any) -> None:
        self.query_one("#name", Static).update(literal(net.name))
