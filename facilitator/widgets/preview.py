"""A Markdown document shown as one widget (the export screen's preview).

Textual's Markdown widget makes a widget of every block and table cell: a summary of
60 municipalities is thousands of widgets, and every layout of the screen (a status
line changing, a key) then took about 0.1 s. Here Rich renders the whole document
into one widget, laid out in a few milliseconds.
"""

from __future__ import annotations

from textual.widgets import Static

from facilitator.text import MAX_SHOWN


def shown_source(source: str) -> str:
    """The source as the preview lays it out: each line at most MAX_SHOWN characters
    (a 200,000-character comment is cut with …; the files keep it whole)."""
    return "\n".join(line if len(line) <= MAX_SHOWN else line[:MAX_SHOWN - 1] + "…"
                     for line in source.split("\n"))


class MarkdownPreview(Static):
    DEFAULT_CSS = "MarkdownPreview { height: auto; padding: 0 1; }"

    def __init__(self, source: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.source = ""
        self.shown = ""  # what is laid out: the source with over-long lines cut
        self.document: object = None  # the rich Markdown shown
        if source:
            self.update_source(source)

    def update_source(self, source: str) -> None:
        """Show `source` (Markdown from the exporter, which escapes user text)."""
        from rich.markdown import Markdown

        self.source = source
        self.shown = shown_source(source)
        self.document = Markdown(self.shown, hyperlinks=False)
        self.update(self.document)
