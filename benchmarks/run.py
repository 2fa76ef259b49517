"""Benchmarks: `make bench` prints a table of medians, each beside its baseline.

Run from the repository root with the project's venv. Uses tmux for the real-terminal
measurements (skipped with a note when tmux is missing). Writes nothing outside a
temporary folder. `--only startup,keys` runs only those groups of rows (`--list`
names them); each area's rows are made in a module of its own next to this one.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Callable

from common import Bench, Row
from readers import rows as reader_rows
from saves import demo_rows, record_rows, save_rows
from scale import export_rows, hygiene_rows, million_rows
from screens import screen_rows
from terminal import export_keys_rows, keys_rows, startup_rows

# group name → its rows, in the table's order
GROUPS: dict[str, Callable[[Bench], list[Row]]] = {
    "startup": startup_rows,
    "demo": demo_rows,
    "keys": keys_rows,
    "hygiene": hygiene_rows,
    "saves": save_rows,
    "record": record_rows,
    "screens": screen_rows,
    "export": export_rows,
    "readers": lambda b: reader_rows(b.demo, b.large[0], b.large[1], b.work),
    "export-keys": export_keys_rows,
    "million": million_rows,
}


def print_table(rows: list[Row]) -> None:
    width = [max(len(r[i]) for r in rows) for i in range(4)]
    print(f"facilitator benchmarks · {platform.platform()} · {platform.processor() or ''}"
          f" · Python {platform.python_version()} · {os.cpu_count()} cores")
    for r in rows:
        print("  ".join(c.ljust(width[i]) for i, c in enumerate(r)).rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="fresh starts per start-up row")
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--opens", type=int, default=30, help="warm opens per screen")
    parser.add_argument("--only", default="", help="comma-separated groups: "
                        + ", ".join(GROUPS))
    parser.add_argument("--list", action="store_true", help="name the groups and stop")
    args = parser.parse_args()
    if args.list:
        print("\n".join(GROUPS))
        return 0
    chosen = [g.strip() for g in args.only.split(",") if g.strip()] or list(GROUPS)
    unknown = [g for g in chosen if g not in GROUPS]
    if unknown:
        parser.error(f"no such group: {', '.join(unknown)} (groups: {', '.join(GROUPS)})")
    bench = Bench(args.runs, args.keys, args.saves, args.opens)
    try:
        rows: list[Row] = []
        for name in chosen:
            rows += GROUPS[name](bench)
        print_table(rows)
    finally:
        bench.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
