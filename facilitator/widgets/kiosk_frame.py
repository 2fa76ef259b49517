"""The kiosk's parts around the question: the welcome line and the failed-save step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Static

from facilitator.text import literal
from facilitator.widgets.buttons import KeyButton
from facilitator.widgets.fitted import FittedLine, fit_sentence

Say = Callable[..., str]  # a participant string in the kiosk's language


def shown(widget: Widget) -> bool:
    """Whether `widget` and every container up to its screen are displayed (a step
    the ContentSwitcher hides hides its buttons)."""
    screen = widget.screen
    node: Any = widget
    while node is not screen:
        if node is None or not node.display:
            return False
        node = node.parent
    return True


class KioskTop(Horizontal):
    """«Welcome! Evaluation of …» (cut to fit, the sentence kept whole) and the
    language button."""

    DEFAULT_CSS = """
    KioskTop { height: 1; padding: 0 1; margin: 0 0 1 0; }
    KioskTop #k-welcome { width: 1fr; text-style: bold; color: $accent; }
    KioskTop #k-lang { width: auto; min-width: 14; }
    """

    def compose(self) -> ComposeResult:
        yield FittedLine(id="k-welcome")
        yield KeyButton("", id="k-lang", compact=True)

    def paint(self, welcome: tuple[int, str] | None, say: Say, language: bool) -> None:
        """`welcome` is the gathering's (seq, title); the language button shows only
        when the participant may switch (`language`)."""
        lang_button = self.query_one("#k-lang", Button)
        lang_button.label = say("kiosk.language")
        lang_button.display = language
        line = self.query_one("#k-welcome", FittedLine)
        if welcome is None:
            line.set_text(lambda _width: "")
            return
        seq, title = welcome[0], " ".join(welcome[1].split())
        by_seq = say("kiosk.welcome_seq", seq=seq)

        def fit(width: int) -> str:
            if not title:
                return by_seq
            return fit_sentence(lambda x: say("kiosk.welcome", title=x), title, width, by_seq)

        line.set_text(fit)


class KioskFailed(Vertical):
    """A save that failed: «back» to the answers, «try again», and why."""

    DEFAULT_CSS = """
    KioskFailed { height: 1fr; }
    KioskFailed #k-failed-nav { height: 3; margin: 1 0 0 0; align: center middle; }
    KioskFailed #k-failed-nav Button { margin: 0 2; min-width: 16; }
    KioskFailed #k-failed-message { color: $error; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(id="k-failed-nav"):
            yield KeyButton("", id="k-failed-back")
            yield KeyButton("", id="k-retry", variant="primary")
        yield Static("", id="k-failed-message", classes="k-message")

    def paint(self, message: str, say: Say) -> None:
        self.query_one("#k-failed-back", Button).label = say("kiosk.back")
        self.query_one("#k-retry", Button).label = say("kiosk.retry")
        self.query_one("#k-failed-message", Static).update(literal(message, single_line=False))
