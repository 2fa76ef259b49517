"""The cycle summary as an e-mail draft (.eml) that the adviser opens, checks and sends.

`X-Unsent: 1` and no From/Date make classic Outlook open the file as a draft to send
from the adviser's own account. The body is multipart/alternative (the Markdown as
text/plain, the HTML as text/html), the XLSX is attached under a short ASCII name.
Lines end in CRLF (policy SMTP); the subject is RFC 2047 encoded, the text parts are
quoted-printable UTF-8, so the file is 7-bit clean and æøå survive any transport.
Every recipient is checked (`recipients`): an address that is not one, a stored
contact address holding a line break ("a@example.no\nBcc: …") above all, is refused
with a message naming it, never cleaned into something else.
Stdlib only. The output is deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from email import policy
from email.message import EmailMessage

from facilitator.cycle import CycleSummary
from facilitator.errors import UserError
from facilitator.export.words import Words
from facilitator.parse import email_ascii, visible

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
MIME_TYPES = {
    "xlsx": XLSX_TYPE,
    "html": ("text", "html"),
    "md": ("text", "markdown"),
    "csv": ("text", "csv"),
    "pdf": ("application", "pdf"),
}
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "đ": "d", "ŋ": "n",
                       "ŧ": "t", "ð": "d", "þ": "th", "ł": "l", "œ": "oe"})
# CRLF line ends; 76 is the longest encoded line RFC 2045 allows (quoted-printable)
_POLICY = policy.SMTP.clone(max_line_length=76)
_SAFE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)?")


def ascii_filename(text: str, limit: int = 40, fallback: str = "nettverk") -> str:
    """A short ASCII file-name part: lower case, æøå → ae/o/a, accents dropped, runs of
    anything else → "-", only [a-z0-9-], at most `limit` characters.

    "ROBEK-nettverk Nord" → "robek-nettverk-nord"; "Bø i Vesterålen" → "bo-i-vesteralen".
    """
    folded = text.casefold().translate(_FOLD)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug[:limit].rstrip("-") or fallback


def attachment_name_for(summary: CycleSummary, ext: str) -> str:
    """The short ASCII name of an export file, e.g. "robek-nettverk-nord-samling-3.xlsx".

    The same stem for every format ("gathering" instead of "samling" in English).
    """
    word = "gathering" if summary.language == "en" else "samling"
    ext = ascii_filename(ext.lstrip("."), 10, "bin")
    return f"{ascii_filename(summary.network)}-{word}-{summary.cycle}.{ext}"


def _safe_attachment_name(name: str) -> str:
    """`name` if already short ASCII; otherwise folded like `ascii_filename`."""
    if _SAFE_NAME.fullmatch(name) and len(name) <= 80:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, "xlsx"
    return f"{ascii_filename(stem, 60, 'oppsummering')}.{ascii_filename(ext, 10, 'bin')}"


def subject_for(summary: CycleSummary) -> str:
    """"Oppsummering ROBEK-nettverk Nord – samling 3 (25.08.2026)" in the summary's language."""
    w = Words(summary.language)
    g = summary.gathering
    text = w("subject", network=summary.network, seq=g.seq, date=w.date(g.date))
    # a header is one line: line breaks and control characters become spaces
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


class RecipientError(UserError, ValueError):
    """An address the draft cannot carry in its To header. `message()` names it (with
    any line break or control character in it made visible) and whose it is: one of
    the network's stored contact addresses, or a recipient given for this export."""

    def __init__(self, address: str, network: str | None = None) -> None:
        if network is None:
            super().__init__("export.err.bad_recipient", address=visible(address))
        else:
            super().__init__("export.err.bad_contact", address=visible(address),
                             network=visible(network))
        self.address = address
        self.network = network


def recipients(summary: CycleSummary, to: list[str] | None = None) -> list[str]:
    """The addresses of the draft's To header (a domain beyond ASCII in IDNA): those
    given, or else the network's stored contact addresses. Raises `RecipientError` for
    the first that is not a single plausible address, whatever is stored: a header
    never carries a line break or a control character."""
    if to is None:
        # stored as "a, b"; older databases may hold "a; b"
        entries = [part.strip() for e in summary.contact_emails for part in e.split(";")]
        whose: str | None = summary.network
    else:
        entries, whose = [a.strip() for a in to], None
    out = []
    for entry in entries:
        if not entry:
            continue
        header_form = email_ascii(entry)
        if header_form is None:
            raise RecipientError(entry, whose)
        out.append(header_form)
    return out


def _boundary(*parts: bytes) -> str:
    """A boundary that cannot occur in quoted-printable or base64 text ("=_" never does)."""
    digest = hashlib.sha256(b"\0".join(parts)).hexdigest()[:32]
    return f"=_facilitator_{digest}"


def render(
    summary: CycleSummary,
    *,
    html: str,
    text: str,
    attachment: bytes | None,
    attachment_name: str,
    to: list[str] | None = None,
) -> bytes:
    """The .eml draft: headers, text + HTML alternatives, the attachment (if any)."""
    msg = EmailMessage(policy=_POLICY)
    msg["X-Unsent"] = "1"
    addresses = recipients(summary, to)
    if addresses:
        msg["To"] = ", ".join(addresses)
    msg["Subject"] = subject_for(summary)
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    alternative = msg
    if attachment is not None:
        maintype, subtype = MIME_TYPES.get(attachment_name.rpartition(".")[2].lower(),
                                           XLSX_TYPE)
        msg.add_attachment(attachment, maintype=maintype, subtype=subtype,
                           filename=_safe_attachment_name(attachment_name))
        alternative = msg.get_payload()[0]
        msg.set_boundary(_boundary(b"mixed", text.encode(), html.encode(), attachment))
    alternative.set_boundary(_boundary(b"alternative", text.encode(), html.encode()))
    return msg.as_bytes(policy=_POLICY)
