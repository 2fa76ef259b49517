"""The first screen: the list of networks, or a welcome on an empty database."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Button, DataTable, Static

from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.records import NetworkRow
from facilitator.screens.listing import Column, ListScreen, Width, row_action
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader
from facilitator.widgets.table import RowTable


class NetworksScreen(ListScreen):
    HELP_KEY = "help.networks"
    TABLE_ID = "#networks"
    OTHER_LINES = 5
    # Enter (open) is the table's key, first in the footer; the footer shows these in
    # this order as far as they fit (FittingFooter), F1 and the palette list them all.
    BINDINGS = [
        Binding("n", "new", "key.new_network", id="new"),
        Binding("e", "edit", "key.edit", id="edit"),
        Binding("delete", "delete", "key.delete", id="delete"),
        Binding("d", "demo", "key.demo", id="demo"),
        Binding("q", "app.quit", "key.quit", id="quit-q"),
    ]
    ROW_ACTIONS = frozenset({"edit", "delete"})

    def __init__(self, first_rows: list[NetworkRow] | None = None) -> None:
        super().__init__()
        self._first_rows = first_rows

    def compose(self) -> ComposeResult:
        yield AppHeader()
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
            self.receive(self._first_rows)

    def load(self) -> None:
        today = self.app.today()
        self.read_store(lambda s: s.networks.rows(today), self.Loaded, group="networks")

    def receive(self, rows: list[NetworkRow]) -> None:
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
        self.repaint()

    def columns(self) -> list[Column]:
        # Each column as wide as its header and its cells in the language shown; the
        # name takes the rest (on a wide screen, no wider than it needs).
        today = self.app.today()
        natural = Width(natural=True)
        return [
            Column("networks.col.name", "name", lambda r, _w: r.name,
                   Width(remainder=True, minimum=12, fit=24)),
            Column("networks.col.municipalities", "mun", lambda r, _w: str(r.municipalities),
                   natural, justify="right"),
            Column("networks.col.next", "next", lambda r, _w: self._next_text(r, today),
                   natural),
            Column("networks.col.homework", "homework", lambda r, _w: self._homework_text(r),
                   natural),
            Column("networks.col.evaluation", "eval", lambda r, _w: self._eval_text(r),
                   natural),
        ]

    @staticmethod
    def _next_text(row: NetworkRow, today: Any) -> Text:
        if row.next_gathering is None:
            return Text(t("networks.none"), style="dim")
        days = (row.next_gathering - today).days
        return Text(t("networks.next", seq=row.next_seq, date=format_date(row.next_gathering),
                      days=days))

    @staticmethod
    def _homework_text(row: NetworkRow) -> Text:
        if not row.open_homework:
            return Text(t("networks.none"), style="dim")
        return Text(t("networks.homework", open=row.open_homework, done=row.delivered,
                      total=row.expected))

    @staticmethod
    def _eval_text(row: NetworkRow) -> Text:
        if row.latest_score is None:
            return Text(t("networks.none"), style="dim")
        score = f"{row.latest_score:.1f}".replace(".", ",") if t("decimal") == "," else \
            f"{row.latest_score:.1f}"
        return Text(t("networks.eval", seq=row.latest_seq, score=score, n=row.latest_n))

    @on(DataTable.RowSelected)
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    @row_action
    def action_open(self, row: Any) -> None:
        from facilitator.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen(row.id))

    def action_new(self) -> None:
        from facilitator.screens.network_form import NetworkForm

        self.app.push_screen(NetworkForm(), lambda _r: self.load())

    @row_action
    def action_edit(self, row: Any) -> None:
        from facilitator.screens.network_form import NetworkForm

        self.app.push_screen(NetworkForm(row.id), lambda _r: self.load())

    @row_action
    def action_delete(self, row: Any) -> None:
        from facilitator.screens.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.call_store(lambda s: s.networks.delete(row.id), lambda _r: self.load())

        self.app.push_screen(
            ConfirmScreen(t("networks.delete", name=row.name), yes=t("dialog.delete")), answer
        )

    def action_demo(self) -> None:
        from facilitator.demo import DEMO_NAME, create_demo

        today = self.app.today()

        def make(store: Any) -> None:
            if store.networks.find(DEMO_NAME) is None:
                create_demo(store, today)

        self.query_one("#status", Static).update(t("networks.making_demo"))
        self.call_store(make, lambda _r: self.load())

    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        self.action_new()

    @on(Button.Pressed, "#open-demo")
    def _demo(self) -> None:
        self.action_demo()
