"""Plain read-only records the store returns (rows for lists, an overview, a response).

No sqlmodel import here: screens can use these types without loading the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from facilitator.domain import GatheringFacts


@dataclass(frozen=True)
class Member:
    membership_id: str
    municipality_id: str
    number: str
    name: str
    county: str
    cohort: str
    joined_on: date | None
    left_on: date | None
    participants: int


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str
    email: str | None
    active: bool
    municipality_id: str
    municipality: str


@dataclass(frozen=True)
class DraftRow:
    """A draft as the start-up dialog and the forms see it."""

    id: str
    kind: str
    record_id: str | None
    network_id: str | None
    network_name: str | None  # None: no network (a new one), or it was deleted
    snapshot: dict[str, Any]
    created_at: datetime
    updated_at: datetime  # aware, UTC


@dataclass(frozen=True)
class ThemeMatrix:
    gatherings: list[tuple[str, int, str, date]]  # id, seq, title, date
    themes: list[tuple[str, str]]  # id, name
    cells: frozenset[tuple[str, str]]  # (gathering id, theme id)


@dataclass(frozen=True)
class GatheringRow(GatheringFacts):
    """One line of a network's list of gatherings."""

    id: str
    present: int  # participants marked present
    marked: int  # participants marked at all (0: attendance not taken yet)


@dataclass(frozen=True)
class AttendanceCount:
    municipality: str
    role: str
    count: int


@dataclass(frozen=True)
class StatusChange:
    """A status as it was before a change (status None: there was none)."""

    homework_id: str
    municipality_id: str
    status: str | None
    note: str
    status_date: date | None


@dataclass(frozen=True)
class Meeting:
    id: str
    municipality_id: str
    municipality: str
    date: date
    kind: str
    place: str
    press_present: bool
    summary: str
    decisions: str
    follow_ups: str
    participant_ids: tuple[str, ...]
    participant_roles: tuple[str, ...]
    headcounts: dict[str, int] = field(default_factory=dict)
    theme_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerValue:
    score: int | None
    text: str | None
    skipped: bool


@dataclass(frozen=True)
class Response:
    id: str
    captured_at: datetime
    source: str
    municipality_id: str | None
    role: str | None
    answers: dict[str, AnswerValue]
    import_key: str | None = None


@dataclass(frozen=True)
class NetworkRow:
    """One line of the network list (cheap to compute: no scan of all answers)."""

    id: str
    name: str
    municipalities: int
    next_gathering: date | None
    next_seq: int | None
    open_homework: int  # the current cycle's: given at the latest held gathering
    delivered: int  # statuses delivered/reviewed on those
    expected: int  # that home work × member municipalities
    latest_seq: int | None  # the latest evaluated gathering
    latest_score: float | None  # its mean on the main (first scale) question
    latest_n: int


@dataclass(frozen=True)
class GatheringRef:
    id: str
    seq: int
    date: date
    title: str
    place: str
    kind: str


@dataclass(frozen=True)
class Overview:
    """The home of a network: where the cycle stands today."""

    network_id: str
    name: str
    last: GatheringRef | None  # the latest held gathering (date ≤ today)
    next: GatheringRef | None  # the next one (date > today)
    gatherings: int
    members: list[tuple[str, str]]  # municipality id, name (Norwegian order)
    homework: list[tuple[str, str, date | None]]  # this cycle's: id, title, due
    statuses: dict[tuple[str, str], str]  # (home work id, municipality id) → state
    meetings: dict[str, list[date]]  # municipality id → meeting dates this cycle
    trend: list[tuple[int, float | None]]  # seq, main score, for held gatherings


@dataclass(frozen=True)
class ScoreSums:
    """A network's evaluations added up by the database (`store.evaluations.score_sums`)."""

    responses: dict[str, int] = field(default_factory=dict)  # gathering id → responses
    # (gathering id, question id) → (sum of the scores, how many scores)
    scores: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)


class AnswerRow(NamedTuple):
    gathering_id: str
    response_id: str
    question_id: str
    score: int | None
    text: str | None
    skipped: bool
    municipality_id: str | None
    role: str | None
