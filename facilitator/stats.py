"""Statistics of evaluation answers. Pure functions, no I/O, no UI, no pandas.

Scales run 1–6 (6 best). Yes/no answers are 1 (yes) / 0 (no). `None` means skipped.
Intervals (t for means, Wilson for shares, 95 %) are given only when n ≥ MIN_N, and
breakdowns by municipality or role hide groups with fewer than MIN_N answers (none
included), and more where needed, so that no hidden group can be worked out from the
total (`suppressed_groups`).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

MIN_N = 5
SCALE = (1, 2, 3, 4, 5, 6)
GOOD = 4  # "share scoring 4 or better"
Z95 = 1.959963984540054

K = TypeVar("K", bound=Hashable)

# Two-sided 95 % critical values of Student's t for 1..30 degrees of freedom.
_T975 = (
    12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851,
    2.364624252, 2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830,
    2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040,
    2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
    2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
)


def t_critical(df: int) -> float:
    """The 97.5 % quantile of Student's t with `df` degrees of freedom."""
    if df < 1:
        raise ValueError("df must be ≥ 1")
    if df <= len(_T975):
        return _T975[df - 1]
    # Cornish–Fisher expansion around the normal quantile; error < 1e-6 for df > 30.
    z = Z95
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


def sample_sd(values: Sequence[float]) -> float | None:
    """Sample standard deviation (n − 1); None below two values."""
    if len(values) < 2:
        return None
    m = math.fsum(values) / len(values)
    return math.sqrt(math.fsum((v - m) ** 2 for v in values) / (len(values) - 1))


def t_interval(values: Sequence[float]) -> tuple[float, float] | None:
    """95 % confidence interval for the mean; None when n < MIN_N."""
    n = len(values)
    if n < MIN_N:
        return None
    m = math.fsum(values) / n
    sd = sample_sd(values) or 0.0
    half = t_critical(n - 1) * sd / math.sqrt(n)
    return (m - half, m + half)


def wilson(k: int, n: int) -> tuple[float, float] | None:
    """95 % Wilson score interval for k successes of n; None when n < MIN_N."""
    if n < MIN_N:
        return None
    if not 0 <= k <= n:
        raise ValueError("k must be between 0 and n")
    p = k / n
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    lo = 0.0 if k == 0 else max(0.0, centre - half)  # exact at the ends: no rounding
    hi = 1.0 if k == n else min(1.0, centre + half)
    return (lo, hi)


@dataclass(frozen=True)
class QuestionStats:
    """Everything the reports show about one question."""

    kind: str  # "scale" | "yes_no" | "text"
    n: int  # answered
    skipped: int
    response_rate: float | None  # answered / present at the gathering
    mean: float | None = None
    median: float | None = None
    sd: float | None = None
    distribution: dict[int, int] = field(default_factory=dict)  # 1..6 → count
    share_good: float | None = None  # share scoring ≥ 4
    share_good_ci: tuple[float, float] | None = None
    mean_ci: tuple[float, float] | None = None
    share_yes: float | None = None
    share_yes_ci: tuple[float, float] | None = None
    yes: int = 0


def _rate(n: int, attendance: int | None) -> float | None:
    return n / attendance if attendance else None


def scale_stats(answers: Iterable[int | None], attendance: int | None = None) -> QuestionStats:
    """Statistics of a 1–6 question. `None` answers count as skipped."""
    given = [a for a in answers]
    values = [a for a in given if a is not None]
    for v in values:
        if v not in SCALE:
            raise ValueError(f"scale answer out of range: {v!r}")
    n = len(values)
    good = sum(1 for v in values if v >= GOOD)
    return QuestionStats(
        kind="scale",
        n=n,
        skipped=len(given) - n,
        response_rate=_rate(n, attendance),
        mean=mean(values),
        median=median(values),
        sd=sample_sd(values),
        distribution={s: values.count(s) for s in SCALE},
        share_good=good / n if n else None,
        share_good_ci=wilson(good, n),
        mean_ci=t_interval(values),
    )


def yes_no_stats(answers: Iterable[int | None], attendance: int | None = None) -> QuestionStats:
    """Statistics of a yes/no question (1 yes, 0 no, None skipped)."""
    given = [a for a in answers]
    values = [a for a in given if a is not None]
    for v in values:
        if v not in (0, 1):
            raise ValueError(f"yes/no answer must be 0 or 1: {v!r}")
    n = len(values)
    yes = sum(values)
    return QuestionStats(
        kind="yes_no",
        n=n,
        skipped=len(given) - n,
        response_rate=_rate(n, attendance),
        share_yes=yes / n if n else None,
        share_yes_ci=wilson(yes, n),
        yes=yes,
    )


