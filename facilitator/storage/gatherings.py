"""Gatherings (samlinger): their themes and who came. Reached as `store.gatherings`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date as Date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from facilitator import records
from facilitator.domain import MAX_SEQ, GatheringKind, norwegian_key
from facilitator.errors import ValidationError
from facilitator.models import (
    Attendance,
    Gathering,
    GatheringTheme,
    HomeWork,
    Municipality,
    Network,
    Participant,
    Theme,
    new_id,
    utcnow,
)
from facilitator.storage.part import Part, check_range, live, required
from facilitator.store import reads, writes

EDITABLE = frozenset({"seq", "kind", "title", "date", "end_date", "place", "notes"})



def check_seq(seq: int) -> None:
    """A gathering number: a whole number from 1 to MAX_SEQ."""
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise ValidationError("seq", "gform.err.seq", value=seq)
    if seq > MAX_SEQ:
        raise ValidationError("seq", "gform.err.seq_max", value=seq, max=MAX_SEQ)


class Gatherings(Part):
    # ---------------------------------------------------------------- gatherings

    @writes
    def create(self, s: Session, network_id: str, *, date: Date, seq: int | None = None,
               kind: str | GatheringKind = GatheringKind.NETWORK, title: str = "",
               end_date: Date | None = None, place: str = "", notes: str = "",
               theme_ids: Sequence[str] = ()) -> Gathering:
        if date is None:
            required("date", "", "field.date")
        kind = GatheringKind(kind).value
        check_range(date, end_date, field="end_date")
        if seq is not None:
            check_seq(seq)
        self._get(s, Network, network_id, "network")
        taken = set(s.exec(select(Gathering.seq).where(
            Gathering.network_id == network_id, Gathering.deleted_at.is_(None))).all())
        number = seq if seq is not None else (max(taken) + 1 if taken else 1)
        if number in taken:
            raise ValidationError("seq", "err.duplicate_sequence", seq=number)
        g = Gathering(network_id=network_id, seq=number, kind=kind, title=title.strip(),
                      date=date, end_date=end_date, place=place.strip(), notes=notes)
        s.add(g)
        s.flush()
        self.set_links(s, GatheringTheme, "gathering_id", g.id, theme_ids)
        return g

    @writes
    def update(self, s: Session, gathering_id: str, *, theme_ids: Sequence[str] | None = None,
               **fields: Any) -> Gathering:
        if set(fields) - EDITABLE:
            raise TypeError(f"unknown fields: {sorted(set(fields) - EDITABLE)}")
        if "kind" in fields:
            fields["kind"] = GatheringKind(fields["kind"]).value
        if "date" in fields and fields["date"] is None:
            required("date", "", "field.date")
        if "seq" in fields:
            check_seq(fields["seq"])
        g = self._get(s, Gathering, gathering_id, "gathering")
        if "seq" in fields and fields["seq"] != g.seq:
            clash = s.exec(select(Gathering.id).where(
                Gathering.network_id == g.network_id, Gathering.seq == fields["seq"],
                Gathering.deleted_at.is_(None))).first()
            if clash:
                raise ValidationError("seq", "err.duplicate_sequence", seq=fields["seq"])
        for key, value in fields.items():
            setattr(g, key, value.strip() if key in ("title", "place") else value)
        check_range(g.date, g.end_date, field="end_date")
        self._touch(g)
        if theme_ids is not None:
            self.set_links(s, GatheringTheme, "gathering_id", g.id, theme_ids)
        return g

    @writes
    def delete(self, s: Session, gathering_id: str) -> None:
        """Soft-delete a gathering and the home work given at it (its
        attendance and evaluation go with it: they are reached only through it)."""
        now = self._delete(s, Gathering, gathering_id, "gathering").deleted_at
        for a in s.exec(live(HomeWork)
                        .where(HomeWork.gathering_id == gathering_id)).all():
            a.deleted_at = now
            self._touch(a)

    @reads
    def get(self, s: Session, gathering_id: str) -> Gathering:
        return self._get(s, Gathering, gathering_id, "gathering")

    @reads
    def list(self, s: Session, network_id: str) -> list[Gathering]:
        return _of_network(s, network_id)

    @reads
    def rows(self, s: Session, network_id: str) -> list[records.GatheringRow]:
        """The network's gatherings by number, with how many were marked and present."""
        counts = {
            gid: (present or 0, marked)
            for gid, present, marked in s.exec(
                select(Attendance.gathering_id,
                       sa.func.sum(sa.case((Attendance.present.is_(True), 1), else_=0)),
                       sa.func.count(Attendance.id))
                .join(Gathering, Gathering.id == Attendance.gathering_id)
                .where(Gathering.network_id == network_id, Attendance.deleted_at.is_(None))
                .group_by(Attendance.gathering_id)
            ).all()
        }
        return [records.GatheringRow(
                    id=g.id, seq=g.seq, kind=g.kind, title=g.title, date=g.date,
                    end_date=g.end_date, place=g.place,
                    present=counts.get(g.id, (0, 0))[0], marked=counts.get(g.id, (0, 0))[1])
                for g in _of_network(s, network_id)]

    # ---------------------------------------------------------------- themes

    @writes
    def add_theme(self, s: Session, network_id: str, name: str) -> Theme:
        """Add a theme to the network's list, or return the existing one of that name."""
        name = required("theme", name, "field.name")
        for th in s.exec(live(Theme).where(Theme.network_id == network_id)).all():
            if th.name.casefold() == name.casefold():
                return th
        th = Theme(network_id=network_id, name=name)
        s.add(th)
        return th

    @reads
    def themes(self, s: Session, network_id: str) -> list[Theme]:
        return _themes(s, network_id)

    @writes
    def rename_theme(self, s: Session, theme_id: str, name: str) -> Theme:
        name = required("theme", name, "field.name")
        th = self._get(s, Theme, theme_id, "theme")
        th.name = name
        self._touch(th)
        return th

    @writes
    def delete_theme(self, s: Session, theme_id: str) -> None:
        self._delete(s, Theme, theme_id, "theme")

    @reads
    def theme_ids(self, s: Session, gathering_id: str) -> list[str]:
        return list(s.exec(select(GatheringTheme.theme_id).where(
            GatheringTheme.gathering_id == gathering_id,
            GatheringTheme.deleted_at.is_(None))).all())

    @reads
    def theme_matrix(self, s: Session, network_id: str) -> records.ThemeMatrix:
        """Gatherings × themes, like the table in the 2008 quality-programme report."""
        gatherings = _of_network(s, network_id)
        ids = [g.id for g in gatherings]
        links = s.exec(select(GatheringTheme.gathering_id, GatheringTheme.theme_id).where(
            GatheringTheme.gathering_id.in_(ids), GatheringTheme.deleted_at.is_(None)
        )).all() if ids else []
        return records.ThemeMatrix(
            gatherings=[(g.id, g.seq, g.title, g.date) for g in gatherings],
            themes=[(th.id, th.name) for th in _themes(s, network_id)],
            cells=frozenset((g, th) for g, th in links),
        )

    def set_links(self, s: Session, model: type, owner_field: str, owner_id: str,
                  theme_ids: Iterable[str]) -> None:
        """The themes of a gathering or a meeting become `theme_ids` (links kept,
        added, or soft-deleted)."""
        wanted = list(dict.fromkeys(theme_ids))
        have: dict[str, Any] = {}
        for link in s.exec(select(model).where(getattr(model, owner_field) == owner_id)).all():
            if link.deleted_at is None and link.theme_id in wanted:
                have[link.theme_id] = link
            elif link.deleted_at is None:
                link.deleted_at = self._now()
                self._touch(link)
        for theme_id in wanted:
            if theme_id not in have:
                self._get(s, Theme, theme_id, "theme")
                s.add(model(**{owner_field: owner_id, "theme_id": theme_id}))

    # ---------------------------------------------------------------- attendance

    @writes
    def set_attendance(self, s: Session, gathering_id: str, participant_id: str,
                       present: bool) -> None:
        self._mark(s, gathering_id, {participant_id: present})

    @writes
    def set_municipality_attendance(self, s: Session, gathering_id: str,
                                    municipality_id: str, present: bool) -> int:
        """Mark every active participant of a municipality present/absent. Returns the count."""
        g = self._get(s, Gathering, gathering_id, "gathering")
        people = s.exec(select(Participant.id).where(
            Participant.network_id == g.network_id,
            Participant.municipality_id == municipality_id,
            Participant.deleted_at.is_(None), Participant.active.is_(True))).all()
        self._mark(s, gathering_id, dict.fromkeys(people, present))
        return len(people)

    @writes
    def set_gathering_attendance(self, s: Session, gathering_id: str,
                                 marks: Mapping[str, bool]) -> None:
        """Mark many at once: participant id → present (the others stay as they are)."""
        self._mark(s, gathering_id, marks)

    def _mark(self, s: Session, gathering_id: str, marks: Mapping[str, bool]) -> None:
        """One read of the gathering's marks, then one Core insert of the new ones and one
        update of those that changed (SQLAlchemy Core: no ORM objects per mark)."""
        have = {pid: (row_id, was) for row_id, pid, was in s.exec(
            select(Attendance.id, Attendance.participant_id, Attendance.present).where(
                Attendance.gathering_id == gathering_id, Attendance.deleted_at.is_(None)))}
        new = [pid for pid in marks if pid not in have]
        changed = [(have[pid][0], bool(present)) for pid, present in marks.items()
                   if pid in have and have[pid][1] != present]
        table = Attendance.__table__  # type: ignore[attr-defined]
        conn = s.connection()
        if new:
            self._get(s, Gathering, gathering_id, "gathering")
            now = utcnow()
            conn.execute(sa.insert(table), [
                {"id": new_id(), "created_at": now, "updated_at": now, "deleted_at": None,
                 "gathering_id": gathering_id, "participant_id": pid,
                 "present": bool(marks[pid])} for pid in new])
        if changed:
            conn.execute(table.update().where(table.c.id == sa.bindparam("row_id"))
                         .values(present=sa.bindparam("now_present"), updated_at=self._now()),
                         [{"row_id": row_id, "now_present": present}
                          for row_id, present in changed])

    @reads
    def attendance(self, s: Session, gathering_id: str) -> dict[str, bool]:
        """participant id → present, for everyone marked at this gathering."""
        return dict(s.exec(select(Attendance.participant_id, Attendance.present).where(
            Attendance.gathering_id == gathering_id, Attendance.deleted_at.is_(None))).all())

    @reads
    def attendance_counts(self, s: Session, gathering_id: str
                          ) -> list[records.AttendanceCount]:
        """Present people per municipality and role (anonymous, erased people included)."""
        rows = s.exec(
            select(Municipality.name, Participant.role, sa.func.count(Attendance.id))
            .join(Participant, Participant.id == Attendance.participant_id)
            .join(Municipality, Municipality.id == Participant.municipality_id)
            .where(Attendance.gathering_id == gathering_id, Attendance.present.is_(True),
                   Attendance.deleted_at.is_(None))
            .group_by(Municipality.name, Participant.role)
        ).all()
        out = [records.AttendanceCount(m, r, n) for m, r, n in rows]
        return sorted(out, key=lambda c: (norwegian_key(c.municipality), c.role))


def _of_network(s: Session, network_id: str) -> list[Gathering]:
    return list(s.exec(live(Gathering).where(Gathering.network_id == network_id)
                       .order_by(Gathering.seq)).all())


def _themes(s: Session, network_id: str) -> list[Theme]:
    return sorted(s.exec(live(Theme).where(Theme.network_id == network_id)).all(),
                  key=lambda th: norwegian_key(th.name))
