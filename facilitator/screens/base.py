"""What every screen shares: translated keys, store access in workers, error display."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual import work
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.worker import get_current_worker

from facilitator.i18n import t
from facilitator.readiness import ScreenReady
from facilitator.widgets.bindings import translate_bindings

if TYPE_CHECKING:
    from facilitator.app import FacilitatorApp
    from facilitator.store import Store

R = TypeVar("R")


class StoreReady(Message):
    """The database is open (posted to every screen on the stack)."""


class Loaded(Message, Generic[R]):
    """A store read's result (`read_store`), posted to the screen that asked for it
    and handled there with `@on(...)`. A screen names each of its reads by a subclass
    (`class Loaded(base.Loaded[Overview])`), so a handler says what arrives."""

    bubble = False

    def __init__(self, data: R) -> None:
        super().__init__()
        self.data = data
        self.ticket: object = None  # which read it answers (StoreMixin.newest)


class StoreFailed(Message):
    """A store read (`read_store`) failed: its error, posted to the screen that asked
    for it, with the `Loaded` class the read would have answered with (`read`). The
    base shows it as one notice in the user's language (StoreMixin.on_store_failed);
    a screen that shows it otherwise handles it with `@on(StoreFailed)` and calls
    `message.prevent_default()`."""

    bubble = False

    def __init__(self, error: Exception, read: type[Loaded[Any]]) -> None:
        super().__init__()
        self.error = error
        self.read = read


class DataChanged(Message):
    """Another program (or another window) has written to the database."""


class StoreMixin:
    """Store access for screens: reads and writes run in thread workers; results and
    errors come back on the UI thread."""

    app: FacilitatorApp

    @property
    def store(self) -> Store:
        store = self.app.store
        if store is None:  # pragma: no cover - screens load only after StoreReady
            raise RuntimeError("store not open")
        return store

    def call_store(
        self,
        fn: Callable[[Store], R],
        on_done: Callable[[R], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        *,
        group: str = "store",
        exclusive: bool = False,
        background: bool = False,
    ) -> None:
        """Run `fn(store)` off the UI thread; then `on_done(result)` on the UI thread.

        A StoreError goes to `on_error` (or a notification in the user's language).
        Keys typed meanwhile wait until `on_done` (or `on_error`) has run: what they act
        on is then on screen ("Delete j Delete j" deletes two rows, not the first one
        twice; "n Kari ctrl+s Enter" opens the new row). `background=True` is for long
        work the user may go on typing through (writing the export files).
        """
        self._run_store(fn, on_done, on_error, group, exclusive, background)  # type: ignore[arg-type]

    def read_store(self, fn: Callable[[Store], R], message: type[Loaded[R]], *,
                   group: str = "store", exclusive: bool = True,
                   background: bool = False) -> None:
        """Read `fn(store)` off the UI thread; its result arrives as `message(result)`
        on this screen. Reads of one group are exclusive by default: only the newest
        one's outcome is shown. Keys typed meanwhile wait until the message has been
        handled (not for a `background` read: one only shown, such as a preview); an
        error arrives as a `StoreFailed` message (by default a notice)."""

        ticket = self.__dict__.setdefault("_newest_reads", {})[group] = object()

        def arrived(result: R) -> None:
            loaded = message(result)
            loaded.ticket = ticket
            self.post_message(loaded)  # type: ignore[attr-defined]

        def failed(error: Exception) -> None:
            self.post_message(StoreFailed(error, message))  # type: ignore[attr-defined]

        self._run_store(fn, arrived, failed, group, exclusive, background,  # type: ignore[arg-type]
                        posted=True)

    def newest(self, message: Loaded[Any], group: str) -> bool:
        """Whether `message` answers the newest read of `group` (one overtaken after
        its result was posted is stale)."""
        return self.__dict__.get("_newest_reads", {}).get(group) is message.ticket

    def cancel_reads(self, group: str) -> None:
        """Drop the reads of `group` under way: their outcome is not shown."""
        node: Any = self
        node.workers.cancel_group(node, group)
        self.__dict__.get("_newest_reads", {}).pop(group, None)

    def on_store_failed(self, message: StoreFailed) -> None:
        """A read failed: one notice (a screen that shows it otherwise prevents this)."""
        self.app.notify(error_text(message.error), severity="error", timeout=8)

    # ------------------------------------------------------------ readiness

    @property
    def holds_keys(self) -> bool:
        """True while the screen is not ready for keys for a reason of its own (its
        store calls count by themselves): a subclass may say so; it calls
        keys_may_go_on() when that has changed."""
        return False

    @property
    def calls_done(self) -> bool:
        """No store call that the keys wait for is out."""
        return not any(self.__dict__.get("_calls_in_flight", {}).values())

    @property
    def ready(self) -> bool:
        """Ready for the keys typed meanwhile (facilitator/readiness.py): what they
        act on is on screen."""
        return self.calls_done and not self.holds_keys

    def keys_may_go_on(self) -> None:
        """Something the screen waited for is there: if it is ready now, say so."""
        if self.ready:
            self.app.post_message(ScreenReady(self))

    def _hold_keys(self, group: str, exclusive: bool) -> object:
        """The screen is not ready until this call is back; an exclusive call replaces
        the calls of its group before it, whose results are dropped."""
        token = object()
        calls: dict[str, list[object]] = self.__dict__.setdefault("_calls_in_flight", {})
        if exclusive:
            calls.pop(group, None)
        calls.setdefault(group, []).append(token)
        return token

    def _let_go(self, token: object | None) -> None:
        if token is None:
            return
        for tokens in self.__dict__.get("_calls_in_flight", {}).values():
            if token in tokens:
                tokens.remove(token)
        self.keys_may_go_on()

    def _let_go_all(self) -> None:
        """The screen is closed: its calls hold the keys no longer."""
        self.__dict__.get("_calls_in_flight", {}).clear()
        self.app.post_message(ScreenReady(self))

    def _run_store(self, fn, on_done, on_error, group, exclusive, background=False,  # type: ignore[no-untyped-def]
                   posted=False):
        node: Any = self
        token = None if background else self._hold_keys(group, exclusive)

        @work(thread=True, group=group, exclusive=exclusive)
        def job(node: Any) -> None:
            try:
                result = fn(node.store)
            except Exception as exc:  # noqa: BLE001 - turned into a message below
                if get_current_worker().is_cancelled:
                    node.app.call_from_thread(node._let_go, token)
                else:
                    node.app.call_from_thread(node._store_failed, exc, on_error, token,
                                              posted)
                return
            # A read replaced by a newer one (exclusive group): its result (or its
            # error, above) is stale. Writes are never exclusive: their outcome is shown.
            if on_done is not None and not get_current_worker().is_cancelled:
                node.app.call_from_thread(node._deliver, on_done, result, token, posted)
            elif token is not None:
                node.app.call_from_thread(node._let_go, token)

        job(node)

    def _gone(self) -> bool:
        """The screen was closed while the store worked: its widgets are going away."""
        node: Any = self
        screen = node if isinstance(node, Screen) else node.screen
        return screen not in node.app.screen_stack

    def _deliver(self, on_done: Callable[[Any], None], result: Any, token: object,
                 posted: bool = False) -> None:
        """`on_done(result)` on the UI thread; when it `posted` a message to the screen,
        the keys go on once the screen has handled it."""
        node: Any = self
        if self._gone():
            self._let_go(token)
            return
        try:
            on_done(result)
        except BaseException:
            self._let_go(token)
            raise
        if not (posted and node.call_later(self._delivered, token)):
            self._delivered(token)

    def _delivered(self, token: object) -> None:
        try:
            offer = getattr(self, "refresh_offer", None)
            if offer is not None and not self._gone():
                offer()  # what the keys can act on may have come or gone
        finally:
            self._let_go(token)

    def _store_failed(self, exc: Exception, on_error: Callable[[Exception], None] | None,
                      token: object = None, posted: bool = False) -> None:
        """`on_error(exc)` on the UI thread (or a notice); when it `posted` a message to
        the screen, the keys go on once the screen has handled it."""
        node: Any = self
        if on_error is None or self._gone():
            self.app.notify(error_text(exc), severity="error", timeout=8)
            self._let_go(token)
            return
        try:
            on_error(exc)
        except BaseException:
            self._let_go(token)
            raise
        if not (posted and node.call_later(self._let_go, token)):
            self._let_go(token)


def error_text(exc: Exception) -> str:
    from facilitator.errors import UserError

    if isinstance(exc, UserError):
        return exc.message()
    return t("err.io", detail=f"{type(exc).__name__}: {exc}")


class BaseScreen(StoreMixin, Screen[Any]):
    """A full screen. Subclasses implement `load()`; F1 shows `HELP_KEY`.

    Textual runs the `on_mount` (and every other handler) of each class in the MRO
    by itself, subclass first: a subclass must not call the base class's handler
    itself, or the screen loads twice.
    """

    HELP_KEY = "help.general"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    def on_mount(self) -> None:
        if self.app.store is not None:
            self.load()

    def on_store_ready(self, _message: StoreReady) -> None:
        self.load()

    def on_unmount(self) -> None:
        self._let_go_all()

    def on_screen_resume(self) -> None:
        if self.app.store is not None and getattr(self, "_loaded_once", False):
            self.load()
        self._loaded_once = True

    # Actions on the row (or cell) under the cursor: the footer and the command palette
    # offer them only when there is one (Edit and Delete on an empty list did nothing).
    ROW_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    def has_row(self, action: str) -> bool:
        """Whether `action` (one of ROW_ACTIONS) has something to act on now."""
        current = getattr(self, "current", None)
        return current() is not None if callable(current) else True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ROW_ACTIONS:
            try:
                return self.has_row(action)
            except NoMatches:  # not composed yet
                return False
        return True

    def refresh_offer(self) -> None:
        """Show the keys anew if what they can act on has changed (after a load, or
        when the cursor moves to another kind of row)."""
        if not self.ROW_ACTIONS:
            return
        offered = tuple(self.check_action(action, ()) for action in sorted(self.ROW_ACTIONS))
        if offered != getattr(self, "_offered", None):
            self._offered = offered
            self.refresh_bindings()

    def on_data_table_row_highlighted(self) -> None:
        self.refresh_offer()

    def on_data_table_cell_highlighted(self) -> None:
        self.refresh_offer()

    def load(self) -> None:
        """(Re)load the screen's data from the store."""

    def on_data_changed(self, _message: DataChanged) -> None:
        if self.app.store is not None and self.is_mounted:
            self.reload_changed()

    def reload_changed(self) -> None:
        """Another program changed the database: show what it holds now, keeping the
        user's place (the cursor's row, by its id) and anything typed. By default the
        screen loads again; a screen whose load would lose input overrides this."""
        self.load()


class BaseModal(StoreMixin, ModalScreen[Any]):
    HELP_KEY = "help.general"
    # A modal screen does not pass keys on to the app's bindings: F1 is its own.
    BINDINGS = [Binding("f1", "app.help", "key.help", id="help", show=False)]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    def on_unmount(self) -> None:
        self._let_go_all()
