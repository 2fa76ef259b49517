"""The responses of a gathering: list, correct and delete earlier ones."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from facilitator.i18n import t
from facilitator.privacy import Tags, dropped_line
from facilitator.screens.base import BaseModal, error_text
from facilitator.screens.listing import Column, ListScreen, Width
from facilitator.widgets.answers import AnswerForm, QuestionView
from facilitator.widgets.bindings import translate_bindings
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader


def short_answer(kind: str, value: Any) -> str:
    if value is None:
        return "–"
    if kind == "yes_no":
        return t("answers.yes") if value == 1 else t("answers.no")
    return str(value)


class ResponsesTable(DataTable):  # type: ignore[type-arg]
    """The responses, one row each; Enter (shown in the footer) corrects the row."""

    BINDINGS = [Binding("enter", "select_cursor", "key.edit", id="edit")]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        translate_bindings(self)


TIME_W = 11  # "29.10 14:18"
NUMBER_W = 4
ANSWER_W = 4  # "Nei", "6"
MIN_FLEX_W = 10  # a free-text or municipality column is never narrower than this


class ResponsesScreen(ListScreen):
    """Dismisses with (edited ids, deleted ids): the typed entry's undo leaves those."""

    HELP_KEY = "help.responses"
    TABLE_ID = "#responses"
    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("delete", "delete", "key.delete", id="delete"),
    ]
    ROW_ACTIONS = frozenset({"delete"})

    def __init__(self, gathering_id: str) -> None:
        super().__init__()
        self.gathering_id = gathering_id
        self.questions: list[QuestionView] = []
        self._numbers: dict[str, int] = {}  # response id → its number (1 the first)
        self.names: dict[str, str] = {}
        self.edited: set[str] = set()
        self.deleted: set[str] = set()

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(t("responses.title"), classes="title")
        yield ResponsesTable(id="responses")
        yield FittingFooter()

    def load(self) -> None:
        gid = self.gathering_id

        def fetch(store: Any) -> tuple[Any, ...]:
            g = store.gatherings.get(gid)
            names = {m.municipality_id: m.name for m in store.members.list(g.network_id)}
            return store.questions.freeze(gid), store.evaluations.list(gid), names

        self.read_store(fetch, self.Loaded, exclusive=False)

    def receive(self, data: tuple[Any, ...]) -> None:
        questions, responses, names = data
        self.questions = [QuestionView(q.id, q.text_nb, q.text_en, q.kind) for q in questions]
        self.rows = list(reversed(responses))  # newest first
        self.names = names
        self._numbers = {r.id: len(self.rows) - i for i, r in enumerate(self.rows)}
        self.repaint()
        self.table.focus()

    def _who(self, r: Any) -> str:
        return " · ".join(x for x in (self.names.get(r.municipality_id or "", ""),
                                      t("role." + r.role) if r.role else "") if x)

    @staticmethod
    def _value(r: Any, q: QuestionView) -> Any:
        a = r.answers.get(q.id)
        if a is None or a.skipped:
            return None
        return a.score if a.score is not None else a.text

    def columns(self) -> list[Column]:
        """A column for each question: a free text shares the room left (as the
        municipality · role does), an answer of a scale or yes/no is narrow."""
        columns = [
            Column("", "number", lambda r, _w: Text(str(self._numbers[r.id]), justify="right"),
                   Width(size=NUMBER_W), label="#"),
            Column("responses.col.time", "time",
                   lambda r, _w: Text(r.captured_at.astimezone().strftime("%d.%m %H:%M")),
                   Width(size=TIME_W)),
        ]
        for i, q in enumerate(self.questions, start=1):
            columns.append(self._question_column(i, q))
        columns.append(Column("responses.col.who", "who", lambda r, _w: self._who(r) or "–",
                              Width(fair=True, minimum=MIN_FLEX_W), clip_header=True))
        return columns

    def _question_column(self, number: int, q: QuestionView) -> Column:
        if q.kind == "text":
            return Column("", q.id, lambda r, _w: self._value(r, q) or "–",
                          Width(fair=True, minimum=MIN_FLEX_W, fit=2), label=f"{number}")
        return Column("", q.id,
                      lambda r, _w: Text(short_answer(q.kind, self._value(r, q)),
                                         justify="center"),
                      Width(size=ANSWER_W), label=f"{number}")

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        r = self.current()
        if r is None:
            return

        def done(saved: Any) -> None:
            if saved:
                self.edited.add(r.id)
            self.load()

        self.app.push_screen(EditResponseScreen(r, self.questions), done)

    def action_delete(self) -> None:
        r = self.current()
        if r is None:
            return
        from facilitator.screens.dialogs import ConfirmScreen

        def deleted(_x: Any) -> None:
            self.deleted.add(r.id)
            self.load()

        def answer(yes: bool | None) -> None:
            if yes:
                self.call_store(lambda s: s.evaluations.delete(r.id), deleted)

        self.app.push_screen(ConfirmScreen(t("responses.delete"), yes=t("dialog.delete")),
                             answer)

    def action_back(self) -> None:
        self.dismiss((set(self.edited), set(self.deleted)))


class EditResponseScreen(BaseModal):
    HELP_KEY = "help.responses"
    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="cancel"),
        Binding("ctrl+s", "save", "key.save", id="save", priority=True),
    ]

    def __init__(self, response: Any, questions: list[QuestionView]) -> None:
        super().__init__()
        self.response = response
        self.questions = questions

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-response"):
            yield Static(t("responses.edit"), classes="title")
            yield AnswerForm(self.questions, self.action_save, on_invalid=self._invalid_key)
            yield Static(t("responses.edit_hint"), id="edit-hint", classes="hint")

    def _invalid_key(self, hint: str) -> None:
        self.query_one("#edit-hint", Static).update(
            Text(hint + " · " + t("responses.edit_hint")))

    def on_mount(self) -> None:
        form = self.query_one(AnswerForm)
        values = {}
        for q in self.questions:
            a = self.response.answers.get(q.id)
            if a is not None:
                values[q.id] = None if a.skipped else (a.score if a.score is not None else a.text)
        form.set_values(values)
        form.focus_first()

    def action_save(self) -> None:
        values = self.query_one(AnswerForm).values()
        r = self.response

        def done(tags: Tags) -> None:
            # a tag that names too small a group now (attendance taken since) is dropped
            dropped = dropped_line(tags)
            self.app.notify(t("form.saved") + (f" ({dropped})" if dropped else ""),
                            timeout=6 if dropped else 2)
            self.dismiss(True)

        def failed(exc: Exception) -> None:
            self.app.notify(error_text(exc), severity="error", timeout=10)

        self.call_store(
            lambda s: s.evaluations.correct(r.id, values, municipality_id=r.municipality_id,
                                        role=r.role),
            done, failed,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
