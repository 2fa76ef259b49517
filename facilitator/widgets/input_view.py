"""A text field that is not focused shows the start of its text.

Textual's `Input` scrolls its view to follow the cursor and leaves it there: a field
whose text is wider than itself went on showing the end of the text after the focus
left it ("…formannskapet 12.05"), and so did one whose value the program set (a form
filled from the database), when the start is what one reads to know what a field
holds. The app calls `show_start` for every Input that loses the focus or changes
while it has none, and `show_cursor` for one that gains it, so the cursor is in view
again where the user types.

Only the view moves: the cursor position and the selection are left as they are, so
the cursor rules of `screens/form.py` (a form opens with the cursor after the first
field's text, Tab into a field selects its text) hold as before.
"""

from __future__ import annotations

import sys
from typing import Any

from textual.geometry import Region


def _is_input(widget: Any) -> bool:
    # Not an import of Input: a screen without text fields (the first one) does not
    # pay for loading it; a widget can be an Input only once its module is loaded.
    module = sys.modules.get("textual.widgets._input")
    return module is not None and isinstance(widget, module.Input)


def show_start(widget: Any) -> None:
    """Scroll an Input without the focus back to the start of its text.

    After the next refresh, as Textual scrolls to the cursor when a value is set: this
    comes after that."""
    if _is_input(widget) and not widget.has_focus:
        widget.scroll_to(x=0, animate=False)


def show_cursor(widget: Any) -> None:
    """Scroll a focused Input so its cursor is in view."""
    if _is_input(widget):
        widget.scroll_to_region(Region(widget._cursor_offset, 0, width=1, height=1),  # noqa: SLF001
                                force=True, animate=False, immediate=True)
