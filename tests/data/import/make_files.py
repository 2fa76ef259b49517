"""Write the import corpus: small evaluation files as Microsoft Forms, Questback, Netigate
and Excel export them, plus the bad ones (empty, binary, formulas, a bad line).

Run from anywhere: `python tests/data/import/make_files.py [FOLDER]`. The output is
deterministic (fixed dates, a seeded random generator, fixed XLSX timestamps), so
re-running it changes nothing; test_importers.py checks that the files are current.

The answers are about the demo network's four default questions:
"Svarte samlingen til forventningene?" (yes/no), "Relevante tema" (1–6),
"Ny kunnskap" (1–6) and "Hva bør vi gjøre annerledes?" (free text).
"""

from __future__ import annotations

import random
import zipfile
from datetime import datetime
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent

Q_NB = ["Svarte samlingen til forventningene?", "Relevante tema", "Ny kunnskap",
        "Hva bør vi gjøre annerledes?"]
Q_EN = ["Did the gathering meet your expectations?", "Relevant themes", "New knowledge",
        "What should we do differently?"]

# Names and addresses that must never reach the database (a test greps the file for them).
PEOPLE = [("Kari Testesen-Nordmann", "kari.testesen@example.no"),
          ("Ola Prøvesen", "ola.provesen@example.no"),
          ("Randi Eksempelsdatter", "randi.eks@example.no"),
          ("Per Personvern", "per.personvern@example.no")]


def csv_text(rows: list[list[str]], delimiter: str) -> str:
    """Quote like Excel: only cells holding the delimiter, a quote or a line break."""
    out = []
    for row in rows:
        cells = []
        for cell in row:
            if any(ch in cell for ch in (delimiter, '"', "\n", "\r")):
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        out.append(delimiter.join(cells))
    return "\r\n".join(out) + "\r\n"


def write_xlsx(path: Path, build) -> None:
    """An XLSX with fixed timestamps inside, so the bytes do not change between runs."""
    from openpyxl import Workbook

    book = Workbook()
    book.properties.creator = "make_files.py"
    book.properties.created = book.properties.modified = datetime(2026, 11, 1, 12, 0)
    build(book.active)
    buf = BytesIO()
    book.save(buf)
    # rewrite the zip with fixed member dates
    source = zipfile.ZipFile(BytesIO(buf.getvalue()))
    fixed = BytesIO()
    with zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fix_core(data)
            member = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 1, 12, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, data)
    path.write_bytes(fixed.getvalue())


def _fix_core(data: bytes) -> bytes:
    import re

    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                  rb"\g<1>2026-11-01T12:00:00Z\g<2>", data)


def forms_xlsx(path: Path) -> None:
    """Microsoft Forms: ID, Start time, Completion time, Email, Name, the questions,
    then a municipality and a role question; scale answers with their labels."""

    def build(ws) -> None:
        ws.title = "Sheet1"
        ws.append(["ID", "Start time", "Completion time", "Email", "Name", *Q_NB,
                   "Hvilken kommune kommer du fra?", "Rolle"])
        answers = [
            ("Ja", "5 - Svært enig", "4 - Enig", "Mer tid til gruppearbeid", "Bø",
             "Ordfører"),
            ("Ja", "6 - Helt enig", "5 - Svært enig", "", "1866", "Rådmann"),
            ("Nei", "3 - Litt uenig", "2 - Uenig", "Færre foredrag, mer dialog", "Øksnes",
             "Tillitsvalgt"),
            ("Ja", "5 - Svært enig", "5 - Svært enig", "", "Andøy", "Stab"),
        ]
        for n, (person, answer) in enumerate(zip(PEOPLE, answers, strict=True), start=1):
            start = datetime(2026, 12, 15, 15, n * 3)
            ws.append([n, start, start.replace(minute=start.minute + 2), person[1],
                       person[0], *answer])

    write_xlsx(path, build)


def merged_header_xlsx(path: Path) -> None:
    """A hand-made workbook: a title line, a super-header merged over the columns it
    groups, the real headers below it, and a header merged down over both rows."""

    def build(ws) -> None:
        ws.title = "Evaluering"
        ws["A1"] = "Evaluering av samling 5, Svolvær"
        ws["A2"] = "Om deg"
        ws.merge_cells("A2:B2")
        ws["C2"] = "Om samlingen"
        ws.merge_cells("C2:E2")
        ws["F2"] = "Hva bør vi gjøre annerledes?"
        ws.merge_cells("F2:F3")
        for col, text in zip("ABCDE", ["Kommune", "Rolle", *Q_NB[:3]], strict=True):
            ws[f"{col}3"] = text
        rows = [
            ["Hadsel", "Økonomisjef", "Ja", 5, 4, "Bra samling"],
            ["Målselv", "Politiker", "Ja", 6, 6, None],
            [None, None, None, None, None, None],  # an empty row in the middle
            ["5622", "Annet", "Nei", 2, 3, "For lange dager"],
        ]
        for r, values in enumerate(rows, start=4):
            for c, value in enumerate(values, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)

    write_xlsx(path, build)


def far_cell_xlsx(path: Path) -> None:
    """Two answers and a stray value at the last cell Excel has, XFD1048576 (a 1 KB
    file that made openpyxl allocate gigabytes): refused, naming the cell."""

    def build(ws) -> None:
        ws.title = "Svar"
        ws.append(Q_NB)
        ws.append(["Ja", 5, 4, "Bra"])
        ws.append(["Nei", 3, 3, ""])
        ws["XFD1048576"] = "x"

    write_xlsx(path, build)


