"""The command line: exit codes 0/1/2, one-line messages in the user's language, no
tracebacks, and no question asked when there is no terminal.

A few cases run in a real subprocess (no terminal, stdin closed) like `make test` on a
server; the rest call `facilitator.cli.main` in-process, which is much faster.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from facilitator import __version__
from facilitator.backups import list_backups
from facilitator.cli import main
from facilitator.demo import DEMO_NAME
from facilitator.store import Store


def run(args: list[str], db: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("FACILITATOR_LANG", "FACILITATOR_DEBUG")}
    if db is not None:
        environ["FACILITATOR_DB"] = str(db)
    environ.update(env)
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", *args],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300, env=environ,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def network_names(path: Path) -> list[str]:
    with Store(path, auto_backup=False) as s:
        return [n.name for n in s.networks.list()]


@pytest.fixture
def healthy(db_path: Path) -> Path:
    with Store(db_path, auto_backup=False) as s:
        s.networks.create("Nettverk Vest")
    return db_path


@pytest.fixture
def garbage(tmp_path: Path) -> Path:
    path = tmp_path / "junk" / "garbage.db"
    path.parent.mkdir()
    path.write_bytes(b"Dette er ikke en database.\n" * 50)
    return path


# --------------------------------------------------------------------------- in a subprocess


def test_version_and_help_in_subprocess() -> None:
    r = run(["--version"])
    assert r.returncode == 0
    assert r.stdout.strip() == f"facilitator {__version__}"

    nb = run(["--help"])
    assert nb.returncode == 0 and nb.stderr == ""
    assert "kontroller databasens integritet" in nb.stdout
    assert "ta en sikkerhetskopi nå" in nb.stdout

    en = run(["--help", "--lang", "en"])
    assert en.returncode == 0
    assert "check the database's integrity" in en.stdout
    assert "kontroller" not in en.stdout

    env_en = run(["--help"], FACILITATOR_LANG="en")
    assert "make a backup now" in env_en.stdout


def test_demo_in_subprocess_then_refused(db_path: Path) -> None:
    first = run(["demo"], db=db_path)
    assert first.returncode == 0, first.stderr
    assert DEMO_NAME in one_line(first.stdout) and str(db_path) in first.stdout
    assert network_names(db_path) == [DEMO_NAME]
    before = sha(db_path)

    again = run(["demo", "--db", str(db_path)], db=db_path.parent / "other.db")
    assert again.returncode == 1
    assert DEMO_NAME in one_line(again.stderr) and str(db_path) in again.stderr
    assert again.stdout == ""
    assert network_names(db_path) == [DEMO_NAME]
    assert sha(db_path) == before


def test_problems_in_subprocess_are_one_line(db_path: Path, garbage: Path) -> None:
    bad = run(["check", "--db", str(garbage)])
    assert bad.returncode == 1
    line = one_line(bad.stderr)
    assert str(garbage) in line and "ikke endret" in line

    unknown = run(["frobnicate"], db=db_path)
    assert unknown.returncode == 2
    assert "frobnicate" in one_line(unknown.stderr)

    with Store(db_path, auto_backup=False) as s:
        s.networks.create("N")
    backup = Store(db_path, auto_backup=False).files.backup()
    before = sha(db_path)
    no_yes = run(["restore", str(backup)], db=db_path)
    assert no_yes.returncode == 2
    assert "--yes" in one_line(no_yes.stderr)
    assert sha(db_path) == before


def test_demo_on_a_garbage_database_in_subprocess(garbage: Path) -> None:
    """A command that opens the store refuses with one line, leaving the file as it was."""
    before = sha(garbage)
    r = run(["demo"], db=garbage)
    assert r.returncode == 1
    assert str(garbage) in one_line(r.stderr)
    assert sha(garbage) == before


# --------------------------------------------------------------------------- in-process


def test_version_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert capsys.readouterr().out.strip() == f"facilitator {__version__}"


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    code, out, err = call(capsys, "frobnicate")
    assert code == 2 and out == ""
    assert one_line(err).startswith("Feil i kommandoen")
    code, _out, err = call(capsys, "check", "--nonsense")
    assert code == 2 and "--nonsense" in one_line(err)
    code, _out, err = call(capsys, "--lang", "en", "restore")
    assert code == 2 and one_line(err).startswith("Error in the command")
    code, _out, err = call(capsys, "--lang", "de", "check")
    assert code == 2
    one_line(err)


def test_demo_force_adds_the_demo_to_a_non_empty_database(
    capsys: pytest.CaptureFixture[str], healthy: Path
) -> None:
    code, out, err = call(capsys, "demo", "--db", str(healthy))
    assert code == 1 and out == ""
    assert "--force" in one_line(err) and str(healthy) in err
    assert network_names(healthy) == ["Nettverk Vest"]

    code, out, err = call(capsys, "demo", "--force", "--db", str(healthy))
    assert code == 0, err
    assert DEMO_NAME in one_line(out)
    assert sorted(network_names(healthy)) == sorted(["Nettverk Vest", DEMO_NAME])

    code, out, err = call(capsys, "demo", "--force", "--db", str(healthy))
    assert code == 1 and DEMO_NAME in one_line(err)  # never twice
    assert len(network_names(healthy)) == 2


def test_demo_on_an_empty_new_database(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    code, out, _err = call(capsys, "--lang", "en", "demo", "--db", str(db_path))
    assert code == 0
    assert one_line(out).startswith("The demo network")
    assert network_names(db_path) == [DEMO_NAME]


def test_check(capsys: pytest.CaptureFixture[str], healthy: Path, garbage: Path,
               tmp_path: Path) -> None:
    code, out, err = call(capsys, "check", "--db", str(healthy))
    assert code == 0 and err == ""
    assert str(healthy) in one_line(out) and "ok" in out and "skjema 7" in out

    before = sha(garbage)
    code, out, err = call(capsys, "check", "--db", str(garbage))
    assert code == 1 and out == ""
    assert str(garbage) in one_line(err)
    assert sha(garbage) == before
    assert sorted(p.name for p in garbage.parent.iterdir()) == ["garbage.db"]

    missing = tmp_path / "nowhere" / "x.db"
    code, out, err = call(capsys, "check", "--db", str(missing))
    assert code == 2 and str(missing) in one_line(err)
    assert not missing.exists() and not missing.parent.exists()


def test_check_uses_facilitator_db_variable(capsys: pytest.CaptureFixture[str], healthy: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACILITATOR_DB", str(healthy))
    code, out, _err = call(capsys, "--lang", "en", "check")
    assert code == 0 and "integrity ok" in one_line(out)


def test_backup(capsys: pytest.CaptureFixture[str], healthy: Path, tmp_path: Path) -> None:
    code, out, err = call(capsys, "backup", "--db", str(healthy))
    assert code == 0 and err == ""
    written = Path(one_line(out))
    assert written.is_file() and written.parent == healthy.parent / "backups"
    assert written in list_backups(healthy)
    assert network_names(written) == ["Nettverk Vest"]

    elsewhere = tmp_path / "minnepinne" / "kopier"
    code, out, _err = call(capsys, "backup", "--db", str(healthy), "--to", str(elsewhere))
    assert code == 0
    to = Path(one_line(out))
    assert to.parent == elsewhere and to.is_file()
    assert oct(to.stat().st_mode & 0o777) == oct(0o600)

    code, out, err = call(capsys, "backup", "--db", str(tmp_path / "none.db"))
    assert code == 2 and out == "" and one_line(err)


def test_restore(capsys: pytest.CaptureFixture[str], healthy: Path, garbage: Path) -> None:
    code, out, _ = call(capsys, "backup", "--db", str(healthy))
    backup = Path(out.strip())
    with Store(healthy, auto_backup=False) as s:
        s.networks.create("Etter kopien")
    before = sha(healthy)

    code, out, err = call(capsys, "restore", str(backup), "--db", str(healthy))
    assert code == 2 and out == ""
    assert "--yes" in one_line(err)
    assert sha(healthy) == before

    before_garbage = sha(garbage)
    code, out, err = call(capsys, "restore", str(garbage), "--yes", "--db", str(healthy))
    assert code == 1 and out == ""
    assert str(garbage) in one_line(err)
    assert sha(healthy) == before and sha(garbage) == before_garbage

    code, out, err = call(capsys, "restore", str(garbage.parent / "missing.db"), "--yes",
                          "--db", str(healthy))
    assert code == 2 and one_line(err)

    code, out, err = call(capsys, "restore", str(backup), "--yes", "--db", str(healthy))
    assert code == 0, err
    line = one_line(out)
    assert str(healthy) in line and str(backup) in line
    assert network_names(healthy) == ["Nettverk Vest"]
    kept = [p for p in list_backups(healthy) if "before-restore" in p.name]
    assert len(kept) == 1 and str(kept[0]) in line
    assert sorted(network_names(kept[0])) == ["Etter kopien", "Nettverk Vest"]


def test_restore_over_a_garbage_database(capsys: pytest.CaptureFixture[str], healthy: Path,
                                         garbage: Path) -> None:
    backup = Store(healthy, auto_backup=False).files.backup()
    target = garbage
    damaged = target.read_bytes()
    code, out, err = call(capsys, "restore", str(backup), "--yes", "--db", str(target))
    assert code == 0, err
    assert network_names(target) == ["Nettverk Vest"]
    # kept byte for byte, under a name no backup glob takes for a usable backup
    kept = sorted((target.parent / "backups").glob("garbage-before-restore-*"))
    assert [p.read_bytes() for p in kept] == [damaged]
    assert kept[0].name.endswith(".db.unreadable") and str(kept[0]) in one_line(out)
    assert list_backups(target) == []


def test_store_errors_become_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      db_path: Path) -> None:
    newer = tmp_path / "newer.db"
    with Store(db_path, auto_backup=False):
        pass
    shutil.copyfile(db_path, newer)
    import sqlite3

    conn = sqlite3.connect(newer)
    conn.execute("UPDATE facilitator_meta SET value='99' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    code, out, err = call(capsys, "demo", "--db", str(newer))
    assert code == 1 and out == ""
    line = one_line(err)
    assert str(newer) in line and "nyere" in line


def test_app_without_a_terminal_says_so(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "--db", str(tmp_path / "x.db")],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 2
    assert "terminal" in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- questions asked


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch):
    """Answer the command line's questions as a user at a terminal would: keys go in
    through a pipe, the screen goes to a buffer (strip it of escapes with `screen()`)."""
    import io
    import re

    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.vt100 import Vt100_Output

    import facilitator.cli as cli

    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setenv("FACILITATOR_TODAY", "2026-11-22")  # the demo's clock
    buffer = io.StringIO()
    output = Vt100_Output(buffer, lambda: Size(rows=24, columns=100), term="xterm",
                          enable_cpr=False)

    class Keys:
        def __init__(self, pipe) -> None:
            self.pipe = pipe

        def send(self, text: str) -> None:
            self.pipe.send_text(text)

        def type_when(self, *steps: tuple[str, str], deadline: float = 120.0) -> None:
            """Type each chunk once its text is on the screen (the question, or the
            message the previous answer brought), as a person reads before typing.
            Conditions, not pauses: a slow machine only takes longer. If a text never
            comes, ctrl+c ends the question, so the test fails instead of hanging."""
            import threading
            import time

            def run() -> None:
                seen = 0
                for wanted, chunk in steps:
                    end = time.monotonic() + deadline
                    while True:
                        found = self.screen().find(wanted, seen)
                        if found >= 0:
                            seen = found + len(wanted)
                            break
                        if time.monotonic() > end:
                            self.pipe.send_text("\x03")
                            return
                        time.sleep(0.005)
                    self.pipe.send_text(chunk)

            threading.Thread(target=run, daemon=True).start()

        @staticmethod
        def screen() -> str:
            raw = buffer.getvalue()
            return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-B]|\x1b[=>]|[\r]", "", raw)

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=output):
        yield Keys(pipe)


def test_export_period_question_refuses_a_number_that_is_not_offered(
    capsys: pytest.CaptureFixture[str], demo_path: Path, tmp_path: Path, answers
) -> None:
    """A tester typed 99 at the period question and period 1 was exported without a word:
    the list ignored the digits and Enter took the first line. A wrong number must be
    refused and asked again."""
    out = tmp_path / "out"
    # Each answer once the screen shows what the one before brought; ctrl+l after each
    # repaints the whole screen, so the next message is in the buffer in full.
    answers.type_when(("Hvilken periode?", "99\r\x0c"),  # no gathering 99: asked again
                      ("ingen samling nummer 99", "\x7f\x7f6\r\x0c"),  # 6 is not held yet
                      ("Samling 6 holdes først 02.03.2027", "\x7ftre\r\x0c"),  # not a number
                      ("«tre» er ikke et nummer", "\x7f\x7f\x7f3\r"))  # 3 it is
    code, stdout, err = call(capsys, "export", "--db", str(demo_path), "--network", DEMO_NAME,
                             "--out", str(out), "--format", "md")
    assert code == 0, err
    assert [p.name for p in out.iterdir()] == ["robek-nettverk-nord-samling-3.md"]
    assert str(out / "robek-nettverk-nord-samling-3.md") in stdout
    screen = answers.screen()
    assert "ingen samling nummer 99" in screen
    assert "Samling 6 holdes først 02.03.2027" in screen
    assert "«tre» er ikke et nummer" in screen


def test_export_period_question_offers_the_held_ones_latest_first(
    capsys: pytest.CaptureFixture[str], demo_path: Path, tmp_path: Path, answers
) -> None:
    out = tmp_path / "out"
    answers.type_when(("Hvilket nettverk?", "\r"),  # the only network
                      ("Hvilken periode?", "\r"))  # Enter: the latest held gathering
    code, stdout, err = call(capsys, "export", "--db", str(demo_path), "--out", str(out),
                             "--format", "md")
    assert code == 0, err
    assert [p.name for p in out.iterdir()] == ["robek-nettverk-nord-samling-4.md"]
    screen = answers.screen()
    assert "Use arrow keys" not in screen
    assert "piltastene" in screen  # the network list's instruction, in Norwegian
    listed = stdout + screen
    # each with its dates, as the app's gathering list writes them
    for seq, days in ((1, "05.–06.03.2026"), (2, "07.–08.05.2026"), (3, "25.–26.08.2026"),
                      (4, "20.–21.10.2026")):
        assert f"{seq}: {days}" in listed
    assert "15.12.2026" not in listed and "02.03.2027" not in listed  # not held yet
    assert "Enter: 4" in screen


def test_restore_question_takes_j_for_ja(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                        answers) -> None:
    """The restore question is in Norwegian: "j" and Enter answer yes (questionary's
    confirm only knew y/n and echoed "No" to j)."""
    from facilitator.store import Store

    db, backup = tmp_path / "db.db", tmp_path / "backup.db"
    with Store(backup, auto_backup=False) as s:
        s.networks.create("Fra sikkerhetskopien")
    Store(db, auto_backup=False).close()
    answers.type_when(("Erstatte", "j\r"))
    code, stdout, err = call(capsys, "restore", str(backup), "--db", str(db))
    assert code == 0, err
    with Store(db, auto_backup=False) as s:
        assert [n.name for n in s.networks.list()] == ["Fra sikkerhetskopien"]
    screen = answers.screen()
    assert "j) Ja" in screen and "(y/N)" not in screen


def test_restore_question_shows_what_the_backup_holds_beside_the_database(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, demo_path: Path, answers) -> None:
    """A tester restored "the backup" (made when the app first opened the empty file) and
    lost the day's work: the question now shows what each holds before it is answered."""
    import shutil

    from facilitator.store import Store

    db, backup = tmp_path / "db.db", tmp_path / "backup.db"
    Store(backup, auto_backup=False).close()  # empty, as the first automatic backup
    shutil.copyfile(demo_path, db)
    answers.type_when(("Erstatte", "n\r"))
    code, stdout, _err = call(capsys, "restore", str(backup), "--db", str(db))
    assert code == 1
    assert "Sikkerhetskopien backup.db: 0 nettverk, 0 evalueringssvar, sist endret –" in stdout
    with Store(db, auto_backup=False) as s:
        responses = sum(s.evaluations.count(g.id) for n in s.networks.list()
                        for g in s.gatherings.list(n.id))
    assert f"Databasen nå: 1 nettverk, {responses} evalueringssvar, sist endret " in stdout
    assert responses > 0


