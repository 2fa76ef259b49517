"""A Markdown document shown as one widget (the export screen's preview).

Textual's Markdown widget makes a widget of every block and table cell: a summary of
60 municipalities is thousands of widgets, and every layout of the screen (a status
line changing, a key) then took about 0.1 s. Here Rich renders the whole document
into one widget, and `LaidOut` keeps what it rendered: Textual asks for the content's
height and for its lines at every layout and paint (a status line changing is one),
and Rich laying the whole document out again each time cost 25–45 ms.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from textual.widgets import Static

from facilitator.text import MAX_SHOWN


def shown_source(source: str) -> str:
    """The source as the preview lays it out: each line at most MAX_SHOWN characters
    (a 200,000-character comment is cut with …; the files keep it whole)."""
    return "\n".join(line if len(line) <= MAX_SHOWN else line[:MAX_SHOWN - 1] + "…"
                     for line in source.split("\n"))


class LaidOut:
    """A Rich renderable that lays `renderable` out once per console and width (the
    rest of the options do not change a Markdown document's lines: it renders its
    blocks without a height) and gives the same segments again after that."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._laid_out: dict[tuple[object, ...], list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (id(console), options.max_width, options.min_width, options.justify,
               options.overflow, options.no_wrap, options.markup, options.highlight,
               options.encoding, options.is_terminal, options.legacy_windows)
        segments = self._laid_out.get(key)
        if segments is None:
            if len(self._laid_out) > 4:  # a few widths at most: resizing the terminal
                self._laid_out.clear()
            segments = self._laid_out[key] = list(console.render(self.renderable, options))
        return segments


# The last document shown and its layout: the screen opened again on the same cycle
# (a new preview of the same Markdown) shows it without laying it out again.
_LAST: dict[str, LaidOut] = {}


def laid_out(shown: str) -> LaidOut:
    """The Markdown `shown`, laid out once per width (kept for the next preview)."""
    document = _LAST.get(shown)
    if document is None:
        from rich.markdown import Markdown

        _LAST.clear()
        document = _LAST[shown] = LaidOut(Markdown(shown, hyperlinks=False))
    return document


class MarkdownPreview(Static):
    DEFAULT_CSS = "MarkdownPreview { height: auto; padding: 0 1; }"

    def __init__(self, source: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.source = ""
        self.shown = ""  # what is laid out: the source with over-long lines cut
        self.document: LaidOut | None = None  # the rich Markdown shown, laid out once
        if source:
            self.update_source(source)

    def update_source(self, source: str) -> None:
        """Show `source` (Markdown from the exporter, which escapes user text)."""
        self.source = source
        self.shown = shown_source(source)
        self.document = laid_out(self.shown)
        self.update(self.document)
