"""Kiosk: participants evaluate a gathering themselves, one question at a time.

The adviser starts it with a PIN (`KioskSetupScreen`); the kiosk (`KioskScreen`) then
fills the screen. It has no header, no footer and no key that leaves it: the app's
own bindings (quit, command palette, help) never reach a kiosk screen, and escape,
ctrl+q, ctrl+c, ctrl+p and F1 are bound to nothing on it. Only ctrl+e and the PIN leave;
after five wrong tries the next try must wait 30 seconds.

A participant answers every question (or skips it), may go back within their own
answers, and after the last one the response is committed; only then does the
thank-you show. A few seconds later (or at a key) the kiosk starts over for the next
person with nothing of the previous answers on screen or in memory; a key typed on
the thank-you is that person's first key (an answer to the first question counts).
A save that fails says so and keeps the answers, so the participant can try again.

No answer is ever chosen for a participant: a choice button has the focus (where
Enter or space would press it) only when the participant moved there with the arrow
keys, or it is their own earlier answer when they went back to a question. Textual's
own focus moves (the first widget on mounting or resuming, the last one when the
terminal regains focus) never land on one.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static, TextArea

from facilitator.i18n import CATALOGS, load_all, t
from facilitator.parse import format_date
from facilitator.privacy import Recorded
from facilitator.screens.base import BaseModal, BaseScreen, error_text
from facilitator.screens.form import FieldBox
from facilitator.widgets.answers import QuestionView
from facilitator.widgets.buttons import ButtonRow, KeyButton
from facilitator.widgets.fitted import FittedLine, fit_sentence
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.text import literal

PIN_MIN, PIN_MAX = 4, 8
MAX_TRIES = 5
LOCKOUT_SECONDS = 30.0
THANKS_SECONDS = 3.0
UNLOCK_KEY = "ctrl+e"
# Keys that leave or cover a screen elsewhere in the app; on a kiosk they do nothing.
BLOCKED_KEYS = "escape,ctrl+q,ctrl+c,ctrl+p,ctrl+x,ctrl+v,f1"


def valid_pin(pin: str) -> bool:
    return pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX


def in_language(lang: str, key: str, /, **params: object) -> str:
    """`t()` in a given language, whatever the app's language is."""
    catalogs = load_all()
    text = catalogs.get(lang, {}).get(key) or CATALOGS["nb"].get(key, key)
    return text.format(**params) if params else text


class Sealed:
    """Mixin for kiosk screens: no binding of the App is active on them.

    Textual checks priority bindings from the App down, so a screen cannot override
    the App's priority ctrl+q / ctrl+p by binding the same keys; leaving the App out of
    the binding chain is what makes the kiosk's own bindings the only ones.
    """

    @property
    def _binding_chain(self) -> list[tuple[Any, Any]]:
        chain = super()._binding_chain  # type: ignore[misc]
        app = self.app  # type: ignore[attr-defined]
        return [(node, bindings) for node, bindings in chain if node is not app]

    def action_nothing(self) -> None:
        """Swallow a key."""


# --------------------------------------------------------------------------- set-up


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
            self.call_store(lambda s: s.get_gathering(self.gathering_id), self._show_gathering,
                            lambda _exc: None)

    def _show_gathering(self, g: Any) -> None:
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


# --------------------------------------------------------------------------- the kiosk


CHOICE_IDS = frozenset({*(f"k-s{n}" for n in range(1, 7)), "k-yes", "k-no"})
# On the thank-you, these only start over: they would press whatever had the focus.
START_ONLY_KEYS = frozenset({"enter", "space", "tab", "shift+tab"})


