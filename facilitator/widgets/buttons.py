"""Buttons as the keyboard uses them: every press counts, arrows go along a row."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button


class KeyButton(Button):
    """Enter or space presses it every time.

    Textual's Button ignores a key press during the 0.2 s flash of the press before
    (meant against a double click): two people typing one after the other at the
    kiosk, or one fast typist, lost the second Enter. A click during the flash is
    still ignored, as Textual has it.
    """

    def action_press(self) -> None:
        self.press()


class ButtonRow(Horizontal):
    """A row of buttons where ← and → go from one to the next (as Tab does): the
    delete dialog ignored the arrow keys."""

    BINDINGS = [
        Binding("left", "step(-1)", show=False),
        Binding("right", "step(1)", show=False),
    ]

    def action_step(self, delta: int) -> None:
        buttons = [b for b in self.query_children(Button) if b.display and not b.disabled]
        if not buttons:
            return
        focused = self.screen.focused
        index = buttons.index(focused) if focused in buttons else -delta
        buttons[(index + delta) % len(buttons)].focus()
