"""A network's municipality meetings: the list, by date, and the way to each one's form."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitator.domain import norwegian_key
from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.records import Meeting
from facilitator.screens.listing import Column, ListScreen, Width
from facilitator.screens.meeting_form import meeting_roles, missing_parties
from facilitator.text import clean, literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader

PLANNED = "○ "  # the mark of a meeting after today (with the word: reads without colour)


def people_count(meeting: Meeting) -> int:
    return len(meeting.participant_ids) + sum(meeting.headcounts.values())


def parties_cell(meeting: Meeting) -> Text:
    """✓ when all three parties came, else the letters of those missing."""
    missing = missing_parties(meeting_roles(meeting))
    if not missing:
        return Text("✓", style="green")
    return Text(" ".join(t(f"mtg.abbr.{party}") for party in missing), style="bold yellow")


def press_cell(meeting: Meeting) -> Text:
    if meeting.press_present:
        return Text("✓", justify="center")
    return Text("–", justify="center", style="dim")


class MeetingsScreen(ListScreen):
    HELP_KEY = "help.meetings"
    TABLE_ID = "#mtg-table"
    EMPTY_ID = "#mtg-empty"
    DETAIL_ID = "#mtg-detail"
    OTHER_LINES = 10
    MARGIN = 2
    MIN_REST = 28
    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back", id="back"),
        Binding("n", "new", "key.mtg.new", id="new"),
        Binding("e", "edit", "key.edit", id="edit"),
        Binding("delete", "delete", "key.delete", id="delete"),
    ]
    ROW_ACTIONS = frozenset({"edit", "delete"})
    CSS = """
    MeetingsScreen #mtg-detail { height: 3; padding: 0 1; }
    MeetingsScreen #mtg-empty { color: $text-muted; padding: 0 1; height: 1fr; }
    """

    def __init__(self, network_id: str) -> None:
        super().__init__()
        self.network_id = network_id
        self.themes: dict[str, str] = {}  # id → name

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="mtg-title", classes="title")
        yield Static("", id="mtg-status", classes="line")
        yield DataTable(id="mtg-table", cursor_type="row", zebra_stripes=True)
        # No meetings: the hint on a line of its own (a cell cut it mid-word).
        empty = Static(t("mtg.none"), id="mtg-empty")
        empty.display = False  # until the list is read and found empty
        yield empty
        yield Static("", id="mtg-detail")
        yield Static(t("mtg.legend"), classes="hint")
        yield FittingFooter()

    def load(self) -> None:
        nid = self.network_id
        self.read_store(
            lambda s: (s.networks.get(nid).name, s.meetings.list(nid), s.gatherings.themes(nid)),
            self.Loaded, group="meetings")

    def receive(self, data: tuple[str, list[Meeting], list[Any]]) -> None:
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
        self.repaint()

    def _planned(self, meeting: Meeting) -> bool:
        """A meeting dated after today has not been held: it is planned."""
        return meeting.date > self.app.today()

    def columns(self) -> list[Column]:
        planned = PLANNED + t("mtg.planned")
        # room for the word in its column when there is a planned meeting
        fits = (planned,) if any(self._planned(m) for m in self.rows) else ()
        small = Width(natural=True, minimum=5)
        # The longest municipality name has 34 characters: on a wide terminal the
        # columns stay together rather than spread across the screen.
        return [
            Column("mtg.col.date", "date", lambda m, _w: Text(format_date(m.date)),
                   Width(size=10)),
            Column("mtg.col.municipality", "municipality", lambda m, _w: m.municipality,
                   Width(remainder=True, maximum=36)),
            Column("mtg.col.kind", "kind", lambda m, _w: t(f"mkind.{m.kind}"),
                   Width(share=(45, 100), maximum=22)),
            Column("mtg.col.people", "people", lambda m, _w: str(people_count(m)), small,
                   justify="right", measure=lambda _m: ""),
            Column("mtg.col.press", "press", lambda m, _w: press_cell(m), small,
                   measure=lambda _m: ""),
            Column("mtg.col.parties", "parties",
                   lambda m, _w: Text(planned) if self._planned(m) else parties_cell(m),
                   small, measure=lambda _m: "", fits=fits),
        ]

    def describe(self, m: Meeting) -> Text:
        """Place, themes and summary of the meeting under the cursor."""
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
        # at most the two lines of the detail above the summary's (user texts of any
        # length: only what fits is laid out)
        text = Text(clean(" · ".join(parts), limit=2 * max(20, self.app.size.width - 2)))
        if m.summary.strip():
            text.append("\n" + t("mtg.summary", text=clean(m.summary, limit=150)))
        return text

    @on(DataTable.RowSelected)
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_new(self) -> None:
        from facilitator.screens.meeting_form import MeetingForm

        self.app.push_screen(MeetingForm(self.network_id), self.reload_at)

    def action_edit(self) -> None:
        m = self.current()
        if m is None:
            return
        from facilitator.screens.meeting_form import MeetingForm

        self.app.push_screen(MeetingForm(self.network_id, m.id), self.reload_at)

    def action_delete(self) -> None:
        m = self.current()
        if m is None:
            return
        from facilitator.screens.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.call_store(lambda s: s.meetings.delete(m.id), lambda _r: self.load())

        question = t("mtg.delete", municipality=m.municipality, date=format_date(m.date),
                     kind=t(f"mkind.{m.kind}"))
        self.app.push_screen(ConfirmScreen(question, yes=t("dialog.delete")), answer)
