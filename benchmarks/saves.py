"""Benchmarks of writing: a durable save of one response (the commit), the CPU of
saving one response (SQLAlchemy Core, beside the ORM path it replaced), and
`facilitator demo` in a fresh process."""

from __future__ import annotations

import statistics
import subprocess
import time
from pathlib import Path

from common import PY, ROOT, Bench, Row, median, ms, p95


def durable_saves(db: Path, count: int) -> list[float]:
    from facilitator.store import Store

    store = Store(db, auto_backup=False)
    g = store.gatherings.list(store.networks.list()[0].id)[5]
    qs = store.questions.freeze(g.id)
    times = []
    for i in range(count):
        t0 = time.perf_counter()
        store.evaluations.record(g.id, {qs[0].id: 1, qs[1].id: 1 + i % 6, qs[2].id: 4})
        times.append(time.perf_counter() - t0)
    store.close()
    return times



def _orm_record(store, gathering_id: str, answers: dict) -> None:  # noqa: ANN001
    """The response saved as it was before SQLAlchemy Core: ORM objects and a flush
    (the baseline of `record_cost`)."""
    from facilitator.models import Answer, EvaluationResponse
    from facilitator.storage.evaluations import _questions, answer_values

    def write(s) -> None:  # noqa: ANN001
        questions = _questions(s, gathering_id)
        rows = [Answer(**answer_values(qid, kind, answers.get(qid)))
                for qid, kind in questions.items()]
        resp = EvaluationResponse(gathering_id=gathering_id, source="typed",
                                  captured_at=store._now())  # noqa: SLF001
        s.add(resp)
        s.flush()
        for a in rows:
            a.response_id = resp.id
        s.add_all(rows)

    store._write(write)  # noqa: SLF001


def record_cost(db: Path, count: int = 500) -> tuple[float, float]:
    """Median CPU seconds to save one 4-answer response inside one transaction (no
    commit: the CPU of the save itself), by `store.evaluations.record` and by the
    ORM path it replaced, alternating."""
    from facilitator.store import Store

    core, orm = [], []
    with Store(db, auto_backup=False) as store, store.batch():
        g = store.gatherings.list(store.networks.list()[0].id)[5]
        qs = store.questions.freeze(g.id)
        for i in range(count):
            answers = {qs[0].id: 1, qs[1].id: 1 + i % 6, qs[2].id: 4, qs[3].id: "Fint"}
            t0 = time.process_time()
            store.evaluations.record(g.id, answers)
            core.append(time.process_time() - t0)
            t0 = time.process_time()
            _orm_record(store, g.id, answers)
            orm.append(time.process_time() - t0)
    return median(core[20:]), median(orm[20:])


def demo_command(work: Path, runs: int = 5) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of `facilitator demo --db X` in a fresh process, X new each
    run (the CPU time says what the wall time is on a busy machine)."""
    import resource

    wall, cpu = [], []
    for i in range(runs):
        target = work / f"demo-cli-{i}.db"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([PY, "-m", "facilitator", "demo", "--db", str(target)], cwd=ROOT,
                       check=True, capture_output=True, stdin=subprocess.DEVNULL)
        wall.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall, cpu


def save_rows(bench: Bench) -> list[Row]:
    saves = bench.commits
    return [("durable save (commit, synchronous=FULL)", f"p50 {ms(median(saves))}",
             f"p95 {ms(p95(saves))}", f"n={len(saves)}")]


def record_rows(bench: Bench) -> list[Row]:
    core, orm = record_cost(bench.copy_of_demo("record.db"))
    return [("saving one response, CPU (4 answers, no commit)", f"{core * 1e6:.0f} µs",
             f"ORM path {orm * 1e6:.0f} µs", f"ratio {core / orm:.2f} (SQLAlchemy Core)")]


def demo_rows(bench: Bench) -> list[Row]:
    wall, cpu = demo_command(bench.work, max(5, bench.runs // 2 + 1))
    return [("`facilitator demo --db X` (fresh process)",
             f"{statistics.median(wall):.2f} s", f"CPU {statistics.median(cpu):.2f} s",
             f"median of {len(wall)} (goal ≤ 1.5 s)")]
