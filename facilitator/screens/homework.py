"""Home work: member municipalities × home work, a status per cell.

A digit or space sets the status of the cell under the cursor at once; u undoes the
last change. Writes run in the order the keys were pressed (OrderedWritesScreen), and
the screen's reads wait behind them, so a reload never shows a change as undone. What
the cells, column heads and lines show is in `screens/homework_grid.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import DataTable, Static

from facilitator.domain import Calendar
from facilitator.i18n import t
from facilitator.records import Member, StatusChange
from facilitator.screens.base import error_text
from facilitator.screens.homework_grid import (
    LABEL_WIDTH,
    STATES,
    CellWrite,
    cell_line,
    cell_text,
    column_header,
    column_line,
    current_homework,
    legend,
)
from facilitator.screens.not_held import NotHeldGuard
from facilitator.screens.note_form import NoteScreen
from facilitator.screens.ordered import OrderedWritesScreen
from facilitator.text import clean, literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader
from facilitator.widgets.table import LabelledTable

if TYPE_CHECKING:
    from facilitator.store import Store


class HomeWorkScreen(OrderedWritesScreen):
    HELP_KEY = "help.homework"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back", id="back", show=False),
        Binding("space", "cycle", "key.homework.cycle", id="cycle"),
        Binding("1", "state(0)", "key.homework.not_started", id="state-1", show=False),
        Binding("2", "state(1)", "key.homework.in_progress", id="state-2", show=False),
        Binding("3", "state(2)", "key.homework.delivered", id="state-3", show=False),
        Binding("4", "state(3)", "key.homework.reviewed", id="state-4", show=False),
        Binding("u", "undo", "key.homework.undo", id="undo"),
        Binding("ctrl+z", "undo", "key.homework.undo", id="undo-z", show=False),
        Binding("o", "note", "key.homework.note", id="note"),
        Binding("n", "new", "key.homework.new", id="new"),
        Binding("e", "edit", "key.edit", id="edit"),
        Binding("delete", "delete", "key.delete", id="delete", show=False),
    ]
    ROW_ACTIONS = frozenset({"cycle", "state", "note", "edit", "delete"})

    def has_row(self, action: str) -> bool:
        return self._cursor() is not None
    CSS = """
    HomeWorkScreen #homework-column, HomeWorkScreen #homework-cell {
        height: 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    HomeWorkScreen #homework-table { margin: 1 0 0 0; }
    """

    def __init__(self, network_id: str) -> None:
        super().__init__()
        self.network_id = network_id
        self.members: list[Member] = []
        self.homework: list[Any] = []  # HomeWork rows, in the store's order
        self.gatherings: dict[str, Any] = {}  # id → Gathering
        self.cells: dict[tuple[str, str], StatusChange] = {}  # (home work, municipality)
        self._undo: list[StatusChange] = []  # touched only by the write worker
        self._wanted: str | None = None  # new home work: the cursor goes to its column
        self._width = 10  # of a column
        self._filled_for: Any = None  # the terminal size the grid was laid out for
        self._placed = False  # the cursor has been put on the current cycle's column
        # Asks before statuses of home work given at a gathering not held yet (once per
        # gathering while the grid is open).
        self._not_held = NotHeldGuard(self, "homework.future_go_on")

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="homework-title", classes="title")
        yield Static("", id="homework-column", classes="line")
        yield Static("", id="homework-cell", classes="line")
        yield LabelledTable(id="homework-table", cursor_type="cell", header_height=2)
        yield Static(legend(), id="homework-legend", classes="hint")
        yield FittingFooter()

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        # Through the write queue: a reload waits for the changes made before it.
        self.commit(self._fetch)

    def _fetch(self, store: Store) -> None:
        nid = self.network_id
        try:
            data = (store.networks.get(nid).name, store.members.list(nid),
                    store.homework.list(nid),
                    {g.id: g for g in store.gatherings.list(nid)},
                    store.homework.statuses(nid))
        except Exception as exc:  # noqa: BLE001 - shown; re-raising would reload forever
            self.app.call_from_thread(self.app.notify, error_text(exc), severity="error",
                                      timeout=8)
            return
        self.app.call_from_thread(self.receive, data)

    def receive(self, data: tuple[str, list[Member], list[Any], dict[str, Any], dict[Any, Any]]
             ) -> None:
        if not self.is_attached:
            return
        name, self.members, self.homework, self.gatherings, rows = data
        self.cells = {
            key: StatusChange(row.homework_id, row.municipality_id, row.status, row.note,
                              row.status_date)
            for key, row in rows.items()
        }
        # Called from the fetch, which waits for this: the writes queued behind it have
        # not run yet, and what they will write is shown already.
        for pending in list(self._writes):
            if isinstance(pending, CellWrite):
                change = pending.change
                self.cells[(change.homework_id, change.municipality_id)] = change
        title = Text(t("homework.title") + " · ")
        title.append(literal(name))
        self.query_one("#homework-title", Static).update(title)
        self.repaint()

    def repaint(self) -> None:
        table = self.query_one(DataTable)
        where = self._cursor()
        column = table.cursor_column
        table.clear(columns=True)
        if not self.homework or not self.members:
            table.display = False
            self.query_one("#homework-column", Static).update(
                Text(t("homework.none" if not self.homework else "homework.no_members"), style="dim"))
            self.query_one("#homework-cell", Static).update("")
            return
        table.display = True
        self._filled_for = self.app.size
        # Explicit widths: the municipality names as row labels, the columns share the rest.
        label_w = min(LABEL_WIDTH, max(len(m.name) for m in self.members))
        scrollbar = 2 if len(self.members) > self.app.size.height - 10 else 0
        room = self.app.size.width - label_w - 2 - scrollbar
        width = self._width = max(10, min(24, room // len(self.homework) - 2))
        for a in self.homework:
            table.add_column(column_header(a, self.gatherings.get(a.gathering_id), width),
                             key=a.id, width=width)
        for m in self.members:
            table.add_row(*[self._cell(a.id, m.municipality_id) for a in self.homework],
                          key=m.municipality_id, label=literal(m.name, limit=label_w))
        if self._wanted is not None and any(a.id == self._wanted for a in self.homework):
            # a home work just given: its column, on the row the cursor was on
            where = (self._wanted, where[1] if where else self.members[0].municipality_id)
            self._wanted = None
        if where is None and not self._placed:
            # Opening: the current cycle's home work (given at the latest gathering held),
            # not the oldest column, where a status key would change March's status.
            where = (current_homework(self.homework, self.gatherings, self.app.today()),
                     self.members[0].municipality_id)
        self._placed = True
        if where is not None:
            # the column's home work deleted: stay on the row, at the same place
            self._move_to(*where, column=min(column, len(self.homework) - 1))
        table.focus()
        self.repaint_detail()

    def _cell(self, homework_id: str, municipality_id: str) -> Text:
        change = self.cells.get((homework_id, municipality_id))
        if change is None:
            return cell_text(None, width=self._width)
        return cell_text(change.status, change.note, self._width)

    def on_resize(self, _event: Resize) -> None:
        # Only a new size needs new column widths (the Resize that comes with mounting
        # would fill the grid a second time for nothing).
        if self.homework and self.members and self._filled_for != self.app.size:
            self.repaint()

    # ------------------------------------------------------------------ the cursor

    def _cursor(self) -> tuple[str, str] | None:
        """(home work id, municipality id) under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count or not table.columns:
            return None
        keys = table.coordinate_to_cell_key(table.cursor_coordinate)
        return keys.column_key.value, keys.row_key.value  # type: ignore[return-value]

    def _move_to(self, homework_id: str, municipality_id: str,
                 column: int | None = None) -> None:
        """Put the cursor on a cell; `column` is where to go when the home work is gone."""
        table = self.query_one(DataTable)
        column = next((i for i, a in enumerate(self.homework) if a.id == homework_id),
                      column)
        row = next((i for i, m in enumerate(self.members)
                    if m.municipality_id == municipality_id), None)
        if column is not None and row is not None:
            # Not scrolled into view yet: a refilled table measures its row labels (the
            # names) when idle, and a scroll computed before that pushed the names out
            # of view for good. Once painted, the cursor is brought into view.
            table.move_cursor(row=row, column=column, scroll=False)
            table.call_after_refresh(table.move_cursor, row=row, column=column)

    @on(DataTable.CellHighlighted)
    def _highlighted(self, _event: DataTable.CellHighlighted) -> None:
        self.repaint_detail()

    def repaint_detail(self) -> None:
        """The lines above and below the grid: the column's home work, the cell's status."""
        where = self._cursor()
        if where is None:
            return
        work = self._work(where[0])
        ahead = self._not_held_at(work)  # given at a gathering after today: not given yet
        days = None if ahead is None else Calendar(self.app.today()).days_until(ahead)
        self.query_one("#homework-column", Static).update(
            column_line(work, self.gatherings.get(work.gathering_id), days))
        self.query_one("#homework-cell", Static).update(
            cell_line(self.cells.get(where), self._member(where[1]).name))

    def _work(self, homework_id: str) -> Any:
        return next(a for a in self.homework if a.id == homework_id)

    def _member(self, municipality_id: str) -> Member:
        return next(m for m in self.members if m.municipality_id == municipality_id)

    # ------------------------------------------------------------------ status changes

    def _not_held_at(self, work: Any) -> Any:
        """The gathering the home work is given at, if it is after today; else None."""
        given = self.gatherings.get(work.gathering_id)
        return given if given is not None and self._not_held.is_future(given) else None

    def _when_held(self, homework_id: str, go_on: Callable[[], None]) -> None:
        """Run `go_on`; for home work given at a gathering not held yet, after asking
        (keys pressed while the question opens are not changes)."""
        given = self.gatherings.get(self._work(homework_id).gathering_id)
        if self._not_held.held_or_asked(given, go_on):
            go_on()

    def action_state(self, index: int) -> None:
        where = self._cursor()
        if where is not None:
            self._when_held(where[0], lambda: self._set_state(where, STATES[index]))

    def action_cycle(self) -> None:
        where = self._cursor()
        if where is not None:
            self._when_held(where[0], lambda: self._cycle(where))

    def _cycle(self, where: tuple[str, str]) -> None:
        change = self.cells.get(where)
        current = STATES.index(change.status) if change and change.status else 0
        self._set_state(where, STATES[(current + 1) % len(STATES)])

    def _set_state(self, where: tuple[str, str], state: str) -> None:
        change = self.cells.get(where)
        if change is not None and change.status == state:
            return
        today = self.app.today()
        note = change.note if change else ""
        self._write_cell(StatusChange(*where, state, note, today), set_note=False)

    def _set_note(self, where: tuple[str, str], note: str,
                  draft: tuple[str, Any] | None = None) -> None:
        change = self.cells.get(where)
        if note == (change.note if change else ""):
            if draft is not None:  # unchanged after all: its draft goes
                self.commit(lambda s: _discard(s, draft))
            return
        state = change.status if change and change.status else STATES[0]
        when = change.status_date if change and change.status_date else self.app.today()
        self._write_cell(StatusChange(*where, state, note, when), set_note=True, draft=draft)

    def _write_cell(self, change: StatusChange, *, set_note: bool,
                    draft: tuple[str, Any] | None = None) -> None:
        """Show the change at once; the store gets it after the changes before it."""
        self.repaint_cell(change)
        self.commit(CellWrite(change, set_note, self._undo, draft))

    def repaint_cell(self, change: StatusChange) -> None:
        key = (change.homework_id, change.municipality_id)
        if change.status is None:
            self.cells.pop(key, None)
        else:
            self.cells[key] = change
        if any(a.id == change.homework_id for a in self.homework):
            self.query_one(DataTable).update_cell(
                change.municipality_id, change.homework_id, self._cell(*key))
            self.repaint_detail()

    def action_undo(self) -> None:
        self.commit(self._undo_last)

    def _undo_last(self, store: Store) -> None:
        if not self._undo:
            self.app.call_from_thread(self.app.notify, t("homework.nothing_to_undo"), timeout=3)
            return
        change = self._undo[-1]
        store.homework.restore_status(change)
        self._undo.pop()
        self.app.call_from_thread(self._undone, change)

    def _undone(self, change: StatusChange) -> None:
        if not self.is_attached:
            return
        self.repaint_cell(change)
        if any(m.municipality_id == change.municipality_id for m in self.members):
            self._move_to(change.homework_id, change.municipality_id)
            state = change.status or STATES[0]
            self.app.notify(t("homework.undone", municipality=clean(
                self._member(change.municipality_id).name), state=t("homework.state." + state)),
                timeout=3)

    # ------------------------------------------------------------------ the note

    @on(DataTable.CellSelected)
    def _selected(self, _event: DataTable.CellSelected) -> None:
        self.action_note()

    def action_note(self) -> None:
        where = self._cursor()
        if where is not None:
            self._when_held(where[0], lambda: self._open_note(where))

    def _open_note(self, where: tuple[str, str]) -> None:
        change = self.cells.get(where)
        state = change.status if change and change.status else STATES[0]
        heading = t("homework.note.title", municipality=self._member(where[1]).name,
                    title=self._work(where[0]).title)

        screen = NoteScreen(heading, state, change.note if change else "",
                            homework_id=where[0], municipality_id=where[1],
                            network_id=self.network_id)

        def done(note: str | None) -> None:
            if note is not None:
                self._set_note(where, note, screen.handed_over)

        self.app.push_screen(screen, done)

    # ------------------------------------------------------------------ giving home work

    def action_new(self) -> None:
        from facilitator.screens.homework_form import HomeWorkForm

        def made(homework_id: str | None) -> None:
            if homework_id is not None:
                self._wanted = homework_id

        self.app.push_screen(HomeWorkForm(self.network_id), made)

    def action_edit(self) -> None:
        where = self._cursor()
        if where is None:
            return
        from facilitator.screens.homework_form import HomeWorkForm

        self.app.push_screen(HomeWorkForm(self.network_id, where[0]))

    def action_delete(self) -> None:
        where = self._cursor()
        if where is None:
            return
        work = self._work(where[0])
        from facilitator.screens.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.commit(lambda s: self._deleted(s, work.id))
                self.load()

        self.app.push_screen(
            ConfirmScreen(t("homework.delete", title=work.title), yes=t("dialog.delete")),
            answer)

    def _deleted(self, store: Store, homework_id: str) -> None:
        store.homework.delete(homework_id)
        # undo would change cells no longer shown: forget the column's changes
        self._undo[:] = [c for c in self._undo if c.homework_id != homework_id]


def _discard(store: Store, draft: tuple[str, Any]) -> None:
    draft_id, lock = draft
    with lock:
        store.drafts.discard(draft_id)

