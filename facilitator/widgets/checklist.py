"""A list of options to tick, as the forms use it (themes, who came)."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist


class Checklist(SelectionList[str]):
    """A SelectionList that reads without colour: a ticked box shows ✓, an empty one
    is blank (the stock widget shows X in both and tells them apart by colour).

    With no options it is no tab stop: an empty list is zero lines high, and Tab put
    the cursor in it, where the text typed next went nowhere.
    """

    def allow_focus(self) -> bool:
        return self.option_count > 0 and super().allow_focus()

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        _text, style, control = segments[1]
        segments[1] = Segment("✓" if option.value in self.selected else " ", style, control)
        return Strip(segments, strip.cell_length)
