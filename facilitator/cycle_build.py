"""Building the cycle summary (`cycle.CycleSummary`) from the store, one step per part
of it: the cycle (its gathering, neighbours and members), the home work, the
municipality meetings, the attendance, the evaluation and the trend.

The privacy rules are settled here, as `cycle`'s docstring says. pandas does the
home-work pivot and is imported only here. The answers are read once (`_Answers`) and
the trend counted over them in one pass (a DataFrame of them cost more than the rest).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from facilitator import stats
from facilitator.cycle import (
    NOT_GIVEN,
    CycleError,
    CycleSummary,
    GatheringInfo,
    HomeWorkInfo,
    MeetingInfo,
    QuestionResult,
    TrendRow,
    missing_parties,
    role_rank,
)
from facilitator.domain import Role, member_at, norwegian_key

if TYPE_CHECKING:
    from facilitator.store import Store

# The breakdown key of responses from a municipality that was no member at the gathering
# (or with a role unknown to this version): counted for suppression (so a hidden group
# cannot be worked out), never shown.
_OUTSIDE = "\0outside"


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
    net = store.networks.get(network_id)
    c = _cycle(store, net, cycle)
    homework, ahead = _homework(store, c)
    meetings = _meetings(store, c)
    seen = _attendance(store, c, include_names)
    answers = _answers(store, c)
    evaluation = _evaluation(answers, c, seen.present)
    trend_rows, labels, labels_en = _trend(answers, c)
    return CycleSummary(
        network=net.name,
        advisers=net.advisers,
        contact_emails=tuple(e.strip() for e in net.contact_emails.split(",") if e.strip()),
        language=language or net.summary_language,
        cycle=cycle,
        gathering=c.info(store, c.gathering),
        previous=c.info(store, c.previous) if c.previous else None,
        next=c.info(store, c.next) if c.next else None,
        municipalities=c.municipalities,
        homework=homework,
        homework_ahead=ahead,
        meetings=meetings,
        present=seen.present,
        registered=seen.registered,
        attendance=seen.counts,
        attendance_names=seen.names,
        responses=evaluation.responses,
        questions=evaluation.results,
        comments=evaluation.comments,
        trend_questions=labels,
        trend_questions_en=labels_en,
        trend=trend_rows,
        generated=now or datetime.now().astimezone(),
        pivot=_pivot(homework, c.municipalities),
    )


@dataclass(frozen=True)
class _Cycle:
    """What every step reads: gathering N, the gatherings beside it, the member
    municipalities on its date and the network's theme names."""

    network_id: str
    gatherings: list[Any]
    gathering: Any
    previous: Any | None
    next: Any | None
    members: list[Any]
    theme_names: dict[str, str]

    @property
    def municipalities(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.members)

    def themes(self, ids: Any) -> tuple[str, ...]:
        """The names of the themes `ids`, in Norwegian order (unknown ids left out)."""
        return tuple(sorted((self.theme_names[i] for i in ids if i in self.theme_names),
                            key=norwegian_key))

    def info(self, store: Store, x: Any) -> GatheringInfo:
        themes = self.themes(store.gatherings.theme_ids(x.id))
        return GatheringInfo(x.seq, x.kind, x.title, x.date, x.end_date, x.place, themes)


def _cycle(store: Store, net: Any, cycle: int) -> _Cycle:
    gatherings = store.gatherings.list(net.id)
    by_seq = {g.seq: g for g in gatherings}
    if cycle not in by_seq:
        raise CycleError("cycle.no_gathering", seq=cycle, network=net.name)
    g = by_seq[cycle]
    earlier = [x for x in gatherings if x.seq < cycle]
    later = [x for x in gatherings if x.seq > cycle]
    theme_names = {th.id: th.name for th in store.gatherings.themes(net.id)}
    # Only the municipalities that were members on gathering N's date (a municipality
    # that joined later, or left before, is not part of this cycle); participants
    # belong to a cycle through their municipality's membership.
    members = [m for m in store.members.list(net.id) if member_at(m, g.date)]
    return _Cycle(
        network_id=net.id, gatherings=gatherings, gathering=g,
        previous=max(earlier, key=lambda x: x.seq) if earlier else None,
        next=min(later, key=lambda x: x.seq) if later else None,
        members=members, theme_names=theme_names,
    )


