"""A checkbox whose state reads without colour."""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A Checkbox that reads without colour, like the Checklist: ✓ when ticked, blank
    when not (the stock widget shows X in both and tells them apart by colour)."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802
        return "✓" if self.value else " "
