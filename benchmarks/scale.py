"""Benchmarks at scale: the export of the large network (build the summary, render,
write), the modules loaded at the first screen, and a demo grown to a million answers
(start-up and the overview query)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import PY, TODAY, Bench, Row, median


def export_scale(db: Path, network_id: str) -> dict[str, float]:
    """Seconds to build cycle 12's summary, to render each format from it, and to
    write all formats to disk (what `facilitator export` does)."""
    from facilitator.cycle_build import build_summary
    from facilitator.export import FORMATS, csv, email, html, markdown, outline, xlsx
    from facilitator.export.writer import write_export
    from facilitator.store import Store

    store = Store(db, auto_backup=False)
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    summary = build_summary(store, network_id, 12)
    out["build"] = time.perf_counter() - t0
    rendered: dict[str, object] = {}
    for name, render in (("md", lambda s: markdown.render(outline.build(s))),
                         ("html", lambda s: html.render(outline.build(s))),
                         ("xlsx", xlsx.render), ("csv", csv.render)):
        t0 = time.perf_counter()
        rendered[name] = render(summary)
        out[name] = time.perf_counter() - t0
    t0 = time.perf_counter()
    plain = markdown.render(outline.build(summary), plain=True)
    email.render(summary, html=rendered["html"], text=plain,  # type: ignore[arg-type]
                 attachment=rendered["xlsx"], attachment_name="x.xlsx")  # type: ignore[arg-type]
    out["eml"] = time.perf_counter() - t0
    folder = Path(tempfile.mkdtemp(prefix="facilitator-export-"))
    t0 = time.perf_counter()
    summary = build_summary(store, network_id, 12)
    write_export(summary, FORMATS, folder)
    out["all formats written"] = time.perf_counter() - t0
    shutil.rmtree(folder, ignore_errors=True)
    store.close()
    return out



HYGIENE = """
import asyncio, json, sys
from facilitator.app import FacilitatorApp

async def main():
    app = FacilitatorApp(sys.argv[1])
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(500):
            await pilot.pause(0.01)
            if type(app.screen).__name__ == "NetworksScreen" and app.screen.rows:
                break
        print(json.dumps(sorted(sys.modules)))

asyncio.run(main())
"""
HEAVY = ("pandas", "numpy", "xlsxwriter", "openpyxl", "facilitator.export", "facilitator.cycle",
         "facilitator.stats")


def import_hygiene(db: Path) -> tuple[int, list[str]]:
    """The modules loaded when the first screen shows its rows; the heavy ones among them."""
    import json

    result = subprocess.run([PY, "-c", HYGIENE, str(db)], capture_output=True, text=True,
                            timeout=120, stdin=subprocess.DEVNULL)
    modules = json.loads(result.stdout.strip().splitlines()[-1])
    heavy = sorted({h for h in HEAVY for m in modules if m == h or m.startswith(h + ".")})
    return len(modules), heavy


def grow(path: Path, answers: int = 1_000_000) -> int:
    """Clone the demo's responses (with new ids) until the file holds `answers`
    answers, spread over the held gatherings. Raw SQL: this is test data, and the ORM
    would take minutes for a million rows; the tallies' triggers still run per answer."""
    import sqlite3
    import uuid

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    responses = conn.execute(
        "SELECT id, gathering_id, captured_at, source, created_at, updated_at"
        " FROM evaluationresponse").fetchall()
    by_response: dict[str, list[tuple]] = {}
    for row in conn.execute("SELECT response_id, question_id, score, text, skipped,"
                            " created_at, updated_at FROM answer"):
        by_response.setdefault(row[0], []).append(row[1:])
    count = conn.execute("SELECT COUNT(*) FROM answer").fetchone()[0]
    while count < answers:
        new_responses, new_answers = [], []
        for rid, gid, captured, source, created, updated in responses:
            nid = uuid.uuid4().hex
            new_responses.append((nid, gid, captured, source, created, updated))
            for qid, score, text, skipped, c2, u2 in by_response.get(rid, []):
                new_answers.append((uuid.uuid4().hex, nid, qid, score, text, skipped, c2, u2))
        conn.executemany("INSERT INTO evaluationresponse (id, gathering_id, captured_at,"
                         " source, created_at, updated_at) VALUES (?,?,?,?,?,?)", new_responses)
        conn.executemany("INSERT INTO answer (id, response_id, question_id, score, text,"
                         " skipped, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                         new_answers)
        count += len(new_answers)
    # the answer tallies follow by themselves: the database keeps them (schema 6 triggers)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return count


def overview_time(db: Path, runs: int) -> float:
    """Median time of the network overview query (the home of a network)."""
    from facilitator.store import Store

    store = Store(db, auto_backup=False)
    net = store.networks.list()[0]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        store.networks.overview(net.id, TODAY)
        times.append(time.perf_counter() - t0)
    store.close()
    return median(times)



def export_rows(bench: Bench) -> list[Row]:
    large, nid, made = bench.large
    timings = export_scale(large, nid)
    written = timings.pop("all formats written")
    return [
        ("export at scale: build the summary (cold)", f"{timings.pop('build'):.2f} s",
         "60 mun., 600 people, 12 gatherings", f"6,000 responses (made in {made:.0f} s)"),
        ("export at scale: render each format",
         ", ".join(f"{k} {v:.2f}" for k, v in timings.items()), "seconds", ""),
        ("export at scale: build + write all formats", f"{written:.2f} s",
         "warm (pandas loaded)", "goal ≤ 1.5 s"),
    ]


def hygiene_rows(bench: Bench) -> list[Row]:
    count, heavy = import_hygiene(bench.demo)
    return [("modules loaded at the first screen", str(count),
             "heavy: " + (", ".join(heavy) if heavy else "none"),
             "goal: no pandas, xlsxwriter, exporters")]


def million_rows(bench: Bench) -> list[Row]:
    from terminal import startup

    big = bench.copy_of_demo("demo-1m.db")
    t0 = time.perf_counter()
    total_answers = grow(big)
    made = time.perf_counter() - t0
    app_big, _bare = startup(big, bench.runs)
    app = bench.startup[0]
    ov_small, ov_big = overview_time(bench.demo, 9), overview_time(big, 9)
    return [
        (f"start-up with {total_answers:,} answers", f"{app_big * 1000:.0f} ms",
         f"demo {app * 1000:.0f} ms", f"ratio {app_big / app:.2f} (goal ≤ 1.1)"),
        ("network overview query, 1M answers", f"{ov_big * 1000:.1f} ms",
         f"demo {ov_small * 1000:.1f} ms",
         f"ratio {ov_big / ov_small:.2f}; goal ≤ 50 ms (data made in {made:.0f} s)"),
    ]
