"""Key bindings in the user's language: bindings are declared with i18n keys.

Bindings are declared with keys ("key.quit") so the footer, the command palette and F1
help all speak the language chosen at run time; `translate_bindings` replaces them in a
node's own copy of its bindings. A widget, a screen and the app all use it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from textual.dom import DOMNode

from facilitator.i18n import t

# Textual's own keys that its widgets show in the footer, by their English text.
TEXTUAL_KEYS = {"Dismiss menu": "key.dismiss_menu"}


def translate_bindings(node: DOMNode) -> None:
    """Replace i18n keys in a node's binding descriptions/tooltips with their text.

    Bindings are declared with keys ("key.quit") so the footer, the command palette
    and F1 help all speak the language chosen at run time. The few keys Textual's
    widgets show in the footer themselves are translated too (TEXTUAL_KEYS).
    """
    table = node._bindings.key_to_bindings  # noqa: SLF001 - per-instance copy
    for key, bindings in table.items():
        table[key] = [_translated(b) for b in bindings]


def _translated(b: Any) -> Any:
    if b.description.startswith("key."):
        shown = b.key_display
        return dataclasses.replace(
            b,
            description=t(b.description),
            tooltip=t(b.tooltip) if b.tooltip.startswith("tip.") else b.tooltip,
            id=OUR_PREFIX + (b.id or b.action),
            # a key shown by language: "j" for Ja, "y" for Yes
            key_display=t(shown) if shown and shown.startswith("keys.") else shown,
        )
    if b.description in TEXTUAL_KEYS:
        return dataclasses.replace(b, description=t(TEXTUAL_KEYS[b.description]))
    return b


OUR_PREFIX = "f."


def is_ours(binding: Any) -> bool:
    """True for bindings declared by facilitator (translated), not Textual's own."""
    return bool(binding.id) and binding.id.startswith(OUR_PREFIX)
