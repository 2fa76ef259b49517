"""Typed entry of paper evaluation forms, with live statistics.

Each response is committed (synchronous=FULL) before the screen says it is saved; the
save runs on the UI thread because it is one small transaction and the next form must
not start before the last is safe. Undo removes the last response saved here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static

from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.screens.base import BaseScreen, error_text
from facilitator.widgets.answers import AnswerForm, QuestionView
from facilitator.widgets.text import clean, literal

BARS = " ▁▂▃▄▅▆▇█"


def number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if t("decimal") == "," else text


def distribution_bar(distribution: dict[int, int]) -> Text:
    """1..6 as small bars with counts: '1▁0 2▁1 3▃4 …'."""
    top = max(distribution.values(), default=0) or 1
    out = Text()
    for score in range(1, 7):
        count = distribution.get(score, 0)
        level = max(1, round(count / top * (len(BARS) - 1))) if count else 0
        out.append(f"{score}", style="dim")
        out.append(BARS[level] if level else "·", style="green" if score >= 4 else "yellow")
        out.append(f"{count:<3}")
    return out


def stats_lines(questions: list[QuestionView], answers: list[dict[str, Any]],
                present: int | None) -> Text:
    """The live panel: n, mean and distribution per question, share yes."""
    from facilitator import stats

    out = Text()
    for q in questions:
        values = [a.get(q.id) for a in answers]
        if q.kind == "text":
            s = stats.text_stats([v if isinstance(v, str) else None for v in values])
            out.append(clean(q.text, limit=22).ljust(23), style="bold")
            out.append(t("entry.stats.text", n=s.n) + "\n")
            continue
        s = stats.question_stats(q.kind, [v if isinstance(v, int) else None for v in values],
                                 present)
        out.append(clean(q.text, limit=22).ljust(23), style="bold")
        if q.kind == "yes_no":
            share = number(100 * s.share_yes, 0) if s.share_yes is not None else "–"
            out.append(t("entry.stats.yes", share=share, n=s.n) + "\n")
        else:
            out.append(t("entry.stats.scale", mean=number(s.mean), n=s.n) + "  ")
            out.append(distribution_bar(s.distribution))
            out.append("\n")
    return out


class EvaluationScreen(BaseScreen):
    HELP_KEY = "help.entry"
    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("ctrl+z", "undo", "key.undo_response", id="undo"),
        Binding("f5", "responses", "key.responses", id="responses"),
        Binding("f2", "municipality", "key.response_municipality", id="municipality"),
        Binding("f3", "role", "key.response_role", id="role"),
    ]

    def __init__(self, gathering_id: str) -> None:
        super().__init__()
        self.gathering_id = gathering_id
        self.questions: list[QuestionView] = []
        self.answers: list[dict[str, Any]] = []  # every saved response's answers
        self.saved_here: list[str] = []  # ids saved in this session, for undo
        self.present: int | None = None
        self.municipality: tuple[str, str] | None = None  # id, name
        self.role: str | None = None
        self.members: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="entry-title", classes="title")
        yield Static(t("entry.loading"), id="entry-status", classes="line")
        with VerticalScroll(id="entry-body"):
            yield Static("", id="entry-form-slot")
            with Horizontal(id="entry-extra"):
                yield Static("", id="entry-who")
            yield Static("", id="entry-stats")
        yield Footer()

    def load(self) -> None:
        gid = self.gathering_id

        def fetch(store: Any) -> tuple[Any, ...]:
            g = store.get_gathering(gid)
            questions = store.gathering_questions(gid)
            responses = store.list_responses(gid)
            present = sum(1 for v in store.attendance(gid).values() if v)
            members = [(m.municipality_id, m.name) for m in store.list_members(g.network_id)]
            return g, questions, responses, present, members

        self.call_store(fetch, self.show, group="entry", exclusive=True)

    def show(self, data: tuple[Any, ...]) -> None:
        g, questions, responses, present, members = data
        self.present = present or None
        self.members = members
        self.answers = [self._values(r) for r in responses]
        if not self.questions:  # the first load builds the form; later ones only count
            self.questions = [QuestionView(q.id, q.text_nb, q.text_en, q.kind)
                              for q in questions]
            title = Text(t("entry.title", seq=g.seq, date=format_date(g.date)) + " · ")
            title.append(clean(g.title, limit=40))
            self.query_one("#entry-title", Static).update(title)
            form = AnswerForm(self.questions, self.save, id="entry-form")
            self.query_one("#entry-form-slot").remove()
            self.query_one("#entry-body").mount(form, before=0)
            self.call_after_refresh(form.focus_first)
        self._refresh(t("entry.ready"))

    @staticmethod
    def _values(response: Any) -> dict[str, Any]:
        return {qid: (a.score if a.score is not None else a.text)
                for qid, a in response.answers.items() if not a.skipped}

    def _refresh(self, message: str) -> None:
        count = len(self.answers)
        status = t("entry.count", count=count)
        if self.present:
            status += " " + t("entry.of_present", present=self.present)
        self.query_one("#entry-status", Static).update(Text(status + " · " + message))
        who = t("entry.who", municipality=self.municipality[1] if self.municipality else "–",
                role=t("role." + self.role) if self.role else "–")
        self.query_one("#entry-who", Static).update(literal(who))
        self.query_one("#entry-stats", Static).update(
            stats_lines(self.questions, self.answers, self.present)
        )

    def save(self) -> None:
        form = self.query_one(AnswerForm)
        if form.is_empty():
            self._refresh(t("entry.empty"))
            return
        values = form.values()
        try:
            rid = self.store.record_evaluation(
                self.gathering_id, values, source="typed",
                municipality_id=self.municipality[0] if self.municipality else None,
                role=self.role,
            )
        except Exception as exc:  # noqa: BLE001 - the form keeps the answers
            self._refresh(t("entry.not_saved", reason=error_text(exc)))
            self.app.notify(error_text(exc), severity="error", timeout=10)
            return
        self.saved_here.append(rid)
        self.answers.append({k: v for k, v in values.items() if v is not None})
        self.municipality = None
        self.role = None
        form.clear()
        self._refresh(t("entry.saved", count=len(self.answers),
                        time=datetime.now().strftime("%H:%M:%S")))

    def action_undo(self) -> None:
        if not self.saved_here:
            self._refresh(t("entry.nothing_to_undo"))
            return
        rid = self.saved_here[-1]
        try:
            self.store.delete_response(rid)
        except Exception as exc:  # noqa: BLE001
            self.app.notify(error_text(exc), severity="error")
            return
        self.saved_here.pop()
        self.answers.pop()
        self._refresh(t("entry.undone", count=len(self.answers) + 1))

    def action_responses(self) -> None:
        from facilitator.screens.responses import ResponsesScreen

        def back(_result: Any) -> None:
            self.saved_here = []  # undo covers only what is typed from now on
            self.query_one(AnswerForm).focus_first()

        # Coming back, on_screen_resume reloads the counts and statistics.
        self.app.push_screen(ResponsesScreen(self.gathering_id), back)

    def action_municipality(self) -> None:
        from facilitator.screens.pick import PickScreen

        options = [(mid, name) for mid, name in self.members]

        def picked(value: str | None) -> None:
            if value is not None:
                self.municipality = next(((m, n) for m, n in options if m == value), None)
            self._refresh(t("entry.ready"))
            self.query_one(AnswerForm).focus_first()

        self.app.push_screen(PickScreen(t("entry.pick_municipality"), options, allow_none=True),
                             picked)

    def action_role(self) -> None:
        from facilitator.domain import Role
        from facilitator.screens.pick import PickScreen

        options = [(r.value, t("role." + r.value)) for r in Role]

        def picked(value: str | None) -> None:
            if value is not None:
                self.role = value or None
            self._refresh(t("entry.ready"))
            self.query_one(AnswerForm).focus_first()

        self.app.push_screen(PickScreen(t("entry.pick_role"), options, allow_none=True), picked)

    def action_back(self) -> None:
        form = self.query(AnswerForm)
        if form and not form.first().is_empty():
            from facilitator.screens.dialogs import ConfirmScreen

            def answer(discard: bool | None) -> None:
                if discard:
                    self.dismiss(None)

            self.app.push_screen(ConfirmScreen(t("entry.discard"), yes=t("form.discard.yes")),
                                 answer)
            return
        self.dismiss(None)
