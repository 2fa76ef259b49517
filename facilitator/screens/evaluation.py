"""Typed entry of paper evaluation forms, with live statistics.

Each response is committed (synchronous=FULL) before the screen says it is saved; the
save runs on the UI thread because it is one small transaction and the next form must
not start before the last is safe. Undo removes the last response saved here, also
after a visit to the list (F5), unless it was corrected or deleted there. The
municipality and role (F2/F3) stay for the next responses until changed or cleared (F4).
A gathering that has not been held yet is evaluated only after the adviser confirms.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from facilitator.domain import member_at
from facilitator.i18n import t
from facilitator.parse import format_date
from facilitator.privacy import GroupSizes, Tags, dropped_line
from facilitator.screens.base import BaseScreen, error_text
from facilitator.screens.not_held import NotHeldGuard
from facilitator.text import clean
from facilitator.widgets.answers import AnswerForm, QuestionView
from facilitator.widgets.fitted import FittedLine, fit_title
from facilitator.widgets.footer import FittingFooter

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


def saved_line(count: int, when: datetime, tags: Tags) -> str:
    """"svar 3 lagret kl. 14:02:11", and "uten kommune" when the store did not keep a
    tag (`tags`: what the store returned; the "neste svar" line says why)."""
    line = t("entry.saved", count=count, time=when.strftime("%H:%M:%S"))
    dropped = dropped_line(tags)
    return f"{line} {dropped}" if dropped else line


def _show(widget: Static, text: Text) -> None:
    """Update a line or panel; lay the screen out again only when its height changes
    (the status line changes on every save; a layout pass costs a frame's time)."""
    rows = text.plain.split("\n")
    wraps = any(cell_len(row) > widget.size.width for row in rows)
    same = not wraps and getattr(widget, "_rows", None) == len(rows)
    widget._rows = -1 if wraps else len(rows)  # type: ignore[attr-defined]
    widget.update(text, layout=not same)


@dataclass(frozen=True)
class _Submitted:
    """A form the user confirmed with Enter, until it is on disk or discarded."""

    values: dict[str, int | str | None]
    state: tuple[int, list[Any]]  # the form exactly as typed, to show it again
    municipality: tuple[str, str] | None
    role: str | None


class EvaluationScreen(BaseScreen):
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

    def __init__(self, gathering_id: str) -> None:
        super().__init__()
        self.gathering_id = gathering_id
        self.questions: list[QuestionView] = []
        # every saved response's answers, by response id, oldest first
        self.answers: dict[str, dict[str, Any]] = {}
        self.saved_here: list[str] = []  # ids saved in this session, for undo
        self._form_pending = False  # the form is mounted but has not the cursor yet
        self.present: int | None = None
        # Kept from one response to the next (a pile of forms from one municipality)
        # until changed or cleared (F4); the status line says what the next one carries.
        self.municipality: tuple[str, str] | None = None  # id, name
        self.role: str | None = None
        self.members: list[tuple[str, str]] = []
        self.sizes: GroupSizes | None = None  # which tags the store will keep
        self.message = ""
        self._not_held = NotHeldGuard(self, "entry.future_go_on")
        self._declined = False
        # Saving, off the UI thread (another program may hold the database for a while):
        # forms confirmed with Enter wait here in order; one is saved at a time.
        self._submitted: deque[_Submitted] = deque()
        self._saving = False  # a store call of this screen's (save or undo) is under way
        self._hold = False  # keys wait for that call (not once it waits for another program)
        self._failed: _Submitted | None = None  # on screen, locked: Enter retries, ctrl+d drops
        self._retrying = False  # the failed form is being saved again (still on screen)
        self._stash: tuple[int, list[Any]] | None = None  # the form typed when it failed
        self._writes = 0  # saves and undos done: a reload begun before one is stale

    def compose(self) -> ComposeResult:
        yield Header()
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
                self.show(data)

        self.call_store(fetch, arrived, group="entry", exclusive=True)

    def reload_changed(self) -> None:
        """Another program wrote to the database: the counts and statistics follow (the
        form and what is typed in it stay as they are)."""
        if self.questions:
            self.load()

    def show(self, data: tuple[Any, ...]) -> None:
        g, questions, responses, present, members, self.sizes = data
        if self._declined:
            return  # leaving: a reload that arrives now changes nothing
        if not self.questions and not self._not_held.held_or_asked(
                g, lambda: self.show(data), self._decline):
            return
        self.present = present or None
        self.members = members
        self.answers = {r.id: self._values(r) for r in responses}
        # what was deleted meanwhile (F5, another window) can no longer be undone
        self.saved_here = [rid for rid in self.saved_here if rid in self.answers]
        if not self.questions:  # the first load builds the form; later ones only count
            self.questions = [QuestionView(q.id, q.text_nb, q.text_en, q.kind)
                              for q in questions]
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
        else:
            self._refresh()

    @property
    def holds_keys(self) -> bool:
        return super().holds_keys or self._form_pending or self._hold

    def _form_ready(self, form: AnswerForm) -> None:
        form.focus_first()
        self._refresh(t("entry.ready"))
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

    def who_text(self) -> str:
        """What the next response carries: "Øksnes · Kommunedirektør/rådmann" or ""."""
        parts = [clean(self.municipality[1], limit=30) if self.municipality else "",
                 t("role." + self.role) if self.role else ""]
        return " · ".join(p for p in parts if p)

    def _refresh(self, message: str | None = None) -> None:
        """Repaint the status line (count, `message`, what the next response carries),
        the F2/F3 line and the statistics. Without `message`, the last one stays."""
        who = self._status_line(message)
        _show(self.query_one("#entry-who", Static), self._who_line(bool(who)))
        _show(self.query_one("#entry-stats", Static),
              stats_lines(self.questions, list(self.answers.values()), self.present))

    def _status_line(self, message: str | None = None) -> str:
        """Repaint the status line only; returns what the next response carries."""
        if message is not None:
            self.message = message
        count = len(self.answers)
        status = Text(t("entry.count", count=count))
        if self.present:
            status.append(" " + t("entry.of_present", present=self.present))
        if self.message:
            status.append(" · " + self.message)
        if self.present and count > self.present:  # usually: attendance was not taken
            # a line of its own: "svar 27 lagret kl. …" stays whole on the first
            status.append("\n⚠ " + t("entry.more_than_present"), style="bold yellow")
        who = self.who_text()
        if who:  # a line of its own: the layout stays put while a pile is typed
            status.append("\n")
            status.append(t("entry.next_carries", who=who), style="bold")
            dropped = self._will_drop()
            if dropped:
                status.append(" – " + dropped, style="bold yellow")
        _show(self.query_one("#entry-status", Static), status)
        return who

    def _will_drop(self) -> str:
        """"kommunen lagres ikke (…)" when the store will not keep a chosen tag."""
        if self.sizes is None:
            return ""
        tags = self.sizes.decide(self.municipality[0] if self.municipality else None,
                                 self.role)
        return dropped_line(tags, future=True)

    def _who_line(self, clearable: bool) -> Text:
        """"F2 kommune: …   F3 rolle: …   F4 fjerner begge", fitted to the width: a long
        name is shortened (a Sámi municipality to its first name, then with …) and the
        F4 hint goes to a line of its own, rather than a label parting from its value."""
        width = max(20, self.size.width - 2)
        full = self.municipality[1] if self.municipality else "–"
        role = t("role." + self.role) if self.role else "–"
        names = [clean(full)]
        if " - " in full:
            names.append(clean(full.split(" - ")[0]))
        hint = t("entry.who.clear") if clearable else ""

        def build(name: str) -> Text:
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(t("entry.who.municipality") + " ")
            line.append(name, style="bold yellow" if self.municipality else "")
            line.append("   " + t("entry.who.role") + " ")
            line.append(role, style="bold yellow" if self.role else "")
            return line

        for name in names:
            line = build(name)
            if hint and cell_len(line.plain) + 3 + cell_len(hint) <= width:
                line.append("   " + hint, style="dim")
                return line
            if cell_len(line.plain) <= width:
                if hint:
                    line.append("\n" + hint, style="dim")
                return line
        line = build(names[-1])
        line.truncate(width, overflow="ellipsis")
        if hint:
            line.append("\n" + hint, style="dim")
        return line

    def _invalid_key(self, hint: str) -> None:
        """A key the current field does not take: say which keys it does, change nothing
        (only the status line: nothing else changed)."""
        self._status_line(hint)

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        """Enter on the last field: the form goes to be saved and a fresh one is ready.

        The save runs off the UI thread; the keys typed meanwhile wait for it (a few
        milliseconds) unless it has to wait for another program, when they go on into
        the next form. A form that cannot be saved comes back on screen, locked: Enter
        tries again, ctrl+d discards it; nothing typed after it ever goes into it.
        """
        if self._failed is not None:
            self._retry()
            return
        form = self.query_one(AnswerForm)
        if form.is_empty():
            self._refresh(t("entry.empty"))
            return
        self._submitted.append(_Submitted(form.values(), form.state(), self.municipality,
                                          self.role))
        form.clear()  # municipality and role stay for the next form (F4 clears them)
        self._save_next()

    def _save_next(self) -> None:
        if self._saving or self._failed is not None or not self._submitted:
            return
        item = self._submitted[0]
        gid = self.gathering_id
        self._saving = True
        self._hold = True

        def record(store: Any) -> Any:
            return store.evaluations.record(
                gid, item.values, source="typed",
                municipality_id=item.municipality[0] if item.municipality else None,
                role=item.role)

        # background: this screen holds the keys itself (_hold), and lets them go on into
        # the next form once the save waits for another program (show_store_busy)
        self.call_store(record, self._saved, self._save_failed, group="entry-save",
                        background=True)

    def _saved(self, recorded: Any) -> None:
        item = self._submitted.popleft()
        rid = recorded.id
        self._saving = False
        self._writes += 1
        self.saved_here.append(rid)
        self.answers[rid] = {k: v for k, v in item.values.items() if v is not None}
        if self._retrying:
            self._retrying = False
            self._back_to_typing()
        self._refresh(saved_line(len(self.answers), datetime.now(), recorded.tags))
        self._release_keys()
        self._save_next()

    def _save_failed(self, exc: Exception) -> None:
        """Show the form that was not saved, as typed, locked until the user chooses."""
        item = self._submitted.popleft()
        self._saving = False
        self._failed = item
        form = self.query_one(AnswerForm)
        if not self._retrying:
            # what was typed since (when the save waited for another program) is kept
            # aside and comes back once the failed form is saved or discarded
            self._stash = None if form.is_empty() else form.state()
            form.set_state(item.state)
        self._retrying = False
        form.lock_form(t("entry.failed_keys"))
        failure = self.query_one("#entry-failure", Static)
        failure.update(Text(t("entry.failed", reason=error_text(exc)) + "\n"
                            + t("entry.failed_choose")))
        failure.display = True
        self._status_line(t("entry.failed_short"))
        self.refresh_bindings()
        self._release_keys()

    def _retry(self) -> None:
        item, self._failed = self._failed, None
        assert item is not None
        self._retrying = True
        self._submitted.appendleft(item)
        self.query_one(AnswerForm).lock_form(t("entry.saving_keys"))
        self.query_one("#entry-failure", Static).update(t("entry.retrying"))
        self.refresh_bindings()
        self._save_next()

    def action_discard_failed(self) -> None:
        if self._failed is None:
            return
        self._failed = None
        self._back_to_typing()
        self._refresh(t("entry.failed_discarded"))
        self.refresh_bindings()
        self._save_next()

    def _back_to_typing(self) -> None:
        """The failed form is saved or discarded: the form typed before it comes back."""
        form = self.query_one(AnswerForm)
        form.unlock_form()
        form.clear()
        if self._stash is not None:
            form.set_state(self._stash)
            self._stash = None
        self.query_one("#entry-failure", Static).display = False

    def _release_keys(self) -> None:
        if self._hold:
            self._hold = False
            self.keys_may_go_on()

    def show_store_busy(self, waiting: bool) -> None:
        """The save waits for another program's lock: say so, and let the keys go on
        into the next form (the app calls this from the store's busy listener)."""
        if waiting and self._saving:
            self._status_line(t("entry.busy", count=len(self._submitted)))
            self._release_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "discard_failed":
            return self._failed is not None
        return True

    def action_undo(self) -> None:
        if self._failed is not None:
            self._status_line(t("entry.failed_first"))
            return
        if self._saving or self._submitted:
            self._status_line(t("entry.wait_saving"))
            return
        if not self.saved_here:
            self._refresh(t("entry.nothing_to_undo"))
            return
        rid = self.saved_here[-1]
        self._saving = True
        self._hold = True

        def undone(_result: Any) -> None:
            self._saving = False
            self._writes += 1
            if rid in self.saved_here:
                self.saved_here.remove(rid)
            self.answers.pop(rid, None)
            self._refresh(t("entry.undone", count=len(self.answers) + 1))
            self._release_keys()
            self._save_next()

        def failed(exc: Exception) -> None:
            self._saving = False
            self._status_line(t("entry.undo_failed", reason=error_text(exc)))
            self._release_keys()
            self._save_next()

        self.call_store(lambda store: store.evaluations.delete(rid), undone, failed,
                        group="entry-save", background=True)

    def action_responses(self) -> None:
        from facilitator.screens.responses import ResponsesScreen

        def back(changes: Any) -> None:
            # Undo still covers what was typed here, except a response corrected or
            # deleted in the list: a correction is never undone, and nothing before it.
            edited, deleted = changes if isinstance(changes, tuple) else (set(), set())
            kept = [rid for rid in self.saved_here if rid not in deleted]
            last_edited = max((i for i, rid in enumerate(kept) if rid in edited), default=-1)
            self.saved_here = kept[last_edited + 1:]
            self._refresh(t("entry.ready"))  # "response 20 saved" may be stale now
            self._focus_form()

        # Coming back, on_screen_resume reloads the counts and statistics.
        self.app.push_screen(ResponsesScreen(self.gathering_id), back)

    def action_municipality(self) -> None:
        from facilitator.screens.pick import PickScreen

        options = [(mid, name) for mid, name in self.members]

        def picked(value: str | None) -> None:
            if value is not None:
                self.municipality = next(((m, n) for m, n in options if m == value), None)
            self._refresh(t("entry.ready"))
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
            self._refresh(t("entry.ready"))
            self._focus_form()

        self.app.push_screen(PickScreen(t("entry.pick_role"), options, allow_none=True), picked)

    def action_clear_who(self) -> None:
        if self.municipality is None and self.role is None:
            return
        self.municipality = None
        self.role = None
        self._refresh(t("entry.who_cleared"))

    def _focus_form(self) -> None:
        form = self.query(AnswerForm)
        if form:
            form.first().focus_first()

    def action_back(self) -> None:
        if self._saving or self._submitted:
            # leaving now would drop what is not on disk yet
            self._status_line(t("entry.wait_saving"))
            return
        form = self.query(AnswerForm)
        if self._failed is not None:
            from facilitator.screens.dialogs import ConfirmScreen

            def drop(discard: bool | None) -> None:
                if discard:
                    self.dismiss(None)

            self.app.push_screen(ConfirmScreen(t("entry.discard_failed"),
                                               yes=t("form.discard.yes")), drop)
            return
        if form and not form.first().is_empty():
            from facilitator.screens.dialogs import ConfirmScreen

            def answer(discard: bool | None) -> None:
                if discard:
                    self.dismiss(None)

            self.app.push_screen(ConfirmScreen(t("entry.discard"), yes=t("form.discard.yes")),
                                 answer)
            return
        self.dismiss(None)
