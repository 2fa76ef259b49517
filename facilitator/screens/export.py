"""Export the cycle summary: preview, pick formats and recipients, write the files.

The summary is built and the files are written in a thread worker, so typing goes on
while XLSX is written; the screen shows each step and, at the end, where the files are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Footer, Header, Input, Markdown, Select, Static

from facilitator.i18n import t
from facilitator.parse import InputError, format_date, parse_email_list
from facilitator.screens.base import BaseScreen, after_typed_keys, error_text
from facilitator.widgets.text import clean, literal

FORMAT_LABELS = (("md", "Markdown"), ("html", "HTML"), ("xlsx", "Excel"), ("csv", "CSV"),
                 ("eml", "E-post"))


class ExportScreen(BaseScreen):
    HELP_KEY = "help.export"
    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("ctrl+s", "write", "key.write_files", id="write", priority=True),
        Binding("ctrl+o", "open_mail", "key.open_mail", id="open-mail"),
        Binding("ctrl+r", "preview", "key.refresh_preview", id="preview", show=False),
    ]

    def __init__(self, network_id: str, cycle: int | None = None) -> None:
        super().__init__()
        self.network_id = network_id
        self.cycle = cycle
        self.network: Any = None
        self.written: list[Path] = []
        self._writing = False  # files are being written
        self._ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("export.title"), classes="title", id="export-title")
        with Horizontal(id="export-controls"):
            with Vertical(classes="export-col"):
                yield Select([], prompt=t("export.cycle"), id="export-cycle", allow_blank=True)
                yield Select([(t("lang.nb"), "nb"), (t("lang.nn"), "nn"), (t("lang.en"), "en")],
                             value="nb", allow_blank=False, id="export-lang")
            with Vertical(classes="export-col"):
                for code, label in FORMAT_LABELS:
                    yield Checkbox(label, True, id=f"fmt-{code}", compact=True)
                yield Checkbox(t("export.names"), False, id="export-names", compact=True)
        yield Input(placeholder=t("export.to"), id="export-to")
        yield Static("", id="export-error", classes="form-error")
        yield Static("", id="export-status", classes="line")
        with VerticalScroll(id="export-preview"):
            yield Markdown("", id="export-md")
        yield Footer()

    def load(self) -> None:
        today = self.app.today()

        def fetch(store: Any) -> tuple[Any, list[Any]]:
            return store.get_network(self.network_id), store.list_gatherings(self.network_id)

        def show(data: tuple[Any, list[Any]]) -> None:
            net, gatherings = data
            self.network = net
            held = [g for g in gatherings if g.date <= today] or gatherings
            select = self.query_one("#export-cycle", Select)
            select.set_options([(literal(f"{g.seq}: {format_date(g.date)} {clean(g.title)}",
                                         limit=30), g.seq) for g in gatherings])
            if gatherings and self.cycle is None:
                self.cycle = max(held, key=lambda g: g.seq).seq
            if self.cycle is not None:
                select.value = self.cycle
            self.query_one("#export-lang", Select).value = net.summary_language
            self.query_one("#export-to", Input).value = net.contact_emails
            self.query_one("#export-title", Static).update(
                Text(t("export.title") + " · ") + literal(net.name))
            self._ready = True
            self.action_preview()

        if not self._ready:
            self.call_store(fetch, show)

    def _options(self) -> dict[str, Any]:
        cycle = self.query_one("#export-cycle", Select)
        return {
            "cycle": None if cycle.is_blank() else int(cycle.value),  # type: ignore[arg-type]
            "lang": self.query_one("#export-lang", Select).value,
            "names": self.query_one("#export-names", Checkbox).value,
            "formats": [code for code, _ in FORMAT_LABELS
                        if self.query_one(f"#fmt-{code}", Checkbox).value],
        }

    @on(Select.Changed)
    @on(Checkbox.Changed, "#export-names")
    def _changed(self) -> None:
        if self._ready:
            self.action_preview()

    def action_preview(self) -> None:
        opts = self._options()
        if opts["cycle"] is None:
            return
        self._status(t("export.building"))

        def build(store: Any) -> str:
            from facilitator.cycle import build_summary
            from facilitator.export import markdown

            summary = build_summary(store, self.network_id, opts["cycle"], language=opts["lang"],
                                    include_names=opts["names"])
            return markdown.render(summary)

        def show(text: str) -> None:
            self.query_one("#export-md", Markdown).update(text)
            self._status(t("export.preview_ready"))

        self.call_store(build, show, self._failed, group="export-preview", exclusive=True)

    @after_typed_keys
    def action_write(self) -> None:
        if self._writing:
            self._status(t("export.writing"))
            return
        opts = self._options()
        error = self.query_one("#export-error", Static)
        error.display = False
        try:
            to = parse_email_list(self.query_one("#export-to", Input).value)
        except InputError as exc:
            error.update(literal(exc.message()))
            error.display = True
            self.query_one("#export-to", Input).focus()
            return
        if opts["cycle"] is None or not opts["formats"]:
            error.update(t("export.choose"))
            error.display = True
            return
        self._status(t("export.writing"))

        def write(store: Any) -> list[Path]:
            from facilitator.cycle import build_summary
            from facilitator.export.writer import default_out_dir, write_export

            summary = build_summary(store, self.network_id, opts["cycle"], language=opts["lang"],
                                    include_names=opts["names"])

            def progress(step: str) -> None:
                self.app.call_from_thread(self._status, t("export.step", step=step))

            return write_export(summary, opts["formats"], default_out_dir(summary.network),
                                to=to, progress=progress)

        def done(paths: list[Path]) -> None:
            self._writing = False
            self.written = paths
            folder = paths[0].parent if paths else ""
            self._status(t("export.done", count=len(paths), folder=folder))
            self.app.notify(t("export.done", count=len(paths), folder=folder), timeout=10)

        def failed(exc: Exception) -> None:
            self._writing = False
            self._failed(exc)

        self._writing = True
        self.call_store(write, done, failed, group="export-write")

    def action_open_mail(self) -> None:
        emails = [p for p in self.written if p.suffix == ".eml"]
        if not emails:
            self._status(t("export.no_mail"))
            return
        from facilitator.export.writer import open_file

        try:
            open_file(emails[0])
        except OSError as exc:
            self._status(t("export.open_failed", detail=str(exc), path=emails[0]))

    def _failed(self, exc: Exception) -> None:
        self._status(t("export.failed", reason=error_text(exc)))

    def _status(self, message: str) -> None:
        self.query_one("#export-status", Static).update(literal(message))

    def action_back(self) -> None:
        self.dismiss(None)
