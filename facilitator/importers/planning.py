"""Planning an import: every line of the file parsed into an `ImportPlan`.

`plan_import(...)` parses every line with a mapping (see `columns`): ok, bad (with
messages naming the column and the value), duplicate (imported before) or empty.
Nothing is written.

Every line gets an `import_key`: a hash of the gathering, the line's parsed answers and
the export's response id (when it has one), with a counter for identical lines in the
same file. Importing the same file twice therefore adds nothing the second time, while
two participants who answered exactly alike are both kept.

No SQL here and no Textual.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from facilitator.domain import QuestionKind, Role
from facilitator.i18n import t
from facilitator.importers.columns import (
    MUNICIPALITY,
    RESPONSE_ID,
    ROLE,
    SPECIAL_TARGETS,
    QuestionLike,
    header_label,
    mapping_problems,
    normalise,
    shortened,
)
from facilitator.limits import count_text, too_long
from facilitator.parse import InputError, parse_score, parse_yes_no
from facilitator.privacy import DroppedCount, dropped_count_line
from facilitator.response_times import check_times
from facilitator.tablefile import ImporterError, Problem, Row, Table

# Line statuses.
OK, BAD, DUPLICATE, EMPTY = "ok", "bad", "duplicate", "empty"


@dataclass(slots=True)  # one per line of the file: 50,000 of them at the limit
class LineResult:
    line: int
    status: str  # OK, BAD, DUPLICATE or EMPTY
    answers: dict[str, int | str | None]
    import_key: str
    municipality_id: str | None = None
    role: str | None = None
    problems: list[Problem] = field(default_factory=list)  # why the line is bad
    notes: list[Problem] = field(default_factory=list)  # warnings on a good line

    @property
    def answered(self) -> int:
        return sum(1 for v in self.answers.values() if v is not None)

    def message(self) -> str:
        """One line for a report: "linje 7: feil — «Ny kunnskap»: «fem» er …"."""
        if self.status == BAD:
            text = t("imp.status.bad", line=self.line,
                     problems="; ".join(p.message() for p in self.problems))
        elif self.status == DUPLICATE:
            text = t("imp.status.duplicate", line=self.line, count=self.answered)
        elif self.status == EMPTY:
            text = t("imp.status.empty", line=self.line)
        else:
            text = t("imp.status.ok", line=self.line, count=self.answered)
        if self.notes and self.status != BAD:
            text += "; " + "; ".join(p.message() for p in self.notes)
        return text


@dataclass
class ImportPlan:
    gathering_id: str
    lines: list[LineResult]
    mapping: dict[int, str | None]
    headers: tuple[str, ...] = ()
    # responses completed far from the gathering's dates (see response_times)
    time_warning: Problem | None = None
    # ok lines whose municipality / role the store will not keep (the group it names at
    # the gathering is too small): counted by `plan_for`, never said per line
    tags_dropped: DroppedCount = DroppedCount()

    def _with(self, status: str) -> list[LineResult]:
        return [r for r in self.lines if r.status == status]

    @property
    def ok(self) -> list[LineResult]:
        return self._with(OK)

    @property
    def bad(self) -> list[LineResult]:
        return self._with(BAD)

    @property
    def duplicates(self) -> list[LineResult]:
        return self._with(DUPLICATE)

    @property
    def empty(self) -> list[LineResult]:
        return self._with(EMPTY)

    def summary(self) -> str:
        text = t("imp.summary", lines=len(self.lines), ok=len(self.ok), bad=len(self.bad),
                 duplicates=len(self.duplicates), empty=len(self.empty))
        tags = dropped_count_line(self.tags_dropped, future=True)
        return f"{text} {tags}" if tags else text


class _Municipalities:
    """Resolve a municipality cell: number (4 digits, or 3 when Excel dropped the leading
    zero) or name, case- and æøå-insensitive, members of the network first."""

    def __init__(self, municipalities: Iterable[Any], member_ids: Iterable[str]) -> None:
        self.by_number: dict[str, Any] = {}
        self.by_name: dict[str, list[Any]] = {}
        members = set(member_ids)
        self.members = members
        for m in municipalities:
            self.by_number[m.number] = m
            names = {m.name, re.sub(r"\s*\(.*\)\s*$", "", m.name)}
            names.update(part for part in re.split(r"\s+-\s+", m.name))
            for name in names:
                key = normalise(name)
                if key and m not in self.by_name.setdefault(key, []):
                    self.by_name[key].append(m)

    def resolve(self, value: str) -> tuple[str | None, str | None, str]:
        """(municipality id, message key when unresolved, the value as written)."""
        text = value.strip()
        digits = re.sub(r"\s", "", text)
        if digits.isdigit() and len(digits) in (3, 4):
            found = self.by_number.get(digits.zfill(4))
            return (found.id, None, text) if found else (None, "imp.note.unknown_municipality",
                                                          text)
        number = re.match(r"^(\d{4})\b", text)  # "1867 Bø"
        if number and number.group(1) in self.by_number:
            return self.by_number[number.group(1)].id, None, text
        candidates = self.by_name.get(normalise(text), [])
        if len(candidates) > 1:
            inside = [m for m in candidates if m.id in self.members]
            candidates = inside if len(inside) == 1 else candidates
        if len(candidates) == 1:
            return candidates[0].id, None, text
        if candidates:
            return None, "imp.note.ambiguous_municipality", text
        return None, "imp.note.unknown_municipality", text


_ROLE_SYNONYMS = {
    Role.MAYOR: ["ordforer", "mayor"],
    Role.DEPUTY_MAYOR: ["varaordforer", "deputy mayor", "varaordfører"],
    Role.POLITICIAN: ["politiker", "folkevalgt", "kommunestyrerepresentant", "politician",
                      "council member", "elected", "formannskapsmedlem"],
    Role.CHIEF_EXECUTIVE: ["radmann", "kommunedirektor", "chief executive",
                           "kommunedirektør", "rådmann"],
    Role.FINANCE: ["okonomisjef", "head of finance", "finance", "okonomi"],
    Role.STAFF: ["stab", "staff", "radgiver", "adviser"],
    Role.SERVICE_LEADER: ["tjenesteleder", "service leader", "leder", "virksomhetsleder",
                          "enhetsleder", "kommunalsjef", "sektorleder"],
    Role.UNION_REP: ["tillitsvalgt", "hovedtillitsvalgt", "union representative",
                     "union rep"],
    Role.SAFETY_REP: ["verneombud", "hovedverneombud", "safety representative"],
    Role.OTHER: ["annet", "other", "annen"],
}


def _role_table() -> dict[str, str]:
    from facilitator.i18n import CATALOGS, load_all

    load_all()
    table: dict[str, str] = {}
    for role in Role:
        names = [role.value, *_ROLE_SYNONYMS.get(role, [])]
        for lang in ("nb", "en"):
            label = CATALOGS[lang].get(f"role.{role.value}", "")
            names.extend([label, *label.split("/")])
        for name in names:
            key = normalise(name)
            if key:
                table.setdefault(key, role.value)
    return table


_ID_LIKE = re.compile(r"^[\w\-.:/#]{1,64}$")


def _answer(q: QuestionLike, raw: str) -> int | str | None:
    """Parse one cell for a question; raises InputError."""
    value = raw.strip()
    if not value:
        return None
    if q.kind == QuestionKind.SCALE:
        return parse_score(value)
    if q.kind == QuestionKind.YES_NO:
        return parse_yes_no(value)
    over = too_long("comment", value)
    if over is not None:  # the store would refuse it: a bad line, said at the cell
        raise InputError("err.too_long", what=t("limit.what.comment"),
                         n=count_text(over[0]), max=count_text(over[1]))
    return value  # free text: kept literally ("=HYPERLINK(…)" stays text, never evaluated)


VALUE_LIMIT = 60  # characters of a cell's value in a message (a cell may hold 32,767)


def _cut(params: Mapping[str, Any]) -> dict[str, Any]:
    """A message's values, a long cell's text cut to VALUE_LIMIT (with …)."""
    return {k: shortened(v, VALUE_LIMIT) if isinstance(v, str) else v
            for k, v in params.items()}


def _canonical(value: int | str | None) -> int | str | None:
    if isinstance(value, str):
        return " ".join(value.split())
    return value


class _LinePlanner:
    """What `plan_import` works out once (columns, resolvers, keys known), then applied
    to every line of the file."""

    def __init__(self, table: Table, mapping: Mapping[int, str | None],
                 questions: Sequence[QuestionLike], existing_keys: Iterable[str], *,
                 gathering_id: str, municipalities: Iterable[Any],
                 member_ids: Iterable[str]) -> None:
        by_id = {q.id: q for q in questions}
        self.headers = table.headers
        self.gathering_id = gathering_id
        self.columns = [(col, by_id[target]) for col, target in sorted(mapping.items())
                        if target in by_id]
        self.special = {target: col for col, target in mapping.items()
                        if target in SPECIAL_TARGETS}
        # once, not per line
        self.keyed = {q.id: (normalise(q.text_nb), q.kind) for _col, q in self.columns}
        self.labels = {col: header_label(table.headers[col]) for col, _q in self.columns}
        self.resolver = (_Municipalities(municipalities, member_ids)
                         if MUNICIPALITY in self.special else None)
        self.roles = _role_table() if ROLE in self.special else {}
        self.existing = set(existing_keys)
        self.seen: Counter[bytes] = Counter()  # by a digest: 50,000 lines' JSON not kept

    def answers(self, row: Row) -> tuple[dict[str, int | str | None], list[Problem]]:
        """The line's parsed answers and why it is bad (if it is)."""
        answers: dict[str, int | str | None] = {}
        bad: list[Problem] = []
        for col, q in self.columns:
            try:
                answers[q.id] = _answer(q, row.cells[col])
            except InputError as exc:
                answers[q.id] = None
                # the message as key and values, not the exception: its traceback would
                # keep the frames of every bad cell of the file alive
                bad.append(Problem("imp.cell", {"column": self.labels[col],
                                                "detail": Problem(exc.key, _cut(exc.params))}))
        if row.extra:
            bad.append(Problem("imp.line.extra_cells", {"count": len(row.extra)}))
        return answers, bad

    def _note(self, key: str, col: int, value: str) -> Problem:
        return Problem(key, {"column": header_label(self.headers[col]),
                             "value": shortened(value, VALUE_LIMIT)})

    def tags(self, row: Row, notes: list[Problem]) -> tuple[str | None, str | None]:
        """The line's municipality id and role; a value not understood is noted."""
        municipality_id = role = None
        if self.resolver is not None:
            col = self.special[MUNICIPALITY]
            raw = row.cells[col].strip()
            if raw:
                municipality_id, key, text = self.resolver.resolve(raw)
                if key:
                    notes.append(self._note(key, col, text))
        if ROLE in self.special:
            col = self.special[ROLE]
            raw = row.cells[col].strip()
            if raw:
                role = self.roles.get(normalise(raw))
                if role is None:
                    notes.append(self._note("imp.note.unknown_role", col, raw))
        return municipality_id, role

    def key(self, row: Row, answers: Mapping[str, int | str | None], bad: bool) -> str:
        """The line's import key: gathering, the export's response id, and the parsed
        answers by question text (so a CSV and an XLSX of the same export give the same
        keys), with a counter for identical lines."""
        special = self.special
        response_id = row.cells[special[RESPONSE_ID]].strip() if RESPONSE_ID in special else ""
        if not _ID_LIKE.match(response_id):
            response_id = ""  # not an id (an address, a name): never part of the key
        cells = sorted(
            json.dumps([*self.keyed[q.id],
                        row.cells[col].strip() if bad else _canonical(answers.get(q.id))],
                       ensure_ascii=False)
            for col, q in self.columns
        )
        base = json.dumps([self.gathering_id, " ".join(response_id.split()), cells],
                          ensure_ascii=False)
        same = hashlib.sha256(base.encode()).digest()
        occurrence = self.seen[same]
        self.seen[same] += 1
        return "imp1:" + hashlib.sha256(f"{base}#{occurrence}".encode()).hexdigest()

    def line(self, row: Row) -> LineResult:
        answers, bad = self.answers(row)
        notes: list[Problem] = []
        municipality_id, role = self.tags(row, notes)
        key = self.key(row, answers, bool(bad))
        if bad:
            status = BAD
        elif not any(v is not None for v in answers.values()):
            status = EMPTY
        elif key in self.existing:
            status = DUPLICATE
        else:
            status = OK
        return LineResult(row.line, status, answers, key, municipality_id, role, bad, notes)


