"""Log or edit a municipality meeting: who came, themes, summary, decisions, follow-ups.

A line at the bottom says, as the form is filled in, whether all three parties of
three-party cooperation came: politicians, the administration and the employees'
representatives. It warns; it never blocks the save.

A meeting logged live is the longest typing in the app: the form keeps a draft
(kind "meeting", see `screens/form_drafts.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.selection_list import Selection

from facilitator.domain import (
    ADMINISTRATION_ROLES,
    EMPLOYEE_ROLES,
    MAX_HEADCOUNT,
    POLITICAL_ROLES,
    MeetingKind,
    Role,
)
from facilitator.errors import ValidationError
from facilitator.i18n import t
from facilitator.parse import InputError, format_date, parse_date
from facilitator.records import Meeting, Person
from facilitator.screens.form import FieldBox, FormScreen
from facilitator.screens.form_drafts import display_value, set_widget_value
from facilitator.screens.gathering_form import Checklist
from facilitator.text import literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader
from facilitator.widgets.tickbox import TickBox

PARTIES = (
    ("political", POLITICAL_ROLES),
    ("administration", ADMINISTRATION_ROLES),
    ("employees", EMPLOYEE_ROLES),
)
COUNTS_PER_ROW = 5
_COUNT = re.compile(r"[0-9]+")


def missing_parties(roles: Iterable[str]) -> list[str]:
    """The parties of three-party cooperation with nobody among `roles`, in order."""
    present = set(roles)
    return [party for party, group in PARTIES if group.isdisjoint(present)]


def meeting_roles(meeting: Meeting) -> list[str]:
    """The roles of everyone at a meeting: registered people and those counted."""
    return [*meeting.participant_roles,
            *(role for role, count in meeting.headcounts.items() if count > 0)]


def meeting_values(meeting: Meeting, listed: set[str]) -> dict[str, Any]:
    """A meeting as the form's snapshot holds it (`listed`: the people it can show)."""
    values: dict[str, Any] = {
        "municipality": meeting.municipality_id, "date": format_date(meeting.date),
        "kind": meeting.kind, "place": meeting.place, "press": meeting.press_present,
        "participant_ids": sorted(pid for pid in meeting.participant_ids if pid in listed),
        "theme_ids": sorted(meeting.theme_ids), "summary": meeting.summary,
        "decisions": meeting.decisions, "follow_ups": meeting.follow_ups,
    }
    for role in Role:
        count = meeting.headcounts.get(role.value, 0)
        values[f"count-{role.value}"] = str(count) if count else ""
    return values


def parties_text(missing: list[str]) -> Text:
    """The warning line: which parties are missing, or that all three came."""
    if not missing:
        return Text("✓ " + t("mform.all_parties"), style="green")
    names = [t(f"party.{party}") for party in missing]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + t("mform.and") + names[-1]
    return Text("! " + t("mform.missing", parties=joined), style="bold yellow")


