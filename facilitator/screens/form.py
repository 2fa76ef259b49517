"""The base of every form: errors at the field, nothing typed is ever lost.

A form compares what is on screen with what it started from. Escape on a changed
form asks before discarding; a save that fails keeps the text and shows the reason
under the field it concerns (under the row, for a field in a row; at the top of the
form when it concerns no field), until the user changes that field.

The cursor, the same in every form: a form opens with the cursor after the first
field's text and nothing selected; Tab into a field selects its text (Textual's
standard), and so does an error, which puts the focus on its field.

A form with free text keeps a draft while it is typed (`DraftKeeper`, in
`screens/form_drafts.py`): a crash costs at most the last few seconds of typing.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.input import Selection

from facilitator.i18n import t
from facilitator.limits import count_text, limit_for
from facilitator.screens import base
from facilitator.screens.base import BaseScreen, error_text
from facilitator.screens.form_drafts import DraftKeeper
from facilitator.text import literal
from facilitator.widgets.limited import TooLong, limit_text


class RowErrors(Static):
    """The errors of the fields in a row, on lines under the whole row.

    A field in a row may be a few columns wide (a number, a date): its own error line
    would squeeze a sentence into that column, a word or two a line. In a row every
    field's error is shown here instead, across the row's full width.
    """

    DEFAULT_CSS = """
    RowErrors { color: $error; height: auto; display: none; }
    """


class FieldBox(Vertical):
    """A label, an input widget and the line where its error is shown.

    The error goes as soon as the user changes the field (it described the value
    that was there); in a row of fields it is shown under the row (RowErrors).
    A text field takes as much text as its kind of field does (`facilitator.limits`):
    a key or a paste beyond that is refused with a message here.
    """

    DEFAULT_CSS = """
    FieldBox { height: auto; margin: 0 0 0 0; }
    FieldBox > Label { color: $text-muted; }
    FieldBox > .field-error { color: $error; height: auto; display: none; }
    FieldBox.-invalid > .field-error { display: block; }
    FieldBox.-invalid.-in-row > .field-error { display: none; }
    FieldBox.-invalid > Input { border: tall $error; }
    """

    def __init__(self, label: str, widget: Widget, *, field: str) -> None:
        super().__init__(id=f"box-{field}")
        self.label = label
        self.widget = widget
        self.field = field
        self.message: str | None = None
        self._error_value: Any = None  # the value the error is about
        if isinstance(widget, Input | TextArea):
            limit_text(widget, limit_for(field, multiline=isinstance(widget, TextArea)))

    def compose(self) -> ComposeResult:
        yield Label(self.label)
        yield self.widget
        yield Static("", classes="field-error")

    def on_mount(self) -> None:
        self.set_class(self._row() is not None, "-in-row")

    def _row(self) -> Horizontal | None:
        parent = self.parent
        return parent if isinstance(parent, Horizontal) else None

    def set_error(self, message: str | None) -> None:
        self.message = message or None
        self._error_value = self._value() if self.message else None
        self.set_class(bool(self.message), "-invalid")
        self.query_one(".field-error", Static).update(literal(message or ""))
        row = self._row()
        if row is not None:
            _repaint_row_errors(row)

    def _value(self) -> Any:
        return widget_value(self.widget)

    def _changed(self) -> None:
        if self.message is not None and self._value() != self._error_value:
            self.set_error(None)

    # The widget's own messages bubble up through its box: a change clears the error.
    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    def _widget_changed(self, event: Message) -> None:
        if getattr(event, "control", None) is self.widget:
            self._changed()

    @on(TooLong)
    def _too_long(self, event: TooLong) -> None:
        if event.widget is self.widget:
            event.stop()
            self.set_error(t("limit.refused", max=count_text(event.limit),
                             n=count_text(event.length)))


def _repaint_row_errors(row: Horizontal) -> None:
    """Show the errors of the row's fields under the row (made when first needed)."""
    messages = [box.message for box in row.query_children(FieldBox) if box.message]
    text = Text("\n").join(literal(m) for m in messages)
    line: RowErrors | None = getattr(row, "_row_errors", None)
    if line is None:
        if not messages or row.parent is None:
            return
        line = RowErrors(text)
        row._row_errors = line  # type: ignore[attr-defined]
        row.parent.mount(line, after=row)
    else:
        line.update(text)
    line.display = bool(messages)


