"""What every benchmark shares: the paths, the fixed day, medians and p95, the two
databases measured (the demo and a large generated network) and the run's context.

Each area's rows are in a module of its own (`terminal`, `saves`, `scale`, `screens`,
`readers`); `run.py` puts them in one table.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from datetime import date
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 22)
PY = sys.executable

Row = tuple[str, str, str, str]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]



def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


# ---------------------------------------------------------------- data


def make_demo(path: Path) -> None:
    from facilitator.demo import create_demo
    from facilitator.store import Store

    with Store(path, auto_backup=False) as store:
        create_demo(store, TODAY)
        store.files.checkpoint()


def make_large(path: Path, municipalities: int = 60, per_municipality: int = 10,
               gatherings: int = 12, responses: int = 6000) -> str:
    """A generated network: 60 municipalities, 600 participants, 12 gatherings,
    6,000 responses; home work and meetings like the demo's."""
    import random

    from facilitator.migrations.steps import read_municipalities
    from facilitator.store import Store

    rng = random.Random(7)
    numbers = [m["municipality_number"] for m in read_municipalities()][:municipalities]
    with Store(path, auto_backup=False) as store, store.batch():
        net = store.networks.create("Stort nettverk", contact_emails="nett@example.no")
        people = []
        for number in numbers:
            mid = store.members.add(net.id, number).municipality_id
            for k in range(per_municipality):
                role = ["ordforer", "kommunedirektor", "okonomisjef", "tillitsvalgt",
                        "politiker"][k % 5]
                people.append(store.members.add_participant(net.id, mid, f"Person {number}-{k}", role).id)
        gs = [store.gatherings.create(net.id, date=date(2025, 1 + i % 12, 10), seq=i + 1,
                                     title=f"Samling {i + 1}") for i in range(gatherings)]
        for g in gs:
            for pid in people:
                store.gatherings.set_attendance(g.id, pid, rng.random() < 0.8)
            a = store.homework.give(net.id, g.id, f"Oppgave {g.seq}")
            for number in numbers:
                mid = store.register.get(number).id
                store.homework.set_status(a.id, mid, rng.choice(
                    ["not_started", "in_progress", "delivered", "reviewed"]))
        for number in numbers[:40]:
            store.meetings.log(net.id, store.register.get(number).id,
                               date=date(2025, 5, 3), summary="Møte", headcounts={"politiker": 5})
        per = responses // gatherings
        for g in gs:
            qs = store.questions.freeze(g.id)
            for _ in range(per):
                store.evaluations.record(g.id, {
                    qs[0].id: rng.randint(0, 1), qs[1].id: rng.randint(1, 6),
                    qs[2].id: rng.randint(1, 6), qs[3].id: "Kommentar" if rng.random() < 0.2
                    else None})
        return net.id



class Bench:
    """One run's options and what its rows share, each made once when first asked for:
    the demo, the large network, the start-up and the commit measured on the demo."""

    def __init__(self, runs: int, keys: int, saves: int, opens: int) -> None:
        self.runs, self.keys, self.saves, self.opens = runs, keys, saves, opens
        self.work = Path(tempfile.mkdtemp(prefix="facilitator-bench-"))

    @cached_property
    def demo(self) -> Path:
        path = self.work / "demo.db"
        make_demo(path)
        return path

    @cached_property
    def large(self) -> tuple[Path, str, float]:
        """(the file, the network's id, seconds it took to make)."""
        import time

        path = self.work / "large.db"
        t0 = time.perf_counter()
        network_id = make_large(path)
        return path, network_id, time.perf_counter() - t0

    @cached_property
    def startup(self) -> tuple[float, float]:
        """Median start-up of the app on the demo and of bare Textual, seconds."""
        from terminal import startup

        return startup(self.demo, self.runs)

    @cached_property
    def commits(self) -> list[float]:
        """Seconds per durable save of one response on the demo."""
        from saves import durable_saves

        return durable_saves(self.copy_of_demo("saves.db"), self.saves)

    def copy_of_demo(self, name: str) -> Path:
        """A copy of the demo to write to, so that no row changes what another reads."""
        path = self.work / name
        shutil.copyfile(self.demo, path)
        return path

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
