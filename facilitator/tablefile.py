"""Reading an import file (CSV or XLSX) into a `Table`: streaming, within limits.

The type comes from the content, never the name: a zip (``PK\\x03\\x04``) is read as an
XLSX workbook (`facilitator.xlsx_stream`), an OLE2 compound file (an old .xls, or a
password-protected workbook) is refused with "save it as .xlsx or .csv", anything else
is read as delimited text. The encoding (UTF-8 with or without BOM, Windows-1252,
UTF-16) and the delimiter (``;`` ``,`` tab, or Excel's ``sep=`` line) are detected;
XLSX header rows spread over merged cells are combined.

Nothing is read whole: a CSV is checked in one pass (NUL bytes, which encodings fit)
and parsed line by line in another; a workbook is read part by part and cell by cell.
Limits that a real evaluation never reaches bound memory and time, and past them the
file is refused with a message naming the limit and what the file had:

- `MAX_FILE_BYTES` (20 MB) for the file as it is on disk;
- `MAX_ROWS` (50,000) lines with answers, `MAX_COLUMNS` (500) columns, and
  `MAX_CELLS` (500,000) cells, lines × columns;
- for an XLSX, `MAX_PART_BYTES` (64 MB) unpacked for each part read (the sheet, its
  shared strings …) and `MAX_UNPACKED_BYTES` for them all, checked against the size
  the zip declares before a part is opened and against the bytes while it is read,
  so a zip bomb stops before it is unpacked; `MAX_MEMBERS` parts and `MAX_STRINGS`
  shared strings.

Together they keep a file's read and dry run under 300 MB (tests/test_hostile_files.py
measures the worst cases in a child process).

Bad files raise `ImporterError` with one sentence naming the file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.errors import UserError
from facilitator.i18n import get_language, t
from facilitator.parse import InputError, parse_score

MB = 1024 * 1024
MAX_FILE_BYTES = 20 * MB
MAX_ROWS = 50_000
MAX_COLUMNS = 500
MAX_CELLS = 500_000
MAX_PART_BYTES = 64 * MB
MAX_UNPACKED_BYTES = 160 * MB
MAX_MEMBERS = 10_000
MAX_STRINGS = MAX_CELLS  # shared strings: no sheet within the limits needs more
MAX_HEADER_ROWS = 4
CHUNK = 1024 * 1024  # bytes read at a time

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --------------------------------------------------------------------------- messages


class ImporterError(UserError):
    """A problem with the file or the import; `message()` is one sentence for users."""

    def message(self) -> str:
        return _render(self.key, self.params)


@dataclass(frozen=True, slots=True)  # a bad cell's message: there may be 500,000
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


class Amount(int):
    """A count in a message, grouped as the language writes it when the message is
    shown: "200 000" in bokmål (a no-break space), "200,000" in English."""

    def __format__(self, spec: str) -> str:
        if spec:
            return super().__format__(spec)
        text = f"{int(self):,}"
        return text if get_language() == "en" else text.replace(",", "\u00a0")

    def __str__(self) -> str:
        return self.__format__("")


class Megabytes(float):
    """A size in MB, rounded up to a tenth (20 MB and 1 byte is "20.1", never "20"),
    with the language's decimal sign; whole numbers without decimals."""

    def __new__(cls, size_bytes: int) -> Megabytes:
        return super().__new__(cls, math.ceil(size_bytes * 10 / MB) / 10)

    def __format__(self, spec: str) -> str:
        if spec:
            return super().__format__(spec)
        value = float(self)
        text = f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
        if get_language() == "en":
            return text
        return text.replace(",", "\u00a0").replace(".", ",")

    def __str__(self) -> str:
        return self.__format__("")


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
    `ImporterError` for a missing, unreadable, empty, binary, damaged or too large file."""
    path = Path(path).expanduser()
    if not path.exists():
        raise ImporterError("imp.err.missing", path=path)
    if path.is_dir():
        raise ImporterError("imp.err.is_dir", path=path)
    if not path.is_file():  # a device, a pipe: never read those to the end
        raise ImporterError("imp.err.not_file", path=path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise too_large(path, size)
        with open(path, "rb") as fh:
            magic = fh.read(len(OLE2_MAGIC))
        if magic.startswith(ZIP_MAGIC):
            from facilitator.xlsx_stream import read_workbook

            return read_workbook(path)
        if magic.startswith(OLE2_MAGIC):
            raise ImporterError("imp.err.old_excel", path=path)
        from facilitator.csvfile import read_csv

        return read_csv(path)
    except OSError as exc:
        raise ImporterError("imp.err.unreadable", path=path,
                            detail=exc.strerror or type(exc).__name__) from exc


def too_large(path: Path, size: int) -> ImporterError:
    return ImporterError("imp.err.too_large", path=path, size=Megabytes(size),
                         limit=Megabytes(MAX_FILE_BYTES))


def last_filled(cells: Sequence[str]) -> int:
    """1 + the index of the last cell with something in it; 0 for a blank line."""
    for i in range(len(cells) - 1, -1, -1):
        if cells[i].strip():
            return i + 1
    return 0


class Budget:
    """Counts the lines with content and their cells as a file is read. Lines are kept
    while the table is within the limits; past them only counted, so the refusal can
    say what the file had."""

    def __init__(self) -> None:
        self.rows = 0
        self.width = 0
        self.cells = 0
        self.over = False

    def take(self, width: int) -> bool:
        """Count a line of `width` cells; whether to keep it."""
        self.rows += 1
        self.cells += width
        self.width = max(self.width, width)
        if not self.over and (self.rows > MAX_ROWS + MAX_HEADER_ROWS
                              or self.cells > MAX_CELLS + MAX_HEADER_ROWS * MAX_COLUMNS):
            self.over = True
        return not self.over

    def check(self, path: Path, records: list[tuple[int, list[str]]],
              merged_across: set[int]) -> None:
        """Refuse a table past the limits of lines or cells (header lines not counted)."""
        if not records:
            return
        headers = len(header_zone(records[:MAX_HEADER_ROWS + 1], merged_across))
        rows = self.rows - headers
        if rows > MAX_ROWS:
            raise ImporterError("imp.err.too_many_rows", path=path, rows=Amount(rows),
                                limit=Amount(MAX_ROWS))
        if rows * self.width > MAX_CELLS:
            raise ImporterError("imp.err.too_many_cells", path=path, rows=Amount(rows),
                                columns=Amount(self.width), cells=Amount(rows * self.width),
                                limit=Amount(MAX_CELLS))


# --------------------------------------------------------------------------- the shape


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


def header_zone(content: Sequence[tuple[int, Sequence[str]]], merged_across: set[int]
                ) -> list[int]:
    """Indexes in `content` (lines with something in them) of the header rows: the
    first line, plus the lines below it while the line above is a super-header
    (merged across columns, or fewer cells filled than the next)."""
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
    return zone


def shape(
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
    content = [(line, cells) for line, cells in records if _filled(cells)]
    if not content:
        raise ImporterError("imp.err.empty", path=path)
    zone = header_zone(content, merged_across)
    header_rows = [content[i] for i in zone]
    last_width = _filled(header_rows[-1][1])
    # A title line (one cell, not merged over the columns) above real headers says nothing
    # about the columns: leave it out of the header texts.
    useful = [(line, cells) for line, cells in header_rows
              if not (_filled(cells) == 1 and line not in merged_across and last_width > 1)]
    useful = useful or header_rows[-1:]
    data = content[zone[-1] + 1:]

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
    blank = ("",) * width
    for line, cells in data:
        if len(cells) >= width:
            padded = tuple(cells[:width])
            extra = tuple(c for c in cells[width:] if c.strip())
        else:
            padded, extra = tuple(cells) + blank[len(cells):], ()
        rows.append(Row(line, padded, extra))
    return Table(path=path, headers=tuple(headers), rows=tuple(rows), format=fmt,
                 encoding=encoding, delimiter=delimiter, sheet=sheet,
                 header_lines=tuple(line for line, _cells in header_rows))


__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_PART_BYTES",
    "MAX_ROWS",
    "Amount",
    "ImporterError",
    "Megabytes",
    "Problem",
    "Row",
    "Table",
    "column_letter",
    "delimiter_label",
    "encoding_label",
    "read_table",
]
