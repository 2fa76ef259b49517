"""The home-work grid's parts that need no screen: what a cell, a column head and the
lines above and below the grid show, which column opens, and the write of a cell.

`screens/homework.py` (the screen) lays these out and handles the keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text

from facilitator.domain import Calendar, HomeWorkState
from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.records import StatusChange
from facilitator.text import clean
from facilitator.widgets.status import SYMBOLS

if TYPE_CHECKING:
    from facilitator.store import Store

STATES = [state.value for state in HomeWorkState]  # the order of keys 1–4 and of space
NOTE_MARK = "*"
LABEL_WIDTH = 18


def cell_text(state: str | None, note: str = "", width: int = 1) -> Text:
    """The symbol of a status (reads without colour), and * when there is a note.

    The symbol sits in the middle of a column `width` wide, the mark just after it, so
    the symbols of a column line up whether or not a cell has a note.
    """
    symbol, style = SYMBOLS[state or HomeWorkState.NOT_STARTED.value]
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
        out.append(f" {t('homework.state.' + state)}  ")
    out.append(t("homework.legend.note"))
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
                c.homework_id, c.municipality_id, c.status or STATES[0],
                note=c.note if self.set_note else None, status_date=c.status_date))
            return
        draft_id, lock = self.draft
        with lock, store.batch():  # a draft write in flight finishes first
            before = store.homework.set_status(
                c.homework_id, c.municipality_id, c.status or STATES[0],
                note=c.note if self.set_note else None, status_date=c.status_date)
            store.drafts.discard(draft_id)
        self.undo.append(before)


def current_homework(homework: list[Any], gatherings: dict[str, Any], today: date) -> str:
    """The first home work given at the latest gathering held by today (else the
    latest given at any held gathering, else the first one)."""
    calendar = Calendar(today)
    held = [(g.date, g.seq, index, work.id) for index, work in enumerate(homework)
            if (g := gatherings.get(work.gathering_id)) is not None and calendar.is_held(g)]
    if not held:
        return homework[0].id
    latest = max((d, seq) for d, seq, _i, _id in held)
    return min((i, wid) for d, seq, i, wid in held if (d, seq) == latest)[1]


def column_header(work: Any, given: Any, width: int) -> Text:
    """The head of a home work's column: its title cut to `width`, then "S3 → 12.03"."""
    seq = given.seq if given else "?"
    if work.due_date:
        due = f"{work.due_date.day:02d}.{work.due_date.month:02d}"
        second = t("homework.col.given_due", seq=seq, due=due)
    else:
        second = t("homework.col.given", seq=seq)
    label = Text(clean(work.title))
    if label.cell_len > width:  # cut to the column (wide characters count 2)
        label.truncate(width - 1)
        label.rstrip()  # no space before the …
        label.append("…")
    label.append("\n" + second)
    return label


def column_line(work: Any, given: Any, days_ahead: int | None) -> Text:
    """The line above the grid: the whole title, where it was given and its due date;
    `days_ahead` when it is given at a gathering not held yet."""
    params = dict(title=clean(work.title), seq=given.seq if given else "?",
                  date=format_date(given.date) if given else "?")
    if work.due_date:
        line = t("homework.column", due=format_date(work.due_date), **params)
    else:
        line = t("homework.column.no_due", **params)
    if days_ahead is not None:
        line = t("homework.column.not_held", days=days_ahead) + line
    return Text(line, style="bold")


def cell_line(change: StatusChange | None, municipality: str) -> Text:
    """The line under the grid: the cell's status, since when, and its note."""
    state = change.status if change and change.status else STATES[0]
    symbol, style = SYMBOLS[state]
    text = Text(symbol + " ", style=style)
    municipality = clean(municipality)
    if change and change.status_date:
        text.append(t("homework.cell.since", municipality=municipality,
                      state=t("homework.state." + state), date=format_date(change.status_date)))
    else:
        text.append(t("homework.cell", municipality=municipality,
                      state=t("homework.state." + state)))
    if change and change.note.strip():
        text.append(t("homework.cell.note", note=clean(change.note)))
    return text
