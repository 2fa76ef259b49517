"""Typed entry of paper evaluation forms, with live statistics.

Each response is committed (synchronous=FULL) before the screen says it is saved; the
save runs off the UI thread, one at a time, and the keys typed meanwhile wait for it
(`entry_saving.TypedEntry`: the queue, a failed save locked as typed, undo). Undo
removes the last response saved here, also after a visit to the list (F5), unless it
was corrected or deleted there. The municipality and role (F2/F3) stay for the next
responses until changed or cleared (F4). A gathering that has not been held yet is
evaluated only after the adviser confirms. The strip around the form is drawn by
`entry_summary` from the screen's reactive state.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from facilitator.domain import member_at
from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.privacy import GroupSizes
from facilitator.screens.entry_saving import FormLock, TypedEntry
from facilitator.screens.entry_summary import (
    show_text,
    stats_lines,
    status_text,
    who_line,
    who_text,
    will_drop,
)
from facilitator.screens.not_held import NotHeldGuard
from facilitator.widgets.answers import AnswerForm, QuestionView
from facilitator.widgets.fitted import FittedLine, fit_title
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader


class EvaluationScreen(TypedEntry):
    HELP_KEY = "help.entry"
    DEFAULT_CSS = """
    EvaluationScreen #entry-status { height: auto; max-height: 3; padding: 0 1; }
    EvaluationScreen #entry-failure { height: auto; padding: 0 1; color: $error;
                                      display: none; }
    EvaluationScreen #entry-who { height: auto; padding: 0 1; }
    """
    BINDINGS = [
        # only while a response that could not be saved is on screen (check_action)
        Binding("ctrl+d", "discard_failed", "key.response_discard", id="discard_failed"),
        Binding("escape", "back", "key.back", id="back"),
        Binding("ctrl+z", "undo", "key.undo_response", id="undo"),
        Binding("f5", "responses", "key.responses", id="responses"),
        Binding("f2", "municipality", "key.response_municipality", id="municipality"),
        Binding("f3", "role", "key.response_role", id="role"),
        # shown on the F2/F3 line under the form when there is something to clear
        Binding("f4", "clear_who", "key.response_clear", id="clear_who", show=False),
    ]

    # Kept from one response to the next (a pile of forms from one municipality) until
    # changed or cleared (F4); the status line says what the next one carries.
    municipality: reactive[tuple[str, str] | None] = reactive(None, init=False,
                                                              repaint=False)  # id, name
    role: reactive[str | None] = reactive(None, init=False, repaint=False)

    def __init__(self, gathering_id: str) -> None:
        super().__init__(gathering_id)
        self.questions: list[QuestionView] = []
        self._form_pending = False  # the form is mounted but has not the cursor yet
        self.present: int | None = None
        self.members: list[tuple[str, str]] = []
        self.sizes: GroupSizes | None = None  # which tags the store will keep
        self._not_held = NotHeldGuard(self, "entry.future_go_on")
        self._declined = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield FittedLine(id="entry-title", classes="title")
        yield Static(t("entry.loading"), id="entry-status")
        yield Static("", id="entry-failure")
        with VerticalScroll(id="entry-body"):
            yield Static("", id="entry-form-slot")
            yield Static("", id="entry-who")
            yield Static("", id="entry-stats")
        yield FittingFooter()

    def load(self) -> None:
        gid = self.gathering_id
        writes = self._writes

        def fetch(store: Any) -> tuple[Any, ...]:
            g = store.gatherings.get(gid)
            questions = store.questions.freeze(gid)
            responses = store.evaluations.list(gid)
            present = sum(1 for v in store.gatherings.attendance(gid).values() if v)
            # F2 offers the municipalities that were members at the gathering
            members = [(m.municipality_id, m.name) for m in store.members.list(g.network_id)
                       if member_at(m, g.date)]
            return g, questions, responses, present, members, store.evaluations.group_sizes(gid)

        def arrived(data: tuple[Any, ...]) -> None:
            if self.questions and writes != self._writes:
                self.load()  # read before a save of ours had committed: read again
            else:
                self.receive(data)

        # A callback, not a Loaded message: with a message, keys typed in a burst
        # ("v j 5 4 enter") were now and then lost before the form took the cursor
        # (tests/test_bursts.py, test_keyorder.py flaky under load).
        self.call_store(fetch, arrived, group="entry", exclusive=True)

    def reload_changed(self) -> None:
        """Another program wrote to the database: the counts and statistics follow (the
        form and what is typed in it stay as they are)."""
        if self.questions:
            self.load()

    def receive(self, data: tuple[Any, ...]) -> None:
        """Take in what `load()` read: the first time the form is built; later only
        the counts and statistics follow."""
        g, questions, responses, present, members, self.sizes = data
        if self._declined:
            return  # leaving: a reload that arrives now changes nothing
        if not self.questions and not self._not_held.held_or_asked(
                g, lambda: self.receive(data), self._decline):
            return
        self.present = present or None
        self.members = members
        self.answers = {r.id: self._values(r) for r in responses}
        # what was deleted meanwhile (F5, another window) can no longer be undone
        self.saved_here = [rid for rid in self.saved_here if rid in self.answers]
        if not self.questions:  # the first load builds the form; later ones only count
            self._build_form(g, questions)
        else:
            self.repaint()

    def _build_form(self, g: Any, questions: list[Any]) -> None:
        self.questions = [QuestionView(q.id, q.text_nb, q.text_en, q.kind) for q in questions]
        prefix = t("entry.title", seq=g.seq, date=format_date(g.date))
        title = " ".join(g.title.split())
        self.query_one("#entry-title", FittedLine).set_text(
            lambda width: fit_title(prefix + " · " if title else prefix, title, width))
        form = AnswerForm(self.questions, self.save, on_invalid=self._invalid_key,
                          id="entry-form")
        self.query_one("#entry-form-slot").remove()
        self.query_one("#entry-body").mount(form, before=0)
        # "klar" only once the form has the cursor; keys typed before that wait
        # (holds_keys) and then land in the first field, in order.
        self._form_pending = True
        self.call_after_refresh(self._form_ready, form)

    @property
    def holds_keys(self) -> bool:
        return super().holds_keys or self._form_pending

    def _form_ready(self, form: AnswerForm) -> None:
        form.focus_first()
        self.repaint(t("entry.ready"))
        self._form_pending = False
        self.keys_may_go_on()

    @staticmethod
    def _values(response: Any) -> dict[str, Any]:
        return {qid: (a.score if a.score is not None else a.text)
                for qid, a in response.answers.items() if not a.skipped}

    def _decline(self) -> None:
        """No to evaluating a gathering not held yet: leave, and let no reload show it."""
        self._declined = True
        self.dismiss(None)

    # ------------------------------------------------------------------ painting

    def watch_message(self) -> None:
        """The status line: count, the last word, what the next response carries."""
        who = who_text(self.municipality, self.role)
        dropped = will_drop(self.sizes, self.municipality, self.role) if who else ""
        show_text(self.query_one("#entry-status", Static),
                  status_text(self.count, self.present, self.message, who, dropped))

    def watch_count(self) -> None:
        """The F2/F3 line and the statistics under the form."""
        self._paint_who()
        show_text(self.query_one("#entry-stats", Static),
                  stats_lines(self.questions, list(self.answers.values()), self.present))

    def watch_municipality(self) -> None:
        self._paint_who()

    def watch_role(self) -> None:
        self._paint_who()

    def _paint_who(self) -> None:
        clearable = bool(who_text(self.municipality, self.role))
        show_text(self.query_one("#entry-who", Static),
                  who_line(self.municipality, self.role, max(20, self.size.width - 2),
                           clearable))

    def _invalid_key(self, hint: str) -> None:
        """A key the current field does not take: say which keys it does, change nothing
        (only the status line: nothing else changed)."""
        self.message = hint

    # ------------------------------------------------------------------ keys

    def action_responses(self) -> None:
        from facilitator.screens.responses import ResponsesScreen

        def back(changes: Any) -> None:
            # Undo still covers what was typed here, except a response corrected or
            # deleted in the list: a correction is never undone, and nothing before it.
            edited, deleted = changes if isinstance(changes, tuple) else (set(), set())
            kept = [rid for rid in self.saved_here if rid not in deleted]
            last_edited = max((i for i, rid in enumerate(kept) if rid in edited), default=-1)
            self.saved_here = kept[last_edited + 1:]
            self.repaint(t("entry.ready"))  # "response 20 saved" may be stale now
            self._focus_form()

        # Coming back, on_screen_resume reloads the counts and statistics.
        self.app.push_screen(ResponsesScreen(self.gathering_id), back)

    def action_municipality(self) -> None:
        from facilitator.screens.pick import PickScreen

        options = [(mid, name) for mid, name in self.members]

        def picked(value: str | None) -> None:
            if value is not None:
                self.municipality = next(((m, n) for m, n in options if m == value), None)
            self.repaint(t("entry.ready"))
            self._focus_form()

        self.app.push_screen(PickScreen(t("entry.pick_municipality"), options, allow_none=True),
                             picked)

    def action_role(self) -> None:
        from facilitator.domain import Role
        from facilitator.screens.pick import PickScreen

        options = [(r.value, t("role." + r.value)) for r in Role]

        def picked(value: str | None) -> None:
            if value is not None:
                self.role = value or None
            self.repaint(t("entry.ready"))
            self._focus_form()

        self.app.push_screen(PickScreen(t("entry.pick_role"), options, allow_none=True), picked)

    def action_clear_who(self) -> None:
        if self.municipality is None and self.role is None:
            return
        self.municipality = None
        self.role = None
        self.repaint(t("entry.who_cleared"))

    def _focus_form(self) -> None:
        form = self.query(AnswerForm)
        if form:
            form.first().focus_first()

    def action_back(self) -> None:
        if self._saving or self._submitted:
            # leaving now would drop what is not on disk yet
            self.message = t("entry.wait_saving")
            return
        if self.form_lock is FormLock.FAILED:
            self._confirm_leave(t("entry.discard_failed"))
            return
        form = self.query(AnswerForm)
        if form and not form.first().is_empty():
            self._confirm_leave(t("entry.discard"))
            return
        self.dismiss(None)

    def _confirm_leave(self, question: str) -> None:
        from facilitator.screens.dialogs import ConfirmScreen

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(question, yes=t("form.discard.yes")), answer)
