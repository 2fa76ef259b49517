"""Add municipalities to a network: type-ahead over all 357, by number or name.

The picker stays open after each addition, so setting up a network of twenty
municipalities is twenty searches and twenty Enters. It dismisses with the number
of municipalities added.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from facilitator.domain import Calendar, municipality_matches
from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.screens import base
from facilitator.screens.base import BaseModal, error_text
from facilitator.screens.form import FieldBox
from facilitator.text import literal

SHOWN = 50  # matches listed at most (the list scrolls; typing narrows it)


class MunicipalityPicker(BaseModal):
    HELP_KEY = "help.municipality_picker"
    DEFAULT_CSS = """
    MunicipalityPicker { align: center middle; }
    MunicipalityPicker #mp-box {
        width: 66; height: auto; max-height: 100%; border: round $accent;
        background: $surface; padding: 0 1;
    }
    MunicipalityPicker #mp-list { height: 10; }
    MunicipalityPicker #mp-cohort { width: 30; }
    MunicipalityPicker .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "key.close", id="close"),
        # Enter adds at once, in the order of the keys: a name typed straight after it
        # is the next search (a priority key runs before the field would submit).
        Binding("enter", "choose", "key.picker.add", id="choose", priority=True,
                show=False),
    ]

    class Loaded(base.Loaded[tuple[list[Any], set[str]]]):
        """The register's municipalities and the network's members."""

    def __init__(self, network_id: str) -> None:
        super().__init__()
        self.network_id = network_id
        self.everything: list[Any] = []
        self.members: set[str] = set()
        self._members_before: frozenset[str] = frozenset()  # members when it opened
        self.added = 0
        self._busy = False
        self._queued: list[tuple[str, str, str]] = []  # chosen, not yet written
        self._close_when_done = False
        self._shown_for: str | None = None  # the search the list shows

    def compose(self) -> ComposeResult:
        with Vertical(id="mp-box"):
            yield Static(t("picker.title"), classes="title")
            yield FieldBox(t("picker.filter"), Input(id="mp-filter"), field="municipality")
            yield OptionList(id="mp-list")
            yield FieldBox(t("picker.cohort"), Input(id="mp-cohort"), field="cohort")
            yield Static(t("picker.hint"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#mp-filter", Input).focus()
        # The arrows move in the list from the search field, so Tab goes straight on
        # to the cohort; a click still picks.
        self.query_one(OptionList).can_focus = False
        self.query_one(OptionList).add_option(Option(t("picker.loading"), disabled=True))
        nid = self.network_id

        def fetch(store: Any) -> tuple[list[Any], set[str]]:
            members = {m.municipality_id for m in store.members.list(nid)}
            return store.register.list(), members

        # the keys typed next act on the list: they wait for it
        self.read_store(fetch, self.Loaded, group="picker")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.everything, self.members = message.data
        self._members_before = frozenset(self.members)
        self.repaint(self.query_one("#mp-filter", Input).value)

    def repaint(self, query: str) -> None:
        self._shown_for = query
        listing = self.query_one(OptionList)
        listing.clear_options()
        if not self.everything:
            return
        found = municipality_matches(query, self.everything, SHOWN)
        box = self.query_one("#box-municipality", FieldBox)
        if not found:
            box.set_error(t("picker.no_match", query=query.strip()))
            return
        box.set_error(None)
        for m in found:
            label = literal(f"{m.number}  {m.name} ({m.county_name})")
            if m.id in self.members:  # listed, so a search for it gets an answer
                label.append(f" – {t('picker.member')}", style="dim")
                label.stylize("dim")
            listing.add_option(Option(label, id=m.id))
        first = next((i for i, m in enumerate(found) if m.id not in self.members), 0)
        listing.highlighted = first

    @on(Input.Changed, "#mp-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.repaint(event.value)

    def on_key(self, event: Any) -> None:
        """Arrow keys move in the list while the cursor stays in the search field."""
        if event.key in ("down", "up") and self.focused is self.query_one("#mp-filter"):
            listing = self.query_one(OptionList)
            if event.key == "down":
                listing.action_cursor_down()
            else:
                listing.action_cursor_up()
            event.stop()

    def action_choose(self) -> None:
        query = self.query_one("#mp-filter", Input).value
        if query != self._shown_for:  # the list has not caught up with the typing yet
            self.repaint(query)
        listing = self.query_one(OptionList)
        if listing.highlighted is None or not listing.option_count:
            return
        option = listing.get_option_at_index(listing.highlighted)
        if option.id:
            self._add(option.id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._add(event.option.id)

    def _add(self, municipality_id: str) -> None:
        """Add the municipality: the search field is emptied at once for the next name;
        the additions are written one after another, in the order they were chosen."""
        name = next(m.name for m in self.everything if m.id == municipality_id)
        if municipality_id in self.members or any(q[0] == municipality_id
                                                  for q in self._queued):
            self.query_one("#box-municipality", FieldBox).set_error(
                t("picker.already", name=name))  # say so rather than do nothing
            return
        self._queued.append((municipality_id, name, self.query_one("#mp-cohort", Input).value))
        search = self.query_one("#mp-filter", Input)
        search.value = ""  # the cohort stays: the next one is often in the same
        search.focus()
        self._write_next()

    def _write_next(self) -> None:
        if self._busy or not self._queued:
            return
        self._busy = True
        nid = self.network_id
        municipality_id, name, cohort = self._queued[0]

        def done(membership: Any) -> None:
            self._busy = False
            self._queued.pop(0)
            self.added += 1
            self.members.add(municipality_id)
            if membership.joined_on is not None:
                self.app.notify(t("picker.added_from", name=name,
                                  date=format_date(membership.joined_on)), timeout=5,
                                markup=False)
            else:
                self.app.notify(t("picker.added", name=name), timeout=3, markup=False)
            self._write_next()
            if self._close_when_done and not self._queued:
                self.dismiss(self.added)

        def failed(exc: Exception) -> None:
            self._busy = False
            self._queued.clear()
            self.query_one("#box-municipality", FieldBox).set_error(error_text(exc))

        today = self.app.today()
        established = bool(self._members_before)

        def write(store: Any) -> Any:
            # A municipality that joins a network under way is a member from today: the
            # summaries of cycles before it leave it out. Setting up a network (no member
            # yet, or no gathering held) makes founding members, in every cycle.
            held = established and bool(Calendar(today, store.gatherings.list(nid)).held)
            return store.members.add(nid, municipality_id, cohort=cohort,
                                    joined_on=today if held else None)

        self.call_store(write, done, failed)

    def action_close(self) -> None:
        if self._queued and self._busy:  # close once every chosen one is written
            self._close_when_done = True
            return
        self.dismiss(self.added)
