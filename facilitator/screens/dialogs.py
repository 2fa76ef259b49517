"""Small modal dialogs: confirm, and the fatal message when the database is refused."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Static

from facilitator.i18n import t
from facilitator.screens.base import BaseModal, BaseScreen
from facilitator.text import literal
from facilitator.widgets.buttons import ButtonRow
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader


class ConfirmScreen(BaseModal):
    """Ask a yes/no question; dismisses with True for yes. Escape means no."""

    HELP_KEY = "help.confirm"
    BINDINGS = [
        Binding("escape", "no", "key.cancel", id="cancel"),
        Binding("y,j", "yes", "key.yes", show=False, key_display="keys.yes"),
        Binding("n", "no", "key.no", show=False),
    ]

    def __init__(self, question: str, *, yes: str | None = None, danger: bool = True,
                 enter_yes: bool = False) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes or t("dialog.yes")
        self.danger = danger
        self.enter_yes = enter_yes and not danger

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(literal(self.question, single_line=False), id="question")
            with ButtonRow(id="buttons"):
                yield Button(self.yes_label, id="yes",
                             variant="error" if self.danger else "primary")
                yield Button(t("dialog.no"), id="no")

    def on_mount(self) -> None:
        # Enter takes the safe answer: no, unless the question only checks what the
        # user just chose to do (go on with a gathering not held yet).
        self.query_one("#yes" if self.enter_yes else "#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class FatalScreen(BaseScreen):
    """The database cannot be opened: say why, in one sentence, and offer to quit."""

    HELP_KEY = "help.fatal"
    BINDINGS = [
        Binding("q,escape", "app.quit", "key.quit", id="quit"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:

        yield AppHeader()
        with Vertical(id="fatal"):
            yield Static(t("fatal.title"), classes="title")
            yield Static(literal(self.message, single_line=False), id="fatal-message")
            yield Static(t("fatal.hint"), classes="hint")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.app.refused = True
