"""The summary as named tables of typed cells: the common ground of XLSX and CSV.

Each table is a title, a header and rows of Python values (str, int, float, date,
None). Numbers stay numbers and dates stay dates; the formats decide how to show
them. Suppressed breakdown cells are the word for "hidden", never a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from facilitator.cycle import CycleSummary
from facilitator.export.labels import Words

Cell = str | int | float | date | None


@dataclass(frozen=True)
class Table:
    key: str  # stable ASCII name (file and sheet base)
    title: str
    header: list[str]
    rows: list[list[Cell]]
    # column index → "percent" | "mean" | "sd" | "date" | "int" | "text"
    kinds: dict[int, str] = field(default_factory=dict)


def _question_text(w: Words, q: Any) -> str:
    return w.question(q.text_nb, q.text_en)


def build_tables(s: CycleSummary) -> list[Table]:
    w = Words(s.language)
    g = s.gathering
    tables: list[Table] = []

    tables.append(Table("summary", w("summary"), [w("summary"), ""], [
        [w("title", network=s.network, seq=g.seq, date=w.date(g.date)), None],
        [w("gathering"), f"{g.seq} {g.title}".strip()],
        [w("kind"), w.value(g.kind)],
        [w("date"), g.date],
        [w("place"), g.place],
        [w("themes"), ", ".join(g.themes)],
        [w("present"), s.present],
        [w("registered"), s.registered],
        [w("responses"), s.responses],
        [w("s.ahead"), (w("next", seq=s.next.seq, date=w.date(s.next.date), place=s.next.place)
                        if s.next else w("no_next"))],
    ], {1: "text"}))

    ev_rows: list[list[Cell]] = []
    for q in s.questions:
        if q.kind == "text":
            continue
        st = q.stats
        ci = st.share_yes_ci if q.kind == "yes_no" else st.mean_ci
        ev_rows.append([_question_text(w, q), st.n, st.skipped, st.response_rate, st.mean,
                        st.median, st.sd, st.share_good, st.share_yes,
                        ci[0] if ci else None, ci[1] if ci else None])
    tables.append(Table(
        "evaluation", w("s.evaluation"),
        [w("question"), w("n"), w("skipped"), w("rate"), w("mean"), w("median"), w("sd"),
         w("good"), w("yes"), w("ci") + " ↓", w("ci") + " ↑"],
        ev_rows,
        {1: "int", 2: "int", 3: "percent", 4: "mean", 5: "mean", 6: "sd", 7: "percent",
         8: "percent", 9: "ci", 10: "ci"},
    ))

    scales = [q for q in s.questions if q.kind == "scale"]
    tables.append(Table(
        "distribution", w("s.distribution"), [w("question"), "1", "2", "3", "4", "5", "6"],
        [[_question_text(w, q)] + [q.stats.distribution.get(k, 0) for k in range(1, 7)]
         for q in scales],
        {i: "int" for i in range(1, 7)},
    ))

    for attr, key in (("by_municipality", "by_municipality"), ("by_role", "by_role")):
        measured = [q for q in s.questions if q.kind != "text" and getattr(q, attr)]
        if not measured:
            continue
        groups = [grp for grp, _ in getattr(measured[0], attr)]
        rows: list[list[Cell]] = []
        for i, grp in enumerate(groups):
            row: list[Cell] = [grp if attr == "by_municipality" else w.value(grp)]
            for q in measured:
                st = getattr(q, attr)[i][1]
                if st is None:
                    row += [w("suppressed"), w("suppressed")]
                else:
                    row += [st.n, st.share_yes if q.kind == "yes_no" else st.mean]
            rows.append(row)
        header = [w("municipality") if attr == "by_municipality" else w("role")]
        kinds: dict[int, str] = {}
        for j, q in enumerate(measured):
            header += [f"{_question_text(w, q)}: {w('n')}", f"{_question_text(w, q)}: "
                       + (w("yes") if q.kind == "yes_no" else w("mean"))]
            kinds[1 + 2 * j] = "int"
            kinds[2 + 2 * j] = "percent" if q.kind == "yes_no" else "mean"
        tables.append(Table(key, w(key), header, rows, kinds))

    tables.append(Table("comments", w("s.comments"), [w("s.comments")],
                        [[c] for c in s.comments], {0: "text"}))

    hw_header = [w("municipality")] + [a.title for a in s.homework]
    hw_rows: list[list[Cell]] = [[mun] + [w.value(st) for st in statuses]
                                 for mun, statuses in s.pivot]
    tables.append(Table("homework", w("s.homework"), hw_header, hw_rows))
    notes: list[list[Cell]] = [[a.title, a.due, mun, w.value(st), d, note]
                               for a in s.homework for mun, st, d, note in a.statuses]
    tables.append(Table("homework_detail", w("s.homework") + " – " + w("note"),
                        [w("assignment"), w("due"), w("municipality"), w("status"), w("date"),
                         w("note")], notes, {1: "date", 4: "date", 5: "text"}))

    tables.append(Table(
        "meetings", w("s.meetings"),
        [w("date"), w("municipality"), w("kind"), w("place"), w("people"), w("press"),
         w("themes"), w("summary"), w("decisions"), w("follow_ups"), w("missing", parties="")
         .rstrip(": ")],
        [[m.date, m.municipality, w.value(m.kind), m.place, m.people,
          w("yes_word") if m.press_present else w("no_word"), ", ".join(m.themes), m.summary,
          m.decisions, m.follow_ups, ", ".join(w("party." + p) for p in m.missing_parties)]
         for m in s.meetings],
        {0: "date", 4: "int", 7: "text", 8: "text", 9: "text"},
    ))

    tables.append(Table("attendance_municipality", w("s.attendance") + " – " + w("municipality"),
                        [w("municipality"), w("present")],
                        [[m, n] for m, n in s.attendance_by_municipality()], {1: "int"}))
    tables.append(Table("attendance_role", w("s.attendance") + " – " + w("role"),
                        [w("role"), w("present")],
                        [[w.value(r), n] for r, n in s.attendance_by_role()], {1: "int"}))
    if s.attendance_names:
        tables.append(Table("attendance_names", w("s.names"),
                            [w("municipality"), w("name"), w("role")],
                            [[m, n, w.value(r)] for m, n, r in s.attendance_names]))

    labels = s.trend_questions_en if s.language == "en" else s.trend_questions
    tables.append(Table(
        "trend", w("s.trend"),
        [w("gathering"), w("date"), w("responses"), w("yes"), *labels],
        [[r.seq, r.date, r.responses, r.share_yes, *r.means] for r in s.trend],
        {0: "int", 1: "date", 2: "int", 3: "percent",
         **{4 + i: "mean" for i in range(len(labels))}},
    ))
    return tables
