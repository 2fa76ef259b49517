"""Importing evaluation answers from CSV and XLSX files.

The steps, each usable on its own, in the package's modules:

1. `read_table(path)` (from `facilitator.tablefile`) reads a Microsoft Forms, Questback,
   Netigate or Excel file into a `Table` (headers and rows of text, each row with its
   line number in the file), streaming and within limits that a real evaluation never
   reaches. Bad or too large files raise `ImporterError` with a message naming the file.
2. `columns`: which column answers which question (`analyse_columns`,
   `propose_mapping`), what must be fixed or confirmed (`mapping_problems`,
   `confirmation_reasons`); personal columns are never imported.
3. `planning`: `plan_import(...)` parses every line into an `ImportPlan` (ok, bad,
   duplicate, empty) with its import key. Nothing is written.
4. `with_store`: the same with the store (`questions_for`, `plan_for`) and
   `apply_import`, which writes the ok lines in one transaction.
5. `preparing`: `prepare(store, gathering_id, path)` runs 1–3 for the command line
   and the app alike and returns one `Prepared`.

This module is the package's interface: the names callers use, gathered.
"""

from facilitator.importers.columns import (
    MUNICIPALITY,
    RESPONSE_ID,
    ROLE,
    SPECIAL_TARGETS,
    SURE,
    ColumnGuess,
    QuestionLike,
    analyse_columns,
    confirmation_reasons,
    header_label,
    mapping_problems,
    normalise,
    personal_columns,
    propose_mapping,
    question_text,
    require_matching_columns,
    shortened,
    target_label,
)
from facilitator.importers.planning import (
    BAD,
    DUPLICATE,
    EMPTY,
    OK,
    VALUE_LIMIT,
    ImportPlan,
    LineResult,
    plan_import,
)
from facilitator.importers.preparing import Prepared, plan_or_error, prepare, read_answers
from facilitator.importers.with_store import (
    ImportResult,
    apply_import,
    plan_for,
    questions_for,
)
from facilitator.tablefile import ImporterError, Problem, Row, Table, column_letter, read_table

__all__ = [
    "BAD",
    "DUPLICATE",
    "EMPTY",
    "MUNICIPALITY",
    "OK",
    "RESPONSE_ID",
    "ROLE",
    "SPECIAL_TARGETS",
    "SURE",
    "VALUE_LIMIT",
    "ColumnGuess",
    "ImportPlan",
    "ImportResult",
    "ImporterError",
    "LineResult",
    "Prepared",
    "Problem",
    "QuestionLike",
    "Row",
    "Table",
    "analyse_columns",
    "apply_import",
    "column_letter",
    "confirmation_reasons",
    "header_label",
    "mapping_problems",
    "normalise",
    "personal_columns",
    "plan_for",
    "plan_import",
    "plan_or_error",
    "prepare",
    "propose_mapping",
    "question_text",
    "questions_for",
    "read_answers",
    "read_table",
    "require_matching_columns",
    "shortened",
    "target_label",
]
