"""Screens whose keys commit at once, in the order they were pressed."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from facilitator.screens.base import BaseScreen, error_text

if TYPE_CHECKING:
    from facilitator.store import Store


class OrderedWritesScreen(BaseScreen):
    """Each change is committed after the one before it.

    Thread workers may finish in any order, so a toggle pressed twice quickly could end
    up saved as the first press. Changes wait in a queue that one worker runs in turn.
    The screen shows a change at once; if saving fails it says why and reloads.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writes: deque[Callable[[Store], object]] = deque()
        self._writing = False

    def commit(self, fn: Callable[[Store], object]) -> None:
        self._writes.append(fn)
        self._start_writes()

    def _start_writes(self) -> None:
        if not self._writing and self._writes:
            self._writing = True
            self.call_store(self._run_writes, self._writes_done, self._writes_failed,
                            group="ordered-writes")

    def _run_writes(self, store: Store) -> None:
        while self._writes:
            self._writes[0](store)
            self._writes.popleft()

    def _writes_done(self, _result: None) -> None:
        self._writing = False
        self._start_writes()  # changes queued after the worker last looked
        if not self._writing and self._reload_after_writes:
            self._reload_after_writes = False
            self.load()

    _reload_after_writes = False

    def reload_changed(self) -> None:
        """Another program wrote: read again, but only once this screen's own changes
        are on disk (a read before that would show them undone for a moment)."""
        if self._writing or self._writes:
            self._reload_after_writes = True
        else:
            self.load()

    def _writes_failed(self, exc: Exception) -> None:
        self._writes.clear()
        self._writing = False
        self.app.notify(error_text(exc), severity="error", timeout=8)
        self.load()
