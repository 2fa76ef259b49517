"""The municipality register (every Norwegian municipality, read-only for the user).
Reached as `store.register`."""

from __future__ import annotations

from sqlmodel import Session, select

from facilitator.domain import municipality_matches, norwegian_key
from facilitator.errors import ValidationError
from facilitator.models import Municipality
from facilitator.storage.part import Part, live
from facilitator.store import reads


class Register(Part):
    @reads
    def list(self, s: Session) -> list[Municipality]:
        """Every municipality, in Norwegian alphabetical order."""
        return sorted(s.exec(live(Municipality)).all(), key=lambda m: norwegian_key(m.name))

    @reads
    def get(self, s: Session, number_or_id: str) -> Municipality:
        """One municipality by its number ("1868") or id; a ValidationError otherwise."""
        row = s.exec(
            select(Municipality).where(
                (Municipality.number == number_or_id) | (Municipality.id == number_or_id)
            )
        ).first()
        if row is None:
            raise ValidationError("municipality", "err.unknown_municipality", value=number_or_id)
        return row

    def search(self, query: str, limit: int = 20) -> list[Municipality]:
        """Type-ahead by number or name, case- and æøå-insensitive ("okses" → Øksnes)."""
        return municipality_matches(query, self.list(), limit)
