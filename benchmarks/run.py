"""Benchmarks: `make bench` prints a table of medians, each beside its baseline.

Run from the repository root with the project's venv. Uses tmux for the real-terminal
start-up measurements (skipped with a note when tmux is missing). Writes nothing
outside a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 22)
PY = sys.executable

BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("BARE-READY")
Bare().run()
"""


BARE_INPUT_APP = """
from textual.app import App
from textual.widgets import Input, Static
class Bare(App):
    def compose(self):
        yield Static("BARE-READY")
        yield Input()
Bare().run()
"""


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


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

    from facilitator.migrations import read_municipalities
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


# ---------------------------------------------------------------- measurements


def tmux_time(command: str, marker: str, size: tuple[int, int] = (80, 24),
              timeout: float = 20.0) -> float | None:
    """Seconds from starting `command` in a fresh tmux pane until `marker` shows."""
    if shutil.which("tmux") is None:
        return None
    session = f"bench{os.getpid()}"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    start = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(size[0]), "-y",
                    str(size[1]), command], check=True)
    try:
        while time.perf_counter() - start < timeout:
            out = subprocess.run(["tmux", "capture-pane", "-p", "-t", session],
                                 capture_output=True, text=True).stdout
            if marker in out:
                return time.perf_counter() - start
            time.sleep(0.005)
        return None
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def startup(db: Path, runs: int) -> tuple[float, float]:
    bare_file = Path(tempfile.mkdtemp()) / "bare.py"
    bare_file.write_text(BARE_APP)
    app, bare = [], []
    for _ in range(runs):
        b = tmux_time(f"{PY} {bare_file}", "BARE-READY")
        a = tmux_time(f"FACILITATOR_DB={db} {PY} -m facilitator", "ROBEK-nettverk Nord"
                      if "demo" in db.name else "Stort nettverk")
        if a is not None and b is not None:
            app.append(a)
            bare.append(b)
    return median(app), median(bare)


def _start(session: str, command: str) -> None:
    """A fresh tmux session of 80×24 running `command`."""
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24",
                    command], check=True)


def _wait_for(session: str, *texts: str, timeout: float = 20) -> bool:
    """Poll the pane until every one of `texts` shows; False after `timeout` seconds."""
    deadline = time.perf_counter() + timeout
    while not all(text in _pane(session) for text in texts):
        if time.perf_counter() > deadline:
            return False
        time.sleep(0.05)
    return True


def _pane(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session],
                          capture_output=True, text=True).stdout


def keystrokes(db: Path, keys: int) -> tuple[list[float], float, int] | None:
    """In a real terminal (tmux 80×24): time from `send-keys` until the pane shows the
    change, for `keys` keys of typed entry ("j 5 4 Enter" per form); and the time for
    20 forms typed back to back. Polling capture-pane adds about 1–2 ms per sample."""
    if shutil.which("tmux") is None:
        return None
    session = f"keys{os.getpid()}"
    copy = db.with_name("entry.db")
    shutil.copyfile(db, copy)
    _start(session, f"{PY} {ROOT / 'benchmarks' / 'entry_app.py'} {copy}")
    try:
        if not _wait_for(session, "Svar:", "klar"):
            return None
        form = ["j", "5", "4", "Enter"]
        latencies: list[float] = []
        for i in range(keys):
            before = _pane(session)
            # Enter clears the form at once and says "lagret" once the response is on
            # disk (the save runs off the UI thread): its time is until "lagret" shows.
            saved = f"svar {i // 4 + 1} lagret" if i % 4 == 3 else None
            t0 = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", session, form[i % 4]])
            while True:
                pane = _pane(session)
                if (saved in pane) if saved else (pane != before):
                    break
                if time.perf_counter() - t0 > 2:
                    break
            latencies.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", session] + form * 20)
        target = f"svar {keys // 4 + 20} lagret"
        while target not in _pane(session) and time.perf_counter() - t0 < 30:
            time.sleep(0.005)
        twenty = time.perf_counter() - t0
        return latencies, twenty, len(form)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def bare_keystrokes(keys: int) -> list[float]:
    """The same measurement on a bare Textual app with one text field: what tmux,
    the polling and Textual itself cost per key."""
    if shutil.which("tmux") is None:
        return []
    bare_file = Path(tempfile.mkdtemp()) / "bare_input.py"
    bare_file.write_text(BARE_INPUT_APP)
    session = f"bare{os.getpid()}"
    from facilitator.cli import APP_FPS

    _start(session, f"TEXTUAL_FPS={APP_FPS} {PY} {bare_file}")
    try:
        if not _wait_for(session, "BARE-READY"):
            return []
        time.sleep(0.3)
        latencies = []
        for i in range(keys):
            before = _pane(session)
            t0 = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", session, "BSpace" if i % 2 else "x"])
            while _pane(session) == before and time.perf_counter() - t0 < 2:
                pass
            latencies.append(time.perf_counter() - t0)
        return latencies
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


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


