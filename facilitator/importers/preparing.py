"""One import prepared: read → check → map → plan, for the command line and the app.

`prepare(store, gathering_id, source)` reads the file (or takes the table read before),
refuses a file without lines or without a column matching a question, proposes the
mapping, says what must be fixed or confirmed in it and plans its lines with it (a dry
run: nothing is written). The command line and the import screen present the result
and ask; neither repeats a step.

No SQL here and no Textual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.importers.columns import (
    ColumnGuess,
    QuestionLike,
    analyse_columns,
    confirmation_reasons,
    mapping_problems,
    require_matching_columns,
)
from facilitator.importers.planning import ImportPlan
from facilitator.importers.with_store import plan_for, questions_for
from facilitator.tablefile import ImporterError, Problem, Table, read_table

if TYPE_CHECKING:
    from facilitator.store import Store


@dataclass
class Prepared:
    """A file read for one gathering, its columns mapped and its lines planned."""

    table: Table
    questions: list[QuestionLike]
    guesses: list[ColumnGuess]
    mapping: dict[int, str | None]  # the proposed mapping
    problems: list[Problem]  # what makes the proposed mapping unusable
    reasons: list[Problem]  # doubts about it a person should confirm
    acceptable: bool  # accepting those doubts unseen (--yes) is acceptable
    plan: ImportPlan | None  # the dry run with the proposed mapping, if it can be planned
    plan_error: str | None  # why it cannot


def read_answers(path: Path) -> Table:
    """The file's table; a file without a line of answers is refused."""
    table = read_table(path)
    if not table.rows:
        raise ImporterError("imp.err.no_rows", path=path)
    return table


def plan_or_error(store: Store, gathering_id: str, table: Table,
                  mapping: Mapping[int, str | None], questions: Sequence[QuestionLike]
                  ) -> tuple[ImportPlan | None, str | None]:
    """The dry run with `mapping`, or (None, the message why it cannot be made)."""
    try:
        return plan_for(store, gathering_id, table, mapping, questions), None
    except ImporterError as exc:
        return None, exc.message()


def prepare(store: Store, gathering_id: str, source: Path | Table) -> Prepared:
    """Read (unless `source` is the table read before), check, map and plan the file
    for the gathering. Raises `ImporterError` for a file that cannot be imported at all
    (unreadable, no lines, no column matching a question) or a gathering without
    questions."""
    table = source if isinstance(source, Table) else read_answers(source)
    questions = questions_for(store, gathering_id)
    if not questions:
        raise ImporterError("imp.cli.no_questions")
    guesses = analyse_columns(table.headers, questions)
    require_matching_columns(table, questions, guesses)  # prose, the wrong file
    mapping = {g.index: g.target for g in guesses}
    reasons, acceptable = confirmation_reasons(table, guesses, mapping)
    plan, plan_error = plan_or_error(store, gathering_id, table, mapping, questions)
    return Prepared(table=table, questions=questions, guesses=guesses, mapping=mapping,
                    problems=mapping_problems(table.headers, questions, mapping),
                    reasons=reasons, acceptable=acceptable, plan=plan,
                    plan_error=plan_error)
