"""The cycle summary: one frozen object that every export format renders.

Cycle N ends with gathering N. It holds the home work given at gathering N−1 (due at
N) with each municipality's final status; the municipality meetings held after
gathering N−1 up to gathering N; gathering N itself (kind, dates, place, themes,
attendance by municipality and role, evaluation); the home work given at N and the
next gathering; and the evaluation trend over gatherings 1..N. Cycle 1 is the first
gathering alone.

Privacy is settled here, once, for every format: no participant names in the
evaluation; breakdowns list every member municipality and every role, and "not given",
hiding groups with fewer than 5 answers (none included) and as many more as needed
for no hidden group to be worked out from the totals (`stats.suppressed_groups`);
free text only for the whole gathering; attendance by name only on request.

pandas does the tabular work (pivots and trend) and is imported only here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from facilitator import stats
from facilitator.domain import (
    ADMINISTRATION_ROLES,
    EMPLOYEE_ROLES,
    POLITICAL_ROLES,
    Role,
    member_at,
    norwegian_key,
)
from facilitator.errors import UserError

if TYPE_CHECKING:
    from facilitator.store import Store


class CycleError(UserError, LookupError):
    """The network or cycle does not exist; `key`/`params` name the message."""


@dataclass(frozen=True)
class GatheringInfo:
    seq: int
    kind: str
    title: str
    date: date
    end_date: date | None
    place: str
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class HomeWorkInfo:
    title: str
    description: str
    given_at: int  # gathering seq
    due: date | None
    # municipality name → (status or None, status date, note), in Norwegian order
    statuses: tuple[tuple[str, str | None, date | None, str], ...] = ()


@dataclass(frozen=True)
class MeetingInfo:
    municipality: str
    date: date
    kind: str
    place: str
    press_present: bool
    themes: tuple[str, ...]
    summary: str
    decisions: str
    follow_ups: str
    people_by_role: tuple[tuple[str, int], ...]  # registered + counted, per role
    missing_parties: tuple[str, ...]  # "political" / "administration" / "employees"

    @property
    def people(self) -> int:
        return sum(n for _, n in self.people_by_role)


@dataclass(frozen=True)
class QuestionResult:
    position: int
    text_nb: str
    text_en: str
    kind: str
    stats: stats.QuestionStats
    # group → stats, None where hidden (n < 5, none, or complementary): every member
    # municipality (every role), then NOT_GIVEN; empty when no response has the tag
    by_municipality: tuple[tuple[str, stats.QuestionStats | None], ...] = ()
    by_role: tuple[tuple[str, stats.QuestionStats | None], ...] = ()


@dataclass(frozen=True)
class TrendRow:
    seq: int
    date: date
    title: str
    responses: int
    share_yes: float | None  # the first yes/no question ("met expectations")
    means: tuple[float | None, ...]  # the scale questions, in the order of trend_questions


@dataclass(frozen=True)
class CycleSummary:
    network: str
    advisers: str
    contact_emails: tuple[str, ...]
    language: str  # nb / nn / en
    cycle: int
    gathering: GatheringInfo
    previous: GatheringInfo | None
    next: GatheringInfo | None
    municipalities: tuple[str, ...]  # member municipalities, Norwegian order
    homework: tuple[HomeWorkInfo, ...]  # given at N−1, due at N
    homework_ahead: tuple[HomeWorkInfo, ...]  # given at N
    meetings: tuple[MeetingInfo, ...]
    present: int
    registered: int
    attendance: tuple[tuple[str, str, int], ...]  # municipality, role, present count
    attendance_names: tuple[tuple[str, str, str], ...]  # municipality, name, role (opt-in)
    responses: int
    questions: tuple[QuestionResult, ...]
    comments: tuple[str, ...]  # free text for the whole gathering only
    trend_questions: tuple[str, ...]  # labels of the trend's scale columns (nb)
    trend_questions_en: tuple[str, ...]
    trend: tuple[TrendRow, ...]
    generated: datetime
    pivot: tuple[tuple[str, tuple[str | None, ...]], ...] = field(default=())
    """Home work as municipality × home work status (rows in Norwegian order)."""

    @property
    def over_attendance(self) -> bool:
        """More responses than people marked present: attendance was not taken in full,
        so a response rate would be meaningless (it would exceed 100 %)."""
        return self.responses > self.present

    @property
    def response_rate(self) -> float | None:
        """Responses / present; None without attendance or with more responses than it."""
        if not self.present or self.over_attendance:
            return None
        return self.responses / self.present

    def attendance_by_municipality(self) -> list[tuple[str, int]]:
        totals: dict[str, int] = {}
        for mun, _role, n in self.attendance:
            totals[mun] = totals.get(mun, 0) + n
        return sorted(totals.items(), key=lambda kv: norwegian_key(kv[0]))

    def attendance_by_role(self) -> list[tuple[str, int]]:
        totals: dict[str, int] = {}
        for _mun, role, n in self.attendance:
            totals[role] = totals.get(role, 0) + n
        order = [r.value for r in Role]
        return sorted(totals.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order
                      else len(order))


def missing_parties(roles: list[str]) -> tuple[str, ...]:
    """Which parties of three-party cooperation are absent among `roles`."""
    present = set(roles)
    missing = []
    if not present & {r.value for r in POLITICAL_ROLES}:
        missing.append("political")
    if not present & {r.value for r in ADMINISTRATION_ROLES}:
        missing.append("administration")
    if not present & {r.value for r in EMPLOYEE_ROLES}:
        missing.append("employees")
    return tuple(missing)


# The breakdown row of the responses that carry no municipality (or no role).
NOT_GIVEN = "\0not_given"
# The breakdown key of responses from a municipality that was no member at the gathering
# (or with a role unknown to this version): counted for suppression (so a hidden group
# cannot be worked out), never shown.
_OUTSIDE = "\0outside"


def _breakdowns(responses: list[_Response], questions: list[Any], groups: tuple[str, ...],
                group_of: Callable[[_Response], str]
                ) -> dict[str, tuple[tuple[str, stats.QuestionStats | None], ...]]:
    """Per question id, the rows of one breakdown: every group of `groups` in order, then
    "not given" (NOT_GIVEN), each with its statistics or None where hidden.

    Every group is listed whether anyone from it answered or not, and an empty group is
    hidden like a small one: a missing row would say nobody from there answered, and
    the reader could take the rest as exactly the totals. The rule, with the reasons,
    is `stats.suppressed_groups`: the groups hidden are the same in every question of
    the table, and the hidden groups with answers are never one alone. The whole
    breakdown is left out when no response carries the tag at all."""
    if not questions or all(group_of(r) == NOT_GIVEN for r in responses):
        return {}
    keys = (*groups, NOT_GIVEN, _OUTSIDE)
    table = []
    for q in questions:
        cells: dict[str, list[Any]] = {k: [] for k in keys}
        for r in responses:
            cells[group_of(r)].append(r.answers.get(q.id))
        table.append((q.kind, cells))
    rows = stats.breakdown_table(table, never_shown={_OUTSIDE})
    return {q.id: tuple(row.items()) for q, row in zip(questions, rows, strict=True)}


def build_summary(
    store: Store,
    network_id: str,
    cycle: int,
    *,
    language: str | None = None,
    include_names: bool = False,
    now: datetime | None = None,
) -> CycleSummary:
    """Build the summary of cycle `cycle` (= gathering number) of a network."""
    import pandas as pd

    net = store.networks.get(network_id)
    gatherings = store.gatherings.list(network_id)
    by_seq = {g.seq: g for g in gatherings}
    if cycle not in by_seq:
        raise CycleError("cycle.no_gathering", seq=cycle, network=net.name)
    g = by_seq[cycle]
    earlier = [x for x in gatherings if x.seq < cycle]
    prev = max(earlier, key=lambda x: x.seq) if earlier else None
    later = [x for x in gatherings if x.seq > cycle]
    nxt = min(later, key=lambda x: x.seq) if later else None

    theme_names = {th.id: th.name for th in store.gatherings.themes(network_id)}
    # Only the municipalities that were members on gathering N's date (a municipality
    # that joined later, or left before, is not part of this cycle); participants
    # belong to a cycle through their municipality's membership.
    members = [m for m in store.members.list(network_id) if member_at(m, g.date)]
    member_ids = {m.municipality_id for m in members}
    mun_names = {m.municipality_id: m.name for m in members}
    municipalities = tuple(m.name for m in members)

    def info(x: Any) -> GatheringInfo:
        themes = tuple(sorted((theme_names[i] for i in store.gatherings.theme_ids(x.id)
                               if i in theme_names), key=norwegian_key))
        return GatheringInfo(x.seq, x.kind, x.title, x.date, x.end_date, x.place, themes)

    # --- home work: given at N−1 (the cycle's) and given at N (ahead)
    given = store.homework.list(network_id)
    statuses = store.homework.statuses(network_id)
    seq_of = {x.id: x.seq for x in gatherings}

    def homework_info(a: Any) -> HomeWorkInfo:
        rows = []
        for m in members:
            st = statuses.get((a.id, m.municipality_id))
            rows.append((m.name, st.status if st else None, st.status_date if st else None,
                         st.note if st else ""))
        return HomeWorkInfo(a.title, a.description, seq_of.get(a.gathering_id, 0),
                            a.due_date, tuple(rows))

    homework = tuple(homework_info(a) for a in given
                     if prev is not None and a.gathering_id == prev.id)
    ahead = tuple(homework_info(a) for a in given if a.gathering_id == g.id)
    pivot: tuple[tuple[str, tuple[str | None, ...]], ...] = ()
    if homework and municipalities:
        frame = pd.DataFrame(
            [(mun, i, status) for i, a in enumerate(homework) for mun, status, _d, _n in a.statuses],
            columns=["municipality", "homework", "status"],
        )
        table = frame.pivot(index="municipality", columns="homework", values="status")
        table = table.reindex(index=list(municipalities), columns=range(len(homework)))
        pivot = tuple(
            (mun, tuple(None if pd.isna(v) else str(v) for v in row))
            for mun, row in zip(table.index, table.itertuples(index=False), strict=True)
        )

    # --- municipality meetings after N−1 up to N
    people = {p.id: p for p in store.members.participants(network_id)
              if p.municipality_id in member_ids}
    lo = prev.date if prev else date.min
    meetings = []
    for m in store.meetings.list(network_id):
        if not (lo < m.date <= g.date) or m.municipality_id not in member_ids:
            continue
        roles: dict[str, int] = {}
        for role in m.participant_roles:
            roles[role] = roles.get(role, 0) + 1
        for role, n in m.headcounts.items():
            roles[role] = roles.get(role, 0) + n
        order = [r.value for r in Role]
        by_role = tuple(sorted(roles.items(), key=lambda kv: order.index(kv[0])
                               if kv[0] in order else len(order)))
        meetings.append(MeetingInfo(
            municipality=m.municipality, date=m.date, kind=m.kind, place=m.place,
            press_present=m.press_present,
            themes=tuple(sorted((theme_names[i] for i in m.theme_ids if i in theme_names),
                                key=norwegian_key)),
            summary=m.summary, decisions=m.decisions, follow_ups=m.follow_ups,
            people_by_role=by_role, missing_parties=missing_parties(list(roles)),
        ))
    meetings.sort(key=lambda x: (x.date, norwegian_key(x.municipality)))

    # --- attendance at N
    marked = store.gatherings.attendance(g.id)
    registered = sum(1 for p in people.values() if p.active)
    member_names = set(municipalities)
    attendance = tuple((c.municipality, c.role, c.count) for c in store.gatherings.attendance_counts(g.id)
                       if c.municipality in member_names)
    present = sum(n for _mun, _role, n in attendance)
    names: tuple[tuple[str, str, str], ...] = ()
    if include_names:
        names = tuple(sorted(
            ((p.municipality, p.name, p.role) for pid, p in people.items()
             if marked.get(pid) and p.name),
            key=lambda r: (norwegian_key(r[0]), norwegian_key(r[1])),
        ))

    # --- evaluation of N (answers read as plain rows, grouped per response)
    questions = store.questions.of_gathering(g.id)
    responses = _responses(store.evaluations.answer_rows([g.id]))
    # A response rate only where it can be one: with more responses than people marked
    # present (attendance not taken in full) the rate is left out (the formats say why).
    rate_base = present if present and len(responses) <= present else None
    # every member municipality and every role is a row, with "not given" (see _breakdowns)
    scored = [q for q in questions if q.kind != "text"]
    roles = tuple(r.value for r in Role)
    by_municipality = _breakdowns(
        responses, scored, municipalities,
        lambda r: NOT_GIVEN if r.municipality_id is None
        else mun_names.get(r.municipality_id, _OUTSIDE))
    by_role = _breakdowns(
        responses, scored, roles,
        lambda r: NOT_GIVEN if not r.role else r.role if r.role in roles else _OUTSIDE)
    results = []
    comments: list[str] = []
    for q in questions:
        values = [r.answers.get(q.id) for r in responses]
        if q.kind == "text":
            comments.extend(v for v in values if isinstance(v, str) and v.strip())
            results.append(QuestionResult(q.position, q.text_nb, q.text_en, q.kind,
                                          stats.text_stats(values, rate_base)))
            continue
        results.append(QuestionResult(
            q.position, q.text_nb, q.text_en, q.kind,
            stats.question_stats(q.kind, values, rate_base),
            by_municipality.get(q.id, ()), by_role.get(q.id, ()),
        ))

    # --- the trend over gatherings 1..N (held ones with questions)
    trend_rows, labels, labels_en = _trend(store, [x for x in gatherings if x.seq <= cycle], pd)

    return CycleSummary(
        network=net.name,
        advisers=net.advisers,
        contact_emails=tuple(e.strip() for e in net.contact_emails.split(",") if e.strip()),
        language=language or net.summary_language,
        cycle=cycle,
        gathering=info(g),
        previous=info(prev) if prev else None,
        next=info(nxt) if nxt else None,
        municipalities=municipalities,
        homework=homework,
        homework_ahead=ahead,
        meetings=tuple(meetings),
        present=present,
        registered=registered,
        attendance=attendance,
        attendance_names=names,
        responses=len(responses),
        questions=tuple(results),
        comments=tuple(comments),
        trend_questions=labels,
        trend_questions_en=labels_en,
        trend=trend_rows,
        generated=now or datetime.now().astimezone(),
        pivot=pivot,
    )


@dataclass(frozen=True)
class _Response:
    municipality_id: str | None
    role: str | None
    answers: dict[str, int | str | None]  # skipped questions are absent


def _responses(rows: list[Any]) -> list[_Response]:
    """Group answer rows (ordered by capture) into responses."""
    grouped: dict[str, _Response] = {}
    for row in rows:
        r = grouped.get(row.response_id)
        if r is None:
            r = grouped[row.response_id] = _Response(row.municipality_id, row.role, {})
        if not row.skipped:
            r.answers[row.question_id] = row.score if row.score is not None else row.text
    return list(grouped.values())


def _trend(store: Store, gatherings: list[Any], pd: Any
           ) -> tuple[tuple[TrendRow, ...], tuple[str, ...], tuple[str, ...]]:
    """One row per gathering: n, % yes on the first yes/no question, mean per scale
    question. Columns are the scale questions by wording, in order of appearance."""
    meta: dict[int, Any] = {}
    key_of: dict[str, str] = {}  # gathering question id → trend column
    order: list[tuple[str, str]] = []
    for g in sorted(gatherings, key=lambda x: x.seq):
        questions = store.questions.of_gathering(g.id)
        if not questions:
            continue
        meta[g.seq] = g
        first_yes = next((q for q in questions if q.kind == "yes_no"), None)
        for q in questions:
            if first_yes is not None and q.id == first_yes.id:
                key_of[q.id] = "__yes__"
            elif q.kind == "scale":
                key_of[q.id] = q.text_nb
                if (q.text_nb, q.text_en) not in order:
                    order.append((q.text_nb, q.text_en))
    if not meta:
        return (), (), ()
    seq_of = {g.id: seq for seq, g in meta.items()}
    rows = store.evaluations.answer_rows(list(seq_of))
    frame = pd.DataFrame(
        [(seq_of[r.gathering_id], r.response_id, key_of.get(r.question_id), r.score)
         for r in rows],
        columns=["seq", "response", "question", "value"],
    )
    counts = frame.groupby("seq")["response"].nunique()
    scored = frame.dropna(subset=["question", "value"])
    means = scored.groupby(["seq", "question"])["value"].mean()
    out = []
    for seq, g in meta.items():
        def get(key: str, seq: int = seq) -> float | None:
            return float(means.loc[(seq, key)]) if (seq, key) in means.index else None

        n = int(counts.loc[seq]) if seq in counts.index else 0
        out.append(TrendRow(seq, g.date, g.title, n, get("__yes__"),
                            tuple(get(nb) for nb, _en in order)))
    return tuple(out), tuple(nb for nb, _ in order), tuple(en or nb for nb, en in order)
