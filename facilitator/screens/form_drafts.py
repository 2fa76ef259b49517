"""Savepoints for forms: a draft of what is typed, written while it is typed.

Part of `FormScreen` (which inherits `DraftKeeper`): every form with free text keeps
its unsaved values in the database, so a crash or a kill loses at most the last few
seconds of typing (as ODK Collect keeps savepoints), and the app offers the draft back
when it starts again (`screens/drafts.py`).

When: a draft is written at most `DRAFT_WITHIN` seconds after the first change since
the last write. That is a deadline, not a pause: someone who types without stopping
gets a draft as often. The deadline is checked by `tick()`, which a real timer calls
every `DRAFT_TICK` seconds and which reads the app's clock (`app.clock`, monotonic
seconds: tests give the app a fake clock and call `tick()` themselves). A draft is
also written at once when a field with unsaved changes is left (blur), and when the
form goes away without being saved or discarded (the app quits, the language changes).

How: the values are `snapshot()` (cheap, on the UI thread); the write runs in a store
worker and never holds up a key. A failed write (a full disk, a busy file) is no
dialog: the form says so once, on a quiet line, and the next deadline tries again.

Ends: saving the form deletes its draft in the same transaction as the save
(`saving()` wraps the form's store call); Escape and "discard changes" deletes it.
Writes and the save or discard take one lock, so a write still in flight can never
bring a draft back after it was deleted.

A form declares what it needs to be reopened from a draft: `DRAFT_KIND` (None keeps
no draft: typed evaluation entry and the kiosk are no FormScreens at all, so the next
participant never sees the last one's answers), `draft_place()` (the record being
edited and its network), `apply_draft()` (puts values back in its widgets, after the
form has loaded what its lists need: a form that fills from the store sets `_filled`
when it has), and the class methods the start-up dialog uses: `draft_args`,
`draft_record` and `draft_display`. `DRAFT_FIELDS` lists, in form order, the fields
the dialog compares (an edit's draft beside the record as it is now) with their labels;
`DRAFT_SUBJECT` the field(s) that say what a draft is about (a meeting's municipality
and date, a gathering's title).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.widgets import Checkbox, Input, Select, SelectionList, Static, TextArea

from facilitator.i18n import t

if TYPE_CHECKING:
    from facilitator.records import DraftRow
    from facilitator.store import Store

R = TypeVar("R")

DRAFT_WITHIN = 5.0  # seconds: the most typing a crash may cost
DRAFT_TICK = 0.5  # how often the deadline is checked
DRAFT_AFTER = DRAFT_WITHIN - DRAFT_TICK  # the deadline, from the first change


def set_widget_value(widget: Any, value: Any) -> None:
    """Put a snapshot's value back in the widget it came from (see `widget_value`)."""
    if isinstance(widget, Input):
        widget.value = "" if value is None else str(value)
    elif isinstance(widget, TextArea):
        widget.load_text("" if value is None else str(value))
    elif isinstance(widget, Checkbox):
        widget.value = bool(value)
    elif isinstance(widget, SelectionList):
        wanted = set(value or ())
        widget.deselect_all()
        for option_value in wanted:
            try:
                widget.select(option_value)
            except Exception:  # noqa: BLE001 - an option gone since (a theme deleted)
                continue
    elif isinstance(widget, Select):
        if value is None:
            if widget._allow_blank:  # noqa: SLF001 - Select has no public accessor
                widget.clear()
            return
        if any(option_value == value for _label, option_value in widget._options):  # noqa: SLF001
            widget.value = value


