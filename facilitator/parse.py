"""Parsing and formatting of user input. Pure functions, no I/O, property-tested.

Errors are `ValueError` subclasses carrying an i18n key so the caller can show the
message at the field in the user's language.
"""

from __future__ import annotations

import re
from datetime import date


class InputError(ValueError):
    """Bad input; `key` and `params` name the message in `facilitator.i18n`."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        from facilitator.i18n import t

        return t(self.key, **self.params)


_DMY = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> date:
    """Parse dd.mm.yyyy (also d.m.yyyy, dd/mm/yyyy) or yyyy-mm-dd; refuse 31.02."""
    value = text.strip()
    m = _ISO.match(value)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _DMY.match(value)
        if not m:
            raise InputError("err.bad_date", value=text.strip())
        d, mo, y = (int(g) for g in m.groups())
    try:
        return date(y, mo, d)
    except ValueError:
        raise InputError("err.bad_date", value=text.strip()) from None


def parse_optional_date(text: str | None) -> date | None:
    if text is None or not text.strip():
        return None
    return parse_date(text)


def format_date(value: date | None) -> str:
    """dd.mm.yyyy, the Norwegian way; empty for None."""
    # Not strftime: its %Y gives "1" rather than "0001" for early years on Linux,
    # which parse_date would then refuse.
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}" if value else ""


_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]{2,}$")


def parse_email(text: str | None) -> str | None:
    """A plausible single e-mail address, or None for empty input."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    if not _EMAIL.match(value):
        raise InputError("err.bad_email", value=value)
    return value


def parse_email_list(text: str | None) -> list[str]:
    """Addresses separated by commas, semicolons or whitespace."""
    if not text:
        return []
    parts = [p for p in re.split(r"[,;\s]+", text) if p]
    return [parse_email(p) for p in parts]  # type: ignore[misc]


# "5", "5.0", "5 - Svært enig", "5) Enig"; the label after the separator may not start
# with a digit, so ranges like "5-6" are refused rather than read as 5.
_SCORE = re.compile(r"^\s*([1-6])(?:[.,]0+)?\s*(?:[-–:)](?!\s*\d).*)?$", re.DOTALL)


def parse_score(text: str | int | float | None) -> int | None:
    """A 1–6 answer: "5", 5, "5.0", "5 - Svært enig"; None for empty/skipped.

    Refuses 0, 7, 4.5, "fem".
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise InputError("err.bad_score", value=str(text))
    if isinstance(text, int):
        if 1 <= text <= 6:
            return text
        raise InputError("err.bad_score", value=str(text))
    if isinstance(text, float):
        if text.is_integer() and 1 <= text <= 6:
            return int(text)
        raise InputError("err.bad_score", value=str(text))
    value = text.strip()
    if not value:
        return None
    m = _SCORE.match(value)
    if not m:
        raise InputError("err.bad_score", value=value)
    return int(m.group(1))


_YES = {"ja", "j", "yes", "y", "1", "true", "sant"}
_NO = {"nei", "n", "no", "0", "false", "usant"}


def parse_yes_no(text: str | int | bool | None) -> int | None:
    """Yes/no as 1/0; accepts Ja/Nei/Yes/No/j/n/1/0; None for empty."""
    if text is None:
        return None
    if isinstance(text, bool):
        return int(text)
    if isinstance(text, int):
        if text in (0, 1):
            return text
        raise InputError("err.bad_yes_no", value=str(text))
    value = text.strip().casefold()
    if not value:
        return None
    if value in _YES:
        return 1
    if value in _NO:
        return 0
    raise InputError("err.bad_yes_no", value=text.strip())
