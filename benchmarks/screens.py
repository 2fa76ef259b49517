"""Every screen reached from a network's overview, timed in the app from the key to its
data painted (`screen_opens.py`, in fresh processes): the first open and warm opens, on
the demo and on the large network."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from common import PY, ROOT, Bench, Row, median, p95

GOALS = {"export preview": (0.300, 0.800)}  # warm p95, first; others as DEFAULT_GOAL
DEFAULT_GOAL = (0.100, 0.300)
FIRST_RUNS = 3  # fresh processes: the first open is their median


def opens(db: Path, warm: int) -> dict[str, dict[str, Any]]:
    result = subprocess.run([PY, str(ROOT / "benchmarks" / "screen_opens.py"), str(db),
                             str(warm)], capture_output=True, text=True, check=True,
                            cwd=ROOT, stdin=subprocess.DEVNULL, timeout=1800)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _row(name: str, label: str, warm: list[float], warm_cpu: list[float],
         first: float) -> Row:
    goal_warm, goal_first = GOALS.get(name, DEFAULT_GOAL)
    return (f"open {name} ({label})", f"warm p95 {p95(warm) * 1000:.0f} ms",
            f"first {first * 1000:.0f} ms, warm CPU p50 {median(warm_cpu) * 1000:.0f} ms",
            f"n={len(warm)}; goal warm ≤ {goal_warm * 1000:.0f} ms,"
            f" first ≤ {goal_first * 1000:.0f} ms")


def screen_rows(bench: Bench) -> list[Row]:
    out: list[Row] = []
    for label, db in (("demo", bench.demo), ("large", bench.large[0])):
        runs = [opens(db, bench.opens)] + [opens(db, 0) for _ in range(FIRST_RUNS - 1)]
        for name, measured in runs[0].items():
            first = median([run[name]["first"] for run in runs])
            out.append(_row(name, label, measured["warm"], measured["warm_cpu"], first))
    return out
