"""Open the app straight on the typed evaluation entry of a gathering held today with
no answers yet, added to (a copy of) the demo (used by benchmarks/run.py to time
keystrokes in a real terminal)."""

import os
import sys
from datetime import date

from facilitator.cli import APP_FPS

os.environ.setdefault("TEXTUAL_FPS", str(APP_FPS))  # as `facilitator` itself does


from facilitator.app import FacilitatorApp
from facilitator.screens.evaluation import EvaluationScreen
from facilitator.store import Store


class EntryApp(FacilitatorApp):
    def store_ready(self) -> None:
        super().store_ready()
        network = self.store.networks.list()[0]
        gathering = self.store.gatherings.create(network.id, date=self.today(), seq=99,
                                                title="Benchmark")
        self.push_screen(EvaluationScreen(gathering.id))


if __name__ == "__main__":
    EntryApp(store=Store(sys.argv[1], auto_backup=False), today=lambda: date(2026, 11, 22)).run()
