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

No answer is ever chosen for a participant (`widgets/kiosk_question.py` says how).

The steps (`KioskStep`) are held in the reactive `state`; each step's part of the
screen is one child of a ContentSwitcher. The PIN rule is `facilitator/kiosk_pin.py`;
the PIN screens are `kiosk_setup.py` and `kiosk_unlock.py` (with what seals a screen).
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Button, ContentSwitcher, Static

from facilitator.kiosk_pin import PinLock
from facilitator.kiosk_steps import KioskStep, in_language, step_message
from facilitator.privacy import Recorded
from facilitator.screens.base import BaseScreen, error_text
from facilitator.screens.kiosk_unlock import UNLOCK_KEY, KioskUnlockScreen, Sealed
from facilitator.text import literal
from facilitator.widgets.answers import QuestionView
from facilitator.widgets.kiosk_frame import KioskFailed, KioskTop, shown
from facilitator.widgets.kiosk_question import KioskQuestion

THANKS_SECONDS = 3.0
# Keys that leave or cover a screen elsewhere in the app; on a kiosk they do nothing.
BLOCKED_KEYS = "escape,ctrl+q,ctrl+c,ctrl+p,ctrl+x,ctrl+v,f1"
# On the thank-you, these only start over: they would press whatever had the focus.
START_ONLY_KEYS = frozenset({"enter", "space", "tab", "shift+tab"})
# The buttons the arrow keys walk, in this order (those on screen).
ARROW_ORDER = (*(f"k-s{n}" for n in range(1, 7)), "k-yes", "k-no", "k-back", "k-skip",
               "k-done", "k-failed-back", "k-retry", "k-lang")
# The part of the ContentSwitcher each step shows; the other steps show a message.
STEP_PANELS = {KioskStep.QUESTION: "k-ask", KioskStep.FAILED: "k-failed"}
NOTE_PANEL = "k-message"


