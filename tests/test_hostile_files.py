"""Hostile import files, built here: each is read (and dry-run) in a child process, which
must refuse it with the message of the limit it passes, or read it, and whose peak
memory (the child's own maximum resident set, from `os.wait4`) stays at or below
300 MB. Time is not asserted here (a test that depends on timing is a defect): the
10,000-line dry run is timed in `benchmarks/run.py`. A generous deadline only keeps a
runaway child from hanging the suite.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from facilitator.importers import column_letter

MB = 1024 * 1024
PEAK_LIMIT_KB = 300 * 1024  # ru_maxrss is in kilobytes on Linux
DEADLINE = 300  # seconds: a guard against a runaway child, never an assertion on speed

HEADERS = ["ID", "Start time", "Completion time", "Svarte samlingen til forventningene?",
           "Relevante tema", "Ny kunnskap", "Hva bør vi gjøre annerledes?"]

# The child reads the file and plans the import against the demo's four questions
# (without a database), as a dry run does; it prints what happened as JSON.
CHILD = r"""
import json, sys
from types import SimpleNamespace as Q
from facilitator import importers as imp
from facilitator.i18n import set_language

set_language(sys.argv[2])
questions = [Q(id="q1", text_nb="Svarte samlingen til forventningene?", text_en="",
               kind="yes_no", position=1),
             Q(id="q2", text_nb="Relevante tema", text_en="", kind="scale", position=2),
             Q(id="q3", text_nb="Ny kunnskap", text_en="", kind="scale", position=3),
             Q(id="q4", text_nb="Hva bør vi gjøre annerledes?", text_en="", kind="text",
               position=4)]
try:
    table = imp.read_table(sys.argv[1])
except imp.ImporterError as exc:
    result = {"outcome": "refused", "key": exc.key, "message": exc.message()}
else:
    plan = imp.plan_import(table, imp.propose_mapping(table.headers, questions), questions,
                           (), gathering_id="g")
    result = {"outcome": "read", "rows": len(table.rows), "columns": len(table.headers),
              "lines": [table.rows[0].line, table.rows[-1].line] if table.rows else [],
              "ok": len(plan.ok), "bad": len(plan.bad)}
