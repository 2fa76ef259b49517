"""One base for the list screens: declared columns, widths for the terminal, the
cursor kept on its row across a reload, the detail line of the row under it.

Every list screen goes through the same steps, each with one name:

- `load()` asks the store for the screen's data (`read_store(fetch, self.Loaded)`,
  in a worker; BaseScreen);
- `receive(data)` takes in the worker's result (the `Loaded` message): it sets the
  screen's state (`rows`, title, status line) and calls `repaint()`;
- `repaint()` redraws the table from that state: the columns the screen declares
  (`columns()`), their widths for the terminal's width, one row per item of `rows`,
  the cursor on the row it was on (by its key, `row_key`), then the detail;
- `describe(row)` is the detail line of the row under the cursor (screens with
  `DETAIL_ID`), shown again whenever the cursor moves.

`repaint()` runs again on a resize. `reload_at(key)` loads again and puts the cursor
on the row with that key (a row just added or edited).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.console import JustifyMethod, RenderableType
from rich.text import Text
from textual import on
from textual.events import Resize
from textual.widgets import DataTable, Static

from facilitator.i18n import t
from facilitator.screens import base
from facilitator.screens.base import BaseScreen
from facilitator.text import MAX_SHOWN, clean, literal

SCROLLBAR = 2  # the table's vertical scrollbar, in screen columns
PADDING = 2  # a cell's padding, both sides together
WIDE = 80  # the terminal width a `grow` rule counts from


@dataclass(frozen=True)
class Width:
    """How wide a column is, in screen columns (its padding apart).

    A column is either set before the others (`size`, or `natural`: as wide as its
    header, `fits` and its cells) or flexible, sharing what the set ones leave of the
    terminal's width (the rest): `share` (num, den) of it, `remainder` (what the
    shares leave) or `fair` (an equal part, or only what it needs when that is less).
    `minimum` and `maximum` bound the result (the minimum wins); `grow` raises a
    natural column's maximum by one for every `grow` columns beyond 80; `fit` keeps a
    flexible column no wider than its longest cell, though never narrower than `fit`.
    """

    size: int | None = None
    natural: bool = False
    share: tuple[int, int] | None = None
    remainder: bool = False
    fair: bool = False
    minimum: int = 0
    maximum: int | None = None
    grow: int | None = None
    fit: int | None = None


@dataclass(frozen=True)
class Column:
    """One column of a list: its header (an i18n key, or `label` shown as it is),
    its key, its width rule, and its cell for a row at a width. A cell given as a
    str (or None) is user text: shown literally, cut to the width, aligned by `justify`.
    `measure` is what a width rule measures instead of the cell (None: the cell);
    `fits` are texts the column is as wide as, whether shown or not."""

    header: str
    key: str
    cell: Callable[[Any, int], str | Text | None]
    width: Width
    justify: JustifyMethod = "left"
    measure: Callable[[Any], str] | None = None
    fits: tuple[str, ...] = ()
    label: str | None = None
    clip_header: bool = False

    @property
    def title(self) -> str:
        return self.label if self.label is not None else t(self.header)

    def render(self, row: Any, width: int) -> Text:
        value = self.cell(row, width)
        if value is None or isinstance(value, str):
            cell = literal(value, limit=width)
            cell.justify = self.justify
            return cell
        return value

    def longest(self, rows: Sequence[Any], *, header: bool = True) -> int:
        """The widest of its header, `fits` and its cells (or what `measure` gives)."""
        texts = [self.title] if header else []
        widths = [cell_len(text) for text in (*texts, *self.fits)]
        for row in rows:
            if self.measure is not None:
                widths.append(cell_len(clean(self.measure(row))))
                continue
            value = self.cell(row, MAX_SHOWN)
            widths.append(value.cell_len if isinstance(value, Text) else cell_len(clean(value)))
        return max(widths, default=0)


def _bounded(value: int, rule: Width, cap: int | None = None) -> int:
    if cap is not None:
        value = min(value, cap)
    if rule.maximum is not None:
        value = min(value, rule.maximum)
    return max(rule.minimum, value)


def column_widths(columns: Sequence[Column], rows: Sequence[Any], width: int, *,
                  scrollbar: int = SCROLLBAR, margin: int = 0,
                  min_rest: int | None = None) -> list[int]:
    """The widths of `columns` for a terminal `width` columns wide: the set columns
    first, then the flexible ones from the rest (at least `min_rest`), which is what
    is left after the scrollbar, the cells' padding and a `margin`."""
    widths: list[int | None] = [None] * len(columns)
    for i, col in enumerate(columns):
        rule = col.width
        if rule.size is not None:
            widths[i] = rule.size
        elif rule.natural:
            cap = rule.maximum
            if cap is not None and rule.grow:
                cap += (width - WIDE) // rule.grow
            widths[i] = max(rule.minimum, min(col.longest(rows), cap or MAX_SHOWN))
    rest = width - scrollbar - PADDING * len(columns) - margin - sum(w or 0 for w in widths)
    if min_rest is not None:
        rest = max(min_rest, rest)
    shared = 0
    for i, col in enumerate(columns):
        rule = col.width
        if rule.share is not None:
            num, den = rule.share
            cap = max(rule.fit, col.longest(rows)) if rule.fit is not None else None
            widths[i] = _bounded(rest * num // den, rule, cap)
            shared += widths[i] or 0
    fair = [i for i, col in enumerate(columns) if col.width.fair]
    if fair:
        parts = fair_widths(rest - shared, [_needs(columns[i], rows) for i in fair],
                            max(columns[i].width.minimum for i in fair))
        for i, part in zip(fair, parts, strict=True):
            widths[i] = part
    for i, col in enumerate(columns):
        rule = col.width
        if rule.remainder:
            cap = max(rule.fit, col.longest(rows)) if rule.fit is not None else None
            widths[i] = _bounded(rest - shared, rule, cap)
    return [w or 0 for w in widths]


def _needs(col: Column, rows: Sequence[Any]) -> int:
    """What a fair column needs: its longest cell (its header too, unless `fit` sets
    the least it needs)."""
    if col.width.fit is not None:
        return max(col.width.fit, col.longest(rows, header=False))
    return col.longest(rows)


def fair_widths(room: int, needs: list[int], minimum: int) -> list[int]:
    """Columns sharing `room`: each gets what it needs when that is no more than an
    equal share of what is left (at least `minimum`), the others that share."""
    widths = [0] * len(needs)
    left = list(range(len(needs)))
    while left:
        share = max(minimum, room // len(left))
        small = [i for i in left if needs[i] <= share]
        if not small:
            for i in left:
                widths[i] = share
            break
        for i in small:
            widths[i] = max(needs[i], 1)
            room -= widths[i]
            left.remove(i)
    return widths


def row_action(action: Callable[[Any, Any], None]) -> Callable[[Any], None]:
    """An action on the row under the cursor: `action(self, row)`, or nothing when the
    list is empty."""

    @functools.wraps(action)
    def run(self: Any) -> None:
        row = self.current()
        if row is not None:
            action(self, row)

    return run


class ListScreen(BaseScreen):
    """A screen whose heart is one table of `rows` (the module docstring has the
    steps). A subclass declares `TABLE_ID`, `columns()` and, where it has them,
    `EMPTY_ID` (a hint shown instead of an empty table) and `DETAIL_ID`."""

    class Loaded(base.Loaded[Any]):
        """The list's data, as `load()` read it."""

    TABLE_ID: ClassVar[str] = ""
    EMPTY_ID: ClassVar[str | None] = None
    DETAIL_ID: ClassVar[str | None] = None
    # The screen's lines besides the table's rows: more rows than the rest of the
    # screen holds bring the scrollbar, and the widths leave room for it. None: the
    # room is always left.
    OTHER_LINES: ClassVar[int | None] = None
    MARGIN: ClassVar[int] = 0  # screen columns left free besides the scrollbar
    MIN_REST: ClassVar[int | None] = None  # the least the flexible columns share

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[Any] = []
        self._select: str | None = None  # the key to put the cursor on at the repaint
        self._placed = False  # the cursor has been put on its first row
        self._painted = False

    # ------------------------------------------------------------ to declare

    def columns(self) -> list[Column]:
        """The table's columns for the rows shown now."""
        raise NotImplementedError

    def row_key(self, row: Any) -> str:
        return str(row.id)

    def start_row(self) -> int:
        """Where the cursor goes the first time the table has rows."""
        return 0

    def describe(self, row: Any) -> RenderableType:
        """The detail line of `row` (screens with DETAIL_ID)."""
        return ""

    # ------------------------------------------------------------ the steps

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one(self.TABLE_ID, DataTable)

    def current(self) -> Any | None:
        table = self.table
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def reload_at(self, key: str | None) -> None:
        """Load again with the cursor on the row with `key` (if it is there)."""
        self._select = key
        self.load()

    def scrollbar(self) -> int:
        lines = self.OTHER_LINES
        if lines is None or len(self.rows) > self.app.size.height - lines:
            return SCROLLBAR
        return 0

    def repaint(self) -> None:
        """The table anew from `rows`, its cursor on the row it was on."""
        table = self.table
        keep = self._select or self._cursor_key(table)
        self._select = None
        fallback = table.cursor_row
        if not self._placed and self.rows:
            self._placed = True
            fallback = self.start_row()
        table.clear(columns=True)
        self._painted = True
        if self.EMPTY_ID is not None:
            # An empty list says so on a line of its own (a table cell would cut it).
            table.display = bool(self.rows)
            self.query_one(self.EMPTY_ID, Static).display = not self.rows
        columns = self.columns()
        # Explicit widths: auto-sizing settles asynchronously.
        widths = column_widths(columns, self.rows, self.app.size.width,
                               scrollbar=self.scrollbar(), margin=self.MARGIN,
                               min_rest=self.MIN_REST)
        for col, width in zip(columns, widths, strict=True):
            header = literal(col.title, limit=width) if col.clip_header else col.title
            table.add_column(header, key=col.key, width=width)
        keys = []
        for row in self.rows:
            keys.append(self.row_key(row))
            table.add_row(*(col.render(row, width) for col, width in
                            zip(columns, widths, strict=True)), key=keys[-1])
        if self.rows:
            table.move_cursor(row=keys.index(keep) if keep in keys
                              else min(fallback, len(self.rows) - 1))
            table.focus()
        self.repaint_detail()

    @staticmethod
    def _cursor_key(table: DataTable[Any]) -> str | None:
        if not 0 <= table.cursor_row < table.row_count:
            return None
        return table.ordered_rows[table.cursor_row].key.value

    def repaint_detail(self) -> None:
        if self.DETAIL_ID is None:
            return
        row = self.current()
        self.query_one(self.DETAIL_ID, Static).update(
            "" if row is None else self.describe(row))

    def on_resize(self, _event: Resize) -> None:
        if self._painted:
            self.repaint()

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.receive(message.data)

    def receive(self, data: Any) -> None:
        """Set the state from what `load()` read, and repaint."""
        raise NotImplementedError

    @on(DataTable.RowHighlighted)
    def _cursor_moved(self, _event: DataTable.RowHighlighted) -> None:
        self.repaint_detail()
