"""Importing evaluation answers from CSV and XLSX files.

The steps, each usable on its own (the command line and the app both use them):

1. `read_table(path)` (from `facilitator.tablefile`) reads a Microsoft Forms, Questback,
   Netigate or Excel file into a `Table` (headers and rows of text, each row with its
   line number in the file), streaming and within limits that a real evaluation never
   reaches. Bad or too large files raise `ImporterError` with a message naming the file.
2. `analyse_columns(headers, questions)` / `propose_mapping(headers, questions)`
   propose which column answers which question (by header text), which one holds the
   municipality, the role or the export's own response id. `require_matching_columns`
   refuses a file none of whose columns matches a question (prose, the wrong file). Name and e-mail columns are
   recognised as personal and are never imported: evaluations are anonymous.
   `mapping_problems` and `confirmation_reasons` say what must be fixed or confirmed.
3. `plan_import(...)` (or `plan_for(store, ...)`) parses every line into an `ImportPlan`:
   ok, bad (with messages naming the column and the value), duplicate (imported
   before) or empty. Nothing is written.
4. `apply_import(store, gathering_id, plan, skip_bad=False)` writes the ok lines in one
   transaction: all or nothing. A plan with bad lines is refused unless `skip_bad`.

Every line gets an `import_key`: a hash of the gathering, the line's parsed answers and
the export's response id (when it has one), with a counter for identical lines in the
same file. Importing the same file twice therefore adds nothing the second time, while
two participants who answered exactly alike are both kept.

No SQL here (the store is called through its methods) and no Textual.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from facilitator.domain import QuestionKind, ResponseSource, Role, fold
from facilitator.i18n import get_language, t
from facilitator.limits import count_text, too_long
from facilitator.parse import InputError, parse_score, parse_yes_no
from facilitator.privacy import DroppedCount, dropped_count_line
from facilitator.response_times import check_times
from facilitator.tablefile import (
    ImporterError,
    Problem,
    Row,
    Table,
    column_letter,
    read_table,
)

if TYPE_CHECKING:
    from facilitator.store import Store

# Targets of a column besides a question id.
MUNICIPALITY = ":municipality"
ROLE = ":role"
RESPONSE_ID = ":response_id"
SPECIAL_TARGETS = (MUNICIPALITY, ROLE, RESPONSE_ID)

# Line statuses.
OK, BAD, DUPLICATE, EMPTY = "ok", "bad", "duplicate", "empty"

# How sure a header match must be to be taken without asking.
SURE = 60


class QuestionLike(Protocol):
    """A GatheringQuestion or, before the gathering's set is frozen, an EvaluationQuestion."""

    id: str
    text_nb: str
    text_en: str
    kind: str
    position: int


# --------------------------------------------------------------------------- mapping


@lru_cache(maxsize=4096)  # the same municipality or role on thousands of lines
def normalise(text: str) -> str:
    """Header text for matching: folded (case, æøå, accents), words only, no numbering."""
    words = re.findall(r"\w+", fold(text.strip().rstrip(".…").strip()).replace("_", " "))
    result = " ".join(words)
    stripped = re.sub(r"^(?:q|spm|sporsmal|question)?\s*\d+\s+", "", result)
    return stripped or result


_PERSONAL = re.compile(
    r"\b(?:e ?post\w*|e ?mail\w*|mail|epost\w*|mobil\w*|telefon\w*|phone\w*|tlf|"
    r"ip|ip ?adresse|ip address|fodselsnummer|personnummer|adresse|address)\b"
)
_NAME_CORE = {"navn", "name", "fornavn", "etternavn", "surname", "visningsnavn", "firstname",
              "lastname", "fullname"}
_NAME_WORDS = _NAME_CORE | {"fullt", "full", "first", "last", "given", "family", "ditt", "your",
                            "display", "respondent", "respondents", "respondentens",
                            "deltaker", "deltakers", "deltakerens", "participant",
                            "participants", "s", "og", "and", "brukerens", "user"}
_RESPONSE_ID = {"id", "respondent", "respondent id", "respondentid", "response id",
                "responseid", "svar id", "svarid", "respons id", "responsid", "ref", "lopenummer",
                "lopenr", "respondent nr", "response number", "svarnummer"}
