"""Parsing and formatting of user input. Pure functions, no I/O, property-tested.

Errors are `ValueError` subclasses carrying an i18n key so the caller can show the
message at the field in the user's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from facilitator.errors import UserError


class InputError(UserError, ValueError):
    """Bad input; `key` and `params` name the message in `facilitator.i18n`."""


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


def format_date_span(start: date, end: date | None) -> str:
    """The dates of something from `start` to `end`, as short as is clear: one date
    when they are the same day (or there is no end), "20.–21.10.2026",
    "30.09.–01.10.2026", "30.12.2026–02.01.2027"."""
    if end is None or end == start:
        return format_date(start)
    if end.year != start.year:
        return f"{format_date(start)}–{format_date(end)}"
    if end.month != start.month:
        return f"{start.day:02d}.{start.month:02d}.–{format_date(end)}"
    return f"{start.day:02d}.–{format_date(end)}"


# When a survey tool says a response was started or completed: "2026-12-15 15:03:00"
# (ISO, and Excel date cells as the importer reads them), "15.12.2026 15:03" and
# "15.12.2026 kl. 15.03" (bokmål), "12/15/2026 3:03:00 PM" (US) or "15/12/2026 15:03"
# (UK), two-digit years ("12/15/26 15:03"), or an Excel serial number (46371.627).
_TIME = r"(?:[ T,]+(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,](\d{1,6}))?)?" \
        r"\s*([AaPp]\.?\s?[Mm]\.?)?)?"
_TS_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME
                     + r"\s*(?:Z|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
_TS_DOTS = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})" + _TIME)
_TS_SLASH = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})" + _TIME)
_TS_SERIAL = re.compile(r"\d{5}(?:[.,]\d+)?")


def timestamp_order(values: Iterable[str]) -> bool | None:
    """Whether a column's d/m/y dates with slashes put the day first (True), the month
    first (False), or cannot tell (None, every day and month 12 or less): a day above
    12 in either place settles it, an AM/PM says US (month first)."""
    meridiem = False
    for value in values:
        m = _TS_SLASH.fullmatch(value.strip())
        if not m:
            continue
        first, second = int(m.group(1)), int(m.group(2))
        if first > 12 >= second:
            return True
        if second > 12 >= first:
            return False
        meridiem = meridiem or bool(m.group(8))
    return False if meridiem else None


def parse_timestamp(text: str | None, *, day_first: bool = True) -> datetime | None:
    """When a response was started or completed, as a survey tool or Excel writes it;
    None for anything else (it is metadata: never an error).

    `day_first` reads "05/04/2026" as 5 April (False: 4 May, the US order); a
    day above 12 settles it either way. Time zones are left out (local time)."""
    value = (text or "").strip()
    if not value or len(value) > 40:
        return None
    if _TS_SERIAL.fullmatch(value):
        serial = float(value.replace(",", "."))
        if not 20000 <= serial < 80000:  # 1954–2119: no date outside that is a response
            return None
        days, fraction = divmod(serial, 1)
        return (datetime(1899, 12, 30) + timedelta(days=days, seconds=round(fraction * 86400)))
    if m := _TS_ISO.fullmatch(value):
        y, mo, d = m.group(1, 2, 3)
        clock = m.groups()[3:]
    elif m := _TS_DOTS.fullmatch(value):
        d, mo, y = m.group(1, 2, 3)
        clock = m.groups()[3:]
    elif m := _TS_SLASH.fullmatch(value):
        a, b, y = m.group(1, 2, 3)
        first, second = int(a), int(b)
        if first > 12 or (day_first and second <= 12):
            d, mo = a, b
        else:
            d, mo = b, a
        clock = m.groups()[3:]
    else:
        return None
    year = int(y) if len(y) == 4 else 2000 + int(y)
    hour, minute, second, fraction, meridiem = clock
    h = int(hour or 0)
    if meridiem:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if meridiem[0] in "Pp" else 0)
    try:
        return datetime(year, int(mo), int(d), h, int(minute or 0), int(second or 0),
                        int((fraction or "0").ljust(6, "0")))
    except ValueError:
        return None


# An address as people write one and mail programs take it (RFC 5321/5322, simplified):
# a dot-atom of ASCII letters, digits and !#$%&'*+-/=?^_`{|}~ before the one @ (a
# non-ASCII local part cannot be written in a header without SMTPUTF8), a host name
# after it (letters of any language, then written in IDNA), a top-level domain of two
# letters or more. Never a control, format or separator character, never whitespace.
_ATEXT = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                   "!#$%&'*+-/=?^_`{|}~")


def visible(text: str) -> str:
    """`text` with every character that is not printable written as <U+XXXX>, so a
    message can name a value holding a line break or an escape and stay one line."""
    return "".join(ch if ch.isprintable() else f"<U+{ord(ch):04X}>" for ch in text)


def _host_label(label: str) -> str | None:
    """The label as written in a header (IDNA for letters beyond ASCII), or None."""
    if not 1 <= len(label) <= 63 or label[0] == "-" or label[-1] == "-":
        return None
    if not all(ch.isalnum() or ch == "-" for ch in label):
        return None
    if label.isascii():
        return label
    try:
        encoded = label.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return encoded if 1 <= len(encoded) <= 63 else None


def email_ascii(value: str) -> str | None:
    """`value` as a header carries it (the domain in IDNA), or None if it is not a
    plausible single address."""
    if not value or len(value) > 254 or value.count("@") != 1:
        return None
    if any(unicodedata.category(ch)[0] in "CZ" or ch.isspace() for ch in value):
        return None
    local, _at, domain = value.partition("@")
    if not 1 <= len(local) <= 64 or local[0] == "." or local[-1] == "." or ".." in local:
        return None
    if not all(ch in _ATEXT or ch == "." for ch in local):
        return None
    labels = [_host_label(label) for label in domain.split(".")]
    if len(labels) < 2 or None in labels:
        return None
    tld = domain.rsplit(".", 1)[1]
    if not ((tld.isalpha() and len(tld) >= 2) or tld.lower().startswith("xn--")):
        return None
    host = ".".join(labels)  # type: ignore[arg-type]
    return f"{local}@{host}" if len(host) <= 253 else None


def parse_email(text: str | None) -> str | None:
    """A plausible single e-mail address, or None for empty input."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    if email_ascii(value) is None:
        raise InputError("err.bad_email", value=visible(value))
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
