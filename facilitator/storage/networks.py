"""Learning networks: the list, each network's record, and its overview (the home
screen of a network). Reached as `store.networks`."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from facilitator import records
from facilitator.domain import Calendar, Language, QuestionKind, norwegian_key
from facilitator.errors import ValidationError
from facilitator.models import (
    EvaluationQuestion,
    Gathering,
    HomeWork,
    HomeWorkStatus,
    Membership,
    Municipality,
    MunicipalityMeeting,
    Network,
)
from facilitator.parse import InputError, parse_email_list
from facilitator.storage.first_screen import NETWORK_SQL, network_rows
from facilitator.storage.part import Part, check_range, live, required
from facilitator.store import reads, writes

# The evaluation questions a new network starts with (text in bokmål, in English, kind).
DEFAULT_QUESTIONS: list[tuple[str, str, QuestionKind]] = [
    ("Svarte samlingen til forventningene?", "Did the gathering meet your expectations?",
     QuestionKind.YES_NO),
    ("Relevante tema", "Relevant themes", QuestionKind.SCALE),
    ("Ny kunnskap", "New knowledge", QuestionKind.SCALE),
    ("Hva bør vi gjøre annerledes?", "What should we do differently?", QuestionKind.TEXT),
]

EDITABLE = frozenset({"name", "description", "start_date", "end_date", "county", "advisers",
                      "contact_emails", "summary_language"})



def _emails(text: str) -> str:
    try:
        return ", ".join(parse_email_list(text))
    except InputError as exc:
        raise ValidationError("contact_emails", exc.key, **exc.params) from exc


def _named(s: Session, name: str) -> Network | None:
    wanted = name.casefold()
    return next((n for n in s.exec(live(Network)).all() if n.name.casefold() == wanted), None)


class Networks(Part):
    @writes
    def create(self, s: Session, name: str, *, description: str = "",
               start_date: date | None = None, end_date: date | None = None, county: str = "",
               advisers: str = "", contact_emails: str = "", summary_language: str = "nb",
               with_default_questions: bool = True) -> Network:
        name = required("name", name, "field.name")
        check_range(start_date, end_date)
        emails, language = _emails(contact_emails), Language(summary_language).value
        if _named(s, name) is not None:
            raise ValidationError("name", "err.duplicate_network", name=name)
        net = Network(name=name, description=description, start_date=start_date,
                      end_date=end_date, county=county, advisers=advisers,
                      contact_emails=emails, summary_language=language)
        s.add(net)
        s.flush()
        if with_default_questions:
            for pos, (nb, en, kind) in enumerate(DEFAULT_QUESTIONS, start=1):
                s.add(EvaluationQuestion(network_id=net.id, text_nb=nb, text_en=en,
                                         kind=kind.value, position=pos))
        return net

    @writes
    def update(self, s: Session, network_id: str, **fields: Any) -> Network:
        if set(fields) - EDITABLE:
            raise TypeError(f"unknown fields: {sorted(set(fields) - EDITABLE)}")
        if "name" in fields:
            fields["name"] = required("name", fields["name"], "field.name")
        if "contact_emails" in fields:
            fields["contact_emails"] = _emails(fields["contact_emails"])
        if "summary_language" in fields:
            fields["summary_language"] = Language(fields["summary_language"]).value
        net = self._get(s, Network, network_id, "network")
        if "name" in fields:
            other = _named(s, fields["name"])
            if other is not None and other.id != net.id:
                raise ValidationError("name", "err.duplicate_network", name=fields["name"])
        for key, value in fields.items():
            setattr(net, key, value)
        check_range(net.start_date, net.end_date)
        self._touch(net)
        return net

    @writes
    def delete(self, s: Session, network_id: str) -> None:
        self._delete(s, Network, network_id, "network")

    @reads
    def list(self, s: Session) -> list[Network]:
        return sorted(s.exec(live(Network)).all(), key=lambda n: norwegian_key(n.name))

    @reads
    def get(self, s: Session, network_id: str) -> Network:
        return self._get(s, Network, network_id, "network")

    @reads
    def find(self, s: Session, name: str) -> Network | None:
        """A network by exact name, case-insensitively."""
        return _named(s, name.strip())

    @reads
    def is_empty(self, s: Session) -> bool:
        """True when the database holds no networks (deleted ones included)."""
        return s.exec(select(sa.func.count(Network.id))).one() == 0

    @reads
    def rows(self, s: Session, today: date) -> list[records.NetworkRow]:
        """The network list: next gathering, open home work, latest evaluation.

        Reads a handful of rows per network; answers of one gathering only. The same
        SQL serves `first_screen.quick_network_rows`, which needs no ORM.
        """
        conn = s.connection()
        return network_rows(
            lambda sql, params: [tuple(r) for r in conn.execute(sa.text(sql), params)], today)

    @reads
    def overview(self, s: Session, network_id: str, today: date) -> records.Overview:
        """The network's home: last and next gathering, this cycle's home work and
        meetings per municipality, and the main evaluation score per held gathering."""
        net = self._get(s, Network, network_id, "network")
        gatherings = list(s.exec(live(Gathering).where(Gathering.network_id == network_id)
                                 .order_by(Gathering.seq)).all())
        calendar = Calendar(today, gatherings)
        held, last, nxt = calendar.held, calendar.last_held(), calendar.next()
        members = sorted(s.exec(
            select(Municipality.id, Municipality.name)
            .join(Membership, Membership.municipality_id == Municipality.id)
            .where(Membership.network_id == network_id, Membership.deleted_at.is_(None))
        ).all(), key=lambda m: norwegian_key(m[1]))
        homework, statuses = _current_homework(s, last)
        return records.Overview(
            network_id=net.id, name=net.name, last=_ref(last), next=_ref(nxt),
            gatherings=len(gatherings), members=[(m[0], m[1]) for m in members],
            homework=homework, statuses=statuses,
            meetings=_meetings_since(s, network_id, last),
            trend=[(g.seq, main_score(s, g.id)[0]) for g in sorted(held, key=lambda g: g.seq)],
        )


def _ref(g: Gathering | None) -> records.GatheringRef | None:
    if g is None:
        return None
    return records.GatheringRef(g.id, g.seq, g.date, g.title, g.place, g.kind)


def _current_homework(s: Session, last: Gathering | None
                      ) -> tuple[list[tuple[str, str, date | None]], dict[tuple[str, str], str]]:
    """The home work given at the last held gathering, and each municipality's status."""
    if last is None:
        return [], {}
    rows = s.exec(live(HomeWork).where(HomeWork.gathering_id == last.id)
                  .order_by(HomeWork.created_at)).all()
    statuses: dict[tuple[str, str], str] = {}
    if rows:
        for st in s.exec(live(HomeWorkStatus).where(
                HomeWorkStatus.homework_id.in_([a.id for a in rows]))).all():
            statuses[(st.homework_id, st.municipality_id)] = st.status
    return [(a.id, a.title, a.due_date) for a in rows], statuses


def _meetings_since(s: Session, network_id: str, last: Gathering | None
                    ) -> dict[str, list[date]]:
    """Meeting dates per municipality since the last held gathering (all, before one)."""
    q = select(MunicipalityMeeting.municipality_id, MunicipalityMeeting.date).where(
        MunicipalityMeeting.network_id == network_id, MunicipalityMeeting.deleted_at.is_(None))
    if last is not None:
        q = q.where(MunicipalityMeeting.date > last.date)
    meetings: dict[str, list[date]] = {}
    for mid, day in s.exec(q.order_by(MunicipalityMeeting.date)).all():
        meetings.setdefault(mid, []).append(day)
    return meetings


def main_score(s: Session, gathering_id: str) -> tuple[float | None, int]:
    """Mean and n of a gathering's main question (its first scale question), read from
    its tally (kept by the database): no scan of the answers."""
    conn = s.connection()
    main = conn.execute(sa.text(NETWORK_SQL["main_question"]), {"gid": gathering_id}).first()
    if main is None:
        return None, 0
    row = conn.execute(sa.text(NETWORK_SQL["score"]), {"qid": main[0]}).first()
    if row is None or not row[1]:
        return None, 0
    return float(row[0]), int(row[1])