def _homework(store: Store, c: _Cycle
              ) -> tuple[tuple[HomeWorkInfo, ...], tuple[HomeWorkInfo, ...]]:
    """The home work given at N−1 (the cycle's), and given at N (ahead), each with
    every member municipality's status."""
    assignments = store.homework.list(c.network_id)
    statuses = store.homework.statuses(c.network_id)
    seq_of = {x.id: x.seq for x in c.gatherings}

    def info(a: Any) -> HomeWorkInfo:
        rows = []
        for m in c.members:
            st = statuses.get((a.id, m.municipality_id))
            rows.append((m.name, st.status if st else None, st.status_date if st else None,
                         st.note if st else ""))
        return HomeWorkInfo(a.title, a.description, seq_of.get(a.gathering_id, 0),
                              a.due_date, tuple(rows))

    given = tuple(info(a) for a in assignments
                  if c.previous is not None and a.gathering_id == c.previous.id)
    ahead = tuple(info(a) for a in assignments if a.gathering_id == c.gathering.id)
    return given, ahead


def _pivot(homework: tuple[HomeWorkInfo, ...], municipalities: tuple[str, ...]
           ) -> tuple[tuple[str, tuple[str | None, ...]], ...]:
    """Home work as municipality × assignment status, rows in the members' order."""
    if not homework or not municipalities:
        return ()
    import pandas as pd

    frame = pd.DataFrame(
        [(mun, i, status) for i, a in enumerate(homework) for mun, status, _d, _n in a.statuses],
        columns=["municipality", "assignment", "status"],
    )
    table = frame.pivot(index="municipality", columns="assignment", values="status")
    table = table.reindex(index=list(municipalities), columns=range(len(homework)))
    return tuple(
        (mun, tuple(None if pd.isna(v) else str(v) for v in row))
        for mun, row in zip(table.index, table.itertuples(index=False), strict=True)
    )


def _meetings(store: Store, c: _Cycle) -> tuple[MeetingInfo, ...]:
    """The member municipalities' meetings after gathering N−1, up to N."""
    member_ids = {m.municipality_id for m in c.members}
    lo = c.previous.date if c.previous else date.min
    meetings = [_meeting(m, c) for m in store.meetings.list(c.network_id)
                if lo < m.date <= c.gathering.date and m.municipality_id in member_ids]
    meetings.sort(key=lambda x: (x.date, norwegian_key(x.municipality)))
    return tuple(meetings)


def _meeting(m: Any, c: _Cycle) -> MeetingInfo:
    roles: dict[str, int] = {}
    for role in m.participant_roles:
        roles[role] = roles.get(role, 0) + 1
    for role, n in m.headcounts.items():
        roles[role] = roles.get(role, 0) + n
    by_role = tuple(sorted(roles.items(), key=lambda kv: role_rank(kv[0])))
    return MeetingInfo(
        municipality=m.municipality, date=m.date, kind=m.kind, place=m.place,
        press_present=m.press_present, themes=c.themes(m.theme_ids),
        summary=m.summary, decisions=m.decisions, follow_ups=m.follow_ups,
        people_by_role=by_role, missing_parties=missing_parties(list(roles)),
    )


@dataclass(frozen=True)
class _Attendance:
    present: int
    registered: int
    counts: tuple[tuple[str, str, int], ...]  # municipality, role, present count
    names: tuple[tuple[str, str, str], ...]  # municipality, name, role (opt-in)


def _attendance(store: Store, c: _Cycle, include_names: bool) -> _Attendance:
    """Who came to gathering N, counted per member municipality and role; by name only
    when asked for."""
    member_ids = {m.municipality_id for m in c.members}
    people = {p.id: p for p in store.members.participants(c.network_id)
              if p.municipality_id in member_ids}
    g = c.gathering
    marked = store.gatherings.attendance(g.id)
    member_names = set(c.municipalities)
    counts = tuple((a.municipality, a.role, a.count)
                   for a in store.gatherings.attendance_counts(g.id)
                   if a.municipality in member_names)
    names: tuple[tuple[str, str, str], ...] = ()
    if include_names:
        names = tuple(sorted(
            ((p.municipality, p.name, p.role) for pid, p in people.items()
             if marked.get(pid) and p.name),
            key=lambda r: (norwegian_key(r[0]), norwegian_key(r[1])),
        ))
    return _Attendance(present=sum(n for _mun, _role, n in counts),
                       registered=sum(1 for p in people.values() if p.active),
                       counts=counts, names=names)


