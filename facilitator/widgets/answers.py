"""Fast answer fields for typing in paper evaluation forms.

A scale field takes a digit 1–6, a yes/no field takes j/y/1 or n/0; either fills the
answer and moves the cursor on. `-` or space marks the question skipped. Backspace
clears and steps back. Enter saves when the cursor is on the last field (and moves on
elsewhere). A 3-question form is therefore four keystrokes: "j 5 4 Enter".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static

from facilitator.i18n import get_language, t
from facilitator.text import clean

SKIPPED = "skipped"


@dataclass(frozen=True)
class QuestionView:
    """What a field needs to know of a (frozen) gathering question."""

    id: str
    text_nb: str
    text_en: str
    kind: str  # scale | yes_no | text

    @property
    def text(self) -> str:
        return (self.text_en if get_language() == "en" and self.text_en else self.text_nb)


class AnswerField(Widget):
    """One scale or yes/no answer; value is an int, SKIPPED, or None (empty).

    Fields never take focus: the form keeps it and routes each key to its current
    field, because a focus change per keystroke would re-lay-out the footer."""

    DEFAULT_CSS = """
    AnswerField { height: 1; width: 1fr; }
    AnswerForm:focus > AnswerField.-current { background: $accent 40%; }
    AnswerField.-current { background: $accent 20%; }
    """

    value: reactive[int | str | None] = reactive(None)

    def __init__(self, question: QuestionView, number: int) -> None:
        super().__init__(id=f"q-{question.id}")
        self.question = question
        self.number = number

    def render(self) -> Text:
        hint = "1–6" if self.question.kind == "scale" else t("answers.yes_no_keys")
        line = Text(f"{self.number:>2} ", style="bold")
        line.append(clean(self.question.text, limit=48).ljust(48))
        line.append(f" ({hint}) ".ljust(8), style="dim")
        line.append("[ ")
        line.append(self._shown(), style="bold")
        line.append(" ]")
        return line

    def invalid_hint(self, character: str) -> str:
        """What to say when `character` does not fit: the keys that do."""
        keys = "1–6" if self.question.kind == "scale" else t("answers.yes_no_keys")
        return t("answers.invalid_key", key=clean(character), keys=keys)

    def _shown(self) -> str:
        if self.value is None:
            return "  "
        if self.value == SKIPPED:
            return "–"
        if self.question.kind == "yes_no":
            return t("answers.yes") if self.value == 1 else t("answers.no")
        return str(self.value)

    def on_click(self) -> None:
        form = self.parent
        if isinstance(form, AnswerForm):
            form.go_to(self)

    def apply_key(self, event: events.Key) -> str | None:
        """Handle a key: "filled", "back", "submit", or None when not for us."""
        key = event.character or ""
        value: int | str | None = None
        if self.question.kind == "scale" and key and key in "123456":
            value = int(key)
        elif self.question.kind == "yes_no" and key and key.lower() in "jy1":
            value = 1
        elif self.question.kind == "yes_no" and key and key.lower() in "n0":
            value = 0
        elif key and key in "- ":
            value = SKIPPED
        elif event.key == "backspace":
            if self.value is not None:
                self.value = None  # clear this one and stay
                return "cleared"
            return "back"  # step back and clear that one
        elif event.key == "enter":
            return "submit"
        else:
            return None
        self.value = value
        return "filled"


class TextAnswer(Input):
    """A free-text answer; Enter submits the form, backspace on empty steps back."""

    def __init__(self, question: QuestionView, number: int) -> None:
        super().__init__(placeholder=t("answers.text_placeholder"), id=f"q-{question.id}")
        self.question = question
        self.number = number

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "backspace" and not self.value:
            event.stop()
            event.prevent_default()
            form = self.parent
            if isinstance(form, AnswerForm):
                form.move(-1, clear=True)
        # Otherwise Textual runs Input._on_key next, by itself (handlers of the MRO).


class AnswerForm(Vertical, can_focus=True):
    """The question fields of one response, in order. The form holds the focus (the
    text field takes it while the cursor is there) and routes keys to its current field,
    so keys typed faster than the screen repaints still land in the right place."""

    DEFAULT_CSS = """
    AnswerForm { height: auto; border: round $accent 50%; padding: 0 1; }
    AnswerForm .text-label { height: 1; }
    AnswerForm TextAnswer { margin: 0 0 0 3; }
    AnswerForm TextAnswer.-current { border: tall $accent; }
    AnswerForm.-locked { border: heavy $error; }
    """

    def __init__(self, questions: list[QuestionView],
                 on_submit: Callable[[], None], *,
                 on_invalid: Callable[[str], None] | None = None, **kwargs: Any) -> None:
        """`on_submit` runs when Enter is pressed on the last field. It is called
        directly inside the key handler, never through a message: keys typed right
        after Enter must not reach the form before it has been saved and cleared.
        `on_invalid` gets a short hint (in the user's language) when a printable key
        does not fit the current field; the key changes nothing."""
        super().__init__(**kwargs)
        self.questions = questions
        self.on_submit = on_submit
        self.on_invalid = on_invalid
        self.index = 0  # the field the cursor is on, updated at once (focus follows)
        # While locked (a response that could not be saved is shown), the form changes
        # nothing: Enter goes to on_submit (try again), every other key that would edit
        # a field is refused with `locked_hint`. Keys the form does not take (Escape,
        # F-keys, ctrl+…) go on to the screen's bindings as usual.
        self.locked_hint: str | None = None

    @property
    def locked(self) -> bool:
        return self.locked_hint is not None

    def lock_form(self, hint: str) -> None:
        self.locked_hint = hint
        self.add_class("-locked")
        if self.screen.focused is not self:
            self.focus()  # a text field being edited in place hands its keys back

    def unlock_form(self) -> None:
        self.locked_hint = None
        self.remove_class("-locked")

    def on_key(self, event: events.Key) -> None:
        self.route_key(event)

    def route_key(self, event: events.Key) -> None:
        fields = self.fields
        if not fields:
            return
        if self.locked_hint is not None:
            edits = (event.key in ("enter", "backspace", "delete", "left", "right", "up",
                                   "down", "home", "end", "tab", "shift+tab")
                     or (event.is_printable and bool(event.character)))
            if edits:
                event.stop()
                event.prevent_default()
                if event.key == "enter":
                    self.on_submit()
                elif self.on_invalid is not None:
                    self.on_invalid(self.locked_hint)
            return
        target = fields[self.index]
        last = self.index == len(fields) - 1
        if isinstance(target, TextAnswer):
            # Typed into without taking focus (no re-layout per key); arrows and the
            # like hand the field the focus so it can be edited in place. Other keys
            # (Escape, F-keys, ctrl+z) go on to the screen's bindings.
            if not (event.key in ("enter", "backspace", "left", "right", "home", "end")
                    or (event.is_printable and event.character)):
                return
            event.stop()
            event.prevent_default()
            if event.key == "enter":
                self.on_submit()
            elif event.key == "backspace":
                if target.value:
                    target.value = target.value[:-1]
                else:
                    self.move(-1, clear=True)
            elif event.is_printable and event.character:
                target.value += event.character
            elif event.key in ("left", "right", "home", "end"):
                target.focus()
            return
        outcome = target.apply_key(event)
        if outcome is None:
            if event.is_printable and event.character and isinstance(target, AnswerField):
                # "7" on a 1–6 field, "x" anywhere: nothing moves, and the user is told
                event.stop()
                event.prevent_default()
                if self.on_invalid is not None:
                    self.on_invalid(target.invalid_hint(event.character))
            return
        event.stop()
        event.prevent_default()
        if outcome == "filled" and not last:
            self.move(1)
        elif outcome == "back":
            self.move(-1, clear=True)
        elif outcome == "submit":
            if last:
                self.on_submit()
            else:
                self.move(1)

    def move(self, delta: int, *, clear: bool = False) -> None:
        """Move the cursor at once; optionally clear the field it lands on."""
        self._set_index(self.index + delta)
        target = self.fields[self.index]
        if clear and isinstance(target, AnswerField):
            target.value = None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.locked:  # a click into a text field: the form keeps the keys
            self.call_later(self.focus)
            return
        fields = self.fields
        if event.widget in fields:
            self._set_index(fields.index(event.widget), focus=False)

    def go_to(self, field: Widget) -> None:
        self._set_index(self.fields.index(field))

    def _set_index(self, index: int, *, focus: bool = True) -> None:
        fields = self.fields
        self.index = max(0, min(len(fields) - 1, index))
        for i, w in enumerate(fields):
            w.set_class(i == self.index, "-current")
        if not focus:
            return
        if self.screen.focused is not self:
            self.focus()

    def compose(self) -> ComposeResult:
        for number, q in enumerate(self.questions, start=1):
            if q.kind == "text":
                label = Text(f"{number:>2} ", style="bold")
                label.append(clean(q.text, limit=70))
                label.append(f"  ({t('answers.optional')})", style="dim")
                yield Static(label, classes="text-label")
                yield TextAnswer(q, number)
            else:
                yield AnswerField(q, number)

    @property
    def fields(self) -> list[Widget]:
        return [w for w in self.children if isinstance(w, AnswerField | TextAnswer)]

    def values(self) -> dict[str, int | str | None]:
        """question id → score/text/None (None = skipped or empty)."""
        out: dict[str, int | str | None] = {}
        for w in self.fields:
            if isinstance(w, TextAnswer):
                out[w.question.id] = w.value if w.value.strip() else None
            else:
                out[w.question.id] = None if w.value in (None, SKIPPED) else w.value
        return out

    def is_empty(self) -> bool:
        for w in self.fields:
            if isinstance(w, TextAnswer) and w.value.strip():
                return False
            if isinstance(w, AnswerField) and w.value is not None:
                return False
        return True

    def set_values(self, values: dict[str, Any]) -> None:
        for w in self.fields:
            v = values.get(w.question.id)
            if isinstance(w, TextAnswer):
                w.value = v or ""
            else:
                w.value = SKIPPED if v is None and w.question.id in values else v

    def state(self) -> tuple[int, list[int | str | None]]:
        """Exactly what is on screen (skipped marks, partial text, the cursor's field),
        to put it back with `set_state`."""
        return self.index, [w.value for w in self.fields]  # type: ignore[attr-defined]

    def set_state(self, state: tuple[int, list[int | str | None]]) -> None:
        index, values = state
        for w, value in zip(self.fields, values, strict=False):
            w.value = value if value is not None or not isinstance(w, TextAnswer) else ""
        self._set_index(index)

    def clear(self) -> None:
        for w in self.fields:
            if isinstance(w, TextAnswer):
                w.value = ""
            else:
                w.value = None
        self.focus_first()

    def focus_first(self) -> None:
        if self.fields:
            self._set_index(0)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.index = self.fields.index(event.input)
        if event.input is self.fields[-1]:
            self.on_submit()
        else:
            self.move(1)
