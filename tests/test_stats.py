"""Statistics against plain re-computations, and the suppression rule."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from facilitator import stats

scores = st.lists(st.one_of(st.none(), st.integers(1, 6)), max_size=200)
yes_no = st.lists(st.one_of(st.none(), st.integers(0, 1)), max_size=200)


@given(scores, st.one_of(st.none(), st.integers(1, 400)))
def test_scale_stats_match_plain_computation(answers, attendance) -> None:
    s = stats.scale_stats(answers, attendance)
    values = [a for a in answers if a is not None]
    assert s.n == len(values)
    assert s.skipped == len(answers) - len(values)
    assert sum(s.distribution.values()) == s.n
    assert all(s.distribution[k] == values.count(k) for k in range(1, 7))
    if values:
        assert s.mean == pytest.approx(statistics.fmean(values))
        assert s.median == pytest.approx(statistics.median(values))
        assert s.share_good == pytest.approx(sum(v >= 4 for v in values) / len(values))
    else:
        assert s.mean is s.median is s.share_good is None
    if len(values) >= 2:
        assert s.sd == pytest.approx(statistics.stdev(values))
    else:
        assert s.sd is None
    if attendance:
        assert s.response_rate == pytest.approx(len(values) / attendance)
    else:
        assert s.response_rate is None
    # intervals only from n ≥ 5, and they contain the estimate
    if len(values) < 5:
        assert s.mean_ci is None and s.share_good_ci is None
    else:
        lo, hi = s.mean_ci
        assert lo <= s.mean <= hi
        lo, hi = s.share_good_ci
        assert 0 <= lo <= s.share_good <= hi <= 1


@given(yes_no)
def test_yes_no_stats(answers) -> None:
    s = stats.yes_no_stats(answers)
    values = [a for a in answers if a is not None]
    assert s.n == len(values) and s.yes == sum(values)
    if values:
        assert s.share_yes == pytest.approx(sum(values) / len(values))
    if len(values) >= 5:
        lo, hi = s.share_yes_ci
        assert 0 <= lo <= s.share_yes <= hi <= 1
    else:
        assert s.share_yes_ci is None


@given(st.integers(5, 2000), st.data())
def test_wilson_against_formula(n, data) -> None:
    k = data.draw(st.integers(0, n))
    z = 1.959963984540054
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lo, hi = stats.wilson(k, n)
    assert lo == pytest.approx(max(0, centre - half), abs=1e-12)
    assert hi == pytest.approx(min(1, centre + half), abs=1e-12)


def test_known_values() -> None:
    # t quantiles from published tables
    assert stats.t_critical(4) == pytest.approx(2.776445, abs=1e-6)
    assert stats.t_critical(40) == pytest.approx(2.021075, abs=1e-5)
    assert stats.t_critical(60) == pytest.approx(2.000298, abs=1e-5)
    assert stats.t_critical(120) == pytest.approx(1.979930, abs=1e-5)
    # Wilson for 8 of 10: 0.490–0.943
    lo, hi = stats.wilson(8, 10)
    assert (round(lo, 3), round(hi, 3)) == (0.490, 0.943)
    # mean of 4,5,5,6,4: CI 4.8 ± 2.776 * 0.8367 / √5
    lo, hi = stats.t_interval([4, 5, 5, 6, 4])
    assert lo == pytest.approx(4.8 - 2.776445 * statistics.stdev([4, 5, 5, 6, 4]) / math.sqrt(5))
    assert stats.t_interval([4, 5, 5, 6]) is None


@given(st.integers(1, 2000))
def test_t_critical_decreases_towards_normal(df) -> None:
    assert stats.t_critical(df) > stats.t_critical(df + 1) > 1.959963984540054


def test_out_of_range_answers_are_refused() -> None:
    with pytest.raises(ValueError):
        stats.scale_stats([7])
    with pytest.raises(ValueError):
        stats.yes_no_stats([2])


counts = st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 30), max_size=12)


@given(counts)
def test_suppression_rule(cells) -> None:
    hidden = stats.suppressed_cells(cells)
    # every small cell is hidden, an empty one too (the same mark as a small one)
    assert {k for k, n in cells.items() if n < 5} <= hidden
    # once anything is hidden, at least two hidden cells hold answers (when there are
    # two cells with answers at all): otherwise total − shown cells would reveal one, or
    # show that the hidden ones are empty
    non_empty = [k for k, n in cells.items() if n > 0]
    if hidden and len(non_empty) >= 2:
        assert sum(1 for k in hidden if cells[k] > 0) >= 2
    # nothing hidden without need
    if all(n >= 5 for n in cells.values()):
        assert hidden == set()


GROUPS = ["Andøy", "Bø", "Hadsel", "Målselv", "ikke oppgitt", "utenfor"]
answers = st.lists(st.one_of(st.none(), st.integers(1, 6)), max_size=14)
tables = st.tuples(
    st.lists(st.sampled_from(["scale", "yes_no"]), min_size=1, max_size=3),
    st.lists(st.tuples(st.sampled_from(GROUPS), st.lists(st.one_of(st.none(),
                                                                 st.integers(1, 6)),
                                                       min_size=3, max_size=3)),
             max_size=40),
)


def _table(kinds, responses):
    """Per question (kind), every group's answers: responses are (group, 3 answers)."""
    out = []
    for j, kind in enumerate(kinds):
        cells = {g: [] for g in GROUPS}
        for group, values in responses:
            v = values[j]
            cells[group].append(None if v is None else (v % 2 if kind == "yes_no" else v))
        out.append((kind, cells))
    return out


