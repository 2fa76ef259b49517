"""A network's evaluation questions, and the frozen set each gathering is evaluated on.

The network's questions may be reworded, reordered and retired; a gathering's set is a
copy made when its evaluation starts (`freeze`), so answers always keep the wording
they were given to. Reached as `store.questions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from facilitator.domain import QuestionKind
from facilitator.errors import StoreError
from facilitator.models import EvaluationQuestion, Gathering, GatheringQuestion
from facilitator.storage.part import Part, live, required
from facilitator.store import reads, writes

EDITABLE = frozenset({"text_nb", "text_en", "kind"})



class Questions(Part):
    @reads
    def list(self, s: Session, network_id: str, *, include_retired: bool = False
             ) -> list[EvaluationQuestion]:
        q = live(EvaluationQuestion).where(EvaluationQuestion.network_id == network_id)
        if not include_retired:
            q = q.where(EvaluationQuestion.retired_at.is_(None))
        return list(s.exec(q.order_by(EvaluationQuestion.position)).all())

    @writes
    def add(self, s: Session, network_id: str, text_nb: str, kind: str | QuestionKind,
            text_en: str = "") -> EvaluationQuestion:
        text_nb, kind = required("text_nb", text_nb, "field.question"), QuestionKind(kind).value
        last = s.exec(select(sa.func.max(EvaluationQuestion.position))
                      .where(EvaluationQuestion.network_id == network_id)).one()
        row = EvaluationQuestion(network_id=network_id, text_nb=text_nb,
                                 text_en=text_en.strip(), kind=kind, position=(last or 0) + 1)
        s.add(row)
        return row

    @writes
    def update(self, s: Session, question_id: str, **fields: Any) -> EvaluationQuestion:
        """Reword a question; gatherings already evaluated keep their frozen wording."""
        if set(fields) - EDITABLE:
            raise TypeError(f"unknown fields: {sorted(set(fields) - EDITABLE)}")
        if "text_nb" in fields:
            required("text_nb", fields["text_nb"], "field.question")
        if "kind" in fields:
            fields["kind"] = QuestionKind(fields["kind"]).value
        row = self._get(s, EvaluationQuestion, question_id, "question")
        for key, value in fields.items():
            setattr(row, key, value.strip())
        self._touch(row)
        return row

    @writes
    def retire(self, s: Session, question_id: str, retired: bool = True) -> None:
        row = self._get(s, EvaluationQuestion, question_id, "question")
        row.retired_at = self._now() if retired else None
        self._touch(row)

    @writes
    def reorder(self, s: Session, network_id: str, ordered_ids: Sequence[str]) -> None:
        for pos, qid in enumerate(ordered_ids, start=1):
            row = self._get(s, EvaluationQuestion, qid, "question")
            if row.network_id != network_id:
                raise StoreError("err.not_found", what="question")
            row.position = pos
            self._touch(row)

    @reads
    def of_gathering(self, s: Session, gathering_id: str) -> list[GatheringQuestion]:
        """The gathering's frozen questions (none before its evaluation starts)."""
        return _frozen(s, gathering_id)

    def freeze(self, gathering_id: str) -> list[GatheringQuestion]:
        """The gathering's frozen questions, the network's set copied first if the
        evaluation has not started (a write only then)."""
        return self.of_gathering(gathering_id) or self._copy_set(gathering_id)

    @writes
    def _copy_set(self, s: Session, gathering_id: str) -> list[GatheringQuestion]:
        already = _frozen(s, gathering_id)  # another program may have frozen it meanwhile
        if already:
            return already
        g = self._get(s, Gathering, gathering_id, "gathering")
        source = s.exec(live(EvaluationQuestion)
                        .where(EvaluationQuestion.network_id == g.network_id,
                               EvaluationQuestion.retired_at.is_(None))
                        .order_by(EvaluationQuestion.position)).all()
        copies = [GatheringQuestion(gathering_id=gathering_id, source_question_id=q.id,
                                    text_nb=q.text_nb, text_en=q.text_en, kind=q.kind,
                                    position=pos)
                  for pos, q in enumerate(source, start=1)]
        s.add_all(copies)
        return copies


def _frozen(s: Session, gathering_id: str) -> list[GatheringQuestion]:
    return list(s.exec(live(GatheringQuestion)
                       .where(GatheringQuestion.gathering_id == gathering_id)
                       .order_by(GatheringQuestion.position)).all())
