"""Pick one value from a list (type to filter). Dismisses with the value, "" for
"none", or None when cancelled."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.domain import match_rank
from facilitator.i18n import t
from facilitator.screens.base import BaseModal
from facilitator.text import literal


class PickScreen(BaseModal):
    HELP_KEY = "help.pick"
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="cancel")]

    def __init__(self, title: str, options: list[tuple[str, str]], *,
                 allow_none: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.allow_none = allow_none

    def compose(self) -> ComposeResult:
        with Vertical(id="pick"):
            yield Static(literal(self.title_text), classes="title")
            yield Input(placeholder=t("pick.filter"), id="pick-filter")
            yield OptionList(id="pick-list")

    def on_mount(self) -> None:
        self.repaint("")
        self.query_one("#pick-filter", Input).focus()

    def repaint(self, query: str) -> None:
        options = []
        if self.allow_none and not query.strip():
            options.append(Option(t("pick.none"), id="\x00none"))
        ranked = []
        for order, (value, label) in enumerate(self.options):
            rank = match_rank(query, label)
            if rank is not None:
                ranked.append((rank, order, value, label))
        for _rank, _order, value, label in sorted(ranked):
            options.append(Option(literal(label), id=value))
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        if options:
            listing.highlighted = 0

    @on(Input.Changed, "#pick-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.repaint(event.value)

    @on(Input.Submitted, "#pick-filter")
    def _submit(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is not None and listing.option_count:
            self._choose(listing.get_option_at_index(listing.highlighted).id)

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key in ("down", "up") and self.focused is self.query_one("#pick-filter"):
            listing = self.query_one(OptionList)
            listing.action_cursor_down() if event.key == "down" else listing.action_cursor_up()
            event.stop()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, value: str | None) -> None:
        self.dismiss("" if value == "\x00none" else value)

    def action_cancel(self) -> None:
        self.dismiss(None)
