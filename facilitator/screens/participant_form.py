"""Add or edit a participant: name, role, optional e-mail, municipality, active.

The form keeps a draft while it is typed (kind "participant", see
`screens/form_drafts.py`); erasing the person deletes it.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input, Select, Static

from facilitator.domain import Role
from facilitator.i18n import t
from facilitator.parse import visible
from facilitator.records import Member, Person
from facilitator.screens.form import FieldBox, FormScreen
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader


class ParticipantForm(FormScreen):
    HELP_KEY = "help.participant_form"
    CSS = """
    ParticipantForm #box-name { width: 1fr; }
    ParticipantForm #box-role { width: 36; }
    ParticipantForm #box-municipality { width: 36; }
    """

    DRAFT_KIND = "participant"
    DRAFT_SUBJECT = "name"
    DRAFT_FIELDS = {"name": "pform.name", "role": "pform.role", "email": "pform.email",
                    "municipality": "pform.municipality", "active": "pform.active"}

    def __init__(self, network_id: str, members: list[Member], *,
                 municipality_id: str | None = None, person: Person | None = None) -> None:
        super().__init__()
        self.network_id = network_id
        self.members = members
        self.person = person
        self.municipality_id = person.municipality_id if person else municipality_id

    def compose(self) -> ComposeResult:
        roles = [(t(f"role.{role.value}"), role.value) for role in Role]
        places = [(m.name, m.municipality_id) for m in self.members]
        p = self.person
        yield AppHeader()
        with VerticalScroll(classes="form"):
            yield Static(t("pform.title.edit" if p else "pform.title.new"), classes="title")
            yield self.form_error()
            with Horizontal(classes="row"):
                yield FieldBox(t("pform.name"), Input(p.name if p else "", id="name"),
                               field="name")
                yield FieldBox(t("pform.role"),
                               Select(roles, value=p.role if p else Role.OTHER.value,
                                      allow_blank=False, id="role"), field="role")
            with Horizontal(classes="row"):
                yield FieldBox(t("pform.email"),
                               Input(visible(p.email or "") if p else "", id="email",
                                     placeholder="navn@kommune.no"), field="email")
                yield FieldBox(t("pform.municipality"),
                               Select(places, value=self.municipality_id or Select.NULL,
                                      allow_blank=self.municipality_id is None,
                                      id="municipality"), field="municipality")
            if p is not None:
                yield FieldBox("", Checkbox(t("pform.active"), p.active, id="active"),
                               field="active")
        yield FittingFooter()

    def save(self) -> None:
        values = self.snapshot()
        if not values["municipality"]:
            from facilitator.errors import ValidationError

            raise ValidationError("municipality", "err.required",
                                  field=t("pform.municipality"))
        nid, p = self.network_id, self.person
        if p is None:
            self.call_store(
                self.saving(lambda s: s.members.add_participant(nid, values["municipality"],
                                                        values["name"], values["role"],
                                                        values["email"])),
                lambda row: self.saved(row.id), self.show_exception)
            return
        fields: dict[str, Any] = dict(name=values["name"], role=values["role"],
                                      email=values["email"], active=values["active"])
        if values["municipality"] != p.municipality_id:
            fields["municipality_id"] = values["municipality"]
        self.call_store(self.saving(lambda s: s.members.update_participant(p.id, **fields)),
                        lambda row: self.saved(row.id), self.show_exception)

    # ------------------------------------------------------------------ drafts

    def draft_place(self) -> tuple[str | None, str | None]:
        return (self.person.id if self.person else None), self.network_id

    @staticmethod
    def _person(store: Any, draft: Any) -> Person | None:
        return next((p for p in store.members.participants(draft.network_id)
                     if p.id == draft.record_id), None)

    @classmethod
    def draft_args(cls, store: Any, draft: Any, as_new: bool) -> dict[str, Any]:
        person = None if as_new else cls._person(store, draft)
        return {"network_id": draft.network_id, "members": store.members.list(draft.network_id),
                "person": person}

    @classmethod
    def draft_record(cls, store: Any, draft: Any) -> dict[str, Any] | None:
        p = cls._person(store, draft)
        if p is None:
            return None
        return {"name": p.name, "role": p.role, "email": visible(p.email or ""),
                "municipality": p.municipality_id, "active": p.active}

    @classmethod
    def draft_display(cls, store: Any, draft: Any, values: dict[str, Any]) -> dict[str, str]:
        shown = super().draft_display(store, draft, values)
        if values.get("role"):
            shown["role"] = t(f"role.{values['role']}")
        names = {m.municipality_id: m.name for m in store.members.list(draft.network_id)}
        shown["municipality"] = names.get(values.get("municipality") or "", "")
        return shown
