"""A Markdown document shown as one widget (the export screen's preview).

Textual's Markdown widget makes a widget of every block and table cell: a summary of
60 municipalities is thousands of widgets, and every layout of the screen (a status
line changing, a key) then took about 0.1 s. Here Rich renders the whole document
into one widget, laid out in a few milliseconds.
"""

from __future__ import annotations

from textual.widgets import Static


class MarkdownPreview(Static):
    DEFAULT_CSS = "MarkdownPreview { height: auto; padding: 0 1; }"

    def __init__(self, source: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.source = ""
        self.document: object = None  # the rich Markdown shown
        if source:
            self.update_source(source)

    def update_source(self, source: str) -> None:
        """Show `source` (Markdown from the exporter, which escapes user text)."""
        from rich.markdown import Markdown

        self.source = source
        self.document = Markdown(source, hyperlinks=False)
        self.update(self.document)
