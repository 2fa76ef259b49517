"""The kiosk's PIN rule on its own: valid PINs, wrong tries, the lock-out and its end."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.kiosk_pin import (
    LOCKOUT_SECONDS,
    MAX_TRIES,
    PIN_MAX,
    PIN_MIN,
    PinLock,
    valid_pin,
)

PIN = "2468"
ascii_pins = st.text(alphabet="0123456789", min_size=PIN_MIN, max_size=PIN_MAX)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@given(ascii_pins)
def test_four_to_eight_ascii_digits_are_a_pin(pin: str) -> None:
    assert valid_pin(pin)


@given(st.text(max_size=12))
def test_anything_else_is_not(text: str) -> None:
    expected = (text.isascii() and text.isdigit() and PIN_MIN <= len(text) <= PIN_MAX)
    assert valid_pin(text) is expected


@pytest.mark.parametrize("bad", ["123", "123456789", "12a4", "", "١٢٣٤", " 1234", "12 34"])
def test_examples_of_no_pin(bad: str) -> None:
    assert not valid_pin(bad)
    with pytest.raises(ValueError):
        PinLock(bad)


@given(ascii_pins, ascii_pins)
def test_only_the_pin_unlocks(pin: str, other: str) -> None:
    lock = PinLock(pin)
    assert lock.try_pin(pin) == ("ok", 0)
    if other != pin:
        assert lock.try_pin(other) == ("wrong", MAX_TRIES - 1)
        assert lock.try_pin(pin) == ("ok", 0)
        assert lock.wrong_tries == 0  # the right PIN forgets the wrong tries


def test_the_pin_is_not_kept_in_clear() -> None:
    lock = PinLock(PIN)
    assert PIN not in repr(vars(lock))
    assert PinLock(PIN)._hash != lock._hash  # salted: two kiosks, two hashes


def test_five_wrong_tries_lock_every_try_for_thirty_seconds() -> None:
    clock = Clock()
    lock = PinLock(PIN, clock)
    for left in range(MAX_TRIES - 1, 0, -1):
        assert lock.try_pin("0000") == ("wrong", left)
    assert lock.locked_for() == 0
    assert lock.try_pin("0000") == ("locked", LOCKOUT_SECONDS)
    assert lock.try_pin(PIN) == ("locked", 30)  # even the right PIN waits
    clock.now += 20
    assert lock.locked_for() == 10
    clock.now += 9.5
    assert lock.try_pin(PIN) == ("locked", 1)  # rounded up: never «0 seconds»
    clock.now += 0.5
    assert lock.locked_for() == 0
    assert lock.wrong_tries == 0  # the count starts over
    assert lock.try_pin("0000") == ("wrong", MAX_TRIES - 1)
    assert lock.try_pin(PIN) == ("ok", 0)


@given(st.lists(st.booleans(), max_size=12))
def test_any_run_of_tries_before_a_lock_out(rights: list[bool]) -> None:
    """Right tries reset the count; MAX_TRIES wrong ones in a row lock."""
    lock = PinLock(PIN, Clock())
    in_a_row = 0
    for right in rights:
        result = lock.try_pin(PIN if right else "1357")
        if in_a_row >= MAX_TRIES:
            assert result.outcome == "locked"
            continue
        in_a_row = 0 if right else in_a_row + 1
        if right:
            assert result == ("ok", 0)
        elif in_a_row == MAX_TRIES:
            assert result == ("locked", LOCKOUT_SECONDS)
        else:
            assert result == ("wrong", MAX_TRIES - in_a_row)
