"""When the responses in an import file were completed, against the gathering's dates.

Microsoft Forms exports "Start time" and "Completion time" ("Starttidspunkt",
"Fullføringstidspunkt" in bokmål), Netigate "Start date" and "End date", Questback a
completion time stamp. Responses completed more than `EARLY_DAYS` before the gathering
started or more than `LATE_DAYS` after it ended are probably answers about another
gathering, or the wrong file: the dry run says so in one line (how many, and the dates)
and marks those lines. A warning, never an error: a late answer by mail happens.

The time column is found by its header (completion before start); its values are read
with `facilitator.parse.parse_timestamp`, the order of day and month in d/m/y dates
decided for the whole column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from facilitator.domain import fold
from facilitator.parse import format_date, format_date_span, parse_timestamp, timestamp_order
from facilitator.tablefile import Problem, Table

EARLY_DAYS = 2
LATE_DAYS = 30

# Headers, folded to lower-case words: completion first, then start.
_COMPLETION = ("completion time", "fullforingstidspunkt", "end date", "end time",
               "sluttdato", "sluttidspunkt", "date submitted", "submitted", "submitted at",
               "submit date", "innsendt", "innsendingstidspunkt", "completed", "completed at",
               "fullfort", "tidspunkt for fullforing", "timestamp", "tidsstempel",
               "response date", "svardato", "svartidspunkt")
_START = ("start time", "starttidspunkt", "start date", "startdato", "started", "startet",
          "started at")


def _words(header: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(header)).split())


def time_column(headers: Sequence[str]) -> int | None:
    """The column that says when a response was completed (or else started)."""
    words = [_words(h) for h in headers]
    for names in (_COMPLETION, _START):
        for name in names:
            if name in words:
                return words.index(name)
    return None


@dataclass(frozen=True)
class TimeCheck:
    column: int
    header: str
    checked: int  # lines with a time that could be read
    outliers: dict[int, tuple[datetime, int]]  # line → (when, days before (-) or after)
    start: date
    end: date

    def note(self, line: int) -> Problem | None:
        """The mark on a line completed far from the gathering."""
        if line not in self.outliers:
            return None
        when, days = self.outliers[line]
        key = "imp.note.completed_before" if days < 0 else "imp.note.completed_after"
        return Problem(key, {"column": self.header, "date": format_date(when.date()),
                             "days": abs(days)})

    def summary(self) -> Problem | None:
        """One line for the dry run: how many, the span of their dates, the gathering's."""
        if not self.outliers:
            return None
        days = sorted(when.date() for when, _d in self.outliers.values())
        return Problem("imp.warn.completed_far", {
            "count": len(self.outliers), "checked": self.checked,
            "span": format_date_span(days[0], days[-1]), "early": EARLY_DAYS,
            "late": LATE_DAYS, "dates": format_date_span(self.start, self.end)})


def check_times(table: Table, start: date, end: date | None) -> TimeCheck | None:
    """The lines of `table` completed far from the gathering of `start`–`end`; None
    when the file says nothing about when its responses were completed."""
    column = time_column(table.headers)
    if column is None:
        return None
    end = max(end or start, start)
    values = [(row.line, row.cells[column].strip()) for row in table.rows]
    order = timestamp_order(v for _line, v in values)
    best: tuple[dict[int, tuple[datetime, int]], int] | None = None
    for day_first in ((order,) if order is not None else (True, False)):
        outliers: dict[int, tuple[datetime, int]] = {}
        checked = 0
        for line, value in values:
            when = parse_timestamp(value, day_first=day_first)
            if when is None:
                continue
            checked += 1
            if (start - when.date()).days > EARLY_DAYS:
                outliers[line] = (when, (when.date() - start).days)
            elif (when.date() - end).days > LATE_DAYS:
                outliers[line] = (when, (when.date() - end).days)
        # an order nothing settles: the one that puts more answers near the gathering
        if best is None or len(outliers) < len(best[0]):
            best = (outliers, checked)
    assert best is not None
    outliers, checked = best
    if not checked:
        return None
    return TimeCheck(column, table.headers[column], checked, outliers, start, end)