class DraftKeeper:
    """The draft part of FormScreen (see the module docstring)."""

    DRAFT_KIND: ClassVar[str | None] = None
    DRAFT_FIELDS: ClassVar[dict[str, str]] = {}  # field → label key, in form order
    DRAFT_NEW: ClassVar[bool] = True  # a draft of an edit can be restored as a new record
    DRAFT_SUBJECT: ClassVar[str | tuple[str, ...]] = ()  # what the dialog says it is about

    app: Any
    _initial: dict[str, Any] | None

    def _init_drafts(self) -> None:
        self.draft_id: str | None = None
        self._draft_due: float | None = None  # the deadline of the next write
        self._drafted: dict[str, Any] | None = None  # the values last written
        self._draft_busy = False  # a write is in flight
        self._draft_again = False  # write once more when it is back
        self._draft_closed = False  # saved or discarded: no more writes
        self._draft_lock = threading.Lock()
        self._restore: dict[str, Any] | None = None  # a draft's values to apply
        self._draft_base: dict[str, Any] | None = None  # the form as loaded, under them
        self._draft_note: Static | None = None

    # ------------------------------------------------------------------ what a form declares

    def draft_place(self) -> tuple[str | None, str | None]:
        """(the record being edited or None for a new one, its network id)."""
        return None, None

    def apply_draft(self, values: dict[str, Any]) -> None:
        """Put `values` (a snapshot) back in the form's widgets."""
        from facilitator.screens.form import FieldBox

        for box in self.query(FieldBox):  # type: ignore[attr-defined]
            if box.field in values:
                set_widget_value(box.widget, values[box.field])

    @classmethod
    def draft_args(cls, store: Store, draft: DraftRow, as_new: bool) -> dict[str, Any]:
        """The form's constructor arguments to reopen `draft` (runs in a store worker)."""
        raise NotImplementedError

    @classmethod
    def draft_record(cls, store: Store, draft: DraftRow) -> dict[str, Any] | None:
        """The edited record's values now, as a snapshot; None when it is gone."""
        return None

    @classmethod
    def draft_display(cls, store: Store, draft: DraftRow,
                      values: dict[str, Any]) -> dict[str, str]:
        """How the dialog shows each of `values` (ids by name, choices by label)."""
        return {field: display_value(values.get(field)) for field in cls.DRAFT_FIELDS}

    @classmethod
    def open_draft(cls, draft: DraftRow, args: dict[str, Any], *, as_new: bool = False
                   ) -> Any:
        """A form filled from `draft` (on the UI thread, with `draft_args`'s result)."""
        form = cls(**args)
        form.restore_draft(draft)
        return form

    # ------------------------------------------------------------------ restoring

    def restore_draft(self, draft: DraftRow) -> None:
        """Fill the form from `draft` once it has loaded; the draft goes on being kept."""
        self.draft_id = draft.id
        self._restore = dict(draft.snapshot)

    def _draft_ready(self) -> bool:
        return bool(getattr(self, "_filled", True))

    def _after_mark_clean(self) -> None:
        """From mark_clean: a restored form keeps the record as loaded as its start
        (so it is changed, and Escape asks), with the draft's values on top."""
        if self._draft_base is not None:
            self._initial = self._draft_base
        elif self._restore is not None and self._draft_ready():
            values, self._restore = self._restore, None
            self._draft_base = self._initial
            self.apply_draft(values)
            self._drafted = values

    # ------------------------------------------------------------------ when to write

    def _clock(self) -> float:
        clock = getattr(self.app, "clock", None)
        return float(clock()) if clock is not None else time.monotonic()

    def start_drafts(self) -> None:
        """From on_mount: check the deadline every DRAFT_TICK seconds."""
        if self.DRAFT_KIND:
            self.set_interval(DRAFT_TICK, self.tick)  # type: ignore[attr-defined]

    def note_change(self) -> None:
        """A field changed: the deadline runs from the first change since the last write."""
        if self.DRAFT_KIND and self._draft_due is None and not self._draft_closed:
            self._draft_due = self._clock() + DRAFT_AFTER

    def tick(self) -> None:
        """Write the draft if its deadline has come (called by a timer, or a test)."""
        if self._draft_due is not None and self._clock() >= self._draft_due:
            self.write_draft()

    def draft_on_blur(self) -> None:
        """A field was left: its changes go to the draft now."""
        if self._draft_due is not None:
            self.write_draft()

    # ------------------------------------------------------------------ writing

    def write_draft(self) -> None:
        """Write the form's values now, in a store worker, if they are unsaved."""
        if not self.DRAFT_KIND or self._draft_closed or self.app.store is None:
            return
        if self._draft_busy:
            self._draft_again = True
            return
        self._draft_due = None
        if not self._draft_ready() or self._initial is None or self._restore is not None:
            return  # not loaded yet: what is on screen is not the user's
        values = self.snapshot()  # type: ignore[attr-defined]
        if values == self._drafted:
            return
        if values == self._initial:  # back as it was: nothing unsaved to keep
            self._drafted = values
            if self.draft_id is not None:
                self._store_draft(None)
            return
        self._store_draft(values)

    def _store_draft(self, values: dict[str, Any] | None) -> None:
        """Write `values` as the draft (None: delete it), under the lock."""
        self.draft_id = self.draft_id or uuid.uuid4().hex
        draft_id, kind = self.draft_id, self.DRAFT_KIND
        record_id, network_id = self.draft_place()
        if values is None:
            self.draft_id = None
        self._draft_busy = True

        def job(store: Store) -> None:
            with self._draft_lock:
                if self._draft_closed:
                    return
                if values is None:
                    store.drafts.discard(draft_id)
                else:
                    store.drafts.save(draft_id, kind=kind or "", record_id=record_id,
                                      network_id=network_id, snapshot=values)

        # background: the typing goes on while a draft is written (also while the write
        # waits for another program's lock); nothing the keys act on changes
        self.call_store(job, lambda _r: self._draft_written(values),  # type: ignore[attr-defined]
                        self._draft_failed, group="draft", background=True)

    def _draft_written(self, values: dict[str, Any] | None) -> None:
        self._draft_busy = False
        if values is not None:
            self._drafted = values
        if self._draft_note is not None:
            self._draft_note.display = False
            self._draft_note.remove_class("-shown")
        if self._draft_again:
            self._draft_again = False
            self.write_draft()

    def _draft_failed(self, exc: Exception) -> None:
        """Said once, quietly, on a line of the form; the next deadline tries again."""
        self._draft_busy = False
        self._draft_again = False
        self._draft_due = self._clock() + DRAFT_AFTER
        note = self._draft_note
        if note is None:
            note = self._draft_note = Static("", id="draft-note", classes="hint")
            footers = list(self.query("FittingFooter"))  # type: ignore[attr-defined]
            if footers:
                self.mount(note, before=footers[0])  # type: ignore[attr-defined]
            else:
                self.mount(note)  # type: ignore[attr-defined]
        if not note.display or not note.has_class("-shown"):
            key = getattr(exc, "key", "")
            why = {"err.disk_full": "draft.why.disk_full", "err.busy": "draft.why.busy",
                   "err.readonly": "draft.why.readonly"}.get(key, "draft.why.other")
            note.update(t("draft.failed", why=t(why)))
            note.add_class("-shown")
            note.display = True

    def write_draft_now(self) -> None:
        """The form goes away unsaved (the app quits, the language changes): write what
        is unsaved, here and now.

        From on_unmount, when the fields are no longer in the DOM: `snapshot()` reads
        the widgets the form kept (FormScreen._boxes), which still hold their values."""
        store = self.app.store
        if (not self.DRAFT_KIND or self._draft_closed or store is None
                or self._initial is None or self._restore is not None
                or not self._draft_ready()):
            return
        try:
            values = self.snapshot()  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - a widget already gone: the last draft stands
            return
        if values == self._drafted or values == self._initial:
            return
        record_id, network_id = self.draft_place()
        with self._draft_lock:
            if self._draft_closed:
                return
            self.draft_id = self.draft_id or uuid.uuid4().hex
            try:
                store.drafts.save(self.draft_id, kind=self.DRAFT_KIND, record_id=record_id,
                                  network_id=network_id, snapshot=values)
            except Exception:  # noqa: BLE001 - quitting: the last draft written stands
                return
            self._drafted = values

    # ------------------------------------------------------------------ ends

    def saving(self, fn: Callable[[Store], R]) -> Callable[[Store], R]:
        """`fn` (the form's save) with its draft deleted in the same transaction."""
        if not self.DRAFT_KIND:
            return fn

        def run(store: Store) -> R:
            with self._draft_lock:
                draft_id = self.draft_id
                if draft_id is None:
                    result = fn(store)
                else:
                    with store.batch():
                        result = fn(store)
                        store.drafts.discard(draft_id)
                self._draft_closed = True
                return result

        return run

    def hand_over(self) -> tuple[str, threading.Lock] | None:
        """No more drafts of this form: someone else's save deletes the one written
        (the draft id and the lock to take for it; None when there is none)."""
        self._draft_closed = True
        self._draft_due = None
        if self.draft_id is None:
            return None
        return self.draft_id, self._draft_lock

    @property
    def draft_closed(self) -> bool:
        """Saved or discarded: its draft is deleted (or being deleted) for good."""
        return self._draft_closed

    def discard_draft(self) -> None:
        """No more drafts of this form, and the one written is deleted.

        The delete runs in an app worker: the form may close at once (a worker of its
        own would be cancelled with it before it ran)."""
        self._draft_closed = True
        self._draft_due = None
        draft_id, store, lock = self.draft_id, self.app.store, self._draft_lock
        if not self.DRAFT_KIND or store is None or draft_id is None:
            return

        def job() -> None:
            with lock:  # a write in flight finishes first
                try:
                    store.drafts.discard(draft_id)
                except Exception:  # noqa: BLE001 - kept, and offered again at the next start
                    pass

        self.app.run_worker(job, thread=True, group="draft-discard")


def display_value(value: Any) -> str:
    """A snapshot value as the draft dialog shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("draft.yes") if value else t("draft.no")
    if isinstance(value, list | tuple):
        return t("draft.chosen", n=len(value)) if value else ""
    return str(value)
