"""The calendar of a network: which gatherings are held, the last one and the next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain import Calendar

TODAY = date(2026, 11, 14)


@dataclass(frozen=True)
class G:
    seq: int
    date: date
    end_date: date | None = None


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def test_a_gathering_today_is_held_tomorrow_is_not() -> None:
    cal = Calendar(TODAY)
    assert cal.is_held(G(1, day(0)))
    assert cal.is_held(G(1, day(-1)))
    assert not cal.is_held(G(1, day(1)))
    assert cal.is_future(G(1, day(1)))
    assert not cal.is_future(G(1, day(0)))


def test_a_gathering_of_two_days_that_started_yesterday_is_held_and_not_over() -> None:
    cal = Calendar(TODAY)
    two_days = G(1, day(-1), end_date=day(0))
    assert cal.is_held(two_days)
    assert not cal.is_over(two_days)
    assert cal.is_over(G(1, day(-2), end_date=day(-1)))
    assert cal.is_over(G(1, day(-1)))
    assert not cal.is_over(G(1, day(0)))


def test_days_until() -> None:
    cal = Calendar(TODAY)
    assert cal.days_until(G(1, day(1))) == 1
    assert cal.days_until(G(1, day(30))) == 30
    assert cal.days_until(G(1, day(-3))) == -3


def test_last_and_next_in_a_year_of_gatherings() -> None:
    gatherings = [G(1, day(-200)), G(2, day(-90)), G(3, day(0)), G(4, day(60))]
    cal = Calendar(TODAY, gatherings)
    assert cal.held == gatherings[:3]
    assert cal.ahead == gatherings[3:]
    assert cal.last_held() == gatherings[2]
    assert cal.next() == gatherings[3]


def test_before_the_first_and_after_the_last() -> None:
    ahead = Calendar(TODAY, [G(1, day(5)), G(2, day(50))])
    assert ahead.last_held() is None and ahead.held == []
    assert ahead.next() == G(1, day(5))
    over = Calendar(TODAY, [G(1, day(-50)), G(2, day(-5))])
    assert over.next() is None and over.ahead == []
    assert over.last_held() == G(2, day(-5))
    empty = Calendar(TODAY)
    assert empty.last_held() is None and empty.next() is None


def test_numbers_out_of_date_order_last_and_next_go_by_date() -> None:
    """Gathering 3 dated before 2 (the form warns, but allows it): the last held is the
    latest by date; `held` keeps the order given (by number)."""
    two, three = G(2, day(-10)), G(3, day(-40))
    cal = Calendar(TODAY, [G(1, day(-80)), two, three, G(4, day(9)), G(5, day(3))])
    assert cal.last_held() == two
    assert cal.held[-1] == three
    assert cal.next() == G(5, day(3))


def test_same_day_the_higher_number_is_last_and_the_lower_next() -> None:
    cal = Calendar(TODAY, [G(2, day(-1)), G(1, day(-1)), G(4, day(2)), G(3, day(2))])
    assert cal.last_held() == G(2, day(-1))
    assert cal.next() == G(3, day(2))


offsets = st.lists(st.integers(min_value=-400, max_value=400), max_size=12)


@given(offsets)
def test_held_and_ahead_split_the_gatherings_in_order(days: list[int]) -> None:
    gatherings = [G(i + 1, day(d)) for i, d in enumerate(days)]
    cal = Calendar(TODAY, gatherings)
    assert sorted(cal.held + cal.ahead, key=lambda g: g.seq) == gatherings
    assert all(g.date <= TODAY for g in cal.held)
    assert all(g.date > TODAY for g in cal.ahead)
    assert [g.seq for g in cal.held] == sorted(g.seq for g in cal.held)


@given(offsets)
def test_last_held_is_before_next_and_nothing_lies_between(days: list[int]) -> None:
    gatherings = [G(i + 1, day(d)) for i, d in enumerate(days)]
    cal = Calendar(TODAY, gatherings)
    last, nxt = cal.last_held(), cal.next()
    assert (last is None) == (not any(d <= 0 for d in days))
    assert (nxt is None) == (not any(d > 0 for d in days))
    if last is not None:
        assert all((g.date, g.seq) <= (last.date, last.seq) for g in cal.held)
    if nxt is not None:
        assert all((g.date, g.seq) >= (nxt.date, nxt.seq) for g in cal.ahead)
    if last is not None and nxt is not None:
        assert last.date <= TODAY < nxt.date


@given(st.integers(min_value=-400, max_value=400), st.integers(min_value=0, max_value=5))
def test_is_over_only_after_the_last_day(start: int, length: int) -> None:
    g = G(1, day(start), end_date=day(start + length) if length else None)
    cal = Calendar(TODAY)
    assert cal.is_over(g) == (start + length < 0)
    assert cal.is_held(g) == (start <= 0)
    assert cal.days_until(g) == start