_METADATA_EXACT = {"start time", "completion time", "last modified time", "starttidspunkt",
                   "fullforingstidspunkt", "tidspunkt for siste endring", "sist endret",
                   "tidspunkt", "tid", "dato", "date", "time", "timestamp", "tidsstempel",
                   "start date", "end date", "startdato", "sluttdato", "submitted", "innsendt",
                   "status", "language", "sprak", "duration", "varighet", "total points",
                   "points", "poeng", "quiz feedback", "source", "kilde", "user agent",
                   "browser", "nettleser", "created", "opprettet", "completed", "fullfort",
                   "started", "startet", "svartid", "response time", "collector", "device",
                   "enhet", "respondent status"}
_METADATA_PREFIX = ("points ", "feedback ", "poeng ", "tilbakemelding ")
_MUNICIPALITY_WORDS = {"kommune", "kommunen", "kommunens", "kommunenavn", "kommunenummer",
                       "kommunenr", "municipality"}
_ROLE_WORDS = {"rolle", "rollen", "role", "stilling", "funksjon", "position"}


def _personal(norm: str, question_texts: Sequence[str] = ()) -> bool:
    """A name, e-mail, phone or address column. A long header that only mentions such a
    word ("Fikk du mail om samlingen på forhånd?") is personal unless it is a question."""
    if _PERSONAL.search(norm):
        return len(norm.split()) <= 5 or not any(
            _match(norm, text) >= SURE for text in question_texts)
    words = set(norm.split())
    return bool(words & _NAME_CORE) and words <= _NAME_WORDS


def _question_texts(questions: Sequence[QuestionLike]) -> list[str]:
    return [normalise(x) for q in questions for x in (q.text_nb, q.text_en) if x and x.strip()]


def _metadata(norm: str) -> bool:
    return norm in _METADATA_EXACT or norm.startswith(_METADATA_PREFIX)


@lru_cache(maxsize=2048)  # each header is matched against every question text
def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _match(header: str, text: str) -> int:
    """0–100: how well a normalised header names a normalised question text."""
    if not header or not text:
        return 0
    if header == text:
        return 100
    padded_h, padded_t = f" {header} ", f" {text} "
    if padded_t in padded_h:  # "Om samlingen – Relevante tema", "Relevante tema (1–6)"
        return 85
    if len(header) >= 0.6 * len(text):  # a header cut off by the export
        if padded_h in padded_t:
            return 75 if padded_t.startswith(padded_h) else 65
        if text.startswith(header):  # cut in the middle of a word
            return 70
    # The ratio is at most 2·min/(len+len): below the 0.8 it needs when one is more than
    # 1.5 times the other. Not computed then (a header of 30,000 characters took minutes).
    short, long_ = sorted((len(header), len(text)))
    ratio = SequenceMatcher(None, header, text).ratio() if long_ <= 1.5 * short else 0.0
    words_h, words_t = _word_set(header), _word_set(text)
    common = len(words_h & words_t)
    overlap = (common / len(words_t) + common / len(words_h)) / 2 \
        if common / len(words_t) >= 0.6 and common / len(words_h) >= 0.5 else 0.0
    best = max(ratio if ratio >= 0.8 else 0.0, overlap)
    return int(55 * best)


@dataclass(frozen=True)
class ColumnGuess:
    """What a column seems to hold, for showing and confirming the mapping."""

    index: int
    header: str
    target: str | None  # a question id, MUNICIPALITY, ROLE, RESPONSE_ID, or None
    kind: str  # question, municipality, role, response_id, metadata, personal, unknown
    score: int = 0  # 0–100 for a question match
    ambiguous: bool = False  # another question (or column) matches exactly as well

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def sure(self) -> bool:
        return self.kind != "question" or (self.score >= SURE and not self.ambiguous)


