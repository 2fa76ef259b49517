"""What seals the kiosk (`Sealed`) and the adviser's PIN prompt over it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from facilitator.i18n import t
from facilitator.kiosk_pin import PIN_MAX, PinLock
from facilitator.screens.base import BaseModal

UNLOCK_KEY = "ctrl+e"


class Sealed:
    """Mixin for kiosk screens: no binding of the App is active on them.

    Textual checks priority bindings from the App down, so a screen cannot override the
    App's priority ctrl+q / ctrl+p by binding the same keys. But Textual leaves out of
    the binding chain every key that a node nearer the focus says it consumes (the
    public `check_consume_key`, what Input and TextArea use). A sealed screen consumes
    every key: its own bindings (and its widgets') are the only ones.
    """

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return True

    def action_nothing(self) -> None:
        """Swallow a key."""


class KioskUnlockScreen(Sealed, BaseModal):
    """The adviser's PIN prompt over the kiosk. Escape goes back to the kiosk."""

    HELP_KEY = "help.kiosk_unlock"
    DEFAULT_CSS = """
    KioskUnlockScreen { align: center middle; }
    KioskUnlockScreen #k-unlock {
        width: 50; height: auto; border: thick $accent; background: $surface; padding: 0 1;
    }
    KioskUnlockScreen Input { width: 20; }
    KioskUnlockScreen #k-unlock-message { color: $error; height: auto; }
    KioskUnlockScreen #k-unlock-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", show=False),
        Binding("ctrl+q,ctrl+c,ctrl+p,ctrl+x,ctrl+v,f1," + UNLOCK_KEY, "nothing", show=False,
                priority=True),
    ]

    def __init__(self, pin: PinLock) -> None:
        super().__init__()
        self.pin = pin
        self._countdown: Any = None

    def compose(self) -> ComposeResult:
        with Vertical(id="k-unlock"):
            yield Static(t("kiosk.unlock.title"), classes="title")
            yield Static(t("kiosk.unlock.pin"))
            yield Input(password=True, restrict=r"[0-9]*", max_length=PIN_MAX, id="k-unlock-pin")
            yield Static("", id="k-unlock-message")
            yield Static(t("kiosk.unlock.hint"), id="k-unlock-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._check_lock()

    def _check_lock(self) -> None:
        """While locked out, the field is disabled and counts down."""
        wait = self.pin.locked_for()
        field = self.query_one(Input)
        message = self.query_one("#k-unlock-message", Static)
        if wait:
            field.disabled = True
            message.update(Text(t("kiosk.unlock.locked", seconds=wait)))
            if self._countdown is None:
                self._countdown = self.set_interval(1.0, self._check_lock)
            return
        if self._countdown is not None:
            self._countdown.stop()
            self._countdown = None
            message.update("")
        if field.disabled:
            field.disabled = False
            field.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        result, number = self.pin.try_pin(event.value)
        field = self.query_one(Input)
        field.value = ""
        if result == "ok":
            self.dismiss(True)
            return
        message = self.query_one("#k-unlock-message", Static)
        if result == "wrong":
            message.update(Text(t("kiosk.unlock.wrong", left=number)))
        else:
            self._check_lock()

    def action_close(self) -> None:
        self.dismiss(False)
