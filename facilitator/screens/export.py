"""Export the cycle summary: preview, pick formats and recipients, write the files.

The summary is built and the files are written in a thread worker, so typing goes on
while XLSX is written; the screen shows each step and, at the end, where the files are:
the folder in full on its own line, broken after a path separator when it is long.

Only gatherings that have been held (date ≤ today) are offered: the summary of a
gathering still ahead would have every section empty, and the command line refuses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.widgets import Input, Select, Static

from facilitator.domain import Calendar
from facilitator.i18n import t
from facilitator.parse import InputError, email_ascii, format_date, parse_email_list, visible
from facilitator.screens import base
from facilitator.screens.base import BaseScreen, StoreFailed, error_text
from facilitator.text import clean, literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader
from facilitator.widgets.preview import MarkdownPreview
from facilitator.widgets.tickbox import TickBox

FORMATS = ("md", "html", "xlsx", "csv", "eml")

# Each piece ends with its separator (or is the last name of the path).
_PATH_PIECES = re.compile(r"[^/\\]*[/\\]|[^/\\]+$")


def wrap_path(path: str, width: int) -> list[str]:
    """`path` as lines of at most `width` cells, broken after a separator where it can
    be (a single name longer than a line is cut where the line ends)."""
    if width <= 0 or cell_len(path) <= width:
        return [path]
    lines: list[str] = []
    line = ""
    for piece in _PATH_PIECES.findall(path):
        if line and cell_len(line + piece) > width:
            lines.append(line)
            line = ""
        if cell_len(line + piece) <= width:
            line += piece
            continue
        *full, line = chop_cells(line + piece, width)
        lines.extend(full)
    if line:
        lines.append(line)
    return lines


class PathText:
    """A path shown literally, wrapped at path separators to the width it gets."""

    def __init__(self, path: str, style: str = "") -> None:
        self.path = clean(path)
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap_path(self.path, options.max_width):
            yield Text(line, style=self.style, no_wrap=True, overflow="crop")


@dataclass(frozen=True)
class Choice:
    """What the preview is built from: the cycle, the summary's language, names or not.
    (The formats and the recipients are read from their fields when the files are
    written: the preview does not depend on them.)"""

    cycle: int | None
    language: str
    names: bool


class ExportScreen(BaseScreen):
    HELP_KEY = "help.export"
    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("ctrl+s", "write", "key.write_files", id="write", priority=True),
        Binding("ctrl+o", "open_mail", "key.open_mail", id="open-mail"),
        Binding("ctrl+r", "preview", "key.refresh_preview", id="preview", show=False),
    ]
    CSS = """
    ExportScreen #export-to.-invalid { border: tall $error; }
    ExportScreen #export-folder { padding: 0 1; height: auto; display: none; }
    ExportScreen #export-empty { padding: 1 1; display: none; }
    """

    class Loaded(base.Loaded[tuple[Any, list[Any]]]):
        """The network and its gatherings."""

    class Previewed(base.Loaded[str]):
        """The summary's preview, in Markdown."""

    # The choice the preview shows (its watcher builds the preview again when it
    # changes) and the preview built (its watcher shows it, each time it arrives).
    choice: reactive[Choice | None] = reactive(None, init=False, repaint=False)
    preview: reactive[str] = reactive("", always_update=True, init=False, repaint=False)

    def __init__(self, network_id: str, cycle: int | None = None) -> None:
        super().__init__()
        self.network_id = network_id
        self.cycle = cycle
        self.network: Any = None
        self.written: list[Path] = []
        self.folder: Path | None = None  # where the last export went
        self.empty_message = ""  # why there is nothing to summarise, if so
        self._writing = False  # files are being written
        self._ready = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(t("export.title"), classes="title", id="export-title")
        with Horizontal(id="export-controls"):
            with Vertical(classes="export-col"):
                yield Select([], prompt=t("export.cycle"), id="export-cycle", allow_blank=True)
                yield Select([(t("lang.nb"), "nb"), (t("lang.nn"), "nn"), (t("lang.en"), "en")],
                             value="nb", allow_blank=False, id="export-lang")
            with Vertical(classes="export-col"):
                for code in FORMATS:
                    yield TickBox(t(f"export.fmt.{code}"), True, id=f"fmt-{code}", compact=True)
                yield TickBox(t("export.names"), False, id="export-names", compact=True)
        to = Input(placeholder=t("export.to_placeholder"), id="export-to")
        to.border_title = t("export.to")
        yield to
        yield Static("", id="export-error", classes="form-error")
        yield Static("", id="export-status", classes="line")
        yield Static("", id="export-folder")
        with VerticalScroll(id="export-preview"):
            yield Static("", id="export-empty")
            yield MarkdownPreview(id="export-md")
        yield FittingFooter()

    def on_mount(self) -> None:
        # The drop-downs say what they choose in their frame (no extra line at 80×24).
        self.query_one("#export-cycle SelectCurrent").border_title = t("export.cycle")
        self.query_one("#export-lang SelectCurrent").border_title = t("export.lang")

    def reload_changed(self) -> None:
        """The choices made here stay; the files are built from the database as it is
        when they are written."""

    def load(self) -> None:
        def fetch(store: Any) -> tuple[Any, list[Any]]:
            return store.networks.get(self.network_id), store.gatherings.list(self.network_id)

        if not self._ready:
            self.read_store(fetch, self.Loaded, group="export-load")

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.network, gatherings = message.data
        self.repaint(gatherings)
        self._ready = True
        self.choice = self._choice()

    def repaint(self, gatherings: list[Any]) -> None:
        """The choices as the network has them: its held gatherings (the cycle), its
        summary language and contact addresses; why there is nothing to summarise."""
        net = self.network
        held = Calendar(self.app.today(), gatherings).held
        select = self.query_one("#export-cycle", Select)
        select.set_options([(literal(f"{g.seq}: {format_date(g.date)} {clean(g.title)}",
                                     limit=30), g.seq) for g in held])
        seqs = [g.seq for g in held]
        if self.cycle not in seqs:
            self.cycle = seqs[-1] if seqs else None
        if self.cycle is not None:
            select.value = self.cycle
        if not gatherings:
            self.empty_message = t("export.no_gatherings")
        elif not held:
            self.empty_message = t("export.none_held", date=format_date(gatherings[0].date))
        self.repaint_empty(self.empty_message)
        self.query_one("#export-lang", Select).value = net.summary_language
        self.repaint_recipients(net.contact_emails)
        self.query_one("#export-title", Static).update(
            Text(t("export.title") + " · ") + literal(net.name))

    def repaint_recipients(self, stored: str) -> None:
        """The network's contact addresses; one that is not an address (a line break
        in it, from an older version or another program) is shown made visible and
        named at the field at once."""
        field = self.query_one("#export-to", Input)
        bad = next((entry.strip() for entry in re.split(r"[,;]", stored)
                    if entry.strip() and email_ascii(entry.strip()) is None), None)
        field.value = visible(stored) if bad is not None else stored
        if bad is not None:
            error = self.query_one("#export-error", Static)
            error.update(literal(t("export.bad_stored_to", address=visible(bad))))
            error.display = True
            field.add_class("-invalid")

    def repaint_empty(self, message: str) -> None:
        """Instead of an empty preview: why there is nothing to summarise."""
        empty = self.query_one("#export-empty", Static)
        empty.update(literal(message))
        empty.display = bool(message)
        self.query_one("#export-md", MarkdownPreview).display = not message

    def _options(self) -> dict[str, Any]:
        cycle = self.query_one("#export-cycle", Select)
        return {
            "cycle": None if cycle.is_blank() else int(cycle.value),  # type: ignore[arg-type]
            "lang": self.query_one("#export-lang", Select).value,
            "names": self.query_one("#export-names", TickBox).value,
            "formats": [code for code in FORMATS
                        if self.query_one(f"#fmt-{code}", TickBox).value],
        }

    def _choice(self) -> Choice:
        opts = self._options()
        return Choice(opts["cycle"], opts["lang"], opts["names"])

    @on(Select.Changed)
    @on(TickBox.Changed, "#export-names")
    def _changed(self) -> None:
        if self._ready:
            self.choice = self._choice()

    def watch_choice(self, choice: Choice | None) -> None:
        if choice is not None:
            self._build_preview(choice)

    def action_preview(self) -> None:
        self._build_preview(self._choice())

    def _build_preview(self, choice: Choice) -> None:
        if choice.cycle is None:
            return
        if not self._writing:
            self._status(t("export.building"))

        def build(store: Any) -> str:
            from facilitator.cycle_build import build_summary
            from facilitator.export import markdown, outline

            summary = build_summary(store, self.network_id, choice.cycle,
                                    language=choice.language, include_names=choice.names)
            return markdown.render(outline.build(summary))

        # the preview is only shown: keys go on meanwhile (it may load pandas first)
        self.read_store(build, self.Previewed, group="export-preview", background=True)

    @on(Previewed)
    def _previewed(self, message: Previewed) -> None:
        self.preview = message.data

    def watch_preview(self, text: str) -> None:
        self.query_one("#export-md", MarkdownPreview).update_source(text)
        if self._writing:  # the status line tells of the files being written
            return
        # the folder line stays: say what it is now the status line tells of the preview
        self._status(t("export.preview_ready_written" if self.folder
                       else "export.preview_ready"))

    @on(StoreFailed)
    def _read_failed(self, message: StoreFailed) -> None:
        if message.read is self.Previewed:
            message.prevent_default()
            self._failed(message.error)

    def action_write(self) -> None:
        if self._writing:
            self._status(t("export.already_writing"))
            return
        opts = self._options()
        error = self.query_one("#export-error", Static)
        field = self.query_one("#export-to", Input)
        error.display = False
        field.remove_class("-invalid")
        try:
            to = parse_email_list(field.value)
        except InputError as exc:
            error.update(literal(t("export.bad_to", reason=exc.message())))
            error.display = True
            field.add_class("-invalid")
            field.focus()
            return
        if opts["cycle"] is None or not opts["formats"]:
            error.update(literal(self.empty_message or t("export.choose")))
            error.display = True
            return
        self._status(t("export.writing"))
        self.repaint_folder(None)

        def write(store: Any) -> tuple[Path, list[Path]]:
            from facilitator.cycle_build import build_summary
            from facilitator.export.writer import default_out_dir, write_export

            summary = build_summary(store, self.network_id, opts["cycle"], language=opts["lang"],
                                    include_names=opts["names"])

            def progress(step: str) -> None:
                self.app.call_from_thread(self._status,
                                          t("export.step", step=t(f"export.fmt.{step}")))

            folder = default_out_dir(summary.network)
            return folder, write_export(summary, opts["formats"], folder, to=to,
                                        progress=progress)

        def done(result: tuple[Path, list[Path]]) -> None:
            self._writing = False
            folder, paths = result
            self.written = paths
            self.folder = folder
            self._status(t("export.done", count=len(paths)))
            self.repaint_folder(folder)
            self.app.notify(t("export.done_notice", count=len(paths), name=folder.name),
                            timeout=10, markup=False)

        def failed(exc: Exception) -> None:
            self._writing = False
            self._failed(exc)

        self._writing = True
        self.call_store(write, done, failed, group="export-write", background=True)

    def repaint_folder(self, path: Path | None) -> None:
        """The folder (or file) in full on its own line; hidden for None."""
        line = self.query_one("#export-folder", Static)
        line.update(PathText(str(path or ""), style="bold"))
        line.display = path is not None

    def action_open_mail(self) -> None:
        emails = [p for p in self.written if p.suffix == ".eml"]
        if not emails:
            if self._writing:
                key = "export.mail_wait"
            elif self.written:
                key = "export.no_mail_format"
            else:
                key = "export.no_mail"
            self._status(t(key))
            return
        from facilitator.export.writer import open_file

        try:
            open_file(emails[0])
        except OSError:  # no opener (xdg-open missing) or it would not start
            # the system's errno text is English and reads as if the .eml were missing
            self._status(t("export.open_failed"))
            self.repaint_folder(emails[0])  # in full, so it can be opened by hand
            return
        self._status(t("export.mail_opened", name=emails[0].name))

    def _failed(self, exc: Exception) -> None:
        self._status(t("export.failed", reason=error_text(exc)))

    def _status(self, message: str) -> None:
        try:
            self.query_one("#export-status", Static).update(literal(message))
        except NoMatches:  # the screen was closed meanwhile
            pass

    def action_back(self) -> None:
        if self._writing:  # leaving now would hide where the files went
            self._status(t("export.wait"))
            return
        self.dismiss(None)
