"""Create or edit a network."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Input, Select, Static, TextArea

from facilitator.i18n import t
from facilitator.parse import InputError, format_date, parse_optional_date, visible
from facilitator.screens.form import FieldBox, FormScreen
from facilitator.store import ValidationError
from facilitator.widgets.footer import FittingFooter


class NetworkForm(FormScreen):
    HELP_KEY = "help.network_form"

    def __init__(self, network_id: str | None = None) -> None:
        super().__init__()
        self.network_id = network_id

    def compose(self) -> ComposeResult:
        yield Header()
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
        if self.network_id:
            self.call_store(lambda s: s.get_network(self.network_id), self.fill)

    def fill(self, net: Any) -> None:
        self.query_one("#name", Input).value = net.name
        self.query_one("#start_date", Input).value = format_date(net.start_date)
        self.query_one("#end_date", Input).value = format_date(net.end_date)
        self.query_one("#county", Input).value = net.county
        self.query_one("#advisers", Input).value = net.advisers
        # an address stored with a line break shows it (and is refused at save)
        self.query_one("#contact_emails", Input).value = visible(net.contact_emails)
        self.query_one("#summary_language", Select).value = net.summary_language
        self.query_one("#description", TextArea).text = net.description
        self.call_after_refresh(self.mark_clean)

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
            self.call_store(lambda s: s.update_network(nid, **fields), self.saved,
                            self.show_exception)
        else:
            self.call_store(lambda s: s.create_network(**fields), self.saved, self.show_exception)
