"""What of a text may be shown: never a password, never a terminal escape.

`redact` hides the password of every database URL in a text ("postgresql://fac:***@
host/db"), also inside an error message from SQLAlchemy or a driver that quotes the
URL, and `password=…` settings of a connection string. `printable` also shows control
characters, bidirectional overrides and lone surrogates as visible symbols, the way the
app shows stored text (`facilitator.text.clean`), for the command line.
The standard library only on the common path: SQLAlchemy is never imported to redact.
"""

from __future__ import annotations

import re

_URL_PASSWORD = re.compile(r"(?P<head>(?:\b[A-Za-z][A-Za-z0-9+.\-]*)?://[^\s:/?#@'\"]*):"
                           r"(?P<password>[^\s/'\"]*)@")
_SETTING_PASSWORD = re.compile(r"(?i)(?P<head>\b(?:password|passwd|pwd)\s*=\s*)"
                               r"(?P<password>'[^']*'|\"[^\"]*\"|[^\s&;,)]*[^\s&;,):])")
HIDDEN = "***"

# What `clean` would change: C0 controls but tab and newline, DEL and C1 controls,
# bidirectional overrides and isolates, lone surrogates.
_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                             "\ud800-\udfff]")


def redact(text: str) -> str:
    """`text` with every password of a URL or connection setting replaced by ***."""
    if "://" not in text and "=" not in text:
        return text
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}:{HIDDEN}@", text)
    return _SETTING_PASSWORD.sub(lambda m: f"{m['head']}{HIDDEN}", text)


def printable(text: object, *, single_line: bool = False) -> str:
    """`text` safe to print on a terminal: redacted, and control characters shown as
    the app shows them (ESC as ␛, NUL as ␀, U+202E as <U+202E>)."""
    text = redact(str(text))
    if _NEEDS_CLEANING.search(text) or (single_line and ("\n" in text or "\t" in text)):
        from facilitator.text import clean

        return clean(text, single_line=single_line)
    return text