class KioskScreen(Sealed, BaseScreen):
    """Full-screen self-entry of evaluations; see the module docstring."""

    AUTO_FOCUS = ""  # nothing has the focus until the participant puts it somewhere

    DEFAULT_CSS = """
    KioskScreen { layout: vertical; }
    KioskScreen #k-progress { height: 1; padding: 0 2; color: $text-muted; }
    KioskScreen #k-steps { height: 1fr; }
    KioskScreen .k-message {
        height: 1fr; padding: 1 2; text-align: center; content-align: center middle;
    }
    KioskScreen #k-hint { dock: bottom; height: auto; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding(UNLOCK_KEY, "unlock", show=False, priority=True),
        Binding(BLOCKED_KEYS, "nothing", show=False, priority=True),
        *(Binding(str(n), f"choose({n})", show=False) for n in range(1, 7)),
        Binding("j,y", "yes_no(1)", show=False),
        Binding("n", "yes_no(0)", show=False),
        Binding("minus", "skip", show=False),
        Binding("backspace", "back", show=False),
        Binding("f2", "language", show=False),
        Binding("left,up", "move(-1)", show=False),
        Binding("right,down", "move(1)", show=False),
    ]

    state: reactive[KioskStep] = reactive(KioskStep.LOADING, init=False)

    def __init__(self, gathering_id: str, pin: str) -> None:
        super().__init__()
        self.pin = PinLock(pin)  # raises ValueError for a PIN that is not 4–8 digits
        self.gathering_id = gathering_id
        self.questions: list[QuestionView] = []
        self.welcome: tuple[int, str] | None = None  # gathering seq, title
        # one participant's state
        self.index = 0
        self.answers: dict[str, int | str | None] = {}
        self.lang = "nb"
        self.message = ""
        self._thanks_timer: Any = None
        self._loading = False
        self.saved_count = 0

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield KioskTop(id="k-top")
        yield Static("", id="k-progress")
        with ContentSwitcher(id="k-steps", initial=NOTE_PANEL):
            yield KioskQuestion(id="k-ask")
            yield Static("", id=NOTE_PANEL, classes="k-message")
            yield KioskFailed(id="k-failed")
        yield Static("", id="k-hint")

    @property
    def asking(self) -> KioskQuestion:
        return self.query_one(KioskQuestion)

    def on_mount(self) -> None:
        # (BaseScreen.on_mount runs after this one and calls load())
        self._paint()

    def reload_changed(self) -> None:
        """A participant's screen never changes under them."""

    def load(self) -> None:
        if self.questions or self._loading:
            return  # loaded once; coming back from the PIN prompt changes nothing
        self._loading = True
        gid = self.gathering_id

        def fetch(store: Any) -> tuple[Any, list[Any]]:
            return store.gatherings.get(gid), store.questions.freeze(gid)

        self.call_store(fetch, self._loaded, self._load_failed, group="kiosk-load",
                        exclusive=True)

    def _loaded(self, data: tuple[Any, list[Any]]) -> None:
        self._loading = False
        g, questions = data
        self.welcome = (g.seq, g.title)
        self.questions = [QuestionView(q.id, q.text_nb, q.text_en, q.kind) for q in questions]
        self.state = KioskStep.QUESTION if self.questions else KioskStep.EMPTY

    def _load_failed(self, exc: Exception) -> None:
        self._loading = False
        self.message = self.t("kiosk.load_failed", reason=error_text(exc))
        self.state = KioskStep.EMPTY

    # ------------------------------------------------------------------ steps

    def watch_state(self, step: KioskStep) -> None:
        """A new step: its part of the screen replaces the last one's."""
        self.query_one("#k-steps", ContentSwitcher).current = STEP_PANELS.get(step, NOTE_PANEL)
        self.present()

    def present(self) -> None:
        """Show the current question (or step) and put the focus where it belongs."""
        q = self.current
        if q is not None and q.kind == "text":
            draft = self.answers.get(q.id)
            self.asking.load_text(draft if isinstance(draft, str) else "")
        self._paint()
        self._focus_step()

    # ------------------------------------------------------------------ texts

    def t(self, key: str, /, **params: object) -> str:
        """A participant string in the kiosk's current language."""
        return in_language(self.lang, key, **params)

    @property
    def current(self) -> QuestionView | None:
        if self.state != KioskStep.QUESTION or not self.questions:
            return None
        return self.questions[self.index]

    def _paint(self) -> None:
        """Paint the texts of the current step in the kiosk's language."""
        self.query_one(KioskTop).paint(
            self.welcome, self.t, language=self.state in (KioskStep.QUESTION, KioskStep.FAILED))
        q = self.current
        self.query_one("#k-progress", Static).update(
            self.t("kiosk.progress", n=self.index + 1, total=len(self.questions))
            if q is not None else "")
        if q is not None:
            self.asking.paint(q, self.lang, self.answers.get(q.id), self.t,
                              first=self.index == 0)
        message = step_message(self.state, self.message, self.t)
        if self.state == KioskStep.FAILED:
            self.query_one(KioskFailed).paint(message, self.t)
        else:
            self.query_one(f"#{NOTE_PANEL}", Static).update(literal(message, single_line=False))
        hint = {"scale": "kiosk.hint.scale", "yes_no": "kiosk.hint.yes_no",
                "text": "kiosk.hint.text"}.get(q.kind if q is not None else "")
        self.query_one("#k-hint", Static).update(self.t(hint) if hint else "")

    # ------------------------------------------------------------------ focus

    def _focus_step(self) -> None:
        q = self.current
        if q is not None:
            self.asking.focus_answer(q, self.answers.get(q.id))
            return
        self.asking.forget_focus()
        if self.state == KioskStep.FAILED:
            self.query_one("#k-retry", Button).focus()
        else:
            self.set_focus(None)

    def action_move(self, delta: int) -> None:
        """Arrow keys walk the visible buttons: the choices, then back/skip."""
        if self.current is None and self.state != KioskStep.FAILED:
            return
        buttons = [b for b in (self.query_one(f"#{i}", Button) for i in ARROW_ORDER)
                   if shown(b) and not b.disabled]
        if not buttons:
            return
        focused = self.focused
        if focused in buttons:
            index = (buttons.index(focused) + delta) % len(buttons)  # type: ignore[arg-type]
        else:
            index = 0
        self.asking.focus_choice(buttons[index])

    # ------------------------------------------------------------------ answering

    def _answer(self, value: int | str | None) -> None:
        q = self.current
        if q is None:
            return
        self.answers[q.id] = value
        if self.index + 1 < len(self.questions):
            self.index += 1
            self.present()
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
            self._answer(self.asking.typed())

    def _keep_typed(self) -> None:
        """Keep what was typed for when they come back to the text question."""
        q = self.current
        if q is not None and q.kind == "text":
            self.answers[q.id] = self.asking.typed()

    def action_back(self) -> None:
        if self.state == KioskStep.FAILED:
            self.index = len(self.questions) - 1
            self.state = KioskStep.QUESTION
            return
        if self.current is None or self.index == 0:
            return
        self._keep_typed()
        self.index -= 1
        self.present()

    def action_language(self) -> None:
        if self.state not in (KioskStep.QUESTION, KioskStep.FAILED):
            return
        self._keep_typed()
        self.lang = "en" if self.lang == "nb" else "nb"
        self._paint()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        bid = event.button.id or ""
        if self.state == KioskStep.THANKS:
            self.reset()
        elif bid.startswith("k-s") and bid[3:].isdigit():
            self.action_choose(int(bid[3:]))
        elif bid in ("k-yes", "k-no"):
            self.action_yes_no(1 if bid == "k-yes" else 0)
        else:
            press = {"k-skip": self.action_skip, "k-back": self.action_back,
                     "k-failed-back": self.action_back, "k-done": self._text_done,
                     "k-retry": self._save, "k-lang": self.action_language}.get(bid)
            if press is not None:
                press()

    # ------------------------------------------------------------------ saving

    def _save(self) -> None:
        if not self.questions or self.state == KioskStep.SAVING:
            return
        self.message = ""
        self.state = KioskStep.SAVING
        answers = dict(self.answers)
        gid = self.gathering_id
        # Keys typed while it saves are the last person's (a double press): they are
        # not held for the next one, but ignored (on_key).
        self.call_store(
            lambda s: s.evaluations.record(gid, answers, source="kiosk"),
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
        self.asking.load_text("")
        self.show_thanks()

    def show_thanks(self) -> None:
        self.state = KioskStep.THANKS
        self._thanks_timer = self.set_timer(THANKS_SECONDS, self.reset)

    def show_store_busy(self, waiting: bool) -> None:
        """The save waits for another program's lock: the participant is told it is on
        its way (the app calls this from the store's busy listener)."""
        if self.state == KioskStep.SAVING:
            self.message = self.t("kiosk.busy") if waiting else ""
            self.present()

    def _save_failed(self, exc: Exception) -> None:
        self.message = self.t("kiosk.failed", reason=error_text(exc))
        self.state = KioskStep.FAILED

    def reset(self) -> None:
        """Start over for the next person: bokmål, first question, no answers."""
        if self._thanks_timer is not None:
            self._thanks_timer.stop()
            self._thanks_timer = None
        if self.state != KioskStep.THANKS:
            return
        self.answers = {}
        self.index = 0
        self.lang = "nb"
        self.message = ""
        self.state = KioskStep.QUESTION

    def on_key(self, event: events.Key) -> None:
        # Bindings run after this handler: a key on the thank-you starts over, and then
        # goes on to them as the next person's first key (j answers question 1).
        if self.state == KioskStep.THANKS:
            self.reset()
            q = self.current
            if event.key in START_ONLY_KEYS:
                event.stop()
                event.prevent_default()
            elif q is not None and q.kind == "text" and event.is_printable:
                # the first letter of the answer: the text field takes the focus only now
                event.stop()
                event.prevent_default()
                self.asking.text_area.insert(event.character or "")
        elif self.state == KioskStep.SAVING:
            event.stop()
            event.prevent_default()

    def on_click(self, event: events.Click) -> None:
        if self.state == KioskStep.THANKS:
            event.stop()
            self.reset()

    # ------------------------------------------------------------------ leaving

    def action_unlock(self) -> None:
        if isinstance(self.app.screen, KioskUnlockScreen):
            return

        def done(unlocked: bool | None) -> None:
            if unlocked:
                self.call_later(self._leave)

        self.app.push_screen(KioskUnlockScreen(self.pin), done)

    def _leave(self) -> None:
        if self._thanks_timer is not None:
            self._thanks_timer.stop()
        if self.app.screen is self:
            self.dismiss(None)
