"""A button that takes every key press."""

from __future__ import annotations

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