def analyse_columns(headers: Sequence[str], questions: Sequence[QuestionLike]
                    ) -> list[ColumnGuess]:
    """Classify every column and propose its question. Personal columns (name, e-mail,
    phone, IP address) are marked and never get a target."""
    norms = [normalise(h) for h in headers]
    all_texts = _question_texts(questions)
    kinds: dict[int, str] = {}
    for i, norm in enumerate(norms):
        if not norm:
            kinds[i] = "unknown"
        elif _personal(norm, all_texts):
            kinds[i] = "personal"
        elif norm in _RESPONSE_ID and RESPONSE_ID not in kinds.values():
            kinds[i] = "response_id"
        elif _metadata(norm) or norm in _RESPONSE_ID:
            kinds[i] = "metadata"
    texts = [(q, [normalise(x) for x in (q.text_nb, q.text_en) if x and x.strip()])
             for q in questions]
    scores: dict[tuple[int, str], int] = {}
    for i, norm in enumerate(norms):
        if i in kinds:
            continue
        for q, qtexts in texts:
            s = max((_match(norm, x) for x in qtexts), default=0)
            if s > 0:
                scores[(i, q.id)] = s
    # municipality and role by keyword, unless the header clearly names a question
    for i, norm in enumerate(norms):
        if i in kinds:
            continue
        best = max((s for (c, _q), s in scores.items() if c == i), default=0)
        words = set(norm.split())
        if best >= 80 or len(words) > 6:
            continue
        if words & _MUNICIPALITY_WORDS and "municipality" not in kinds.values():
            kinds[i] = "municipality"
        elif words & _ROLE_WORDS and "role" not in kinds.values():
            kinds[i] = "role"
    assigned: dict[int, tuple[str, int]] = {}
    taken: set[str] = set()
    order = {q.id: n for n, q in enumerate(questions)}
    for (col, qid), s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0][0],
                                                                 order[kv[0][1]])):
        if col in kinds or col in assigned or qid in taken:
            continue
        assigned[col] = (qid, s)
        taken.add(qid)
    guesses = []
    for i, header in enumerate(headers):
        kind = kinds.get(i)
        if kind == "municipality":
            guesses.append(ColumnGuess(i, header, MUNICIPALITY, kind))
        elif kind == "role":
            guesses.append(ColumnGuess(i, header, ROLE, kind))
        elif kind == "response_id":
            guesses.append(ColumnGuess(i, header, RESPONSE_ID, kind))
        elif kind is not None:
            guesses.append(ColumnGuess(i, header, None, kind))
        elif i in assigned:
            qid, s = assigned[i]
            rivals_q = sum(1 for (c, _q), v in scores.items() if c == i and v == s)
            rivals_c = sum(1 for (c, q), v in scores.items()
                           if q == qid and v == s and kinds.get(c) is None)
            guesses.append(ColumnGuess(i, header, qid, "question", s,
                                       ambiguous=rivals_q > 1 or rivals_c > 1))
        else:
            best = max((v for (c, _q), v in scores.items() if c == i), default=0)
            guesses.append(ColumnGuess(i, header, None, "unknown", best,
                                       ambiguous=best >= SURE))
    return guesses


def require_matching_columns(table: Table, questions: Sequence[QuestionLike],
                             guesses: Sequence[ColumnGuess] | None = None) -> None:
    """Refuse a file none of whose columns matches a question by its header (a text
    file of prose, another survey, the wrong file): there is nothing to map, and its
    lines are not answers. Raises `ImporterError` naming the file and a question."""
    if guesses is None:
        guesses = analyse_columns(table.headers, questions)
    if any(g.kind == "question" for g in guesses):
        return
    example = question_text(questions[0]) if questions else ""
    raise ImporterError("imp.err.no_matching_columns", path=table.path,
                        question=example)


def propose_mapping(headers: Sequence[str], questions: Sequence[QuestionLike]
                    ) -> dict[int, str | None]:
    """Column index → question id, MUNICIPALITY, ROLE, RESPONSE_ID or None (ignored)."""
    return {g.index: g.target for g in analyse_columns(headers, questions)}


def personal_columns(headers: Sequence[str], questions: Sequence[QuestionLike] = ()
                     ) -> set[int]:
    """Columns that hold personal data (name, e-mail, …): never imported."""
    texts = _question_texts(questions)
    return {i for i, h in enumerate(headers)
            if normalise(h) and _personal(normalise(h), texts)}


def target_label(target: str | None, questions: Sequence[QuestionLike]) -> str:
    """How a column's target reads in the current language."""
    if target is None:
        return t("imp.map.ignored")
    if target == MUNICIPALITY:
        return t("imp.map.municipality")
    if target == ROLE:
        return t("imp.map.role")
    if target == RESPONSE_ID:
        return t("imp.map.response_id")
    for q in questions:
        if q.id == target:
            return t("imp.map.question", question=question_text(q),
                     kind=t(f"qkind.{q.kind}"))
    return target


def question_text(q: QuestionLike) -> str:
    return q.text_en if get_language() == "en" and q.text_en else q.text_nb


def header_label(header: str, limit: int = 48) -> str:
    return shortened(header, limit) or t("imp.map.no_header")


