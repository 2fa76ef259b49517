"""What every room of the store shares: its store, its clock, live rows, the checks
of input (`required`, `check_range`, and `check_text_lengths` before every flush).

Its methods take their session from `store.reads` / `store.writes` (in
`facilitator/store.py`, with the rest of the transaction rules).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, select

from facilitator.errors import ValidationError
from facilitator.models import utcnow

if TYPE_CHECKING:
    from facilitator.store import Store

M = TypeVar("M")


class Part:
    """One aggregate's reads and writes; `store` is the facade it belongs to."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _now(self) -> Any:
        return (self.store._now or utcnow)()  # noqa: SLF001 - the store's clock

    def _touch(self, row: Any) -> None:
        row.updated_at = self._now()

    def _get(self, s: Session, model: type[M], row_id: str, what: str = "") -> M:
        return self.store._get(s, model, row_id, what)  # noqa: SLF001

    def _delete(self, s: Session, model: type, row_id: str, what: str) -> Any:
        """Soft-delete one row (a tombstone that a later sync carries)."""
        row = self._get(s, model, row_id, what)
        row.deleted_at = self._now()
        self._touch(row)
        return row


def required(field: str, text: str, label: str) -> str:
    """`text` stripped, or a "required" message at `field` naming its label (an i18n key)."""
    from facilitator.i18n import t

    if not text.strip():
        raise ValidationError(field, "err.required", field=t(label))
    return text.strip()


def live(model: type[M]) -> Any:
    """`SELECT … FROM model` of the rows not deleted (soft delete: `deleted_at`)."""
    return select(model).where(model.deleted_at.is_(None))  # type: ignore[attr-defined]


def check_range(start: date | None, end: date | None, field: str = "end_date") -> None:
    """An end before its start is refused at `field`."""
    if start and end and end < start:
        raise ValidationError(field, "err.end_before_start")


def check_text_lengths(session: Session, _context: Any, _instances: Any) -> None:
    """Before every flush: no text longer than its field takes (`facilitator.limits`),
    whatever the path (a form, the command line, an import, the demo).

    A new row has all its texts checked, a changed row only the columns changed: a
    row stored before the limits existed can still be deleted or partly edited.
    """
    from facilitator.limits import COLUMNS

    for obj, new in [*((o, True) for o in session.new), *((o, False) for o in session.dirty)]:
        table = getattr(obj, "__tablename__", None)
        for (name, column), field in COLUMNS.items():
            if name != table:
                continue
            value = getattr(obj, column, None)
            if not isinstance(value, str):
                continue
            if not new and not sa.inspect(obj).attrs[column].history.has_changes():
                continue
            check_length(field, value, obj.question_id if field == "comment" else field)


def check_length(field: str, value: str, where: str) -> None:
    """A text longer than `field` takes (`facilitator.limits`) is refused at `where`."""
    from facilitator.i18n import t
    from facilitator.limits import count_text, too_long

    over = too_long(field, value)
    if over is not None:
        raise ValidationError(where, "err.too_long", what=t(f"limit.what.{field}"),
                              n=count_text(over[0]), max=count_text(over[1]))
