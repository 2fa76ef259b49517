"""The first screen: the list of networks, or a welcome on an empty database."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.events import Resize
from textual.widgets import Button, DataTable, Header, Static

from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.screens.base import BaseScreen
from facilitator.views import NetworkRow
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.table import RowTable
from facilitator.widgets.text import clean, literal


class NetworksScreen(BaseScreen):
    HELP_KEY = "help.networks"
    # Enter (open) is the table's key, first in the footer; the footer shows these in
    # this order as far as they fit (FittingFooter), F1 and the palette list them all.
    BINDINGS = [
        Binding("n", "new", "key.new_network", id="new"),
        Binding("e", "edit", "key.edit", id="edit"),
        Binding("delete", "delete", "key.delete", id="delete"),
        Binding("d", "demo", "key.demo", id="demo"),
        Binding("q", "app.quit", "key.quit", id="quit-q"),
    ]

    def __init__(self, first_rows: list[NetworkRow] | None = None) -> None:
        super().__init__()
        self.rows: list[NetworkRow] = []
        self._keep: str | None = None  # the network to keep the cursor on when refilled
        self._first_rows = first_rows

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("networks.loading"), id="status")
        yield RowTable(id="networks", zebra_stripes=True, enter="key.open")
        # The welcome box is mounted only for an empty database: fewer widgets to
        # style on the way to the usual first frame.
        yield Center(id="welcome")
        yield FittingFooter()

    def _welcome(self) -> None:
        box = self.query_one("#welcome", Center)
        if not box.children:
            box.mount(Vertical(
                Static(t("welcome.title"), classes="title"),
                Static(t("welcome.text")),
                Button(t("welcome.create"), id="create", variant="primary"),
                Button(t("welcome.demo"), id="open-demo"),
                id="welcome-box",
            ))
        box.display = True
        # The buttons exist once the box has composed: focus after the next refresh
        # (a second call before then must not look for them).
        self.call_after_refresh(self._focus_create)

    def _focus_create(self) -> None:
        for button in self.query("#create").results(Button):
            button.focus()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.query_one("#welcome").display = False
        table.display = False
        # Textual calls BaseScreen.on_mount (the load) after this one by itself.
        if self._first_rows is not None and self.app.store is None:
            self.show_rows(self._first_rows)

    def load(self) -> None:
        today = self.app.today()
        self.call_store(lambda s: s.network_rows(today), self.show_rows, group="networks",
                        exclusive=True)

    def show_rows(self, rows: list[NetworkRow]) -> None:
        current = self.current() if self.rows else None
        self._keep = current.id if current is not None else None  # the cursor stays on it
        self.rows = rows
        table = self.query_one(DataTable)
        status = self.query_one("#status", Static)
        welcome = self.query_one("#welcome")
        if not rows:
            table.display = False
            status.display = False
            self._welcome()
            return
        welcome.display = False
        status.display = True
        status.update(t("networks.count", count=len(rows)))
        table.display = True
        self._fill()
        table.focus()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        rows = self.rows
        selected = table.cursor_row
        table.clear(columns=True)
        today = self.app.today()
        cells = [(Text(str(row.municipalities), justify="right"), self._next_text(row, today),
                  self._homework_text(row), self._eval_text(row)) for row in rows]
        # Explicit widths (auto-sizing would depend on timing): each column as wide as
        # its header and its cells in the language shown; the name takes the rest.
        labels = [t(f"networks.col.{key}") for key in
                  ("municipalities", "next", "homework", "evaluation")]
        widths = [max(cell_len(label), *(row[i].cell_len for row in cells))
                  for i, label in enumerate(labels)]
        scrollbar = 2 if len(rows) > self.app.size.height - 5 else 0
        rest = self.app.size.width - scrollbar - 2 * 5 - sum(widths)
        longest = max((cell_len(clean(row.name)) for row in rows), default=0)
        name_w = max(12, min(rest, max(24, longest)))  # on a wide screen, no wider
        table.add_column(t("networks.col.name"), key="name", width=name_w)
        for key, label, width in zip(("mun", "next", "hw", "eval"), labels, widths,
                                     strict=True):
            table.add_column(label, key=key, width=width)
        for row, (count, nxt, homework, evaluation) in zip(rows, cells, strict=True):
            table.add_row(literal(row.name, limit=name_w), count, nxt, homework, evaluation,
                          key=row.id)
        keep, self._keep = self._keep, None
        ids = [row.id for row in rows]
        table.move_cursor(row=ids.index(keep) if keep in ids else min(selected, len(rows) - 1))

    def on_resize(self, _event: Resize) -> None:
        if self.rows and self.query_one(DataTable).display:
            self._fill()

    @staticmethod
    def _next_text(row: NetworkRow, today: Any) -> Text:
        if row.next_gathering is None:
            return Text(t("networks.none"), style="dim")
        days = (row.next_gathering - today).days
        return Text(t("networks.next", seq=row.next_seq, date=format_date(row.next_gathering),
                      days=days))

    @staticmethod
    def _homework_text(row: NetworkRow) -> Text:
        if not row.open_assignments:
            return Text(t("networks.none"), style="dim")
        return Text(t("networks.homework", open=row.open_assignments, done=row.delivered,
                      total=row.expected))

    @staticmethod
    def _eval_text(row: NetworkRow) -> Text:
        if row.latest_score is None:
            return Text(t("networks.none"), style="dim")
        score = f"{row.latest_score:.1f}".replace(".", ",") if t("decimal") == "," else \
            f"{row.latest_score:.1f}"
        return Text(t("networks.eval", seq=row.latest_seq, score=score, n=row.latest_n))

    def current(self) -> NetworkRow | None:
        table = self.query_one(DataTable)
        if not self.rows or not table.display:
            return None
        return self.rows[table.cursor_row] if table.cursor_row < len(self.rows) else None

    @on(DataTable.RowSelected)
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        row = self.current()
        if row is None:
            return
        from facilitator.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen(row.id))

    def action_new(self) -> None:
        from facilitator.screens.network_form import NetworkForm

        self.app.push_screen(NetworkForm(), lambda _r: self.load())

    def action_edit(self) -> None:
        row = self.current()
        if row is None:
            return
        from facilitator.screens.network_form import NetworkForm

        self.app.push_screen(NetworkForm(row.id), lambda _r: self.load())

    def action_delete(self) -> None:
        row = self.current()
        if row is None:
            return
        from facilitator.screens.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.call_store(lambda s: s.delete_network(row.id), lambda _r: self.load())

        self.app.push_screen(
            ConfirmScreen(t("networks.delete", name=row.name), yes=t("dialog.delete")), answer
        )

    def action_demo(self) -> None:
        from facilitator.demo import DEMO_NAME, create_demo

        today = self.app.today()

        def make(store: Any) -> None:
            if store.find_network(DEMO_NAME) is None:
                create_demo(store, today)

        self.query_one("#status", Static).update(t("networks.making_demo"))
        self.call_store(make, lambda _r: self.load())

    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        self.action_new()

    @on(Button.Pressed, "#open-demo")
    def _demo(self) -> None:
        self.action_demo()
