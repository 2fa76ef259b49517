"""A table with a row cursor, as the lists use it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.render import measure
from textual.widgets import DataTable


class RowTable(DataTable[Any]):
    """A DataTable with a row cursor where Home and End go to the first and last row
    (the stock table scrolls sideways with them, which in a list does nothing).

    `enter` names what Enter does on a row (an i18n key such as "key.open"): the key
    is then in the footer, in F1 help and in the command palette, like the screen's
    own keys. Enter still selects the row (DataTable.RowSelected), as before.
    """

    BINDINGS = [
        Binding("home", "first_row", "Home", show=False),
        Binding("end", "last_row", "End", show=False),
    ]

    def __init__(self, *args: Any, enter: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(*args, **kwargs)
        if enter is not None:
            from facilitator.widgets.bindings import translate_bindings

            self._bindings.key_to_bindings["enter"] = [
                Binding("enter", "select_cursor", enter, id="enter-row")
            ]
            translate_bindings(self)

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)


class LabelledTable(DataTable[Any]):
    """A DataTable whose rows have labels (the home-work grid's municipality names).

    Works around a defect of Textual's DataTable (8.2): it notes that some row has a
    label, and measures the labels' width, only when it measures new rows on its next
    idle, but caches each row's rendering as soon as the row is painted. A paint
    between `add_row` and that idle (a busy machine) caches the rows without their
    labels, or with a label column of no width, and the names stay hidden until the
    table is filled again. Noting and measuring the label when the row is added closes
    that gap; drop this class once Textual does it
    (`tests/test_homework_flow.py::test_the_names_stay_in_view_on_the_current_cycles_column`
    under two CPU hogs shows it).
    """

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None,
                label: Any = None) -> Any:
        if label is not None:
            # what _update_dimensions would do later
            self._labelled_row_exists = True
            width = measure(self.app.console, Text.from_markup(label, end="") if isinstance(label, str)
                            else label, 1)
            self._label_column.content_width = max(self._label_column.content_width, width)
        return super().add_row(*cells, height=height, key=key, label=label)
