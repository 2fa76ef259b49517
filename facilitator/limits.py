"""How much text a field takes: what no user writes is refused.

A limit per kind of field: short names and titles take `SHORT` characters, lines that
list people or addresses `LINE`, an evaluation question `QUESTION`, and the free text
of notes, summaries, decisions, follow-ups, descriptions and comments `TEXT`. The
numbers are far above anything written by hand (a page of A4 is about 3,000
characters) and far below what freezes a list or a summary.

The limits hold in two places. A form refuses an edit (a key, a paste) that would make
a field longer than its limit, with a message at the field
(`facilitator.widgets.limited`). The store refuses to write a longer text by any path
(a form, the command line, an import, the demo): `ValidationError` naming the field
(`COLUMNS` maps each table column to its field).
"""

from __future__ import annotations

SHORT = 200
LINE = 1_000
QUESTION = 500
TEXT = 20_000
EMAIL = 254  # the longest address SMTP carries

# A form field's name (FieldBox.field, ValidationError.field) → its limit.
FIELDS: dict[str, int] = {
    "name": SHORT,
    "title": SHORT,
    "place": SHORT,
    "county": SHORT,
    "cohort": SHORT,
    "theme": SHORT,
    "email": EMAIL,
    "advisers": LINE,
    "contact_emails": LINE,
    "text_nb": QUESTION,
    "text_en": QUESTION,
    "description": TEXT,
    "notes": TEXT,
    "summary": TEXT,
    "decisions": TEXT,
    "follow_ups": TEXT,
    "note": TEXT,
    "comment": TEXT,
}

# (table, column) → the field it is entered in. A text answer's field is its question
# (the typed entry shows the error at that question): "comment" stands for it here.
COLUMNS: dict[tuple[str, str], str] = {
    ("network", "name"): "name",
    ("network", "description"): "description",
    ("network", "county"): "county",
    ("network", "advisers"): "advisers",
    ("network", "contact_emails"): "contact_emails",
    ("participant", "name"): "name",
    ("participant", "email"): "email",
    ("membership", "cohort"): "cohort",
    ("theme", "name"): "theme",
    ("gathering", "title"): "title",
    ("gathering", "place"): "place",
    ("gathering", "notes"): "notes",
    ("homework", "title"): "title",
    ("homework", "description"): "description",
    ("homeworkstatus", "note"): "note",
    ("municipalitymeeting", "place"): "place",
    ("municipalitymeeting", "summary"): "summary",
    ("municipalitymeeting", "decisions"): "decisions",
    ("municipalitymeeting", "follow_ups"): "follow_ups",
    ("evaluationquestion", "text_nb"): "text_nb",
    ("evaluationquestion", "text_en"): "text_en",
    ("gatheringquestion", "text_nb"): "text_nb",
    ("gatheringquestion", "text_en"): "text_en",
    ("answer", "text"): "comment",
}


def limit_for(field: str, *, multiline: bool = False) -> int:
    """The limit of a form field; a field not listed takes `SHORT` on one line and
    `TEXT` on several."""
    return FIELDS.get(field, TEXT if multiline else SHORT)


def count_text(n: int) -> str:
    """A count as the user's language writes it: 20 000 (bokmål), 20,000 (English)."""
    from facilitator.i18n import get_language

    text = f"{n:,}"
    return text if get_language() == "en" else text.replace(",", "\u00a0")


def too_long(field: str, value: str, *, multiline: bool = False) -> tuple[int, int] | None:
    """(length, limit) when `value` is longer than the field takes, else None."""
    limit = limit_for(field, multiline=multiline)
    return (len(value), limit) if len(value) > limit else None
