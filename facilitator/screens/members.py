"""A network's municipalities, each with its participants beneath."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import DataTable, Header, Static

from facilitator.i18n import t
from facilitator.parse import email_ascii, visible
from facilitator.screens.base import BaseScreen
from facilitator.views import Member, Person
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.table import RowTable
from facilitator.widgets.text import literal


class MembersScreen(BaseScreen):
    HELP_KEY = "help.members"
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
        self.rows: list[Member | Person] = []  # what each table row shows
        self._select: str | None = None  # the id to put the cursor on after a reload

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="mb-title", classes="title")
        yield Static("", id="mb-status", classes="line")
        yield RowTable(id="mb-table", zebra_stripes=False, enter="key.edit")
        yield Static(t("members.none"), id="mb-empty", classes="hint")
        yield FittingFooter()

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        nid = self.network_id
        self.call_store(
            lambda s: (s.get_network(nid).name, s.list_members(nid), s.list_participants(nid)),
            self.show, group="members", exclusive=True)

    def show(self, data: tuple[str, list[Member], list[Person]]) -> None:
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
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        current = self.current()
        select = self._select or (self._key(current) if current is not None else None)
        self._select = None
        table.clear(columns=True)
        # An empty list says so on a line of its own (a table cell would cut the hint).
        table.display = bool(self.members)
        self.query_one("#mb-empty", Static).display = not self.members
        # Explicit widths (auto-sizing settles asynchronously); name and e-mail share
        # whatever the terminal has beyond 80 columns, after the role has had what it
        # needs of it (up to a third).
        width = self.app.size.width
        roles = [cell_len(t(f"role.{p.role}")) for p in self.people]
        role_w = max(24, min(max(roles, default=0), 24 + (width - 80) // 3))
        status_w = max(cell_len(t(key)) for key in
                       ("members.col.status", "members.active", "members.inactive"))
        rest = max(36, width - 2 - 4 * 2 - role_w - status_w)
        name_w = max(22, rest * 11 // 20)
        email_w = rest - name_w
        table.add_column(t("members.col.name"), key="name", width=name_w)
        table.add_column(t("members.col.role"), key="role", width=role_w)
        table.add_column(t("members.col.email"), key="email", width=email_w)
        table.add_column(t("members.col.status"), key="status", width=status_w)
        by_place: dict[str, list[Person]] = {}
        for p in self.people:
            by_place.setdefault(p.municipality_id, []).append(p)
        self.rows = []
        for m in self.members:
            self.rows.append(m)
            heading = literal(f"{m.name} ({m.number})", limit=name_w)
            heading.stylize("bold")
            cohort = t("members.cohort", cohort=m.cohort) if m.cohort else ""
            count = t("members.people", count=m.participants)
            table.add_row(heading, literal(cohort, limit=role_w),
                          literal(count, style="dim", limit=email_w), "",
                          key=self._key(m))
            for p in by_place.get(m.municipality_id, []):
                self.rows.append(p)
                style = "" if p.active else "dim"
                name = Text("  ") + literal(p.name, limit=name_w - 2)
                name.stylize(style)
                table.add_row(
                    name,
                    literal(t(f"role.{p.role}"), style=style, limit=role_w),
                    self._email_cell(p.email, email_w),
                    Text(t("members.active") if p.active else t("members.inactive"),
                         style=style or "green"),
                    key=self._key(p),
                )
        if not self.rows:
            return
        keys = [self._key(r) for r in self.rows]
        index = keys.index(select) if select in keys else min(table.cursor_row,
                                                               len(self.rows) - 1)
        table.move_cursor(row=index)
        table.focus()

    @staticmethod
    def _email_cell(email: str | None, width: int) -> Text:
        """The address; one that is not an address is marked ⚠ in red, shown literally
        (a line break in it made visible)."""
        if not email or email_ascii(email) is not None:
            return literal(email or "", limit=width)
        cell = Text("⚠ ", style="bold red")
        cell.append_text(literal(visible(email), style="red", limit=max(1, width - 2)))
        return cell

    @staticmethod
    def _key(row: Member | Person) -> str:
        return f"m:{row.membership_id}" if isinstance(row, Member) else f"p:{row.id}"

    def on_resize(self, _event: Resize) -> None:
        if self.rows:
            self._fill()

    def current(self) -> Member | Person | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _person(self) -> Person | None:
        row = self.current()
        if isinstance(row, Person):
            return row
        self.app.notify(t("members.pick_person"), severity="warning", timeout=3)
        return None

    def _reload_at(self, key: str | None) -> None:
        self._select = key
        self.load()

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
            lambda pid: self._reload_at(f"p:{pid}" if pid else None))

    def action_edit(self) -> None:
        row = self.current()
        if row is None:
            return
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
                lambda s: s.move_participant(person.id, municipality_id),
                lambda _r: (self.app.notify(t("members.moved", name=person.name,
                                                  municipality=place), markup=False),
                            self._reload_at(f"p:{person.id}")))

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
            lambda s: s.deactivate_participant(person.id, active=now_active),
            lambda _r: (self.app.notify(message, markup=False, timeout=3), self.load()))

    def action_delete(self) -> None:
        row = self.current()
        if row is None:
            return
        from facilitator.screens.dialogs import ConfirmScreen

        if isinstance(row, Person):
            question = t("members.delete_person", name=row.name)

            def erase(yes: bool | None) -> None:
                if yes:
                    self.call_store(lambda s: s.erase_participant(row.id),
                                    lambda _r: (self.app.notify(t("members.erased")),
                                                self.load()))

            self.app.push_screen(ConfirmScreen(question, yes=t("dialog.delete")), erase)
            return
        question = t("members.delete_municipality", name=row.name)

        def remove(yes: bool | None) -> None:
            if yes:
                self.call_store(lambda s: s.remove_member(row.membership_id),
                                lambda _r: (self.app.notify(t("members.removed", name=row.name)),
                                            self.load()))

        self.app.push_screen(ConfirmScreen(question, yes=t("members.remove.yes")), remove)