def test_restore_question_n_keeps_the_database(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path, answers) -> None:
    from facilitator.store import Store

    db, backup = tmp_path / "db.db", tmp_path / "backup.db"
    with Store(backup, auto_backup=False) as s:
        s.networks.create("Fra sikkerhetskopien")
    Store(db, auto_backup=False).close()
    answers.type_when(("Erstatte", "n\r"))
    code, _stdout, _err = call(capsys, "restore", str(backup), "--db", str(db))
    assert code == 1
    with Store(db, auto_backup=False) as s:
        assert s.networks.list() == []


# --------------------------------------------------------------------------- argparse's words


def _help(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as e:
        main(list(args))
    assert e.value.code == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


ARGPARSE_ENGLISH = ("usage:", "positional arguments:", "options:",
                    "show this help message and exit")


def test_help_speaks_bokmal_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["--help"], ["export", "--help"], ["restore", "-h"],
                 ["import-evaluations", "--help"]):
        out = _help(capsys, *args)
        assert out.startswith("bruk: facilitator"), out
        assert "valg:" in out and "vis denne hjelpeteksten og avslutt" in out
        for english in ARGPARSE_ENGLISH:
            assert english not in out, (args, english)
    top = _help(capsys, "--help")
    assert "argumenter:" in top and "KOMMANDO" in top and "--db FIL" in top
    export = _help(capsys, "export", "--help")
    assert "--cycle N" in export and "--out MAPPE" in export
    assert "(en samling som er holdt)" in " ".join(export.split())


