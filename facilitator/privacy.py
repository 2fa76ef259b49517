"""Which municipality and role tags an evaluation response may carry. Pure, no I/O.

An evaluation response is anonymous, but a tag narrows down who gave it: "Bø" at a
gathering where three people from Bø were present names one of three people, and
"Bø · kommunedirektør" names one person. So a tag is stored only when the group it
names *at that gathering* has at least `MIN_GROUP` people: the municipality alone,
the role alone, and the pair.

Who counts: the people marked present at the gathering; where attendance was not
taken (no attendance row at all for the gathering, neither present nor absent), the
participants registered in the network that are active and whose municipality was a
member on the gathering's date. The store counts (`store.evaluations.group_sizes`), this module
decides (`kept_tags`), and the store applies the decision inside the transaction that
writes the response.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

MIN_GROUP = 5  # the same threshold as the summaries' breakdowns (stats.MIN_N)


def kept_tags(
    municipality: str | None,
    role: str | None,
    *,
    municipality_n: int,
    role_n: int,
    pair_n: int,
    min_n: int = MIN_GROUP,
) -> tuple[str | None, str | None]:
    """The tags that may be stored, given how many people each group has.

    `municipality_n` people of that municipality, `role_n` people with that role and
    `pair_n` people with both were at the gathering (counts for a tag not given are
    ignored). The pair is kept only if all three groups have at least `min_n` people;
    otherwise the municipality alone if it has, else the role alone if it has, else
    nothing.

    The pair needs its own count because two tags together name the people who have
    both, and that group can be far smaller than either: ten people from Andøy and
    eight chief executives in the room may still mean one chief executive from Andøy,
    and "Andøy · kommunedirektør" then names that one person.
    """
    mun_ok = municipality is not None and municipality_n >= min_n
    role_ok = role is not None and role_n >= min_n
    if mun_ok and role_ok and pair_n >= min_n:
        return municipality, role
    if mun_ok:
        return municipality, None
    if role_ok:
        return None, role
    return None, None


@dataclass(frozen=True)
class GroupSizes:
    """How many people each tag names at one gathering (see the module's docstring)."""

    attendance_taken: bool
    pairs: Mapping[tuple[str, str], int] = field(default_factory=dict)
    municipalities: Mapping[str, int] = field(default_factory=dict)
    roles: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_pairs(cls, pairs: Mapping[tuple[str, str], int], *, attendance_taken: bool
                   ) -> GroupSizes:
        """From the count per (municipality id, role): the municipality and the role
        totals are the sums over the other tag."""
        municipalities: dict[str, int] = {}
        roles: dict[str, int] = {}
        for (mun, role), n in pairs.items():
            municipalities[mun] = municipalities.get(mun, 0) + n
            roles[role] = roles.get(role, 0) + n
        return cls(attendance_taken, dict(pairs), municipalities, roles)

    def decide(self, municipality: str | None, role: str | None) -> Tags:
        """`kept_tags` with this gathering's counts, and what was dropped."""
        kept_mun, kept_role = kept_tags(
            municipality, role,
            municipality_n=self.municipalities.get(municipality or "", 0),
            role_n=self.roles.get(role or "", 0),
            pair_n=self.pairs.get((municipality or "", role or ""), 0),
        )
        return Tags(kept_mun, kept_role,
                    dropped_municipality=municipality is not None and kept_mun is None,
                    dropped_role=role is not None and kept_role is None)


@dataclass(frozen=True)
class Tags:
    """The tags stored on a response, and which of the given ones were not."""

    municipality_id: str | None
    role: str | None
    dropped_municipality: bool = False
    dropped_role: bool = False

    @property
    def dropped(self) -> bool:
        return self.dropped_municipality or self.dropped_role


@dataclass(frozen=True)
class Recorded:
    """A response on disk: its id and the tags it carries (`store.evaluations.record`)."""

    id: str
    tags: Tags


@dataclass(frozen=True)
class DroppedCount:
    """How many responses of an import lost their municipality / their role (counts
    only: never which lines, or a reader of the report could put the two together)."""

    municipalities: int = 0
    roles: int = 0

    def add(self, tags: Tags) -> DroppedCount:
        return DroppedCount(self.municipalities + tags.dropped_municipality,
                            self.roles + tags.dropped_role)

    def __bool__(self) -> bool:
        return bool(self.municipalities or self.roles)


def dropped_line(tags: Tags, *, future: bool = False) -> str:
    """One line for the adviser: which tag is (or will be) not stored, and why."""
    from facilitator.i18n import t

    if not tags.dropped:
        return ""
    which = ("both" if tags.dropped_municipality and tags.dropped_role
             else "municipality" if tags.dropped_municipality else "role")
    return t(f"privacy.{'will_drop' if future else 'dropped'}.{which}", n=MIN_GROUP)


def dropped_count_line(count: DroppedCount, *, future: bool = False) -> str:
    """The import's line: "3 svar lagres uten kommune og 2 uten rolle …", or ""."""
    from facilitator.i18n import t

    if not count:
        return ""
    tense = "will_drop" if future else "dropped"
    if count.municipalities and count.roles:
        return t(f"privacy.import.{tense}.both", municipalities=count.municipalities,
                 roles=count.roles, n=MIN_GROUP)
    if count.municipalities:
        return t(f"privacy.import.{tense}.municipality", count=count.municipalities,
                 n=MIN_GROUP)
    return t(f"privacy.import.{tense}.role", count=count.roles, n=MIN_GROUP)
