"""Time every screen reached from a network's overview, in the app (a Pilot in-process,
80×24), from the key to the moment its data is painted. Run by benchmarks/screens.py
in a fresh process per run (so the first open of each screen is a first open); prints
one JSON object: screen → {"first": seconds, "warm": [seconds, …], "warm_cpu": […]}.

"Painted" is what the tests' `settle()` waits for: the new screen is on top, no store
call of it is running or waiting, no key is held for it (`hold_keys`, a screen's first
read), the export preview says it is ready; then the screen's pending refresh is
painted (`pilot.pause(0)` ends with it).

    python benchmarks/screen_opens.py DB WARM_OPENS
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TODAY = date(2026, 11, 22)
# (row name, key on the overview, the screen it opens)
SCREENS = [
    ("members", "m", "MembersScreen"),
    ("gatherings", "s", "GatheringsScreen"),
    ("home work", "h", "HomeWorkScreen"),
    ("meetings", "k", "MeetingsScreen"),
    ("evaluation (typed entry)", "v", "EvaluationScreen"),
    ("themes × gatherings", "t", "ThemeMatrixScreen"),
    ("questions", "p", "QuestionsScreen"),
    ("export preview", "x", "ExportScreen"),
]
TIMEOUT = 30.0


def send(app, key: str) -> None:
    """A key as the terminal delivers it (`pilot.press` would also wait for idle)."""
    from textual import events

    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)  # noqa: SLF001


def loaded(app, screen: str) -> bool:
    from facilitator.i18n import t

    current = app.screen
    if type(current).__name__ != screen or app._holds or current.holds_keys:  # noqa: SLF001
        return False
    if any(w.is_running or w.state.name == "PENDING" for w in app.workers
           if w.node is current):
        return False
    if screen == "ExportScreen":
        status = current.query("#export-status")  # empty until the screen is composed
        return any(t("export.preview_ready") in str(w.content) for w in status)
    return True


async def open_screen(pilot, key: str, screen: str) -> tuple[float, float]:
    """(wall, CPU) seconds from the key to the screen's data painted; the CPU time (of
    every thread) says what the wall time is on a busy machine."""
    c0, t0 = time.process_time(), time.perf_counter()
    send(pilot.app, key)
    while not loaded(pilot.app, screen):
        if time.perf_counter() - t0 > TIMEOUT:
            raise TimeoutError(f"{screen} did not load")
        await asyncio.sleep(0.0005)
    await pilot.pause(0)
    return time.perf_counter() - t0, time.process_time() - c0


async def main(db: str, warm: int) -> dict[str, dict[str, object]]:
    from facilitator.app import FacilitatorApp
    from facilitator.store import Store

    store = Store(db, auto_backup=False)
    app = FacilitatorApp(store=store, today=lambda: TODAY, cursor_blink=False)
    out: dict[str, dict[str, object]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        while not loaded(app, "NetworksScreen") or not app.screen.rows:
            await asyncio.sleep(0.005)
        await open_screen(pilot, "enter", "OverviewScreen")
        for name, key, screen in SCREENS:
            times = []
            for _ in range(warm + 1):
                times.append(await open_screen(pilot, key, screen))
                await open_screen(pilot, "escape", "OverviewScreen")
            out[name] = {"first": times[0][0], "warm": [w for w, _c in times[1:]],
                         "warm_cpu": [c for _w, c in times[1:]]}
    store.close()
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], int(sys.argv[2])))))