def test_help_speaks_english_on_request(capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    out = _help(capsys, "--lang", "en", "--help")
    assert out.startswith("usage: facilitator")
    assert "options:" in out and "show this help message and exit" in out
    assert "COMMAND" in out and "--db PATH" in out
    assert "vis denne" not in out and "bruk:" not in out
    monkeypatch.setenv("FACILITATOR_LANG", "en")
    out = _help(capsys, "export", "--help")
    assert out.startswith("usage: facilitator export")
    assert "--cycle N" in out and "the number of the gathering that closed it" in out


def test_argparse_errors_speak_the_users_language(capsys: pytest.CaptureFixture[str],
                                                  demo_path: Path) -> None:
    db = ["--db", str(demo_path)]
    code, out, err = call(capsys, "export", *db, "--cycle", "abc")
    assert code == 2 and out == ""
    assert one_line(err) == "Feil i kommandoen: --cycle: «abc» er ikke et nummer"
    code, _out, err = call(capsys, "export", *db, "--lang", "de")
    assert code == 2
    assert one_line(err) == ("Feil i kommandoen: --lang: «de» er ikke et gyldig valg "
                             "(velg blant 'nb', 'nn', 'en')")
    code, _out, err = call(capsys, "restore")
    assert code == 2 and one_line(err) == "Feil i kommandoen: dette må oppgis: FIL"
    code, _out, err = call(capsys, "check", "--nonsense")
    assert code == 2 and one_line(err) == "Feil i kommandoen: ukjente argumenter: --nonsense"
    code, _out, err = call(capsys, "export", *db, "--network")
    assert code == 2 and one_line(err) == "Feil i kommandoen: --network: trenger en verdi"
    code, _out, err = call(capsys, "import-evaluations", "x.csv", "--gathering", "tre")
    assert code == 2 and "«tre» er ikke et nummer" in one_line(err)

    code, _out, err = call(capsys, "--lang", "en", "export", *db, "--cycle", "abc")
    assert code == 2
    assert one_line(err) == "Error in the command: argument --cycle: “abc” is not a number"
    code, _out, err = call(capsys, "--lang", "en", "restore")
    assert one_line(err) == (
        "Error in the command: the following arguments are required: FILE")
    # argparse speaks English again outside the command line's parsing
    import argparse

    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- held gatherings


def test_export_of_a_gathering_not_held_yet_is_refused(capsys: pytest.CaptureFixture[str],
                                                       demo_path: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACILITATOR_TODAY", "2026-11-22")  # the demo's clock
    out = tmp_path / "out"
    args = ["export", "--db", str(demo_path), "--network", DEMO_NAME, "--out", str(out)]
    code, stdout, err = call(capsys, *args, "--cycle", "6")
    assert code == 2 and stdout == ""
    assert one_line(err) == ("Samling 6 holdes først 02.03.2027, så det er ingenting å "
                             "oppsummere ennå. Holdte samlinger: 1, 2, 3, 4.")
    assert not out.exists()
    code, _stdout, err = call(capsys, "--lang", "en", *args, "--cycle", "5")
    assert code == 2
    assert one_line(err) == ("Gathering 5 is not held until 15.12.2026, so there is nothing "
                             "to summarise yet. Held gatherings: 1, 2, 3, 4.")
    code, _stdout, err = call(capsys, *args, "--cycle", "99")
    assert code == 2
    assert one_line(err) == ("Nettverket «ROBEK-nettverk Nord» har ingen samling nummer 99. "
                             "Holdte samlinger: 1, 2, 3, 4.")
    code, _stdout, err = call(capsys, *args)  # no terminal to ask in
    assert code == 2
    assert one_line(err) == ("Oppgi --cycle (ingen terminal å spørre i). "
                             "Holdte samlinger: 1, 2, 3, 4.")
    assert not out.exists()

    # once the day has come, it can be summarised
    monkeypatch.setenv("FACILITATOR_TODAY", "2027-03-02")
    code, stdout, err = call(capsys, *args, "--cycle", "6", "--format", "md")
    assert code == 0, err
    assert [p.name for p in out.iterdir()] == ["robek-nettverk-nord-samling-6.md"]

    monkeypatch.setenv("FACILITATOR_TODAY", "i morgen")
    code, _stdout, err = call(capsys, *args, "--cycle", "6")
    assert code == 2 and "FACILITATOR_TODAY" in one_line(err)


def test_export_of_a_network_with_nothing_held(capsys: pytest.CaptureFixture[str],
                                               db_path: Path, monkeypatch) -> None:
    from datetime import date

    monkeypatch.setenv("FACILITATOR_TODAY", "2026-11-22")
    with Store(db_path, auto_backup=False) as s:
        empty = s.networks.create("Tomt")
        later = s.networks.create("Senere")
        s.gatherings.create(later.id, date=date(2027, 1, 14))
    del empty
    for name, expected in (
        ("Tomt", "Nettverket «Tomt» har ingen samlinger ennå, så det er ingenting å "
                 "oppsummere."),
        ("Senere", "Ingen samling i «Senere» er holdt ennå; den første er 14.01.2027. "
                   "Oppsummeringen kan lages etter den."),
    ):
        code, out, err = call(capsys, "export", "--db", str(db_path), "--network", name)
        assert code == 2 and out == ""
        assert one_line(err) == expected
    code, out, err = call(capsys, "export", "--db", str(db_path), "--network", "Senere",
                          "--cycle", "1")
    assert code == 2
    assert one_line(err) == ("Samling 1 holdes først 14.01.2027, så det er ingenting å "
                             "oppsummere ennå. Ingen samling er holdt ennå.")


# --------------------------------------------------------------------------- restore under the app


HOLDER = """
import sys
from pathlib import Path
from facilitator.inuse import held
with held(Path(sys.argv[1])):
    print("holding", flush=True)
    sys.stdin.read()  # until the test closes stdin (or kills this process)
"""


@contextmanager
def app_holding(db: Path):
    """A process that holds the app's lock on `db` (stands in for a running app), ready
    when this yields; the test may kill it (a crash) or leave it to be ended here."""
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "holding"
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout):
            if stream is not None and not stream.closed:
                stream.close()


def test_restore_is_refused_while_the_app_has_the_database_open(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Restoring under a running app would leave its screens on rows that are gone and
    send what the adviser types next into the restored file."""
    from facilitator.store import Store

    db, backup = tmp_path / "db.db", tmp_path / "backup.db"
    with Store(backup, auto_backup=False) as s:
        s.networks.create("Fra sikkerhetskopien")
    with Store(db, auto_backup=False) as s:
        s.networks.create("I bruk")
    with app_holding(db) as app, app_holding(db) as second:
        code, _out, err = call(capsys, "restore", str(backup), "--db", str(db), "--yes")
        assert code == 1
        assert f"Appen har {db} åpen (prosess " in err and "Traceback" not in err
        assert str(app.pid) in err and str(second.pid) in err  # two windows, both named
        assert app.poll() is None and second.poll() is None  # nobody was signalled
        with Store(db, auto_backup=False) as s:
            assert [n.name for n in s.networks.list()] == ["I bruk"]
        second.stdin.close()  # the second window is quit
        second.wait()
        code, _out, err = call(capsys, "restore", str(backup), "--db", str(db), "--yes")
        assert code == 1 and str(app.pid) in err and str(second.pid) not in err
        app.kill()  # the app crashes: its lock file is left, but the lock is gone with it
        app.wait()
    code, _out, err = call(capsys, "restore", str(backup), "--db", str(db), "--yes")
    assert code == 0, err
    with Store(db, auto_backup=False) as s:
        assert [n.name for n in s.networks.list()] == ["Fra sikkerhetskopien"]
    assert not (tmp_path / "db.db.in-use").exists()  # the dead app's lock file is gone


def test_the_in_use_lock_lives_as_long_as_the_app(tmp_path: Path) -> None:
    from facilitator.inuse import held, holder, marker_for

    db = tmp_path / "db æøå.db"
    with held(db) as lock:
        assert lock is not None and lock.path.parent == marker_for(db)
        assert str(os.getpid()) in lock.path.name
        if os.name != "nt":
            assert lock.path.stat().st_mode & 0o777 == 0o600
        assert holder(db) is None  # this process itself is not "another app"
    assert not marker_for(db).exists()
    with held(tmp_path / "no such folder" / "db.db") as lock:  # no lock: the app still runs
        assert lock is None


def test_a_second_app_on_the_same_file_leaves_the_first_ones_lock(tmp_path: Path) -> None:
    from facilitator.inuse import held, holder

    db = tmp_path / "db.db"
    with app_holding(db) as first:
        with held(db):  # a second window on the same file, then quit
            pass
        assert holder(db) == first.pid


def test_an_old_versions_pid_marker_is_replaced(tmp_path: Path) -> None:
    """Earlier versions wrote the pid in a file `<db>.in-use`; a pid proves nothing (it
    may be reused, and testing it on Windows killed the process)."""
    from facilitator.inuse import held, holder, marker_for

    db = tmp_path / "db.db"
    marker_for(db).write_text(f"{os.getpid() + 1}\n", encoding="ascii")
    assert holder(db) is None
    with held(db) as lock:
        assert lock is not None and marker_for(db).is_dir()
    assert not marker_for(db).exists()


# --------------------------------------------------------------------------- a missing database


MISSING_DB_COMMANDS = {
    "export": ["export", "--network", DEMO_NAME, "--cycle", "3"],
    "check": ["check"],
    "backup": ["backup"],
}


@pytest.mark.parametrize("folder", ["here", "nowhere"])
@pytest.mark.parametrize("command", list(MISSING_DB_COMMANDS))
def test_commands_on_a_missing_database_create_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, folder: str) -> None:
    """export, check and backup read a database: on a file that is not there they create
    neither it nor a backup (export used to make an empty database and a backup, then
    said the network was not found), exit 2 and say what to do."""
    (tmp_path / "here").mkdir()
    missing = tmp_path / folder / "nothing.db"
    code, out, err = call(capsys, *MISSING_DB_COMMANDS[command], "--db", str(missing))
    assert code == 2 and out == ""
    assert one_line(err) == (
        f"Finner ikke databasen {missing}. Åpne appen (facilitator) eller lag "
        "demonettverket (facilitator demo) først, eller pek på riktig fil med --db.")
    assert not missing.exists()
    assert not (missing.parent / "backups").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]
    assert list((tmp_path / "here").iterdir()) == []


def test_export_on_a_missing_default_database_in_subprocess(tmp_path: Path) -> None:
    """The user test: no --db, no FACILITATOR_DB and nothing at the default path."""
    data_home = tmp_path / "xdg"
    r = run(["export", "--network", DEMO_NAME, "--cycle", "3"], FACILITATOR_DB="",
            XDG_DATA_HOME=str(data_home))
    assert r.returncode == 2 and r.stdout == ""
    expected = data_home / "facilitator" / "facilitator.db"
    assert one_line(r.stderr).startswith(f"Finner ikke databasen {expected}. ")
    assert not data_home.exists()

    r = run(["--lang", "en", "check", "--db", str(tmp_path / "x.db")])
    assert r.returncode == 2
    assert one_line(r.stderr) == (
        f"Cannot find the database {tmp_path / 'x.db'}. Open the app (facilitator) or create "
        "the demo network (facilitator demo) first, or point to the right file with --db.")
    assert list(tmp_path.iterdir()) == []


def test_export_from_a_database_without_networks_says_how_to_make_one(
        capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    Store(db_path, auto_backup=False).close()
    code, out, err = call(capsys, "export", "--db", str(db_path), "--network", DEMO_NAME,
                          "--cycle", "3")
    assert code == 2 and out == ""
    assert one_line(err) == (
        f"Fant ikke nettverket «{DEMO_NAME}»: databasen har ingen nettverk ennå. Lag ett i "
        "appen (facilitator) eller lag demonettverket med «facilitator demo».")
    code, out, err = call(capsys, "export", "--db", str(db_path))
    assert code == 2
    assert one_line(err) == ("Databasen har ingen nettverk ennå. Lag ett i appen "
                             "(facilitator) eller lag demonettverket med «facilitator demo».")

    with Store(db_path, auto_backup=False) as s:
        s.networks.create("Nettverk Vest")
    code, out, err = call(capsys, "--lang", "en", "export", "--db", str(db_path), "--network",
                          "Øst", "--cycle", "1")
    assert code == 2
    assert one_line(err) == "Could not find the network “Øst”. Networks: Nettverk Vest."
