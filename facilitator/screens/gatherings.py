"""A network's gatherings: the list, and the way to each one's form and attendance."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitator.domain import Calendar
from facilitator.i18n import t
from facilitator.parse import format_date_span
from facilitator.records import GatheringRow
from facilitator.screens.listing import Column, ListScreen, Width, row_action
from facilitator.text import literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader
from facilitator.widgets.table import RowTable


def date_span(start: date, end: date | None) -> str:
    """"20.10.2026", "20.–21.10.2026", "30.09.–01.10.2026", "30.12.2026–02.01.2027"."""
    return format_date_span(start, end)


class GatheringsScreen(ListScreen):
    HELP_KEY = "help.gatherings"
    TABLE_ID = "#gl-table"
    EMPTY_ID = "#gl-empty"
    OTHER_LINES = 6
    MIN_REST = 30
    # Enter edits (the table's key, first in the footer; e does the same). The footer
    # shows these in this order as far as they fit (FittingFooter); F1 and the
    # command palette list them all.
    BINDINGS = [
        Binding("n", "new", "key.gathering.new", id="new"),
        Binding("e", "edit", "key.edit", id="edit", show=False),
        Binding("a", "attendance", "key.gathering.attendance", id="attendance"),
        Binding("v", "evaluate", "key.gathering.evaluate", id="evaluate"),
        Binding("i", "import_answers", "key.gathering.import", id="import"),
        Binding("k", "kiosk", "key.gathering.kiosk", id="kiosk"),
        Binding("t", "themes", "key.gathering.themes", id="themes"),
        Binding("delete", "delete", "key.delete", id="delete"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]
    ROW_ACTIONS = frozenset({"edit", "attendance", "evaluate", "import_answers", "kiosk",
                             "delete"})

    def __init__(self, network_id: str) -> None:
        super().__init__()
        self.network_id = network_id
        self.rows: list[GatheringRow] = []

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="gl-title", classes="title")
        yield Static("", id="gl-status", classes="line")
        yield RowTable(id="gl-table", zebra_stripes=True, enter="key.edit")
        yield Static(t("gatherings.none"), id="gl-empty", classes="hint")
        yield FittingFooter()

    def load(self) -> None:
        nid = self.network_id
        self.read_store(lambda s: (s.networks.get(nid).name, s.gatherings.rows(nid)),
                        self.Loaded, group="gatherings")

    def receive(self, data: tuple[str, list[GatheringRow]]) -> None:
        name, self.rows = data
        title = Text(t("gatherings.title") + " · ")
        title.append(literal(name))
        self.query_one("#gl-title", Static).update(title)
        self.query_one("#gl-status", Static).update(t("gatherings.count", count=len(self.rows)))
        self.repaint()

    def start_row(self) -> int:
        """Where the cursor starts: the next gathering (or the one going on today),
        which is what the adviser works on; after the last one, the latest held."""
        calendar = Calendar(self.app.today())
        return next((i for i, r in enumerate(self.rows) if not calendar.is_over(r)),
                    len(self.rows) - 1)

    def columns(self) -> list[Column]:
        # The title takes what the others leave.
        return [
            Column("gatherings.col.seq", "seq", lambda r, _w: str(r.seq), Width(natural=True),
                   justify="right"),
            Column("gatherings.col.date", "date", lambda r, _w: Text(date_span(r.date, r.end_date)),
                   Width(natural=True, minimum=10)),
            Column("gatherings.col.kind", "kind", lambda r, _w: t(f"gkind.{r.kind}"),
                   Width(share=(4, 10), minimum=10, fit=10)),
            Column("gatherings.col.title", "title", lambda r, _w: r.title,
                   Width(remainder=True)),
            Column("gatherings.col.place", "place", lambda r, _w: r.place,
                   Width(share=(2, 9), minimum=8, maximum=24)),
            Column("gatherings.col.present", "present", self._present_cell,
                   Width(natural=True, minimum=5), measure=lambda _r: ""),
        ]

    @staticmethod
    def _present_cell(row: GatheringRow, _width: int) -> Text:
        if row.marked:
            return Text(str(row.present), justify="right")
        return Text("–", style="dim", justify="right")

    @on(DataTable.RowSelected)
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_new(self) -> None:
        from facilitator.screens.gathering_form import GatheringForm

        self.app.push_screen(GatheringForm(self.network_id), self.reload_at)

    @row_action
    def action_edit(self, row: Any) -> None:
        from facilitator.screens.gathering_form import GatheringForm

        self.app.push_screen(GatheringForm(self.network_id, row.id), self.reload_at)

    @row_action
    def action_attendance(self, row: Any) -> None:
        from facilitator.screens.attendance import AttendanceScreen

        self.app.push_screen(AttendanceScreen(row.id))

    def action_themes(self) -> None:
        from facilitator.screens.theme_matrix import ThemeMatrixScreen

        self.app.push_screen(ThemeMatrixScreen(self.network_id))

    @row_action
    def action_evaluate(self, row: Any) -> None:
        from facilitator.screens.evaluation import EvaluationScreen

        self.app.push_screen(EvaluationScreen(row.id))

    @row_action
    def action_import_answers(self, row: Any) -> None:
        from facilitator.screens.import_evaluations import ImportScreen

        self.app.push_screen(ImportScreen(row.id), lambda _result: self.reload_at(row.id))

    @row_action
    def action_kiosk(self, row: Any) -> None:
        from facilitator.screens.kiosk_setup import KioskSetupScreen

        self.app.push_screen(KioskSetupScreen(row.id))

    @row_action
    def action_delete(self, row: Any) -> None:
        from facilitator.screens.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.call_store(lambda s: s.gatherings.delete(row.id), lambda _r: self.load())

        question = t("gatherings.delete", seq=row.seq, date=date_span(row.date, row.end_date),
                     title=row.title or t("gatherings.untitled"))
        self.app.push_screen(ConfirmScreen(question, yes=t("dialog.delete")), answer)
