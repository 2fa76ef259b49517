"""The base of every form: errors at the field, nothing typed is ever lost.

A form compares what is on screen with what it started from. Escape on a changed
form asks before discarding; a save that fails keeps the text and shows the reason
under the field it concerns (or at the top of the form when it concerns no field).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea
from textual.widgets.input import Selection

from facilitator.i18n import t
from facilitator.screens.base import BaseScreen, after_typed_keys, error_text
from facilitator.widgets.text import literal


class FieldBox(Vertical):
    """A label, an input widget and the line where its error is shown."""

    DEFAULT_CSS = """
    FieldBox { height: auto; margin: 0 0 0 0; }
    FieldBox > Label { color: $text-muted; }
    FieldBox > .field-error { color: $error; height: auto; display: none; }
    FieldBox.-invalid > .field-error { display: block; }
    FieldBox.-invalid > Input { border: tall $error; }
    """

    def __init__(self, label: str, widget: Widget, *, field: str) -> None:
        super().__init__(id=f"box-{field}")
        self.label = label
        self.widget = widget
        self.field = field

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield self.widget
        yield Static("", classes="field-error")

    def set_error(self, message: str | None) -> None:
        self.set_class(bool(message), "-invalid")
        self.query_one(".field-error", Static).update(literal(message or ""))


def widget_value(widget: Widget) -> Any:
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Checkbox):
        return widget.value
    if isinstance(widget, Select):
        return None if widget.is_blank() else widget.value
    return getattr(widget, "value", None)


class FormScreen(BaseScreen):
    """Subclasses compose FieldBoxes and implement `save()`; call `saved()` on success."""

    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", id="save", priority=True),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._initial: dict[str, Any] | None = None
        self._saving = False

    def form_error(self) -> Static:
        return Static("", id="form-error", classes="form-error")

    def on_mount(self) -> None:
        # Textual calls BaseScreen.on_mount (the load) after this one by itself.
        boxes = self.query(FieldBox)
        if boxes:
            boxes.first().widget.focus()
        self.call_after_refresh(self.mark_clean)

    def snapshot(self) -> dict[str, Any]:
        return {box.field: widget_value(box.widget) for box in self.query(FieldBox)}

    def mark_clean(self) -> None:
        """What is on screen now is the form as loaded (called after each fill).

        The focused field shows its cursor after the text with nothing selected, the
        same whether the data arrived before or after the field took focus.
        """
        self._initial = self.snapshot()
        focused = self.focused
        if isinstance(focused, Input):
            focused.cursor_position = len(focused.value)
            focused.selection = Selection.cursor(focused.cursor_position)

    @property
    def dirty(self) -> bool:
        return self._initial is not None and self.snapshot() != self._initial

    def clear_errors(self) -> None:
        for box in self.query(FieldBox):
            box.set_error(None)
        for err in self.query("#form-error"):
            err.display = False

    def show_error(self, field: str | None, message: str) -> None:
        """Show `message` under the field, or at the top of the form."""
        box = next((b for b in self.query(FieldBox) if b.field == field), None)
        if box is not None:
            box.set_error(message)
            box.widget.focus()
            return
        for err in self.query("#form-error"):
            err.update(literal(message))
            err.display = True
            return
        self.app.notify(message, severity="error", timeout=8)

    def show_exception(self, exc: Exception) -> None:
        self._saving = False
        self.show_error(getattr(exc, "field", None), error_text(exc))

    @after_typed_keys
    def action_save(self) -> None:
        if self._saving:
            return
        self.clear_errors()
        self._saving = True
        try:
            self.save()
        except Exception as exc:  # noqa: BLE001 - shown at the field
            self.show_exception(exc)

    def save(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def saved(self, result: Any = None) -> None:
        """Call when the store has committed: the form closes with `result`."""
        self._saving = False
        self._initial = self.snapshot()
        self.app.notify(t("form.saved"), timeout=2)
        self.dismiss(result)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        from facilitator.screens.dialogs import ConfirmScreen

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(t("form.discard"), yes=t("form.discard.yes")), answer
        )
