"""Home work: member municipalities × home assignments, a status per cell.

A digit or space sets the status of the cell under the cursor at once; u undoes the
last change. Writes run in the order the keys were pressed (OrderedWritesScreen), and
the screen's reads wait behind them, so a reload never shows a change as undone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import DataTable, Header, Static

from facilitator.domain import AssignmentState, Calendar
from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.records import Member, StatusChange
from facilitator.screens.base import error_text
from facilitator.screens.not_held import NotHeldGuard
from facilitator.screens.note_form import NoteScreen
from facilitator.screens.ordered import OrderedWritesScreen
from facilitator.text import clean, literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.status import SYMBOLS
from facilitator.widgets.table import LabelledTable

if TYPE_CHECKING:
    from facilitator.store import Store

STATES = [state.value for state in AssignmentState]  # the order of keys 1–4 and of space
NOTE_MARK = "*"
LABEL_WIDTH = 18


def cell_text(state: str | None, note: str = "", width: int = 1) -> Text:
    """The symbol of a status (reads without colour), and * when there is a note.

    The symbol sits in the middle of a column `width` wide, the mark just after it, so
    the symbols of a column line up whether or not a cell has a note.
    """
    symbol, style = SYMBOLS[state or AssignmentState.NOT_STARTED.value]
    text = Text(" " * max(0, (width - 1) // 2))
    text.append(symbol, style=style)
    if note.strip():
        text.append(NOTE_MARK, style="bold")
    return text


def legend() -> Text:
    """"1 · Ikke startet  2 ◐ Pågår  3 ✓ Levert  4 ★ Gjennomgått  * notat"."""
    out = Text()
    for number, state in enumerate(STATES, start=1):
        symbol, style = SYMBOLS[state]
        out.append(f"{number} ", style="bold")
        out.append(symbol, style=style)
        out.append(f" {t('astate.' + state)}  ")
    out.append(t("hw.legend.note"))
    return out


@dataclass(frozen=True)
class CellWrite:
    """A change the grid already shows, waiting in the write queue for the store.

    A reload reads the database before the writes queued behind it have run, so it
    lays these over what it read: a key pressed while the grid reloads stays shown.
    """

    change: StatusChange  # as it is to be (status and date always; note when set)
    set_note: bool
    undo: list[StatusChange]
    draft: tuple[str, Any] | None = None  # the note's draft (id, lock): deleted with it

    def __call__(self, store: Store) -> None:
        c = self.change
        if self.draft is None:
            self.undo.append(store.homework.set_status(
                c.assignment_id, c.municipality_id, c.status or STATES[0],
                note=c.note if self.set_note else None, status_date=c.status_date))
            return
        draft_id, lock = self.draft
        with lock, store.batch():  # a draft write in flight finishes first
            before = store.homework.set_status(
                c.assignment_id, c.municipality_id, c.status or STATES[0],
                note=c.note if self.set_note else None, status_date=c.status_date)
            store.drafts.discard(draft_id)
        self.undo.append(before)


class AssignmentsScreen(OrderedWritesScreen):
    HELP_KEY = "help.assignments"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back", id="back", show=False),
        Binding("space", "cycle", "key.hw.cycle", id="cycle"),
        Binding("1", "state(0)", "key.hw.not_started", id="state-1", show=False),
        Binding("2", "state(1)", "key.hw.in_progress", id="state-2", show=False),
        Binding("3", "state(2)", "key.hw.delivered", id="state-3", show=False),
        Binding("4", "state(3)", "key.hw.reviewed", id="state-4", show=False),
        Binding("u", "undo", "key.hw.undo", id="undo"),
        Binding("ctrl+z", "undo", "key.hw.undo", id="undo-z", show=False),
        Binding("o", "note", "key.hw.note", id="note"),
        Binding("n", "new", "key.hw.new", id="new"),
        Binding("e", "edit", "key.edit", id="edit"),
        Binding("delete", "delete", "key.delete", id="delete", show=False),
    ]
    ROW_ACTIONS = frozenset({"cycle", "state", "note", "edit", "delete"})

    def has_row(self, action: str) -> bool:
        return self._cursor() is not None
    CSS = """
    AssignmentsScreen #hw-column, AssignmentsScreen #hw-cell {
        height: 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    AssignmentsScreen #hw-table { margin: 1 0 0 0; }
    """

    def __init__(self, network_id: str) -> None:
        super().__init__()
        self.network_id = network_id
        self.members: list[Member] = []
        self.assignments: list[Any] = []  # HomeAssignment rows, in the store's order
        self.gatherings: dict[str, Any] = {}  # id → Gathering
        self.cells: dict[tuple[str, str], StatusChange] = {}  # (assignment, municipality)
        self._undo: list[StatusChange] = []  # touched only by the write worker
        self._wanted: str | None = None  # a new assignment: the cursor goes to its column
        self._width = 10  # of a column
        self._filled_for: Any = None  # the terminal size the grid was laid out for
        self._placed = False  # the cursor has been put on the current cycle's column
        # Asks before statuses of home work given at a gathering not held yet (once per
        # gathering while the grid is open).
        self._not_held = NotHeldGuard(self, "hw.future_go_on")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="hw-title", classes="title")
        yield Static("", id="hw-column", classes="line")
        yield Static("", id="hw-cell", classes="line")
        yield LabelledTable(id="hw-table", cursor_type="cell", header_height=2)
        yield Static(legend(), id="hw-legend", classes="hint")
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
        self.app.call_from_thread(self.show, data)

    def show(self, data: tuple[str, list[Member], list[Any], dict[str, Any], dict[Any, Any]]
             ) -> None:
        if not self.is_attached:
            return
        name, self.members, self.assignments, self.gatherings, rows = data
        self.cells = {
            key: StatusChange(row.assignment_id, row.municipality_id, row.status, row.note,
                              row.status_date)
            for key, row in rows.items()
        }
        # Called from the fetch, which waits for this: the writes queued behind it have
        # not run yet, and what they will write is shown already.
        for pending in list(self._writes):
            if isinstance(pending, CellWrite):
                change = pending.change
                self.cells[(change.assignment_id, change.municipality_id)] = change
        title = Text(t("hw.title") + " · ")
        title.append(literal(name))
        self.query_one("#hw-title", Static).update(title)
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        where = self._cursor()
        column = table.cursor_column
        table.clear(columns=True)
        if not self.assignments or not self.members:
            table.display = False
            self.query_one("#hw-column", Static).update(
                Text(t("hw.none" if not self.assignments else "hw.no_members"), style="dim"))
            self.query_one("#hw-cell", Static).update("")
            return
        table.display = True
        self._filled_for = self.app.size
        # Explicit widths: the municipality names as row labels, the columns share the rest.
        label_w = min(LABEL_WIDTH, max(len(m.name) for m in self.members))
        scrollbar = 2 if len(self.members) > self.app.size.height - 10 else 0
        room = self.app.size.width - label_w - 2 - scrollbar
        width = self._width = max(10, min(24, room // len(self.assignments) - 2))
        for a in self.assignments:
            table.add_column(self._header(a, width), key=a.id, width=width)
        for m in self.members:
            table.add_row(*[self._cell(a.id, m.municipality_id) for a in self.assignments],
                          key=m.municipality_id, label=literal(m.name, limit=label_w))
        if self._wanted is not None and any(a.id == self._wanted for a in self.assignments):
            # an assignment just given: its column, on the row the cursor was on
            where = (self._wanted, where[1] if where else self.members[0].municipality_id)
            self._wanted = None
        if where is None and not self._placed:
            # Opening: the current cycle's home work (given at the latest gathering held),
            # not the oldest column, where a status key would change March's status.
            where = (self._current_assignment(), self.members[0].municipality_id)
        self._placed = True
        if where is not None:
            # the column's assignment deleted: stay on the row, at the same place
            self._move_to(*where, column=min(column, len(self.assignments) - 1))
        table.focus()
        self._describe()

    def _current_assignment(self) -> str:
        """The first assignment given at the latest gathering held by today (else the
        latest given at any held gathering, else the first one)."""
        calendar = Calendar(self.app.today())
        held = [(g.date, g.seq, a_index, a.id) for a_index, a in enumerate(self.assignments)
                if (g := self.gatherings.get(a.gathering_id)) is not None
                and calendar.is_held(g)]
        if not held:
            return self.assignments[0].id
        latest = max((d, seq) for d, seq, _i, _id in held)
        return min((i, aid) for d, seq, i, aid in held if (d, seq) == latest)[1]

    def _header(self, assignment: Any, width: int) -> Text:
        given = self.gatherings.get(assignment.gathering_id)
        seq = given.seq if given else "?"
        if assignment.due_date:
            due = f"{assignment.due_date.day:02d}.{assignment.due_date.month:02d}"
            second = t("hw.col.given_due", seq=seq, due=due)
        else:
            second = t("hw.col.given", seq=seq)
        label = Text(clean(assignment.title))
        if label.cell_len > width:  # cut to the column (wide characters count 2)
            label.truncate(width - 1)
            label.rstrip()  # no space before the …
            label.append("…")
        label.append("\n" + second)
        return label

    def _cell(self, assignment_id: str, municipality_id: str) -> Text:
        change = self.cells.get((assignment_id, municipality_id))
        if change is None:
            return cell_text(None, width=self._width)
        return cell_text(change.status, change.note, self._width)

    def on_resize(self, _event: Resize) -> None:
        # Only a new size needs new column widths (the Resize that comes with mounting
        # would fill the grid a second time for nothing).
        if self.assignments and self.members and self._filled_for != self.app.size:
            self._fill()

    # ------------------------------------------------------------------ the cursor

    def _cursor(self) -> tuple[str, str] | None:
        """(assignment id, municipality id) under the cursor."""
        table = self.query_one(DataTable)
        if not table.row_count or not table.columns:
            return None
        keys = table.coordinate_to_cell_key(table.cursor_coordinate)
        return keys.column_key.value, keys.row_key.value  # type: ignore[return-value]

    def _move_to(self, assignment_id: str, municipality_id: str,
                 column: int | None = None) -> None:
        """Put the cursor on a cell; `column` is where to go when the assignment is gone."""
        table = self.query_one(DataTable)
        column = next((i for i, a in enumerate(self.assignments) if a.id == assignment_id),
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
        self._describe()

    def _describe(self) -> None:
        """The lines above and below the grid: the column's assignment, the cell's status."""
        where = self._cursor()
        if where is None:
            return
        aid, mid = where
        assignment = self._assignment(aid)
        given = self.gatherings.get(assignment.gathering_id)
        params = dict(title=clean(assignment.title), seq=given.seq if given else "?",
                      date=format_date(given.date) if given else "?")
        if assignment.due_date:
            line = t("hw.column", due=format_date(assignment.due_date), **params)
        else:
            line = t("hw.column.no_due", **params)
        ahead = self._not_held_at(assignment)
        if ahead is not None:  # given at a gathering after today: not given yet
            days = Calendar(self.app.today()).days_until(ahead)
            line = t("hw.column.not_held", days=days) + line
        self.query_one("#hw-column", Static).update(Text(line, style="bold"))
        change = self.cells.get(where)
        state = change.status if change and change.status else STATES[0]
        symbol, style = SYMBOLS[state]
        text = Text(symbol + " ", style=style)
        municipality = clean(self._member(mid).name)
        if change and change.status_date:
            text.append(t("hw.cell.since", municipality=municipality,
                          state=t("astate." + state), date=format_date(change.status_date)))
        else:
            text.append(t("hw.cell", municipality=municipality, state=t("astate." + state)))
        if change and change.note.strip():
            text.append(t("hw.cell.note", note=clean(change.note)))
        self.query_one("#hw-cell", Static).update(text)

    def _assignment(self, assignment_id: str) -> Any:
        return next(a for a in self.assignments if a.id == assignment_id)

    def _member(self, municipality_id: str) -> Member:
        return next(m for m in self.members if m.municipality_id == municipality_id)

    # ------------------------------------------------------------------ status changes

    def _not_held_at(self, assignment: Any) -> Any:
        """The gathering the assignment is given at, if it is after today; else None."""
        given = self.gatherings.get(assignment.gathering_id)
        return given if given is not None and self._not_held.is_future(given) else None

    def _when_held(self, assignment_id: str, go_on: Callable[[], None]) -> None:
        """Run `go_on`; for home work given at a gathering not held yet, after asking
        (keys pressed while the question opens are not changes)."""
        given = self.gatherings.get(self._assignment(assignment_id).gathering_id)
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
        self._show_cell(change)
        self.commit(CellWrite(change, set_note, self._undo, draft))

    def _show_cell(self, change: StatusChange) -> None:
        key = (change.assignment_id, change.municipality_id)
        if change.status is None:
            self.cells.pop(key, None)
        else:
            self.cells[key] = change
        if any(a.id == change.assignment_id for a in self.assignments):
            self.query_one(DataTable).update_cell(
                change.municipality_id, change.assignment_id, self._cell(*key))
            self._describe()

    def action_undo(self) -> None:
        self.commit(self._undo_last)

    def _undo_last(self, store: Store) -> None:
        if not self._undo:
            self.app.call_from_thread(self.app.notify, t("hw.nothing_to_undo"), timeout=3)
            return
        change = self._undo[-1]
        store.homework.restore_status(change)
        self._undo.pop()
        self.app.call_from_thread(self._undone, change)

    def _undone(self, change: StatusChange) -> None:
        if not self.is_attached:
            return
        self._show_cell(change)
        if any(m.municipality_id == change.municipality_id for m in self.members):
            self._move_to(change.assignment_id, change.municipality_id)
            state = change.status or STATES[0]
            self.app.notify(t("hw.undone", municipality=clean(
                self._member(change.municipality_id).name), state=t("astate." + state)),
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
        heading = t("hw.note.title", municipality=self._member(where[1]).name,
                    title=self._assignment(where[0]).title)

        screen = NoteScreen(heading, state, change.note if change else "",
                            assignment_id=where[0], municipality_id=where[1],
                            network_id=self.network_id)

        def done(note: str | None) -> None:
            if note is not None:
                self._set_note(where, note, screen.handed_over)

        self.app.push_screen(screen, done)

    # ------------------------------------------------------------------ assignments

    def action_new(self) -> None:
        from facilitator.screens.assignment_form import AssignmentForm

        def made(assignment_id: str | None) -> None:
            if assignment_id is not None:
                self._wanted = assignment_id

        self.app.push_screen(AssignmentForm(self.network_id), made)

    def action_edit(self) -> None:
        where = self._cursor()
        if where is None:
            return
        from facilitator.screens.assignment_form import AssignmentForm

        self.app.push_screen(AssignmentForm(self.network_id, where[0]))

    def action_delete(self) -> None:
        where = self._cursor()
        if where is None:
            return
        assignment = self._assignment(where[0])
        from facilitator.screens.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.commit(lambda s: self._deleted(s, assignment.id))
                self.load()

        self.app.push_screen(
            ConfirmScreen(t("hw.delete", title=assignment.title), yes=t("dialog.delete")),
            answer)

    def _deleted(self, store: Store, assignment_id: str) -> None:
        store.homework.delete(assignment_id)
        # undo would change cells no longer shown: forget the column's changes
        self._undo[:] = [c for c in self._undo if c.assignment_id != assignment_id]


def _discard(store: Store, draft: tuple[str, Any]) -> None:
    draft_id, lock = draft
    with lock:
        store.drafts.discard(draft_id)