print(json.dumps(result))
"""


def run_child(path: Path, tmp_path: Path, lang: str = "nb") -> tuple[dict, int]:
    """(what the child printed, its peak resident memory in KB)."""
    out, err = tmp_path / "child.json", tmp_path / "child.err"
    environ = {k: v for k, v in os.environ.items() if k != "FACILITATOR_LANG"}
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), lang],
                                 stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
                                 env=environ, preexec_fn=_limit_memory)
    timer = threading.Timer(DEADLINE, lambda: os.kill(child.pid, signal.SIGKILL))
    timer.start()
    try:
        _pid, status, usage = os.wait4(child.pid, 0)  # the child's own rusage
    finally:
        timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.returncode == 0, err.read_text("utf-8", "replace")[-2000:]
    return json.loads(out.read_text("utf-8")), usage.ru_maxrss


def _limit_memory() -> None:
    # A faulty reader fails fast with MemoryError instead of filling a shared machine.
    resource.setrlimit(resource.RLIMIT_AS, (2048 * MB, 2048 * MB))


# --------------------------------------------------------------------------- builders


def _cell(ref: str, value: object) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _row(n: int, values: Iterable[object], first_col: int = 0) -> str:
    cells = "".join(_cell(f"{column_letter(first_col + i)}{n}", v)
                    for i, v in enumerate(values) if v is not None)
    return f'<row r="{n}">{cells}</row>'


def sheet_xml(rows: Iterable[str], dimension: str = "A1") -> Iterable[bytes]:
    yield (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + f'<dimension ref="{dimension}"/><sheetData>'.encode())
    chunk: list[str] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= 1000:
            yield "".join(chunk).encode()
            chunk = []
    yield "".join(chunk).encode()
    yield b"</sheetData></worksheet>"


def write_xlsx(path: Path, sheet: Iterable[bytes], *,
               extra: dict[str, Iterable[bytes]] | None = None, rels: str = "") -> Path:
    """A minimal workbook (as Excel writes it, less styles) with one sheet of inline
    strings; `extra` adds members (streamed, so a bomb is never held in memory)."""
    ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxml'
            'formats.org/package/2006/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension='
            '"xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            '.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="applic'
            'ation/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}"><Relationship'
            f' Id="rId1" Type="{office}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxml'
            f'formats.org/spreadsheetml/2006/main" xmlns:r="{office}"><sheets><sheet name='
            '"Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}"><Relationship'
            f' Id="rId1" Type="{office}/worksheet" Target="worksheets/sheet1.xml"/>{rels}'
            '</Relationships>'),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        for name, chunks in {"xl/worksheets/sheet1.xml": sheet, **(extra or {})}.items():
            with z.open(name, "w", force_zip64=True) as member:
                for chunk in chunks:
                    member.write(chunk)
    return path


ANSWERS = ["Ja", 5, 4, "Mer tid til gruppearbeid"]


def answer_rows(n: int, start: int = 2) -> Iterable[str]:
    for i in range(n):
        yield _row(start + i, [i + 1, "2026-12-15 15:01", "2026-12-15 15:04", *ANSWERS])


def xlsx_far_cell(path: Path) -> Path:
    """A few answers and one stray value at the last cell Excel has (XFD1048576); the
    dimension declares the whole sheet."""
    rows = [_row(1, HEADERS), *answer_rows(3), '<row r="1048576">'
            + _cell("XFD1048576", "x") + "</row>"]
    return write_xlsx(path, sheet_xml(rows, "A1:XFD1048576"))


def xlsx_far_row(path: Path) -> Path:
    """The answers, then one more far down at A200000: nothing between costs anything."""
    rows = [_row(1, HEADERS), *answer_rows(3), _row(200000, [4, "", "", "Nei", 2, 2])]
    return write_xlsx(path, sheet_xml(rows, "A1:G200000"))


def xlsx_far_row_and_column(path: Path) -> Path:
    """A200000 and ZZ1 (column 702) together."""
    rows = ['<row r="1">' + "".join(_cell(f"{column_letter(i)}1", h)
                                    for i, h in enumerate(HEADERS))
            + _cell("ZZ1", "Kommentar") + "</row>",
            *answer_rows(3), _row(200000, [4, "", "", "Nei", 2, 2])]
    return write_xlsx(path, sheet_xml(rows, "A1:ZZ200000"))


def _zeros(size: int) -> Iterable[bytes]:
    chunk = b"0" * MB
    for _ in range(size // MB):
        yield chunk


_SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
               b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')


def xlsx_bomb_sheet(path: Path, size: int = 512 * MB) -> Path:
    """The sheet itself unpacks to 512 MB: a value of that many zeros (well-formed XML,
    a thousandth of that packed)."""
    head = _SHEET_HEAD + _row(1, HEADERS).encode() + b'<row r="2"><c r="A2"><v>'
    tail = b"</v></c></row></sheetData></worksheet>"
    return write_xlsx(path, itertools.chain([head], _zeros(size), [tail]))


def xlsx_bomb_strings(path: Path, size: int = 512 * MB) -> Path:
    """A shared-strings part of 512 MB of zeros beside a normal sheet."""
    strings = itertools.chain(
        [b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
         b'.org/spreadsheetml/2006/main"><si><t>'], _zeros(size), [b"</t></si></sst>"])
    return write_xlsx(path, sheet_xml([_row(1, HEADERS), *answer_rows(3)]),
                      extra={"xl/sharedStrings.xml": strings})


def xlsx_lying_bomb(path: Path) -> Path:
    """The bomb with its declared sizes forged to 1 KB in both zip headers."""
    xlsx_bomb_sheet(path, 256 * MB)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    _forge_sizes(data, info)
    path.write_bytes(bytes(data))
    return path


def _forge_sizes(data: bytearray, info: zipfile.ZipInfo) -> None:
    """Declare 1 KB as the unpacked size of `info` in its local and central headers."""
    import struct

    name = info.filename.encode()
    # (signature, offset of the size, of the name's length, of the extra's length, of the name)
    for signature, size_at, name_len_at, extra_len_at, name_at in (
            (b"PK\x03\x04", 22, 26, 28, 30), (b"PK\x01\x02", 24, 28, 30, 46)):
        at = -1
        while (at := data.find(signature, at + 1)) >= 0:
            name_len, extra_len = (struct.unpack_from("<H", data, at + n)[0]
                                   for n in (name_len_at, extra_len_at))
            if bytes(data[at + name_at:at + name_at + name_len]) != name:
                continue
            if struct.unpack_from("<I", data, at + size_at)[0] != 0xFFFFFFFF:
                struct.pack_into("<I", data, at + size_at, 1024)
                continue
            extra = at + name_at + name_len
            end = extra + extra_len
            while extra + 4 <= end:  # zip64: the unpacked size comes first
                tag, length = struct.unpack_from("<HH", data, extra)
                if tag == 1:
                    struct.pack_into("<Q", data, extra + 4, 1024)
                extra += 4 + length


def xlsx_many_members(path: Path, count: int = 150_000) -> Path:
    """A workbook whose zip lists 150,000 (empty) parts: 15 MB on disk."""
    write_xlsx(path, sheet_xml([_row(1, HEADERS), *answer_rows(3)]))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        for i in range(count):
            z.writestr(f"x/{i}", b"")
    return path


def xlsx_distinct_strings(path: Path, rows: int = 50_000, width: int = 10) -> Path:
    """The worst a workbook within the limits can hold: 50,000 lines × 10 columns of
    text, every cell a different shared string (500,000 of them), none an answer (so
    the dry run has a message for every question of every line)."""
    def strings() -> Iterable[bytes]:
        yield (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxml'
               b'formats.org/spreadsheetml/2006/main">')
        for start in range(0, rows * width, 10_000):
            yield "".join(f"<si><t>Svar nummer {i:07d} fra en deltaker i Bodø</t></si>"
                          for i in range(start, min(start + 10_000, rows * width))).encode()
        yield b"</sst>"

    def sheet() -> Iterable[bytes]:
        names = HEADERS + [f"Ekstra {i}" for i in range(width - len(HEADERS))]
        yield _SHEET_HEAD + _row(1, names).encode()
        for r in range(rows):
            yield (f'<row r="{r + 2}">' + "".join(
                f'<c r="{column_letter(c)}{r + 2}" t="s"><v>{r * width + c}</v></c>'
                for c in range(width)) + "</row>").encode()
        yield b"</sheetData></worksheet>"

    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    write_xlsx(path, sheet(), extra={"xl/sharedStrings.xml": strings()}, rels=(
        f'<Relationship Id="rId2" Type="{office}/sharedStrings" Target="sharedStrings.xml"/>'))
    return path


def xlsx_huge_cell(path: Path, size: int = 60 * MB) -> Path:
    """One answer of 60 MB ("a a a …"): no cell Excel makes holds more than 32,767."""
    head = _SHEET_HEAD + _row(1, HEADERS).encode() + b'<row r="2"><c r="G2" t="inlineStr"><is><t>'
    return write_xlsx(path, itertools.chain(
        [head], itertools.repeat(b"a " * (MB // 2), size // MB),
        [b"</t></is></c></row></sheetData></worksheet>"]))


def xlsx_long_headers(path: Path, columns: int = 500, chars: int = 32_000) -> Path:
    """500 headers of 32,000 characters of words each (16 MB of headers): matching
    them to the questions must stay quick, and their messages short."""
    words = "samling kommune tema kunnskap relevant svar deltaker økonomi "
    names = [HEADERS[i] if i < len(HEADERS) else (words * (chars // len(words)))[:chars]
             + str(i) for i in range(columns)]
    values = [1, "", "", "Ja", 5, 4, "Bra"] + ["fem " * 8000] * (columns - len(HEADERS))
    return write_xlsx(path, sheet_xml([_row(1, names), _row(2, values)]))


def csv_lines(path: Path, lines: int, *, text: str = "Mer tid til gruppearbeid",
              width: int = 0) -> Path:
    head = ";".join(HEADERS + [f"Ekstra {i}" for i in range(width)])
    extra = ";" * width
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(head + "\r\n")
        for i in range(lines):
            fh.write(f"{i + 1};15.12.2026 15:01;15.12.2026 15:04;Ja;5;4;{text}{extra}\r\n")
    return path


def csv_of_size(path: Path, size: int) -> Path:
    """A CSV of exactly `size` bytes: answers with long comments (about 500 bytes a
    line), the last comment as long as it takes."""
    head = (";".join(HEADERS) + "\r\n").encode()
    text = ("Mer tid til gruppearbeid og færre foredrag takk. " * 10)[:440]
    with open(path, "wb") as fh:
        fh.write(head)
        written, n = len(head), 1
        while True:
            fixed = f"{n};15.12.2026 15:01;15.12.2026 15:04;Ja;5;4;".encode()
            line = fixed + text.encode() + b"\r\n"
            if size - written < 2 * len(line):
                fh.write(fixed + b"x" * (size - written - len(fixed) - 2) + b"\r\n")
                break
            fh.write(line)
            written += len(line)
            n += 1
    assert path.stat().st_size == size
    return path


def csv_all_text(path: Path, lines: int = 50_000, width: int = 10) -> Path:
    """20 MB of text in 50,000 lines × 10 columns, every cell different and none an
    answer: the dry run has a message for every question of every line."""
    names = HEADERS + [f"Ekstra {i}" for i in range(width - len(HEADERS))]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(";".join(names) + "\r\n")
        for n in range(lines):
            fh.write(";".join(f"Svar {n * width + c:07d} fra en deltaker i Bodø"
                              for c in range(width)) + "\r\n")
    return path


def lines_in(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(MB), b"")) - 1


def csv_columns(path: Path, columns: int) -> Path:
    names = HEADERS + [f"Spørsmål {i}" for i in range(len(HEADERS), columns)]
    values = ["1", "", "", "Ja", "5", "4", "Bra"] + ["3"] * (columns - len(HEADERS))
    path.write_text(";".join(names) + "\r\n" + ";".join(values) + "\r\n", encoding="utf-8")
    return path


def xlsx_columns(path: Path, columns: int) -> Path:
    names = HEADERS + [f"Spørsmål {i}" for i in range(len(HEADERS), columns)]
    values = [1, "", "", "Ja", 5, 4, "Bra"] + [3] * (columns - len(HEADERS))
    return write_xlsx(path, sheet_xml([_row(1, names), _row(2, values)]))


def xlsx_many_rows(path: Path, rows: int, width: int = 0) -> Path:
    def gen() -> Iterable[str]:
        yield _row(1, HEADERS + [f"Ekstra {i}" for i in range(width)])
        for i in range(rows):
            yield _row(i + 2, [i + 1, "", "", "Ja", 5, 4, f"Kommentar nummer {i}"]
                       + [i % 6 + 1] * width)
    return write_xlsx(path, sheet_xml(gen()))


# --------------------------------------------------------------------------- the cases

Builder = Callable[[Path], Path]

CASES: list[tuple[str, str, Builder, str, object]] = [
    # name, file name, builder, outcome, the key of the refusal or the rows read
    ("xfd1048576", "svar.xlsx", xlsx_far_cell, "refused", "imp.err.cell_too_far"),
    ("a200000", "svar.xlsx", xlsx_far_row, "read", 4),
    ("a200000-and-zz1", "svar.xlsx", xlsx_far_row_and_column, "refused",
     "imp.err.cell_too_far"),
    ("bomb-sheet", "svar.xlsx", xlsx_bomb_sheet, "refused", "imp.err.part_too_large"),
    ("bomb-shared-strings", "svar.xlsx", xlsx_bomb_strings, "refused",
     "imp.err.part_too_large"),
    ("bomb-lying-sizes", "svar.xlsx", xlsx_lying_bomb, "refused", "imp.err.xlsx_damaged"),
    ("csv-50mb", "svar.csv", lambda p: csv_of_size(p, 50 * MB), "refused",
     "imp.err.too_large"),
    ("csv-20mb-and-1-byte", "svar.csv", lambda p: csv_of_size(p, 20 * MB + 1), "refused",
     "imp.err.too_large"),
    ("csv-20mb", "svar.csv", lambda p: csv_of_size(p, 20 * MB), "read", lines_in),
    ("csv-500000-different-cells", "svar.csv", csv_all_text, "read", 50_000),
    ("csv-200000-lines", "svar.csv", lambda p: csv_lines(p, 200_000), "refused",
     "imp.err.too_many_rows"),
    ("csv-50000-lines", "svar.csv", lambda p: csv_lines(p, 50_000), "read", 50_000),
    ("csv-501-columns", "svar.csv", lambda p: csv_columns(p, 501), "refused",
     "imp.err.too_many_columns"),
    ("csv-500-columns", "svar.csv", lambda p: csv_columns(p, 500), "read", 1),
    ("xlsx-501-columns", "svar.xlsx", lambda p: xlsx_columns(p, 501), "refused",
     "imp.err.cell_too_far"),
    ("xlsx-500-columns", "svar.xlsx", lambda p: xlsx_columns(p, 500), "read", 1),
    ("csv-too-many-cells", "svar.csv", lambda p: csv_lines(p, 20_000, width=60), "refused",
     "imp.err.too_many_cells"),
    ("xlsx-50000-rows-10-columns", "svar.xlsx", lambda p: xlsx_many_rows(p, 50_000, 3),
     "read", 50_000),
    ("xlsx-50000-rows-11-columns", "svar.xlsx", lambda p: xlsx_many_rows(p, 50_000, 4),
     "refused", "imp.err.too_many_cells"),
    ("xlsx-500000-different-strings", "svar.xlsx", xlsx_distinct_strings, "read", 50_000),
    ("xlsx-too-many-rows", "svar.xlsx", lambda p: xlsx_many_rows(p, 60_000), "refused",
     "imp.err.too_many_rows"),
    ("xlsx-150000-members", "svar.xlsx", xlsx_many_members, "refused",
     "imp.err.xlsx_members"),
    ("xlsx-60mb-cell", "svar.xlsx", xlsx_huge_cell, "refused", "imp.err.cell_too_long"),
    ("xlsx-500-long-headers", "svar.xlsx", xlsx_long_headers, "read", 1),
    ("xlsx-named-csv", "svar.csv", lambda p: write_xlsx(
        p, sheet_xml([_row(1, HEADERS), *answer_rows(3)])), "read", 3),
]


@pytest.mark.parametrize(("name", "filename", "build", "outcome", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_hostile_file(tmp_path: Path, name: str, filename: str, build: Builder,
                      outcome: str, expected: object) -> None:
    path = build(tmp_path / filename)
    result, peak_kb = run_child(path, tmp_path)
    assert result["outcome"] == outcome, result
    if outcome == "refused":
        assert result["key"] == expected, result
        assert path.name in result["message"] and "{" not in result["message"]
    else:
        assert result["rows"] == (expected(path) if callable(expected) else expected), result
        assert result["bad"] == (result["rows"] if "different" in name else 0), result
    assert peak_kb <= PEAK_LIMIT_KB, f"peak {peak_kb // 1024} MB"
