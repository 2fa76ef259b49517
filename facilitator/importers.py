"""Importing evaluation answers from CSV and XLSX files.

The steps, each usable on its own (the command line and the app both use them):

1. `read_table(path)` reads a Microsoft Forms, Questback, Netigate or Excel file into a
   `Table` (headers and rows of text, each row with its line number in the file). The
   encoding (UTF-8 with or without BOM, Windows-1252, UTF-16) and the delimiter
   (``;`` ``,`` tab) are detected; XLSX header rows spread over merged cells are
   combined. Bad files raise `ImporterError` with a message naming the file.
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

import csv
import hashlib
import io
import json
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from facilitator.domain import QuestionKind, ResponseSource, Role, fold
from facilitator.i18n import get_language, t
from facilitator.limits import count_text, too_long
from facilitator.parse import InputError, parse_score, parse_yes_no
from facilitator.privacy import DroppedCount, dropped_count_line

if TYPE_CHECKING:
    from facilitator.store import Store

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 400 * 1024 * 1024  # an XLSX that inflates beyond this is refused
MAX_HEADER_ROWS = 4
DELIMITERS = (";", ",", "\t")

# Targets of a column besides a question id.
MUNICIPALITY = ":municipality"
ROLE = ":role"
RESPONSE_ID = ":response_id"
SPECIAL_TARGETS = (MUNICIPALITY, ROLE, RESPONSE_ID)

# Line statuses.
OK, BAD, DUPLICATE, EMPTY = "ok", "bad", "duplicate", "empty"

# How sure a header match must be to be taken without asking.
SURE = 60


# --------------------------------------------------------------------------- messages


class ImporterError(Exception):
    """A problem with the file or the import; `message()` is one sentence for users."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def message(self) -> str:
        return _render(self.key, self.params)

    def __str__(self) -> str:
        return self.message()


@dataclass(frozen=True)
class Problem:
    """A message kept as a key and parameters, rendered in the current language."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        return _render(self.key, self.params)

    def __str__(self) -> str:
        return self.message()


def _render(key: str, params: Mapping[str, Any]) -> str:
    # a nested message is part of a longer sentence: without its full stop
    values = {k: (v.message().rstrip(".") if isinstance(v, Problem | InputError) else v)
              for k, v in params.items()}
    return t(key, **values)


class QuestionLike(Protocol):
    """A GatheringQuestion or, before the gathering's set is frozen, an EvaluationQuestion."""

    id: str
    text_nb: str
    text_en: str
    kind: str
    position: int


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Row:
    line: int  # the line (CSV) or row (XLSX) number in the file, from 1
    cells: tuple[str, ...]  # one per header
    extra: tuple[str, ...] = ()  # non-empty cells beyond the last header (CSV only)


@dataclass(frozen=True)
class Table:
    path: Path
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    format: str  # "csv" or "xlsx"
    encoding: str | None = None  # "utf-8-sig", "utf-8", "cp1252", "cp1252-bom", "utf-16"
    delimiter: str | None = None
    sheet: str | None = None
    header_lines: tuple[int, ...] = ()

    def has_data(self, index: int) -> bool:
        return any(r.cells[index].strip() for r in self.rows)

    def describe(self) -> str:
        """One line: what was read, e.g. "svar.csv: UTF-8 med BOM, skilletegn …"."""
        if self.format == "xlsx":
            return t("imp.read.xlsx", file=self.path.name, sheet=self.sheet or "",
                     rows=len(self.rows))
        return t("imp.read.csv", file=self.path.name, encoding=encoding_label(self.encoding),
                 delimiter=delimiter_label(self.delimiter), rows=len(self.rows))


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how Excel names the column."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def encoding_label(encoding: str | None) -> str:
    return t({
        "utf-8-sig": "imp.enc.utf8_bom", "utf-8": "imp.enc.utf8", "cp1252": "imp.enc.cp1252",
        "cp1252-bom": "imp.enc.cp1252_bom", "utf-16": "imp.enc.utf16",
    }.get(encoding or "", "imp.enc.utf8"))


