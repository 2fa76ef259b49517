"""The cycle summary as CSV: one file per table.

`;` separated, decimal comma, ISO dates (yyyy-mm-dd), UTF-8 with BOM, CRLF rows, so
Excel in a Norwegian locale opens them right. Any text cell that starts with `=`,
`+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so a spreadsheet
never runs it as a formula; numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from facilitator.cycle import CycleSummary
from facilitator.export.email import ascii_filename
from facilitator.export.tables import Cell, Table, build_tables

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def file_name(table: Table) -> str:
    """The table's sheet name in ASCII: "Hjemmearbeid detaljer" → hjemmearbeid-detaljer.csv."""
    return ascii_filename(table.title, 60, table.key.replace("_", "-")) + ".csv"


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    return "'" + value if value.startswith(DANGEROUS) else value


def render(summary: CycleSummary) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for table in build_tables(summary):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        writer.writerow([cell_text(h) for h in table.header])
        for row in table.rows:
            writer.writerow([cell_text(v) for v in row])
        files[file_name(table)] = buf.getvalue().encode("utf-8-sig")
    return files