def text_stats(answers: Iterable[str | None], attendance: int | None = None) -> QuestionStats:
    given = list(answers)
    n = sum(1 for a in given if a is not None and a.strip())
    return QuestionStats(kind="text", n=n, skipped=len(given) - n,
                         response_rate=_rate(n, attendance))


def question_stats(kind: str, answers: Sequence[int | str | None],
                   attendance: int | None = None) -> QuestionStats:
    if kind == "scale":
        return scale_stats(answers, attendance)  # type: ignore[arg-type]
    if kind == "yes_no":
        return yes_no_stats(answers, attendance)  # type: ignore[arg-type]
    return text_stats(answers, attendance)  # type: ignore[arg-type]


def suppressed_cells(counts: Mapping[K, int], min_n: int = MIN_N,
                     never_shown: Collection[K] = ()) -> set[K]:
    """The cells of a one-question breakdown that must not be shown (see
    `suppressed_groups`, of which this is the case of one question)."""
    return suppressed_groups([counts], min_n, never_shown)


def suppressed_groups(counts: Sequence[Mapping[K, int]], min_n: int = MIN_N,
                      never_shown: Collection[K] = ()) -> set[K]:
    """The groups (rows) of a breakdown table that must not be shown.

    `counts` holds, per question, the answers per group; every group of the table is
    a key of each mapping (a group nobody answered from has 0). A group is hidden in
    every question or in none, so that a count shown for one question cannot give
    away a hidden count of another (with no skips, a group's counts are equal).

    1. Hidden: every group with fewer than `min_n` answers to some question, none
       included: an empty group bears the same mark as a small one (a missing or
       visibly empty row would say nobody from there answered). Groups in
       `never_shown` (answers from outside the table's groups) are hidden too, when
       they have answers; they are counted, never printed.
    2. Complementary cells: the total minus the shown groups is what the hidden groups
       hold together. So, once any group is hidden, at least two hidden groups must
       have answers to every question: with one, the difference would be that group's
       n and mean; with none, it would show that every hidden group is empty. An
       empty group never counts as this protection (the reader may know it is empty,
       from the attendance, say). Where a question falls short, its smallest shown
       groups with answers are hidden too (ties broken by the key's order of
       appearance), until no question does.

    The one case this cannot mend is a question answered by a single group in all:
    everything is hidden, and the gathering's own figures are that group's.
    """
    keys = list(dict.fromkeys(k for c in counts for k in c))
    never = set(never_shown)
    hidden = {k for k in keys
              if (k in never and any(c.get(k, 0) > 0 for c in counts))
              or (k not in never and any(c.get(k, 0) < min_n for c in counts))}
    changed = bool(hidden)
    while changed:
        changed = False
        for c in counts:
            answered = sum(1 for k in hidden if c.get(k, 0) > 0)
            if answered >= 2:
                continue
            shown = sorted((c.get(k, 0), i, k) for i, k in enumerate(keys)
                           if k not in hidden and c.get(k, 0) > 0)
            for _n, _i, k in shown[:2 - answered]:
                hidden.add(k)
                changed = True
    return hidden


def breakdown(
    groups: Mapping[K, Sequence[int | None]], kind: str, min_n: int = MIN_N,
    never_shown: Collection[K] = (),
) -> dict[K, QuestionStats | None]:
    """Statistics per group (municipality or role) of one question; None for a
    suppressed group. Free text is never broken down: pass only scale or yes/no
    answers."""
    return breakdown_table([(kind, groups)], min_n, never_shown)[0]


def breakdown_table(
    questions: Sequence[tuple[str, Mapping[K, Sequence[int | None]]]], min_n: int = MIN_N,
    never_shown: Collection[K] = (),
) -> list[dict[K, QuestionStats | None]]:
    """A breakdown of several questions by the same groups: per question, statistics
    per group, None for a hidden group (the same groups in every question: see
    `suppressed_groups`). Each question's mapping lists every group of the table, with
    an empty list where nobody from it answered; `never_shown` groups are counted for
    the rule and left out of the result."""
    if any(kind == "text" for kind, _ in questions):
        raise ValueError("free text is never shown per group")
    counts = [{k: sum(1 for a in v if a is not None) for k, v in groups.items()}
              for _kind, groups in questions]
    hidden = suppressed_groups(counts, min_n, never_shown)
    skip = set(never_shown)
    return [{k: None if k in hidden else question_stats(kind, v)
             for k, v in groups.items() if k not in skip}
            for kind, groups in questions]