class MeetingForm(FormScreen):
    HELP_KEY = "help.meeting_form"
    CSS = """
    MeetingForm #participant_ids, MeetingForm #theme_ids { height: auto; max-height: 10; }
    MeetingForm .counts > FieldBox { width: 1fr; margin-right: 1; }
    MeetingForm .counts Label { width: 100%; text-wrap: nowrap; text-overflow: ellipsis; }
    MeetingForm #box-press { width: 30; }
    MeetingForm #parties { height: auto; padding: 0 1; }
    MeetingForm .empty { color: $text-muted; display: none; }
    """

    DRAFT_KIND = "meeting"
    DRAFT_SUBJECT = ("municipality", "date")
    DRAFT_FIELDS = {
        "municipality": "mform.municipality", "date": "mform.date", "kind": "mform.kind",
        "place": "mform.place", "press": "mform.press", "participant_ids": "drafts.field.people",
        **{f"count-{role.value}": f"mform.count.{role.value}" for role in Role},
        "theme_ids": "drafts.field.themes", "summary": "mform.summary",
        "decisions": "mform.decisions", "follow_ups": "mform.follow_ups",
    }

    def __init__(self, network_id: str, meeting_id: str | None = None) -> None:
        super().__init__()
        self.network_id = network_id
        self.meeting_id = meeting_id
        self.people: list[Person] = []
        self.meeting: Meeting | None = None
        self._people_for: str | None = None  # the municipality whose people are listed
        self._hidden: dict[str, str] = {}  # came, but no longer listed (erased): id → role
        self._filled = False

    def compose(self) -> ComposeResult:
        kinds = [(t(f"mkind.{kind.value}"), kind.value) for kind in MeetingKind]
        yield AppHeader()
        # Not a tab stop itself: Tab after the last field goes round to the first.
        with VerticalScroll(classes="form", can_focus=False):
            yield Static(t("mform.title.edit" if self.meeting_id else "mform.title.new"),
                         classes="title")
            yield self.form_error()
            with Horizontal(classes="row"):
                yield FieldBox(t("mform.municipality"),
                               Select([], prompt=t("mform.pick"), id="municipality"),
                               field="municipality")
                yield FieldBox(t("mform.date"), Input(id="date",
                               placeholder=t("date.placeholder")), field="date")
            with Horizontal(classes="row"):
                kind = FieldBox(t("mform.kind"), Select(kinds, allow_blank=False, id="kind",
                                value=MeetingKind.MUNICIPALITY_MEETING.value), field="kind")
                # As wide as the longest kind in this language (with the drop-down's
                # border, padding and arrow): in a share of the row it wrapped in English.
                kind.styles.width = max(cell_len(label) for label, _value in kinds) + 8
                yield kind
                yield FieldBox(t("mform.place"), Input(id="place"), field="place")
                yield FieldBox(t("mform.press"), TickBox(t("mform.press.box"), id="press"),
                               field="press")
            yield FieldBox(t("mform.people"), Checklist(id="participant_ids"),
                           field="participant_ids")
            yield Static(t("mform.pick_first"), id="no-people", classes="empty")
            yield Label(t("mform.counts"))
            roles = list(Role)
            for start in range(0, len(roles), COUNTS_PER_ROW):
                with Horizontal(classes="row counts"):
                    for role in roles[start:start + COUNTS_PER_ROW]:
                        yield FieldBox(t(f"mform.count.{role.value}"),
                                       Input(id=f"count-{role.value}", placeholder="0"),
                                       field=f"count-{role.value}")
            yield FieldBox(t("mform.themes"), Checklist(id="theme_ids"), field="theme_ids")
            yield Static(t("mform.no_themes"), id="no-themes", classes="empty")
            yield FieldBox(t("mform.summary"), TextArea(id="summary"), field="summary")
            yield FieldBox(t("mform.decisions"), TextArea(id="decisions"), field="decisions")
            yield FieldBox(t("mform.follow_ups"), TextArea(id="follow_ups"), field="follow_ups")
        yield Static("", id="parties")
        yield FittingFooter()

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        if self._filled:  # back from help or a dialog: keep what is typed
            return
        nid, mid = self.network_id, self.meeting_id

        def fetch(store: Any) -> tuple[list[Any], list[Person], list[Any], Meeting | None]:
            meeting = None
            if mid is not None:
                meeting = next(m for m in store.meetings.list(nid) if m.id == mid)
            return (store.members.list(nid), store.members.participants(nid),
                    store.gatherings.themes(nid), meeting)

        self.read_store(fetch, self.Loaded, group="form")

    # ------------------------------------------------------------------ drafts

    def draft_place(self) -> tuple[str | None, str | None]:
        return self.meeting_id, self.network_id

    @classmethod
    def draft_args(cls, store: Any, draft: Any, as_new: bool) -> dict[str, Any]:
        store.networks.get(draft.network_id)  # gone: the draft can only be discarded
        return {"network_id": draft.network_id,
                "meeting_id": None if as_new else draft.record_id}

    @classmethod
    def draft_record(cls, store: Any, draft: Any) -> dict[str, Any] | None:
        meeting = next((m for m in store.meetings.list(draft.network_id)
                        if m.id == draft.record_id), None)
        if meeting is None:
            return None
        listed = {p.id for p in store.members.participants(draft.network_id)}
        return meeting_values(meeting, listed)

    @classmethod
    def draft_display(cls, store: Any, draft: Any, values: dict[str, Any]) -> dict[str, str]:
        shown = super().draft_display(store, draft, values)
        if values.get("municipality"):
            try:
                shown["municipality"] = store.register.get(values["municipality"]).name
            except Exception:  # noqa: BLE001 - an id not known: shown as it is
                pass
        if values.get("kind"):
            shown["kind"] = t(f"mkind.{values['kind']}")
        people = {p.id: p.name for p in store.members.participants(draft.network_id)}
        shown["participant_ids"] = ", ".join(
            people.get(pid, "?") for pid in values.get("participant_ids") or ())
        themes = {th.id: th.name for th in store.gatherings.themes(draft.network_id)}
        shown["theme_ids"] = ", ".join(
            themes.get(tid, "?") for tid in values.get("theme_ids") or ())
        shown["press"] = display_value(bool(values.get("press")))
        return shown

    def receive(self, data: tuple[list[Any], list[Person], list[Any], Meeting | None]) -> None:
        if self._filled:  # a second read (F1 before the first arrived) would reset typing
            return
        members, self.people, themes, meeting = data
        self.meeting = meeting
        self._filled = True
        options = [(literal(m.name), m.municipality_id) for m in members]
        if meeting and meeting.municipality_id not in {m.municipality_id for m in members}:
            options.append((literal(meeting.municipality), meeting.municipality_id))
        select = self.query_one("#municipality", Select)
        select.set_options(options)
        theme_ids = set(meeting.theme_ids) if meeting else set()
        listing = self.query_one("#theme_ids", SelectionList)
        listing.clear_options()
        listing.add_options([Selection(literal(th.name), th.id, th.id in theme_ids)
                             for th in themes])
        if themes:  # space ticks at once, without an arrow key first
            listing.highlighted = 0
        self.query_one("#no-themes").display = not themes
        self.query_one("#box-theme_ids").display = bool(themes)
        if meeting is not None:
            listed = {p.id for p in self.people}
            self._hidden = {pid: role for pid, role in
                            zip(meeting.participant_ids, meeting.participant_roles, strict=True)
                            if pid not in listed}
            self.apply_draft(meeting_values(meeting, listed))
        else:
            self.repaint_people(None, set())
        self.repaint_parties()
        self.call_after_refresh(self.mark_clean)

    def apply_draft(self, values: dict[str, Any]) -> None:
        """The municipality first, then its people ticked, then the rest."""
        select = self.query_one("#municipality", Select)
        set_widget_value(select, values.get("municipality"))
        municipality_id = select.value if isinstance(select.value, str) else None
        self.repaint_people(municipality_id, set(values.get("participant_ids") or ()))
        super().apply_draft({key: value for key, value in values.items()
                             if key not in ("municipality", "participant_ids")})
        self.repaint_parties()

    def repaint_people(self, municipality_id: str | None, selected: set[str]) -> None:
        """List the municipality's people (active, or ticked already)."""
        self._people_for = municipality_id
        people = [p for p in self.people if p.municipality_id == municipality_id
                  and (p.active or p.id in selected)]
        listing = self.query_one("#participant_ids", SelectionList)
        listing.clear_options()
        for p in people:
            label = literal(p.name)
            label.append(" · " + t(f"role.{p.role}"), style="dim")
            listing.add_option(Selection(label, p.id, p.id in selected))
        if people:
            listing.highlighted = 0
        hint = self.query_one("#no-people", Static)
        hint.update(t("mform.no_people" if municipality_id else "mform.pick_first"))
        hint.display = not people
        self.query_one("#box-participant_ids").display = bool(people)

    @on(Select.Changed, "#municipality")
    def _municipality_changed(self) -> None:
        # The select's value now, not the event's: events queued while the form was
        # filled in carry values that are no longer current.
        value = self.query_one("#municipality", Select).value
        municipality_id = value if isinstance(value, str) else None
        if municipality_id != self._people_for:
            self.repaint_people(municipality_id, set())
            self.repaint_parties()

    # ------------------------------------------------------------------ three parties

    @on(SelectionList.SelectedChanged, "#participant_ids")
    @on(Input.Changed, ".counts Input")
    def _who_came_changed(self) -> None:
        self.repaint_parties()

    def _roles_present(self) -> list[str]:
        roles = {p.id: p.role for p in self.people}
        ticked = self.query_one("#participant_ids", SelectionList).selected
        present = [roles[pid] for pid in ticked if pid in roles]
        if self.meeting and self._people_for == self.meeting.municipality_id:
            present += self._hidden.values()
        for role in Role:
            text = self.query_one(f"#count-{role.value}", Input).value.strip()
            if _COUNT.fullmatch(text) and int(text) > 0:
                present.append(role.value)
        return present

    def repaint_parties(self) -> None:
        self.query_one("#parties", Static).update(
            parties_text(missing_parties(self._roles_present())))

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        values = self.snapshot()
        municipality_id = values["municipality"]
        if municipality_id is None:
            raise ValidationError("municipality", "err.required", field=t("field.municipality"))
        if not values["date"].strip():
            raise ValidationError("date", "err.required", field=t("field.date"))
        try:
            day = parse_date(values["date"])
        except InputError as exc:
            raise ValidationError("date", exc.key, **exc.params) from exc
        headcounts = {}
        for role in Role:
            field = f"count-{role.value}"
            text = values[field].strip()
            if text and not _COUNT.fullmatch(text):
                raise ValidationError(field, "mform.err.count", value=text)
            if text and int(text) > MAX_HEADCOUNT:
                raise ValidationError(field, "mform.err.count_big", value=text,
                                      most=MAX_HEADCOUNT)
            headcounts[role.value] = int(text or 0)
        participant_ids = list(values["participant_ids"])
        if self.meeting and municipality_id == self.meeting.municipality_id:
            participant_ids += self._hidden
        fields = dict(
            date=day, kind=values["kind"], place=values["place"].strip(),
            press_present=values["press"], summary=values["summary"],
            decisions=values["decisions"], follow_ups=values["follow_ups"],
            theme_ids=values["theme_ids"], participant_ids=participant_ids,
            headcounts=headcounts,
        )
        nid, mid = self.network_id, self.meeting_id
        if mid is None:
            self.call_store(self.saving(lambda s: s.meetings.log(nid, municipality_id, **fields)),
                            lambda m: self.saved(m.id), self.show_exception)
        else:
            if self.meeting is None or municipality_id != self.meeting.municipality_id:
                # Only a move is checked against the members: a meeting in a
                # municipality that has since left the network can still be corrected.
                fields["municipality_id"] = municipality_id
            self.call_store(self.saving(lambda s: s.meetings.update(mid, **fields)),
                            lambda m: self.saved(m.id), self.show_exception)