def delimiter_label(delimiter: str | None) -> str:
    return t({";": "imp.delim.semicolon", ",": "imp.delim.comma", "\t": "imp.delim.tab"}
             .get(delimiter or "", "imp.delim.none"))


# --------------------------------------------------------------------------- reading files


def read_table(path: str | Path) -> Table:
    """Read a CSV or XLSX file (decided by its content, not its name). Raises
    `ImporterError` for a missing, unreadable, empty, binary or damaged file."""
    path = Path(path).expanduser()
    if not path.exists():
        raise ImporterError("imp.err.missing", path=path)
    if path.is_dir():
        raise ImporterError("imp.err.is_dir", path=path)
    if not path.is_file():  # a device, a pipe: never read those to the end
        raise ImporterError("imp.err.not_file", path=path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ImporterError("imp.err.too_large", path=path,
                                size=path.stat().st_size // (1024 * 1024),
                                limit=MAX_FILE_BYTES // (1024 * 1024))
    except OSError as exc:
        raise ImporterError("imp.err.unreadable", path=path,
                            detail=exc.strerror or type(exc).__name__) from exc
    if not data.strip(b" \t\r\n\x0b\x0c\xef\xbb\xbf"):
        raise ImporterError("imp.err.empty", path=path)
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ImporterError("imp.err.old_excel", path=path)
    return _read_csv(path, data)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ImporterError("imp.err.encoding", path=path) from exc
    if b"\x00" in data:
        raise ImporterError("imp.err.binary", path=path)
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # A UTF-8 BOM in front of Windows-1252 text: some tools add one blindly.
        return data[3:].decode("cp1252") if bom else data.decode("cp1252"), (
            "cp1252-bom" if bom else "cp1252")
    except UnicodeDecodeError as exc:
        raise ImporterError("imp.err.binary", path=path) from exc


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def _read_csv(path: Path, data: bytes) -> Table:
    text, encoding = _decode(path, data)
    text = text.lstrip("\ufeff")
    head = text[:4096]
    if len(_CONTROL.findall(head)) > max(2, len(head) // 100):
        raise ImporterError("imp.err.binary", path=path)
    start = head.lstrip()[:64].casefold()
    if start.startswith(("<!doctype", "<html", "<table", "<?xml", "<workbook", "{", "%pdf")):
        raise ImporterError("imp.err.not_table", path=path)
    offset = 0
    delimiter = None
    first, _nl, rest = text.partition("\n")
    hint = re.fullmatch(r"\s*sep=(.)\s*", first.rstrip("\r"))
    if hint and hint.group(1) in DELIMITERS:  # Excel's "sep=;" first line
        delimiter, text, offset = hint.group(1), rest, 1
    if delimiter is None:
        delimiter = _detect_delimiter(text)
    records: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous = 0
    try:
        for record in reader:
            records.append((previous + 1 + offset, record))
            previous = reader.line_num
    except csv.Error as exc:
        raise ImporterError("imp.err.csv", path=path, line=previous + 1 + offset,
                            detail=str(exc)) from exc
    return _shape(path, records, set(), fmt="csv", encoding=encoding, delimiter=delimiter)


def _detect_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most consistent columns."""
    sample = text[:65536]
    best: tuple[Any, ...] | None = None
    chosen = ";"
    for delimiter in DELIMITERS:
        rows: list[list[str]] = []
        try:
            for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
                if any(c.strip() for c in record):
                    rows.append(record)
                if len(rows) >= 50:
                    break
        except csv.Error:
            pass
        if not rows:
            continue
        if len(text) > len(sample) and len(rows) > 1:
            rows = rows[:-1]  # the sample may cut the last record short
        widths = Counter(len(r) for r in rows)
        width, count = widths.most_common(1)[0]
        share = count / len(rows)
        key = (width > 1, share >= 0.6, width, share)
        if best is None or key > best:
            best, chosen = key, delimiter
    return chosen


def _read_xlsx(path: Path) -> Table:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise ImporterError("imp.err.not_xlsx", path=path)
            unzipped = sum(i.file_size for i in archive.infolist())
            if unzipped > MAX_UNZIPPED_BYTES:
                raise ImporterError("imp.err.too_large", path=path,
                                    size=unzipped // (1024 * 1024),
                                    limit=MAX_UNZIPPED_BYTES // (1024 * 1024))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImporterError("imp.err.xlsx_damaged", path=path, detail=str(exc)[:120]) from exc
    try:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # data_only: a formula cell gives the value Excel saved, it is never evaluated
            book = openpyxl.load_workbook(path, data_only=True)
    except ImporterError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on bad files
        raise ImporterError("imp.err.xlsx_damaged", path=path,
                            detail=f"{type(exc).__name__}: {exc}"[:160]) from exc
    try:
        for sheet in book.worksheets:
            rows = [[_cell_text(v) for v in values]
                    for values in sheet.iter_rows(values_only=True)]
            if not any(any(c.strip() for c in r) for r in rows):
                continue
            first = next(i for i, r in enumerate(rows) if any(c.strip() for c in r)) + 1
            merged_across: set[int] = set()
            for rng in sheet.merged_cells.ranges:
                if rng.min_row > first + MAX_HEADER_ROWS:
                    continue  # only header merges are filled; data cells stay as they are
                value = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= len(rows) else ""
                for r in range(rng.min_row, min(rng.max_row, len(rows)) + 1):
                    row = rows[r - 1]
                    row.extend([""] * (rng.max_col - len(row)))
                    for c in range(rng.min_col, rng.max_col + 1):
                        row[c - 1] = value
                    if rng.max_col > rng.min_col:
                        merged_across.add(r)
            records = [(i, r) for i, r in enumerate(rows, start=1)]
            return _shape(path, records, merged_across, fmt="xlsx", sheet=sheet.title)
    finally:
        book.close()
    raise ImporterError("imp.err.empty", path=path)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


_NUMBER = re.compile(r"^\s*-?\d+(?:[.,]\d+)?\s*$")
_YES_NO_WORDS = {"ja", "nei", "yes", "no"}


def _data_like(cells: Sequence[str]) -> bool:
    """A row that holds answers rather than headers: a number, a score or yes/no."""
    for cell in cells:
        value = cell.strip()
        if not value:
            continue
        if _NUMBER.match(value) or value.casefold() in _YES_NO_WORDS:
            return True
        try:
            if parse_score(value) is not None:
                return True
        except InputError:
            pass
    return False


def _filled(cells: Sequence[str]) -> int:
    return sum(1 for c in cells if c.strip())


def _shape(
    path: Path,
    records: list[tuple[int, list[str]]],
    merged_across: set[int],
    *,
    fmt: str,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Table:
    """Find the header row(s), combine them, and cut the data rows to the headers."""
    content = [(line, [c if isinstance(c, str) else str(c) for c in cells])
               for line, cells in records if _filled(cells)]
    if not content:
        raise ImporterError("imp.err.empty", path=path)
    # Header rows: the first non-empty row, plus the rows below it while the row above
    # is a super-header (merged across columns, or fewer cells filled than the next).
    zone = [0]
    while len(zone) < MAX_HEADER_ROWS and zone[-1] + 1 < len(content):
        line, cells = content[zone[-1]]
        _next_line, next_cells = content[zone[-1] + 1]
        if _data_like(next_cells):
            break
        if line in merged_across or _filled(cells) < _filled(next_cells):
            zone.append(zone[-1] + 1)
        else:
            break
    header_rows = [content[i] for i in zone]
    last_width = _filled(header_rows[-1][1])
    # A title line (one cell, not merged over the columns) above real headers says nothing
    # about the columns: leave it out of the header texts.
    useful = [(line, cells) for line, cells in header_rows
              if not (_filled(cells) == 1 and line not in merged_across and last_width > 1)]
    useful = useful or header_rows[-1:]
    data = content[zone[-1] + 1:]

    def last_filled(cells: Sequence[str]) -> int:
        return max((i + 1 for i, c in enumerate(cells) if c.strip()), default=0)

    width = max(last_filled(cells) for _line, cells in useful)
    if fmt == "xlsx":  # columns are certain in a workbook: keep a data column without header
        width = max([width, *(last_filled(cells) for _line, cells in data)])
    headers = []
    for col in range(width):
        parts: list[str] = []
        for _line, cells in useful:
            text = " ".join(cells[col].split()) if col < len(cells) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        headers.append(" – ".join(parts))
    rows = []
    for line, cells in data:
        padded = (list(cells) + [""] * width)[:width]
        extra = tuple(c for c in cells[width:] if c.strip())
        rows.append(Row(line, tuple(padded), extra))
    return Table(path=path, headers=tuple(headers), rows=tuple(rows), format=fmt,
                 encoding=encoding, delimiter=delimiter, sheet=sheet,
                 header_lines=tuple(line for line, _cells in header_rows))


# --------------------------------------------------------------------------- mapping


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
    ratio = SequenceMatcher(None, header, text).ratio()
    words_h, words_t = set(header.split()), set(text.split())
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
    text = " ".join(header.split())
    if not text:
        return t("imp.map.no_header")
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


@dataclass
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
) -> ImportPlan:
    """Parse every data line of `table` with `mapping`; nothing is written.

    `municipalities` (objects with id, number, name) resolve a municipality column;
    `member_ids` breaks ties between equal names (Herøy, Våler) in favour of members.
    """
    problems = mapping_problems(table.headers, questions, mapping)
    if problems:
        raise ImporterError("imp.err.mapping", problems="; ".join(p.message() for p in problems))
    by_id = {q.id: q for q in questions}
    columns = [(col, by_id[target]) for col, target in sorted(mapping.items())
               if target in by_id]
    special = {target: col for col, target in mapping.items() if target in SPECIAL_TARGETS}
    resolver = _Municipalities(municipalities, member_ids) if MUNICIPALITY in special else None
    roles = _role_table() if ROLE in special else {}
    existing = set(existing_keys)
    seen: Counter[str] = Counter()
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
                bad.append(Problem("imp.cell", {"column": header_label(table.headers[col]),
                                                "detail": exc}))
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
                                               "value": text}))
        if ROLE in special:
            col = special[ROLE]
            raw = row.cells[col].strip()
            if raw:
                role = roles.get(normalise(raw))
                if role is None:
                    notes.append(Problem("imp.note.unknown_role", {
                        "column": header_label(table.headers[col]), "value": raw}))
        response_id = row.cells[special[RESPONSE_ID]].strip() if RESPONSE_ID in special else ""
        if not _ID_LIKE.match(response_id):
            response_id = ""  # not an id (an address, a name): never part of the key
        # the key: gathering, the export's response id, and the parsed answers by
        # question text (so a CSV and an XLSX of the same export give the same keys)
        cells = sorted(
            json.dumps([normalise(q.text_nb), q.kind,
                        row.cells[col].strip() if bad else _canonical(answers.get(q.id))],
                       ensure_ascii=False)
            for col, q in columns
        )
        base = json.dumps([gathering_id, " ".join(response_id.split()), cells],
                          ensure_ascii=False)
        occurrence = seen[base]
        seen[base] += 1
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
    return ImportPlan(gathering_id=gathering_id, lines=lines, mapping=dict(mapping),
                      headers=table.headers)


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
                       member_ids=members)
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
