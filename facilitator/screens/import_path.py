"""The import screen's path field: a path as typed or pasted, completed from the folder
(Tab or → accepts, as in a shell)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from textual.actions import SkipAction
from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import Input

from facilitator.widgets.bindings import translate_bindings


def clean_path(text: str) -> Path:
    """The path as typed or pasted: surrounding quotes (a file dragged into the
    terminal) and backslash-escaped spaces are taken away, ~ is the home folder."""
    value = text.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    path = Path(value).expanduser()
    if "\\ " in value and not path.exists():
        path = Path(value.replace("\\ ", " ")).expanduser()
    return path


class PathSuggester(Suggester):
    """Completes the last part of a path from the folder's entries (Tab or → accepts)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        return await asyncio.to_thread(self._complete, value)

    @staticmethod
    def _complete(value: str) -> str | None:
        head, sep, tail = value.rpartition("/")
        folder = Path(os.path.expanduser(head + sep if sep else "."))
        if not tail:
            return None
        try:
            with os.scandir(folder) as entries:
                names = []
                for n, entry in enumerate(entries):
                    if n > 2000:
                        break
                    if entry.name.casefold().startswith(tail.casefold()) and (
                            tail.startswith(".") or not entry.name.startswith(".")):
                        names.append(entry.name + ("/" if entry.is_dir() else ""))
        except OSError:
            return None
        if not names:
            return None
        # a table file before anything else, then the shortest name
        names.sort(key=lambda n: (not n.lower().endswith((".csv", ".xlsx", ".txt", "/")),
                                  len(n), n))
        # the name as it is on disk: "Svar" completes to "svar.csv", not "Svar.csv"
        return value[: len(value) - len(tail)] + names[0]


class PathInput(Input):
    """The path field: Tab accepts the completion (as in a shell) and stays in the
    field; with nothing to complete, Tab moves on as everywhere else."""

    BINDINGS = [Binding("tab", "complete", "key.import.complete", id="complete")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._could_complete = False
        self._looked_up: tuple[str, str | None] = ("", None)  # value, its completion
        translate_bindings(self)

    def completion(self, *, look_up: bool = False) -> str | None:
        """What Tab puts in the field, if the cursor is at the end: the completion
        shown, or (`look_up`) the folder's entry found now. A Tab typed right after
        the letters comes before the suggester's answer; it completes all the same."""
        value = self.value
        if not self.cursor_at_end or not value.strip():
            return None
        if len(self._suggestion) > len(value):
            return self._suggestion
        if self._looked_up[0] != value and look_up:
            self._looked_up = (value, PathSuggester._complete(value))
        found = self._looked_up[1] if self._looked_up[0] == value else None
        return found if found is not None and len(found) > len(value) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "complete":
            # False: hidden from the footer, and Tab goes on to focus the next field
            return self.completion(look_up=True) is not None
        return super().check_action(action, parameters)

    def action_complete(self) -> None:
        completion = self.completion(look_up=True)
        if completion is None:
            raise SkipAction()
        self.value = completion
        self.cursor_position = len(self.value)

    def _completion_changed(self) -> None:
        """The footer shows Tab while it completes."""
        could = self.completion() is not None
        if could != self._could_complete:
            self._could_complete = could
            self.refresh_bindings()

    def watch__suggestion(self) -> None:
        self._completion_changed()

    def watch_selection(self) -> None:
        self._completion_changed()
