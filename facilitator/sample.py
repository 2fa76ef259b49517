"""The sample summary in `exports/`: cycle 3 of the demo network at a fixed clock.

`python -m facilitator.sample [FOLDER]` (or `make sample`) rewrites it; a test
regenerates it and fails when the committed copy is stale.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from facilitator.export import FORMATS

SAMPLE_TODAY = date(2026, 11, 22)
SAMPLE_NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
SAMPLE_CYCLE = 3
DEFAULT_FOLDER = Path(__file__).resolve().parents[1] / "exports"


def write_sample(folder: Path) -> list[Path]:
    """Write every format of the sample into `folder`, replacing an earlier sample."""
    from facilitator.cycle_build import build_summary
    from facilitator.demo import DEMO_NAME, create_demo
    from facilitator.export.writer import write_export
    from facilitator.store import Store

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.name == "README.md":
            continue
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "demo.db", auto_backup=False) as store:
            create_demo(store, SAMPLE_TODAY)
            network = store.networks.find(DEMO_NAME)
            summary = build_summary(store, network.id, SAMPLE_CYCLE, now=SAMPLE_NOW)
    return write_export(summary, FORMATS, folder)


if __name__ == "__main__":  # pragma: no cover
    for path in write_sample(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER):
        print(path)
