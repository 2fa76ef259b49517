"""A network's municipality meetings: the list, by date, and the way to each one's form."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import DataTable, Header, Static

from facilitator.domain import norwegian_key
from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.screens.base import BaseScreen
from facilitator.screens.meeting_form import meeting_roles, missing_parties
from facilitator.views import Meeting
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.text import clean, literal

PLANNED = "○ "  # the mark of a meeting after today (with the word: reads without colour)


def people_count(meeting: Meeting) -> int:
    return len(meeting.participant_ids) + sum(meeting.headcounts.values())


def parties_cell(meeting: Meeting) -> Text:
    """✓ when all three parties came, else the letters of those missing."""
    missing = missing_parties(meeting_roles(meeting))
    if not missing:
        return Text("✓", style="green")
    return Text(" ".join(t(f"mtg.abbr.{party}") for party in missing), style="bold yellow")


class MeetingsScreen(BaseScreen):
    HELP_KEY = "help.meetings"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back", id="back"),
        Binding("n", "new", "key.mtg.new", id="new"),
        Binding("e", "edit", "key.edit", id="edit"),
        Binding("delete", "delete", "key.delete", id="delete"),
    ]
    CSS = """
    MeetingsScreen #mtg-detail { height: 3; padding: 0 1; }
    """

    def __init__(self, network_id: str) -> None:
        super().__init__()
        self.network_id = network_id
        self.rows: list[Meeting] = []
        self.themes: dict[str, str] = {}  # id → name
        self._select: str | None = None  # the row to put the cursor on after a reload

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="mtg-title", classes="title")
        yield Static("", id="mtg-status", classes="line")
        yield DataTable(id="mtg-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="mtg-detail")
        yield Static(t("mtg.legend"), classes="hint")
        yield FittingFooter()

    def load(self) -> None:
        nid = self.network_id
        self.call_store(
            lambda s: (s.get_network(nid).name, s.list_meetings(nid), s.list_themes(nid)),
            self.show, group="meetings", exclusive=True)

    def show(self, data: tuple[str, list[Meeting], list[Any]]) -> None:
        current = self.current()
        if self._select is None and current is not None:
            self._select = current.id  # a reload keeps the cursor on its meeting
        name, meetings, themes = data
        self.rows = sorted(meetings, key=lambda m: (m.date, norwegian_key(m.municipality)))
        self.themes = {th.id: th.name for th in themes}
        title = Text(t("mtg.title") + " · ")
        title.append(literal(name))
        self.query_one("#mtg-title", Static).update(title)
        planned = sum(self._planned(m) for m in self.rows)
        self.query_one("#mtg-status", Static).update(
            t("mtg.count.planned", count=len(self.rows), planned=planned) if planned
            else t("mtg.count", count=len(self.rows)))
        self._fill()

    def _planned(self, meeting: Meeting) -> bool:
        """A meeting dated after today has not been held: it is planned."""
        return meeting.date > self.app.today()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        index = next((i for i, m in enumerate(self.rows) if m.id == self._select),
                     table.cursor_row)
        self._select = None
        table.clear(columns=True)
        labels = [t(f"mtg.col.{key}") for key in ("people", "press", "parties")]
        small = [max(5, len(label)) for label in labels]
        planned = PLANNED + t("mtg.planned")
        if any(self._planned(m) for m in self.rows):  # room for the word in its column
            small[2] = max(small[2], len(planned))
        # Explicit widths (auto-sizing settles asynchronously); the names take what is left.
        scrollbar = 2 if len(self.rows) > self.app.size.height - 10 else 0
        rest = max(28, self.app.size.width - scrollbar - 6 * 2 - 2 - 10 - sum(small))
        kind_w = min(22, rest * 45 // 100)
        # The longest municipality name has 34 characters: on a wide terminal the
        # columns stay together rather than spread across the screen.
        name_w = min(rest - kind_w, 36)
        table.add_column(t("mtg.col.date"), key="date", width=10)
        table.add_column(t("mtg.col.municipality"), key="municipality", width=name_w)
        table.add_column(t("mtg.col.kind"), key="kind", width=kind_w)
        for key, label, width in zip(("people", "press", "parties"), labels, small,
                                     strict=True):
            table.add_column(label, key=key, width=width)
        for m in self.rows:
            table.add_row(
                Text(format_date(m.date)),
                literal(m.municipality, limit=name_w),
                literal(t(f"mkind.{m.kind}"), limit=kind_w),
                Text(str(people_count(m)), justify="right"),
                Text("✓" if m.press_present else "–", justify="center",
                     style="" if m.press_present else "dim"),
                Text(planned) if self._planned(m) else parties_cell(m),
                key=m.id,
            )
        if not self.rows:
            table.add_row("", Text(t("mtg.none"), style="dim"), "", "", "", "")
            self.query_one("#mtg-detail", Static).update("")
            return
        table.move_cursor(row=min(index, len(self.rows) - 1))
        table.focus()
        self._describe()

    def on_resize(self, _event: Resize) -> None:
        if self.rows:
            self._fill()

    def current(self) -> Meeting | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._describe()

    def _describe(self) -> None:
        """Place, themes and summary of the meeting under the cursor."""
        m = self.current()
        if m is None:
            return
        parts = []
        if self._planned(m):
            days = (m.date - self.app.today()).days
            parts.append(t("mtg.planned.tomorrow" if days == 1 else "mtg.planned.detail",
                           date=format_date(m.date), days=days))
        if m.place:
            parts.append(t("mtg.place", place=clean(m.place)))
        names = sorted((self.themes[tid] for tid in m.theme_ids if tid in self.themes),
                       key=norwegian_key)
        if names:
            parts.append(t("mtg.themes", themes=clean(", ".join(names))))
        text = Text(" · ".join(parts))
        if m.summary.strip():
            text.append("\n" + t("mtg.summary", text=clean(m.summary, limit=150)))
        self.query_one("#mtg-detail", Static).update(text)

    @on(DataTable.RowSelected)
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    def _reload_at(self, meeting_id: str | None) -> None:
        self._select = meeting_id
        self.load()

    def action_new(self) -> None:
        from facilitator.screens.meeting_form import MeetingForm

        self.app.push_screen(MeetingForm(self.network_id), self._reload_at)

    def action_edit(self) -> None:
        m = self.current()
        if m is None:
            return
        from facilitator.screens.meeting_form import MeetingForm

        self.app.push_screen(MeetingForm(self.network_id, m.id), self._reload_at)

    def action_delete(self) -> None:
        m = self.current()
        if m is None:
            return
        from facilitator.screens.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.call_store(lambda s: s.delete_meeting(m.id), lambda _r: self.load())

        question = t("mtg.delete", municipality=m.municipality, date=format_date(m.date),
                     kind=t(f"mkind.{m.kind}"))
        self.app.push_screen(ConfirmScreen(question, yes=t("dialog.delete")), answer)
