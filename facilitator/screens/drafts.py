"""Drafts offered back at start: the forms that were being typed when the app stopped.

After the store has opened, `offer_drafts` reads the drafts (`Store.drafts`, in a
worker); if there are any, `DraftsScreen` lists them, newest first: the form, its
network, what it is about, and when it was last written (local time, "14:32", with
the date when it was not today). For each: Enter restores it (the form opens on top,
filled from the draft), `d` discards it (after asking: the text cannot be had back),
Escape leaves them all for later (offered again at the next start). Under the list,
the draft under the cursor is shown: for an edit, the record's current values beside
the draft's, for the fields that differ (shortened; in full in the form). A draft
whose record was deleted meanwhile says so and is restored as a new record; one
whose network is gone can only be discarded. When a restored form closes, the list
comes back with what is left, and closes when nothing is.

`FORMS` names the form of each draft kind (imported only when a draft of it exists).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.screens import base
from facilitator.screens.base import BaseModal
from facilitator.text import clean, literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.table import RowTable

if TYPE_CHECKING:
    from facilitator.records import DraftRow
    from facilitator.store import Store

# draft kind → (module, class) of its form
FORMS: dict[str, tuple[str, str]] = {
    "network": ("facilitator.screens.network_form", "NetworkForm"),
    "meeting": ("facilitator.screens.meeting_form", "MeetingForm"),
    "gathering": ("facilitator.screens.gathering_form", "GatheringForm"),
    "homework": ("facilitator.screens.homework_form", "HomeWorkForm"),
    "note": ("facilitator.screens.note_form", "NoteScreen"),
    "participant": ("facilitator.screens.participant_form", "ParticipantForm"),
    "membership": ("facilitator.screens.membership_form", "MembershipForm"),
    "question": ("facilitator.screens.questions", "QuestionForm"),
}
SHOWN = 28  # columns of a value in the comparison (long texts shortened)
LABEL = 16  # columns of a field's label
# The list's columns and their widths: with a cell's padding, 76 columns (80 × 24)
COLUMNS = (("drafts.col.when", 16), ("drafts.col.form", 21), ("drafts.col.network", 14),
           ("drafts.col.about", 17))


def form_class(kind: str) -> Any:
    """The form class of a draft kind, or None for a kind this version does not know."""
    where = FORMS.get(kind)
    if where is None:
        return None
    return getattr(importlib.import_module(where[0]), where[1])


@dataclass
class Offer:
    """One draft as the dialog offers it (read in a store worker)."""

    draft: DraftRow
    form: Any  # the form class, None for an unknown kind
    subject: str = ""
    edit: bool = False  # of a record that exists
    gone: bool = False  # the record it edits was deleted meanwhile
    network_gone: bool = False  # its network was deleted: it can only be discarded
    args: dict[str, Any] = field(default_factory=dict)  # to open its form
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # label, now, draft
    values: list[tuple[str, str]] = field(default_factory=list)  # label, draft (new)

    @property
    def can_restore(self) -> bool:
        return self.form is not None and not self.network_gone and (
            not self.gone or self.form.DRAFT_NEW)


def read_offers(store: Store) -> list[Offer]:
    """Every draft with what the dialog shows of it."""
    offers = []
    for draft in store.drafts.list():
        form = form_class(draft.kind)
        offer = Offer(draft, form)
        offers.append(offer)
        if form is None:
            continue
        offer.network_gone = bool(draft.network_id and draft.network_name is None
                                  and draft.network_id != draft.record_id)
        if offer.network_gone:
            continue
        record = form.draft_record(store, draft) if draft.record_id else None
        offer.gone = bool(draft.record_id) and record is None
        offer.edit = record is not None
        if offer.gone and not form.DRAFT_NEW:
            continue
        try:
            offer.args = form.draft_args(store, draft, offer.gone)
        except Exception:  # noqa: BLE001 - what it needs is gone: it can only be discarded
            offer.network_gone = True
            continue
        mine = form.draft_display(store, draft, draft.snapshot)
        subject = getattr(form, "DRAFT_SUBJECT", ())
        fields = (subject,) if isinstance(subject, str) else subject
        offer.subject = " ".join(mine[f] for f in fields if mine.get(f))
        labels = {f: t(key).rstrip(" *") for f, key in form.DRAFT_FIELDS.items()}
        if record is not None:
            now = form.draft_display(store, draft, record)
            offer.changes = [(labels[f], *differing(now.get(f, ""), mine.get(f, "")))
                             for f in form.DRAFT_FIELDS
                             if draft.snapshot.get(f) != record.get(f)
                             and f in draft.snapshot]
        else:
            offer.values = [(labels[f], mine[f]) for f in form.DRAFT_FIELDS if mine.get(f)]
    return offers


def differing(now: str, mine: str, width: int = SHOWN) -> tuple[str, str]:
    """Two long texts that start alike, each shown from a little before where they
    part ("…for 2027 med formannskapet"), so the change is in view."""
    now, mine = clean(now), clean(mine)
    same = 0
    for a, b in zip(now, mine, strict=False):
        if a != b:
            break
        same += 1
    if max(len(now), len(mine)) <= width or same < width // 2:
        return now, mine
    start = max(0, same - width // 3)
    return "…" + now[start:], "…" + mine[start:]


def when_text(moment: datetime, today: Any) -> str:
    """"14:32" today, "14.11.2026 14:32" another day (local time)."""
    local = moment.astimezone()
    clock = local.strftime("%H:%M")
    return clock if local.date() == today else f"{format_date(local.date())} {clock}"


def offer_drafts(app: Any) -> None:
    """After the store has opened: offer the drafts, if there are any."""
    store = app.store
    if store is None:
        return

    def read() -> None:
        try:
            offers = read_offers(store)
        except Exception:  # noqa: BLE001 - the drafts wait for the next start
            return
        if offers:
            app.call_from_thread(_offer, app, offers)

    app.run_worker(read, thread=True, group="drafts-offer")


def _offer(app: Any, offers: list[Offer]) -> None:
    if not any(isinstance(s, DraftsScreen) for s in app.screen_stack):
        app.push_screen(DraftsScreen(offers))


class DraftsScreen(BaseModal):
    """The unsaved forms of the last session: restore, discard, or later."""

    HELP_KEY = "help.drafts"
    BINDINGS = [
        *BaseModal.BINDINGS,
        Binding("d,delete", "discard", "key.draft.discard", id="draft-discard"),
        Binding("escape", "later", "key.draft.later", id="draft-later"),
    ]
    CSS = """
    DraftsScreen { align: center middle; }
    #drafts { width: 80; max-width: 100%; height: 100%; max-height: 22; border: round $accent;
              background: $surface; padding: 0 1; }
    #drafts-list { height: auto; max-height: 7; }
    #drafts-detail { height: 1fr; padding: 1 0 0 0; }
    """

    class Loaded(base.Loaded[list[Offer]]):
        """The drafts left, read again."""

    def __init__(self, offers: list[Offer]) -> None:
        super().__init__()
        self.offers = offers
        self._restored: list[Any] = []  # the forms opened from here

    def compose(self) -> ComposeResult:
        with Vertical(id="drafts"):
            yield Static(t("drafts.title"), classes="title")
            yield Static(t("drafts.intro"), classes="hint")
            yield RowTable(id="drafts-list", enter="key.draft.restore")
            yield Static("", id="drafts-detail")
        yield FittingFooter()

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        for key, width in COLUMNS:
            table.add_column(t(key), width=width)
        self.repaint()
        table.focus()

    def on_screen_resume(self) -> None:
        """Back from a restored form: what is left (re-read), or nothing to offer."""
        self.read_store(read_offers, self.Loaded, group="drafts-read")

    @on(Loaded)
    def _reread(self, message: Loaded) -> None:
        offers = message.data
        # A restored form saved or discarded deletes its draft in a worker that may not
        # have run yet: that draft is gone already, whatever the file says this instant.
        closed = {form.draft_id for form in self._restored if form.draft_closed}
        offers = [o for o in offers if o.draft.id not in closed]
        if not offers:
            self.dismiss(None)
            return
        self.offers = offers
        self.repaint()

    def repaint(self) -> None:
        """The table of `offers`, the cursor where it was, and the detail."""
        table = self.query_one(RowTable)
        row = table.cursor_row
        table.clear()
        today = self.app.today()
        for offer in self.offers:
            d = offer.draft
            cells = (when_text(d.updated_at, today), self._form_name(offer),
                     d.network_name or "", offer.subject)
            table.add_row(*(clean(text, limit=width)
                            for text, (_key, width) in zip(cells, COLUMNS, strict=True)),
                          key=d.id)
        if self.offers:
            table.move_cursor(row=min(max(row, 0), len(self.offers) - 1))
        self.repaint_detail()

    @staticmethod
    def _form_name(offer: Offer) -> str:
        kind = offer.draft.kind
        if offer.form is None:
            return t("drafts.unknown", kind=kind)
        return t(f"drafts.{'edit' if offer.draft.record_id else 'new'}.{kind}")

    def _current(self) -> Offer | None:
        table = self.query_one(RowTable)
        if not self.offers or table.cursor_row < 0:
            return None
        return self.offers[min(table.cursor_row, len(self.offers) - 1)]

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.repaint_detail()

    def repaint_detail(self) -> None:
        offer = self._current()
        detail = self.query_one("#drafts-detail", Static)
        if offer is None:
            detail.update("")
            return
        detail.update(self.describe(offer))

    def describe(self, offer: Offer) -> Group | Text:
        """What the draft under the cursor holds, and what Enter will do with it."""
        if offer.form is None:
            return literal(t("drafts.detail.unknown"), single_line=False)
        if offer.network_gone:
            return literal(t("drafts.detail.network_gone"), single_line=False)
        if offer.gone:
            key = "drafts.detail.gone" if offer.can_restore else "drafts.detail.gone_only"
            return literal(t(key), single_line=False)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, style="bold", max_width=LABEL)
        if offer.edit:
            head = t("drafts.detail.edit") if offer.changes else t("drafts.detail.same")
            grid.add_column(no_wrap=True, max_width=SHOWN)
            grid.add_column(no_wrap=True, max_width=SHOWN)
            if offer.changes:
                grid.add_row("", Text(t("drafts.now"), style="dim"),
                             Text(t("drafts.draft"), style="dim"))
            for label, now, mine in offer.changes:
                grid.add_row(clean(label, limit=LABEL), literal(clean(now, limit=SHOWN)),
                             literal(clean(mine, limit=SHOWN)))
        else:
            head = t("drafts.detail.new")
            grid.add_column(no_wrap=True, max_width=2 * SHOWN + 2)
            for label, mine in offer.values:
                grid.add_row(clean(label, limit=LABEL),
                             literal(clean(mine, limit=2 * SHOWN + 2)))
        return Group(Text(head), grid)

    # ------------------------------------------------------------------ actions

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_restore()

    def action_restore(self) -> None:
        offer = self._current()
        if offer is None:
            return
        if not offer.can_restore:
            self.app.notify(t("drafts.cannot"), severity="warning", timeout=5)
            return
        form = offer.form.open_draft(offer.draft, offer.args, as_new=offer.gone)
        self._restored.append(form)
        self.app.push_screen(form)

    def action_discard(self) -> None:
        offer = self._current()
        if offer is None:
            return
        from facilitator.screens.dialogs import ConfirmScreen

        draft_id = offer.draft.id

        def answer(yes: bool | None) -> None:
            if yes:
                self.call_store(lambda s: s.drafts.discard(draft_id),
                                lambda _r: self.on_screen_resume())

        self.app.push_screen(ConfirmScreen(t("drafts.discard"), yes=t("drafts.discard.yes")),
                             answer)

    def action_later(self) -> None:
        self.dismiss(None)
