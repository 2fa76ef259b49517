"""The cells of an XLSX worksheet, as expat reports them, made into rows of text.

`Sheet` holds the expat handlers of one worksheet part: it keeps the rows that have a
value (each a list of cells as far as its last value), counted against the limits of
`facilitator.tablefile` (a value beyond `MAX_COLUMNS` stops the reading at once, naming
its cell), and the merged ranges, which it fills within the header rows.

Values are text: a formula cell gives the value Excel saved (never evaluated), shared
and inline strings their text (rich-text runs joined, phonetic guides left out, the
``_x000D_`` escapes undone), booleans TRUE/FALSE, errors as written (#N/A), numbers as
written ("5", not "5.0"), and a number formatted as a date or time "2026-12-15 15:03:00"
(the 1900 and 1904 date systems).
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from facilitator.tablefile import (
    MAX_COLUMNS,
    MAX_HEADER_ROWS,
    Amount,
    Budget,
    ImporterError,
    column_letter,
)

MAX_MERGES = 10_000  # merged ranges looked at (only the header rows' matter)
MAX_CELL_CHARS = 32_767  # Excel's own limit of a cell's text


class Damaged(Exception):
    """The workbook is not what it says it is; the text says where."""


def local_name(name: str) -> str:
    """The element or attribute name without its namespace ("uri c" → "c")."""
    local = _LOCALS.get(name)
    if local is None:
        local = name.rpartition(" ")[2]
        if len(_LOCALS) < 1000:
            _LOCALS[name] = local
    return local


_LOCALS: dict[str, str] = {}


# --------------------------------------------------------------------------- text


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Undo the ``_xHHHH_`` escapes of OOXML strings (``_x005F_`` escapes an underscore)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


class TextRuns:
    """The text of a string item (<si> or <is>): its <t> elements, phonetic runs
    (<rPh>) left out."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.collecting = False
        self.phonetic = 0

    def begin(self) -> None:
        self.parts = []
        self.collecting = False
        self.phonetic = 0

    def start(self, local: str) -> None:
        if local == "rPh":
            self.phonetic += 1
        elif local == "t" and not self.phonetic:
            self.collecting = True

    def end(self, local: str) -> None:
        if local == "rPh":
            self.phonetic -= 1
        elif local == "t":
            self.collecting = False

    def text(self, data: str) -> None:
        if self.collecting:
            self.parts.append(data)

    def value(self) -> str:
        return unescape("".join(self.parts))


# --------------------------------------------------------------------------- dates


# Built-in number formats that are dates or times (ECMA-376 18.8.30).
BUILTIN_DATES = (*range(14, 23), 45, 46, 47)
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def is_date_format(code: str) -> bool:
    """A number format that shows a date or time ("dd.mm.yyyy", "h:mm"); an elapsed
    time ("[h]:mm") is a duration, not a date."""
    if re.search(r"\[(?:h+|m+|s+)\]", code, re.IGNORECASE):
        return False
    section = _FORMAT_NOISE.sub("", code.split(";", 1)[0])
    return bool(re.search(r"[dmyhs]", section, re.IGNORECASE)) and "general" not in \
        section.lower()


_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)


def excel_date_text(serial: float, date1904: bool) -> str | None:
    """The date or time of an Excel serial number as text ("2026-12-15 15:03:00",
    "15:03:00"); None when it is no date."""
    if not 0 <= serial < 2958466:  # year 9999
        return None
    days, fraction = divmod(serial, 1)
    moment = timedelta(milliseconds=round(fraction * 86_400_000))
    if days == 0 and moment < timedelta(days=1):
        seconds, ms = divmod(int(moment.total_seconds() * 1000), 1000)
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60, ms * 1000).isoformat()
    if date1904:
        base = _EPOCH_1904
    else:
        base = _EPOCH_1900
        if days < 60:  # Excel counts a 29 February 1900 that never was
            days += 1
    return (base + timedelta(days=days) + moment).isoformat(sep=" ")


