"""The summary as named tables of typed cells: the common ground of XLSX and CSV.

Each table is a name, a header and rows of Python values (str, int, float, date,
None). Numbers stay numbers and dates stay dates; the formats decide how to show
them. Suppressed breakdown cells are the word for "hidden", never a number. The name
is the XLSX sheet's and, as ASCII, the CSV file's ("Hjemmearbeid detaljer" →
hjemmearbeid-detaljer.csv), so the two are plainly the same table. Shares (and their
intervals) are fractions of kind "percent"; a response rate above 100 % (more
responses than attendance) is never given: its cells say why instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from facilitator.cycle import CycleSummary
from facilitator.export.words import Words

Cell = str | int | float | date | None


@dataclass(frozen=True)
class Table:
    key: str  # stable ASCII key
    title: str  # the sheet name (≤ 31 characters); the CSV file name is its ASCII form
    header: list[str]
    rows: list[list[Cell]]
    # column index → "percent" | "mean" | "sd" | "date" | "int" | "text"
    kinds: dict[int, str] = field(default_factory=dict)
    # (row index, column index) → kind, where one cell differs from its column
    cell_kinds: dict[tuple[int, int], str] = field(default_factory=dict)

    def kind(self, row: int, col: int) -> str | None:
        return self.cell_kinds.get((row, col), self.kinds.get(col))


def _question_text(w: Words, q: Any) -> str:
    return w.question(q.text_nb, q.text_en)


def build_tables(s: CycleSummary) -> list[Table]:
    w = Words(s.language)
    return [_summary(s, w), _evaluation(s, w), _distribution(s, w), *_breakdowns(s, w),
            Table("comments", w("sheet.comments"), [w("s.comments")],
                  [[c] for c in s.comments], {0: "text"}),
            *_homework(s, w), _meetings(s, w), *_attendance(s, w), _trend(s, w)]


def _summary(s: CycleSummary, w: Words) -> Table:
    g = s.gathering
    rate: Cell = (w("over_attendance", present=s.present) if s.over_attendance
                  else s.response_rate)
    return Table("summary", w("sheet.summary"), [w("summary"), ""], [
        [w("title", network=s.network, seq=g.seq, date=w.date(g.date)), None],
        [w("gathering"), f"{g.seq} {g.title}".strip()],
        [w("kind"), w.value(g.kind)],
        [w("date"), g.date],
        [w("place"), g.place],
        [w("themes"), ", ".join(g.themes)],
        [w("present"), s.present],
        [w("registered"), s.registered],
        [w("responses"), s.responses],
        [w("rate"), rate],
        [w("s.ahead"), (w("next", seq=s.next.seq, date=w.date(s.next.date), place=s.next.place)
                        if s.next else w("no_next"))],
    ], {1: "text"}, {(9, 1): "percent"})


def _evaluation(s: CycleSummary, w: Words) -> Table:
    ev_rows: list[list[Cell]] = []
    for q in s.questions:
        if q.kind == "text":
            continue
        st = q.stats
        mean_ci, yes_ci = st.mean_ci, st.share_yes_ci
        ev_rows.append([_question_text(w, q), st.n, st.skipped,
                        w("rate_hidden") if s.over_attendance else st.response_rate,
                        st.mean, st.median, st.sd, st.share_good, st.share_yes,
                        mean_ci[0] if mean_ci else None, mean_ci[1] if mean_ci else None,
                        yes_ci[0] if yes_ci else None, yes_ci[1] if yes_ci else None])
    return Table(
        "evaluation", w("sheet.evaluation"),
        [w("question"), w("n"), w("skipped"), w("rate"), w("mean"), w("median"), w("sd"),
         w("good"), w("yes"), w("ci_mean_lo"), w("ci_mean_hi"), w("ci_yes_lo"), w("ci_yes_hi")],
        ev_rows,
        {1: "int", 2: "int", 3: "percent", 4: "mean", 5: "mean", 6: "sd", 7: "percent",
         8: "percent", 9: "mean", 10: "mean", 11: "percent", 12: "percent"},
    )


def _distribution(s: CycleSummary, w: Words) -> Table:
    scales = [q for q in s.questions if q.kind == "scale"]
    return Table(
        "distribution", w("sheet.distribution"), [w("question"), "1", "2", "3", "4", "5", "6"],
        [[_question_text(w, q)] + [q.stats.distribution.get(k, 0) for k in range(1, 7)]
         for q in scales],
        {i: "int" for i in range(1, 7)},
    )


def _breakdowns(s: CycleSummary, w: Words) -> list[Table]:
    """Per municipality and per role (those the summary breaks down): each group's n
    and mean (or share of yes) for each measured question."""
    tables = []
    for attr, key in (("by_municipality", "by_municipality"), ("by_role", "by_role")):
        measured = [q for q in s.questions if q.kind != "text" and getattr(q, attr)]
        if not measured:
            continue
        groups = [grp for grp, _ in getattr(measured[0], attr)]
        rows: list[list[Cell]] = []
        for i, grp in enumerate(groups):
            row: list[Cell] = [w.group(grp, municipality=attr == "by_municipality")]
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
        tables.append(Table(key, w("sheet." + key), header, rows, kinds))
    return tables


def _homework(s: CycleSummary, w: Words) -> list[Table]:
    homework_header = [w("municipality")] + [w.homework_column(i, a.title)
                                       for i, a in enumerate(s.homework, start=1)]
    homework_rows: list[list[Cell]] = [[mun] + [w.status(st) for st in statuses]
                                 for mun, statuses in s.pivot]
    notes: list[list[Cell]] = [[a.title, a.due, mun, w.status(st), d, note]
                               for a in s.homework for mun, st, d, note in a.statuses]
    return [Table("homework", w("sheet.homework"), homework_header, homework_rows),
            Table("homework_detail", w("sheet.homework_detail"),
                  [w("homework"), w("due"), w("municipality"), w("status"), w("date"),
                   w("note")], notes, {1: "date", 4: "date", 5: "text"})]


def _meetings(s: CycleSummary, w: Words) -> Table:
    return Table(
        "meetings", w("sheet.meetings"),
        [w("date"), w("municipality"), w("kind"), w("place"), w("people"), w("press"),
         w("themes"), w("summary"), w("decisions"), w("follow_ups"), w("missing", parties="")
         .rstrip(": ")],
        [[m.date, m.municipality, w.value(m.kind), m.place, m.people,
          w("yes_word") if m.press_present else w("no_word"), ", ".join(m.themes), m.summary,
          m.decisions, m.follow_ups, ", ".join(w("party." + p) for p in m.missing_parties)]
         for m in s.meetings],
        {0: "date", 4: "int", 7: "text", 8: "text", 9: "text"},
    )


def _attendance(s: CycleSummary, w: Words) -> list[Table]:
    tables = [Table("attendance_municipality", w("sheet.attendance_municipality"),
                    [w("municipality"), w("present")],
                    [[m, n] for m, n in s.attendance_by_municipality()], {1: "int"}),
              Table("attendance_role", w("sheet.attendance_role"),
                    [w("role"), w("present")],
                    [[w.value(r), n] for r, n in s.attendance_by_role()], {1: "int"})]
    if s.attendance_names:
        tables.append(Table("attendance_names", w("sheet.attendance_names"),
                            [w("municipality"), w("name"), w("role")],
                            [[m, n, w.value(r)] for m, n, r in s.attendance_names]))
    return tables


def _trend(s: CycleSummary, w: Words) -> Table:
    labels = s.trend_questions_en if s.language == "en" else s.trend_questions
    return Table(
        "trend", w("sheet.trend"),
        [w("gathering"), w("date"), w("responses"), w("yes"), *labels],
        [[r.seq, r.date, r.responses, r.share_yes, *r.means] for r in s.trend],
        {0: "int", 1: "date", 2: "int", 3: "percent",
         **{4 + i: "mean" for i in range(len(labels))}},
    )
