"""Give home work at a gathering, or edit one.

The form keeps a draft while it is typed (kind "homework", see `screens/form_drafts.py`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static, TextArea

from facilitator.domain import Calendar
from facilitator.errors import ValidationError
from facilitator.i18n import t
from facilitator.parse import InputError, format_date, parse_optional_date
from facilitator.screens.form import FieldBox, FormScreen
from facilitator.text import literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader


class HomeWorkForm(FormScreen):
    HELP_KEY = "help.homework_form"
    CSS = """
    HomeWorkForm #box-due_date { width: 48; }
    """

    DRAFT_KIND = "homework"
    DRAFT_SUBJECT = "title"
    DRAFT_FIELDS = {"gathering_id": "homework.form.gathering", "title": "homework.form.name",
                    "due_date": "homework.form.due", "description": "homework.form.description"}

    def __init__(self, network_id: str, homework_id: str | None = None,
                 gathering_id: str | None = None) -> None:
        super().__init__()
        self.network_id = network_id
        self.homework_id = homework_id
        self.gathering_id = gathering_id
        self.gatherings: list[Any] = []  # by number
        self._filled = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(classes="form"):
            yield Static(t("homework.form.title.edit" if self.homework_id else "homework.form.title.new"),
                         classes="title")
            yield self.form_error()
            # The title first: the form opens with the cursor in its first field, and
            # the gathering is chosen already (the latest held).
            yield FieldBox(t("homework.form.name"), Input(id="title"), field="title")
            yield FieldBox(t("homework.form.gathering"), Select([], prompt=t("homework.form.pick"), id="gathering_id"),
                           field="gathering_id")
            yield FieldBox(t("homework.form.due"), Input(id="due_date"), field="due_date")
            yield FieldBox(t("homework.form.description"), TextArea(id="description"),
                           field="description")
        yield FittingFooter()

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        if self._filled:  # back from help or a dialog: keep what is typed
            return
        nid, wid = self.network_id, self.homework_id

        def fetch(store: Any) -> tuple[list[Any], Any]:
            work = None
            if wid is not None:
                work = next(a for a in store.homework.list(nid) if a.id == wid)
            return store.gatherings.list(nid), work

        self.read_store(fetch, self.Loaded, group="form")

    def receive(self, data: tuple[list[Any], Any]) -> None:
        self.gatherings, work = data
        self._filled = True
        select = self.query_one("#gathering_id", Select)
        select.set_options([
            (literal(t("homework.form.option", seq=g.seq, date=format_date(g.date), title=g.title)),
             g.id)
            for g in self.gatherings
        ])
        if not self.gatherings:  # said at the field; the cursor stays in the title
            self.query_one("#box-gathering_id", FieldBox).set_error(
                t("homework.form.err.no_gatherings"))
        given = work.gathering_id if work else self.gathering_id
        if given is None and self.gatherings:
            given = self._latest_held().id
        gone = given is not None and self._gathering(given) is None
        if gone:  # given at a gathering deleted since: the Select would refuse its id
            given = None
        if given is not None:
            select.value = given
        if work is not None:
            self.query_one("#title", Input).value = work.title
            self.query_one("#description", TextArea).text = work.description
            self.query_one("#due_date", Input).value = format_date(work.due_date)
        self.repaint_default(given)
        if gone:
            self.show_error("gathering_id", t("homework.form.err.gathering_gone"))  # focuses it
        self.call_after_refresh(self.mark_clean)

    def _latest_held(self) -> Any:
        """The gathering home work is usually given at: the latest held (else the first)."""
        held = Calendar(self.app.today(), self.gatherings).held
        return held[-1] if held else self.gatherings[0]

    def _gathering(self, gathering_id: str | None) -> Any:
        return next((g for g in self.gatherings if g.id == gathering_id), None)

    def _default_due(self, gathering_id: str | None) -> date | None:
        """The next gathering's date: where empty due dates end up."""
        given = self._gathering(gathering_id)
        if given is None:
            return None
        later = [g for g in self.gatherings if g.seq > given.seq]
        return later[0].date if later else None

    def repaint_default(self, gathering_id: str | None) -> None:
        default = self._default_due(gathering_id)
        self.query_one("#due_date", Input).placeholder = (
            t("homework.form.due.default", date=format_date(default)) if default
            else t("homework.form.due.none"))

    @on(Select.Changed, "#gathering_id")
    def _gathering_changed(self, event: Select.Changed) -> None:
        self.repaint_default(event.value if isinstance(event.value, str) else None)

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        values = self.snapshot()
        gathering = self._gathering(values["gathering_id"])
        if not self.gatherings:  # say why again, rather than "required"
            raise ValidationError("gathering_id", "homework.form.err.no_gatherings")
        if gathering is None:
            raise ValidationError("gathering_id", "err.required",
                                  field=t("homework.form.field.gathering"))
        if not values["title"].strip():
            raise ValidationError("title", "err.required", field=t("field.title"))
        try:
            due = parse_optional_date(values["due_date"])
        except InputError as exc:
            raise ValidationError("due_date", exc.key, **exc.params) from exc
        if due is not None and due < gathering.date:
            raise ValidationError("due_date", "homework.form.err.due_before",
                                  date=format_date(gathering.date))
        nid, wid = self.network_id, self.homework_id
        fields: dict[str, Any] = dict(title=values["title"], description=values["description"])
        if wid is None:  # the store fills an empty due date with the next gathering's
            self.call_store(self.saving(lambda s: s.homework.give(
                                nid, gathering.id, due_date=due, **fields)),
                            lambda a: self.saved(a.id), self.show_exception)
        else:
            due = due or self._default_due(gathering.id)
            self.call_store(self.saving(lambda s: s.homework.update(
                                wid, gathering_id=gathering.id, due_date=due, **fields)),
                            lambda a: self.saved(a.id), self.show_exception)

    # ------------------------------------------------------------------ drafts

    def draft_place(self) -> tuple[str | None, str | None]:
        return self.homework_id, self.network_id

    @classmethod
    def draft_args(cls, store: Any, draft: Any, as_new: bool) -> dict[str, Any]:
        store.networks.get(draft.network_id)  # gone: the draft can only be discarded
        return {"network_id": draft.network_id,
                "homework_id": None if as_new else draft.record_id}

    @classmethod
    def draft_record(cls, store: Any, draft: Any) -> dict[str, Any] | None:
        found = next((a for a in store.homework.list(draft.network_id)
                      if a.id == draft.record_id), None)
        if found is None:
            return None
        return {"gathering_id": found.gathering_id, "title": found.title,
                "due_date": format_date(found.due_date), "description": found.description}

    @classmethod
    def draft_display(cls, store: Any, draft: Any, values: dict[str, Any]) -> dict[str, str]:
        shown = super().draft_display(store, draft, values)
        gatherings = {g.id: g for g in store.gatherings.list(draft.network_id)}
        given = gatherings.get(values.get("gathering_id") or "")
        shown["gathering_id"] = (t("homework.form.option", seq=given.seq, date=format_date(given.date),
                                   title=given.title) if given else "")
        return shown
