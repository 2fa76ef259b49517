"""The kiosk's steps with one participant, and what the steps without a question say.

Pure (no Textual): `KioskScreen` holds the step in a reactive attribute and shows each
step's part of the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from facilitator.i18n import CATALOGS, load_all


class KioskStep(StrEnum):
    """Where the kiosk is with one participant."""

    LOADING = "loading"
    QUESTION = "question"
    SAVING = "saving"
    THANKS = "thanks"
    FAILED = "failed"
    EMPTY = "empty"  # no questions, or they could not be read


def in_language(lang: str, key: str, /, **params: object) -> str:
    """`t()` in a given language, whatever the app's language is."""
    catalogs = load_all()
    text = catalogs.get(lang, {}).get(key) or CATALOGS["nb"].get(key, key)
    return text.format(**params) if params else text


def step_message(step: KioskStep, message: str, say: Callable[[str], str]) -> str:
    """What a step says in place of a question; `message` is the step's own news (why
    loading or saving failed, the store's lock, a tag the store did not keep)."""
    if step == KioskStep.LOADING:
        return say("kiosk.loading")
    if step == KioskStep.EMPTY:
        return message or say("kiosk.no_questions")
    if step == KioskStep.SAVING:
        return say("kiosk.saving") + (f"\n\n{message}" if message else "")
    if step == KioskStep.THANKS:
        dropped = "\n" + message if message else ""
        return say("kiosk.thanks") + dropped + "\n\n" + say("kiosk.thanks_next")
    if step == KioskStep.FAILED:
        return message + "\n\n" + say("kiosk.failed_hint")
    return ""
