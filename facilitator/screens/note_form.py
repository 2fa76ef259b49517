"""The note of one cell of the home-work grid: a small form of free text.

A FormScreen that is also modal (as the question form): the text takes as much as a
note does (`facilitator.limits`), Escape on a changed note asks, and a draft is kept
while it is typed (kind "note": its record is the work, the municipality is in
the snapshot; see `screens/form_drafts.py`).

Opened from the grid, Ctrl+S dismisses with the text: the grid writes it in order
with the keys typed before it, and deletes the draft in that same transaction
(`handed_over` goes along with the text). Opened from a draft at start, with no grid
under it, the form writes the note itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from facilitator.domain import HomeWorkState
from facilitator.i18n import t
from facilitator.screens.form import FieldBox, FormScreen
from facilitator.text import literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.status import SYMBOLS

FIRST_STATE = HomeWorkState.NOT_STARTED.value


class NoteScreen(FormScreen, ModalScreen[Any]):
    """Edit the note of one cell; dismisses with the text, or None when cancelled."""

    HELP_KEY = "help.homework_note"
    DRAFT_KIND = "note"
    DRAFT_NEW = False  # a note belongs to its cell: with the cell gone, only discard
    DRAFT_SUBJECT = "cell"
    DRAFT_FIELDS = {"note": "drafts.field.note"}
    BINDINGS = [Binding("f1", "app.help", "key.help", id="help", show=False)]
    DEFAULT_CSS = """
    NoteScreen { align: center middle; background: $background 60%; }
    #homework-note { width: 72; max-width: 100%; height: auto; border: round $accent;
               background: $surface; padding: 0 1; }
    #homework-note TextArea { height: 8; }
    #homework-note FieldBox > Label { display: none; }
    #homework-note .title { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, heading: str, state: str, note: str, *,
                 homework_id: str | None = None, municipality_id: str | None = None,
                 network_id: str | None = None, status_date: date | None = None,
                 writes: bool = False) -> None:
        super().__init__()
        self.heading = heading
        self.state = state
        self.note = note
        self.homework_id = homework_id
        self.municipality_id = municipality_id
        self.network_id = network_id
        self.status_date = status_date
        self.writes = writes  # no grid underneath: the form writes the note itself
        self.handed_over: tuple[str, Any] | None = None  # the draft, for the grid's write

    def compose(self) -> ComposeResult:
        symbol, style = SYMBOLS[self.state]
        status = Text(symbol + " ", style=style)
        status.append(t("homework.note.state", state=t("homework.state." + self.state)))
        with Vertical(id="homework-note"):
            yield Static(literal(self.heading), id="homework-note-title", classes="title")
            yield Static(status, id="homework-note-state")
            yield self.form_error()
            yield FieldBox("", TextArea(self.note, id="note-text"), field="note")
            yield Static(t("homework.note.hint"), classes="hint")
        yield FittingFooter()

    def on_mount(self) -> None:
        # FormScreen.on_mount (run after this one by Textual) focuses the text.
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)

    def snapshot(self) -> dict[str, Any]:
        values = super().snapshot()
        values["municipality_id"] = self.municipality_id  # which cell (for the draft)
        return values

    def save(self) -> None:
        text = self.query_one(TextArea).text
        if not self.writes:
            self.handed_over = self.hand_over()
            self._saving = False
            self._initial = self.snapshot()
            self.dismiss(text)
            return
        wid, mid, state, when = (self.homework_id, self.municipality_id, self.state,
                                 self.status_date)
        self.call_store(self.saving(lambda s: s.homework.set_status(
                            wid, mid, state, note=text, status_date=when)),
                        lambda _r: self.saved(text), self.show_exception)

    # ------------------------------------------------------------------ drafts

    def draft_place(self) -> tuple[str | None, str | None]:
        return self.homework_id, self.network_id

    @staticmethod
    def _cell(store: Any, draft: Any) -> tuple[Any, Any, Any] | None:
        """(home work, member, status row or None) of a draft's cell; None if gone."""
        mid = draft.snapshot.get("municipality_id")
        work = next((a for a in store.homework.list(draft.network_id)
                           if a.id == draft.record_id), None)
        member = next((m for m in store.members.list(draft.network_id)
                       if m.municipality_id == mid), None)
        if work is None or member is None:
            return None
        status = store.homework.statuses(draft.network_id).get((work.id, mid))
        return work, member, status

    @classmethod
    def draft_args(cls, store: Any, draft: Any, as_new: bool) -> dict[str, Any]:
        cell = cls._cell(store, draft)
        if cell is None:
            raise LookupError(draft.record_id)
        work, member, status = cell
        return {"heading": t("homework.note.title", municipality=member.name,
                             title=work.title),
                "state": status.status if status else FIRST_STATE,
                "note": status.note if status else "",
                "homework_id": work.id, "municipality_id": member.municipality_id,
                "network_id": draft.network_id,
                "status_date": status.status_date if status else None, "writes": True}

    @classmethod
    def draft_record(cls, store: Any, draft: Any) -> dict[str, Any] | None:
        cell = cls._cell(store, draft)
        if cell is None:
            return None
        status = cell[2]
        return {"note": status.note if status else "",
                "municipality_id": cell[1].municipality_id}

    @classmethod
    def draft_display(cls, store: Any, draft: Any, values: dict[str, Any]) -> dict[str, str]:
        shown = super().draft_display(store, draft, values)
        cell = cls._cell(store, draft)
        shown["cell"] = f"{cell[1].name} · {cell[0].title}" if cell else ""
        return shown
