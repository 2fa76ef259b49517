"""The kiosk's PIN rule: what a valid PIN is, how many wrong tries, when it unlocks.

Pure (no Textual): the kiosk screens hold one `PinLock` and ask it. The PIN itself is
kept only as a salted hash; after `MAX_TRIES` wrong tries in a row every try (even the
right PIN) waits `LOCKOUT_SECONDS`, then the count starts over.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
from collections.abc import Callable
from typing import Literal, NamedTuple

PIN_MIN, PIN_MAX = 4, 8
MAX_TRIES = 5
LOCKOUT_SECONDS = 30.0


def valid_pin(pin: str) -> bool:
    """4–8 ASCII digits (no other script's digits)."""
    return pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX


class PinTry(NamedTuple):
    """("ok", 0), ("wrong", tries left) or ("locked", seconds to wait)."""

    outcome: Literal["ok", "wrong", "locked"]
    number: int


class PinLock:
    """One kiosk's PIN and its count of wrong tries."""

    def __init__(self, pin: str, clock: Callable[[], float] = time.monotonic) -> None:
        if not valid_pin(pin):
            raise ValueError("the kiosk PIN must be 4–8 digits")
        self.clock = clock
        self._salt = secrets.token_bytes(16)
        self._hash = self._digest(pin)
        self._wrong_tries = 0
        self._locked_until: float | None = None

    @property
    def wrong_tries(self) -> int:
        return self._wrong_tries

    def _digest(self, pin: str) -> bytes:
        return hashlib.sha256(self._salt + pin.encode("ascii", "replace")).digest()

    def locked_for(self) -> int:
        """Seconds until the next try is allowed (0: now)."""
        if self._locked_until is None:
            return 0
        left = self._locked_until - self.clock()
        if left <= 0:
            self._locked_until = None
            self._wrong_tries = 0
            return 0
        return math.ceil(left)

    def try_pin(self, pin: str) -> PinTry:
        wait = self.locked_for()
        if wait:
            return PinTry("locked", wait)
        if hmac.compare_digest(self._digest(pin), self._hash):
            self._wrong_tries = 0
            return PinTry("ok", 0)
        self._wrong_tries += 1
        if self._wrong_tries >= MAX_TRIES:
            self._locked_until = self.clock() + LOCKOUT_SECONDS
            return PinTry("locked", math.ceil(LOCKOUT_SECONDS))
        return PinTry("wrong", MAX_TRIES - self._wrong_tries)
