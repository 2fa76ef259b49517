"""The header every screen shows: Textual's `Header`, without the leak it has.

The Textual defect (8.2.8, `widgets/_header.py` and `reactive._watch`): on mount a
`Header` watches `app.title` and `app.sub_title` (`self.watch(self.app, ...)`). The app
keeps each watcher in a list that is pruned of closed widgets only when the watched
value changes, and the app's title never does. So every screen ever opened stays in
memory through its header: about 1,000 objects per open, and the full garbage
collections that walk them grew from 35 to 190 ms within sixty opens (measured on the
demo). `AppHeader` takes its watchers off the app when it is unmounted.

A second one it lets go of at the same moment (`textual/_styles_cache.py`):
`StylesCache.get_inner_outer` is an `lru_cache(1024)` on a method, so it keeps the
style caches of up to 1,024 widgets alive, closed or not, with every line they drew:
on the large network's screens 75,000 of the 118,000 objects the collector walked
(each full collection ~100 ms). It is cleared when a screen closes; it refills at once.

When they are fixed: `tests/test_main_screens.py::test_closed_screens_are_freed` passes
with plain `Header`, and `get_inner_outer` is no longer cached per instance; then use
`Header` again and delete this module.
"""

from __future__ import annotations

from textual._styles_cache import StylesCache
from textual.widgets import Header

WATCHERS = "__watchers"  # where textual.reactive._watch keeps an object's watchers


class AppHeader(Header):
    def on_unmount(self) -> None:
        watchers = getattr(self.app, WATCHERS, {})
        for name in ("title", "sub_title"):
            kept = watchers.get(name)
            if kept:
                kept[:] = [(node, callback) for node, callback in kept if node is not self]
        StylesCache.get_inner_outer.cache_clear()
