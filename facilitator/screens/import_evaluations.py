"""Import evaluation answers from a CSV or XLSX file into one gathering.

The same steps as `facilitator import-evaluations` (see `facilitator.importers`):
the path is typed (with ~ and completion of file names); the file is read in a worker
and its columns are mapped to the gathering's questions by header text; the mapping
is shown one row per question and can be changed from the keyboard (Enter on a row).
Every change runs a new dry run, shown line by line (ok, already imported, error with
the reason) with totals. Nothing is written until Ctrl+S; a file with bad lines imports
nothing unless "skip lines with errors" is ticked. Importing the same file twice adds
nothing: every line has an import key (see the importer).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.suggester import Suggester
from textual.widgets import (
    Button,
    DataTable,
    Header,
    Input,
    OptionList,
    Static,
)

from facilitator import importers as imp
from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.screens.base import BaseScreen, error_text
from facilitator.screens.form import FieldBox
from facilitator.screens.pick import PickScreen
from facilitator.widgets.bindings import translate_bindings
from facilitator.widgets.fitted import FittedLine, fit_title
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.text import clean, literal
from facilitator.widgets.tickbox import TickBox

MAX_REPORT_LINES = 1000  # lines listed in the dry run; the rest are counted
NOT_MAPPED = "-"
SPECIAL_ROWS = ((imp.MUNICIPALITY, "imp.screen.row.municipality"),
                (imp.ROLE, "imp.screen.row.role"),
                (imp.RESPONSE_ID, "imp.screen.row.response_id"))
STATUS_STYLE = {imp.OK: ("✓", "green"), imp.DUPLICATE: ("=", "dim"), imp.EMPTY: ("·", "dim"),
                imp.BAD: ("✗", "bold red")}


def dry_run_report(plan: imp.ImportPlan) -> tuple[Text, Text]:
    """The dry run as shown: at most MAX_REPORT_LINES lines (the bad ones first, then
    the others in order; the rest counted), and the summary with the warning about
    completion times, if any. Made in the worker that planned the import."""
    bad = [i for i, line in enumerate(plan.lines) if line.status == imp.BAD]
    chosen = set(bad[:MAX_REPORT_LINES])
    for i in range(len(plan.lines)):
        if len(chosen) >= MAX_REPORT_LINES:
            break
        chosen.add(i)
    text = Text()
    for i in sorted(chosen):
        line = plan.lines[i]
        mark, style = STATUS_STYLE.get(line.status, ("?", ""))
        if text:
            text.append("\n")
        text.append(f"{mark} ", style=style)
        text.append(clean(line.message()),
                    style=style if line.status != imp.OK else ("yellow" if line.notes else ""))
    hidden = len(plan.lines) - len(chosen)
    if hidden:
        hidden_bad = len(bad) - len(chosen.intersection(bad))
        more = (t("imp.screen.more_lines_bad", count=hidden, bad=hidden_bad) if hidden_bad
                else t("imp.screen.more_lines", count=hidden))
        text.append("\n" + more, style="dim")
    summary = Text(plan.summary() + " " + t("imp.screen.dry_run"))
    if plan.time_warning is not None:
        summary.append("\n" + clean(plan.time_warning.message()), style="yellow")
    return text, summary


def clean_path(text: str) -> Path:
    """The path as typed or pasted: surrounding quotes (a file dragged into the
    terminal) and backslash-escaped spaces are taken away, ~ is the home folder."""
    value = text.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    path = Path(value).expanduser()
    if "\\ " in value and not path.exists():
        path = Path(value.replace("\\ ", " ")).expanduser()
    return path


class PathSuggester(Suggester):
    """Completes the last part of a path from the folder's entries (Tab or → accepts)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        return await asyncio.to_thread(self._complete, value)

    @staticmethod
    def _complete(value: str) -> str | None:
        head, sep, tail = value.rpartition("/")
        folder = Path(os.path.expanduser(head + sep if sep else "."))
        if not tail:
            return None
        try:
            with os.scandir(folder) as entries:
                names = []
                for n, entry in enumerate(entries):
                    if n > 2000:
                        break
                    if entry.name.casefold().startswith(tail.casefold()) and (
                            tail.startswith(".") or not entry.name.startswith(".")):
                        names.append(entry.name + ("/" if entry.is_dir() else ""))
        except OSError:
            return None
        if not names:
            return None
        # a table file before anything else, then the shortest name
        names.sort(key=lambda n: (not n.lower().endswith((".csv", ".xlsx", ".txt", "/")),
                                  len(n), n))
        # the name as it is on disk: "Svar" completes to "svar.csv", not "Svar.csv"
        return value[: len(value) - len(tail)] + names[0]


