"""A network's gatherings: the list, and the way to each one's form and attendance."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import DataTable, Header, Static

from facilitator.domain import Calendar
from facilitator.i18n import t
from facilitator.parse import format_date_span
from facilitator.screens.base import BaseScreen
from facilitator.views import GatheringRow
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.table import RowTable
from facilitator.widgets.text import literal


def date_span(start: date, end: date | None) -> str:
    """"20.10.2026", "20.–21.10.2026", "30.09.–01.10.2026", "30.12.2026–02.01.2027"."""
    return format_date_span(start, end)


class GatheringsScreen(BaseScreen):
    HELP_KEY = "help.gatherings"
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
        self._select: str | None = None  # the row to put the cursor on after a reload
        self._placed = False  # the cursor has been put on the gathering of the day

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="gl-title", classes="title")
        yield Static("", id="gl-status", classes="line")
        yield RowTable(id="gl-table", zebra_stripes=True, enter="key.edit")
        yield Static(t("gatherings.none"), id="gl-empty", classes="hint")
        yield FittingFooter()

    def load(self) -> None:
        nid = self.network_id
        self.call_store(lambda s: (s.get_network(nid).name, s.gathering_rows(nid)), self.show,
                        group="gatherings", exclusive=True)

    def show(self, data: tuple[str, list[GatheringRow]]) -> None:
        current = self.current()
        if self._select is None and current is not None:
            self._select = current.id  # a reload keeps the cursor on its gathering
        name, self.rows = data
        title = Text(t("gatherings.title") + " · ")
        title.append(literal(name))
        self.query_one("#gl-title", Static).update(title)
        self.query_one("#gl-status", Static).update(t("gatherings.count", count=len(self.rows)))
        self._fill()

    def _first_row(self) -> int:
        """Where the cursor starts: the next gathering (or the one going on today),
        which is what the adviser works on; after the last one, the latest held."""
        calendar = Calendar(self.app.today())
        return next((i for i, r in enumerate(self.rows) if not calendar.is_over(r)),
                    len(self.rows) - 1)

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        empty = self.query_one("#gl-empty", Static)
        # An empty list says so on a line of its own (a table cell would cut the hint).
        table.display = bool(self.rows)
        empty.display = not self.rows
        if not self._placed and self.rows:
            self._placed = True
            fallback = self._first_row()
        else:
            fallback = table.cursor_row
        index = next((i for i, r in enumerate(self.rows) if r.id == self._select), fallback)
        self._select = None
        table.clear(columns=True)
        if not self.rows:
            return
        dates = [date_span(r.date, r.end_date) for r in self.rows]
        date_w = max([10, *map(len, dates)])
        present_label = t("gatherings.col.present")
        present_w = max(5, len(present_label))
        seq_w = max(len(t("gatherings.col.seq")), *(len(str(r.seq)) for r in self.rows))
        # Explicit widths (auto-sizing settles asynchronously); the title takes what is left.
        scrollbar = 2 if len(self.rows) > self.app.size.height - 6 else 0
        rest = max(30, self.app.size.width - scrollbar - 6 * 2 - seq_w - date_w - present_w)
        kinds = [t(f"gkind.{r.kind}") for r in self.rows]
        kind_w = max(10, min(rest * 4 // 10, max(map(len, kinds), default=10)))
        place_w = min(24, max(8, rest * 2 // 9))
        title_w = rest - kind_w - place_w
        table.add_column(t("gatherings.col.seq"), key="seq", width=seq_w)
        table.add_column(t("gatherings.col.date"), key="date", width=date_w)
        table.add_column(t("gatherings.col.kind"), key="kind", width=kind_w)
        table.add_column(t("gatherings.col.title"), key="title", width=title_w)
        table.add_column(t("gatherings.col.place"), key="place", width=place_w)
        table.add_column(present_label, key="present", width=present_w)
        for row, when, kind in zip(self.rows, dates, kinds, strict=True):
            table.add_row(
                Text(str(row.seq), justify="right"),
                Text(when),
                literal(kind, limit=kind_w),
                literal(row.title, limit=title_w),
                literal(row.place, limit=place_w),
                Text(str(row.present), justify="right") if row.marked
                else Text("–", style="dim", justify="right"),
                key=row.id,
            )
        table.move_cursor(row=min(index, len(self.rows) - 1))
        table.focus()

    def on_resize(self, _event: Resize) -> None:
        if self.rows:
            self._fill()

    def current(self) -> GatheringRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowSelected)
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    def _reload_at(self, gathering_id: str | None) -> None:
        self._select = gathering_id
        self.load()

    def action_new(self) -> None:
        from facilitator.screens.gathering_form import GatheringForm

        self.app.push_screen(GatheringForm(self.network_id), self._reload_at)

    def action_edit(self) -> None:
        row = self.current()
        if row is None:
            return
        from facilitator.screens.gathering_form import GatheringForm

        self.app.push_screen(GatheringForm(self.network_id, row.id), self._reload_at)

    def action_attendance(self) -> None:
        row = self.current()
        if row is None:
            return
        from facilitator.screens.attendance import AttendanceScreen

        self.app.push_screen(AttendanceScreen(row.id))

    def action_themes(self) -> None:
        from facilitator.screens.theme_matrix import ThemeMatrixScreen

        self.app.push_screen(ThemeMatrixScreen(self.network_id))

    def action_evaluate(self) -> None:
        row = self.current()
        if row is None:
            return
        from facilitator.screens.evaluation import EvaluationScreen

        self.app.push_screen(EvaluationScreen(row.id))

    def action_import_answers(self) -> None:
        row = self.current()
        if row is None:
            return
        from facilitator.screens.import_evaluations import ImportScreen

        self.app.push_screen(ImportScreen(row.id), lambda _result: self._reload_at(row.id))

    def action_kiosk(self) -> None:
        row = self.current()
        if row is None:
            return
        from facilitator.screens.kiosk import KioskSetupScreen

        self.app.push_screen(KioskSetupScreen(row.id))

    def action_delete(self) -> None:
        row = self.current()
        if row is None:
            return
        from facilitator.screens.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.call_store(lambda s: s.delete_gathering(row.id), lambda _r: self.load())

        question = t("gatherings.delete", seq=row.seq, date=date_span(row.date, row.end_date),
                     title=row.title or t("gatherings.untitled"))
        self.app.push_screen(ConfirmScreen(question, yes=t("dialog.delete")), answer)
