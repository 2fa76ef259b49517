"""The home of a network: the next gathering, where this cycle stands, and the trend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import DataTable, Sparkline, Static

from facilitator.domain import Calendar
from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.records import Overview
from facilitator.screens import base
from facilitator.screens.base import BaseScreen
from facilitator.text import clean, literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader
from facilitator.widgets.status import legend, status_cell
from facilitator.widgets.table import RowTable

MEETINGS_WIDTH = 30  # the meetings column at 80 columns
MIN_HOMEWORK = 5  # a home work column, at the narrowest: its number and "Tit…"


def number(value: float, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if t("decimal") == "," else text


class OverviewScreen(BaseScreen):
    HELP_KEY = "help.overview"
    # The hint for an empty network takes the grid's place (the rest stays at the foot).
    CSS = """
    OverviewScreen #ov-empty { height: 1fr; margin: 1 0 0 0; }
    OverviewScreen #ov-homework-key { height: auto; display: none; }
    """
    # The footer shows these in this order as far as they fit (FittingFooter): at 80
    # columns the six that lead on; F1 and the command palette list them all.
    BINDINGS = [
        Binding("m", "members", "key.members", id="members"),
        Binding("s", "gatherings", "key.gatherings", id="gatherings"),
        Binding("h", "homework", "key.homework", id="homework"),
        Binding("k", "meetings", "key.meetings", id="meetings"),
        Binding("v", "evaluate", "key.evaluate", id="evaluate"),
        Binding("x", "export", "key.export", id="export"),
        Binding("t", "themes", "key.themes", id="themes"),
        Binding("p", "questions", "key.questions", id="questions"),
        Binding("r", "edit", "key.edit_network", id="edit"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]
    ROW_ACTIONS = frozenset({"evaluate"})  # the latest held gathering's

    class Loaded(base.Loaded[Overview]):
        """The network's overview, as `load()` read it."""

    # What the screen shows; its watcher repaints (every load, even when unchanged:
    # the meetings' "planned" depends on today).
    data: reactive[Overview | None] = reactive(None, always_update=True, init=False,
                                               repaint=False)

    def has_row(self, action: str) -> bool:
        return self.data is not None and self.data.last is not None

    def __init__(self, network_id: str) -> None:
        super().__init__()
        self.network_id = network_id

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="ov-name", classes="title")
        yield Static("", id="ov-next", classes="line")
        yield Static("", id="ov-cycle", classes="line")
        yield RowTable(id="ov-grid", zebra_stripes=True)
        yield Static(t("overview.no_members"), id="ov-empty", classes="hint")
        yield Static("", id="ov-homework-key", classes="hint")
        yield Static(legend(), id="ov-legend", classes="hint")
        with Horizontal(id="ov-trend"):
            yield Static(t("overview.trend"), id="ov-trend-label")
            yield Sparkline([], id="ov-spark")
            yield Static("", id="ov-trend-values")
        yield FittingFooter()

    def load(self) -> None:
        today = self.app.today()
        self.read_store(lambda s: s.networks.overview(self.network_id, today), self.Loaded,
                        group="overview")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.data = message.data

    def watch_data(self) -> None:
        self.repaint()

    def repaint(self) -> None:
        """The figures, the grid and the trend from `data`."""
        data = self.data
        if data is None:
            return
        calendar = Calendar(self.app.today())
        self.query_one("#ov-name", Static).update(literal(data.name))
        nxt = data.next
        if nxt is None:
            line = Text(t("overview.no_next"), style="dim")
        else:
            days = calendar.days_until(nxt)
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
        self.repaint_grid(data)
        scores = [(seq, v) for seq, v in data.trend if v is not None]
        spark = self.query_one("#ov-spark", Sparkline)
        spark.data = [v for _, v in scores]
        spark.display = bool(scores)  # no answers: no flat bar that looks like a trend
        values = "  ".join(f"{seq}: {number(v)}" for seq, v in scores)
        self.query_one("#ov-trend-values", Static).update(values or t("overview.no_eval"))

    def repaint_grid(self, data: Overview) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        # No municipalities: the hint on a line of its own (a cell would cut it).
        table.display = bool(data.members)
        self.query_one("#ov-empty", Static).display = not data.members
        if not data.members:
            return
        meetings = {mid: self._meetings_text(data, mid) for mid, _name in data.members}
        names, homework_w, meet_w = self._widths(data, meetings)
        # Explicit widths: auto-sizing settles asynchronously and would make the
        # layout depend on timing.
        labels, key = self._headings(data, homework_w)
        table.header_height = max((label.plain.count("\n") + 1 for label in labels), default=1)
        key_line = self.query_one("#ov-homework-key", Static)
        key_line.update(key or "")
        key_line.display = key is not None
        table.add_column(t("overview.col.municipality"), key="mun", width=names)
        for (aid, _title, _due), label, width in zip(data.homework, labels, homework_w,
                                                     strict=True):
            table.add_column(label, key=aid, width=width)
        table.add_column(t("overview.col.meetings"), key="meetings", width=meet_w)
        for mid, name in data.members:
            cells: list[Any] = [literal(name, limit=names)]
            cells += [status_cell(data.statuses.get((aid, mid))) for aid, _t, _d in data.homework]
            cells.append(meetings[mid])
            table.add_row(*cells, key=mid)

    def _headings(self, data: Overview, widths: list[int]) -> tuple[list[Text], Text | None]:
        """The home work column titles, on two lines where one is too short. When a
        title does not fit in two lines either, the columns are numbered and a line
        under the table gives each number's whole title (the key)."""
        titles = [clean(title) for _aid, title, _due in data.homework]
        labels = [self._wrapped(title, width) for title, width in zip(titles, widths,
                                                                      strict=True)]
        if all(label is not None for label in labels):
            return [label for label in labels if label is not None], None
        numbered = []
        key = Text(t("overview.homework_key"))
        for number, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
            label = Text(f"{number}\n", style="bold")
            label.append_text(literal(title, limit=width))
            numbered.append(label)
            key.append(("" if number == 1 else " · ") + f"{number} ", style="bold")
            key.append(title)
        return numbered, key

    def _wrapped(self, title: str, width: int) -> Text | None:
        """`title` in at most two lines of `width` cells; None if it needs more."""
        lines = list(Text(title).wrap(self.app.console, width, overflow="fold"))
        if len(lines) > 2:
            return None
        for line in lines:
            line.rstrip()
        return Text("\n").join(lines)

    def _meetings_text(self, data: Overview, municipality_id: str) -> Text:
        """✓ and the dates of the meetings held; ○ "planned" and the dates of those
        after today (told apart by symbol and word, not by colour); – none."""
        days = data.meetings.get(municipality_id, [])
        if not days:
            return Text("– " + t("overview.no_meeting"), style="dim")
        today = self.app.today()
        held = [d for d in days if d <= today]
        planned = [d for d in days if d > today]
        text = self._meetings_line(held, planned, format_date)
        if text.cell_len <= MEETINGS_WIDTH:
            return text
        # Too long for the column at 80: without the year (the cycle line above has it).
        return self._meetings_line(held, planned, lambda d: f"{d.day:02d}.{d.month:02d}")

    @staticmethod
    def _meetings_line(held_days: list[date], planned_days: list[date],
                       show: Callable[[date], str]) -> Text:
        held = [show(d) for d in held_days]
        planned = [show(d) for d in planned_days]
        text = Text()
        if held:
            text.append("✓ " + ", ".join(held))
        if planned:
            if held:
                text.append("  ")
            text.append("○ " + t("overview.planned", dates=", ".join(planned)))
        return text

    def _widths(self, data: Overview, meetings: dict[str, Text]) -> tuple[int, list[int], int]:
        """Column widths: at 80 columns as before (names 22, each home work up to 18,
        meetings 30); a wider terminal gives names, then home work titles, then the
        meetings what they need to be shown whole."""
        count = len(data.homework)
        rows = len(data.members)
        scrollbar = 2 if rows > self.app.size.height - 10 else 0
        room = self.app.size.width - scrollbar - 2 * (count + 2)
        need_names = max(cell_len(t("overview.col.municipality")),
                         *(cell_len(clean(name)) for _mid, name in data.members))
        need_homework = [max(6, cell_len(clean(title))) for _aid, title, _due in data.homework]
        need_meet = max(cell_len(t("overview.col.meetings")),
                        *(text.cell_len for text in meetings.values()))
        names = min(22, need_names)
        homework_w = [min(18, need, max(6, 44 // max(1, count) - 2)) for need in need_homework]
        meet = min(MEETINGS_WIDTH, need_meet)
        extra = room - names - sum(homework_w) - meet
        if extra < 0:  # much home work: its columns narrow first (the key names them)
            while extra < 0 and max(homework_w, default=0) > MIN_HOMEWORK:
                widest = homework_w.index(max(homework_w))
                homework_w[widest] -= 1
                extra += 1
            take = max(0, min(-extra, names - 16))  # then the names, then the meetings
            names -= take
            extra += take
            take = max(0, min(-extra, meet - 16))
            meet -= take
            extra += take
        if extra > 0:
            grow = min(extra, need_names - names)
            names += grow
            extra -= grow
        for i, need in enumerate(need_homework):
            if extra <= 0:
                break
            grow = min(extra, need - homework_w[i])
            homework_w[i] += grow
            extra -= grow
        if extra > 0:
            meet += min(extra, need_meet - meet)
        return names, homework_w, meet

    # ------------------------------------------------------------------ navigation

    def action_members(self) -> None:
        from facilitator.screens.members import MembersScreen

        self.app.push_screen(MembersScreen(self.network_id))

    def action_gatherings(self) -> None:
        from facilitator.screens.gatherings import GatheringsScreen

        self.app.push_screen(GatheringsScreen(self.network_id))

    def action_homework(self) -> None:
        from facilitator.screens.homework import HomeWorkScreen

        self.app.push_screen(HomeWorkScreen(self.network_id))

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