@dataclass(frozen=True)
class _Evaluation:
    responses: int
    results: tuple[QuestionResult, ...]
    comments: tuple[str, ...]  # free text for the whole gathering only


@dataclass(frozen=True)
class _Answers:
    """The questions of every gathering up to N, read once for the evaluation and the
    trend; the answers of N (ordered by capture); the scores of those with questions
    added up by the database (the trend)."""

    questions: dict[str, list[Any]]  # gathering id → its questions
    rows: list[Any]  # records.AnswerRow of gathering N
    sums: Any  # records.ScoreSums of the gatherings up to N with questions


def _answers(store: Store, c: _Cycle) -> _Answers:
    upto = [x for x in c.gatherings if x.seq <= c.gathering.seq]
    questions = {x.id: store.questions.of_gathering(x.id) for x in upto}
    return _Answers(questions, store.evaluations.answer_rows([c.gathering.id]),
                    store.evaluations.score_sums([x.id for x in upto if questions[x.id]]))


def _evaluation(answers: _Answers, c: _Cycle, present: int) -> _Evaluation:
    """The evaluation of N: each question's statistics (scored ones also broken down by
    municipality and role), and the free text."""
    questions = answers.questions[c.gathering.id]
    responses = _responses(answers.rows)
    # A response rate only where it can be one: with more responses than people marked
    # present (attendance not taken in full) the rate is left out (the formats say why).
    rate_base = present if present and len(responses) <= present else None
    by_municipality, by_role = _group_breakdowns(
        responses, [q for q in questions if q.kind != "text"], c)
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
    return _Evaluation(len(responses), tuple(results), tuple(comments))


_Breakdown = dict[str, tuple[tuple[str, stats.QuestionStats | None], ...]]


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


def _group_breakdowns(responses: list[_Response], scored: list[Any], c: _Cycle
                      ) -> tuple[_Breakdown, _Breakdown]:
    """By municipality and by role: every member municipality and every role is a row,
    with "not given" (see _breakdowns)."""
    mun_names = {m.municipality_id: m.name for m in c.members}
    roles = tuple(r.value for r in Role)
    by_municipality = _breakdowns(
        responses, scored, c.municipalities,
        lambda r: NOT_GIVEN if r.municipality_id is None
        else mun_names.get(r.municipality_id, _OUTSIDE))
    by_role = _breakdowns(
        responses, scored, roles,
        lambda r: NOT_GIVEN if not r.role else r.role if r.role in roles else _OUTSIDE)
    return by_municipality, by_role


def _breakdowns(responses: list[_Response], questions: list[Any], groups: tuple[str, ...],
                group_of: Callable[[_Response], str]) -> _Breakdown:
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


def _trend(answers: _Answers, c: _Cycle
           ) -> tuple[tuple[TrendRow, ...], tuple[str, ...], tuple[str, ...]]:
    """One row per gathering up to N that has questions: n, % yes on the first yes/no
    question, mean per scale question. Columns are the scale questions by wording, in
    order of appearance."""
    meta: dict[str, Any] = {}  # gathering id → gathering, in order of seq
    key_of: dict[str, str] = {}  # gathering question id → trend column
    order: list[tuple[str, str]] = []
    for g in sorted((x for x in c.gatherings if x.seq <= c.gathering.seq),
                    key=lambda x: x.seq):
        questions = answers.questions[g.id]
        if not questions:
            continue
        meta[g.id] = g
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
    sums = _trend_sums(answers.sums, key_of)
    out = []
    for gid, g in meta.items():
        def mean(key: str, gid: str = gid) -> float | None:
            total, n = sums.get((gid, key), (0, 0))
            return total / n if n else None

        out.append(TrendRow(g.seq, g.date, g.title, answers.sums.responses.get(gid, 0),
                            mean("__yes__"), tuple(mean(nb) for nb, _en in order)))
    return tuple(out), tuple(nb for nb, _ in order), tuple(en or nb for nb, en in order)


def _trend_sums(sums: Any, key_of: dict[str, str]) -> dict[tuple[str, str], tuple[int, int]]:
    """Per (gathering, trend column) the sum and the number of the scores given, from
    the database's sums per question (scores are whole numbers: the mean is exact)."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for (gid, qid), (total, n) in sums.scores.items():
        key = key_of.get(qid)
        if key is not None and n:
            old_total, old_n = out.get((gid, key), (0, 0))
            out[(gid, key)] = (old_total + total, old_n + n)
    return out
