"""Open the app straight on the export screen of the first network in a database,
with the cursor in the recipients field (used by benchmarks/run.py to check that the
screen answers keys while the files are written)."""

import os
import sys
from datetime import date

from facilitator.cli import APP_FPS

os.environ.setdefault("TEXTUAL_FPS", str(APP_FPS))  # as `facilitator` itself does


from facilitator.app import FacilitatorApp
from facilitator.screens.export import ExportScreen
from facilitator.store import Store


class ExportApp(FacilitatorApp):
    def store_ready(self) -> None:
        super().store_ready()
        network = self.store.networks.list()[0]
        cycle = max(g.seq for g in self.store.gatherings.list(network.id))
        self.push_screen(ExportScreen(network.id, cycle))
        self.set_timer(1.0, self._focus_recipients)

    def _focus_recipients(self) -> None:
        self.screen.query_one("#export-to").focus()


if __name__ == "__main__":
    ExportApp(store=Store(sys.argv[1], auto_backup=False),
              today=lambda: date(2026, 11, 22)).run()
