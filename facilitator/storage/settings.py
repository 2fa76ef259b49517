"""Settings: small named values of this database (the language chosen, ...).
Reached as `store.settings`."""

from __future__ import annotations

from sqlmodel import Session, select

from facilitator.models import Setting
from facilitator.storage.part import Part
from facilitator.store import reads, writes


class Settings(Part):
    @reads
    def get(self, s: Session, key: str, default: str | None = None) -> str | None:
        row = s.exec(select(Setting).where(Setting.key == key)).first()
        return row.value if row else default

    @writes
    def set(self, s: Session, key: str, value: str) -> None:
        row = s.exec(select(Setting).where(Setting.key == key)).first()
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value
            self._touch(row)
