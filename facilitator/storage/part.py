"""What every room of the store shares: its store, its clock, live rows.

Its methods take their session from `store.reads` / `store.writes` (in
`facilitator/store.py`, with the rest of the transaction rules).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from sqlmodel import Session, select

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
    from facilitator.store import ValidationError

    if not text.strip():
        raise ValidationError(field, "err.required", field=t(label))
    return text.strip()


def live(model: type[M]) -> Any:
    """`SELECT … FROM model` of the rows not deleted (soft delete: `deleted_at`)."""
    return select(model).where(model.deleted_at.is_(None))  # type: ignore[attr-defined]
