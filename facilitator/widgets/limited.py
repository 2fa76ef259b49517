"""Text fields that refuse more text than they take (`facilitator.limits`).

`limit_text(widget, limit)` makes an `Input` or a `TextArea` refuse an edit typed or
pasted that would make its text longer than `limit` characters: the text stays as it
was and the widget posts `TooLong`, so the form shows a message at the field (a paste
of 200,000 characters is refused whole, not cut off somewhere the user cannot see).
Deleting is always possible. A value the program sets (a record loaded, a draft
restored) is shown as it is; the store refuses to save it if it is too long.

The edits are caught where Textual's widgets make them from keys and pastes:
`Input.replace` (typing, pasting, and the Input's editing API) and
`TextArea._replace_via_keyboard` (typing, pasting, the TextArea's clipboard).
"""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, TextArea


class TooLong(Message):
    """An edit was refused: the text would have been `length` > `limit` characters."""

    def __init__(self, widget: Widget, length: int, limit: int) -> None:
        super().__init__()
        self.widget = widget
        self.length = length
        self.limit = limit

    @property
    def control(self) -> Widget:
        return self.widget


def limit_text(widget: Widget, limit: int) -> None:
    """Refuse edits of `widget` (an Input or a TextArea) beyond `limit` characters."""
    widget.text_limit = limit  # type: ignore[attr-defined]
    if isinstance(widget, Input):
        replace = widget.replace

        def guarded_replace(text: str, start: int, end: int) -> None:
            value = widget.value
            start, end = sorted((max(0, start), min(len(value), end)))
            length = len(value) - (end - start) + len(text)
            if length > limit and length > len(value):
                widget.post_message(TooLong(widget, length, limit))
                return
            replace(text, start, end)

        widget.replace = guarded_replace  # type: ignore[method-assign]
    elif isinstance(widget, TextArea):
        keyboard = widget._replace_via_keyboard  # noqa: SLF001 - see the module docstring

        def guarded_keyboard(insert: str, start: Any, end: Any) -> Any:
            if widget.read_only:
                return None
            now = len(widget.text)
            length = now - len(widget.get_text_range(start, end)) + len(insert)
            if length > limit and length > now:
                widget.post_message(TooLong(widget, length, limit))
                return None
            return keyboard(insert, start, end)

        widget._replace_via_keyboard = guarded_keyboard  # type: ignore[method-assign]
