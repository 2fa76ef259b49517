"""The cycle summary as an Excel workbook (XlsxWriter).

One sheet per table, real numbers and dates with number formats (Excel shows them in
the reader's locale), frozen header rows, fitted column widths, and native charts for
the 1–6 distribution and the trend. Text is always written as text: the workbook is
made with strings_to_formulas and strings_to_urls off, and every string goes through
write_string, so "=HYPERLINK(…)" or "@SUM(…)" typed by a user stays inert.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from facilitator.cycle import CycleSummary
from facilitator.export.labels import Words
from facilitator.export.tables import Table, build_tables

_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
# Shares (and their intervals) are fractions shown as percent; means and their
# intervals to one decimal.
NUMBER_FORMATS = {"percent": "0%", "mean": "0.0", "sd": "0.00", "int": "0",
                  "date": "dd.mm.yyyy"}


def _sheet_name(title: str, used: set[str]) -> str:
    base = _BAD_SHEET.sub("-", title).strip("'")[:31] or "Ark"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def render(summary: CycleSummary) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    # The summary's own time as the creation date: the same summary gives the same file.
    created = summary.generated.replace(tzinfo=None)
    book.set_properties({"title": summary.network, "comments": "facilitator",
                         "created": created})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                              "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    formats = {kind: book.add_format({"num_format": fmt, "valign": "top"})
               for kind, fmt in NUMBER_FORMATS.items()}
    used: set[str] = set()
    sheets = {}
    for table in build_tables(summary):
        sheet = book.add_worksheet(_sheet_name(table.title, used))
        sheets[table.key] = (sheet, table)
        _write_table(sheet, table, header, wrap, formats)
    words = Words(summary.language)
    _charts(book, sheets, {"distribution": words("s.distribution"), "trend": words("s.trend")})
    book.close()
    return buf.getvalue()


def _write_table(sheet, table: Table, header, wrap, formats) -> None:  # type: ignore[no-untyped-def]
    widths = [len(h) for h in table.header]
    for col, text in enumerate(table.header):
        sheet.write_string(0, col, text, header)
    for r, row in enumerate(table.rows, start=1):
        for c, value in enumerate(row):
            kind = table.kind(r - 1, c)
            if value is None:
                sheet.write_blank(r, c, None)
                continue
            if isinstance(value, bool):
                value = int(value)
            if isinstance(value, datetime | date):
                sheet.write_datetime(r, c, datetime(value.year, value.month, value.day),
                                     formats["date"])
                shown = 10
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value, formats.get(kind or "", None))
                shown = 8
            else:
                sheet.write_string(r, c, value, wrap)
                shown = max((len(line) for line in value.splitlines()), default=0)
            if c < len(widths):
                widths[c] = max(widths[c], shown)
            else:
                widths.append(shown)
    for c, width in enumerate(widths):
        sheet.set_column(c, c, min(max(width + 2, 8), 60))
    sheet.freeze_panes(1, 0)


def _charts(book, sheets, titles: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    if "distribution" in sheets:
        sheet, table = sheets["distribution"]
        if table.rows:
            chart = book.add_chart({"type": "column"})
            name = sheet.get_name()
            for r in range(1, len(table.rows) + 1):
                chart.add_series({
                    "name": [name, r, 0],
                    "categories": [name, 0, 1, 0, 6],
                    "values": [name, r, 1, r, 6],
                })
            chart.set_title({"name": titles["distribution"]})
            chart.set_x_axis({"name": "1–6"})
            chart.set_legend({"position": "bottom"})
            sheet.insert_chart(len(table.rows) + 2, 0, chart, {"x_scale": 1.4, "y_scale": 1.2})
    if "trend" in sheets:
        sheet, table = sheets["trend"]
        if table.rows and len(table.header) > 4:
            chart = book.add_chart({"type": "line"})
            name = sheet.get_name()
            last = len(table.rows)
            for c in range(4, len(table.header)):
                chart.add_series({
                    "name": [name, 0, c],
                    "categories": [name, 1, 0, last, 0],
                    "values": [name, 1, c, last, c],
                    "marker": {"type": "circle"},
                })
            chart.set_title({"name": titles["trend"]})
            chart.set_y_axis({"min": 1, "max": 6})
            chart.set_x_axis({"name": table.header[0]})
            chart.set_legend({"position": "bottom"})
            sheet.insert_chart(last + 2, 0, chart, {"x_scale": 1.4, "y_scale": 1.2})
