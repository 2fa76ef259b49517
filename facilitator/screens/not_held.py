"""The one guard before acting on a gathering that has not been held yet.

Evaluating it, taking its attendance, setting statuses of home work given at it, or
running the kiosk for it: each screen asks "not held yet — go on?" the same way, with
its own last sentence (`go_on_key`), and remembers a yes for that gathering while open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from facilitator.domain import Calendar
from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.screens.dialogs import ConfirmScreen


class NotHeldGuard:
    """Asks once per gathering whether to go on with a gathering not held yet.

    `node` is the screen that asks (its app gives today's date and shows the dialog).
    While a question is open, a second check does not ask again."""

    def __init__(self, node: Any, go_on_key: str) -> None:
        self.node = node
        self.go_on_key = go_on_key
        self.agreed: set[str] = set()  # the gatherings the user said to go on with
        self.asking = False

    def calendar(self) -> Calendar[Any] | None:
        """Today's calendar; None where the app has no date (then all is held)."""
        today = getattr(self.node.app, "today", None)
        return Calendar(today()) if callable(today) else None

    def is_future(self, gathering: Any) -> bool:
        """The gathering has not been held yet (it starts after today)."""
        calendar = self.calendar()
        return calendar is not None and calendar.is_future(gathering)

    def not_held_line(self, gathering: Any) -> str:
        """"Gathering 5 (12.03.2027) is in 3 days." (or "tomorrow")."""
        days = Calendar(self.node.app.today()).days_until(gathering)
        key = "entry.future_tomorrow" if days == 1 else "entry.future"
        return t(key, seq=gathering.seq, date=format_date(gathering.date), days=days)

    def held_or_asked(self, gathering: Any | None, go_on: Callable[[], None],
                      declined: Callable[[], None] | None = None) -> bool:
        """True when the caller may act on `gathering` now: none, held, or agreed to
        before. Otherwise asks (unless a question is open already) and returns False;
        after yes it calls `go_on()`, after no `declined()`, if the screen is still
        there."""
        if gathering is None or gathering.id in self.agreed or not self.is_future(gathering):
            return True
        if self.asking:
            return False
        self.asking = True
        def answer(yes: bool | None) -> None:
            self.asking = False
            if not self.node.is_attached:
                return
            if yes:
                self.agreed.add(gathering.id)
                go_on()
            elif declined is not None:
                declined()

        question = self.not_held_line(gathering) + " " + t(self.go_on_key)
        self.node.app.push_screen(ConfirmScreen(question, yes=t("entry.future_yes"),
                                                danger=False, enter_yes=True), answer)
        return False
