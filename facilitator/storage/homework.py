"""Home work: assignments given at a gathering, and each member municipality's status.
Reached as `store.homework`."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from facilitator import records
from facilitator.domain import AssignmentState
from facilitator.errors import ValidationError
from facilitator.models import AssignmentStatus, Gathering, HomeAssignment
from facilitator.storage.part import Part, live, required
from facilitator.store import reads, writes

EDITABLE = frozenset({"title", "description", "due_date", "gathering_id"})



class Homework(Part):
    @writes
    def give(self, s: Session, network_id: str, gathering_id: str, title: str, *,
             description: str = "", due_date: date | None = None) -> HomeAssignment:
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
        row = HomeAssignment(network_id=network_id, gathering_id=gathering_id, title=title,
                             description=description, due_date=due)
        s.add(row)
        return row

    @writes
    def update(self, s: Session, assignment_id: str, **fields: Any) -> HomeAssignment:
        if set(fields) - EDITABLE:
            raise TypeError(f"unknown fields: {sorted(set(fields) - EDITABLE)}")
        if "title" in fields:
            fields["title"] = required("title", fields["title"], "field.title")
        row = self._get(s, HomeAssignment, assignment_id, "assignment")
        for key, value in fields.items():
            setattr(row, key, value)
        given = self._get(s, Gathering, row.gathering_id, "gathering")
        if row.due_date is not None and row.due_date < given.date:
            raise ValidationError("due_date", "err.end_before_start")
        self._touch(row)
        return row

    @writes
    def delete(self, s: Session, assignment_id: str) -> None:
        self._delete(s, HomeAssignment, assignment_id, "assignment")

    @reads
    def list(self, s: Session, network_id: str) -> list[HomeAssignment]:
        rows = s.exec(
            select(HomeAssignment, Gathering.seq)
            .join(Gathering, Gathering.id == HomeAssignment.gathering_id)
            .where(HomeAssignment.network_id == network_id,
                   HomeAssignment.deleted_at.is_(None))
        ).all()
        return [a for a, _ in sorted(rows, key=lambda r: (r[1], r[0].created_at))]

    @writes
    def set_status(self, s: Session, assignment_id: str, municipality_id: str,
                   status: str | AssignmentState, *, note: str | None = None,
                   status_date: date | None = None) -> records.StatusChange:
        """Set one municipality's status; returns the previous state so it can be undone."""
        status = AssignmentState(status).value
        self._get(s, HomeAssignment, assignment_id, "assignment")
        row = _status(s, assignment_id, municipality_id)
        before = records.StatusChange(
            assignment_id=assignment_id, municipality_id=municipality_id,
            status=row.status if row else None, note=row.note if row else "",
            status_date=row.status_date if row else None,
        )
        if row is None:
            row = AssignmentStatus(assignment_id=assignment_id, municipality_id=municipality_id)
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
        row = _status(s, change.assignment_id, change.municipality_id)
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
                 ) -> dict[tuple[str, str], AssignmentStatus]:
        """(assignment id, municipality id) → status row, for the network's home work."""
        rows = s.exec(
            live(AssignmentStatus)
            .join(HomeAssignment, HomeAssignment.id == AssignmentStatus.assignment_id)
            .where(HomeAssignment.network_id == network_id,
                   HomeAssignment.deleted_at.is_(None))
        ).all()
        return {(r.assignment_id, r.municipality_id): r for r in rows}


def _status(s: Session, assignment_id: str, municipality_id: str) -> AssignmentStatus | None:
    return s.exec(live(AssignmentStatus)
                  .where(AssignmentStatus.assignment_id == assignment_id,
                         AssignmentStatus.municipality_id == municipality_id)).first()
