"""The Textual application.

Where is a feature? `facilitator/screens/map.py` lists every screen, what opens it and
its key (`ROUTES`); each screen is one module in `facilitator/screens/`. The layers and
where a new feature goes: `docs/architecture.md`.

The first frame is painted before the database is opened: the store (and with it
sqlmodel) is imported and opened in a thread worker, and the first screen fills in
when it arrives. pandas and the exporters are never imported on this path.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.dom import NoScreen
from textual.screen import Screen

from facilitator.i18n import get_language, language_from_env, set_language, t
from facilitator.readiness import KeysWaitForReady
from facilitator.widgets.input_view import show_cursor, show_start

if TYPE_CHECKING:
    from facilitator.store import Store

STORE_OPENING = "the database is being opened"  # what keys typed at start-up wait for
STORE_TIMEOUT = 30.0  # opening may migrate and back up a large file first


class FacilitatorApp(KeysWaitForReady[int]):
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "Facilitator"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("f1", "help", "key.help", id="help"),
        Binding("ctrl+q", "quit", "key.quit", id="quit", priority=True, show=False),
        Binding("ctrl+p", "command_palette", "key.palette", id="palette", priority=True,
                show=False),
    ]

    # How often the app looks whether another program has written to the database
    # (a cheap PRAGMA off the UI thread): the open screen follows within two seconds.
    WATCH_INTERVAL = 1.0

    def __init__(
        self,
        target: str | Path | None = None,
        *,
        store: Store | None = None,
        lang: str | None = None,
        today: Callable[[], date] | None = None,
        first_rows: list[Any] | None = None,
        cursor_blink: bool = True,
        watch_interval: float | None = None,
        clock: Callable[[], float] | None = None,
        handle_signals: bool = False,
    ) -> None:
        self._lang_forced = bool(lang or language_from_env())
        set_language(lang or language_from_env() or get_language())
        super().__init__()
        from facilitator.widgets.bindings import translate_bindings

        translate_bindings(self)
        self.target = target
        self.store: Store | None = store
        self._today = today or date.today
        self.refused = False  # the database was refused: exit code 1
        self._first_rows = first_rows  # the network list, read before start-up
        self._cursor_blink = cursor_blink  # False: steady cursors (tests, screenshots)
        # Monotonic seconds for the deadlines of form drafts (a test gives a fake one).
        self.clock: Callable[[], float] = clock or time.monotonic
        self._drafts_offered = False
        self._handle_signals = handle_signals  # SIGTERM/SIGHUP end the app (run_app)
        self.title = t("app.title")
        self.sub_title = t("app.subtitle")
        self._watch_interval = watch_interval or self.WATCH_INTERVAL
        self._watch_timer: Any = None
        self._busy_shown = False  # a "busy, retrying" notice is up
        self._looking = False  # a look for other programs' changes is under way

    def notify(self, message: str, **kwargs: Any) -> None:  # type: ignore[override]
        """Notifications show their text literally (messages carry names and paths), and
        one already on screen is not shown again: a failure repeated key after key (a
        full disk) is one notice, not a pile of them over the screen."""
        kwargs.setdefault("markup", False)
        if any(n.message == message for n in self._notifications):
            return
        super().notify(message, **kwargs)

    def today(self) -> date:
        return self._today()

    # ------------------------------------------------------------------ start-up

    def on_load(self) -> None:
        """Before the terminal is switched to the app: SIGTERM and SIGHUP (SIGBREAK on
        Windows) end the app the normal way, through the event loop, so the driver
        restores the terminal and the in-use lock is released; a store call in flight
        in a worker thread finishes first (the loop's executor waits for it)."""
        if self._handle_signals:
            import asyncio

            from facilitator.shutdown import install_loop_handlers

            install_loop_handlers(asyncio.get_running_loop(), self._exit_on_signal)

    def _exit_on_signal(self, signum: int) -> None:
        self.exit(return_code=128 + signum)

    def on_mount(self) -> None:
        from facilitator.screens.networks import NetworksScreen

        self.push_screen(NetworksScreen(self._first_rows))
        if self.store is None:
            # Keys typed before the database is open wait for it: "Enter v" on the
            # rows read before it would open a network with nothing to act on.
            self.hold_keys(STORE_OPENING, timeout=STORE_TIMEOUT)
        if self.store is not None:
            self.store_ready()
        elif self._first_rows is not None:
            # Rows are on the first frame; load the ORM (CPU-bound, it would hold up
            # painting through the GIL) just after that frame has reached the terminal.
            self.set_timer(0.2, self.open_full_store)
        else:
            self.open_store()

    @work(thread=True, exclusive=True, group="open-store")
    def open_store(self) -> None:
        """Fill the first screen with the standard library first; the ORM (about 0.6 s
        to import) and the full store follow once those rows are painted."""
        from facilitator.storage.first_screen import quick_network_rows

        rows = quick_network_rows(self.target, self.today())
        self.call_from_thread(self._quick_rows, rows)

    @work(thread=True, exclusive=True, group="open-full-store")
    def open_full_store(self) -> None:
        from facilitator.errors import StoreError
        from facilitator.store import Store

        try:
            # the daily backup (a copy checked whole: seconds on a large file) is made
            # once the screens have their data, in a worker of its own (_store_opened)
            store = Store(self.target, auto_backup=False)
        except StoreError as exc:
            self.call_from_thread(self._store_failed, exc.message())
            return
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
            from facilitator.redact import redact  # an error may quote a database URL

            self.call_from_thread(self._store_failed, redact(f"{type(exc).__name__}: {exc}"))
            return
        try:
            saved = store.settings.get("language")
        except StoreError:
            saved = None
        self.call_from_thread(self._store_opened, store, saved)

    def _quick_rows(self, rows: list[Any] | None) -> None:
        from facilitator.screens.networks import NetworksScreen

        if rows is not None and self.store is None and isinstance(self.screen, NetworksScreen):
            self.screen.receive(rows)
            self.call_after_refresh(self.open_full_store)
        else:
            self.open_full_store()

    def _store_opened(self, store: Store, saved_language: str | None = None) -> None:
        self.store = store
        self.run_worker(store.files.ensure_daily_backup, thread=True, group="daily-backup",
                        exit_on_error=False)
        if saved_language and not self._lang_forced and saved_language != get_language():
            self._apply_language(saved_language)
            return
        self.store_ready()

    def store_ready(self) -> None:
        """Tell every screen on the stack that the store is open."""
        from facilitator.screens.base import StoreReady

        assert self.store is not None
        freeze_heap()  # the ORM is loaded: what lives as long as the app is in memory
        self.store.busy_listener = self._busy_from_thread
        if self._watch_timer is None:
            self._watch_timer = self.set_interval(self._watch_interval, self._look_for_changes)
        for screen in self.screen_stack:
            screen.post_message(StoreReady())
        # The keys go on once the screen has started its load (which holds them).
        if not self.screen.call_later(self.release_keys, STORE_OPENING):
            self.release_keys(STORE_OPENING)
        if not self._drafts_offered:  # forms left unsaved last time: once per start
            from facilitator.screens.drafts import offer_drafts

            self._drafts_offered = True
            offer_drafts(self)

    # ------------------------------------------------------------------ other programs

    def _busy_from_thread(self, waiting: bool) -> None:
        """The store's busy listener: called in the thread that writes."""
        import threading

        if threading.get_ident() == self._thread_id:
            self.store_busy(waiting)
        else:
            self.call_from_thread(self.store_busy, waiting)

    def store_busy(self, waiting: bool) -> None:
        """A write waits for another program's lock (or has stopped waiting). The screen
        says so where it shows its saves; otherwise one notice, never a pile of them."""
        show = getattr(self.screen, "show_store_busy", None)
        if show is not None:
            show(waiting)
            return
        if waiting and not self._busy_shown:
            self._busy_shown = True
            self.notify(t("store.busy_retrying"), severity="warning", timeout=4)
        elif not waiting:
            self._busy_shown = False

    def _look_for_changes(self) -> None:
        store = self.store
        if store is None or not store.is_sqlite:
            return

        if self._looking:
            return  # the last look still waits for a write of ours to finish
        self._looking = True

        def look() -> None:
            try:
                changed = store.changed_elsewhere()
            finally:
                self._looking = False
            if changed:
                self.call_from_thread(self._data_changed)

        self.run_worker(look, thread=True, group="watch", exit_on_error=False)

    def _data_changed(self) -> None:
        """Another program committed: the open screen reads again, keeping the user's
        place and input (screens below read again when they come back to the top)."""
        from facilitator.screens.base import DataChanged

        self.screen.post_message(DataChanged())

    def _store_failed(self, message: str) -> None:
        from facilitator.screens.dialogs import FatalScreen

        self.push_screen(FatalScreen(message))
        self.release_keys(STORE_OPENING)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A focused widget of Textual's shows its footer keys in the user's language;
        with cursor_blink off, a field's cursor is shown steadily; a field's cursor is
        in view."""
        from facilitator.widgets.bindings import translate_bindings

        widget = event.widget
        if not widget.is_attached:
            return  # focused, then removed before the focus event came (a closed form)
        if not getattr(widget, "_facilitator_translated", False):
            translate_bindings(widget)
            widget._facilitator_translated = True  # type: ignore[attr-defined]
            with contextlib.suppress(NoScreen):
                widget.refresh_bindings()
        if not self._cursor_blink and hasattr(widget, "cursor_blink"):
            widget.cursor_blink = False  # type: ignore[attr-defined]
        show_cursor(widget)

    # Every Input shows the start of its text when it has no focus (widgets/input_view).
    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        show_start(event.widget)

    def on_input_changed(self, event: Any) -> None:  # Input.Changed
        show_start(event.input)

    # ------------------------------------------------------------------ actions

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from facilitator.screens.palette import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette())

    def action_help(self) -> None:
        from facilitator.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_switch_language(self) -> None:
        """Switch between bokmål and English and remember the choice in the database."""
        lang = "en" if get_language() == "nb" else "nb"
        if self.store is not None:
            store = self.store
            self.run_worker(lambda: store.settings.set("language", lang), thread=True)
        self._apply_language(lang)

    def _apply_language(self, lang: str) -> None:
        """Rebuild the screens in `lang` (bindings and texts are made at creation)."""
        from facilitator.screens.networks import NetworksScreen
        from facilitator.widgets.bindings import translate_bindings

        set_language(lang)
        self._bindings = self._merged_bindings.copy()  # type: ignore[union-attr]
        translate_bindings(self)
        self.title = t("app.title")
        self.sub_title = t("app.subtitle")
        for screen in self.screen_stack:  # a form closed here is offered back, in `lang`
            keep = getattr(screen, "write_draft_now", None)
            if keep is not None:
                keep()
                self._drafts_offered = False
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(NetworksScreen())
        if self.store is not None:
            self.call_after_refresh(self.store_ready)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of the current screen, by name, in the current language."""
        from facilitator.widgets.bindings import is_ours

        seen: set[str] = {t("cmd.quit")}  # quit is offered once, below
        for _key, active in screen.active_bindings.items():
            binding = active.binding
            if not is_ours(binding) or binding.description in seen:
                continue
            if not active.enabled:
                continue
            seen.add(binding.description)
            node = active.node

            def run(node: Any = node, action: str = binding.action) -> None:
                self.call_later(node.run_action, action)

            help_text = binding.tooltip or t("cmd.key", key=binding.key_display or binding.key)
            yield SystemCommand(binding.description, help_text, run)
        yield SystemCommand(t("cmd.language"), t("cmd.language.help"),
                            self.action_switch_language)
        yield SystemCommand(t("cmd.theme"), t("cmd.theme.help"), self.action_change_theme)
        # Textual's own key panel lists its widgets' keys in English: ours (F1) is in
        # the user's language and explains the screen too.
        yield SystemCommand(t("cmd.keys"), t("cmd.keys.help"), self.action_help)
        yield SystemCommand(t("cmd.quit"), t("cmd.quit.help"), self.action_quit)


_heap_frozen = False


def freeze_heap() -> None:
    """Take the objects alive now out of the garbage collector's rounds, once.

    They are the modules just loaded (SQLAlchemy, SQLModel, the models: hundreds of
    thousands of objects that live as long as the process). Left in, every full
    collection walks them all: a measured 200–900 ms pause on opening a screen on a
    busy two-core laptop. Frozen, a collection walks only what screens made since.
    Once per process: what is frozen is never freed, so later calls (another app in
    the same process, as in the tests) must not freeze their garbage too.
    """
    global _heap_frozen
    if not _heap_frozen:
        _heap_frozen = True
        gc.freeze()


def run_app(target: str | Path | None, *, lang: str | None = None,
            first_rows: list[Any] | None = None, today: date | None = None) -> int:
    """Open the app; returns the process exit code. `today` fixes the date the app
    works from (FACILITATOR_TODAY); by default it is the real date, day by day."""
    app = FacilitatorApp(target, lang=lang, first_rows=first_rows,
                         today=(lambda: today) if today else None, handle_signals=True)
    app.run()
    if app.refused:
        return 1
    return app.return_code or 0


