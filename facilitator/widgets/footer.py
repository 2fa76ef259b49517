"""A footer that shows the keys that fit, whole, in the order they are declared."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class FittingFooter(Footer):
    """Textual's footer, but a key that does not fit is left out rather than cut.

    Keys come in binding order: the focused widget's (Enter on a list), then the
    screen's in the order it declares them (most important first), then the app's
    (F1). From the first key that would not fit beside the command-palette key on
    the right, the rest are hidden; every key stays in F1 help and the palette.
    """

    _shown: tuple | None = None  # what the keys shown were made from

    def compose(self) -> ComposeResult:
        # A FooterKey starts compact and is then bound to the footer's (not compact)
        # style: each change restyles it. Given its final value first, it is styled once.
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    async def recompose(self) -> None:
        # The screen's bindings "change" on every change of focus, mostly to the same
        # keys: build the keys again only when what they would show has changed.
        if not self.is_attached:
            return
        shown = self._signature()
        if shown == self._shown and self.children:
            return
        self._shown = shown
        await super().recompose()
        self.fit()

    def _signature(self) -> tuple:
        if not self._bindings_ready:
            return ()
        return tuple((binding.key, binding.description, binding.action, binding.group,
                      enabled, tooltip)
                     for _node, binding, enabled, tooltip
                     in self.screen.active_bindings.values() if binding.show or
                     binding.action == "command_palette")

    def on_resize(self, _event: Resize) -> None:
        self.fit()

    def fit(self) -> None:
        width = self.size.width
        if not width:
            return
        keys = list(self.query_children(FooterKey))
        palette = [k for k in keys if k.has_class("-command-palette")]
        room = width - sum(_width(k) for k in palette)
        used = 0
        fits = True
        for key in keys:
            if key in palette:
                continue
            fits = fits and used + _width(key) <= room
            key.display = fits
            if fits:
                used += _width(key)


def _width(key: FooterKey) -> int:
    """Columns the key takes: its text, padding, border and margin."""
    styles = key.styles
    return key.render().cell_len + styles.gutter.width + styles.margin.width