def shortened(text: str, limit: int) -> str:
    """`text` on one line, cut at `limit` characters with …"""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mapping_problems(headers: Sequence[str], questions: Sequence[QuestionLike],
                     mapping: Mapping[int, str | None]) -> list[Problem]:
    """What makes a mapping unusable: a question or special target fed by two columns,
    a personal column mapped, an unknown target, or no question at all."""
    problems: list[Problem] = []
    ids = {q.id for q in questions}
    personal = personal_columns(headers, questions)
    by_target: dict[str, list[int]] = {}
    for col, target in sorted(mapping.items()):
        if target is None:
            continue
        if col in personal:
            problems.append(Problem("imp.why.personal", {"letter": column_letter(col),
                                                         "header": header_label(headers[col])}))
            continue
        if target not in ids and target not in SPECIAL_TARGETS:
            problems.append(Problem("imp.why.unknown_target", {"letter": column_letter(col)}))
            continue
        by_target.setdefault(target, []).append(col)
    for target, cols in by_target.items():
        if len(cols) > 1:
            problems.append(Problem("imp.why.twice", {
                "target": target_label(target, questions),
                "letters": ", ".join(column_letter(c) for c in cols)}))
    if not any(target in ids for target in by_target):
        problems.append(Problem("imp.why.no_questions"))
    return problems


def confirmation_reasons(table: Table, guesses: Sequence[ColumnGuess],
                         mapping: Mapping[int, str | None]) -> tuple[list[Problem], bool]:
    """Why the proposed mapping should be confirmed by a person, and whether accepting it
    blindly is acceptable (True when the only doubts are columns left out or uncertain
    matches; False for ties, where only a person can choose)."""
    reasons: list[Problem] = []
    acceptable = True
    for g in guesses:
        target = mapping.get(g.index)
        label = {"letter": g.letter, "header": header_label(g.header)}
        if g.kind in ("personal", "metadata", "response_id", "municipality", "role"):
            continue
        if target is None:
            if table.has_data(g.index):
                reasons.append(Problem("imp.why.unmapped", label))
                if g.ambiguous:
                    acceptable = False
            continue
        if g.ambiguous:
            reasons.append(Problem("imp.why.ambiguous", label))
            acceptable = False
        elif g.score < SURE:
            reasons.append(Problem("imp.why.uncertain", label))
    return reasons, acceptable


# --------------------------------------------------------------------------- planning


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
    by_id = {q.id: q for q in questions}
    columns = [(col, by_id[target]) for col, target in sorted(mapping.items())
               if target in by_id]
    special = {target: col for col, target in mapping.items() if target in SPECIAL_TARGETS}
    keyed = {q.id: (normalise(q.text_nb), q.kind) for _col, q in columns}  # once, not per line
    labels = {col: header_label(table.headers[col]) for col, _q in columns}
    resolver = _Municipalities(municipalities, member_ids) if MUNICIPALITY in special else None
    roles = _role_table() if ROLE in special else {}
    existing = set(existing_keys)
    seen: Counter[bytes] = Counter()  # by a digest: the JSON of 50,000 lines is not kept
    lines: list[LineResult] = []
    for row in table.rows:
        answers: dict[str, int | str | None] = {}
        bad: list[Problem] = []
        notes: list[Problem] = []
        for col, q in columns:
            try:
                answers[q.id] = _answer(q, row.cells[col])
            except InputError as exc:
                answers[q.id] = None
                # the message as key and values, not the exception: its traceback would
                # keep the frames of every bad cell of the file alive
                bad.append(Problem("imp.cell", {"column": labels[col],
                                                "detail": Problem(exc.key, _cut(exc.params))}))
        if row.extra:
            bad.append(Problem("imp.line.extra_cells", {"count": len(row.extra)}))
        municipality_id = role = None
        if resolver is not None:
            col = special[MUNICIPALITY]
            raw = row.cells[col].strip()
            if raw:
                municipality_id, key, text = resolver.resolve(raw)
                if key:
                    notes.append(Problem(key, {"column": header_label(table.headers[col]),
                                               "value": shortened(text, VALUE_LIMIT)}))
        if ROLE in special:
            col = special[ROLE]
            raw = row.cells[col].strip()
            if raw:
                role = roles.get(normalise(raw))
                if role is None:
                    notes.append(Problem("imp.note.unknown_role", {
                        "column": header_label(table.headers[col]),
                        "value": shortened(raw, VALUE_LIMIT)}))
        response_id = row.cells[special[RESPONSE_ID]].strip() if RESPONSE_ID in special else ""
        if not _ID_LIKE.match(response_id):
            response_id = ""  # not an id (an address, a name): never part of the key
        # the key: gathering, the export's response id, and the parsed answers by
        # question text (so a CSV and an XLSX of the same export give the same keys)
        cells = sorted(
            json.dumps([*keyed[q.id],
                        row.cells[col].strip() if bad else _canonical(answers.get(q.id))],
                       ensure_ascii=False)
            for col, q in columns
        )
        base = json.dumps([gathering_id, " ".join(response_id.split()), cells],
                          ensure_ascii=False)
        same = hashlib.sha256(base.encode()).digest()
        occurrence = seen[same]
        seen[same] += 1
        key = "imp1:" + hashlib.sha256(f"{base}#{occurrence}".encode()).hexdigest()
        if bad:
            status = BAD
        elif not any(v is not None for v in answers.values()):
            status = EMPTY
        elif key in existing:
            status = DUPLICATE
        else:
            status = OK
        lines.append(LineResult(row.line, status, answers, key, municipality_id, role,
                                bad, notes))
    times = check_times(table, *gathering_dates) if gathering_dates else None
    if times is not None:
        for result in lines:
            note = times.note(result.line)
            if note is not None:
                result.notes.append(note)
    return ImportPlan(gathering_id=gathering_id, lines=lines, mapping=dict(mapping),
                      headers=table.headers,
                      time_warning=times.summary() if times is not None else None)


