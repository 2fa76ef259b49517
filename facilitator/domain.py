"""Domain vocabulary shared by every layer.

Kept free of heavy imports (no sqlmodel, no Textual) so the first screen and the
command line can use it cheaply. Values are stored as these strings in the database.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Generic, TypeVar

T = TypeVar("T")
G = TypeVar("G")  # a gathering: any object with `seq` and `date` (a row, a view, a ref)


class Role(StrEnum):
    MAYOR = "ordforer"
    DEPUTY_MAYOR = "varaordforer"
    POLITICIAN = "politiker"
    CHIEF_EXECUTIVE = "kommunedirektor"
    FINANCE = "okonomisjef"
    STAFF = "stab"
    SERVICE_LEADER = "tjenesteleder"
    UNION_REP = "tillitsvalgt"
    SAFETY_REP = "verneombud"
    OTHER = "annet"


# The three parties of three-party cooperation (trepartssamarbeid).
POLITICAL_ROLES = frozenset({Role.MAYOR, Role.DEPUTY_MAYOR, Role.POLITICIAN})
ADMINISTRATION_ROLES = frozenset(
    {Role.CHIEF_EXECUTIVE, Role.FINANCE, Role.STAFF, Role.SERVICE_LEADER}
)
EMPLOYEE_ROLES = frozenset({Role.UNION_REP, Role.SAFETY_REP})
# People counted by role at a municipality meeting: more is a slip of the keyboard.
MAX_HEADCOUNT = 9999
# Gathering numbers run from 1 to this (a longer number is a slip of the keyboard).
MAX_SEQ = 999


class GatheringKind(StrEnum):
    STARTUP = "oppstart"
    NETWORK = "nettverkssamling"
    CENTRAL = "sentral_samling"
    PROJECT_LEADERS = "prosjektledersamling"
    CONFERENCE = "konferanse"
    CLOSING = "avslutning"


class HomeWorkState(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DELIVERED = "delivered"
    REVIEWED = "reviewed"


class MeetingKind(StrEnum):
    MUNICIPALITY_MEETING = "kommunemote"
    VISIT = "kommunebesok"
    STEERING_GROUP = "styringsgruppemote"


class QuestionKind(StrEnum):
    SCALE = "scale"  # 1..6, 6 best
    YES_NO = "yes_no"  # stored as 1 (yes) / 0 (no)
    TEXT = "text"


class ResponseSource(StrEnum):
    TYPED = "typed"
    KIOSK = "kiosk"
    IMPORT = "import"


class Language(StrEnum):
    NB = "nb"
    NN = "nn"
    EN = "en"


SCALE_MIN = 1
SCALE_MAX = 6


def fold(text: str) -> str:
    """Fold text for type-ahead search: case-insensitive and æøå-insensitive.

    "okses" finds "Øksnes", "malselv" finds "Målselv", "baerum" finds "Bærum".
    """
    # Decompose and drop accents before mapping æ/ø and lowering once more, so that
    # compatibility and accented forms ("ℌ", "Ǽ") fold all the way: fold(fold(x)) == fold(x).
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return text.replace("æ", "ae").replace("ø", "o").replace("å", "a")




SORT_KEY_CHARS = 200  # what decides the order: no name is longer (see limits)
# Æ, Ø, Å sort after z, in this order (Swedish ä and ö with æ and ø)
_SORT_FOLD = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})


def norwegian_key(text: str) -> tuple[str, str]:
    """Sort key for Norwegian collation: A–Z, then Æ, Ø, Å; case-insensitive.

    Other accented letters sort with their base letter (é with e, ü with u). Only the
    first SORT_KEY_CHARS characters decide (the text itself breaks ties): a stored text
    of any length sorts in the time a name does.
    """
    head = text[:SORT_KEY_CHARS].casefold().translate(_SORT_FOLD)
    out = []
    for ch in head:
        base = unicodedata.normalize("NFKD", ch) if ch > "\x7f" else ch
        out.append("".join(c for c in base if not unicodedata.combining(c)) or ch)
    return ("".join(out), text)


def municipality_matches(query: str, municipalities: Sequence[T], limit: int | None = None
                         ) -> list[T]:
    """Type-ahead over municipalities (objects with `number` and `name`, in list order):
    a number prefix first, then names by `match_rank`."""
    q = query.strip()
    ranked = []
    for order, m in enumerate(municipalities):
        number, name = m.number, m.name  # type: ignore[attr-defined]
        rank = 0 if q and number.startswith(q) else match_rank(q, name)
        if rank is not None:
            ranked.append((rank, order, m))
    found = [m for _r, _o, m in sorted(ranked, key=lambda r: r[:2])]
    return found if limit is None else found[:limit]


def match_rank(query: str, text: str) -> int | None:
    """How well a type-ahead query matches a text: 0 prefix, 1 contained or a word
    starts with it, 2 its letters appear in order (from 3 letters: "okses" → Øksnes);
    None for no match. Both sides are folded (case- and æøå-insensitive)."""
    q, hay = fold(query.strip()), fold(text)
    if not q or hay.startswith(q):
        return 0
    if q in hay:
        return 1
    if len(q) >= 3:
        letters = iter(hay)
        if all(ch in letters for ch in q):
            return 2
    return None


def member_at(member: Any, day: date) -> bool:
    """Was the membership in force on `day`: joined on or before it, not left before it."""
    joined, left = member.joined_on, member.left_on
    return (joined is None or joined <= day) and (left is None or left >= day)


@dataclass(frozen=True)
class GatheringFacts:
    """What a gathering is, as a list row (`records.GatheringRow`) and the cycle summary
    (`cycle.GatheringInfo`) both show it."""

    seq: int
    kind: str
    title: str
    date: date
    end_date: date | None
    place: str


class Calendar(Generic[G]):
    """A network's gatherings seen from one day. A gathering is held when it starts on
    or before `today`; one that starts after it is in the future (not held yet).

    Built from the gatherings in the order the caller has them (the store's: by number)
    and today's date; `held` and `ahead` keep that order. A gathering that is not in
    the list can be asked about too (`is_held`, `days_until`)."""

    def __init__(self, today: date, gatherings: Iterable[G] = ()) -> None:
        self.today = today
        self.gatherings: list[G] = list(gatherings)

    def is_held(self, gathering: G) -> bool:
        """It started on or before today."""
        return bool(gathering.date <= self.today)  # type: ignore[attr-defined]

    def is_future(self, gathering: G) -> bool:
        """It starts after today: not held yet."""
        return not self.is_held(gathering)

    def is_over(self, gathering: G) -> bool:
        """Its last day (the end date, else the date) is before today: neither ahead
        nor going on today."""
        last_day = getattr(gathering, "end_date", None) or gathering.date  # type: ignore[attr-defined]
        return bool(last_day < self.today)

    def days_until(self, gathering: G) -> int:
        """Days from today to the gathering's date (1 for tomorrow, negative if past)."""
        return (gathering.date - self.today).days  # type: ignore[attr-defined]

    @property
    def held(self) -> list[G]:
        """The gatherings held, in the order given."""
        return [g for g in self.gatherings if self.is_held(g)]

    @property
    def ahead(self) -> list[G]:
        """The gatherings not held yet, in the order given."""
        return [g for g in self.gatherings if not self.is_held(g)]

    def last_held(self) -> G | None:
        """The latest gathering held (by date, then number); None before the first."""
        held = self.held
        return max(held, key=_when) if held else None

    def next(self) -> G | None:
        """The first gathering after today (by date, then number); None after the last."""
        ahead = self.ahead
        return min(ahead, key=_when) if ahead else None


def _when(gathering: Any) -> tuple[date, int]:
    return gathering.date, gathering.seq
