"""A municipality's membership of the network: cohort label (pulje), joined and left.

The form keeps a draft while it is typed (kind "membership", see
`screens/form_drafts.py`); a membership is only ever edited here, so a draft whose
membership has gone can only be discarded.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from facilitator.errors import ValidationError
from facilitator.i18n import t
from facilitator.parse import InputError, format_date, parse_optional_date
from facilitator.records import Member
from facilitator.screens.form import FieldBox, FormScreen
from facilitator.text import literal
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader


class MembershipForm(FormScreen):
    HELP_KEY = "help.membership_form"
    DRAFT_KIND = "membership"
    DRAFT_NEW = False
    DRAFT_SUBJECT = "municipality"
    DRAFT_FIELDS = {"cohort": "mform.cohort", "joined_on": "mform.joined",
                    "left_on": "mform.left"}
    CSS = """
    MembershipForm #box-cohort { width: 30; }
    MembershipForm #box-joined_on, MembershipForm #box-left_on { width: 20; }
    """

    def __init__(self, member: Member, network_id: str | None = None) -> None:
        super().__init__()
        self.member = member
        self.network_id = network_id  # where its draft belongs

    def compose(self) -> ComposeResult:
        m = self.member
        hint = t("date.placeholder")
        yield AppHeader()
        with VerticalScroll(classes="form"):
            yield Static(literal(t("mform.title", name=m.name)), classes="title")
            yield self.form_error()
            with Horizontal(classes="row"):
                yield FieldBox(t("mform.cohort"), Input(m.cohort, id="cohort"), field="cohort")
                yield FieldBox(t("mform.joined"),
                               Input(format_date(m.joined_on), id="joined_on", placeholder=hint),
                               field="joined_on")
                yield FieldBox(t("mform.left"),
                               Input(format_date(m.left_on), id="left_on", placeholder=hint),
                               field="left_on")
        yield FittingFooter()

    def save(self) -> None:
        values = self.snapshot()
        dates = {}
        for key in ("joined_on", "left_on"):
            try:
                dates[key] = parse_optional_date(values[key])
            except InputError as exc:
                raise ValidationError(key, exc.key, **exc.params) from exc
        mid = self.member.membership_id
        self.call_store(self.saving(lambda s: s.members.update(mid, cohort=values["cohort"],
                                                              **dates)),
                        lambda row: self.saved(row.id), self.show_exception)

    # ------------------------------------------------------------------ drafts

    def draft_place(self) -> tuple[str | None, str | None]:
        return self.member.membership_id, getattr(self, "network_id", None)

    @staticmethod
    def _member(store: Any, draft: Any) -> Member | None:
        return next((m for m in store.members.list(draft.network_id)
                     if m.membership_id == draft.record_id), None)

    @classmethod
    def draft_args(cls, store: Any, draft: Any, as_new: bool) -> dict[str, Any]:
        member = cls._member(store, draft)
        if member is None:
            raise LookupError(draft.record_id)
        return {"member": member, "network_id": draft.network_id}

    @classmethod
    def draft_record(cls, store: Any, draft: Any) -> dict[str, Any] | None:
        m = cls._member(store, draft)
        if m is None:
            return None
        return {"cohort": m.cohort, "joined_on": format_date(m.joined_on),
                "left_on": format_date(m.left_on)}

    @classmethod
    def draft_display(cls, store: Any, draft: Any, values: dict[str, Any]) -> dict[str, str]:
        shown = super().draft_display(store, draft, values)
        m = cls._member(store, draft)
        shown["municipality"] = m.name if m else ""
        return shown
