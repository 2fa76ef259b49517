"""Create or edit a network.

The form keeps a draft while it is typed (kind "network", see `screens/form_drafts.py`).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Select, Static, TextArea

from facilitator.errors import ValidationError
from facilitator.i18n import t
from facilitator.parse import InputError, format_date, parse_optional_date, visible
from facilitator.screens.form import FieldBox, FormScreen
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.header import AppHeader


def network_values(net: Any) -> dict[str, Any]:
    """A network as the form's snapshot holds it."""
    return {"name": net.name, "start_date": format_date(net.start_date),
            "end_date": format_date(net.end_date), "county": net.county,
            "summary_language": net.summary_language, "advisers": net.advisers,
            # an address stored with a line break shows it (and is refused at save)
            "contact_emails": visible(net.contact_emails), "description": net.description}


class NetworkForm(FormScreen):
    HELP_KEY = "help.network_form"
    DRAFT_KIND = "network"
    DRAFT_SUBJECT = "name"
    DRAFT_FIELDS = {
        "name": "netform.name", "start_date": "netform.start", "end_date": "netform.end",
        "county": "netform.county", "summary_language": "netform.language",
        "advisers": "netform.advisers", "contact_emails": "netform.emails",
        "description": "netform.description",
    }

    def __init__(self, network_id: str | None = None) -> None:
        super().__init__()
        self.network_id = network_id
        # A new network has nothing to load; an edit fills once (back from F1 or a
        # question, a second fill would overwrite what is typed).
        self._filled = network_id is None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(classes="form"):
            yield Static(t("netform.title.edit" if self.network_id else "netform.title.new"),
                         classes="title")
            yield self.form_error()
            yield FieldBox(t("netform.name"), Input(id="name"), field="name")
            with Horizontal(classes="row"):
                yield FieldBox(t("netform.start"), Input(id="start_date",
                               placeholder=t("date.placeholder")), field="start_date")
                yield FieldBox(t("netform.end"), Input(id="end_date", placeholder=t("date.placeholder")),
                               field="end_date")
            with Horizontal(classes="row"):
                yield FieldBox(t("netform.county"), Input(id="county"), field="county")
                yield FieldBox(
                    t("netform.language"),
                    Select([(t("lang.nb"), "nb"), (t("lang.nn"), "nn"), (t("lang.en"), "en")],
                           value="nb", allow_blank=False, id="summary_language"),
                    field="summary_language",
                )
            yield FieldBox(t("netform.advisers"), Input(id="advisers"), field="advisers")
            yield FieldBox(t("netform.emails"), Input(id="contact_emails"),
                           field="contact_emails")
            yield FieldBox(t("netform.description"), TextArea(id="description"),
                           field="description")
        yield FittingFooter()

    def load(self) -> None:
        if self.network_id and not self._filled:
            self.read_store(lambda s: s.networks.get(self.network_id), self.Loaded,
                            group="form")

    def receive(self, net: Any) -> None:
        if self._filled:
            return
        self._filled = True
        self.apply_draft(network_values(net))
        self.call_after_refresh(self.mark_clean)

    # ------------------------------------------------------------------ drafts

    def draft_place(self) -> tuple[str | None, str | None]:
        return self.network_id, self.network_id

    @classmethod
    def draft_args(cls, store: Any, draft: Any, as_new: bool) -> dict[str, Any]:
        return {"network_id": None if as_new else draft.record_id}

    @classmethod
    def draft_record(cls, store: Any, draft: Any) -> dict[str, Any] | None:
        try:
            return network_values(store.networks.get(draft.record_id))
        except Exception:  # noqa: BLE001 - deleted since
            return None

    @classmethod
    def draft_display(cls, store: Any, draft: Any, values: dict[str, Any]) -> dict[str, str]:
        shown = super().draft_display(store, draft, values)
        if values.get("summary_language"):
            shown["summary_language"] = t(f"lang.{values['summary_language']}")
        return shown

    def save(self) -> None:
        values = self.snapshot()
        dates = {}
        for key in ("start_date", "end_date"):
            try:
                dates[key] = parse_optional_date(values[key])
            except InputError as exc:
                raise ValidationError(key, exc.key, **exc.params) from exc
        fields = dict(
            name=values["name"],
            description=values["description"],
            county=values["county"].strip(),
            advisers=values["advisers"].strip(),
            contact_emails=values["contact_emails"],
            summary_language=values["summary_language"],
            **dates,
        )
        if self.network_id:
            nid = self.network_id
            self.call_store(self.saving(lambda s: s.networks.update(nid, **fields)), self.saved,
                            self.show_exception)
        else:
            self.call_store(self.saving(lambda s: s.networks.create(**fields)), self.saved,
                            self.show_exception)
