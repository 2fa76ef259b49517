"""The home of a network: the next gathering, where this cycle stands, and the trend."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.screens.base import BaseScreen
from facilitator.views import Overview
from facilitator.widgets.status import legend, status_cell
from facilitator.widgets.text import clean, literal


def number(value: float, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if t("decimal") == "," else text


class OverviewScreen(BaseScreen):
    HELP_KEY = "help.overview"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back", id="back", show=False),
        # F1 works here as everywhere; hidden so the screen's own keys fit 80 columns.
        Binding("f1", "app.help", "key.help", id="help-hidden", show=False),
        Binding("m", "members", "key.members", id="members"),
        Binding("s", "gatherings", "key.gatherings", id="gatherings"),
        Binding("h", "homework", "key.homework", id="homework"),
        Binding("k", "meetings", "key.meetings", id="meetings"),
        Binding("v", "evaluate", "key.evaluate", id="evaluate"),
        Binding("x", "export", "key.export", id="export"),
        Binding("t", "themes", "key.themes", id="themes", show=False),
        Binding("p", "questions", "key.questions", id="questions", show=False),
        Binding("r", "edit", "key.edit_network", id="edit", show=False),
    ]

    def __init__(self, network_id: str) -> None:
        super().__init__()
        self.network_id = network_id
        self.data: Overview | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="ov-name", classes="title")
        yield Static("", id="ov-next", classes="line")
        yield Static("", id="ov-cycle", classes="line")
        table: DataTable[Any] = DataTable(id="ov-grid", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(legend(), id="ov-legend", classes="hint")
        with Horizontal(id="ov-trend"):
            yield Static(t("overview.trend"), id="ov-trend-label")
            yield Sparkline([], id="ov-spark")
            yield Static("", id="ov-trend-values")
        yield Footer()

    def load(self) -> None:
        today = self.app.today()
        self.call_store(lambda s: s.overview(self.network_id, today), self.show,
                        group="overview", exclusive=True)

    def show(self, data: Overview) -> None:
        self.data = data
        today = self.app.today()
        self.query_one("#ov-name", Static).update(literal(data.name))
        nxt = data.next
        if nxt is None:
            line = Text(t("overview.no_next"), style="dim")
        else:
            days = (nxt.date - today).days
            line = Text(t("overview.next", seq=nxt.seq, date=format_date(nxt.date), days=days))
            if nxt.place:
                line.append(" · " + clean(nxt.place))
        self.query_one("#ov-next", Static).update(line)
        last = data.last
        if last is None:
            cycle = t("overview.no_cycle")
        elif nxt is None:
            cycle = t("overview.cycle_open", seq=last.seq, date=format_date(last.date))
        else:
            cycle = t("overview.cycle", seq=last.seq, date=format_date(last.date),
                      next=nxt.seq, next_date=format_date(nxt.date))
        self.query_one("#ov-cycle", Static).update(cycle)
        self._fill_grid(data)
        scores = [(seq, v) for seq, v in data.trend if v is not None]
        self.query_one("#ov-spark", Sparkline).data = [v for _, v in scores]
        values = "  ".join(f"{seq}: {number(v)}" for seq, v in scores)
        self.query_one("#ov-trend-values", Static).update(values or t("overview.no_eval"))

    def _fill_grid(self, data: Overview) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        # Explicit widths: auto-sizing settles asynchronously and would make the
        # layout depend on timing.
        table.add_column(t("overview.col.municipality"), key="mun", width=22)
        width = max(6, min(18, (44 // max(1, len(data.assignments))) - 2))
        for aid, title, _due in data.assignments:
            table.add_column(literal(title, limit=width), key=aid, width=width)
        table.add_column(t("overview.col.meetings"), key="meetings", width=30)
        for mid, name in data.members:
            cells: list[Any] = [literal(name, limit=22)]
            cells += [status_cell(data.statuses.get((aid, mid))) for aid, _t, _d in data.assignments]
            days = data.meetings.get(mid, [])
            if days:
                cells.append(Text("✓ " + ", ".join(format_date(d) for d in days)))
            else:
                cells.append(Text("– " + t("overview.no_meeting"), style="dim"))
            table.add_row(*cells, key=mid)
        if not data.members:
            table.add_row(Text(t("overview.no_members"), style="dim"),
                          *[""] * (len(data.assignments) + 1))

    # ------------------------------------------------------------------ navigation

    def action_members(self) -> None:
        from facilitator.screens.members import MembersScreen

        self.app.push_screen(MembersScreen(self.network_id))

    def action_gatherings(self) -> None:
        from facilitator.screens.gatherings import GatheringsScreen

        self.app.push_screen(GatheringsScreen(self.network_id))

    def action_homework(self) -> None:
        from facilitator.screens.assignments import AssignmentsScreen

        self.app.push_screen(AssignmentsScreen(self.network_id))

    def action_meetings(self) -> None:
        from facilitator.screens.meetings import MeetingsScreen

        self.app.push_screen(MeetingsScreen(self.network_id))

    def action_themes(self) -> None:
        from facilitator.screens.theme_matrix import ThemeMatrixScreen

        self.app.push_screen(ThemeMatrixScreen(self.network_id))

    def action_evaluate(self) -> None:
        """Typed entry for the latest held gathering (others: from the gathering list)."""
        if self.data is None or self.data.last is None:
            self.app.notify(t("overview.no_held"), severity="warning")
            return
        from facilitator.screens.evaluation import EvaluationScreen

        self.app.push_screen(EvaluationScreen(self.data.last.id))

    def action_export(self) -> None:
        from facilitator.screens.export import ExportScreen

        cycle = self.data.last.seq if self.data and self.data.last else None
        self.app.push_screen(ExportScreen(self.network_id, cycle))

    def action_questions(self) -> None:
        from facilitator.screens.questions import QuestionsScreen

        self.app.push_screen(QuestionsScreen(self.network_id))

    def action_edit(self) -> None:
        from facilitator.screens.network_form import NetworkForm

        self.app.push_screen(NetworkForm(self.network_id))
