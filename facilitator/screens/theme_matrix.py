"""Themes × gatherings for a network, like the table in the 2008 quality-programme report."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitator.i18n import t
from facilitator.records import ThemeMatrix
from facilitator.screens import base
from facilitator.screens.ordered import OrderedWritesScreen
from facilitator.text import literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader

CELL = 5  # "12.03" over "2026"


def column_years(gatherings: list[tuple[str, int, str, date]]) -> list[str]:
    """The year under each column's date: in the first column and wherever it changes
    from the column before ("2026", "", "", "2027"), like a calendar."""
    years = []
    before = None
    for *_rest, day in gatherings:
        years.append(str(day.year) if day.year != before else "")
        before = day.year
    return years


def cell(linked: bool) -> Text:
    return Text("X" if linked else "", style="bold", justify="center")


class ThemeMatrixScreen(OrderedWritesScreen):
    HELP_KEY = "help.theme_matrix"
    BINDINGS = [
        Binding("space", "toggle", "key.gathering.toggle_theme", id="toggle"),
        Binding("e", "edit", "key.gathering.edit_column", id="edit"),
        Binding("escape", "app.pop_screen", "key.back", id="back"),
    ]
    ROW_ACTIONS = frozenset({"toggle", "edit"})

    class Loaded(base.Loaded[tuple[str, ThemeMatrix]]):
        """The network's name and its themes × gatherings."""

    def has_row(self, action: str) -> bool:
        return self._cursor() is not None

    def __init__(self, network_id: str) -> None:
        super().__init__()
        self.network_id = network_id
        self.matrix: ThemeMatrix | None = None
        self.cells: set[tuple[str, str]] = set()  # (gathering id, theme id), as shown

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="tm-title", classes="title")
        yield DataTable(id="tm-table", cursor_type="cell", fixed_columns=1, header_height=3)
        yield Static(t("gmatrix.none"), id="tm-empty", classes="hint")
        yield Static(t("gmatrix.legend"), classes="hint")
        yield FittingFooter()

    def load(self) -> None:
        nid = self.network_id
        self.read_store(lambda s: (s.networks.get(nid).name, s.gatherings.theme_matrix(nid)),
                        self.Loaded, group="matrix")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        name, self.matrix = message.data
        self.cells = set(self.matrix.cells)
        title = Text(t("gmatrix.title") + " · ")
        title.append(literal(name))
        self.query_one("#tm-title", Static).update(title)
        self.repaint()

    def repaint(self) -> None:
        """The table from `matrix` and `cells`, the cursor on the cell it was on."""
        matrix = self.matrix
        if matrix is None:
            return
        table = self.query_one(DataTable)
        where = table.cursor_coordinate
        keep = self._cursor() if table.row_count else None  # a reload keeps the cell
        table.clear(columns=True)
        # The theme names take what the gathering columns leave; beyond that it scrolls.
        name_w = max(16, min(60, self.app.size.width - 4 - (CELL + 2) * len(matrix.gatherings)))
        table.add_column(t("gmatrix.col.theme"), key="theme", width=name_w)
        for (gid, seq, _title, day), year in zip(matrix.gatherings,
                                                 column_years(matrix.gatherings), strict=True):
            label = Text(f"{seq}\n{day.day:02d}.{day.month:02d}\n{year}", justify="center")
            table.add_column(label, key=gid, width=CELL)
        for tid, theme in matrix.themes:
            table.add_row(literal(theme, limit=name_w),
                          *[cell((gid, tid) in self.cells) for gid, *_ in matrix.gatherings],
                          key=tid)
        # No themes: the hint on a line of its own (a cell would cut it).
        table.display = bool(matrix.themes)
        self.query_one("#tm-empty", Static).display = not matrix.themes
        if keep is not None and keep[1] in table.rows and keep[0] in table.columns:
            where = where._replace(row=table.get_row_index(keep[1]),
                                   column=table.get_column_index(keep[0]))
        table.cursor_coordinate = where if where.column else where._replace(column=1)
        table.focus()

    def _cursor(self) -> tuple[str, str] | None:
        """(gathering id, theme id) under the cursor, or None on the theme column."""
        table = self.query_one(DataTable)
        if self.matrix is None or not self.matrix.themes or not self.matrix.gatherings:
            return None
        keys = table.coordinate_to_cell_key(table.cursor_coordinate)
        if keys.column_key.value == "theme":
            return None
        return keys.column_key.value, keys.row_key.value  # type: ignore[return-value]

    def action_toggle(self) -> None:
        where = self._cursor()
        if where is None or self.matrix is None:
            return
        gid, tid = where
        self.cells ^= {where}
        self.query_one(DataTable).update_cell(tid, gid, cell(where in self.cells))
        theme_ids = [th for th, _name in self.matrix.themes if (gid, th) in self.cells]
        self.commit(lambda s: s.gatherings.update(gid, theme_ids=theme_ids))

    def action_edit(self) -> None:
        where = self._cursor()
        if where is None:
            return
        from facilitator.screens.gathering_form import GatheringForm

        self.app.push_screen(GatheringForm(self.network_id, where[0]))
