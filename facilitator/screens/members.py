"""A network's municipalities, each with its participants beneath."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitator.i18n import t
from facilitator.parse import email_ascii, visible
from facilitator.records import Member, Person
from facilitator.screens.listing import Column, ListScreen, Width, row_action
from facilitator.text import literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader
from facilitator.widgets.table import RowTable


class MembersScreen(ListScreen):
    HELP_KEY = "help.members"
    TABLE_ID = "#mb-table"
    EMPTY_ID = "#mb-empty"
    # Enter edits (the table's key, first in the footer; e does the same). The footer
    # shows these in this order as far as they fit (FittingFooter); F1 and the
    # command palette list them all.
    BINDINGS = [
        Binding("a", "add_municipality", "key.members.add_municipality", id="add-municipality"),
        Binding("n", "add_person", "key.members.add_person", id="add-person"),
        Binding("e", "edit", "key.edit", id="edit", show=False),
        Binding("f", "move", "key.members.move", id="move"),
        Binding("d", "toggle_active", "key.members.active", id="active"),
        Binding("delete", "delete", "key.delete", id="delete"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]
    ROW_ACTIONS = frozenset({"edit", "delete", "move", "toggle_active"})

    def has_row(self, action: str) -> bool:
        if action in ("move", "toggle_active"):  # a person's (asking _person() says so)
            return isinstance(self.current(), Person)
        return self.current() is not None

    def __init__(self, network_id: str) -> None:
        super().__init__()
        self.network_id = network_id
        self.members: list[Member] = []
        self.people: list[Person] = []

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="mb-title", classes="title")
        yield Static("", id="mb-status", classes="line")
        yield RowTable(id="mb-table", zebra_stripes=False, enter="key.edit")
        yield Static(t("members.none"), id="mb-empty", classes="hint")
        yield FittingFooter()

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        nid = self.network_id
        self.read_store(
            lambda s: (s.networks.get(nid).name, s.members.list(nid), s.members.participants(nid)),
            self.Loaded, group="members")

    def receive(self, data: tuple[str, list[Member], list[Person]]) -> None:
        name, self.members, self.people = data
        title = Text(t("members.title") + " · ")
        title.append(literal(name))
        self.query_one("#mb-title", Static).update(title)
        active = sum(p.active for p in self.people)
        status = t("members.count", municipalities=len(self.members), active=active)
        if len(self.people) > active:
            status += t("members.inactive_count", inactive=len(self.people) - active)
        bad = sum(1 for p in self.people if p.email and email_ascii(p.email) is None)
        if bad:  # stored by an older version or another program: flagged, not hidden
            status += t("members.bad_emails", count=bad)
        self.query_one("#mb-status", Static).update(status)
        by_place: dict[str, list[Person]] = {}
        for p in self.people:
            by_place.setdefault(p.municipality_id, []).append(p)
        self.rows = []
        for m in self.members:
            self.rows.append(m)
            self.rows.extend(by_place.get(m.municipality_id, []))
        self.repaint()

    def columns(self) -> list[Column]:
        # Name and e-mail share whatever the terminal has beyond 80 columns, after the
        # role has had what it needs of it (up to a third).
        return [
            Column("members.col.name", "name", self._name_cell,
                   Width(share=(11, 20), minimum=22)),
            Column("members.col.role", "role", self._role_cell,
                   Width(natural=True, minimum=24, maximum=24, grow=3),
                   measure=lambda r: t(f"role.{r.role}") if isinstance(r, Person) else ""),
            Column("members.col.email", "email", self._email_or_count, Width(remainder=True)),
            Column("members.col.status", "status", self._status_cell, Width(natural=True),
                   measure=lambda _r: "", fits=(t("members.active"), t("members.inactive"))),
        ]

    @staticmethod
    def _name_cell(row: Member | Person, width: int) -> Text:
        if isinstance(row, Member):
            heading = literal(f"{row.name} ({row.number})", limit=width)
            heading.stylize("bold")
            return heading
        name = Text("  ") + literal(row.name, limit=width - 2)
        name.stylize("" if row.active else "dim")
        return name

    @staticmethod
    def _role_cell(row: Member | Person, width: int) -> Text:
        if isinstance(row, Member):
            return literal(t("members.cohort", cohort=row.cohort) if row.cohort else "",
                           limit=width)
        return literal(t(f"role.{row.role}"), style="" if row.active else "dim", limit=width)

    def _email_or_count(self, row: Member | Person, width: int) -> Text:
        if isinstance(row, Member):
            return literal(t("members.people", count=row.participants), style="dim",
                           limit=width)
        return self._email_cell(row.email, width)

    @staticmethod
    def _status_cell(row: Member | Person, _width: int) -> str | Text:
        if isinstance(row, Member):
            return ""
        return Text(t("members.active") if row.active else t("members.inactive"),
                    style="green" if row.active else "dim")

    @staticmethod
    def _email_cell(email: str | None, width: int) -> Text:
        """The address; one that is not an address is marked ⚠ in red, shown literally
        (a line break in it made visible)."""
        if not email or email_ascii(email) is not None:
            return literal(email or "", limit=width)
        cell = Text("⚠ ", style="bold red")
        cell.append_text(literal(visible(email), style="red", limit=max(1, width - 2)))
        return cell

    def row_key(self, row: Member | Person) -> str:
        return f"m:{row.membership_id}" if isinstance(row, Member) else f"p:{row.id}"

    def _person(self) -> Person | None:
        row = self.current()
        if isinstance(row, Person):
            return row
        self.app.notify(t("members.pick_person"), severity="warning", timeout=3)
        return None

    # ------------------------------------------------------------------ actions

    @on(DataTable.RowSelected)
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_add_municipality(self) -> None:
        from facilitator.screens.municipality_picker import MunicipalityPicker

        self.app.push_screen(MunicipalityPicker(self.network_id), lambda _n: self.load())

    def action_add_person(self) -> None:
        row = self.current()
        if row is None:
            self.app.notify(t("members.pick_municipality"), severity="warning", timeout=3)
            return
        from facilitator.screens.participant_form import ParticipantForm

        self.app.push_screen(
            ParticipantForm(self.network_id, self.members, municipality_id=row.municipality_id),
            lambda pid: self.reload_at(f"p:{pid}" if pid else None))

    @row_action
    def action_edit(self, row: Any) -> None:
        if isinstance(row, Member):
            from facilitator.screens.membership_form import MembershipForm

            self.app.push_screen(MembershipForm(row, self.network_id), lambda _r: self.load())
            return
        from facilitator.screens.participant_form import ParticipantForm

        self.app.push_screen(ParticipantForm(self.network_id, self.members, person=row),
                             lambda _r: self.load())

    def action_move(self) -> None:
        person = self._person()
        if person is None:
            return
        choices = [(m.municipality_id, m.name) for m in self.members
                   if m.municipality_id != person.municipality_id]
        if not choices:
            self.app.notify(t("members.move.none"), severity="warning")
            return
        from facilitator.screens.pick import PickScreen

        def chosen(municipality_id: str | None) -> None:
            if not municipality_id:
                return
            place = dict(choices)[municipality_id]
            self.call_store(
                lambda s: s.members.move_participant(person.id, municipality_id),
                lambda _r: (self.app.notify(t("members.moved", name=person.name,
                                                  municipality=place), markup=False),
                            self.reload_at(f"p:{person.id}")))

        self.app.push_screen(PickScreen(t("members.move.title", name=person.name), choices),
                             chosen)

    def action_toggle_active(self) -> None:
        person = self._person()
        if person is None:
            return
        now_active = not person.active
        message = t("members.activated" if now_active else "members.deactivated",
                    name=person.name)
        self.call_store(
            lambda s: s.members.deactivate_participant(person.id, active=now_active),
            lambda _r: (self.app.notify(message, markup=False, timeout=3), self.load()))

    @row_action
    def action_delete(self, row: Any) -> None:
        from facilitator.screens.dialogs import ConfirmScreen

        if isinstance(row, Person):
            question = t("members.delete_person", name=row.name)

            def erase(yes: bool | None) -> None:
                if yes:
                    self.call_store(lambda s: s.members.erase_participant(row.id),
                                    lambda _r: (self.app.notify(t("members.erased")),
                                                self.load()))

            self.app.push_screen(ConfirmScreen(question, yes=t("dialog.delete")), erase)
            return
        question = t("members.delete_municipality", name=row.name)

        def remove(yes: bool | None) -> None:
            if yes:
                self.call_store(lambda s: s.members.remove(row.membership_id),
                                lambda _r: (self.app.notify(t("members.removed", name=row.name)),
                                            self.load()))

        self.app.push_screen(ConfirmScreen(question, yes=t("members.remove.yes")), remove)
