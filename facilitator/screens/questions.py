"""The network's evaluation questions: add, reword, reorder and retire.

Every change is committed at once. A gathering's questions are frozen (copied) when
its evaluation starts, so changes here only reach gatherings not evaluated yet.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Select, Static

from facilitator.domain import QuestionKind
from facilitator.i18n import t
from facilitator.screens.base import error_text
from facilitator.screens.form import FieldBox, FormScreen
from facilitator.screens.listing import Column, ListScreen, Width, row_action
from facilitator.text import clean, literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader


class QuestionsScreen(ListScreen):
    HELP_KEY = "help.questions"
    TABLE_ID = "#q-table"
    DETAIL_ID = "#q-detail"
    DEFAULT_CSS = """
    QuestionsScreen #q-frozen { padding: 0 1; color: $text-muted; height: auto; }
    QuestionsScreen #q-table { height: 1fr; }
    QuestionsScreen #q-detail { height: 2; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "key.back", id="back"),
        Binding("n", "new", "key.question.new", id="new"),
        Binding("e", "edit", "key.question.edit", id="edit"),
        Binding("ctrl+up", "move(-1)", "key.question.up", id="up", key_display="^↑"),
        Binding("ctrl+down", "move(1)", "key.question.down", id="down", key_display="^↓"),
        Binding("plus", "move(-1)", "key.question.up", id="up-plus", show=False),
        Binding("minus", "move(1)", "key.question.down", id="down-minus", show=False),
        Binding("x", "retire", "key.question.retire", id="retire"),
    ]
    ROW_ACTIONS = frozenset({"edit", "move", "retire"})

    def __init__(self, network_id: str) -> None:
        super().__init__()
        self.network_id = network_id
        self._numbers: dict[str, int] = {}  # an active question's number, from 1
        self._pending_order: list[str] | None = None
        self._writing = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="q-title", classes="title")
        yield Static(t("questions.frozen"), id="q-frozen")
        yield Static(t("questions.loading"), id="status")
        table: DataTable[Any] = DataTable(id="q-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="q-detail")
        yield FittingFooter()

    def load(self) -> None:
        nid = self.network_id

        def fetch(store: Any) -> tuple[str, list[Any]]:
            return store.networks.get(nid).name, store.questions.list(nid, include_retired=True)

        self.read_store(fetch, self.Loaded, group="questions")

    def receive(self, data: tuple[str, list[Any]]) -> None:
        name, rows = data
        self.query_one("#q-title", Static).update(literal(t("questions.title", name=name)))
        self.rows = list(rows)
        self.repaint()

    def repaint(self) -> None:
        active = sum(1 for r in self.rows if r.retired_at is None)
        self._numbers = {}
        for row in self.rows:
            if row.retired_at is None:
                self._numbers[row.id] = len(self._numbers) + 1
        self.query_one("#status", Static).update(
            t("questions.count", active=active, retired=len(self.rows) - active)
            if self.rows else t("questions.empty"))
        super().repaint()

    def columns(self) -> list[Column]:
        return [
            Column("questions.col.pos", "pos", self._number_cell, Width(size=3)),
            Column("questions.col.text", "text",
                   lambda r, _w: literal(r.text_nb, style=self._style(r), limit=47),
                   Width(size=47)),
            Column("questions.col.kind", "kind",
                   lambda r, _w: Text(t("qkind." + r.kind), style=self._style(r)),
                   Width(size=10)),
            Column("questions.col.status", "status", self._status_cell, Width(size=8)),
        ]

    @staticmethod
    def _style(row: Any) -> str:
        return "dim" if row.retired_at is not None else ""

    def _number_cell(self, row: Any, _width: int) -> Text:
        number = self._numbers.get(row.id)
        return Text("–" if number is None else str(number), justify="right",
                    style=self._style(row))

    @staticmethod
    def _status_cell(row: Any, _width: int) -> Text:
        retired = row.retired_at is not None
        return Text(t("questions.retired") if retired else t("questions.active"),
                    style="bold" if retired else "")

    def describe(self, row: Any) -> Text:
        detail = Text()
        detail.append(t("questions.detail.nb"), style="bold")
        detail.append(clean(row.text_nb, limit=68) + "\n")
        detail.append(t("questions.detail.en"), style="bold")
        if row.text_en.strip():
            detail.append(clean(row.text_en, limit=68))
        else:
            detail.append(t("questions.no_en"), style="dim")
        return detail

    @on(DataTable.RowSelected)
    def _selected(self, _event: DataTable.RowSelected) -> None:
        self.action_edit()

    # ------------------------------------------------------------------ actions

    def _after_form(self, result: Any) -> None:
        self.reload_at(result.id if result is not None else None)

    def action_new(self) -> None:
        self.app.push_screen(QuestionForm(self.network_id), self._after_form)

    def action_edit(self) -> None:
        row = self.current()
        if row is not None:
            self.app.push_screen(QuestionForm(self.network_id, row), self._after_form)

    def action_move(self, delta: int) -> None:
        """Move the question under the cursor; the new order is committed at once."""
        row = self.current()
        if row is None:
            return
        index = self.rows.index(row)
        target = index + delta
        if not 0 <= target < len(self.rows):
            return
        self.rows[index], self.rows[target] = self.rows[target], self.rows[index]
        self.repaint()  # the cursor goes along with its question
        self._commit_order([r.id for r in self.rows])

    def _commit_order(self, ids: list[str]) -> None:
        """Write orders one after the other; only the newest waiting order is written."""
        self._pending_order = ids
        if not self._writing:
            self._write_next()

    def _write_next(self, _result: Any = None) -> None:
        ids, self._pending_order = self._pending_order, None
        if ids is None:
            self._writing = False
            return
        self._writing = True
        nid = self.network_id
        self.call_store(lambda s: s.questions.reorder(nid, ids), self._write_next,
                        self._order_failed, group="questions-order")

    def _order_failed(self, exc: Exception) -> None:
        self._writing = False
        self._pending_order = None
        self.app.notify(error_text(exc), severity="error", timeout=8)
        self.load()

    @row_action
    def action_retire(self, row: Any) -> None:
        from facilitator.screens.dialogs import ConfirmScreen

        retire = row.retired_at is None
        text = clean(row.text_nb, limit=60)
        qid = row.id

        def answer(yes: bool | None) -> None:
            if yes:
                self._select = qid
                self.call_store(lambda s: s.questions.retire(qid, retire), lambda _r: self.load())

        if retire:
            dialog = ConfirmScreen(t("questions.retire", text=text),
                                   yes=t("questions.retire.yes"))
        else:
            dialog = ConfirmScreen(t("questions.unretire", text=text),
                                   yes=t("questions.unretire.yes"), danger=False)
        self.app.push_screen(dialog, answer)


class QuestionForm(FormScreen, ModalScreen[Any]):
    """Add or reword a question (a form shown over the list).

    A FormScreen (errors at the field, escape on a changed form asks, a draft kept
    while it is typed) that is also modal. Textual takes CSS type names along first
    bases only, so ModalScreen's see-through background is repeated in DEFAULT_CSS.
    """

    DRAFT_KIND = "question"
    DRAFT_SUBJECT = "text_nb"
    DRAFT_FIELDS = {"text_nb": "qform.text_nb", "text_en": "qform.text_en",
                    "kind": "qform.kind"}

    HELP_KEY = "help.question_form"
    DEFAULT_CSS = """
    QuestionForm { align: center middle; background: $background 60%; }
    QuestionForm #qform {
        width: 74; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    QuestionForm #qform-hint { color: $text-muted; }
    """
    BINDINGS = [Binding("f1", "app.help", "key.help", id="help", show=False)]

    def __init__(self, network_id: str, question: Any | None = None) -> None:
        super().__init__()
        self.network_id = network_id
        self.question = question

    def compose(self) -> ComposeResult:
        q = self.question
        kinds = [(t("qkind." + k.value), k.value) for k in QuestionKind]
        with Vertical(id="qform"):
            yield Static(t("qform.title.edit" if q else "qform.title.new"), classes="title")
            yield self.form_error()
            yield FieldBox(t("qform.text_nb"), Input(q.text_nb if q else "", id="text_nb"),
                           field="text_nb")
            yield FieldBox(t("qform.text_en"), Input(q.text_en if q else "", id="text_en"),
                           field="text_en")
            yield FieldBox(
                t("qform.kind"),
                Select(kinds, value=q.kind if q else QuestionKind.SCALE.value,
                       allow_blank=False, id="kind"),
                field="kind",
            )
            if q is not None:
                yield Static(t("qform.hint"), id="qform-hint")
        yield FittingFooter()

    @on(Input.Submitted, "#text_nb")
    def _next(self) -> None:
        self.query_one("#text_en", Input).focus()

    @on(Input.Submitted, "#text_en")
    def _submit(self) -> None:
        self.action_save()

    def save(self) -> None:
        values = self.snapshot()
        text_nb, text_en, kind = values["text_nb"], values["text_en"], values["kind"]
        if self.question is not None:
            qid = self.question.id
            self.call_store(
                self.saving(lambda s: s.questions.update(qid, text_nb=text_nb, text_en=text_en,
                                                        kind=kind)),
                self.saved, self.show_exception,
            )
        else:
            nid = self.network_id
            self.call_store(self.saving(lambda s: s.questions.add(nid, text_nb, kind,
                                                                 text_en=text_en)),
                            self.saved, self.show_exception)

    # ------------------------------------------------------------------ drafts

    def draft_place(self) -> tuple[str | None, str | None]:
        return (self.question.id if self.question else None), self.network_id

    @staticmethod
    def _question(store: Any, draft: Any) -> Any:
        return next((q for q in store.questions.list(draft.network_id, include_retired=True)
                     if q.id == draft.record_id), None)

    @classmethod
    def draft_args(cls, store: Any, draft: Any, as_new: bool) -> dict[str, Any]:
        store.networks.get(draft.network_id)  # gone: the draft can only be discarded
        return {"network_id": draft.network_id,
                "question": None if as_new else cls._question(store, draft)}

    @classmethod
    def draft_record(cls, store: Any, draft: Any) -> dict[str, Any] | None:
        q = cls._question(store, draft)
        if q is None:
            return None
        return {"text_nb": q.text_nb, "text_en": q.text_en, "kind": q.kind}

    @classmethod
    def draft_display(cls, store: Any, draft: Any, values: dict[str, Any]) -> dict[str, str]:
        shown = super().draft_display(store, draft, values)
        if values.get("kind"):
            shown["kind"] = t(f"qkind.{values['kind']}")
        return shown
