"""Home work: what is given at a gathering, and each member municipality's status.
Reached as `store.homework`."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from facilitator import records
from facilitator.domain import HomeWorkState
from facilitator.errors import ValidationError
from facilitator.models import Gathering, HomeWork, HomeWorkStatus
from facilitator.storage.part import Part, live, required
from facilitator.store import reads, writes

EDITABLE = frozenset({"title", "description", "due_date", "gathering_id"})



class Homework(Part):
    @writes
    def give(self, s: Session, network_id: str, gathering_id: str, title: str, *,
             description: str = "", due_date: date | None = None) -> HomeWork:
        """Give home work at a gathering; the due date defaults to the next gathering's."""
        title = required("title", title, "field.title")
        g = self._get(s, Gathering, gathering_id, "gathering")
        due = due_date
        if due is None:
            nxt = s.exec(live(Gathering)
                         .where(Gathering.network_id == network_id, Gathering.seq > g.seq)
                         .order_by(Gathering.seq)).first()
            due = nxt.date if nxt else None
        if due is not None and due < g.date:
            raise ValidationError("due_date", "err.end_before_start")
        row = HomeWork(network_id=network_id, gathering_id=gathering_id, title=title,
                             description=description, due_date=due)
        s.add(row)
        return row

    @writes
    def update(self, s: Session, homework_id: str, **fields: Any) -> HomeWork:
        if set(fields) - EDITABLE:
            raise TypeError(f"unknown fields: {sorted(set(fields) - EDITABLE)}")
        if "title" in fields:
            fields["title"] = required("title", fields["title"], "field.title")
        row = self._get(s, HomeWork, homework_id, "homework")
        for key, value in fields.items():
            setattr(row, key, value)
        given = self._get(s, Gathering, row.gathering_id, "gathering")
        if row.due_date is not None and row.due_date < given.date:
            raise ValidationError("due_date", "err.end_before_start")
        self._touch(row)
        return row

    @writes
    def delete(self, s: Session, homework_id: str) -> None:
        self._delete(s, HomeWork, homework_id, "homework")

    @reads
    def list(self, s: Session, network_id: str) -> list[HomeWork]:
        rows = s.exec(
            select(HomeWork, Gathering.seq)
            .join(Gathering, Gathering.id == HomeWork.gathering_id)
            .where(HomeWork.network_id == network_id,
                   HomeWork.deleted_at.is_(None))
        ).all()
        return [a for a, _ in sorted(rows, key=lambda r: (r[1], r[0].created_at))]

    @writes
    def set_status(self, s: Session, homework_id: str, municipality_id: str,
                   status: str | HomeWorkState, *, note: str | None = None,
                   status_date: date | None = None) -> records.StatusChange:
        """Set one municipality's status; returns the previous state so it can be undone."""
        status = HomeWorkState(status).value
        self._get(s, HomeWork, homework_id, "homework")
        row = _status(s, homework_id, municipality_id)
        before = records.StatusChange(
            homework_id=homework_id, municipality_id=municipality_id,
            status=row.status if row else None, note=row.note if row else "",
            status_date=row.status_date if row else None,
        )
        if row is None:
            row = HomeWorkStatus(homework_id=homework_id, municipality_id=municipality_id)
            s.add(row)
        row.status = status
        row.status_date = status_date or self._now().date()
        if note is not None:
            row.note = note
        self._touch(row)
        return before

    @writes
    def restore_status(self, s: Session, change: records.StatusChange) -> None:
        """Undo: put a status back as `set_status` found it."""
        row = _status(s, change.homework_id, change.municipality_id)
        if row is None:
            return
        if change.status is None:
            row.deleted_at = self._now()
        else:
            row.status = change.status
            row.note = change.note
            row.status_date = change.status_date
        self._touch(row)

    @reads
    def statuses(self, s: Session, network_id: str
                 ) -> dict[tuple[str, str], HomeWorkStatus]:
        """(home work id, municipality id) → status row, for the network's home work."""
        rows = s.exec(
            live(HomeWorkStatus)
            .join(HomeWork, HomeWork.id == HomeWorkStatus.homework_id)
            .where(HomeWork.network_id == network_id,
                   HomeWork.deleted_at.is_(None))
        ).all()
        return {(r.homework_id, r.municipality_id): r for r in rows}


def _status(s: Session, homework_id: str, municipality_id: str) -> HomeWorkStatus | None:
    return s.exec(live(HomeWorkStatus)
                  .where(HomeWorkStatus.homework_id == homework_id,
                         HomeWorkStatus.municipality_id == municipality_id)).first()