class KioskScreen(Sealed, BaseScreen):
    """Full-screen self-entry of evaluations; see the module docstring."""

    AUTO_FOCUS = ""  # nothing has the focus until the participant puts it somewhere

    DEFAULT_CSS = """
    KioskScreen { layout: vertical; }
    KioskScreen #k-top { height: 1; padding: 0 1; margin: 0 0 1 0; }
    KioskScreen #k-welcome { width: 1fr; text-style: bold; color: $accent; }
    KioskScreen #k-lang { width: auto; min-width: 14; }
    KioskScreen #k-progress { height: 1; padding: 0 2; color: $text-muted; }
    KioskScreen #k-question {
        height: auto; max-height: 7; padding: 1 2; text-style: bold; text-align: center;
    }
    KioskScreen .k-choices { height: 5; padding: 0 1; }
    KioskScreen .k-choice { width: 1fr; min-width: 5; height: 5; margin: 0 1; text-style: bold; }
    KioskScreen #k-scale-labels { height: 1; padding: 0 3; }
    KioskScreen #k-low { width: 1fr; }
    KioskScreen #k-high { width: 1fr; text-align: right; }
    KioskScreen #k-textrow { height: 6; padding: 0 2; }
    KioskScreen #k-text { width: 1fr; height: 6; }
    KioskScreen #k-done { margin: 0 0 0 2; min-width: 14; height: 3; }
    KioskScreen #k-nav { height: 3; margin: 1 0 0 0; align: center middle; }
    KioskScreen #k-nav Button { margin: 0 2; min-width: 16; }
    KioskScreen #k-message {
        height: 1fr; padding: 1 2; text-align: center; content-align: center middle;
    }
    KioskScreen #k-message.-failed { color: $error; text-style: bold; }
    KioskScreen #k-hint { dock: bottom; height: auto; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding(UNLOCK_KEY, "unlock", show=False, priority=True),
        Binding(BLOCKED_KEYS, "nothing", show=False, priority=True),
        Binding("1", "choose(1)", show=False),
        Binding("2", "choose(2)", show=False),
        Binding("3", "choose(3)", show=False),
        Binding("4", "choose(4)", show=False),
        Binding("5", "choose(5)", show=False),
        Binding("6", "choose(6)", show=False),
        Binding("j,y", "yes_no(1)", show=False),
        Binding("n", "yes_no(0)", show=False),
        Binding("minus", "skip", show=False),
        Binding("backspace", "back", show=False),
        Binding("f2", "language", show=False),
        Binding("left,up", "move(-1)", show=False),
        Binding("right,down", "move(1)", show=False),
    ]

    def __init__(self, gathering_id: str, pin: str) -> None:
        if not valid_pin(pin):
            raise ValueError("the kiosk PIN must be 4–8 digits")
        super().__init__()
        self.gathering_id = gathering_id
        self._salt = secrets.token_bytes(16)
        self._pin_hash = self._hash(pin)
        self._wrong_tries = 0
        self._locked_until: float | None = None
        self.clock: Callable[[], float] = time.monotonic
        self.questions: list[QuestionView] = []
        self.welcome: tuple[int, str] | None = None  # gathering seq, title
        # one participant's state
        self.state = "loading"  # loading | question | saving | thanks | failed | empty
        self.index = 0
        self.answers: dict[str, int | str | None] = {}
        self.lang = "nb"
        self.message = ""
        self._thanks_timer: Any = None
        self._loading = False
        self.saved_count = 0
        self._may_focus: Any = None  # the one choice button the focus may go to

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="k-top"):
            yield FittedLine(id="k-welcome")
            yield KeyButton("", id="k-lang", compact=True)
        yield Static("", id="k-progress")
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
            yield KeyButton("", id="k-retry", variant="primary")
        yield Static("", id="k-message")
        yield Static("", id="k-hint")

    def on_mount(self) -> None:
        # (BaseScreen.on_mount runs after this one and calls load())
        self._show()

    def reload_changed(self) -> None:
        """A participant's screen never changes under them."""

    def load(self) -> None:
        if self.questions or self._loading:
            return  # loaded once; coming back from the PIN prompt changes nothing
        self._loading = True
        gid = self.gathering_id

        def fetch(store: Any) -> tuple[Any, list[Any]]:
            return store.get_gathering(gid), store.gathering_questions(gid)

        self.call_store(fetch, self._loaded, self._load_failed, group="kiosk-load",
                        exclusive=True)

    def _loaded(self, data: tuple[Any, list[Any]]) -> None:
        self._loading = False
        g, questions = data
        self.welcome = (g.seq, g.title)
        self.questions = [QuestionView(q.id, q.text_nb, q.text_en, q.kind) for q in questions]
        self.state = "question" if self.questions else "empty"
        self._step()

    def _load_failed(self, exc: Exception) -> None:
        self._loading = False
        self.state = "empty"
        self.message = self.t("kiosk.load_failed", reason=error_text(exc))
        self._show()

    # ------------------------------------------------------------------ texts

    def t(self, key: str, /, **params: object) -> str:
        """A participant string in the kiosk's current language."""
        return in_language(self.lang, key, **params)

    def question_text(self, q: QuestionView) -> str:
        return q.text_en if self.lang == "en" and q.text_en.strip() else q.text_nb

    @property
    def current(self) -> QuestionView | None:
        if self.state != "question" or not self.questions:
            return None
        return self.questions[self.index]

    def _show(self) -> None:
        """Paint the current state: one question, saving, thanks, failure or nothing."""
        q = self.current
        kind = q.kind if q is not None else None
        welcome = self.welcome
        if welcome is None:
            self.query_one("#k-welcome", FittedLine).set_text(lambda _width: "")
        else:
            seq, title = welcome[0], " ".join(welcome[1].split())
            by_seq = self.t("kiosk.welcome_seq", seq=seq)

            def fit(width: int) -> str:
                if not title:
                    return by_seq
                return fit_sentence(lambda x: self.t("kiosk.welcome", title=x), title,
                                    width, by_seq)

            self.query_one("#k-welcome", FittedLine).set_text(fit)
        lang_button = self.query_one("#k-lang", Button)
        lang_button.label = self.t("kiosk.language")
        lang_button.display = self.state in ("question", "failed")

        progress = self.query_one("#k-progress", Static)
        progress.update(self.t("kiosk.progress", n=self.index + 1, total=len(self.questions))
                        if q is not None else "")
        question = self.query_one("#k-question", Static)
        question.display = q is not None
        question.update(literal(self.question_text(q), single_line=False) if q else "")

        previous = self.answers.get(q.id) if q is not None else None
        self.query_one("#k-scale").display = kind == "scale"
        self.query_one("#k-scale-labels").display = kind == "scale"
        for n in range(1, 7):
            self._mark(self.query_one(f"#k-s{n}", Button), str(n), previous == n)
        self.query_one("#k-low", Static).update(self.t("kiosk.scale_low"))
        self.query_one("#k-high", Static).update(self.t("kiosk.scale_high"))
        self.query_one("#k-yesno").display = kind == "yes_no"
        self._mark(self.query_one("#k-yes", Button), self.t("kiosk.yes"), previous == 1)
        self._mark(self.query_one("#k-no", Button), self.t("kiosk.no"), previous == 0)
        self.query_one("#k-textrow").display = kind == "text"
        text = self.query_one("#k-text", TextArea)
        text.placeholder = self.t("kiosk.text_placeholder")

        nav_shown = self.state in ("question", "failed")
        self.query_one("#k-nav").display = nav_shown
        back = self.query_one("#k-back", Button)
        back.label = self.t("kiosk.back")
        back.disabled = self.state == "question" and self.index == 0
        skip = self.query_one("#k-skip", Button)
        skip.label = self.t("kiosk.skip")
        skip.display = self.state == "question"
        done = self.query_one("#k-done", Button)
        done.label = self.t("kiosk.done")
        retry = self.query_one("#k-retry", Button)
        retry.label = self.t("kiosk.retry")
        retry.display = self.state == "failed"

        message = self.query_one("#k-message", Static)
        message.display = q is None
        message.set_class(self.state == "failed", "-failed")
        message.update(literal(self._message_text(), single_line=False))
        hint = {"scale": "kiosk.hint.scale", "yes_no": "kiosk.hint.yes_no",
                "text": "kiosk.hint.text"}.get(kind or "")
        self.query_one("#k-hint", Static).update(self.t(hint) if hint else "")

    def _message_text(self) -> str:
        if self.state == "loading":
            return self.t("kiosk.loading")
        if self.state == "empty":
            return self.message or self.t("kiosk.no_questions")
        if self.state == "saving":
            return self.t("kiosk.saving") + (f"\n\n{self.message}" if self.message else "")
        if self.state == "thanks":
            dropped = "\n" + self.message if self.message else ""
            return self.t("kiosk.thanks") + dropped + "\n\n" + self.t("kiosk.thanks_next")
        if self.state == "failed":
            return self.message + "\n\n" + self.t("kiosk.failed_hint")
        return ""

    @staticmethod
    def _mark(button: Button, label: str, chosen: bool) -> None:
        """The participant's earlier choice (after «back») shows with a tick."""
        button.label = f"✓ {label}" if chosen else label
        button.variant = "primary" if chosen else "default"

    def _focus_step(self) -> None:
        q = self.current
        self._may_focus = None
        if q is None:
            if self.state == "failed":
                self.query_one("#k-retry", Button).focus()
            else:
                self.set_focus(None)
            return
        if q.kind == "text":
            self.query_one("#k-text", TextArea).focus()
            return
        previous = self.answers.get(q.id)
        target = None
        if q.kind == "scale" and isinstance(previous, int):
            target = f"#k-s{previous}"
        elif q.kind == "yes_no" and previous in (0, 1):
            target = "#k-yes" if previous == 1 else "#k-no"
        if target:
            self._focus_choice(self.query_one(target, Button))
        else:
            # Nothing chosen: no button has focus, so a stray Enter answers nothing.
            self.set_focus(None)

    def _focus_choice(self, button: Button) -> None:
        """Focus a button the participant went to (or their own earlier answer)."""
        self._may_focus = button
        button.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A choice button focused by anything but the participant (Textual's auto
        focus, the terminal regaining focus) would be pressed by Enter or space: an
        answer they did not choose. It loses the focus at once."""
        widget = event.widget
        if widget.id in CHOICE_IDS and widget is not self._may_focus:
            self.set_focus(None)

    def _step(self) -> None:
        """Show the current question (or state) and put the focus where it belongs."""
        q = self.current
        if q is not None and q.kind == "text":
            draft = self.answers.get(q.id)
            # load_text also empties the undo history: nothing of anyone else's text
            self.query_one("#k-text", TextArea).load_text(draft if isinstance(draft, str)
                                                          else "")
        self._show()
        self._focus_step()

    # ------------------------------------------------------------------ answering

    def _answer(self, value: int | str | None) -> None:
        q = self.current
        if q is None:
            return
        self.answers[q.id] = value
        if self.index + 1 < len(self.questions):
            self.index += 1
            self._step()
        else:
            self._save()

    def action_choose(self, score: int) -> None:
        q = self.current
        if q is not None and q.kind == "scale":
            self._answer(score)

    def action_yes_no(self, value: int) -> None:
        q = self.current
        if q is not None and q.kind == "yes_no":
            self._answer(value)

    def action_skip(self) -> None:
        if self.current is not None:
            self._answer(None)

    def _text_done(self) -> None:
        q = self.current
        if q is not None and q.kind == "text":
            text = self.query_one("#k-text", TextArea).text
            self._answer(text if text.strip() else None)

    def action_back(self) -> None:
        if self.state == "failed":
            self.state = "question"
            self.index = len(self.questions) - 1
            self._step()
            return
        q = self.current
        if q is None or self.index == 0:
            return
        if q.kind == "text":  # keep what was typed for when they come forward again
            text = self.query_one("#k-text", TextArea).text
            self.answers[q.id] = text if text.strip() else None
        self.index -= 1
        self._step()

    def action_language(self) -> None:
        if self.state not in ("question", "failed"):
            return
        q = self.current
        if q is not None and q.kind == "text":
            text = self.query_one("#k-text", TextArea).text
            self.answers[q.id] = text if text.strip() else None
        self.lang = "en" if self.lang == "nb" else "nb"
        self._show()

    def action_move(self, delta: int) -> None:
        """Arrow keys walk the visible buttons: the choices, then back/skip."""
        if self.current is None and self.state != "failed":
            return
        ids = [*(f"k-s{n}" for n in range(1, 7)), "k-yes", "k-no", "k-back", "k-skip",
               "k-done", "k-retry", "k-lang"]
        buttons = [b for b in (self.query_one(f"#{i}", Button) for i in ids)
                   if b.display and b.parent is not None and b.parent.display
                   and not b.disabled]
        if not buttons:
            return
        focused = self.focused
        if focused in buttons:
            index = (buttons.index(focused) + delta) % len(buttons)  # type: ignore[arg-type]
        else:
            index = 0
        self._focus_choice(buttons[index])

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        bid = event.button.id or ""
        if self.state == "thanks":
            self.reset()
        elif bid.startswith("k-s") and bid[3:].isdigit():
            self.action_choose(int(bid[3:]))
        elif bid == "k-yes":
            self.action_yes_no(1)
        elif bid == "k-no":
            self.action_yes_no(0)
        elif bid == "k-skip":
            self.action_skip()
        elif bid == "k-back":
            self.action_back()
        elif bid == "k-done":
            self._text_done()
        elif bid == "k-retry":
            self._save()
        elif bid == "k-lang":
            self.action_language()

    # ------------------------------------------------------------------ saving

    def _save(self) -> None:
        if not self.questions or self.state == "saving":
            return
        self.state = "saving"
        self.message = ""
        self._step()
        answers = dict(self.answers)
        gid = self.gathering_id
        # Keys typed while it saves are the last person's (a double press): they are
        # not held for the next one, but ignored (on_key).
        self.call_store(
            lambda s: s.record_evaluation(gid, answers, source="kiosk"),
            self._saved, self._save_failed, group="kiosk-save", background=True,
        )

    def _saved(self, recorded: Recorded) -> None:
        """The response is committed: forget it, then thank the participant (saying, in
        plain words and nothing more, when their municipality or role was not kept)."""
        tags = recorded.tags
        which = ("both" if tags.dropped_municipality and tags.dropped_role
                 else "municipality" if tags.dropped_municipality
                 else "role" if tags.dropped_role else "")
        self.message = self.t(f"kiosk.thanks.dropped.{which}") if which else ""
        self.saved_count += 1
        self.answers = {}
        self.index = 0
        self.query_one("#k-text", TextArea).load_text("")
        self.show_thanks()

    def show_thanks(self) -> None:
        self.state = "thanks"
        self._step()
        self._thanks_timer = self.set_timer(THANKS_SECONDS, self.reset)

    def show_store_busy(self, waiting: bool) -> None:
        """The save waits for another program's lock: the participant is told it is on
        its way (the app calls this from the store's busy listener)."""
        if self.state == "saving":
            self.message = self.t("kiosk.busy") if waiting else ""
            self._step()

    def _save_failed(self, exc: Exception) -> None:
        self.state = "failed"
        self.message = self.t("kiosk.failed", reason=error_text(exc))
        self._step()

    def reset(self) -> None:
        """Start over for the next person: bokmål, first question, no answers."""
        if self._thanks_timer is not None:
            self._thanks_timer.stop()
            self._thanks_timer = None
        if self.state != "thanks":
            return
        self.answers = {}
        self.index = 0
        self.lang = "nb"
        self.message = ""
        self.state = "question"
        self._step()

    def on_key(self, event: events.Key) -> None:
        # Bindings run after this handler: a key on the thank-you starts over, and then
        # goes on to them as the next person's first key (j answers question 1).
        if self.state == "thanks":
            self.reset()
            q = self.current
            if event.key in START_ONLY_KEYS:
                event.stop()
                event.prevent_default()
            elif q is not None and q.kind == "text" and event.is_printable:
                # the first letter of the answer: the text field takes the focus only now
                event.stop()
                event.prevent_default()
                self.query_one("#k-text", TextArea).insert(event.character or "")
        elif self.state == "saving":
            event.stop()
            event.prevent_default()

    def on_click(self, event: events.Click) -> None:
        if self.state == "thanks":
            event.stop()
            self.reset()

    # ------------------------------------------------------------------ leaving

    def _hash(self, pin: str) -> bytes:
        return hashlib.sha256(self._salt + pin.encode("ascii", "replace")).digest()

    def locked_for(self) -> int:
        """Seconds until the next PIN try is allowed (0: now)."""
        if self._locked_until is None:
            return 0
        left = self._locked_until - self.clock()
        if left <= 0:
            self._locked_until = None
            self._wrong_tries = 0
            return 0
        return math.ceil(left)

    def try_pin(self, pin: str) -> tuple[str, int]:
        """("ok", 0), ("wrong", tries left) or ("locked", seconds to wait)."""
        wait = self.locked_for()
        if wait:
            return "locked", wait
        if hmac.compare_digest(self._hash(pin), self._pin_hash):
            self._wrong_tries = 0
            return "ok", 0
        self._wrong_tries += 1
        if self._wrong_tries >= MAX_TRIES:
            self._locked_until = self.clock() + LOCKOUT_SECONDS
            return "locked", math.ceil(LOCKOUT_SECONDS)
        return "wrong", MAX_TRIES - self._wrong_tries

    def action_unlock(self) -> None:
        if isinstance(self.app.screen, KioskUnlockScreen):
            return

        def done(unlocked: bool | None) -> None:
            if unlocked:
                self.call_later(self._leave)

        self.app.push_screen(KioskUnlockScreen(self), done)

    def _leave(self) -> None:
        if self._thanks_timer is not None:
            self._thanks_timer.stop()
        if self.app.screen is self:
            self.dismiss(None)


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

    def __init__(self, kiosk: KioskScreen) -> None:
        super().__init__()
        self.kiosk = kiosk
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
        wait = self.kiosk.locked_for()
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
        result, number = self.kiosk.try_pin(event.value)
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
