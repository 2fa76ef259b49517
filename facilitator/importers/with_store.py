"""The import's steps that need the store: the gathering's questions, a plan with
everything it needs read from the store, and writing a plan's ok lines.

`apply_import(store, gathering_id, plan, skip_bad=False)` writes the ok lines in one
transaction: all or nothing. A plan with bad lines is refused unless `skip_bad`.

No SQL here (the store is called through its methods) and no Textual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from facilitator.domain import ResponseSource
from facilitator.i18n import t
from facilitator.importers.columns import MUNICIPALITY, QuestionLike, propose_mapping
from facilitator.importers.planning import ImportPlan, plan_import
from facilitator.privacy import DroppedCount, dropped_count_line
from facilitator.tablefile import ImporterError, Table

if TYPE_CHECKING:
    from facilitator.store import Store


@dataclass(frozen=True)
class ImportResult:
    imported: int
    duplicates: int
    skipped_bad: int
    empty: int
    response_ids: tuple[str, ...] = ()
    tags_dropped: DroppedCount = DroppedCount()

    def message(self) -> str:
        if self.skipped_bad:
            text = t("imp.done_skipped", imported=self.imported, duplicates=self.duplicates,
                     skipped=self.skipped_bad)
        else:
            text = t("imp.done", imported=self.imported, duplicates=self.duplicates)
        tags = dropped_count_line(self.tags_dropped)
        return f"{text} {tags}" if tags else text



def questions_for(store: Store, gathering_id: str) -> list[QuestionLike]:
    """The gathering's frozen questions, or, when its evaluation has not started, the
    network's current questions (read only: a dry run must not freeze the set)."""
    frozen = store.questions.of_gathering(gathering_id)
    if frozen:
        return list(frozen)
    gathering = store.gatherings.get(gathering_id)
    return list(store.questions.list(gathering.network_id))


def plan_for(store: Store, gathering_id: str, table: Table,
             mapping: Mapping[int, str | None] | None = None,
             questions: Sequence[QuestionLike] | None = None) -> ImportPlan:
    """`plan_import` with everything it needs read from the store (writes nothing)."""
    questions = list(questions) if questions is not None else questions_for(store, gathering_id)
    if mapping is None:
        mapping = propose_mapping(table.headers, questions)
    gathering = store.gatherings.get(gathering_id)
    special = set(mapping.values())
    municipalities = store.register.list() if MUNICIPALITY in special else ()
    members = ([m.municipality_id for m in store.members.list(gathering.network_id)]
               if MUNICIPALITY in special else ())
    plan = plan_import(table, mapping, questions, store.evaluations.import_keys(gathering_id),
                       gathering_id=gathering_id, municipalities=municipalities,
                       member_ids=members, gathering_dates=(gathering.date, gathering.end_date))
    tagged = [line for line in plan.ok if line.municipality_id or line.role]
    if tagged:  # what the store will keep (the same rule, on today's counts)
        sizes = store.evaluations.group_sizes(gathering_id)
        for line in tagged:
            plan.tags_dropped = plan.tags_dropped.add(
                sizes.decide(line.municipality_id, line.role))
    return plan


def apply_import(store: Store, gathering_id: str, plan: ImportPlan, *,
                 skip_bad: bool = False) -> ImportResult:
    """Write the plan's ok lines in one transaction (all or nothing).

    Refuses a plan with bad lines unless `skip_bad`. Lines imported meanwhile (same
    import key) are counted as duplicates, never written twice.
    """
    if plan.gathering_id != gathering_id:
        raise ImporterError("imp.err.wrong_gathering")
    if plan.bad and not skip_bad:
        raise ImporterError("imp.err.bad_lines", bad=len(plan.bad), lines=len(plan.lines))
    ids: list[str] = []
    dropped = DroppedCount()
    duplicates = len(plan.duplicates)
    with store.batch():
        questions = store.questions.freeze(gathering_id)  # freezes the set if needed
        translate = {q.id: q.id for q in questions}
        for q in questions:
            if q.source_question_id:
                translate.setdefault(q.source_question_id, q.id)
        existing = store.evaluations.import_keys(gathering_id)
        for line in plan.ok:
            if line.import_key in existing:
                duplicates += 1
                continue
            try:
                answers = {translate[qid]: value for qid, value in line.answers.items()}
            except KeyError:
                raise ImporterError("imp.err.questions_changed") from None
            recorded = store.evaluations.record(
                gathering_id, answers, source=ResponseSource.IMPORT,
                municipality_id=line.municipality_id, role=line.role,
                import_key=line.import_key,
            )
            ids.append(recorded.id)
            dropped = dropped.add(recorded.tags)
            existing.add(line.import_key)
    return ImportResult(imported=len(ids), duplicates=duplicates, skipped_bad=len(plan.bad),
                        empty=len(plan.empty), response_ids=tuple(ids), tags_dropped=dropped)
