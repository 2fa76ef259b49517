"""Which column of an evaluation file answers which question.

`analyse_columns(headers, questions)` / `propose_mapping(headers, questions)` propose
which column answers which question (by header text), which one holds the municipality,
the role or the export's own response id. `require_matching_columns` refuses a file none
of whose columns matches a question (prose, the wrong file). Name and e-mail columns are
recognised as personal and are never imported: evaluations are anonymous.
`mapping_problems` and `confirmation_reasons` say what must be fixed or confirmed.

No SQL here and no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Protocol

from facilitator.domain import fold
from facilitator.i18n import get_language, t
from facilitator.tablefile import ImporterError, Problem, Table, column_letter

# Targets of a column besides a question id.
MUNICIPALITY = ":municipality"
ROLE = ":role"
RESPONSE_ID = ":response_id"
SPECIAL_TARGETS = (MUNICIPALITY, ROLE, RESPONSE_ID)

# How sure a header match must be to be taken without asking.
SURE = 60


class QuestionLike(Protocol):
    """A GatheringQuestion or, before the gathering's set is frozen, an EvaluationQuestion."""

    id: str
    text_nb: str
    text_en: str
    kind: str
    position: int


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


def _kinds_by_header(norms: Sequence[str], all_texts: Sequence[str]) -> dict[int, str]:
    """The columns that are no question by their header alone: empty, personal, the
    response id (the first such column) and metadata."""
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
    return kinds


def _question_scores(norms: Sequence[str], questions: Sequence[QuestionLike],
                     kinds: Mapping[int, str]) -> dict[tuple[int, str], int]:
    """(column, question id) → how well the header names the question (above 0 only)."""
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
    return scores


def _best_score(scores: Mapping[tuple[int, str], int], col: int) -> int:
    return max((s for (c, _q), s in scores.items() if c == col), default=0)


def _add_keyword_kinds(norms: Sequence[str], scores: Mapping[tuple[int, str], int],
                       kinds: dict[int, str]) -> None:
    """Municipality and role by keyword, unless the header clearly names a question."""
    for i, norm in enumerate(norms):
        if i in kinds:
            continue
        words = set(norm.split())
        if _best_score(scores, i) >= 80 or len(words) > 6:
            continue
        if words & _MUNICIPALITY_WORDS and "municipality" not in kinds.values():
            kinds[i] = "municipality"
        elif words & _ROLE_WORDS and "role" not in kinds.values():
            kinds[i] = "role"


def _assign(scores: Mapping[tuple[int, str], int], kinds: Mapping[int, str],
            questions: Sequence[QuestionLike]) -> dict[int, tuple[str, int]]:
    """Column → (question id, score): the best matches first, each question once."""
    assigned: dict[int, tuple[str, int]] = {}
    taken: set[str] = set()
    order = {q.id: n for n, q in enumerate(questions)}
    for (col, qid), s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0][0],
                                                                 order[kv[0][1]])):
        if col in kinds or col in assigned or qid in taken:
            continue
        assigned[col] = (qid, s)
        taken.add(qid)
    return assigned


_SPECIAL_KINDS = {"municipality": MUNICIPALITY, "role": ROLE, "response_id": RESPONSE_ID}


def analyse_columns(headers: Sequence[str], questions: Sequence[QuestionLike]
                    ) -> list[ColumnGuess]:
    """Classify every column and propose its question. Personal columns (name, e-mail,
    phone, IP address) are marked and never get a target."""
    norms = [normalise(h) for h in headers]
    kinds = _kinds_by_header(norms, _question_texts(questions))
    scores = _question_scores(norms, questions, kinds)
    _add_keyword_kinds(norms, scores, kinds)
    assigned = _assign(scores, kinds, questions)
    guesses = []
    for i, header in enumerate(headers):
        kind = kinds.get(i)
        if kind is not None:
            guesses.append(ColumnGuess(i, header, _SPECIAL_KINDS.get(kind), kind))
        elif i in assigned:
            qid, s = assigned[i]
            rivals_q = sum(1 for (c, _q), v in scores.items() if c == i and v == s)
            rivals_c = sum(1 for (c, q), v in scores.items()
                           if q == qid and v == s and kinds.get(c) is None)
            guesses.append(ColumnGuess(i, header, qid, "question", s,
                                       ambiguous=rivals_q > 1 or rivals_c > 1))
        else:
            best = _best_score(scores, i)
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
