"""The cycle summary: one frozen object that every export format renders.

Cycle N ends with gathering N. It holds the home work given at gathering N−1 (due at
N) with each municipality's final status; the municipality meetings held after
gathering N−1 up to gathering N; gathering N itself (kind, dates, place, themes,
attendance by municipality and role, evaluation); the home work given at N and the
next gathering; and the evaluation trend over gatherings 1..N. Cycle 1 is the first
gathering alone.

Privacy is settled when a summary is built, once, for every format: no participant names in the
evaluation; breakdowns list every member municipality and every role, and "not given",
hiding groups with fewer than 5 answers (none included) and as many more as needed
for no hidden group to be worked out from the totals (`stats.suppressed_groups`);
free text only for the whole gathering; attendance by name only on request.

This module is the summary's types, all the exporters import; `cycle_build` builds a
summary from the store (and is where pandas does the tabular work).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from facilitator import stats
from facilitator.domain import (
    ADMINISTRATION_ROLES,
    EMPLOYEE_ROLES,
    POLITICAL_ROLES,
    GatheringFacts,
    Role,
    norwegian_key,
)
from facilitator.errors import UserError


class CycleError(UserError, LookupError):
    """The network or cycle does not exist; `key`/`params` name the message."""


@dataclass(frozen=True)
class GatheringInfo(GatheringFacts):
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class HomeWorkInfo:
    title: str
    description: str
    given_at: int  # gathering seq
    due: date | None
    # municipality name → (status or None, status date, note), in Norwegian order
    statuses: tuple[tuple[str, str | None, date | None, str], ...] = ()


@dataclass(frozen=True)
class MeetingInfo:
    municipality: str
    date: date
    kind: str
    place: str
    press_present: bool
    themes: tuple[str, ...]
    summary: str
    decisions: str
    follow_ups: str
    people_by_role: tuple[tuple[str, int], ...]  # registered + counted, per role
    missing_parties: tuple[str, ...]  # "political" / "administration" / "employees"

    @property
    def people(self) -> int:
        return sum(n for _, n in self.people_by_role)


@dataclass(frozen=True)
class QuestionResult:
    position: int
    text_nb: str
    text_en: str
    kind: str
    stats: stats.QuestionStats
    # group → stats, None where hidden (n < 5, none, or complementary): every member
    # municipality (every role), then NOT_GIVEN; empty when no response has the tag
    by_municipality: tuple[tuple[str, stats.QuestionStats | None], ...] = ()
    by_role: tuple[tuple[str, stats.QuestionStats | None], ...] = ()


@dataclass(frozen=True)
class TrendRow:
    seq: int
    date: date
    title: str
    responses: int
    share_yes: float | None  # the first yes/no question ("met expectations")
    means: tuple[float | None, ...]  # the scale questions, in the order of trend_questions


@dataclass(frozen=True)
class CycleSummary:
    network: str
    advisers: str
    contact_emails: tuple[str, ...]
    language: str  # nb / nn / en
    cycle: int
    gathering: GatheringInfo
    previous: GatheringInfo | None
    next: GatheringInfo | None
    municipalities: tuple[str, ...]  # member municipalities, Norwegian order
    homework: tuple[HomeWorkInfo, ...]  # given at N−1, due at N
    homework_ahead: tuple[HomeWorkInfo, ...]  # given at N
    meetings: tuple[MeetingInfo, ...]
    present: int
    registered: int
    attendance: tuple[tuple[str, str, int], ...]  # municipality, role, present count
    attendance_names: tuple[tuple[str, str, str], ...]  # municipality, name, role (opt-in)
    responses: int
    questions: tuple[QuestionResult, ...]
    comments: tuple[str, ...]  # free text for the whole gathering only
    trend_questions: tuple[str, ...]  # labels of the trend's scale columns (nb)
    trend_questions_en: tuple[str, ...]
    trend: tuple[TrendRow, ...]
    generated: datetime
    pivot: tuple[tuple[str, tuple[str | None, ...]], ...] = field(default=())
    """Home work as municipality × assignment status (rows in Norwegian order)."""

    @property
    def over_attendance(self) -> bool:
        """More responses than people marked present: attendance was not taken in full,
        so a response rate would be meaningless (it would exceed 100 %)."""
        return self.responses > self.present

    @property
    def response_rate(self) -> float | None:
        """Responses / present; None without attendance or with more responses than it."""
        if not self.present or self.over_attendance:
            return None
        return self.responses / self.present

    def attendance_by_municipality(self) -> list[tuple[str, int]]:
        totals: dict[str, int] = {}
        for mun, _role, n in self.attendance:
            totals[mun] = totals.get(mun, 0) + n
        return sorted(totals.items(), key=lambda kv: norwegian_key(kv[0]))

    def attendance_by_role(self) -> list[tuple[str, int]]:
        totals: dict[str, int] = {}
        for _mun, role, n in self.attendance:
            totals[role] = totals.get(role, 0) + n
        return sorted(totals.items(), key=lambda kv: role_rank(kv[0]))


def role_rank(role: str) -> int:
    """A role's place in the order of `Role` (one unknown to this version comes last)."""
    order = [r.value for r in Role]
    return order.index(role) if role in order else len(order)


def missing_parties(roles: list[str]) -> tuple[str, ...]:
    """Which parties of three-party cooperation are absent among `roles`."""
    present = set(roles)
    missing = []
    if not present & {r.value for r in POLITICAL_ROLES}:
        missing.append("political")
    if not present & {r.value for r in ADMINISTRATION_ROLES}:
        missing.append("administration")
    if not present & {r.value for r in EMPLOYEE_ROLES}:
        missing.append("employees")
    return tuple(missing)


# The breakdown row of the responses that carry no municipality (or no role).
NOT_GIVEN = "\0not_given"
