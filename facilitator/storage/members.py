"""The network's member municipalities and their participants (people and roles).
Reached as `store.members`."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from facilitator import records
from facilitator.domain import Role, norwegian_key
from facilitator.errors import ValidationError
from facilitator.models import Membership, Municipality, Network, Participant
from facilitator.parse import InputError, parse_email
from facilitator.storage.part import Part, live, required
from facilitator.store import reads, writes

MEMBER_FIELDS = frozenset({"cohort", "joined_on", "left_on"})
PERSON_FIELDS = frozenset({"name", "role", "email", "municipality_id", "active"})



def _email(text: str | None) -> str | None:
    try:
        return parse_email(text)
    except InputError as exc:
        raise ValidationError("email", exc.key, **exc.params) from exc


class Members(Part):
    # ---------------------------------------------------------------- municipalities

    def add(self, network_id: str, municipality: str, *, cohort: str = "",
            joined_on: date | None = None) -> Membership:
        return self._add(network_id, self.store.register.get(municipality), cohort,
                         joined_on)

    @writes
    def _add(self, s: Session, network_id: str, mun: Municipality, cohort: str,
             joined_on: date | None) -> Membership:
        self._get(s, Network, network_id, "network")
        if s.exec(live(Membership).where(Membership.network_id == network_id,
                                         Membership.municipality_id == mun.id)).first():
            raise ValidationError("municipality", "err.duplicate_member", name=mun.name)
        row = Membership(network_id=network_id, municipality_id=mun.id, cohort=cohort.strip(),
                         joined_on=joined_on)
        s.add(row)
        return row

    @writes
    def update(self, s: Session, membership_id: str, **fields: Any) -> Membership:
        if set(fields) - MEMBER_FIELDS:
            raise TypeError(f"unknown fields: {sorted(set(fields) - MEMBER_FIELDS)}")
        row = self._get(s, Membership, membership_id, "membership")
        for key, value in fields.items():
            setattr(row, key, value.strip() if isinstance(value, str) else value)
        if row.joined_on and row.left_on and row.left_on < row.joined_on:
            raise ValidationError("left_on", "err.end_before_start")
        self._touch(row)
        return row

    @writes
    def remove(self, s: Session, membership_id: str) -> None:
        self._delete(s, Membership, membership_id, "membership")

    @reads
    def list(self, s: Session, network_id: str) -> list[records.Member]:
        rows = s.exec(select(Membership, Municipality)
                      .join(Municipality, Municipality.id == Membership.municipality_id)
                      .where(Membership.network_id == network_id,
                             Membership.deleted_at.is_(None))).all()
        counts = dict(s.exec(
            select(Participant.municipality_id, sa.func.count(Participant.id))
            .where(Participant.network_id == network_id, Participant.deleted_at.is_(None),
                   Participant.active.is_(True))
            .group_by(Participant.municipality_id)).all())
        members = [records.Member(membership_id=m.id, municipality_id=mun.id,
                                  number=mun.number, name=mun.name, county=mun.county_name,
                                  cohort=m.cohort, joined_on=m.joined_on, left_on=m.left_on,
                                  participants=counts.get(mun.id, 0))
                   for m, mun in rows]
        return sorted(members, key=lambda m: norwegian_key(m.name))

    def require_member(self, s: Session, network_id: str, municipality_id: str) -> None:
        """Refuse (at the municipality field) one that is not a member of the network."""
        if s.exec(select(Membership.id).where(
                Membership.network_id == network_id,
                Membership.municipality_id == municipality_id,
                Membership.deleted_at.is_(None))).first() is None:
            raise ValidationError("municipality", "err.not_member")

    # ---------------------------------------------------------------- participants

    @writes
    def add_participant(self, s: Session, network_id: str, municipality_id: str, name: str,
                        role: str | Role = Role.OTHER, email: str | None = None
                        ) -> Participant:
        name, role, email = required("name", name, "field.name"), Role(role).value, _email(email)
        self.require_member(s, network_id, municipality_id)
        row = Participant(network_id=network_id, municipality_id=municipality_id, name=name,
                          role=role, email=email)
        s.add(row)
        return row

    @writes
    def update_participant(self, s: Session, participant_id: str, **fields: Any
                           ) -> Participant:
        if set(fields) - PERSON_FIELDS:
            raise TypeError(f"unknown fields: {sorted(set(fields) - PERSON_FIELDS)}")
        if "name" in fields:
            fields["name"] = required("name", fields["name"], "field.name")
        if "role" in fields:
            fields["role"] = Role(fields["role"]).value
        if "email" in fields:
            fields["email"] = _email(fields["email"])
        row = self._get(s, Participant, participant_id, "participant")
        if "municipality_id" in fields:
            self.require_member(s, row.network_id, fields["municipality_id"])
        for key, value in fields.items():
            setattr(row, key, value)
        self._touch(row)
        return row

    def move_participant(self, participant_id: str, municipality_id: str) -> Participant:
        return self.update_participant(participant_id, municipality_id=municipality_id)

    def deactivate_participant(self, participant_id: str, active: bool = False) -> Participant:
        return self.update_participant(participant_id, active=active)

    def erase_participant(self, participant_id: str) -> None:
        """Remove a person: their name and e-mail are erased from the file itself.

        The row stays (without personal data) so attendance remains as anonymous
        counts by municipality and role. SQLite's secure_delete zeroes freed space and
        a WAL checkpoint removes older copies of the page from the log. Drafts that
        name the person (their id, name or e-mail) are deleted in the same transaction.
        """
        self._erase(participant_id)
        self.store.files.checkpoint_after_write()

    @writes
    def _erase(self, s: Session, participant_id: str) -> None:
        row = self._get(s, Participant, participant_id, "participant")
        self.store.drafts.discard_naming(s, row.id, row.name, row.email)
        row.name = ""
        row.email = None
        row.active = False
        row.erased_at = self._now()
        row.deleted_at = self._now()
        self._touch(row)

    @reads
    def participants(self, s: Session, network_id: str, *, include_inactive: bool = True
                     ) -> list[records.Person]:
        q = (select(Participant, Municipality)
             .join(Municipality, Municipality.id == Participant.municipality_id)
             .where(Participant.network_id == network_id, Participant.deleted_at.is_(None)))
        if not include_inactive:
            q = q.where(Participant.active.is_(True))
        people = [records.Person(id=p.id, name=p.name, role=p.role, email=p.email,
                                 active=p.active, municipality_id=m.id, municipality=m.name)
                  for p, m in s.exec(q).all()]
        return sorted(people, key=lambda p: (norwegian_key(p.municipality),
                                             norwegian_key(p.name)))
