"""Meetings in the municipalities between gatherings: who came, what was discussed and
decided. Reached as `store.meetings`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date as Date
from typing import Any

from sqlmodel import Session, select

from facilitator import records
from facilitator.domain import MAX_HEADCOUNT, MeetingKind, Role
from facilitator.errors import ValidationError
from facilitator.models import (
    MeetingAttendance,
    MeetingHeadcount,
    MeetingTheme,
    Municipality,
    MunicipalityMeeting,
    Participant,
)
from facilitator.storage.part import Part, live
from facilitator.store import reads, writes

EDITABLE = frozenset({"date", "kind", "place", "press_present", "summary", "decisions",
                      "follow_ups", "municipality_id"})


def check_headcounts(headcounts: dict[str, int]) -> None:
    """Counts per role at a meeting: whole numbers from 0 to MAX_HEADCOUNT."""
    for role, count in headcounts.items():
        field = f"count-{Role(role).value}"
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValidationError(field, "mform.err.count", value=count)
        if count > MAX_HEADCOUNT:
            raise ValidationError(field, "mform.err.count_big", value=count,
                                  most=MAX_HEADCOUNT)


class Meetings(Part):
    @writes
    def log(self, s: Session, network_id: str, municipality_id: str, *, date: Date,
            kind: str | MeetingKind = MeetingKind.MUNICIPALITY_MEETING, place: str = "",
            press_present: bool = False, summary: str = "", decisions: str = "",
            follow_ups: str = "", theme_ids: Sequence[str] = (),
            participant_ids: Sequence[str] = (), headcounts: dict[str, int] | None = None,
            ) -> MunicipalityMeeting:
        if date is None:
            from facilitator.i18n import t

            raise ValidationError("date", "err.required", field=t("field.date"))
        kind = MeetingKind(kind).value
        check_headcounts(headcounts or {})
        self.store.members.require_member(s, network_id, municipality_id)
        m = MunicipalityMeeting(
            network_id=network_id, municipality_id=municipality_id, date=date, kind=kind,
            place=place.strip(), press_present=press_present, summary=summary,
            decisions=decisions, follow_ups=follow_ups,
        )
        s.add(m)
        s.flush()
        self._set_links(s, m.id, theme_ids)
        self._set_people(s, m.id, m.network_id, participant_ids)
        self._set_headcounts(s, m.id, headcounts or {})
        return m

    @writes
    def update(self, s: Session, meeting_id: str, *, theme_ids: Sequence[str] | None = None,
               participant_ids: Sequence[str] | None = None,
               headcounts: dict[str, int] | None = None, **fields: Any) -> MunicipalityMeeting:
        if set(fields) - EDITABLE:
            raise TypeError(f"unknown fields: {sorted(set(fields) - EDITABLE)}")
        if "kind" in fields:
            fields["kind"] = MeetingKind(fields["kind"]).value
        if "place" in fields:
            fields["place"] = (fields["place"] or "").strip()
        if headcounts is not None:
            check_headcounts(headcounts)
        m = self._get(s, MunicipalityMeeting, meeting_id, "meeting")
        if fields.get("municipality_id", m.municipality_id) != m.municipality_id:
            # Only a move is checked: a meeting of a municipality that has left the
            # network can still be corrected.
            self.store.members.require_member(s, m.network_id, fields["municipality_id"])
        for key, value in fields.items():
            setattr(m, key, value)
        self._touch(m)
        if theme_ids is not None:
            self._set_links(s, m.id, theme_ids)
        if participant_ids is not None:
            self._set_people(s, m.id, m.network_id, participant_ids)
        if headcounts is not None:
            self._set_headcounts(s, m.id, headcounts)
        return m

    @writes
    def delete(self, s: Session, meeting_id: str) -> None:
        self._delete(s, MunicipalityMeeting, meeting_id, "meeting")

    @reads
    def list(self, s: Session, network_id: str) -> list[records.Meeting]:
        rows = s.exec(
            select(MunicipalityMeeting, Municipality.name)
            .join(Municipality, Municipality.id == MunicipalityMeeting.municipality_id)
            .where(MunicipalityMeeting.network_id == network_id,
                   MunicipalityMeeting.deleted_at.is_(None))
            .order_by(MunicipalityMeeting.date)
        ).all()
        ids = [m.id for m, _ in rows]
        if not ids:
            return []
        people, heads, themes = _details(s, ids)
        return [
            records.Meeting(
                id=m.id, municipality_id=m.municipality_id, municipality=name, date=m.date,
                kind=m.kind, place=m.place, press_present=m.press_present,
                summary=m.summary, decisions=m.decisions, follow_ups=m.follow_ups,
                participant_ids=tuple(pid for pid, _ in people.get(m.id, [])),
                participant_roles=tuple(role for _, role in people.get(m.id, [])),
                headcounts=dict(heads.get(m.id, {})),
                theme_ids=tuple(themes.get(m.id, [])),
            )
            for m, name in rows
        ]

    def _set_links(self, s: Session, meeting_id: str, theme_ids: Sequence[str]) -> None:
        self.store.gatherings.set_links(s, MeetingTheme, "meeting_id", meeting_id, theme_ids)

    def _set_people(self, s: Session, meeting_id: str, network_id: str,
                    participant_ids: Sequence[str]) -> None:
        wanted = set(participant_ids)
        for row in s.exec(live(MeetingAttendance)
                          .where(MeetingAttendance.meeting_id == meeting_id)).all():
            if row.participant_id in wanted:
                wanted.discard(row.participant_id)
            else:
                row.deleted_at = self._now()
        for pid in wanted:
            person = self._get(s, Participant, pid, "participant")
            if person.network_id != network_id:
                raise ValidationError("participant_ids", "err.not_found", what="participant")
            s.add(MeetingAttendance(meeting_id=meeting_id, participant_id=pid))

    def _set_headcounts(self, s: Session, meeting_id: str, headcounts: dict[str, int]) -> None:
        for row in s.exec(live(MeetingHeadcount)
                          .where(MeetingHeadcount.meeting_id == meeting_id)).all():
            row.deleted_at = self._now()
        for role, count in headcounts.items():
            if count and count > 0:
                s.add(MeetingHeadcount(meeting_id=meeting_id, role=Role(role).value,
                                       count=int(count)))


def _details(s: Session, ids: list[str]) -> tuple[dict[str, list[tuple[str, str]]],
                                                  dict[str, dict[str, int]],
                                                  dict[str, list[str]]]:
    """Who came (id, role), the headcounts per role and the themes of these meetings."""
    people: dict[str, list[tuple[str, str]]] = {}
    for mid, pid, role in s.exec(
        select(MeetingAttendance.meeting_id, Participant.id, Participant.role)
        .join(Participant, Participant.id == MeetingAttendance.participant_id)
        .where(MeetingAttendance.meeting_id.in_(ids), MeetingAttendance.deleted_at.is_(None))
    ).all():
        people.setdefault(mid, []).append((pid, role))
    heads: dict[str, dict[str, int]] = {}
    for mid, role, count in s.exec(
        select(MeetingHeadcount.meeting_id, MeetingHeadcount.role, MeetingHeadcount.count)
        .where(MeetingHeadcount.meeting_id.in_(ids), MeetingHeadcount.deleted_at.is_(None))
    ).all():
        heads.setdefault(mid, {})[role] = count
    themes: dict[str, list[str]] = {}
    for mid, tid in s.exec(
        select(MeetingTheme.meeting_id, MeetingTheme.theme_id)
        .where(MeetingTheme.meeting_id.in_(ids), MeetingTheme.deleted_at.is_(None))
    ).all():
        themes.setdefault(mid, []).append(tid)
    return people, heads, themes
