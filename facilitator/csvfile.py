"""Reading a CSV (or any delimited text) file for the importer, line by line.

The file is checked in one pass that keeps nothing: a NUL byte (outside UTF-16) means
binary; UTF-16 is known by its BOM; otherwise the text is UTF-8 if every byte decodes as
UTF-8 (with or without BOM), else Windows-1252 (also behind a UTF-8 BOM that some tools
add blindly). Its start decides the delimiter (``;`` ``,`` tab, or Excel's ``sep=``
first line) and refuses a web page, XML, JSON or PDF file. Then `csv` reads it line by
line from the file, keeping lines within the limits of `facilitator.tablefile`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from facilitator.tablefile import (
    CHUNK,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    Amount,
    Budget,
    ImporterError,
    Table,
    last_filled,
    shape,
    too_large,
)

DELIMITERS = (";", ",", "\t")


# Bytes that leave a file blank (a UTF-8 BOM included).
_BLANK = b" \t\r\n\x0b\x0c\xef\xbb\xbf"
_UTF8_BOM = b"\xef\xbb\xbf"


def _sniff(path: Path) -> tuple[str, str, int]:
    """(the encoding as `Table.encoding` names it, the codec, bytes to skip), from one
    pass over the file that keeps nothing: UTF-16 by its BOM, else UTF-8 if every byte
    decodes, else Windows-1252. A NUL byte (outside UTF-16) or bytes neither decodes
    mean binary."""
    with open(path, "rb") as fh:
        chunk = fh.read(CHUNK)
        total = len(chunk)
        if chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
            decoder = codecs.getincrementaldecoder("utf-16")()
            try:
                while chunk:
                    decoder.decode(chunk)
                    chunk = fh.read(CHUNK)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError as exc:
                raise ImporterError("imp.err.encoding", path=path) from exc
            return "utf-16", "utf-16", 0
        bom = chunk.startswith(_UTF8_BOM)
        utf8 = codecs.getincrementaldecoder("utf-8")()
        cp1252 = codecs.getincrementaldecoder("cp1252")()
        utf8_ok = cp1252_ok = blank = True
        first = True
        while chunk:
            if b"\x00" in chunk:
                raise ImporterError("imp.err.binary", path=path)
            if blank and chunk.translate(None, _BLANK):
                blank = False
            if utf8_ok:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    utf8_ok = False
            if cp1252_ok:
                try:
                    cp1252.decode(chunk[3:] if first and bom else chunk)
                except UnicodeDecodeError:
                    cp1252_ok = False
            if not (utf8_ok or cp1252_ok):
                raise ImporterError("imp.err.binary", path=path)
            first = False
            chunk = fh.read(CHUNK)
            total += len(chunk)
            if total > MAX_FILE_BYTES:  # it grew since it was measured
                raise too_large(path, total)
    if blank:
        raise ImporterError("imp.err.empty", path=path)
    if utf8_ok:
        try:
            utf8.decode(b"", final=True)  # a character cut off at the end
        except UnicodeDecodeError:
            utf8_ok = False
    if utf8_ok:
        return ("utf-8-sig", "utf-8-sig", 0) if bom else ("utf-8", "utf-8", 0)
    if cp1252_ok:
        # A UTF-8 BOM in front of Windows-1252 text: some tools add one blindly.
        return ("cp1252-bom", "cp1252", 3) if bom else ("cp1252", "cp1252", 0)
    raise ImporterError("imp.err.binary", path=path)


def _open_text(path: Path, codec: str, skip: int) -> TextIO:
    raw = open(path, "rb")  # noqa: SIM115 - closed with the wrapper
    raw.seek(skip)
    return io.TextIOWrapper(raw, encoding=codec, newline="")


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_NOT_TABLES = ("<!doctype", "<html", "<table", "<?xml", "<workbook", "{", "%pdf")
SAMPLE_CHARS = 65536  # the start of the text that decides the delimiter


def read_csv(path: Path) -> Table:
    encoding, codec, skip = _sniff(path)
    with _open_text(path, codec, skip) as fh:
        head = fh.read(SAMPLE_CHARS + 1)
    head = head.lstrip("\ufeff")
    cut = len(head) > SAMPLE_CHARS
    start = head[:4096]
    if len(_CONTROL.findall(start)) > max(2, len(start) // 100):
        raise ImporterError("imp.err.binary", path=path)
    if start.lstrip()[:64].casefold().startswith(_NOT_TABLES):
        raise ImporterError("imp.err.not_table", path=path)
    first, _nl, rest = head.partition("\n")
    hint = re.fullmatch(r"\s*sep=(.)\s*", first.rstrip("\r"))
    offset = 0
    if hint and hint.group(1) in DELIMITERS:  # Excel's "sep=;" first line
        delimiter, offset = hint.group(1), 1
    else:
        delimiter = _detect_delimiter(head[:SAMPLE_CHARS], cut)
    del head, first, rest
    records: list[tuple[int, list[str]]] = []
    budget = Budget()
    with _open_text(path, codec, skip) as fh:
        reader = csv.reader(_lines(fh, skip_first=offset == 1), delimiter=delimiter)
        previous = 0
        try:
            for record in reader:
                line = previous + 1 + offset
                previous = reader.line_num
                width = last_filled(record)
                if not width:
                    continue
                if width > MAX_COLUMNS:
                    raise ImporterError("imp.err.too_many_columns", path=path, line=line,
                                        columns=Amount(width), limit=Amount(MAX_COLUMNS))
                if budget.take(width):
                    records.append((line, record if width == len(record) else record[:width]))
        except csv.Error as exc:
            raise ImporterError("imp.err.csv", path=path, line=previous + 1 + offset,
                                detail=str(exc)) from exc
        except UnicodeDecodeError as exc:  # changed since it was checked
            raise ImporterError("imp.err.encoding", path=path) from exc
    budget.check(path, records, set())
    return shape(path, records, set(), fmt="csv", encoding=encoding, delimiter=delimiter)


def _lines(fh: TextIO, *, skip_first: bool) -> Iterator[str]:
    """The file's lines as they are (line ends kept), a BOM left at the start removed."""
    first = fh.readline().lstrip("\ufeff")
    if not skip_first and first:
        yield first
    yield from fh


def _detect_delimiter(sample: str, cut: bool) -> str:
    """The delimiter that splits the first lines into the most consistent columns."""
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
        if cut and len(rows) > 1:
            rows = rows[:-1]  # the sample may cut the last record short
        widths = Counter(len(r) for r in rows)
        width, count = widths.most_common(1)[0]
        share = count / len(rows)
        key = (width > 1, share >= 0.6, width, share)
        if best is None or key > best:
            best, chosen = key, delimiter
    return chosen
