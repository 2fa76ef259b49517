"""Statistics of evaluation answers. Pure functions, no I/O, no UI, no pandas.

Scales run 1–6 (6 best). Yes/no answers are 1 (yes) / 0 (no). `None` means skipped.
Intervals (t for means, Wilson for shares, 95 %) are given only when n ≥ MIN_N, and
breakdowns by municipality or role suppress cells with fewer than MIN_N answers,
including the one extra cell that would let a reader work a suppressed value out
from the total.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
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


def suppressed_cells(counts: Mapping[K, int], min_n: int = MIN_N) -> set[K]:
    """The cells of a breakdown that must not be shown.

    Every cell with 1 ≤ n < min_n is suppressed. When that leaves exactly one cell
    hidden, the total would give it away, so the smallest other non-empty cell is
    hidden too (ties broken by the key's order of appearance).
    """
    primary = {k for k, n in counts.items() if 0 < n < min_n}
    if len(primary) == 1:
        others = [(n, i, k) for i, (k, n) in enumerate(counts.items())
                  if k not in primary and n > 0]
        if others:
            primary.add(min(others)[2])
    return primary


def breakdown(
    groups: Mapping[K, Sequence[int | None]], kind: str, min_n: int = MIN_N
) -> dict[K, QuestionStats | None]:
    """Statistics per group (municipality or role); None for a suppressed group.

    Free text is never broken down: pass only scale or yes/no answers.
    """
    if kind == "text":
        raise ValueError("free text is never shown per group")
    counts = {k: sum(1 for a in v if a is not None) for k, v in groups.items()}
    hidden = suppressed_cells(counts, min_n)
    return {k: None if k in hidden else question_stats(kind, v) for k, v in groups.items()}