# --------------------------------------------------------------------------- with the store


def questions_for(store: Store, gathering_id: str) -> list[QuestionLike]:
    """The gathering's frozen questions, or, when its evaluation has not started, the
    network's current questions (read only: a dry run must not freeze the set)."""
    frozen = store.gathering_questions(gathering_id, freeze=False)
    if frozen:
        return list(frozen)
    gathering = store.get_gathering(gathering_id)
    return list(store.list_questions(gathering.network_id))


def plan_for(store: Store, gathering_id: str, table: Table,
             mapping: Mapping[int, str | None] | None = None,
             questions: Sequence[QuestionLike] | None = None) -> ImportPlan:
    """`plan_import` with everything it needs read from the store (writes nothing)."""
    questions = list(questions) if questions is not None else questions_for(store, gathering_id)
    if mapping is None:
        mapping = propose_mapping(table.headers, questions)
    gathering = store.get_gathering(gathering_id)
    special = set(mapping.values())
    municipalities = store.list_municipalities() if MUNICIPALITY in special else ()
    members = ([m.municipality_id for m in store.list_members(gathering.network_id)]
               if MUNICIPALITY in special else ())
    plan = plan_import(table, mapping, questions, store.import_keys(gathering_id),
                       gathering_id=gathering_id, municipalities=municipalities,
                       member_ids=members, gathering_dates=(gathering.date, gathering.end_date))
    tagged = [line for line in plan.ok if line.municipality_id or line.role]
    if tagged:  # what the store will keep (the same rule, on today's counts)
        sizes = store.tag_group_sizes(gathering_id)
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
        questions = store.gathering_questions(gathering_id)  # freezes the set if needed
        translate = {q.id: q.id for q in questions}
        for q in questions:
            if q.source_question_id:
                translate.setdefault(q.source_question_id, q.id)
        existing = store.import_keys(gathering_id)
        for line in plan.ok:
            if line.import_key in existing:
                duplicates += 1
                continue
            try:
                answers = {translate[qid]: value for qid, value in line.answers.items()}
            except KeyError:
                raise ImporterError("imp.err.questions_changed") from None
            recorded = store.record_evaluation(
                gathering_id, answers, source=ResponseSource.IMPORT,
                municipality_id=line.municipality_id, role=line.role,
                import_key=line.import_key,
            )
            ids.append(recorded.id)
            dropped = dropped.add(recorded.tags)
            existing.add(line.import_key)
    return ImportResult(imported=len(ids), duplicates=duplicates, skipped_bad=len(plan.bad),
                        empty=len(plan.empty), response_ids=tuple(ids), tags_dropped=dropped)


__all__ = [
    "BAD",
    "DUPLICATE",
    "EMPTY",
    "MUNICIPALITY",
    "OK",
    "RESPONSE_ID",
    "ROLE",
    "ColumnGuess",
    "ImportPlan",
    "ImportResult",
    "ImporterError",
    "LineResult",
    "Problem",
    "Row",
    "Table",
    "analyse_columns",
    "apply_import",
    "column_letter",
    "confirmation_reasons",
    "mapping_problems",
    "personal_columns",
    "plan_for",
    "plan_import",
    "propose_mapping",
    "questions_for",
    "read_table",
    "require_matching_columns",
    "target_label",
]