class PathInput(Input):
    """The path field: Tab accepts the completion (as in a shell) and stays in the
    field; with nothing to complete, Tab moves on as everywhere else."""

    BINDINGS = [Binding("tab", "complete", "key.import.complete", id="complete")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._could_complete = False
        self._looked_up: tuple[str, str | None] = ("", None)  # value, its completion
        translate_bindings(self)

    def completion(self, *, look_up: bool = False) -> str | None:
        """What Tab puts in the field, if the cursor is at the end: the completion
        shown, or (`look_up`) the folder's entry found now. A Tab typed right after
        the letters comes before the suggester's answer; it completes all the same."""
        value = self.value
        if not self.cursor_at_end or not value.strip():
            return None
        if len(self._suggestion) > len(value):
            return self._suggestion
        if self._looked_up[0] != value and look_up:
            self._looked_up = (value, PathSuggester._complete(value))
        found = self._looked_up[1] if self._looked_up[0] == value else None
        return found if found is not None and len(found) > len(value) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "complete":
            # False: hidden from the footer, and Tab goes on to focus the next field
            return self.completion(look_up=True) is not None
        return super().check_action(action, parameters)

    def action_complete(self) -> None:
        completion = self.completion(look_up=True)
        if completion is None:
            raise SkipAction()
        self.value = completion
        self.cursor_position = len(self.value)

    def _completion_changed(self) -> None:
        """The footer shows Tab while it completes."""
        could = self.completion() is not None
        if could != self._could_complete:
            self._could_complete = could
            self.refresh_bindings()

    def watch__suggestion(self) -> None:
        self._completion_changed()

    def watch_selection(self) -> None:
        self._completion_changed()


class MappingTable(DataTable):  # type: ignore[type-arg]
    """The mapping, one row per question; Enter (shown in the footer) changes a row."""

    BINDINGS = [Binding("enter", "select_cursor", "key.import.change", id="change")]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        translate_bindings(self)


class ColumnPickScreen(PickScreen):
    """The file's columns to choose from, the current one highlighted."""

    def __init__(self, title: str, options: list[tuple[str, str]], current: str) -> None:
        super().__init__(title, options)
        self.current = current

    def _fill(self, query: str) -> None:
        super()._fill(query)
        if query.strip():
            return  # filtered: the best match first
        listing = self.query_one(OptionList)
        for index in range(listing.option_count):
            if listing.get_option_at_index(index).id == self.current:
                listing.highlighted = index
                break


class ImportScreen(BaseScreen):
    HELP_KEY = "help.import"
    DEFAULT_CSS = """
    ImportScreen #imp-title { height: 1; }
    ImportScreen #box-path { padding: 0 1; }
    ImportScreen #box-path > Input { width: 1fr; }
    ImportScreen #imp-status { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    ImportScreen #imp-mapping { height: 8; margin: 0 1; }
    ImportScreen #imp-notes { height: auto; max-height: 3; padding: 0 1; color: $warning; }
    ImportScreen #imp-report { height: 1fr; min-height: 3; margin: 0 1; }
    ImportScreen #imp-report:focus { background: $boost; }
    ImportScreen #imp-summary { height: auto; padding: 0 1; text-style: bold; }
    ImportScreen #imp-message { height: auto; padding: 0 1; color: $error; display: none; }
    ImportScreen #imp-message.-shown { display: block; }
    ImportScreen #imp-message.-info { color: $text; }
    ImportScreen #imp-actions { height: 1; padding: 0 1; }
    ImportScreen #imp-skip { width: 1fr; }
    ImportScreen #imp-run { min-width: 12; }
    ImportScreen .-hidden { display: none; }
    """
    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("ctrl+s", "run_import", "key.import.run", id="import", priority=True),
        Binding("ctrl+o", "choose_file", "key.import.file", id="file", priority=True),
        Binding("ctrl+r", "read", "key.import.read", id="read", priority=True, show=False),
    ]

    def __init__(self, gathering_id: str, path: str | None = None) -> None:
        super().__init__()
        self.gathering_id = gathering_id
        self.initial_path = path or ""
        self.gathering: Any = None
        self.table: imp.Table | None = None
        self.loaded_path: Path | None = None  # the file `table` was read from
        self.questions: list[Any] = []
        self.guesses: list[imp.ColumnGuess] = []
        self.mapping: dict[int, str | None] = {}
        self.touched: set[int] = set()  # columns whose mapping the user chose
        self.confirmed = False
        self.plan: imp.ImportPlan | None = None
        self.report: tuple[Text, Text] | None = None  # the plan's dry run, made with it
        self.plan_error: str | None = None
        self.busy = False  # an import is being written
        self._bad_lines_said = False  # the message is the refusal of a file with bad lines
        self._generation = 0  # results of an older read or plan are ignored

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield FittedLine(id="imp-title", classes="title")
        yield FieldBox(t("imp.screen.file"),
                       PathInput(self.initial_path,
                                 placeholder=t("imp.screen.file.placeholder"),
                                 id="imp-path", compact=True, suggester=PathSuggester()),
                       field="path")
        yield Static(t("imp.screen.start"), id="imp-status")
        yield MappingTable(id="imp-mapping", classes="-hidden")
        yield Static("", id="imp-notes", classes="-hidden")
        with VerticalScroll(id="imp-report", classes="-hidden"):
            yield Static("", id="imp-lines")
        yield Static("", id="imp-summary", classes="-hidden")
        yield Static("", id="imp-message")
        with Horizontal(id="imp-actions", classes="-hidden"):
            yield TickBox(t("imp.screen.skip"), False, id="imp-skip", compact=True)
            yield Button(t("imp.screen.import"), id="imp-run", variant="primary", compact=True)
        yield FittingFooter()

    def on_mount(self) -> None:
        # Textual calls BaseScreen.on_mount (the load) after this one by itself.
        self.query_one("#imp-path", Input).focus()

    def reload_changed(self) -> None:
        """The path, mapping and dry run stay as they are; the import itself checks the
        database again when it runs (the same file twice adds nothing)."""

    def load(self) -> None:
        gid = self.gathering_id

        def fetch(store: Any) -> Any:
            return store.get_gathering(gid)

        def show(g: Any) -> None:
            if not self.is_attached:
                return
            self.gathering = g
            prefix = t("imp.screen.title", seq=g.seq, date=format_date(g.date))
            name = " ".join(g.title.split())
            self.query_one("#imp-title", FittedLine).set_text(
                lambda width: fit_title(prefix + " · " if name else prefix, name, width))
            if self.initial_path and self.table is None:
                self.action_read()

        self.call_store(fetch, show, group="import-gathering", exclusive=True)

    def on_resize(self, _event: Resize) -> None:
        if self.table is not None:
            self._fill_mapping()

    def _show(self, selector: str, shown: bool) -> None:
        self.query_one(selector).set_class(not shown, "-hidden")

    def _status(self, text: str | Text) -> None:
        self.query_one("#imp-status", Static).update(
            text if isinstance(text, Text) else literal(text))

    def _message(self, text: str | None, *, info: bool = False) -> None:
        """The line under the dry run: an error (red) or, with `info`, a plain note."""
        widget = self.query_one("#imp-message", Static)
        widget.update(literal(text or "", single_line=False))
        widget.set_class(bool(text), "-shown")
        widget.set_class(info, "-info")
        self._bad_lines_said = False

    def _say_bad_lines(self, plan: imp.ImportPlan) -> None:
        # with no good line there is nothing to import by skipping the bad ones
        hint = t("imp.screen.hint_skip_bad") if plan.ok else t("imp.screen.hint_fix_bad")
        self._message(t("imp.err.bad_lines", bad=len(plan.bad), lines=len(plan.lines))
                      + " " + hint)
        self._bad_lines_said = True

    @on(TickBox.Changed, "#imp-skip")
    def _skip_changed(self, event: TickBox.Changed) -> None:
        """What the message says about bad lines follows the box at once."""
        plan = self.plan
        widget = self.query_one("#imp-message", Static)
        if plan is None or not plan.bad or not widget.has_class("-shown"):
            return
        if event.value:
            self._message(t("imp.screen.skipping", bad=len(plan.bad), ok=len(plan.ok)),
                          info=True)
        elif not self._bad_lines_said:
            self._say_bad_lines(plan)

    def _field_error(self, message: str | None) -> None:
        self.query_one("#box-path", FieldBox).set_error(message)

    # ------------------------------------------------------------------ reading

    def action_choose_file(self) -> None:
        """To the path field, its text selected: typing replaces it."""
        field = self.query_one("#imp-path", Input)
        field.focus()
        field.select_all()

    @on(Input.Submitted, "#imp-path")
    def _path_submitted(self) -> None:
        self.action_read()

    def _names_loaded_file(self) -> bool:
        """The path field names the file whose mapping and dry run are shown."""
        raw = self.query_one("#imp-path", Input).value
        return (self.loaded_path is not None and bool(raw.strip())
                and clean_path(raw) == self.loaded_path)

    @on(Input.Changed, "#imp-path")
    def _path_changed(self) -> None:
        """Another path typed over the file read: its dry run is marked stale at once
        (and the skip box and Import button hidden), until the path names it again."""
        if self.table is None or self.busy:
            return
        current = self._names_loaded_file()
        if current:
            self._status(self.table.describe())
        else:
            self._status(t("imp.screen.path_changed"))
            self._message(None)
        self._show("#imp-summary", current)
        self._show("#imp-actions", current)

    def action_read(self) -> None:
        if self.busy:
            self._message(t("imp.screen.busy"))
            return
        raw = self.query_one("#imp-path", Input).value
        self._message(None)
        if not raw.strip():
            self._field_error(t("imp.screen.err.no_path"))
            self.query_one("#imp-path", Input).focus()
            return
        self._field_error(None)
        path = clean_path(raw)
        self._generation += 1
        generation = self._generation
        self._status(t("imp.screen.reading", file=path.name or str(path)))
        gid = self.gathering_id

        def read(store: Any) -> tuple[Any, ...]:
            table = imp.read_table(path)
            if not table.rows:
                raise imp.ImporterError("imp.err.no_rows", path=path)
            questions = imp.questions_for(store, gid)
            if not questions:
                raise imp.ImporterError("imp.cli.no_questions")
            guesses = imp.analyse_columns(table.headers, questions)
            imp.require_matching_columns(table, questions, guesses)  # prose, wrong file
            mapping = {g.index: g.target for g in guesses}
            try:
                plan: imp.ImportPlan | None = imp.plan_for(store, gid, table, mapping, questions)
                plan_error = None
            except imp.ImporterError as exc:
                plan, plan_error = None, exc.message()
            report = dry_run_report(plan) if plan is not None else None
            return table, questions, guesses, mapping, plan, plan_error, report

        def done(result: tuple[Any, ...]) -> None:
            if generation != self._generation or not self.is_attached:
                return
            (self.table, self.questions, self.guesses, self.mapping, self.plan,
             self.plan_error, self.report) = result
            self.loaded_path = path
            self.touched = set()
            self.confirmed = False
            self.query_one("#imp-skip", TickBox).value = False
            self._status(self.table.describe())
            for selector in ("#imp-mapping", "#imp-report", "#imp-summary", "#imp-actions"):
                self._show(selector, True)
            self._fill_mapping()
            self._fill_report()
            self.query_one("#imp-mapping", MappingTable).focus()

        def failed(exc: Exception) -> None:
            if generation != self._generation or not self.is_attached:
                return
            self._clear()
            self._status(t("imp.screen.start"))
            self._field_error(error_text(exc))
            self.query_one("#imp-path", Input).focus()

        # background: reading a large file takes a second or two, and the keys go on
        # meanwhile (F1, Escape, a new path); a read overtaken by a newer one is dropped
        self.call_store(read, done, failed, group="import-read", exclusive=True,
                        background=True)

    def _clear(self) -> None:
        """Forget the file read before: what is shown must be the file in the field."""
        self.table = None
        self.loaded_path = None
        self.plan = self.report = None
        self.plan_error = None
        for selector in ("#imp-mapping", "#imp-notes", "#imp-report", "#imp-summary",
                         "#imp-actions"):
            self._show(selector, False)

    # ------------------------------------------------------------------ the mapping

    def _rows(self) -> list[tuple[str, str]]:
        """(target, label) of every row of the mapping table."""
        rows = [(q.id, imp.question_text(q)) for q in self.questions]
        rows += [(target, t(key)) for target, key in SPECIAL_ROWS]
        return rows

    def column_label(self, col: int) -> str:
        assert self.table is not None
        return t("imp.screen.column", letter=imp.column_letter(col),
                 header=imp.header_label(self.table.headers[col], 36))

    def _fill_mapping(self) -> None:
        table = self.query_one("#imp-mapping", MappingTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        # both columns' text: the screen less the margins, cell padding and a scrollbar
        width = max(40, self.app.size.width - 8)
        rows = self._rows()
        natural = max([cell_len(clean(label)) for _target, label in rows]
                      + [cell_len(t("imp.screen.col.target"))])
        target_w = min(natural, max(16, width * 45 // 100))
        column_w = width - target_w
        table.add_column(t("imp.screen.col.target"), key="target", width=target_w)
        table.add_column(t("imp.screen.col.column"), key="column", width=column_w)
        by_target = {target: col for col, target in self.mapping.items() if target is not None}
        guesses = {g.index: g for g in self.guesses}
        for target, label in rows:
            col = by_target.get(target)
            style = "dim italic" if target.startswith(":") else ""
            if col is None:
                cell = Text(t("imp.screen.not_mapped"), style="dim")
            else:
                doubt = ""
                g = guesses.get(col)
                if (col not in self.touched and g is not None and g.kind == "question"
                        and g.target == target):
                    if g.ambiguous:
                        doubt = f" ({t('imp.map.ambiguous')})"
                    elif g.score < imp.SURE:
                        doubt = f" ({t('imp.map.uncertain')})"
                cell = literal(self.column_label(col), limit=column_w - len(doubt))
                cell.append(doubt, style="bold yellow")
            table.add_row(literal(label, style=style, limit=target_w), cell, key=target)
        table.styles.height = min(table.row_count + 1, 9)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self._fill_notes()

    def reasons(self) -> list[imp.Problem]:
        """Doubts about the columns the user has not chosen themselves."""
        if self.table is None:
            return []
        untouched = [g for g in self.guesses if g.index not in self.touched]
        reasons, _acceptable = imp.confirmation_reasons(self.table, untouched, self.mapping)
        return reasons

    def _fill_notes(self) -> None:
        assert self.table is not None
        notes = Text()
        personal = sorted(imp.personal_columns(self.table.headers, self.questions))
        if personal:
            notes.append(clean(t("imp.screen.personal", columns=", ".join(
                t("imp.screen.column", letter=imp.column_letter(c),
                  header=imp.header_label(self.table.headers[c], 24)) for c in personal))),
                style="dim")
        reasons = self.reasons()
        if reasons and not self.confirmed:
            if notes:
                notes.append("\n")
            notes.append(clean(t("imp.screen.check", reasons="; ".join(
                r.message() for r in reasons))))
        widget = self.query_one("#imp-notes", Static)
        widget.update(notes)
        self._show("#imp-notes", bool(notes))

    @on(DataTable.RowSelected, "#imp-mapping")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        target = event.row_key.value
        if target is not None:
            self.change_mapping(str(target))

    def change_mapping(self, target: str) -> None:
        """Let the user pick the column for `target` (a question id or special)."""
        if self.table is None or self.busy:
            return
        table = self.table
        personal = imp.personal_columns(table.headers, self.questions)
        options = [(NOT_MAPPED, t("imp.screen.not_mapped"))]
        options += [(str(col), self.column_label(col)) for col in range(len(table.headers))
                    if col not in personal]
        title = t("imp.screen.pick", target=imp.target_label(target, self.questions))

        def chosen(value: str | None) -> None:
            if value is None or value == "":
                return
            self.set_mapping(target, None if value == NOT_MAPPED else int(value))

        current = next((str(c) for c, tg in self.mapping.items() if tg == target), NOT_MAPPED)
        self.app.push_screen(ColumnPickScreen(title, options, current), chosen)

    def set_mapping(self, target: str, col: int | None) -> None:
        """Map `col` to `target` (None: no column); the column leaves its former target
        and the target its former column. Then check the lines again."""
        for c, tg in list(self.mapping.items()):
            if tg == target:
                self.mapping[c] = None
                self.touched.add(c)
        if col is not None:
            self.mapping[col] = target
            self.touched.add(col)
        self._fill_mapping()
        self.replan()

    def replan(self) -> None:
        if self.table is None:
            return
        self._generation += 1
        generation = self._generation
        table, mapping, questions = self.table, dict(self.mapping), list(self.questions)
        gid = self.gathering_id
        self.plan = self.report = None
        self.query_one("#imp-summary", Static).update(t("imp.screen.planning"))

        def plan(store: Any) -> tuple[imp.ImportPlan | None, str | None, Any]:
            try:
                planned = imp.plan_for(store, gid, table, mapping, questions)
            except imp.ImporterError as exc:
                return None, exc.message(), None
            return planned, None, dry_run_report(planned)

        def done(result: tuple[imp.ImportPlan | None, str | None, Any]) -> None:
            if generation != self._generation or not self.is_attached:
                return
            self.plan, self.plan_error, self.report = result
            self._fill_report()

        self.call_store(plan, done, self._failed, group="import-plan", exclusive=True,
                        background=True)

    # ------------------------------------------------------------------ the dry run

    def _fill_report(self) -> None:
        lines = self.query_one("#imp-lines", Static)
        summary = self.query_one("#imp-summary", Static)
        self._message(None)
        if self.plan is None:
            lines.update(literal(self.plan_error or "", style="red", single_line=False))
            summary.update("")
            return
        plan = self.plan
        # made in the worker with the plan: a file of 50,000 lines never holds the keys
        report = self.report if self.report is not None else dry_run_report(plan)
        lines.update(report[0])
        # only a file with bad and good lines has anything to skip
        self.query_one("#imp-skip", TickBox).disabled = not (plan.bad and plan.ok)
        summary.update(report[1])

    # ------------------------------------------------------------------ importing

    @on(Button.Pressed, "#imp-run")
    def _run_pressed(self) -> None:
        self.action_run_import()

    def action_run_import(self) -> None:
        if self.busy:
            self._message(t("imp.screen.busy"))
            return
        field = self.query_one("#imp-path", Input)
        if self.table is None or not self._names_loaded_file():
            # nothing is imported from a file not read: say at the field what to do
            box = self.query_one("#box-path", FieldBox)
            if not field.value.strip():
                self._field_error(t("imp.screen.err.no_path"))
            elif self.table is not None:
                self._field_error(t("imp.screen.path_changed"))
            elif box.message is None:  # a failed read's error about this path stays
                self._field_error(t("imp.screen.not_read"))
            field.focus()
            return
        if self.plan is None:
            self._message(self.plan_error or t("imp.screen.planning"))
            return
        plan = self.plan
        if plan.bad and not self.query_one("#imp-skip", TickBox).value:
            self._say_bad_lines(plan)
            if not plan.ok:
                return
            self.query_one("#imp-skip", TickBox).focus()
            return
        if not plan.ok:
            self._message(t("imp.screen.nothing"))
            return
        reasons = self.reasons()
        if reasons and not self.confirmed:
            from facilitator.screens.dialogs import ConfirmScreen

            def answer(yes: bool | None) -> None:
                if yes:
                    self.confirmed = True
                    self._fill_notes()
                    self.action_run_import()
                else:
                    self.query_one("#imp-mapping", MappingTable).focus()

            question = t("imp.map.confirm") + "\n\n" + "\n".join(
                "• " + r.message() for r in reasons)
            self.app.push_screen(ConfirmScreen(question, yes=t("imp.screen.confirm_yes"),
                                               danger=False), answer)
            return
        self._apply(plan)

    def _apply(self, plan: imp.ImportPlan) -> None:
        skip = self.query_one("#imp-skip", TickBox).value
        gid = self.gathering_id
        self.busy = True
        self._message(None)
        self._status(t("imp.screen.importing"))

        def done(result: imp.ImportResult) -> None:
            self.busy = False
            self.app.notify(result.message(), timeout=8)
            self.dismiss(result)

        def failed(exc: Exception) -> None:
            self.busy = False
            self._failed(exc)
            if self.table is not None:
                self._status(self.table.describe())
            self.replan()  # the plan may be stale (questions changed, imported meanwhile)

        self.call_store(lambda s: imp.apply_import(s, gid, plan, skip_bad=skip), done, failed,
                        group="import-apply")

    def _failed(self, exc: Exception) -> None:
        if self.is_attached:
            self._message(error_text(exc))

    def action_back(self) -> None:
        if self.busy:
            self._message(t("imp.screen.busy"))
            return
        self._generation += 1  # a read or dry run still under way is of no interest now
        self.dismiss(None)
