"""Ctrl+S on the import screen: what stops the import (a file not read, bad lines, the
doubts about the mapping to confirm), then writing the plan's ok lines."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from facilitator import importers as imp
from facilitator.i18n import t
from facilitator.screens.form import FieldBox
from facilitator.screens.import_mapping import MappingTable
from facilitator.widgets.tickbox import TickBox


class ImportRunning:
    """The import screen's running of the import (a part of `ImportScreen`, which has
    the widgets, the plan and the messages used here)."""

    def action_run_import(self: Any) -> None:
        if self.busy:
            self._message(t("imp.screen.busy"))
            return
        field = self.query_one("#imp-path", Input)
        if self.table is None or not self._names_loaded_file():
            # nothing is imported from a file not read: say at the field what to do
            box = self.query_one("#box-path", FieldBox)
            if not field.value.strip():
                self._field_error(t("imp.screen.err.no_path"))
            elif self.table is not None:
                self._field_error(t("imp.screen.path_changed"))
            elif box.message is None:  # a failed read's error about this path stays
                self._field_error(t("imp.screen.not_read"))
            field.focus()
            return
        if self.plan is None:
            self._message(self.plan_error or t("imp.screen.planning"))
            return
        plan = self.plan
        if plan.bad and not self.query_one("#imp-skip", TickBox).value:
            self._say_bad_lines(plan)
            if not plan.ok:
                return
            self.query_one("#imp-skip", TickBox).focus()
            return
        if not plan.ok:
            self._message(t("imp.screen.nothing"))
            return
        reasons = self.reasons()
        if reasons and not (self.choice is not None and self.choice.confirmed):
            from facilitator.screens.dialogs import ConfirmScreen

            def answer(yes: bool | None) -> None:
                if yes:
                    assert self.choice is not None
                    self.choice.confirmed = True
                    self.repaint_notes()
                    self.action_run_import()
                else:
                    self.query_one("#imp-mapping", MappingTable).focus()

            question = t("imp.map.confirm") + "\n\n" + "\n".join(
                "• " + r.message() for r in reasons)
            self.app.push_screen(ConfirmScreen(question, yes=t("imp.screen.confirm_yes"),
                                               danger=False), answer)
            return
        self._apply(plan)

    def _apply(self: Any, plan: imp.ImportPlan) -> None:
        skip = self.query_one("#imp-skip", TickBox).value
        gid = self.gathering_id
        self.busy = True
        self._message(None)
        self._status(t("imp.screen.importing"))

        def done(result: imp.ImportResult) -> None:
            self.busy = False
            self.app.notify(result.message(), timeout=8)
            self.dismiss(result)

        def failed(exc: Exception) -> None:
            self.busy = False
            self._failed(exc)
            if self.table is not None:
                self._status(self.table.describe())
            self.replan()  # the plan may be stale (questions changed, imported meanwhile)

        self.call_store(lambda s: imp.apply_import(s, gid, plan, skip_bad=skip), done, failed,
                        group="import-apply")

