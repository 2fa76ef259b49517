"""Benchmarks in a real terminal (tmux 80×24): start-up to the first screen, typed entry
key by key, keys typed while the export writes; each beside bare Textual measured the
same way. Without tmux these rows are skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import PY, ROOT, Bench, Row, median, ms, p95

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



def startup_rows(bench: Bench) -> list[Row]:
    app, bare = bench.startup
    return [("start-up to network list (tmux 80×24)", f"{app * 1000:.0f} ms",
             f"bare Textual {bare * 1000:.0f} ms",
             f"ratio {app / bare:.2f} (goal ≤ 1.3, median of {bench.runs})")]


def keys_rows(bench: Bench) -> list[Row]:
    measured = keystrokes(bench.demo, bench.keys)
    if measured is None:
        return [("typed entry (tmux)", "skipped", "no tmux", "")]
    lat, twenty, per_form = measured
    answers = [x for i, x in enumerate(lat) if i % 4 != 3]
    saves = [x for i, x in enumerate(lat) if i % 4 == 3]
    base = bare_keystrokes(bench.keys) or [float("nan")]
    commit = p95(bench.commits)
    enter_goal = p95(base) + commit + 0.008
    return [
        ("keystroke → screen updated (typed entry, tmux)", f"p50 {ms(median(lat))}",
         f"p95 {ms(p95(lat))}", f"n={len(lat)}"),
        ("  of which an answer key (j, 5, 4)", f"p50 {ms(median(answers))}",
         f"p95 {ms(p95(answers))}",
         f"n={len(answers)}; ratio to the bare field {p95(answers) / p95(base):.2f}"
         " (goal: p95 ≤ 1.2 × the bare field)"),
        ("  of which Enter (form cleared, \"lagret\" shown)", f"p50 {ms(median(saves))}",
         f"p95 {ms(p95(saves))}",
         f"n={len(saves)}; goal: p95 ≤ bare p95 + commit p95 + 8 ms = {ms(enter_goal)}"),
        ("  baseline: bare Textual text field, same way", f"p50 {ms(median(base))}",
         f"p95 {ms(p95(base))}", f"n={len(base)}; commit p95 {ms(commit)}"),
        ("keystrokes per 3-question form", str(per_form), "goal 4",
         f"20 forms in {twenty:.2f} s"),
    ]


def export_keys_rows(bench: Bench) -> list[Row]:
    during = keys_during_export(bench.large[0])
    if during is None:
        return [("keys typed while the export writes (tmux)", "skipped", "", "")]
    lat, took = during
    return [("keys typed while the export writes (tmux)", f"p50 {median(lat) * 1000:.0f} ms",
             f"p95 {p95(lat) * 1000:.0f} ms", f"n={len(lat)} during {took:.1f} s")]
