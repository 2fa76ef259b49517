"""A municipality's membership of the network: cohort label (pulje), joined and left."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Input, Static

from facilitator.i18n import t
from facilitator.parse import InputError, format_date, parse_optional_date
from facilitator.screens.form import FieldBox, FormScreen
from facilitator.store import ValidationError
from facilitator.views import Member
from facilitator.widgets.footer import FittingFooter
from facilitator.widgets.text import literal


class MembershipForm(FormScreen):
    HELP_KEY = "help.membership_form"
    CSS = """
    MembershipForm #box-cohort { width: 30; }
    MembershipForm #box-joined_on, MembershipForm #box-left_on { width: 20; }
    """

    def __init__(self, member: Member) -> None:
        super().__init__()
        self.member = member

    def compose(self) -> ComposeResult:
        m = self.member
        hint = t("date.placeholder")
        yield Header()
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
        self.call_store(lambda s: s.update_member(mid, cohort=values["cohort"], **dates),
                        lambda row: self.saved(row.id), self.show_exception)
