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

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.widgets import Button, DataTable, Input, Static

from facilitator import importers as imp
from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.screens import base
from facilitator.screens.base import BaseScreen, StoreFailed, error_text
from facilitator.screens.form import FieldBox
from facilitator.screens.import_mapping import (
    NOT_MAPPED,
    ColumnPickScreen,
    MappingChoice,
    MappingTable,
)
from facilitator.screens.import_path import PathInput, PathSuggester, clean_path
from facilitator.screens.import_report import dry_run_report
from facilitator.screens.import_run import ImportRunning
from facilitator.text import literal
from facilitator.widgets.fitted import FittedLine, fit_title
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader
from facilitator.widgets.tickbox import TickBox


class ImportScreen(ImportRunning, BaseScreen):
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

    class Loaded(base.Loaded[Any]):
        """The gathering the answers go to."""

    class FileRead(base.Loaded[tuple[Path, Any, Any, Exception | None]]):
        """A file read and prepared: its path, the preparation, its dry run, or the error."""

    class Planned(base.Loaded[tuple[Any, str | None, Any]]):
        """A dry run of the mapping chosen: the plan (or why not) and its report."""

    def __init__(self, gathering_id: str, path: str | None = None) -> None:
        super().__init__()
        self.gathering_id = gathering_id
        self.initial_path = path or ""
        self.gathering: Any = None
        self.choice: MappingChoice | None = None  # the file read, its mapping
        self.loaded_path: Path | None = None  # the file `choice` was read from
        self.plan: imp.ImportPlan | None = None
        self.report: tuple[Text, Text] | None = None  # the plan's dry run, made with it
        self.plan_error: str | None = None
        self.busy = False  # an import is being written
        self._bad_lines_said = False  # the message is the refusal of a file with bad lines

    @property
    def table(self) -> imp.Table | None:
        """The file read, shown with its mapping and dry run."""
        return self.choice.table if self.choice is not None else None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield AppHeader()
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

        self.read_store(lambda store: store.gatherings.get(gid), self.Loaded,
                        group="import-gathering")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.gathering = g = message.data
        prefix = t("imp.screen.title", seq=g.seq, date=format_date(g.date))
        name = " ".join(g.title.split())
        self.query_one("#imp-title", FittedLine).set_text(
            lambda width: fit_title(prefix + " · " if name else prefix, name, width))
        if self.initial_path and self.table is None:
            self.action_read()

    def on_resize(self, _event: Resize) -> None:
        if self.table is not None:
            self.repaint_mapping()

    def _reveal(self, selector: str, shown: bool) -> None:
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
        self._reveal("#imp-summary", current)
        self._reveal("#imp-actions", current)

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
        self.cancel_reads("import-plan")
        self._status(t("imp.screen.reading", file=path.name or str(path)))
        gid = self.gathering_id

        def read(store: Any) -> tuple[Path, Any, Any, Exception | None]:
            # an error comes back as the result: a read overtaken by a newer one
            # (exclusive group) is dropped, its error as well as its table
            try:
                prepared = imp.prepare(store, gid, path)
            except Exception as exc:  # noqa: BLE001 - shown at the field (_file_read)
                return path, None, None, exc
            report = dry_run_report(prepared.plan) if prepared.plan is not None else None
            return path, prepared, report, None

        # background: reading a large file takes a second or two, and the keys go on
        # meanwhile (F1, Escape, a new path); a read overtaken by a newer one is dropped
        self.read_store(read, self.FileRead, group="import-read", background=True)

    @on(FileRead)
    def _file_read(self, message: FileRead) -> None:
        if not self.newest(message, "import-read"):
            return
        path, prepared, report, error = message.data
        self.cancel_reads("import-plan")  # dry runs of the file read before: of no interest now
        if error is not None:
            self._read_failed(error)
        else:
            self.repaint_read(path, prepared, report)

    def repaint_read(self, path: Path, prepared: imp.Prepared, report: Any) -> None:
        self.choice = MappingChoice(prepared)
        self.plan, self.plan_error, self.report = prepared.plan, prepared.plan_error, report
        self.loaded_path = path
        self.query_one("#imp-skip", TickBox).value = False
        self._status(prepared.table.describe())
        for selector in ("#imp-mapping", "#imp-report", "#imp-summary", "#imp-actions"):
            self._reveal(selector, True)
        self.repaint_mapping()
        self.repaint_report()
        self.query_one("#imp-mapping", MappingTable).focus()

    def _read_failed(self, exc: Exception) -> None:
        self._clear()
        self._status(t("imp.screen.start"))
        self._field_error(error_text(exc))
        self.query_one("#imp-path", Input).focus()

    def _clear(self) -> None:
        """Forget the file read before: what is shown must be the file in the field."""
        self.choice = None
        self.loaded_path = None
        self.plan = self.report = None
        self.plan_error = None
        for selector in ("#imp-mapping", "#imp-notes", "#imp-report", "#imp-summary",
                         "#imp-actions"):
            self._reveal(selector, False)

    # ------------------------------------------------------------------ the mapping

    def repaint_mapping(self) -> None:
        assert self.choice is not None
        self.query_one("#imp-mapping", MappingTable).repaint(self.choice)
        self.repaint_notes()

    def reasons(self) -> list[imp.Problem]:
        """Doubts about the columns the user has not chosen themselves."""
        return self.choice.reasons() if self.choice is not None else []

    def repaint_notes(self) -> None:
        assert self.choice is not None
        notes = self.choice.notes()
        self.query_one("#imp-notes", Static).update(notes)
        self._reveal("#imp-notes", bool(notes))

    @on(DataTable.RowSelected, "#imp-mapping")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        target = event.row_key.value
        if target is not None:
            self.change_mapping(str(target))

    def change_mapping(self, target: str) -> None:
        """Let the user pick the column for `target` (a question id or special)."""
        choice = self.choice
        if choice is None or self.busy:
            return
        title = t("imp.screen.pick", target=imp.target_label(target, choice.questions))

        def chosen(value: str | None) -> None:
            if value is None or value == "":
                return
            self.set_mapping(target, None if value == NOT_MAPPED else int(value))

        self.app.push_screen(ColumnPickScreen(title, choice.options(), choice.current(target)),
                             chosen)

    def set_mapping(self, target: str, col: int | None) -> None:
        """Map `col` to `target` (None: no column); the column leaves its former target
        and the target its former column. Then check the lines again."""
        assert self.choice is not None
        self.choice.set(target, col)
        self.repaint_mapping()
        self.replan()

    def replan(self) -> None:
        choice = self.choice
        if choice is None:
            return
        table, mapping, questions = choice.table, dict(choice.mapping), list(choice.questions)
        gid = self.gathering_id
        self.plan = self.report = None
        self.query_one("#imp-summary", Static).update(t("imp.screen.planning"))

        def plan(store: Any) -> tuple[imp.ImportPlan | None, str | None, Any]:
            planned, error = imp.plan_or_error(store, gid, table, mapping, questions)
            return planned, error, dry_run_report(planned) if planned is not None else None

        # a dry run overtaken by a newer one (exclusive group) or by a new read is dropped
        self.read_store(plan, self.Planned, group="import-plan", background=True)

    @on(Planned)
    def _planned(self, message: Planned) -> None:
        if self.newest(message, "import-plan"):
            self.plan, self.plan_error, self.report = message.data
            self.repaint_report()

    @on(StoreFailed)
    def _plan_failed(self, message: StoreFailed) -> None:
        if message.read is self.Planned:
            message.prevent_default()
            self._failed(message.error)

    # ------------------------------------------------------------------ the dry run

    def repaint_report(self) -> None:
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

    def _failed(self, exc: Exception) -> None:
        if self.is_attached:
            self._message(error_text(exc))

    def action_back(self) -> None:
        if self.busy:
            self._message(t("imp.screen.busy"))
            return
        self.dismiss(None)  # a read or dry run still under way is dropped (see _deliver)
