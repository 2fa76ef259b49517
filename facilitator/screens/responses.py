"""The responses of a gathering: list, correct and delete earlier ones."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from facilitator.i18n import t
from facilitator.screens.base import BaseModal, BaseScreen, after_typed_keys, error_text
from facilitator.widgets.answers import AnswerForm, QuestionView
from facilitator.widgets.text import literal


def short_answer(kind: str, value: Any) -> str:
    if value is None:
        return "–"
    if kind == "yes_no":
        return t("answers.yes") if value == 1 else t("answers.no")
    return str(value)


class ResponsesScreen(BaseScreen):
    HELP_KEY = "help.responses"
    BINDINGS = [
        Binding("escape", "back", "key.back", id="back"),
        Binding("enter", "edit", "key.edit", id="edit"),
        Binding("delete", "delete", "key.delete", id="delete"),
    ]

    def __init__(self, gathering_id: str) -> None:
        super().__init__()
        self.gathering_id = gathering_id
        self.questions: list[QuestionView] = []
        self.responses: list[Any] = []
        self.names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("responses.title"), classes="title")
        yield DataTable(id="responses", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def load(self) -> None:
        gid = self.gathering_id

        def fetch(store: Any) -> tuple[Any, ...]:
            g = store.get_gathering(gid)
            names = {m.municipality_id: m.name for m in store.list_members(g.network_id)}
            return store.gathering_questions(gid), store.list_responses(gid), names

        self.call_store(fetch, self.show)

    def show(self, data: tuple[Any, ...]) -> None:
        questions, responses, names = data
        self.questions = [QuestionView(q.id, q.text_nb, q.text_en, q.kind) for q in questions]
        self.responses = list(reversed(responses))  # newest first
        self.names = names
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("#", width=4)
        table.add_column(t("responses.col.time"), width=11)
        for i, q in enumerate(self.questions, start=1):
            table.add_column(f"{i}", width=24 if q.kind == "text" else 4)
        table.add_column(t("responses.col.who"), width=20)
        total = len(self.responses)
        for i, r in enumerate(self.responses):
            cells: list[Any] = [Text(str(total - i), justify="right"),
                                Text(r.captured_at.astimezone().strftime("%d.%m %H:%M"))]
            for q in self.questions:
                a = r.answers.get(q.id)
                value = None if a is None or a.skipped else (a.score if a.score is not None
                                                             else a.text)
                if q.kind == "text":
                    cells.append(literal(value or "–", limit=24))
                else:
                    cells.append(Text(short_answer(q.kind, value), justify="center"))
            who = " · ".join(x for x in (names.get(r.municipality_id or "", ""),
                                         t("role." + r.role) if r.role else "") if x)
            cells.append(literal(who or "–", limit=20))
            table.add_row(*cells, key=r.id)
        table.focus()

    def current(self) -> Any | None:
        table = self.query_one(DataTable)
        if not self.responses or table.cursor_row >= len(self.responses):
            return None
        return self.responses[table.cursor_row]

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        r = self.current()
        if r is None:
            return
        self.app.push_screen(EditResponseScreen(r, self.questions), lambda _x: self.load())

    def action_delete(self) -> None:
        r = self.current()
        if r is None:
            return
        from facilitator.screens.dialogs import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.call_store(lambda s: s.delete_response(r.id), lambda _x: self.load())

        self.app.push_screen(ConfirmScreen(t("responses.delete"), yes=t("dialog.delete")),
                             answer)

    def action_back(self) -> None:
        self.dismiss(None)


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
            yield AnswerForm(self.questions, self.action_save)
            yield Static(t("responses.edit_hint"), classes="hint")

    def on_mount(self) -> None:
        form = self.query_one(AnswerForm)
        values = {}
        for q in self.questions:
            a = self.response.answers.get(q.id)
            if a is not None:
                values[q.id] = None if a.skipped else (a.score if a.score is not None else a.text)
        form.set_values(values)
        form.focus_first()

    @after_typed_keys
    def action_save(self) -> None:
        values = self.query_one(AnswerForm).values()
        r = self.response

        def done(_x: Any) -> None:
            self.app.notify(t("form.saved"), timeout=2)
            self.dismiss(True)

        def failed(exc: Exception) -> None:
            self.app.notify(error_text(exc), severity="error", timeout=10)

        self.call_store(
            lambda s: s.update_response(r.id, values, municipality_id=r.municipality_id,
                                        role=r.role),
            done, failed,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
