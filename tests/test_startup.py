"""Start-up hygiene: the first screen appears without pandas, exporters or full loads."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

HEAVY = ("pandas", "xlsxwriter", "openpyxl", "facilitator.export", "facilitator.cycle",
         "facilitator.stats", "numpy")

SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys, time
    from facilitator.app import FacilitatorApp

    async def main():
        app = FacilitatorApp(sys.argv[1])
        async with app.run_test(size=(80, 24)) as pilot:
            deadline = time.monotonic() + 120  # against a hang: the loop ends on its condition
            while time.monotonic() < deadline:
                await pilot.pause(0.02)
                screen = app.screen
                if type(screen).__name__ == "NetworksScreen" and screen.rows:
                    break
            rows = len(app.screen.rows)
            loaded = sorted(m for m in sys.modules)
        print(json.dumps({"rows": rows, "modules": loaded}))

    asyncio.run(main())
    """
)


def test_first_screen_loads_no_heavy_modules(demo_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(demo_path)],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["rows"] == 1  # the network list shows the demo network
    heavy = [m for m in report["modules"] if m.split(".")[0] in HEAVY or
             any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert heavy == []


def test_cli_paths_do_not_import_textual(db_path: Path) -> None:
    code = ("import sys; from facilitator.cli import main; rc = main(['check', '--db', "
            f"{str(db_path)!r}]); print('textual' in sys.modules, rc)")
    from facilitator.store import Store

    Store(db_path).close()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300, stdin=subprocess.DEVNULL)
    assert result.stdout.split()[-2:] == ["False", "0"], result.stderr


def test_opening_an_up_to_date_database_does_not_import_alembic(db_path: Path) -> None:
    """Alembic is for the steps of a migration; every start of the app opens a database
    that has none to take, and paid about 0.1 s of imports for it."""
    from facilitator.store import Store

    Store(db_path, auto_backup=False).close()
    code = ("import sys; from facilitator.store import Store; "
            f"Store({str(db_path)!r}, auto_backup=False).close(); "
            "print('alembic' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300, stdin=subprocess.DEVNULL)
    assert result.stdout.split()[-1:] == ["False"], result.stderr
