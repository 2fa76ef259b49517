"""The bad-input corpus: every file in tests/corpus/ is one case.

A case names its entry point (a form field's validation, the CLI, restore), the
input, and what must happen: a clear message (an i18n key, or words on stderr), the
documented exit code, no traceback, and no file changed that should not be.

A CLI case's `setup` makes files in the case's folder ({tmp} in `args`): a kind
("garbage", "binary", "empty", "demo", "truncated", "newer", "other_sqlite"),
"data:NAME" (a copy of tests/data/import/NAME) or a table {text = "...",
encoding = "utf-8"} (that text written in that encoding).
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from facilitator.cli import main
from facilitator.errors import StoreError
from facilitator.parse import InputError, parse_date, parse_email, parse_score, parse_yes_no

CORPUS = Path(__file__).parent / "corpus"
IMPORT_DATA = Path(__file__).parent / "data" / "import"
CASES = sorted(CORPUS.glob("*.toml"))


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 60


def _make(kind: str | dict[str, str], path: Path, demo: Path) -> None:
    if isinstance(kind, dict):
        path.write_bytes(kind["text"].encode(kind.get("encoding", "utf-8")))
    elif kind.startswith("data:"):
        shutil.copyfile(IMPORT_DATA / kind.removeprefix("data:"), path)
    elif kind == "garbage":
        path.write_text("Dette er ikke en database.\n" * 200, encoding="utf-8")
    elif kind == "binary":
        path.write_bytes(random.Random(1).randbytes(8192))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "demo":
        shutil.copyfile(demo, path)
    elif kind == "truncated":
        data = demo.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "newer":
        shutil.copyfile(demo, path)
        conn = sqlite3.connect(path)
        conn.execute("UPDATE facilitator_meta SET value = '99' WHERE key = 'schema_version'")
        conn.commit()
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
    elif kind == "other_sqlite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('hei')")
        conn.commit()
        conn.close()
    else:  # pragma: no cover - a typo in a case file
        raise AssertionError(f"unknown setup {kind}")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def _field(case: dict[str, Any], store: Any, network: Any) -> None:
    """Run one field's validation the way its form does; raise what the form shows."""
    fn, value = case["function"], case["value"] * case.get("repeat", 1)
    if fn == "date":
        parse_date(value)
    elif fn == "score":
        parse_score(value)
    elif fn == "yes_no":
        parse_yes_no(value)
    elif fn == "email":
        parse_email(value)
    elif fn == "network_name":
        net = store.networks.create(value)
        assert store.networks.get(net.id).name == value.strip()
    elif fn == "network_name_duplicate":
        store.networks.create(value)
    elif fn == "network_dates":
        start, end = (parse_date(v) for v in value.split("|"))
        store.networks.create("Datoer", start_date=start, end_date=end)
    elif fn == "gathering_notes":
        g = store.gatherings.create(network.id, date=date(2027, 5, 5), notes=value)
        assert store.gatherings.get(g.id).notes == value
    elif fn == "gathering_seq":
        store.gatherings.create(network.id, date=date(2027, 5, 5), seq=int(value))
    elif fn == "gathering_dates":
        start, end = (parse_date(v) for v in value.split("|"))
        store.gatherings.create(network.id, date=start, end_date=end)
    elif fn in ("participant_email", "participant_name"):
        member = store.members.list(network.id)[0]
        name, email = ("Kari", value) if fn == "participant_email" else (value, None)
        store.members.add_participant(network.id, member.municipality_id, name, "ordforer", email)
    elif fn == "municipality":
        store.members.add(network.id, value)
    elif fn in ("evaluation_score", "evaluation_text"):
        g = store.gatherings.list(network.id)[4]
        qs = store.questions.freeze(g.id)
        target = next(q for q in qs if q.kind == ("scale" if fn == "evaluation_score" else "text"))
        rid = store.evaluations.record(g.id, {target.id: value}).id
        stored = next(r for r in store.evaluations.list(g.id) if r.id == rid)
        assert stored.answers[target.id].text in (None, value)
    else:  # pragma: no cover
        raise AssertionError(f"unknown function {fn}")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path, tmp_path: Path, demo_store, demo_network, demo_path: Path,
              capsys: pytest.CaptureFixture[str]) -> None:
    case = tomllib.loads(path.read_text("utf-8"))
    if case["entry"] == "field":
        if case.get("expect") == "ok":
            _field(case, demo_store, demo_network)
            return
        with pytest.raises((InputError, StoreError)) as err:
            _field(case, demo_store, demo_network)
        assert err.value.key == case["expect_error"]
        assert err.value.message() and "{" not in err.value.message()
        return

    assert case["entry"] == "cli"
    for name, kind in case.get("setup", {}).items():
        _make(kind, tmp_path / name, demo_path)
    before = {n: _digest(tmp_path / n) for n in case.get("unchanged", [])}
    args = [a.replace("{tmp}", str(tmp_path)) for a in case["args"]]
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's own --help/--version only
        code = exc.code
    out, err = capsys.readouterr()
    assert code == case["expect_exit"], (out, err)
    assert "Traceback" not in out + err
    if "expect_stderr" in case:
        assert case["expect_stderr"] in err
        assert len(err.strip().splitlines()) <= 3  # one clear message, not a dump
    if "expect_stdout" in case:
        assert case["expect_stdout"] in out
    for name, digest in before.items():
        assert _digest(tmp_path / name) == digest, f"{name} was changed"
