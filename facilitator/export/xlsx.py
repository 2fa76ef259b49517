"""The cycle summary as an Excel workbook (XlsxWriter).

One sheet per table, real numbers and dates with number formats (Excel shows them in
the reader's locale), frozen header rows, fitted column widths, and native charts for
the 1–6 distribution and the trend. Text is always written as text: the workbook is
made with strings_to_formulas and strings_to_urls off, and every string goes through
write_string, so "=HYPERLINK(…)" or "@SUM(…)" typed by a user stays inert.

Every sheet prints on A4 as a reader expects: one page wide (landscape when its
columns are wider than a portrait page), its header row repeated on each page, its
gridlines printed, the sheet's name and the network in the page header and
"Side 1 av 2" in the footer. A sheet with a chart prints on one page, the chart
whole; its print area covers the chart. Long text columns are narrower in a wide
sheet (their text wraps) so that one page wide stays readable.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from facilitator.cycle import CycleSummary
from facilitator.export.tables import Table, build_tables
from facilitator.export.words import Words

_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
# Shares (and their intervals) are fractions shown as percent; means and their
# intervals to one decimal.
NUMBER_FORMATS = {"percent": "0%", "mean": "0.0", "sd": "0.00", "int": "0",
                  "date": "dd.mm.yyyy"}

A4 = 9  # the paper size code of A4 in Excel's page setup
PORTRAIT_WIDTH = 90  # characters of column width that fit A4 portrait at 100 %
LANDSCAPE_WIDTH = 135  # … and landscape
WIDE_TEXT = 30  # a long text column in a sheet wider than landscape (its text wraps)
CHART_SCALE = (1.4, 1.2)  # of XlsxWriter's 480 × 288 px chart
CHART_ROWS = 18  # rows of 20 px the scaled chart covers (346 px)
HEADER_WIDTH = 16  # characters of a header before it wraps
ROW_HEIGHT = 15  # points: one line of 11 pt text


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
    words = Words(summary.language)
    for table in build_tables(summary):
        sheet = book.add_worksheet(_sheet_name(table.title, used))
        sheets[table.key] = (sheet, table)
        widths = _write_table(sheet, table, header, wrap, formats)
        _print_layout(sheet, table, widths, words, summary)
    _charts(book, sheets, {"distribution": words("s.distribution"), "trend": words("s.trend")})
    book.close()
    return buf.getvalue()


def _write_table(sheet, table: Table, header, wrap, formats) -> list[int]:  # type: ignore[no-untyped-def]
    # a long header wraps (its format does) rather than widen its column
    widths = [min(len(h), max(HEADER_WIDTH, *(len(word) for word in h.split())))
              if h.split() else 0 for h in table.header]
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
    widths = [min(max(width + 2, 8), 60) for width in widths]
    if sum(widths) > LANDSCAPE_WIDTH:  # wrap long text rather than shrink the whole page
        widths = [min(width, WIDE_TEXT) for width in widths]
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    # Wrapped text needs the row's height set: LibreOffice keeps the default height
    # and draws the lines over the next row.
    for r, row in enumerate([table.header, *table.rows]):
        lines = max((_lines(value, widths[c]) for c, value in enumerate(row)
                     if isinstance(value, str)), default=1)
        if lines > 1:
            sheet.set_row(r, min(ROW_HEIGHT * lines, 409))
    sheet.freeze_panes(1, 0)
    return widths


def _lines(text: str, width: int) -> int:
    """How many lines `text` takes in a wrapping cell `width` characters wide (a
    little narrower, for the cell's padding)."""
    room = max(1, width - 2)
    return sum(max(1, -(-len(line) // room)) for line in text.splitlines() or [""])


def _header_text(text: str) -> str:
    """Text for a page header or footer: its "&" codes escaped, one line."""
    return " ".join(text.replace("&", "&&").split())


def _print_layout(sheet, table: Table, widths: list[int], words: Words,  # type: ignore[no-untyped-def]
                  summary: CycleSummary) -> None:
    """A4, one page wide (landscape when wide), the header row on every page."""
    sheet.set_paper(A4)
    charted = table.key in ("distribution", "trend") and bool(table.rows)
    if sum(widths) > PORTRAIT_WIDTH:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    sheet.center_horizontally()
    sheet.repeat_rows(0)
    if not charted:
        sheet.hide_gridlines(0)  # gridlines on screen and on paper
    if charted:
        # the table and the chart below it on one page: the chart is never cut
        last_row = len(table.rows) + 2 + CHART_ROWS
        last_col = max(len(widths), _columns_for(widths, 480 * CHART_SCALE[0])) - 1
        sheet.print_area(0, 0, last_row, last_col)
        sheet.fit_to_pages(1, 1)
    else:
        sheet.fit_to_pages(1, 0)
    g = summary.gathering
    sheet.set_header(f"&L&B{_header_text(sheet.get_name())}&R"
                     + _header_text(words("subject", network=summary.network, seq=g.seq,
                                          date=words.date(g.date)))[:200])
    sheet.set_footer("&C" + words("page_of").replace("{page}", "&P").replace("{pages}", "&N"))


def _columns_for(widths: list[int], pixels: float) -> int:
    """How many columns (at `widths`, then the default 8.43) a chart `pixels` wide spans."""
    total, n = 0.0, 0
    while total < pixels:
        total += (widths[n] if n < len(widths) else 8.43) * 7 + 5
        n += 1
    return n


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
            sheet.insert_chart(len(table.rows) + 2, 0, chart,
                               {"x_scale": CHART_SCALE[0], "y_scale": CHART_SCALE[1]})
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
            sheet.insert_chart(last + 2, 0, chart,
                               {"x_scale": CHART_SCALE[0], "y_scale": CHART_SCALE[1]})
