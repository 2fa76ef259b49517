"""The data model: SQLModel tables.

Every table has a UUID string key made when the record is captured, `created_at` and
`updated_at` (aware datetimes, stored as UTC) and `deleted_at` (soft delete), so databases from
several laptops can be merged later without key collisions.

Enumerated values are plain strings holding the values of the enums in
`facilitator.domain`; the store validates them.

The schema of a released version is frozen in `facilitator.migrations`; a change here
needs a new migration there (a test compares the two).

A table in `LOCAL_ONLY_TABLES` (a class with `local_only = True`) belongs to this laptop:
it is never exported, never merged into another database and never synced.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import ClassVar

from sqlmodel import Field, SQLModel


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


class Record(SQLModel):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = Field(default=None)


class Municipality(Record, table=True):
    """Reference data: the 357 municipalities valid on 2026-01-01."""

    number: str = Field(max_length=4, unique=True)
    name: str
    county_number: str = Field(max_length=2)
    county_name: str


class Network(Record, table=True):
    name: str = Field(index=True)
    description: str = ""
    start_date: date | None = None
    end_date: date | None = None
    county: str = ""
    advisers: str = ""  # adviser name(s), comma-separated
    contact_emails: str = ""  # recipients of the summary, comma-separated
    summary_language: str = "nb"  # nb / nn / en


class Membership(Record, table=True):
    network_id: str = Field(foreign_key="network.id", index=True)
    municipality_id: str = Field(foreign_key="municipality.id", index=True)
    cohort: str = ""  # pulje
    joined_on: date | None = None
    left_on: date | None = None


class Participant(Record, table=True):
    network_id: str = Field(foreign_key="network.id", index=True)
    municipality_id: str = Field(foreign_key="municipality.id", index=True)
    name: str = ""  # erased (empty) when the person is removed
    role: str = "annet"
    email: str | None = None
    active: bool = True
    erased_at: datetime | None = None


class Theme(Record, table=True):
    network_id: str = Field(foreign_key="network.id", index=True)
    name: str


class Gathering(Record, table=True):
    network_id: str = Field(foreign_key="network.id", index=True)
    seq: int
    kind: str = "nettverkssamling"
    title: str = ""
    date: date
    end_date: date | None = None
    place: str = ""
    notes: str = ""


class GatheringTheme(Record, table=True):
    gathering_id: str = Field(foreign_key="gathering.id", index=True)
    theme_id: str = Field(foreign_key="theme.id", index=True)


class Attendance(Record, table=True):
    gathering_id: str = Field(foreign_key="gathering.id", index=True)
    participant_id: str = Field(foreign_key="participant.id", index=True)
    present: bool = True


class HomeWork(Record, table=True):
    network_id: str = Field(foreign_key="network.id", index=True)
    gathering_id: str = Field(foreign_key="gathering.id", index=True)  # given at
    title: str
    description: str = ""
    due_date: date | None = None


class HomeWorkStatus(Record, table=True):
    homework_id: str = Field(foreign_key="homework.id", index=True)
    municipality_id: str = Field(foreign_key="municipality.id", index=True)
    status: str = "not_started"
    status_date: date | None = None
    note: str = ""


class MunicipalityMeeting(Record, table=True):
    network_id: str = Field(foreign_key="network.id", index=True)
    municipality_id: str = Field(foreign_key="municipality.id", index=True)
    date: date
    kind: str = "kommunemote"
    place: str = ""
    press_present: bool = False
    summary: str = ""
    decisions: str = ""
    follow_ups: str = ""


class MeetingTheme(Record, table=True):
    meeting_id: str = Field(foreign_key="municipalitymeeting.id", index=True)
    theme_id: str = Field(foreign_key="theme.id", index=True)


class MeetingAttendance(Record, table=True):
    meeting_id: str = Field(foreign_key="municipalitymeeting.id", index=True)
    participant_id: str = Field(foreign_key="participant.id", index=True)


class MeetingHeadcount(Record, table=True):
    """People at a meeting who are not registered participants, counted per role."""

    meeting_id: str = Field(foreign_key="municipalitymeeting.id", index=True)
    role: str
    count: int = 0


class EvaluationQuestion(Record, table=True):
    """The network's current question set; edits affect only future gatherings."""

    network_id: str = Field(foreign_key="network.id", index=True)
    text_nb: str
    text_en: str = ""
    kind: str = "scale"
    position: int = 0
    retired_at: datetime | None = None


class GatheringQuestion(Record, table=True):
    """A question frozen for one gathering when its evaluation starts."""

    gathering_id: str = Field(foreign_key="gathering.id", index=True)
    source_question_id: str | None = Field(default=None, foreign_key="evaluationquestion.id")
    text_nb: str
    text_en: str = ""
    kind: str = "scale"
    position: int = 0


class EvaluationResponse(Record, table=True):
    """One participant's anonymous answers. Never linked to a participant."""

    gathering_id: str = Field(foreign_key="gathering.id", index=True)
    captured_at: datetime = Field(default_factory=utcnow)
    source: str = "typed"
    municipality_id: str | None = Field(default=None, foreign_key="municipality.id")
    role: str | None = None
    import_key: str | None = Field(default=None, index=True)  # de-duplicates imports


class Answer(Record, table=True):
    response_id: str = Field(foreign_key="evaluationresponse.id", index=True)
    question_id: str = Field(foreign_key="gatheringquestion.id", index=True)
    score: int | None = None  # 1..6 for scales, 1/0 for yes/no
    text: str | None = None
    skipped: bool = False


class Setting(Record, table=True):
    """Application settings kept in the database (added in schema 2)."""

    key: str = Field(unique=True)
    value: str = ""


class AnswerTally(Record, table=True):
    """Running count and sum of the scores given to one gathering question (schema 3).

    Derived data, kept by the database (schema 6: triggers on `answer` and
    `evaluationresponse`, see `migrations/steps.py` `_TALLY_TRIGGERS`), never by the app's code,
    so the network list and overview read a gathering's mean without scanning its
    answers. Local only: another database rebuilds its own from its rows.
    """

    local_only: ClassVar[bool] = True

    question_id: str = Field(foreign_key="gatheringquestion.id", unique=True)
    n: int = 0
    total: int = 0


class Draft(Record, table=True):
    """A form's unsaved values, kept while it is typed (schema 5).

    Local only (`local_only`, `LOCAL_ONLY_TABLES`): a draft stays on this laptop; it is
    never exported, never synced or merged, and is deleted (not soft-deleted) when the
    form is saved or discarded, or when a person it names is erased. `kind` names the
    form, `record_id` the record being edited (None for a new one), `network_id` the
    network it belongs to (None for a new network), `snapshot` the form's values as
    JSON; `updated_at` is when it was last written.
    """

    local_only: ClassVar[bool] = True

    kind: str
    record_id: str | None = None
    network_id: str | None = None
    snapshot: str = "{}"


# Tables whose rows never leave this laptop (see Draft, AnswerTally); a sync or merge
# skips them.
LOCAL_ONLY_TABLES: frozenset[str] = frozenset(
    str(model.__tablename__) for model in (Draft, AnswerTally) if model.local_only
)
