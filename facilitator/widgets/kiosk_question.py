"""The kiosk's question step: one question, its choices or text field, «back» and «skip».

The widget paints what the kiosk screen tells it (the question, the participant's
earlier answer to it, the kiosk's language); the screen decides what a press does.

No answer is ever chosen for a participant: a choice button has the focus (where
Enter or space would press it) only when the participant moved there with the arrow
keys, or it is their own earlier answer when they went back to a question. Textual's
own focus moves (the first widget on mounting or resuming, the last one when the
terminal regains focus) never land on one.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static, TextArea

from facilitator.text import literal
from facilitator.widgets.answers import QuestionView
from facilitator.widgets.buttons import KeyButton

Answer = int | str | None
Say = Callable[[str], str]  # a participant string in the kiosk's language

CHOICE_IDS = frozenset({*(f"k-s{n}" for n in range(1, 7)), "k-yes", "k-no"})


class KioskQuestion(Vertical):
    """One question of the kiosk, as the participant sees it."""

    DEFAULT_CSS = """
    KioskQuestion { height: 1fr; }
    KioskQuestion #k-question {
        height: auto; max-height: 7; padding: 1 2; text-style: bold; text-align: center;
    }
    KioskQuestion .k-choices { height: 5; padding: 0 1; }
    KioskQuestion .k-choice { width: 1fr; min-width: 5; height: 5; margin: 0 1; text-style: bold; }
    KioskQuestion #k-scale-labels { height: 1; padding: 0 3; }
    KioskQuestion #k-low { width: 1fr; }
    KioskQuestion #k-high { width: 1fr; text-align: right; }
    KioskQuestion #k-textrow { height: 6; padding: 0 2; }
    KioskQuestion #k-text { width: 1fr; height: 6; }
    KioskQuestion #k-done { margin: 0 0 0 2; min-width: 14; height: 3; }
    KioskQuestion #k-nav { height: 3; margin: 1 0 0 0; align: center middle; }
    KioskQuestion #k-nav Button { margin: 0 2; min-width: 16; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._may_focus: Button | None = None  # the one choice button the focus may go to

    def compose(self) -> ComposeResult:
        yield Static("", id="k-question")
        with Horizontal(id="k-scale", classes="k-choices"):
            for n in range(1, 7):
                yield KeyButton(str(n), id=f"k-s{n}", classes="k-choice")
        with Horizontal(id="k-scale-labels"):
            yield Static("", id="k-low")
            yield Static("", id="k-high")
        with Horizontal(id="k-yesno", classes="k-choices"):
            yield KeyButton("", id="k-yes", classes="k-choice")
            yield KeyButton("", id="k-no", classes="k-choice")
        with Horizontal(id="k-textrow"):
            yield TextArea(id="k-text")
            yield KeyButton("", id="k-done", variant="primary")  # next in the tab order
        with Horizontal(id="k-nav"):
            yield KeyButton("", id="k-back")
            yield KeyButton("", id="k-skip")

    def paint(self, q: QuestionView, lang: str, previous: Answer, say: Say,
              first: bool) -> None:
        """Show question `q` in language `lang`, ticking `previous`, the participant's
        own earlier answer; «back» is off on the `first` question."""
        kind = q.kind
        text = q.text_en if lang == "en" and q.text_en.strip() else q.text_nb
        self.query_one("#k-question", Static).update(literal(text, single_line=False))
        self.query_one("#k-scale").display = kind == "scale"
        self.query_one("#k-scale-labels").display = kind == "scale"
        for n in range(1, 7):
            self._mark(self.query_one(f"#k-s{n}", Button), str(n), previous == n)
        self.query_one("#k-low", Static).update(say("kiosk.scale_low"))
        self.query_one("#k-high", Static).update(say("kiosk.scale_high"))
        self.query_one("#k-yesno").display = kind == "yes_no"
        self._mark(self.query_one("#k-yes", Button), say("kiosk.yes"), previous == 1)
        self._mark(self.query_one("#k-no", Button), say("kiosk.no"), previous == 0)
        self.query_one("#k-textrow").display = kind == "text"
        self.text_area.placeholder = say("kiosk.text_placeholder")
        self.query_one("#k-done", Button).label = say("kiosk.done")
        back = self.query_one("#k-back", Button)
        back.label = say("kiosk.back")
        back.disabled = first
        self.query_one("#k-skip", Button).label = say("kiosk.skip")

    @staticmethod
    def _mark(button: Button, label: str, chosen: bool) -> None:
        """The participant's earlier choice (after «back») shows with a tick."""
        button.label = f"✓ {label}" if chosen else label
        button.variant = "primary" if chosen else "default"

    def chosen_button(self, q: QuestionView, previous: Answer) -> Button | None:
        """The button of the participant's own earlier answer to `q`, if any."""
        if q.kind == "scale" and isinstance(previous, int):
            return self.query_one(f"#k-s{previous}", Button)
        if q.kind == "yes_no" and previous in (0, 1):
            return self.query_one("#k-yes" if previous == 1 else "#k-no", Button)
        return None

    def focus_answer(self, q: QuestionView, previous: Answer) -> None:
        """The focus for `q`: its text field, or the participant's own earlier answer,
        or nothing (so a stray Enter answers nothing)."""
        self.forget_focus()
        if q.kind == "text":
            self.text_area.focus()
            return
        target = self.chosen_button(q, previous)
        if target is not None:
            self.focus_choice(target)
        else:
            self.screen.set_focus(None)

    def focus_choice(self, button: Button) -> None:
        """Focus a button the participant went to (or their own earlier answer)."""
        self._may_focus = button
        button.focus()

    def forget_focus(self) -> None:
        self._may_focus = None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A choice button focused by anything but the participant (Textual's auto
        focus, the terminal regaining focus) would be pressed by Enter or space: an
        answer they did not choose. It loses the focus at once."""
        widget = event.widget
        if widget.id in CHOICE_IDS and widget is not self._may_focus:
            self.screen.set_focus(None)

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#k-text", TextArea)

    def typed(self) -> str | None:
        """The text typed for a text question (None when it is only blanks)."""
        text = self.text_area.text
        return text if text.strip() else None

    def load_text(self, text: str) -> None:
        """Put `text` in the field; this also empties the undo history, so nothing of
        anyone else's text can come back."""
        self.text_area.load_text(text)
