"""The demo network "ROBEK-nettverk Nord", modelled on the 2011 ROBEK pilot (seed 002).

Seven municipalities of ROBEK I under today's names and numbers, 3–5 participants
each, six gatherings over one year (four held, two ahead of `today`), home work given
at each held gathering, one or two municipality meetings per municipality, and
evaluations with a realistic spread (tagged only where the groups are large enough).
Everything is deterministic for a given `today`, so tests, screenshots and the export
sample agree.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from facilitator.domain import (
    Calendar,
    GatheringKind,
    HomeWorkState,
    MeetingKind,
    QuestionKind,
    ResponseSource,
    Role,
)
from facilitator.store import Store

DEMO_NAME = "ROBEK-nettverk Nord"
DEMO_SEED = 2011

MUNICIPALITIES = [  # number, cohort
    ("5622", "ROBEK I"),  # Porsanger
    ("5544", "ROBEK I"),  # Nordreisa
    ("5524", "ROBEK I"),  # Målselv
    ("1871", "ROBEK I"),  # Andøy
    ("1866", "ROBEK I"),  # Hadsel
    ("1868", "ROBEK I"),  # Øksnes
    ("1867", "ROBEK I"),  # Bø
]

THEMES = [
    "Kartlegging",
    "Økonomisk perspektivanalyse",
    "Økonomisk handlingsrom per tjeneste",
    "KOSTRA-analyse",
    "Politikk og administrasjon",
    "Nytt styringssystem",
    "Lederavtaler og resultatdialog",
    "Juss ved nedbemanning og omorganisering",
    "Trepartssamarbeid",
    "Forpliktende plan",
]

# offset in days from `today`, kind, title, place, theme indexes
GATHERINGS = [
    (-262, GatheringKind.STARTUP, "Oppstart: hvor står vi?", "Bodø", [0, 1, 8]),
    (-199, GatheringKind.NETWORK, "Perspektivanalyse og KOSTRA", "Tromsø", [1, 3]),
    (-89, GatheringKind.NETWORK, "Handlingsrom i tjenestene", "Sortland", [2, 3, 4]),
    (-33, GatheringKind.NETWORK, "Fra penger og tiltak til kvalitet og resultat", "Harstad",
     [4, 5, 6]),
    (19, GatheringKind.NETWORK, "Omstilling og nedbemanning", "Svolvær", [7, 8]),
    (96, GatheringKind.CLOSING, "Forpliktende plan: vedtak og veien videre", "Bodø", [9, 5]),
]

HOMEWORK = [  # given at gathering index
    (0, "Kartlegging av økonomisk situasjon",
     "Fyll ut kartleggingsskjemaet og legg fram for formannskapet."),
    (1, "Perspektivanalyse",
     "Befolkning og behov, realutvikling i driftsinntekter og -utgifter, resultat."),
    (2, "Handlingsrom per tjeneste",
     "Finn driverne i de største tjenestene med KOSTRA-tall; sammenlign med to kommuner."),
    (3, "Utkast til forpliktende plan",
     "Utkast med mål på kvalitet og resultat, behandlet i styringsgruppen."),
]

FIRST = ["Anne", "Bjørn", "Cecilie", "Dag", "Eva", "Frode", "Gro", "Hans", "Ingrid", "Jon",
         "Kari", "Lars", "Marit", "Nils", "Oddny", "Per", "Ragnhild", "Svein", "Tove", "Øystein",
         "Åse", "Terje", "Sigrid", "Kjell", "Liv", "Arne", "Hilde", "Geir", "Randi", "Ole"]
LAST = ["Johansen", "Pedersen", "Nilsen", "Karlsen", "Hansen", "Olsen", "Eriksen", "Berg",
        "Jensen", "Andreassen", "Mikalsen", "Isaksen", "Amundsen", "Strøm", "Hætta", "Sara",
        "Nordheim", "Ellingsen", "Solbakken", "Aas"]

ROLE_SETS = [
    [Role.MAYOR, Role.CHIEF_EXECUTIVE, Role.FINANCE, Role.UNION_REP],
    [Role.MAYOR, Role.CHIEF_EXECUTIVE, Role.FINANCE, Role.UNION_REP, Role.POLITICIAN],
    [Role.DEPUTY_MAYOR, Role.CHIEF_EXECUTIVE, Role.FINANCE],
    [Role.MAYOR, Role.CHIEF_EXECUTIVE, Role.STAFF, Role.UNION_REP],
    [Role.MAYOR, Role.CHIEF_EXECUTIVE, Role.FINANCE, Role.SERVICE_LEADER, Role.UNION_REP],
]

COMMENTS = [
    "Mer tid til gruppearbeid.",
    "Gode eksempler fra andre kommuner.",
    "Send presentasjonene på forhånd.",
    "Flere politikere burde vært med.",
    "Litt for mye tall på en gang.",
    "Nyttig å høre hvordan Hadsel gjorde det.",
    "Kortere innlegg, mer dialog.",
    "Bra at tillitsvalgte var med.",
]

MEETING_SUMMARIES = [
    ("Gjennomgang av perspektivanalysen for kommunestyret.",
     "Kommunestyret ber rådmannen legge fram tiltak for budsjettbalanse.",
     "Rådmannen legger fram tiltaksliste før neste samling."),
    ("Dialog om handlingsrom i pleie og omsorg og i skole.",
     "Styringsgruppen prioriterer pleie og omsorg.",
     "Økonomisjefen henter KOSTRA-tall for tre sammenlignbare kommuner."),
    ("Presentasjon av nytt styringssystem for ledere og tillitsvalgte.",
     "Lederavtaler innføres fra nyttår.",
     "Tillitsvalgte inviteres til arbeidsgruppen."),
]


def _weekday(day: date) -> date:
    """Move a date to the nearest Tuesday–Thursday (gatherings are mid-week)."""
    while day.weekday() not in (1, 2, 3):
        day += timedelta(days=1)
    return day


def create_demo(store: Store, today: date | None = None) -> str:
    """Create the demo network in one transaction; returns its id."""
    today = today or date.today()
    rng = random.Random(DEMO_SEED)
    with store.batch():
        net = _network(store, today)
        themes = [store.gatherings.add_theme(net.id, name) for name in THEMES]
        people, municipality_ids = _people(store, net.id, today, rng)
        theme_ids = [th.id for th in themes]
        gatherings = _gatherings(store, net.id, theme_ids, today)
        calendar = Calendar(today, gatherings)
        held = calendar.held
        # attendance: most people come; a few miss a gathering
        for g in held:
            store.gatherings.set_gathering_attendance(
                g.id, {pid: rng.random() < 0.85 for pid, _mid, _role in people})
        _home_work(store, net.id, calendar, municipality_ids, rng)
        _meetings(store, net.id, held, people, municipality_ids, theme_ids, today, rng)
        _evaluations(store, held, people, rng)
    return net.id


def _network(store: Store, today: date) -> Any:
    """The network, running from the first gathering to the last."""
    return store.networks.create(
        DEMO_NAME,
        description=(
            "Pilotnettverk for kommuner i ROBEK: seks samlinger over ett år med "
            "hjemmearbeid og kommunemøter mellom samlingene. Mål: hver kommune vedtar "
            "en forpliktende plan."
        ),
        start_date=_weekday(today + timedelta(days=GATHERINGS[0][0])),
        end_date=_weekday(today + timedelta(days=GATHERINGS[-1][0])),
        county="Nordland og Troms",
        advisers="Jens-Einar Johansen",
        contact_emails="robek-nord@example.no",
        summary_language="nb",
    )


def _people(store: Store, net_id: str, today: date, rng: random.Random
            ) -> tuple[list[tuple[str, str, str]], list[str]]:
    """The member municipalities and their participants (id, municipality id, role)."""
    people: list[tuple[str, str, str]] = []  # participant id, municipality id, role
    municipality_ids: list[str] = []
    used_names: set[str] = set()
    for i, (number, cohort) in enumerate(MUNICIPALITIES):
        member = store.members.add(
            net_id, number, cohort=cohort, joined_on=today + timedelta(days=-280)
        )
        municipality_ids.append(member.municipality_id)
        for role in ROLE_SETS[i % len(ROLE_SETS)]:
            while True:
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                if name not in used_names:
                    used_names.add(name)
                    break
            email = None
            if role in (Role.CHIEF_EXECUTIVE, Role.FINANCE):
                local = name.lower().replace(" ", ".")
                for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a")):
                    local = local.replace(a, b)
                email = f"{local}@example.no"
            p = store.members.add_participant(net_id, member.municipality_id, name, role, email)
            people.append((p.id, member.municipality_id, role.value))
    return people, municipality_ids


def _gatherings(store: Store, net_id: str, theme_ids: list[str], today: date) -> list[Any]:
    """The six gatherings, by number."""
    gatherings = []
    for seq, (offset, kind, title, place, theme_idx) in enumerate(GATHERINGS, start=1):
        day = _weekday(today + timedelta(days=offset))
        g = store.gatherings.create(
            net_id,
            seq=seq,
            date=day,
            end_date=day + timedelta(days=1) if kind != GatheringKind.CLOSING else None,
            kind=kind,
            title=title,
            place=place,
            theme_ids=[theme_ids[i] for i in theme_idx],
            notes="",
        )
        gatherings.append(g)
    return gatherings


def _home_work(store: Store, net_id: str, calendar: Calendar[Any], municipality_ids: list[str],
               rng: random.Random) -> None:
    """Home work given at each held gathering, due at the next one, with statuses."""
    today = calendar.today
    for g_index, title, description in HOMEWORK:
        g = calendar.gatherings[g_index]
        if calendar.is_future(g):
            continue
        a = store.homework.give(net_id, g.id, title, description=description)
        due = a.due_date or today
        for k, mid in enumerate(municipality_ids):
            roll = rng.random()
            if due <= today:  # the cycle is closed: mostly done
                state = (HomeWorkState.REVIEWED if roll < 0.45 else
                         HomeWorkState.DELIVERED if roll < 0.8 else
                         HomeWorkState.IN_PROGRESS if roll < 0.93 else
                         HomeWorkState.NOT_STARTED)
            else:  # the current cycle: work under way
                state = (HomeWorkState.DELIVERED if roll < 0.25 else
                         HomeWorkState.IN_PROGRESS if roll < 0.7 else
                         HomeWorkState.NOT_STARTED)
            note = "Behandlet i formannskapet." if (k == 4 and state ==
                                                    HomeWorkState.REVIEWED) else ""
            when = min(due, today) - timedelta(days=rng.randint(1, 20))
            store.homework.set_status(a.id, mid, state, note=note, status_date=when)


def _meetings(store: Store, net_id: str, held: list[Any], people: list[tuple[str, str, str]],
              municipality_ids: list[str], theme_ids: list[str], today: date,
              rng: random.Random) -> None:
    """One or two municipality meetings per municipality: the first in an earlier cycle,
    the second (for most) in the current one, since the last gathering."""
    for k, mid in enumerate(municipality_ids):
        count = 2 if k % 3 != 2 else 1
        for j in range(count):
            if j == 0 and len(held) >= 2:
                lo = held[k % (len(held) - 1)]
                hi = held[k % (len(held) - 1) + 1]
                span = max(1, (hi.date - lo.date).days - 10)
                day = lo.date + timedelta(days=5 + rng.randint(0, span - 1))
            else:
                lo_date = held[-1].date if held else today - timedelta(days=30)
                span = max(1, (today - lo_date).days - 2)
                day = lo_date + timedelta(days=1 + rng.randint(0, span - 1))
            summary, decisions, follow_ups = MEETING_SUMMARIES[(k + j) % 3]
            present = [pid for pid, m, _ in people if m == mid and rng.random() < 0.8]
            store.meetings.log(
                net_id,
                mid,
                date=day,
                kind=MeetingKind.MUNICIPALITY_MEETING if j == 0 else
                (MeetingKind.VISIT if k % 2 else MeetingKind.STEERING_GROUP),
                place="Kommunestyresalen" if j == 0 else "Rådhuset",
                press_present=(j == 0 and k % 2 == 0),
                summary=summary,
                decisions=decisions,
                follow_ups=follow_ups,
                theme_ids=[theme_ids[2 + (k + j) % 4]],
                participant_ids=present,
                headcounts={Role.POLITICIAN.value: rng.randint(3, 12),
                            Role.SERVICE_LEADER.value: rng.randint(2, 6)} if j == 0 else {},
            )


def _evaluations(store: Store, held: list[Any], people: list[tuple[str, str, str]],
                 rng: random.Random) -> None:
    """Evaluations of the held gatherings: improving a little over the year."""
    for n_g, g in enumerate(held):
        questions = store.questions.freeze(g.id)
        marked = store.gatherings.attendance(g.id)
        present = [p for p in people if marked.get(p[0], False)]
        n_resp = max(5, int(len(present) * rng.uniform(0.75, 0.95)))
        base = 4.0 + 0.25 * n_g
        for r in range(n_resp):
            answers: dict[str, int | str | None] = {}
            for q in questions:
                if q.kind == QuestionKind.YES_NO:
                    answers[q.id] = 1 if rng.random() < 0.7 + 0.05 * n_g else 0
                elif q.kind == QuestionKind.SCALE:
                    if rng.random() < 0.04:
                        answers[q.id] = None
                        continue
                    shift = 0.3 if q.position == 2 else -0.1
                    score = round(rng.gauss(base + shift, 0.9))
                    answers[q.id] = min(6, max(1, score))
                else:
                    answers[q.id] = rng.choice(COMMENTS) if rng.random() < 0.35 else None
            # the giver's municipality and role, as typed from a paper form; the
            # store keeps only what names 5 or more present (privacy.kept_tags), so
            # in this small network mostly a role, now and then a municipality
            who = present[r % len(present)] if present and rng.random() < 0.6 else None
            store.evaluations.record(
                g.id,
                answers,
                source=ResponseSource.TYPED if r % 4 else ResponseSource.KIOSK,
                municipality_id=who[1] if who else None,
                role=who[2] if who else None,
                captured_at=datetime.combine(g.date, time(14, 0), tzinfo=UTC)
                + timedelta(minutes=r),
            )
