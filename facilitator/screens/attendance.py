"""Who came to a gathering: a checklist of the network's people, by municipality.

Every key press is saved at once; the count at the top follows.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitator.i18n import t
from facilitator.records import Person
from facilitator.screens import base
from facilitator.screens.gatherings import date_span
from facilitator.screens.not_held import NotHeldGuard
from facilitator.screens.ordered import OrderedWritesScreen
from facilitator.text import clean, literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader
from facilitator.widgets.table import RowTable

HEADER = "m:"  # row keys of municipality headings; people rows are keyed by their id


def mark(present: bool) -> Text:
    """✓ or ✗: told apart by shape, not only by colour."""
    return Text("✓", style="bold green") if present else Text("✗", style="dim")


class AttendanceScreen(OrderedWritesScreen):
    HELP_KEY = "help.gathering_attendance"
    BINDINGS = [
        Binding("space", "toggle", "key.gathering.toggle", id="toggle"),
        Binding("m", "municipality", "key.gathering.municipality", id="municipality"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]
    ROW_ACTIONS = frozenset({"toggle", "municipality"})

    def has_row(self, action: str) -> bool:
        return self._cursor_key() is not None
    CSS = """
    #att-title { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    #att-future { color: $warning; height: auto; display: none; }
    """

    class Loaded(base.Loaded[tuple[Any, list[Person], dict[str, bool]]]):
        """The gathering, its network's active people and who came."""

    def __init__(self, gathering_id: str) -> None:
        super().__init__()
        self.gathering_id = gathering_id
        self.people: list[Person] = []
        self.present: dict[str, bool] = {}
        # A gathering after today: asked once whether to take attendance anyway.
        self._not_held = NotHeldGuard(self, "gattend.future_go_on")

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="att-title", classes="title")
        yield Static("", id="att-count", classes="line")
        yield Static("", id="att-future")
        yield RowTable(id="att-table")
        # shown once the people are read and there are none (not while loading)
        empty = Static(t("gattend.none"), id="att-empty", classes="hint")
        empty.display = False
        yield empty
        yield Static(t("gattend.legend"), classes="hint")
        yield FittingFooter()

    def load(self) -> None:
        gid = self.gathering_id

        def fetch(store: Any) -> tuple[Any, list[Person], dict[str, bool]]:
            g = store.gatherings.get(gid)
            people = store.members.participants(g.network_id, include_inactive=False)
            return g, people, store.gatherings.attendance(gid)

        self.read_store(fetch, self.Loaded, group="attendance")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.receive(message.data)

    def receive(self, data: tuple[Any, list[Person], dict[str, bool]]) -> None:
        """Take in what `load()` read (asking first if the gathering is still ahead)."""
        g = data[0]
        future = self._not_held.is_future(g)
        # Attendance is who came: before the day, ask (as the evaluation does).
        if not self._not_held.held_or_asked(g, lambda: self.receive(data),
                                            lambda: self.dismiss(None)):
            return
        _g, self.people, self.present = data
        line = self.query_one("#att-future", Static)
        line.display = future
        if future:  # taken anyway: the screen keeps saying so
            line.update(Text("! " + self._not_held.not_held_line(g)))
        title = Text(t("gattend.title", seq=g.seq, date=date_span(g.date, g.end_date)))
        if g.title:
            title.append(" · " + clean(g.title))
        self.query_one("#att-title", Static).update(title)
        self.repaint()

    def repaint(self) -> None:
        """The people by municipality, marked as present or not; the cursor stays on
        the person it was on."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        keep = self._cursor_key() if table.row_count else None  # a reload keeps the person
        table.clear(columns=True)
        width = min(40, max(20, (self.app.size.width - 12) // 2))
        table.add_column("", key="mark", width=1)
        table.add_column(t("gattend.col.name"), key="name", width=width)
        table.add_column(t("gattend.col.role"), key="role", width=width)
        municipality = None
        for person in self.people:
            if person.municipality_id != municipality:
                municipality = person.municipality_id
                table.add_row("", literal(person.municipality, style="bold", limit=width),
                              self._group_count(municipality), key=HEADER + municipality)
            table.add_row(mark(self.present.get(person.id, False)),
                          literal(person.name, limit=width),
                          literal(t(f"role.{person.role}"), limit=width), key=person.id)
        # Nobody to mark: the hint on a line of its own (a cell would cut it).
        table.display = bool(self.people)
        self.query_one("#att-empty", Static).display = not self.people
        if keep is not None and keep in table.rows:
            row = table.get_row_index(keep)
        table.move_cursor(row=row)
        table.focus()
        self.repaint_count()

    def _members(self, municipality_id: str) -> list[Person]:
        return [p for p in self.people if p.municipality_id == municipality_id]

    def _group_count(self, municipality_id: str) -> Text:
        members = self._members(municipality_id)
        came = sum(self.present.get(p.id, False) for p in members)
        return Text(t("gattend.group", present=came, total=len(members)), style="dim")

    def repaint_count(self) -> None:
        came = sum(self.present.get(p.id, False) for p in self.people)
        self.query_one("#att-count", Static).update(
            Text(t("gattend.count", present=came, total=len(self.people)), style="bold")
        )

    def repaint_change(self, people: list[Person]) -> None:
        table = self.query_one(DataTable)
        for person in people:
            table.update_cell(person.id, "mark", mark(self.present.get(person.id, False)))
        municipality = people[0].municipality_id
        table.update_cell(HEADER + municipality, "role", self._group_count(municipality))
        self.repaint_count()

    def _cursor_key(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.people or not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_toggle(self) -> None:
        key = self._cursor_key()
        if key is None:
            return
        if key.startswith(HEADER):
            self.action_municipality()
            return
        person = next(p for p in self.people if p.id == key)
        present = not self.present.get(key, False)
        self.present[key] = present
        self.repaint_change([person])
        gid = self.gathering_id
        self.commit(lambda s: s.gatherings.set_attendance(gid, key, present))

    def action_municipality(self) -> None:
        """Everyone of the cursor's municipality present; if they all are, all absent."""
        key = self._cursor_key()
        if key is None:
            return
        municipality = key.removeprefix(HEADER) if key.startswith(HEADER) else next(
            p.municipality_id for p in self.people if p.id == key)
        members = self._members(municipality)
        present = not all(self.present.get(p.id, False) for p in members)
        for person in members:
            self.present[person.id] = present
        self.repaint_change(members)
        gid = self.gathering_id
        self.commit(lambda s: s.gatherings.set_municipality_attendance(gid, municipality, present))