def _number_text(text: str) -> str:
    """A number as openpyxl's value gave it: "5" for 5 and 5.0, "4.5", "1e-05"."""
    value = text.strip()
    if not any(ch in value for ch in ".eE"):
        try:
            return str(int(value))
        except ValueError:
            return value
    try:
        number = float(value)
    except ValueError:
        return value
    if number != number or number in (float("inf"), float("-inf")):
        return value
    return str(int(number)) if number.is_integer() else repr(number)


# --------------------------------------------------------------------------- the sheet


_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_COLUMNS: dict[str, int] = {}


def column_index(letters: str) -> int:
    """"A" → 0, "XFD" → 16383."""
    index = _COLUMNS.get(letters)
    if index is None:
        index = 0
        for ch in letters.upper():
            index = index * 26 + ord(ch) - 64
        index -= 1
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = index
    return index


def _split_ref(ref: str) -> tuple[int, int] | None:
    """"B7" → (column 1, row 7)."""
    m = _REF.match(ref)
    return (column_index(m.group(1)), int(m.group(2))) if m else None


class Sheet:
    """The expat handlers of one worksheet: the rows with content (a dense list of
    cells each, as far as its last value) and the merged ranges."""

    def __init__(self, path: Path, strings: list[str], date_styles: set[int],
                 date1904: bool) -> None:
        self.path = path
        self.strings = strings
        self.date_styles = date_styles
        self.date1904 = date1904
        self.budget = Budget()
        self.rows: list[tuple[int, list[str]]] = []
        self.merges: list[tuple[int, int, int, int]] = []
        self.row = 0
        self.row_cells: dict[int, str] = {}
        self.col = -1
        self.kind = "n"
        self.style = 0
        self.ref = ""
        self.value: list[str] = []
        self.in_value = False
        self.in_inline = False
        self.inline = TextRuns()
        self.chars = 0  # of the cell's text so far
        self._starts: dict[str, Any] = {}
        self._ends: dict[str, Any] = {}

    # Expat reports every element by its full name; each name is looked up once and
    # then dispatched straight to its handler (most of a big sheet's time is here).

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        handler = self._starts.get(tag)
        if handler is None:
            handler = self._starts[tag] = _STARTS.get(local_name(tag), Sheet._nothing)
        handler(self, attrs)

    def end(self, tag: str) -> None:
        handler = self._ends.get(tag)
        if handler is None:
            handler = self._ends[tag] = _ENDS.get(local_name(tag), Sheet._nothing)
        handler(self)

    def _nothing(self, *_args: object) -> None:
        pass

    def _start_cell(self, attrs: dict[str, str]) -> None:
        self.ref = ref = attrs.get("r", "")
        split = _split_ref(ref) if ref else None
        self.col = split[0] if split else self.col + 1
        self.kind = attrs.get("t", "n")
        style = attrs.get("s")
        self.style = int(style) if style and style.isdigit() else 0
        self.value = []
        self.chars = 0
        self.inline.begin()  # <c t="inlineStr"/> has no text of its own

    def _start_value(self, _attrs: dict[str, str]) -> None:
        self.in_value = True

    def _start_inline(self, _attrs: dict[str, str]) -> None:
        self.in_inline = True
        self.inline.begin()

    def _start_text(self, _attrs: dict[str, str]) -> None:
        if self.in_inline:
            self.inline.start("t")

    def _start_phonetic(self, _attrs: dict[str, str]) -> None:
        if self.in_inline:
            self.inline.start("rPh")

    def _start_row(self, attrs: dict[str, str]) -> None:
        number = attrs.get("r", "")
        self.row = int(number) if number.isdigit() else self.row + 1
        self.row_cells = {}
        self.col = -1

    def _start_merge(self, attrs: dict[str, str]) -> None:
        if len(self.merges) >= MAX_MERGES:
            return
        first, _colon, last = attrs.get("ref", "").partition(":")
        a, b = _split_ref(first), _split_ref(last or first)
        if a and b:
            self.merges.append((min(a[1], b[1]), min(a[0], b[0]), max(a[1], b[1]),
                                max(a[0], b[0])))

    def _end_value(self) -> None:
        self.in_value = False

    def _end_inline(self) -> None:
        self.in_inline = False

    def _end_text(self) -> None:
        if self.in_inline:
            self.inline.end("t")

    def _end_phonetic(self) -> None:
        if self.in_inline:
            self.inline.end("rPh")

    def _end_cell(self) -> None:
        value = self._cell_value()
        if len(value) > MAX_CELL_CHARS:  # a shared string
            self._too_long()
        if value.strip():
            if self.col >= MAX_COLUMNS:
                cell = self.ref if self.ref else f"{column_letter(self.col)}{self.row}"
                raise ImporterError("imp.err.cell_too_far", path=self.path,
                                    cell=cell.upper().replace("$", ""),
                                    column=Amount(self.col + 1), limit=Amount(MAX_COLUMNS))
            self.row_cells[self.col] = value

    def text(self, data: str) -> None:
        if self.in_value:
            self.value.append(data)
        elif self.in_inline:
            self.inline.text(data)
        else:
            return
        self.chars += len(data)
        if self.chars > MAX_CELL_CHARS:  # stop at once, not after gathering 60 MB
            self._too_long()

    def _too_long(self) -> None:
        raise ImporterError("imp.err.cell_too_long", path=self.path,
                            cell=(self.ref or f"{column_letter(self.col)}{self.row}").upper(),
                            limit=Amount(MAX_CELL_CHARS))

    def _end_row(self) -> None:
        cells = self.row_cells
        if not cells:
            return
        width = max(cells) + 1
        if self.budget.take(width):
            dense = [""] * width
            for col, value in cells.items():
                dense[col] = value
            self.rows.append((self.row, dense))
        self.row_cells = {}

    def _cell_value(self) -> str:
        kind = self.kind
        if kind == "inlineStr":
            return self.inline.value()
        text = "".join(self.value)
        if kind == "s":
            if not text.strip():
                return ""
            try:
                return self.strings[int(text)]
            except (ValueError, IndexError):
                raise Damaged(f"cell {self.ref}: no shared string {text[:20]}") from None
        if kind in ("str", "e"):
            return unescape(text)
        if kind == "b":
            return {"1": "TRUE", "0": "FALSE", "true": "TRUE", "false": "FALSE"}.get(
                text.strip().lower(), text)
        if kind == "d":
            try:
                return datetime.fromisoformat(text.strip().rstrip("Z")).isoformat(sep=" ")
            except ValueError:
                return text
        if not text.strip():
            return ""  # a formula Excel never calculated: nothing is evaluated here
        if self.style in self.date_styles:
            try:
                shown = excel_date_text(float(text), self.date1904)
            except ValueError:
                shown = None
            if shown is not None:
                return shown
        return _number_text(text)

    def records(self) -> tuple[list[tuple[int, list[str]]], set[int]]:
        """The rows in order, header merges filled; and the rows merged across."""
        rows = sorted(self.rows, key=lambda r: r[0])
        merged_across: set[int] = set()
        if not rows or not self.merges:
            return rows, merged_across
        first = rows[0][0]
        last_header = first + MAX_HEADER_ROWS
        widest = max(len(cells) for _n, cells in rows)
        by_number = {n: cells for n, cells in rows if n <= last_header + 1}
        for top, left, bottom, right in self.merges:
            if top > last_header or left >= widest:
                continue  # only header merges are filled; data cells stay as they are
            source = by_number.get(top)
            value = source[left] if source is not None and left < len(source) else ""
            right = min(right, widest - 1)
            for r in range(top, min(bottom, last_header) + 1):
                cells = by_number.get(r)
                if cells is None:
                    cells = by_number[r] = []
                    rows.append((r, cells))
                cells.extend([""] * (right + 1 - len(cells)))
                for c in range(left, right + 1):
                    cells[c] = value
                if right > left:
                    merged_across.add(r)
        rows.sort(key=lambda r: r[0])
        return rows, merged_across


_STARTS = {"c": Sheet._start_cell, "v": Sheet._start_value, "is": Sheet._start_inline,
           "t": Sheet._start_text, "rPh": Sheet._start_phonetic, "row": Sheet._start_row,
           "mergeCell": Sheet._start_merge}
_ENDS = {"c": Sheet._end_cell, "v": Sheet._end_value, "is": Sheet._end_inline,
         "t": Sheet._end_text, "rPh": Sheet._end_phonetic, "row": Sheet._end_row}