@given(tables)
def test_no_hidden_group_can_be_worked_out_from_the_totals(table) -> None:
    """The reader's attack: total − the shown groups, per question, for n and for the
    sum of answers (so the mean, or the share yes). It never gives one hidden group's
    n or mean, nor shows that the hidden groups are empty; "utenfor" (answers from
    outside the table) is counted but never printed."""
    kinds, responses = table
    questions = _table(kinds, responses)
    result = stats.breakdown_table(questions, never_shown={"utenfor"})
    for (kind, cells), shown in zip(questions, result, strict=True):
        assert "utenfor" not in shown
        assert set(shown) == set(GROUPS) - {"utenfor"}  # every group is a row
        values = {g: [v for v in vs if v is not None] for g, vs in cells.items()}
        total_n = sum(len(v) for v in values.values())
        total_sum = sum(sum(v) for v in values.values())
        seen_n = sum(q.n for q in shown.values() if q is not None)
        seen_sum = sum(round(q.mean * q.n) if kind == "scale" else q.yes
                       for q in shown.values() if q is not None and q.n)
        rest_n, rest_sum = total_n - seen_n, total_sum - seen_sum
        hidden = [g for g in GROUPS if (g == "utenfor" and values[g])
                  or (g != "utenfor" and shown[g] is None)]
        answered = [g for g in GROUPS if values[g]]
        for q in shown.values():
            assert q is None or q.n >= 5  # shown groups are never small, never empty
        if len(answered) < 2:
            continue  # one group holds every answer: the gathering's figures are its own
        if hidden:
            # some row says "hidden" (or answers are left out): what is left over spans
            # two groups with answers
            assert sum(1 for g in hidden if values[g]) >= 2
            assert rest_n > 0
            for g in hidden:
                if values[g]:
                    assert (rest_n, rest_sum) != (len(values[g]), sum(values[g]))
                    assert rest_n > len(values[g])


@given(tables)
@example((["scale", "scale"], [("Andøy", [5, 5, 5])] * 4 + [("Andøy", [5, None, 5])]
          + [("Bø", [4, 4, 4])] * 9 + [("Hadsel", [3, 3, 3])] * 2
          + [("Målselv", [2, 2, 2])] * 3))
def test_a_group_is_hidden_in_every_question_or_in_none(table) -> None:
    """Andøy: 5 answers to the first question, 4 to the second. Shown in the first, its
    n would give away its hidden n in the second (the responses are the same)."""
    kinds, responses = table
    result = stats.breakdown_table(_table(kinds, responses), never_shown={"utenfor"})
    for group in set(GROUPS) - {"utenfor"}:
        assert len({row[group] is None for row in result}) == 1, group


def test_an_empty_group_protects_nobody() -> None:
    """Andøy 10, Bø 7, three untagged; Hadsel and Målselv nobody. The untagged group is
    small; Hadsel's 0 must not be what hides it, so Bø is hidden too."""
    groups = {"Andøy": [5] * 10, "Bø": [4] * 7, "Hadsel": [], "Målselv": [],
              "ikke oppgitt": [2, 3, 6]}
    result = stats.breakdown(groups, "scale")
    assert {g for g, st in result.items() if st is None} == {
        "Bø", "Hadsel", "Målselv", "ikke oppgitt"}
    assert result["Andøy"].n == 10
    # all answered and large: nothing hidden; one empty group makes two others hidden
    assert None not in stats.breakdown({"A": [5] * 6, "B": [4] * 5}, "scale").values()
    two_hidden = stats.breakdown({"A": [5] * 6, "B": [4] * 5, "C": [5] * 9, "D": []},
                                 "scale")
    assert {g for g, st in two_hidden.items() if st is None} == {"A", "B", "D"}


def test_breakdown_hides_small_groups_and_their_complement() -> None:
    groups = {"Bø": [5, 6, 4], "Hadsel": [4, 4, 5, 5, 6, 6], "Andøy": [3, 4, 5, 6, 2, 1, 4]}
    result = stats.breakdown(groups, "scale")
    assert result["Bø"] is None
    assert result["Hadsel"] is None  # the smallest other cell, hidden as complement
    assert result["Andøy"].n == 7
    with pytest.raises(ValueError):
        stats.breakdown({"Bø": ["tekst"]}, "text")