def keys_during_export(db: Path) -> tuple[list[float], float] | None:
    """In a real terminal: the export screen of the large network, ctrl+s, then keys
    typed into the recipients field while the files are written; key → screen
    latencies and the time the write took."""
    if shutil.which("tmux") is None:
        return None
    session = f"export{os.getpid()}"
    home = Path(tempfile.mkdtemp(prefix="facilitator-docs-"))
    env = f"XDG_DOCUMENTS_DIR={home} HOME={home}"
    _start(session, f"{env} {PY} {ROOT / 'benchmarks' / 'export_app.py'} {db}")
    try:
        if not _wait_for(session, "Forhåndsvisning klar", timeout=60):
            return None
        time.sleep(1.2)  # the recipients field takes the cursor
        latencies: list[float] = []
        t_start = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", session, "C-s"])
        done_at = None
        while time.perf_counter() - t_start < 60:
            before = _pane(session)
            if "skrevet i" in before:
                done_at = time.perf_counter()
                break
            t0 = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", session, "a"])
            while _pane(session) == before and time.perf_counter() - t0 < 5:
                pass
            latencies.append(time.perf_counter() - t0)
        if done_at is None:
            return None
        return latencies, done_at - t_start
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--saves", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="facilitator-bench-"))
    demo = work / "demo.db"
    make_demo(demo)
    rows: list[tuple[str, str, str, str]] = []

    app, bare = startup(demo, args.runs)
    rows.append(("start-up to network list (tmux 80×24)", f"{app * 1000:.0f} ms",
                 f"bare Textual {bare * 1000:.0f} ms", f"ratio {app / bare:.2f} (goal ≤ 1.5)"))

    measured = keystrokes(demo, args.keys)
    if measured is not None:
        lat, twenty, per_form = measured
        rows.append(("keystroke → screen updated (typed entry, tmux)",
                     f"p50 {median(lat) * 1000:.1f} ms", f"p95 {p95(lat) * 1000:.1f} ms",
                     f"n={len(lat)} (goal p95 ≤ 16 ms)"))
        answers = [x for i, x in enumerate(lat) if i % 4 != 3]
        saves = [x for i, x in enumerate(lat) if i % 4 == 3]
        rows.append(("  of which an answer key (j, 5, 4)", f"p50 {median(answers) * 1000:.1f} ms",
                     f"p95 {p95(answers) * 1000:.1f} ms", f"n={len(answers)}"))
        rows.append(("  of which Enter (commit, then repaint)",
                     f"p50 {median(saves) * 1000:.1f} ms", f"p95 {p95(saves) * 1000:.1f} ms",
                     f"n={len(saves)}"))
        base = bare_keystrokes(args.keys)
        if base:
            rows.append(("  baseline: bare Textual text field, same way",
                         f"p50 {median(base) * 1000:.1f} ms", f"p95 {p95(base) * 1000:.1f} ms",
                         f"n={len(base)}"))
        rows.append(("keystrokes per 3-question form", str(per_form), "goal 4",
                     f"20 forms in {twenty:.2f} s"))

    count, heavy = import_hygiene(demo)
    rows.append(("modules loaded at the first screen", str(count),
                 "heavy: " + (", ".join(heavy) if heavy else "none"),
                 "goal: no pandas, xlsxwriter, exporters"))

    saves = durable_saves(demo, args.saves)
    rows.append(("durable save (commit, synchronous=FULL)",
                 f"p50 {median(saves) * 1000:.1f} ms", f"p95 {p95(saves) * 1000:.1f} ms",
                 f"n={len(saves)}"))

    large = work / "large.db"
    t0 = time.perf_counter()
    nid = make_large(large)
    gen = time.perf_counter() - t0
    timings = export_scale(large, nid)
    rows.append(("export at scale: build the summary (cold)", f"{timings.pop('build'):.2f} s",
                 "60 mun., 600 people, 12 gatherings", f"6,000 responses (made in {gen:.0f} s)"))
    written = timings.pop("all formats written")
    rows.append(("export at scale: render each format",
                 ", ".join(f"{k} {v:.2f}" for k, v in timings.items()), "seconds", ""))
    rows.append(("export at scale: build + write all formats", f"{written:.2f} s",
                 "warm (pandas loaded)", "goal ≤ 1.5 s"))
    from readers import rows as reader_rows  # benchmarks/readers.py

    rows += reader_rows(demo, large, nid, work)
    during = keys_during_export(large)
    if during is not None:
        lat, took = during
        rows.append(("keys typed while the export writes (tmux)",
                     f"p50 {median(lat) * 1000:.0f} ms", f"p95 {p95(lat) * 1000:.0f} ms",
                     f"n={len(lat)} during {took:.1f} s"))

    big = work / "demo-1m.db"
    shutil.copyfile(demo, big)
    t0 = time.perf_counter()
    total_answers = grow(big)
    made = time.perf_counter() - t0
    app_big, _bare = startup(big, args.runs)
    ov_small, ov_big = overview_time(demo, 9), overview_time(big, 9)
    rows.append((f"start-up with {total_answers:,} answers", f"{app_big * 1000:.0f} ms",
                 f"demo {app * 1000:.0f} ms", f"ratio {app_big / app:.2f} (goal ≤ 1.1)"))
    rows.append(("network overview query, 1M answers", f"{ov_big * 1000:.1f} ms",
                 f"demo {ov_small * 1000:.1f} ms",
                 f"ratio {ov_big / ov_small:.2f} (goal ≤ 1.1; data made in {made:.0f} s)"))

    width = [max(len(r[i]) for r in rows) for i in range(4)]
    print(f"facilitator benchmarks · {platform.platform()} · {platform.processor() or ''}"
          f" · Python {platform.python_version()} · {os.cpu_count()} cores")
    for r in rows:
        print("  ".join(c.ljust(width[i]) for i, c in enumerate(r)))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