def plan_import(
    table: Table,
    mapping: Mapping[int, str | None],
    questions: Sequence[QuestionLike],
    existing_keys: Iterable[str],
    *,
    gathering_id: str,
    municipalities: Iterable[Any] = (),
    member_ids: Iterable[str] = (),
    gathering_dates: tuple[date, date | None] | None = None,
) -> ImportPlan:
    """Parse every data line of `table` with `mapping`; nothing is written.

    `municipalities` (objects with id, number, name) resolve a municipality column;
    `member_ids` breaks ties between equal names (Herøy, Våler) in favour of members.
    With `gathering_dates` (start, end), lines completed far from them (by the file's
    completion times) are marked and the plan carries a `time_warning`.
    """
    problems = mapping_problems(table.headers, questions, mapping)
    if problems:
        raise ImporterError("imp.err.mapping", problems="; ".join(p.message() for p in problems))
    planner = _LinePlanner(table, mapping, questions, existing_keys,
                           gathering_id=gathering_id, municipalities=municipalities,
                           member_ids=member_ids)
    lines = [planner.line(row) for row in table.rows]
    times = check_times(table, *gathering_dates) if gathering_dates else None
    if times is not None:
        for result in lines:
            note = times.note(result.line)
            if note is not None:
                result.notes.append(note)
    return ImportPlan(gathering_id=gathering_id, lines=lines, mapping=dict(mapping),
                      headers=table.headers,
                      time_warning=times.summary() if times is not None else None)
