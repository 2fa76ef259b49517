"""The import screen's mapping: which column of the file answers which question, one
row per question (and the municipality, role and response id), changed from the
keyboard (Enter on a row picks the column)."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable, OptionList

from facilitator import importers as imp
from facilitator.i18n import t
from facilitator.screens.pick import PickScreen
from facilitator.text import clean, literal
from facilitator.widgets.bindings import translate_bindings

NOT_MAPPED = "-"
SPECIAL_ROWS = ((imp.MUNICIPALITY, "imp.screen.row.municipality"),
                (imp.ROLE, "imp.screen.row.role"),
                (imp.RESPONSE_ID, "imp.screen.row.response_id"))


class MappingChoice:
    """The mapping proposed for a file read and what the user changed in it."""

    def __init__(self, prepared: imp.Prepared) -> None:
        self.table = prepared.table
        self.questions = prepared.questions
        self.guesses = prepared.guesses
        self.mapping = dict(prepared.mapping)
        self.touched: set[int] = set()  # columns whose mapping the user chose
        self.confirmed = False  # the doubts about the proposal were confirmed

    def rows(self) -> list[tuple[str, str]]:
        """(target, label) of every row of the mapping table."""
        rows = [(q.id, imp.question_text(q)) for q in self.questions]
        rows += [(target, t(key)) for target, key in SPECIAL_ROWS]
        return rows

    def column_label(self, col: int) -> str:
        return t("imp.screen.column", letter=imp.column_letter(col),
                 header=imp.header_label(self.table.headers[col], 36))

    def doubt(self, target: str, col: int) -> str:
        """" (uncertain)" after a proposed column the user has not chosen, if in doubt."""
        g = next((g for g in self.guesses if g.index == col), None)
        if (col in self.touched or g is None or g.kind != "question"
                or g.target != target):
            return ""
        if g.ambiguous:
            return f" ({t('imp.map.ambiguous')})"
        if g.score < imp.SURE:
            return f" ({t('imp.map.uncertain')})"
        return ""

    def reasons(self) -> list[imp.Problem]:
        """Doubts about the columns the user has not chosen themselves."""
        untouched = [g for g in self.guesses if g.index not in self.touched]
        reasons, _acceptable = imp.confirmation_reasons(self.table, untouched, self.mapping)
        return reasons

    def notes(self) -> Text:
        """The personal columns left out and, until confirmed, the doubts to check."""
        headers = self.table.headers
        notes = Text()
        personal = sorted(imp.personal_columns(headers, self.questions))
        if personal:
            notes.append(clean(t("imp.screen.personal", columns=", ".join(
                t("imp.screen.column", letter=imp.column_letter(c),
                  header=imp.header_label(headers[c], 24)) for c in personal))),
                style="dim")
        reasons = self.reasons()
        if reasons and not self.confirmed:
            if notes:
                notes.append("\n")
            notes.append(clean(t("imp.screen.check", reasons="; ".join(
                r.message() for r in reasons))))
        return notes

    def options(self) -> list[tuple[str, str]]:
        """The columns to pick from (personal ones never), "not mapped" first."""
        personal = imp.personal_columns(self.table.headers, self.questions)
        options = [(NOT_MAPPED, t("imp.screen.not_mapped"))]
        options += [(str(col), self.column_label(col))
                    for col in range(len(self.table.headers)) if col not in personal]
        return options

    def current(self, target: str) -> str:
        """The option of the column mapped to `target` now."""
        return next((str(c) for c, tg in self.mapping.items() if tg == target), NOT_MAPPED)

    def set(self, target: str, col: int | None) -> None:
        """Map `col` to `target` (None: no column); the column leaves its former target
        and the target its former column."""
        for c, tg in list(self.mapping.items()):
            if tg == target:
                self.mapping[c] = None
                self.touched.add(c)
        if col is not None:
            self.mapping[col] = target
            self.touched.add(col)


class MappingTable(DataTable):  # type: ignore[type-arg]
    """The mapping, one row per question; Enter (shown in the footer) changes a row."""

    BINDINGS = [Binding("enter", "select_cursor", "key.import.change", id="change")]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        translate_bindings(self)

    def repaint(self, choice: MappingChoice) -> None:
        """Fill the table with `choice`, the cursor kept on its row."""
        cursor = self.cursor_row
        self.clear(columns=True)
        # both columns' text: the screen less the margins, cell padding and a scrollbar
        width = max(40, self.app.size.width - 8)
        rows = choice.rows()
        natural = max([cell_len(clean(label)) for _target, label in rows]
                      + [cell_len(t("imp.screen.col.target"))])
        target_w = min(natural, max(16, width * 45 // 100))
        column_w = width - target_w
        self.add_column(t("imp.screen.col.target"), key="target", width=target_w)
        self.add_column(t("imp.screen.col.column"), key="column", width=column_w)
        by_target = {target: col for col, target in choice.mapping.items()
                     if target is not None}
        for target, label in rows:
            col = by_target.get(target)
            style = "dim italic" if target.startswith(":") else ""
            if col is None:
                cell = Text(t("imp.screen.not_mapped"), style="dim")
            else:
                doubt = choice.doubt(target, col)
                cell = literal(choice.column_label(col), limit=column_w - len(doubt))
                cell.append(doubt, style="bold yellow")
            self.add_row(literal(label, style=style, limit=target_w), cell, key=target)
        self.styles.height = min(self.row_count + 1, 9)
        if self.row_count:
            self.move_cursor(row=min(cursor, self.row_count - 1))


class ColumnPickScreen(PickScreen):
    """The file's columns to choose from, the current one highlighted."""

    def __init__(self, title: str, options: list[tuple[str, str]], current: str) -> None:
        super().__init__(title, options)
        self.current = current

    def repaint(self, query: str) -> None:
        super().repaint(query)
        if query.strip():
            return  # filtered: the best match first
        listing = self.query_one(OptionList)
        for index in range(listing.option_count):
            if listing.get_option_at_index(index).id == self.current:
                listing.highlighted = index
                break