def widget_value(widget: Widget) -> Any:
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, SelectionList):
        return sorted(widget.selected)
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Checkbox):
        return widget.value
    if isinstance(widget, Select):
        return None if widget.is_blank() else widget.value
    return getattr(widget, "value", None)


class FormScreen(DraftKeeper, BaseScreen):
    """Subclasses compose FieldBoxes and implement `save()`; call `saved()` on success.

    A subclass with free text sets `DRAFT_KIND` and the rest of what `DraftKeeper`
    asks for, and wraps its save's store call in `self.saving(...)`. A form that edits
    a record reads it in `load()` (`read_store(fetch, self.Loaded, group="form")`) and
    fills its fields in `receive(data)`.
    """

    class Loaded(base.Loaded[Any]):
        """What the form is filled from, as `load()` read it."""

    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", id="save", priority=True),
        Binding("escape", "cancel", "key.cancel", id="cancel"),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._initial: dict[str, Any] | None = None
        self._saving = False
        self._select_again: Input | None = None
        self._boxes: list[FieldBox] | None = None  # the fields, kept from mount on
        self._init_drafts()

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.receive(message.data)

    def receive(self, data: Any) -> None:
        """Fill the fields from what `load()` read."""

    def reload_changed(self) -> None:
        """A form never reloads under the user's hands: what they typed stays. (Saving
        an edit of a record another program changed meanwhile is the later writer's.)"""

    def form_error(self) -> Static:
        return Static("", id="form-error", classes="form-error")

    def on_mount(self) -> None:
        # Textual calls BaseScreen.on_mount (the load) after this one by itself.
        boxes = self.query(FieldBox)
        self._boxes = list(boxes)
        if boxes:
            first = boxes.first().widget
            if isinstance(first, Input) and first.select_on_focus:
                # Opening a form puts the cursor after the text, nothing selected. The
                # Input would select everything when its Focus event arrives, which may
                # be after mark_clean (a form filled in compose has no later fill):
                # it selects on focus again once it has lost focus once (Tab into it).
                first.select_on_focus = False
                self._select_again = first
            first.focus()
        self.call_after_refresh(self.mark_clean)
        self.start_drafts()

    def on_descendant_blur(self, event: Any) -> None:
        widget = self._select_again
        if widget is not None and event.widget is widget:
            widget.select_on_focus = True
            self._select_again = None
        self.draft_on_blur()

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    def _field_changed(self) -> None:
        self.note_change()

    def on_unmount(self) -> None:
        # Gone without a save or a discard (the app quits): keep what is unsaved.
        self.write_draft_now()

    def snapshot(self) -> dict[str, Any]:
        """The values of the form's fields (a ticked list as its sorted values).

        Read from the fields kept at mount: it works while the form is being removed
        too (a last draft as the app quits)."""
        boxes = self._boxes if self._boxes is not None else self.query(FieldBox)
        return {box.field: widget_value(box.widget) for box in boxes}

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
        self._after_mark_clean()

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
            widget = box.widget
            widget.focus()
            if isinstance(widget, Input):
                # As when tabbing into it: what is typed next replaces the wrong value
                # (an arrow key keeps it to edit). Without this, a field that still had
                # the focus kept its cursor at the end, and a corrected date was typed
                # after the wrong one («2026-13-0101.01.2026»).
                widget.selection = Selection(0, len(widget.value))
            return
        for err in self.query("#form-error"):
            err.update(literal(message))
            err.display = True
            return
        self.app.notify(message, severity="error", timeout=8)

    def show_exception(self, exc: Exception) -> None:
        self._saving = False
        self.show_error(getattr(exc, "field", None), error_text(exc))

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
            self.discard_draft()
            self.dismiss(None)
            return
        from facilitator.screens.dialogs import ConfirmScreen

        def answer(discard: bool | None) -> None:
            if discard:
                self.discard_draft()
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(t("form.discard"), yes=t("form.discard.yes")), answer
        )