def main(out: Path = HERE) -> None:
    # Questback: semicolon, UTF-8 with BOM, numbered question headers, a respondent id,
    # a quoted answer holding a semicolon and a line break
    rows = [["Respondent", "Status", *[f"{n}. {q}" for n, q in enumerate(Q_NB, 1)]],
            ["1001", "Fullført", "Ja", "5", "4", "Mer tid; færre tema"],
            ["1002", "Fullført", "Ja", "6", "5", "Flere eksempler\nfra andre kommuner"],
            ["1003", "Fullført", "Nei", "3", "3", ""],
            ["1004", "Fullført", "Ja", "4", "4", "Kortere dager"]]
    (out / "questback_semicolon_utf8_bom.csv").write_bytes(
        b"\xef\xbb\xbf" + csv_text(rows, ";").encode("utf-8"))

    # Netigate: comma, UTF-8 without BOM, English question texts, Yes/No
    rows = [["Respondent ID", "Start date", "End date", "Language", *Q_EN],
            ["77001", "2026-12-15 15:01", "2026-12-15 15:04", "en", "Yes", "5", "6",
             "More time for questions, please"],
            ["77002", "2026-12-15 15:02", "2026-12-15 15:05", "nb", "No", "2", "3", ""],
            ["77003", "2026-12-15 15:02", "2026-12-15 15:06", "nb", "Yes", "6", "5",
             "Mer om juss – «nedbemanning»"]]
    (out / "netigate_comma_utf8.csv").write_bytes(csv_text(rows, ",").encode("utf-8"))

    # Excel "Text (tab delimited)": Windows-1252, æøå in headers and answers
    rows = [["Kommune", "Stilling", *Q_NB],
            ["Øksnes", "Tjenesteleder", "Ja", "5", "5", "Færre foredrag, mer tid på øvelser"],
            ["Målselv", "Verneombud", "Ja", "4", "3", "Bedre lyd i salen på Sortland"],
            ["Bø", "Ordfører", "Nei", "2", "2", "Være tydeligere på hva vi skal gjøre"],
            ["Andøy", "Økonomisjef", "Ja", "6", "5", ""]]
    (out / "excel_tab_cp1252.txt").write_bytes(csv_text(rows, "\t").encode("cp1252"))

    # The same as Windows-1252 behind a UTF-8 BOM (some tools add one blindly)
    rows = [["Kommune", *Q_NB],
            ["Hadsel", "Ja", "5", "4", "Gjerne flere samlinger i Vesterålen"],
            ["Bø", "Nei", "3", "3", "Kortere økter, færre lysark"]]
    (out / "cp1252_with_bom.csv").write_bytes(
        b"\xef\xbb\xbf" + csv_text(rows, ";").encode("cp1252"))

    # Excel "Unicode text": UTF-16 LE with BOM, tab-separated
    rows = [[*Q_NB], ["Ja", "5", "5", "Mer tid til å dele erfaringer"], ["Ja", "4", "6", ""]]
    (out / "excel_unicode_utf16.txt").write_bytes(csv_text(rows, "\t").encode("utf-16"))

    # Excel's "sep=;" first line
    rows = [[*Q_NB], ["Ja", "6", "6", "Ingenting, alt var bra"], ["Nei", "1", "2", "Alt"]]
    (out / "excel_sep_hint.csv").write_bytes(
        ("sep=;\r\n" + csv_text(rows, ";")).encode("utf-8"))

    # One bad line (line 4): "fem" and "4.5" are no scores
    rows = [[*Q_NB], ["Ja", "5", "4", ""], ["Nei", "3", "3", "Kortere dager"],
            ["Ja", "fem", "4.5", "Bra"], ["Ja", "6", "5", ""]]
    (out / "bad_line.csv").write_bytes(csv_text(rows, ";").encode("utf-8"))

    # Three bad lines ("fem", "7", "4.5", and "kanskje" for yes/no) among good ones
    rows = [[*Q_NB], ["Ja", "5", "4", "God samling"], ["Ja", "fem", "4", ""],
            ["Nei", "3", "7", ""], ["Ja", "4.5", "4", ""], ["Kanskje", "4", "4", ""],
            ["Nei", "2", "3", "Mer konkret"]]
    (out / "bad_values.csv").write_bytes(csv_text(rows, ";").encode("utf-8"))

    # Formula-like text answers: stored as text, never evaluated
    rows = [[*Q_NB],
            ["Ja", "5", "5", '=HYPERLINK("http://example.com/x","klikk")'],
            ["Ja", "4", "4", "+1"],
            ["Nei", "3", "3", "@SUM(A1:A9)"],
            ["Ja", "6", "6", "-2+3"]]
    (out / "formulas.csv").write_bytes(csv_text(rows, ";").encode("utf-8"))

    (out / "empty.csv").write_bytes(b"")
    (out / "only_bom_and_blank_lines.csv").write_bytes(b"\xef\xbb\xbf\r\n\r\n")
    (out / "header_only.csv").write_bytes(csv_text([[*Q_NB]], ";").encode("utf-8"))
    (out / "binary.csv").write_bytes(
        b"\x89PNG\r\n\x1a\n" + random.Random(4).randbytes(2048))

    forms_xlsx(out / "forms.xlsx")
    merged_header_xlsx(out / "merged_header.xlsx")
    far_cell_xlsx(out / "far_cell.xlsx")


if __name__ == "__main__":
    import sys

    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
