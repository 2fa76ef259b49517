"""The kiosk's set-up: the adviser sees the gathering and chooses a PIN (typed twice)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from facilitator.i18n import t
from facilitator.kiosk_pin import PIN_MAX, valid_pin
from facilitator.parse import format_date
from facilitator.screens import base
from facilitator.screens.base import BaseModal, StoreFailed
from facilitator.screens.form import FieldBox
from facilitator.screens.kiosk import KioskScreen
from facilitator.text import literal
from facilitator.widgets.buttons import ButtonRow
from facilitator.widgets.footer import FittingFooter


class KioskSetupScreen(BaseModal):
    """The adviser chooses a PIN (typed twice); then the kiosk starts."""

    HELP_KEY = "help.kiosk_setup"
    DEFAULT_CSS = """
    KioskSetupScreen { align: center middle; }
    KioskSetupScreen #k-setup {
        width: 64; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    KioskSetupScreen #k-setup-text { margin: 0 0 1 0; }
    KioskSetupScreen Input { width: 24; }
    KioskSetupScreen #k-setup-buttons { height: auto; margin: 1 0 0 0; align: center middle; }
    KioskSetupScreen #k-setup-buttons Button { margin: 0 1; }
    """

    class Loaded(base.Loaded[Any]):
        """The gathering the kiosk is set up for."""

    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="cancel"),
        Binding("ctrl+s", "start", "key.kiosk.start", id="start", priority=True),
    ]

    def __init__(self, gathering_id: str) -> None:
        super().__init__()
        self.gathering_id = gathering_id

    def compose(self) -> ComposeResult:
        with Vertical(id="k-setup"):
            yield Static(t("kiosk.setup.title"), classes="title")
            yield Static("", id="k-setup-gathering")
            yield Static(t("kiosk.setup.text"), id="k-setup-text")
            yield FieldBox(t("kiosk.setup.pin"), self._pin_input("k-pin1"), field="pin")
            yield FieldBox(t("kiosk.setup.pin2"), self._pin_input("k-pin2"), field="pin2")
            with ButtonRow(id="k-setup-buttons"):
                yield Button(t("kiosk.setup.start"), id="k-start", variant="primary")
                yield Button(t("kiosk.setup.cancel"), id="k-cancel")
        yield FittingFooter()

    @staticmethod
    def _pin_input(widget_id: str) -> Input:
        return Input(password=True, restrict=r"[0-9]*", max_length=PIN_MAX, id=widget_id)

    def on_mount(self) -> None:
        self.query_one("#k-pin1", Input).focus()
        if self.app.store is not None:
            self.read_store(lambda s: s.gatherings.get(self.gathering_id), self.Loaded)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.repaint_gathering(message.data)

    @on(StoreFailed)
    def _not_read(self, message: StoreFailed) -> None:
        message.prevent_default()  # the line stays empty; the set-up works without it

    def repaint_gathering(self, g: Any) -> None:
        from facilitator.screens.not_held import NotHeldGuard

        line = t("kiosk.setup.gathering", seq=g.seq, date=format_date(g.date), title=g.title)
        self.query_one("#k-setup-gathering", Static).update(literal(line.rstrip(" ·")))
        NotHeldGuard(self, "kiosk.setup.future_go_on").held_or_asked(
            g, lambda: self.query_one("#k-pin1", Input).focus(), lambda: self.dismiss(False))

    @on(Input.Submitted, "#k-pin1")
    def _next_field(self) -> None:
        self.query_one("#k-pin2", Input).focus()

    @on(Input.Submitted, "#k-pin2")
    def _submitted(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#k-start")
    def _start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#k-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_start(self) -> None:
        boxes = {box.field: box for box in self.query(FieldBox)}
        for box in boxes.values():
            box.set_error(None)
        pin = self.query_one("#k-pin1", Input).value
        again = self.query_one("#k-pin2", Input).value
        if not valid_pin(pin):
            boxes["pin"].set_error(t("kiosk.err.pin_format"))
            self.query_one("#k-pin1", Input).focus()
            return
        if again != pin:
            boxes["pin2"].set_error(t("kiosk.err.pin_mismatch"))
            self.query_one("#k-pin2", Input).focus()
            return
        app = self.app
        self.dismiss(True)
        app.push_screen(KioskScreen(self.gathering_id, pin))
