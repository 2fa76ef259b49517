"""Create or edit a gathering: number, kind, dates, place, themes and notes.

The form keeps a draft while it is typed (kind "gathering", see `screens/form_drafts.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Select, SelectionList, Static, TextArea
from textual.widgets.input import Selection as TextSelection
from textual.widgets.selection_list import Selection

from facilitator.domain import MAX_SEQ, GatheringKind, norwegian_key
from facilitator.errors import ValidationError
from facilitator.i18n import t
from facilitator.parse import InputError, format_date, parse_date, parse_optional_date
from facilitator.screens.form import FieldBox, FormScreen
from facilitator.text import literal
from facilitator.widgets.checklist import Checklist
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader

__all__ = ["Checklist", "GatheringForm"]  # Checklist: the meeting form imports it here

# A network has a few gatherings a year: a bigger number is a typing error (and would
# not fit the list's number column or this form's field).


class GatheringForm(FormScreen):
    HELP_KEY = "help.gathering_form"
    BINDINGS = [
        Binding("ctrl+t", "add_theme", "key.gathering.add_theme", id="add-theme"),
    ]
    CSS = """
    GatheringForm #box-seq { width: 9; }
    GatheringForm #box-kind { width: 30; }
    GatheringForm #theme_ids { height: auto; max-height: 12; }
    GatheringForm #gf-order { color: $warning; height: auto; display: none; }
    GatheringForm #gf-no-themes { color: $text-muted; display: none; }
    """

    DRAFT_KIND = "gathering"
    DRAFT_SUBJECT = "title"
    DRAFT_FIELDS = {
        "seq": "gform.seq", "title": "gform.name", "kind": "gform.kind", "date": "gform.date",
        "end_date": "gform.end_date", "place": "gform.place", "theme_ids": "drafts.field.themes",
        "theme": "gform.new_theme", "notes": "gform.notes",
    }

    def __init__(self, network_id: str, gathering_id: str | None = None) -> None:
        super().__init__()
        self.network_id = network_id
        self.gathering_id = gathering_id
        self.themes: list[tuple[str, str]] = []  # id, name in Norwegian order
        self.others: list[tuple[int, date]] = []  # the network's other gatherings
        self._filled = False
        self._suggested: str | None = None  # the number proposed for a new gathering

    def compose(self) -> ComposeResult:
        kinds = [(t(f"gkind.{kind.value}"), kind.value) for kind in GatheringKind]
        date_hint = t("date.placeholder")
        yield AppHeader()
        with VerticalScroll(classes="form"):
            yield Static(t("gform.title.edit" if self.gathering_id else "gform.title.new"),
                         classes="title")
            yield self.form_error()
            with Horizontal(classes="row"):
                yield FieldBox(t("gform.seq"), Input(id="seq", type="integer"), field="seq")
                yield FieldBox(t("gform.name"), Input(id="title"), field="title")
                yield FieldBox(t("gform.kind"), Select(kinds, value=GatheringKind.NETWORK.value,
                               allow_blank=False, id="kind"), field="kind")
            with Horizontal(classes="row"):
                yield FieldBox(t("gform.date"), Input(id="date", placeholder=date_hint),
                               field="date")
                yield FieldBox(t("gform.end_date"), Input(id="end_date", placeholder=date_hint),
                               field="end_date")
                yield FieldBox(t("gform.place"), Input(id="place"), field="place")
            yield Static("", id="gf-order")
            yield FieldBox(t("gform.themes"), Checklist(id="theme_ids"),
                           field="theme_ids")
            yield Static(t("gform.no_themes"), id="gf-no-themes")
            yield FieldBox(t("gform.new_theme"),
                           Input(id="new_theme", placeholder=t("gform.new_theme.placeholder")),
                           field="theme")
            yield FieldBox(t("gform.notes"), TextArea(id="notes"), field="notes")
        yield FittingFooter()

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        if self._filled:  # back from help or a dialog: keep what is typed
            return
        nid, gid = self.network_id, self.gathering_id

        def fetch(store: Any) -> tuple[Any, list[str], list[Any], int, list[tuple[int, date]]]:
            themes = store.gatherings.themes(nid)
            others = [(g.seq, g.date) for g in store.gatherings.list(nid) if g.id != gid]
            if gid is None:
                next_seq = max((seq for seq, _day in others), default=0) + 1
                return None, [], themes, next_seq, others
            return store.gatherings.get(gid), store.gatherings.theme_ids(gid), themes, 0, others

        self.read_store(fetch, self.Loaded, group="form")

    def receive(self, data: tuple[Any, list[str], list[Any], int, list[tuple[int, date]]]) -> None:
        gathering, linked, themes, next_seq, self.others = data
        self._filled = True
        self.themes = [(th.id, th.name) for th in themes]
        self.repaint_themes(set(linked))
        if gathering is None:
            self._suggested = str(next_seq)
            self.query_one("#seq", Input).value = self._suggested
        else:
            self.query_one("#seq", Input).value = str(gathering.seq)
            self.query_one("#kind", Select).value = gathering.kind
            self.query_one("#date", Input).value = format_date(gathering.date)
            self.query_one("#end_date", Input).value = format_date(gathering.end_date)
            self.query_one("#title", Input).value = gathering.title
            self.query_one("#place", Input).value = gathering.place
            self.query_one("#notes", TextArea).text = gathering.notes
        self.call_after_refresh(self.mark_clean)

    def mark_clean(self) -> None:
        """As every form, except a new gathering's proposed number: it opens selected,
        so the number typed replaces it ("4", not "84"); an arrow key or End keeps it
        to edit. Set here, after each fill, so it does not depend on timing."""
        super().mark_clean()
        seq = self.query_one("#seq", Input)
        if self._suggested is not None and self.focused is seq and seq.value == self._suggested:
            seq.selection = TextSelection(0, len(seq.value))

    def repaint_themes(self, selected: set[str]) -> None:
        listing = self.query_one("#theme_ids", SelectionList)
        listing.clear_options()
        listing.add_options(
            [Selection(literal(name), tid, tid in selected) for tid, name in self.themes]
        )
        if self.themes:  # space ticks at once, without an arrow key first
            listing.highlighted = 0
        # none yet: say where they come from instead of an empty list (no tab stop)
        self.query_one("#gf-no-themes").display = not self.themes

    # ------------------------------------------------------------------ number and date

    @on(Input.Changed, "#seq, #date")
    def _check_order(self) -> None:
        """Warn (never block) when the number and the date put the gathering in a
        different order than the network's other gatherings: 7 before 6."""
        warning = self.order_warning()
        line = self.query_one("#gf-order", Static)
        line.update(literal(warning or ""))
        line.display = bool(warning)

    def order_warning(self) -> str | None:
        seq_text = self.query_one("#seq", Input).value.strip()
        try:
            day = parse_date(self.query_one("#date", Input).value)
        except InputError:
            return None
        if not seq_text.isdigit():
            return None
        seq = int(seq_text)
        before = [(s, d) for s, d in self.others if s < seq and d > day]
        after = [(s, d) for s, d in self.others if s > seq and d < day]
        if before:  # the nearest number below with a later date
            other, when = max(before)
            return t("gform.warn.later", seq=other, date=format_date(when))
        if after:
            other, when = min(after)
            return t("gform.warn.earlier", seq=other, date=format_date(when))
        return None

    # ------------------------------------------------------------------ a new theme

    def action_add_theme(self) -> None:
        field = self.query_one("#new_theme", Input)
        if field.value.strip():
            self._add_theme(field.value.strip())
        else:
            field.focus()

    @on(Input.Submitted, "#new_theme")
    def _new_theme_submitted(self) -> None:
        self.action_add_theme()

    def _add_theme(self, name: str, then: Callable[[], None] | None = None) -> None:
        """Add the theme to the network's list and tick it; then `then()`."""
        nid = self.network_id

        def added(theme: Any) -> None:
            listing = self.query_one("#theme_ids", SelectionList)
            selected = {*listing.selected, theme.id}
            if theme.id not in dict(self.themes):
                self.themes.append((theme.id, theme.name))
                self.themes.sort(key=lambda item: norwegian_key(item[1]))
            self.repaint_themes(selected)
            listing.highlighted = [tid for tid, _name in self.themes].index(theme.id)
            self.query_one("#new_theme", Input).value = ""
            self.query_one("#box-theme", FieldBox).set_error(None)
            if then is not None:
                then()

        self.call_store(lambda s: s.gatherings.add_theme(nid, name), added, self.show_exception)

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        fields = self._fields()
        pending = self.query_one("#new_theme", Input).value.strip()
        if pending:  # typed but not added yet: add it, then save with it ticked
            self._add_theme(pending, then=lambda: self._write(self._fields()))
        else:
            self._write(fields)

    def _fields(self) -> dict[str, Any]:
        values = self.snapshot()
        seq_text = values["seq"].strip()
        if not seq_text:
            raise ValidationError("seq", "err.required", field=t("gform.field.seq"))
        if not seq_text.isdigit() or int(seq_text) < 1:
            raise ValidationError("seq", "gform.err.seq", value=seq_text)
        if int(seq_text) > MAX_SEQ:
            raise ValidationError("seq", "gform.err.seq_max", value=seq_text, max=MAX_SEQ)
        if not values["date"].strip():
            raise ValidationError("date", "err.required", field=t("field.date"))
        dates = {}
        for key, parse in (("date", parse_date), ("end_date", parse_optional_date)):
            try:
                dates[key] = parse(values[key])
            except InputError as exc:
                raise ValidationError(key, exc.key, **exc.params) from exc
        return dict(
            seq=int(seq_text),
            kind=values["kind"],
            title=values["title"],
            place=values["place"],
            notes=values["notes"],
            theme_ids=values["theme_ids"],
            **dates,
        )

    def _write(self, fields: dict[str, Any]) -> None:
        nid, gid = self.network_id, self.gathering_id
        if gid is None:
            self.call_store(self.saving(lambda s: s.gatherings.create(nid, **fields)),
                            self._done, self.show_exception)
        else:
            self.call_store(self.saving(lambda s: s.gatherings.update(gid, **fields)),
                            self._done, self.show_exception)

    def _done(self, gathering: Any) -> None:
        warning = self.order_warning()
        self.saved(gathering.id)
        if warning:  # saved as asked; the warning goes along to the list
            self.app.notify(warning, severity="warning", timeout=8, markup=False)

    # ------------------------------------------------------------------ drafts

    def draft_place(self) -> tuple[str | None, str | None]:
        return self.gathering_id, self.network_id

    @classmethod
    def draft_args(cls, store: Any, draft: Any, as_new: bool) -> dict[str, Any]:
        store.networks.get(draft.network_id)  # gone: the draft can only be discarded
        return {"network_id": draft.network_id,
                "gathering_id": None if as_new else draft.record_id}

    @classmethod
    def draft_record(cls, store: Any, draft: Any) -> dict[str, Any] | None:
        try:
            g = store.gatherings.get(draft.record_id)
        except Exception:  # noqa: BLE001 - deleted since
            return None
        return {"seq": str(g.seq), "title": g.title, "kind": g.kind,
                "date": format_date(g.date), "end_date": format_date(g.end_date),
                "place": g.place, "theme_ids": sorted(store.gatherings.theme_ids(g.id)),
                "theme": "", "notes": g.notes}

    @classmethod
    def draft_display(cls, store: Any, draft: Any, values: dict[str, Any]) -> dict[str, str]:
        shown = super().draft_display(store, draft, values)
        if values.get("kind"):
            shown["kind"] = t(f"gkind.{values['kind']}")
        themes = {th.id: th.name for th in store.gatherings.themes(draft.network_id)}
        shown["theme_ids"] = ", ".join(
            themes.get(tid, "?") for tid in values.get("theme_ids") or ())
        return shown
