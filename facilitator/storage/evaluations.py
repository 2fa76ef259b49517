"""Participants' evaluations of a gathering: anonymous responses, their answers, and
the tags (municipality, role) a response may carry. Reached as `store.evaluations`.

The answer tallies are kept by the database (schema 6 triggers), not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from facilitator import privacy, records
from facilitator.domain import QuestionKind, ResponseSource, Role, member_at
from facilitator.errors import StoreError, ValidationError
from facilitator.models import (
    Answer,
    Attendance,
    EvaluationResponse,
    Gathering,
    GatheringQuestion,
    Membership,
    Participant,
    new_id,
    utcnow,
)
from facilitator.parse import InputError
from facilitator.storage.part import Part, check_length, live
from facilitator.store import Store, reads, writes

Answers = dict[str, int | str | None]  # gathering-question id → score, text or None


class Evaluations(Part):
    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self._frozen: set[str] = set()  # gatherings whose question set is frozen

    def record(self, gathering_id: str, answers: Answers, *,
               source: str | ResponseSource = ResponseSource.TYPED,
               municipality_id: str | None = None, role: str | None = None,
               import_key: str | None = None, captured_at: datetime | None = None,
               ) -> privacy.Recorded:
        """Save one anonymous response; returns its id, and the tags it carries, once
        it is on disk.

        `answers` maps gathering-question id → score (int), text (str) or None
        (skipped). Questions not in `answers` are stored as skipped. The municipality
        and role are stored only where the group they name at this gathering is large
        enough (`privacy.kept_tags`, counted in the same transaction); the result says
        which were not.
        """
        if gathering_id not in self._frozen:
            self.store.questions.freeze(gathering_id)  # the first response freezes the set
            self._frozen.add(gathering_id)
        return self._record(gathering_id, answers, ResponseSource(source).value,
                            municipality_id, Role(role).value if role else None,
                            import_key, captured_at)

    @writes
    def _record(self, s: Session, gathering_id: str, answers: Answers, source: str,
                municipality_id: str | None, role: str | None, import_key: str | None,
                captured_at: datetime | None) -> privacy.Recorded:
        questions = _questions(s, gathering_id)  # read in the write: one round trip
        if set(answers) - set(questions):
            raise StoreError("err.not_found", what="question")
        rows = [answer_values(qid, kind, answers.get(qid)) for qid, kind in questions.items()]
        tags = self._allowed_tags(s, gathering_id, municipality_id, role)
        # SQLAlchemy Core, not the ORM: one insert of the response and one executemany
        # of its answers (under half the CPU of an ORM flush); the database adds the answers
        # to the tallies (schema 6 triggers).
        now = utcnow()
        response_id = new_id()
        conn = s.connection()
        conn.execute(sa.insert(EvaluationResponse.__table__), {  # type: ignore[attr-defined]
            "id": response_id, "created_at": now, "updated_at": now, "deleted_at": None,
            "gathering_id": gathering_id, "source": source,
            "municipality_id": tags.municipality_id, "role": tags.role,
            "import_key": import_key, "captured_at": captured_at or self._now()})
        conn.execute(sa.insert(Answer.__table__), [  # type: ignore[attr-defined]
            {"id": new_id(), "created_at": now, "updated_at": now, "deleted_at": None,
             "response_id": response_id, **values} for values in rows])
        return privacy.Recorded(response_id, tags)

    @writes
    def correct(self, s: Session, response_id: str, answers: Answers, *,
                municipality_id: str | None = None, role: str | None = None) -> privacy.Tags:
        """Correct a saved response: its answers, municipality and role, in one go.

        The tags are checked again as at capture (attendance may have been taken since):
        returns the ones stored and which were not."""
        role = Role(role).value if role else None
        resp = self._get(s, EvaluationResponse, response_id, "response")
        questions = _questions(s, resp.gathering_id)
        if set(answers) - set(questions):
            raise StoreError("err.not_found", what="question")
        now = self._now()
        for old in s.exec(live(Answer).where(Answer.response_id == response_id)).all():
            old.deleted_at = now
        new_answers = []
        for qid, kind in questions.items():
            new_answers.append(Answer(response_id=response_id,
                                      **answer_values(qid, kind, answers.get(qid))))
        s.add_all(new_answers)
        tags = self._allowed_tags(s, resp.gathering_id, municipality_id, role)
        resp.municipality_id = tags.municipality_id
        resp.role = tags.role
        self._touch(resp)
        return tags

    @writes
    def delete(self, s: Session, response_id: str) -> None:
        # the database takes its answers off the tallies (schema 6 triggers)
        self._delete(s, EvaluationResponse, response_id, "response")

    @reads
    def group_sizes(self, s: Session, gathering_id: str) -> privacy.GroupSizes:
        """How many people a municipality, a role and the pair name at a gathering: the
        counts the tag rule is decided on (screens use it to say so beforehand)."""
        return _group_sizes(s, gathering_id, self)

    def _allowed_tags(self, s: Session, gathering_id: str, municipality_id: str | None,
                      role: str | None) -> privacy.Tags:
        """The tags a response of this gathering may carry (no query without tags)."""
        if municipality_id is None and role is None:
            return privacy.Tags(None, None)
        return _group_sizes(s, gathering_id, self).decide(municipality_id, role)

    @reads
    def list(self, s: Session, gathering_id: str) -> list[records.Response]:
        """Responses of a gathering, oldest first, each with its answers by question id."""
        resp = s.exec(live(EvaluationResponse)
                      .where(EvaluationResponse.gathering_id == gathering_id)
                      .order_by(EvaluationResponse.captured_at)).all()
        if not resp:
            return []
        answers: dict[str, dict[str, records.AnswerValue]] = {}
        for a in s.exec(live(Answer)
                        .join(EvaluationResponse, EvaluationResponse.id == Answer.response_id)
                        .where(EvaluationResponse.gathering_id == gathering_id)).all():
            answers.setdefault(a.response_id, {})[a.question_id] = records.AnswerValue(
                a.score, a.text, a.skipped)
        return [records.Response(id=r.id, captured_at=r.captured_at, source=r.source,
                                 municipality_id=r.municipality_id, role=r.role,
                                 answers=answers.get(r.id, {}), import_key=r.import_key)
                for r in resp]

    def answer_rows(self, gathering_ids: Sequence[str]) -> list[records.AnswerRow]:
        """Every answer of the given gatherings as plain tuples (columns only, no ORM
        objects): fast enough for summaries over thousands of responses."""
        return self._answer_rows(list(gathering_ids)) if gathering_ids else []

    @reads
    def _answer_rows(self, s: Session, gathering_ids: list[str]) -> list[records.AnswerRow]:
        q = (
            sa.select(EvaluationResponse.gathering_id, Answer.response_id, Answer.question_id,
                      Answer.score, Answer.text, Answer.skipped,
                      EvaluationResponse.municipality_id, EvaluationResponse.role)
            .join(EvaluationResponse, EvaluationResponse.id == Answer.response_id)
            .where(EvaluationResponse.gathering_id.in_(gathering_ids),
                   EvaluationResponse.deleted_at.is_(None), Answer.deleted_at.is_(None))
            .order_by(EvaluationResponse.captured_at, EvaluationResponse.id)
        )
        return [records.AnswerRow(*row) for row in s.connection().execute(q)]

    def score_sums(self, gathering_ids: Sequence[str]) -> records.ScoreSums:
        """Per gathering the number of responses with an answer, and per (gathering,
        question) the sum and the number of the scores given: a network's trend,
        counted by the database instead of read answer by answer."""
        return self._score_sums(list(gathering_ids)) if gathering_ids else records.ScoreSums()

    @reads
    def _score_sums(self, s: Session, gathering_ids: list[str]) -> records.ScoreSums:
        live = (EvaluationResponse.gathering_id.in_(gathering_ids),
                EvaluationResponse.deleted_at.is_(None), Answer.deleted_at.is_(None))
        joined = sa.select(EvaluationResponse.gathering_id).join(
            Answer, Answer.response_id == EvaluationResponse.id).where(*live)
        responses = s.connection().execute(
            joined.add_columns(sa.func.count(sa.distinct(Answer.response_id)))
            .group_by(EvaluationResponse.gathering_id))
        scores = s.connection().execute(
            joined.add_columns(Answer.question_id, sa.func.sum(Answer.score),
                               sa.func.count(Answer.score))
            .group_by(EvaluationResponse.gathering_id, Answer.question_id))
        return records.ScoreSums(
            responses={gid: n for gid, n in responses},
            scores={(gid, qid): (int(total or 0), n) for gid, qid, total, n in scores})

    @reads
    def count(self, s: Session, gathering_id: str) -> int:
        return s.exec(select(sa.func.count(EvaluationResponse.id))
                      .where(EvaluationResponse.gathering_id == gathering_id,
                             EvaluationResponse.deleted_at.is_(None))).one()

    @reads
    def import_keys(self, s: Session, gathering_id: str) -> set[str]:
        return set(s.exec(select(EvaluationResponse.import_key)
                          .where(EvaluationResponse.gathering_id == gathering_id,
                                 EvaluationResponse.import_key.is_not(None),
                                 EvaluationResponse.deleted_at.is_(None))).all())


def _questions(s: Session, gathering_id: str) -> dict[str, str]:
    """The live questions of a gathering: id → kind (columns only, no ORM objects)."""
    q = GatheringQuestion
    return dict(s.connection().execute(sa.select(q.id, q.kind).where(
        q.gathering_id == gathering_id, q.deleted_at.is_(None))).all())


def _group_sizes(s: Session, gathering_id: str, part: Part) -> privacy.GroupSizes:
    """People per (municipality, role) at the gathering: those marked present; where
    attendance was not taken (no attendance row at all), the active participants
    registered in the network whose municipality was a member on its date. Counted
    with SQLAlchemy Core (columns only): a tagged response is saved after it."""
    conn = s.connection()
    taken = conn.execute(sa.select(Attendance.id).where(
        Attendance.gathering_id == gathering_id, Attendance.deleted_at.is_(None)
    ).limit(1)).first() is not None
    if taken:
        rows = conn.execute(
            sa.select(Participant.municipality_id, Participant.role,
                      sa.func.count(Attendance.id))
            .join(Participant, Participant.id == Attendance.participant_id)
            .where(Attendance.gathering_id == gathering_id,
                   Attendance.present.is_(True), Attendance.deleted_at.is_(None))
            .group_by(Participant.municipality_id, Participant.role)
        ).all()
    else:
        g = part._get(s, Gathering, gathering_id, "gathering")  # noqa: SLF001
        members = {m.municipality_id for m in conn.execute(sa.select(
            Membership.municipality_id, Membership.joined_on, Membership.left_on).where(
            Membership.network_id == g.network_id, Membership.deleted_at.is_(None)))
            if member_at(m, g.date)}
        rows = [row for row in conn.execute(
            sa.select(Participant.municipality_id, Participant.role,
                      sa.func.count(Participant.id))
            .where(Participant.network_id == g.network_id,
                   Participant.deleted_at.is_(None), Participant.active.is_(True))
            .group_by(Participant.municipality_id, Participant.role)
        ).all() if row[0] in members]
    return privacy.GroupSizes.from_pairs({(m, r): n for m, r, n in rows},
                                         attendance_taken=taken)


def answer_values(question_id: str, kind: str, value: int | str | None
                  ) -> dict[str, object]:
    """The columns of one answer to a question of `kind`: its score, text or skipped,
    checked (a score in range, a text no longer than a comment takes)."""
    from facilitator.parse import parse_score, parse_yes_no

    row: dict[str, object] = {"question_id": question_id, "score": None, "text": None,
                              "skipped": False}
    if value is None or (isinstance(value, str) and not value.strip()):
        return row | {"skipped": True}
    try:
        if kind == QuestionKind.SCALE:
            return row | {"score": parse_score(value)}
        if kind == QuestionKind.YES_NO:
            return row | {"score": parse_yes_no(value)}
    except InputError as exc:
        raise ValidationError(question_id, exc.key, **exc.params) from exc
    text = str(value)
    check_length("comment", text, question_id)  # here: a response is saved without a flush
    return row | {"text": text}
