"""Saving typed evaluation forms one at a time: the queue, a failed save locked on
screen as typed (Enter retries, ctrl+d discards), the keys typed meanwhile kept aside,
and undo of the last response saved here.

`TypedEntry` is the base of the entry screen, which composes an `AnswerForm` and a
`#entry-failure` line and paints the status from the reactive `message` and `count`.
The store's answers come back as the messages below, handled with `@on`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from rich.text import Text
from textual import on
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from facilitator.i18n import t
from facilitator.screens.base import BaseScreen, error_text
from facilitator.screens.entry_summary import saved_line
from facilitator.widgets.answers import AnswerForm


@dataclass(frozen=True)
class Submitted:
    """A form the user confirmed with Enter, until it is on disk or discarded."""

    values: dict[str, int | str | None]
    state: tuple[int, list[Any]]  # the form exactly as typed, to show it again
    municipality: tuple[str, str] | None
    role: str | None


class FormLock(Enum):
    """Whether the form takes keys: typing, or locked on a failed save (or its retry)."""

    TYPING = "typing"
    FAILED = "failed"  # Enter retries, ctrl+d discards
    RETRYING = "retrying"  # the failed form is being saved again (still on screen)


class Saved(Message):
    """The first form waiting was committed as `recorded` (the store's record)."""

    def __init__(self, recorded: Any) -> None:
        super().__init__()
        self.recorded = recorded


class SaveFailed(Message):
    """The first form waiting could not be saved."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class Undone(Message):
    """The response `response_id` saved here was deleted (undo)."""

    def __init__(self, response_id: str) -> None:
        super().__init__()
        self.response_id = response_id


class UndoFailed(Message):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class TypedEntry(BaseScreen):
    """The saving half of typed entry (the screen's layout and keys are its subclass's)."""

    # the last word of the status line (set again to repaint it with the same word)
    message: reactive[str] = reactive("", always_update=True, init=False, repaint=False)
    # responses of the gathering (saved here or elsewhere): the statistics follow it
    count: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)
    form_lock: reactive[FormLock] = reactive(FormLock.TYPING, init=False, repaint=False,
                                            bindings=True)
    # what the next response carries (the screen declares them, with their watchers)
    municipality: tuple[str, str] | None
    role: str | None

    def __init__(self, gathering_id: str) -> None:
        super().__init__()
        self.gathering_id = gathering_id
        # every saved response's answers, by response id, oldest first
        self.answers: dict[str, dict[str, Any]] = {}
        self.saved_here: list[str] = []  # ids saved in this session, for undo
        # Saving, off the UI thread (another program may hold the database for a while):
        # forms confirmed with Enter wait here in order; one is saved at a time.
        self._submitted: deque[Submitted] = deque()
        self._saving = False  # a store call of this screen's (save or undo) is under way
        self._hold = False  # keys wait for that call (not once it waits for another program)
        self._failed: Submitted | None = None  # on screen while form_lock is FAILED
        self._stash: tuple[int, list[Any]] | None = None  # the form typed when it failed
        self._writes = 0  # saves and undos done: a reload begun before one is stale

    @property
    def holds_keys(self) -> bool:
        return super().holds_keys or self._hold

    def repaint(self, message: str | None = None) -> None:
        """Repaint the count, statistics and status line; without `message`, the last
        word stays."""
        self.count = len(self.answers)
        self.message = self.message if message is None else message

    def save(self) -> None:
        """Enter on the last field: the form goes to be saved and a fresh one is ready.

        The save runs off the UI thread; the keys typed meanwhile wait for it (a few
        milliseconds) unless it has to wait for another program, when they go on into
        the next form. A form that cannot be saved comes back on screen, locked: Enter
        tries again, ctrl+d discards it; nothing typed after it ever goes into it.
        """
        if self.form_lock is FormLock.FAILED:
            self._retry()
            return
        form = self.query_one(AnswerForm)
        if form.is_empty():
            self.repaint(t("entry.empty"))
            return
        self._submitted.append(Submitted(form.values(), form.state(), self.municipality,
                                         self.role))
        form.clear()  # municipality and role stay for the next form (F4 clears them)
        self._save_next()

    def _save_next(self) -> None:
        if self._saving or self.form_lock is FormLock.FAILED or not self._submitted:
            return
        item = self._submitted[0]
        gid = self.gathering_id
        self._saving = True
        self._hold = True

        def record(store: Any) -> Any:
            return store.evaluations.record(
                gid, item.values, source="typed",
                municipality_id=item.municipality[0] if item.municipality else None,
                role=item.role)

        # background: this screen holds the keys itself (_hold), and lets them go on into
        # the next form once the save waits for another program (show_store_busy)
        self.call_store(record, lambda recorded: self.post_message(Saved(recorded)),
                        lambda exc: self.post_message(SaveFailed(exc)),
                        group="entry-save", background=True)

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        item = self._submitted.popleft()
        rid = event.recorded.id
        self._saving = False
        self._writes += 1
        self.saved_here.append(rid)
        self.answers[rid] = {k: v for k, v in item.values.items() if v is not None}
        if self.form_lock is FormLock.RETRYING:
            self.form_lock = FormLock.TYPING
        self.repaint(saved_line(len(self.answers), datetime.now(), event.recorded.tags))
        self._release_keys()
        self._save_next()

    @on(SaveFailed)
    def _save_failed(self, event: SaveFailed) -> None:
        """Show the form that was not saved, as typed, locked until the user chooses."""
        item = self._submitted.popleft()
        self._saving = False
        self._failed = item
        if self.form_lock is not FormLock.RETRYING:
            # what was typed since (when the save waited for another program) is kept
            # aside and comes back once the failed form is saved or discarded
            form = self.query_one(AnswerForm)
            self._stash = None if form.is_empty() else form.state()
            form.set_state(item.state)
        self.query_one("#entry-failure", Static).update(Text(
            t("entry.failed", reason=error_text(event.error)) + "\n"
            + t("entry.failed_choose")))
        self.form_lock = FormLock.FAILED
        self.message = t("entry.failed_short")
        self._release_keys()

    def _retry(self) -> None:
        item, self._failed = self._failed, None
        assert item is not None
        self._submitted.appendleft(item)
        self.query_one("#entry-failure", Static).update(t("entry.retrying"))
        self.form_lock = FormLock.RETRYING
        self._save_next()

    def action_discard_failed(self) -> None:
        if self.form_lock is not FormLock.FAILED:
            return
        self._failed = None
        self.form_lock = FormLock.TYPING
        self.repaint(t("entry.failed_discarded"))
        self._save_next()

    def watch_form_lock(self, lock: FormLock) -> None:
        form = self.query_one(AnswerForm)
        failure = self.query_one("#entry-failure", Static)
        if lock is not FormLock.TYPING:
            form.lock_form(t("entry.failed_keys" if lock is FormLock.FAILED
                             else "entry.saving_keys"))
            failure.display = True
            return
        # the failed form is saved or discarded: the form typed before it comes back
        form.unlock_form()
        form.clear()
        if self._stash is not None:
            form.set_state(self._stash)
            self._stash = None
        failure.display = False

    def _release_keys(self) -> None:
        if self._hold:
            self._hold = False
            self.keys_may_go_on()

    def show_store_busy(self, waiting: bool) -> None:
        """The save waits for another program's lock: say so, and let the keys go on
        into the next form (the app calls this from the store's busy listener)."""
        if waiting and self._saving:
            self.message = t("entry.busy", count=len(self._submitted))
            self._release_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "discard_failed":
            return self.form_lock is FormLock.FAILED
        return True

    def action_undo(self) -> None:
        if self.form_lock is FormLock.FAILED:
            self.message = t("entry.failed_first")
            return
        if self._saving or self._submitted:
            self.message = t("entry.wait_saving")
            return
        if not self.saved_here:
            self.repaint(t("entry.nothing_to_undo"))
            return
        rid = self.saved_here[-1]
        self._saving = True
        self._hold = True
        self.call_store(lambda store: store.evaluations.delete(rid),
                        lambda _result: self.post_message(Undone(rid)),
                        lambda exc: self.post_message(UndoFailed(exc)),
                        group="entry-save", background=True)

    @on(Undone)
    def _undone(self, event: Undone) -> None:
        self._saving = False
        self._writes += 1
        if event.response_id in self.saved_here:
            self.saved_here.remove(event.response_id)
        self.answers.pop(event.response_id, None)
        self.repaint(t("entry.undone", count=len(self.answers) + 1))
        self._release_keys()
        self._save_next()

    @on(UndoFailed)
    def _undo_failed(self, event: UndoFailed) -> None:
        self._saving = False
        self.message = t("entry.undo_failed", reason=error_text(event.error))
        self._release_keys()
        self._save_next()
