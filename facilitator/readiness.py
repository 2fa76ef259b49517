"""Keys typed before the app or a screen is ready wait until it is.

"Ready" is what the next key acts on being on screen: the database open (the app),
and for a screen its data (its first load, and every store call a key started: "Delete
j Delete j" deletes two rows, not the first one twice; "n Kari ctrl+s Enter" opens the
new row). A screen says whether it is ready with its `ready` property and posts
`ScreenReady` to the app when it has become so (`screens/base.py`); the app holds the
keys while the screen on top is not ready, or one beneath it has store calls out
(`calls_done`), or while the app holds them itself
(`hold_keys`: the database being opened). The order the keys then go in is
`keyorder.py`'s job.

Nothing waits for good: a screen not ready after `LOAD_TIMEOUT` (a read that hangs),
or a hold past its own timeout, lets the keys go on (`holds_given_up` counts them).
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual import on
from textual.message import Message

from facilitator import keyorder
from facilitator.keyorder import KeysInOrder

LOAD_TIMEOUT = 3.0  # the longest keys wait for a screen to read its data
R = TypeVar("R")


class ScreenReady(Message):
    """A screen is ready for the keys typed meanwhile (posted to the app)."""

    def __init__(self, screen: Any) -> None:
        super().__init__()
        self.screen = screen


class KeysWaitForReady(KeysInOrder[R]):
    """An App whose keys, in order, wait for the app and its screens to be ready."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.holds_given_up = 0  # waits that outlived their timeout (should stay 0)
        self._holds: dict[object, float] = {}  # what the keys wait for -> until when
        self._unready: dict[Any, float] = {}  # a screen not ready -> until when
        self._gone_by: set[Any] = set()  # screens not ready too long: keys go on

    def hold_keys(self, token: object, timeout: float) -> None:
        """Keys typed from now on wait until `release_keys(token)` (or the timeout)."""
        self._holds[token] = keyorder.clock() + timeout

    def release_keys(self, token: object) -> None:
        """What the keys waited for is there (a token not held is ignored)."""
        if self._holds.pop(token, None) is not None and not self._holds:
            self.keys_may_go_on()

    @on(ScreenReady)
    def _screen_ready(self, _message: ScreenReady) -> None:
        self.keys_may_go_on()

    def keys_held(self, now: float) -> float | None:
        for token, until in list(self._holds.items()):
            if until <= now:
                del self._holds[token]
                self.holds_given_up += 1
        deadlines = list(self._holds.values())
        stack = list(self.screen_stack)
        for screen in list(self._unready):
            if screen not in stack or _ready(screen, screen is self.screen):
                del self._unready[screen]  # closed, or ready again
                self._gone_by.discard(screen)
        self._gone_by.intersection_update(stack)
        for screen in stack:
            if _ready(screen, screen is self.screen) or screen in self._gone_by:
                continue
            until = self._unready.setdefault(screen, now + LOAD_TIMEOUT)
            if until <= now:
                # A read still in flight after LOAD_TIMEOUT no longer holds the keys
                # back (they would wait for good on a read that hangs).
                self._gone_by.add(screen)
                self.holds_given_up += 1
            else:
                deadlines.append(until)
        return min(deadlines) if deadlines else None


def _ready(screen: Any, on_top: bool) -> bool:
    """Whether `screen` lets the keys go on: the top screen when it is `ready`; one
    beneath it once its store calls are back (`calls_done`: a reload after another
    program wrote), whatever else it waits for itself."""
    return bool(getattr(screen, "ready" if on_top else "calls_done", True))
