"""Crash safety: a writer killed with SIGKILL loses nothing it confirmed; two writers
at once lose nothing and show no error. `make soak` runs the kill loop 50 times."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

KILLS = int(os.environ.get("FACILITATOR_SOAK_KILLS", "5"))

WRITER = textwrap.dedent(
    """
    import sys
    from facilitator.store import Store

    store = Store(sys.argv[1], auto_backup=False)
    gathering = sys.argv[2]
    questions = store.questions.freeze(gathering)
    limit = int(sys.argv[3])
    for i in range(limit):
        rid = store.evaluations.record(gathering, {questions[1].id: 1 + i % 6,
                                                  questions[0].id: i % 2}).id
        print(rid, flush=True)  # printed only after the commit returned
    """
)


def _gathering(path: Path) -> str:
    from facilitator.demo import DEMO_NAME
    from facilitator.store import Store

    with Store(path, auto_backup=False) as store:
        net = store.networks.find(DEMO_NAME)
        g = store.gatherings.list(net.id)[4]
        store.questions.freeze(g.id)  # freeze before the children start
        return g.id


def _ids_in_db(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [r[0] for r in conn.execute(
            "SELECT id FROM evaluationresponse WHERE deleted_at IS NULL")]
    finally:
        conn.close()


def test_sigkill_loses_no_confirmed_response(demo_path: Path) -> None:
    """Each child is killed at a random moment of its work, counted in its own progress
    (after its n-th confirmed save, n random) rather than in wall-clock time: a busy
    machine that starts the child slowly changes nothing but how long the test takes."""
    gid = _gathering(demo_path)
    rng = random.Random(2026)
    confirmed: list[str] = []
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(demo_path), gid, "100000"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
            text=True,
        )
        assert child.stdout is not None
        wanted, got = rng.randint(1, 80), 0
        while got < wanted:
            line = child.stdout.readline()  # blocks until the child confirms one more
            if not line:
                break
            confirmed.append(line.strip())
            got += 1
        child.send_signal(signal.SIGKILL)
        rest, err = child.communicate()
        assert got == wanted, f"the writer stopped by itself: {err[-2000:]}"
        confirmed.extend(x for x in rest.split() if x)  # printed before the kill
        stored = _ids_in_db(demo_path)
        assert len(stored) == len(set(stored))
        missing = set(confirmed) - set(stored)
        assert not missing, f"{len(missing)} confirmed responses lost"
        # the app's store opens the file again
        from facilitator.store import Store

        Store(demo_path, auto_backup=False).close()


def test_two_writers_at_once_lose_nothing(demo_path: Path) -> None:
    gid = _gathering(demo_path)
    before = len(_ids_in_db(demo_path))
    children = [subprocess.Popen([sys.executable, "-c", WRITER, str(demo_path), gid, "150"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL, text=True) for _ in range(2)]
    outputs = [c.communicate(timeout=240) for c in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err[-2000:]
        assert len(out.split()) == 150
    ids = [x for out, _ in outputs for x in out.split()]
    stored = _ids_in_db(demo_path)
    assert set(ids) <= set(stored)
    assert len(stored) == before + 300


@pytest.mark.parametrize("name", ["mappe med mellomrom", "æøå Ærlig Ål"])
def test_odd_paths(tmp_path: Path, name: str) -> None:
    from facilitator.store import Store

    path = tmp_path / name / "data base.db"
    with Store(path) as store:
        store.networks.create("Nettverk")
    with Store(path) as store:
        assert [n.name for n in store.networks.list()] == ["Nettverk"]
