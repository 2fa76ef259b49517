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
from facilitator.export.tables import Cell, build_tables

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")

NAMES = {
    "nb": {"summary": "oppsummering", "evaluation": "evaluering", "distribution": "fordeling",
           "by_municipality": "evaluering-per-kommune", "by_role": "evaluering-per-rolle",
           "comments": "kommentarer", "homework": "hjemmearbeid",
           "homework_detail": "hjemmearbeid-detaljer", "meetings": "kommunemoter",
           "attendance_municipality": "oppmote-kommune", "attendance_role": "oppmote-rolle",
           "attendance_names": "oppmote-navn", "trend": "utvikling"},
    "en": {"summary": "summary", "evaluation": "evaluation", "distribution": "distribution",
           "by_municipality": "evaluation-by-municipality", "by_role": "evaluation-by-role",
           "comments": "comments", "homework": "home-work", "homework_detail": "home-work-detail",
           "meetings": "meetings", "attendance_municipality": "attendance-municipality",
           "attendance_role": "attendance-role", "attendance_names": "attendance-names",
           "trend": "trend"},
}


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
    names = NAMES["en" if summary.language == "en" else "nb"]
    files: dict[str, bytes] = {}
    for table in build_tables(summary):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        writer.writerow([cell_text(h) for h in table.header])
        for row in table.rows:
            writer.writerow([cell_text(v) for v in row])
        files[f"{names.get(table.key, table.key)}.csv"] = buf.getvalue().encode("utf-8-sig")
    return files
