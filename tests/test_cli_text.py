"""What the command line prints of stored and typed text: control characters shown as
the app shows them (never sent raw to the terminal), and never a password of a URL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.demo import DEMO_NAME
from facilitator.redact import printable, redact
from facilitator.store import Store
from tests.conftest import make_app, settle

RAW = ("\x1b", "\x00", "\u202e", "\x9b", "\x07")
NAMES = ["Nord\x1b[31mRød\x1b[0m", "Null\x00byte", "Høyre\u202eVenstre", "C1\x9b2J"]


def _raw_in(text: str) -> list[str]:
    return [repr(ch) for ch in RAW if ch in text]


@pytest.fixture
def odd_names(db_path: Path) -> Path:
    with Store(db_path, auto_backup=False) as s:
        for name in NAMES:
            s.networks.create(name)
    return db_path


def test_the_networks_listed_for_a_missing_network_are_shown_literally(capsys, odd_names
                                                                       ) -> None:
    code = main(["export", "--db", str(odd_names), "--network", "Sør\x1b[2J", "--cycle", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert _raw_in(err) == []
    assert "«Sør␛[2J»" in err  # what was typed, as typed, but harmless
    assert "Nord␛[31mRød␛[0m" in err and "Null␀byte" in err
    assert "Høyre<U+202E>Venstre" in err and "C1<U+009B>2J" in err
    assert len(err.strip().splitlines()) == 1


def test_paths_and_file_names_are_shown_literally(capsys, tmp_path: Path) -> None:
    odd = tmp_path / "mappe\x1b]0;tittel\x07" / "fil\u202e.db"
    for args in (["check", "--db", str(odd)],
                 ["restore", str(odd), "--db", str(tmp_path / "db.db"), "--yes"],
                 ["import-evaluations", str(odd), "--network", "x", "--gathering", "1"]):
        main(args)
        out, err = capsys.readouterr()
        assert _raw_in(out + err) == [], args
        assert "mappe␛]0;tittel␇" in err, args


def test_header_labels_of_an_imported_file_are_shown_literally(capsys, demo_path: Path,
                                                               tmp_path: Path) -> None:
    csv = tmp_path / "svar\x1b[5m.csv"
    csv.write_text("Relevante tema;Kommentar\x1b[2J\u202e\n5;bra\n", encoding="utf-8")
    main(["import-evaluations", str(csv), "--db", str(demo_path), "--network", DEMO_NAME,
          "--gathering", "5", "--dry-run", "--yes"])
    out, err = capsys.readouterr()
    assert _raw_in(out + err) == []
    assert "Kommentar␛[2J<U+202E>" in out and "svar␛[5m.csv" in out


def test_gathering_titles_in_the_question_are_shown_literally(capsys, demo_store,
                                                              demo_network, monkeypatch
                                                              ) -> None:
    import facilitator.cli as cli

    first = demo_store.gatherings.list(demo_network.id)[0]
    demo_store.gatherings.update(first.id, title="Samling\x1b[2J\u202e")
    g = demo_store.gatherings.get(first.id)
    lines: list[str] = []
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    import questionary

    class Asked:
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            lines.append(printable(args[0]))

        def ask(self) -> None:
            raise KeyboardInterrupt

    monkeypatch.setattr(questionary, "text", Asked)
    with pytest.raises(KeyboardInterrupt):
        cli._ask_gathering("Samlinger:", "Hvilken?", [g], g.seq, "mangler", str)
    shown = capsys.readouterr().out + "\n".join(lines)
    assert _raw_in(shown) == [] and "Samling␛[2J<U+202E>" in shown


def test_printable_keeps_ordinary_text_and_lines() -> None:
    text = "Øksnes – «Bø» ✓\nlinje to\ttab"
    assert printable(text) == text  # nothing to clean: returned as it is
    assert printable("a\x1bb", single_line=True) == "a␛b"


# --------------------------------------------------------------------------- passwords


URL = "postgresql+psycopg://fac:hemmelig@db.ks.no/facilitator"


@pytest.mark.parametrize("text", [
    URL,
    "postgresql://fac:p@ss:w0rd@db.ks.no:5432/facilitator",
    "://fac:hemmelig@host/db",
    "Kan ikke koble til 'postgresql://fac:hemmelig@host/db' (driver)",
    "host=db user=fac password=hemmelig dbname=x",
    "postgresql://fac@host/db?sslmode=require&password=hemmelig",
])
def test_redact_hides_every_form_of_password(text: str) -> None:
    shown = redact(text)
    assert "hemmelig" not in shown and "p@ss" not in shown and "w0rd" not in shown
    assert "***" in shown


def test_redact_leaves_other_text_alone() -> None:
    for text in ("https://www.ks.no/fagomrader", "Nettverk: «Nord» a=b", "/home/kari/a:b@c.db"):
        assert redact(text) == text


@pytest.mark.parametrize("command", ["demo", "export"])
def test_a_url_password_is_never_printed(capsys, command: str) -> None:
    code = main([command, "--db", URL])
    out, err = capsys.readouterr()
    assert code == 1
    assert "hemmelig" not in out + err
    assert err.strip() == ("Kan ikke koble til postgresql+psycopg://fac:***@db.ks.no/"
                           "facilitator: databasedriveren psycopg er ikke installert.")


def test_an_error_quoting_the_url_is_redacted() -> None:
    """A driver's error may quote the address it was given."""
    from facilitator.dbfile import classify, url_error

    err = url_error(URL, ValueError(f"could not parse {URL!r}"))
    assert "hemmelig" not in err.message() and "fac:***@" in err.message()
    err = classify(RuntimeError(f"connection to {URL} failed"))
    assert "hemmelig" not in err.message()


@pytest.mark.parametrize(("command", "nb", "en"), [
    ("check", "«check» kontrollerer en databasefil, og ",
     "“check” checks a database file, and "),
    ("backup", "«backup» tar sikkerhetskopi av en databasefil, og ",
     "“backup” backs up a database file, and "),
    ("restore", "«restore» gjenoppretter en databasefil, og ",
     "“restore” restores a database file, and "),
])
def test_file_commands_on_a_url_say_why_in_one_sentence(capsys, tmp_path: Path, command: str,
                                                        nb: str, en: str) -> None:
    extra = [str(tmp_path / "kopi.db")] if command == "restore" else []
    if extra:
        Store(Path(extra[0]), auto_backup=False).close()
    for lang, start in (("nb", nb), ("en", en)):
        code = main(["--lang", lang, command, *extra, "--db", URL])
        out, err = capsys.readouterr()
        assert code == 2 and out == ""
        line = err.strip()
        assert line.startswith(start + "postgresql+psycopg://fac:***@db.ks.no/facilitator ")
        assert "\n" not in line and "hemmelig" not in line
        assert "--db must be a file" not in line


def test_the_light_paths_do_not_import_sqlalchemy_to_redact() -> None:
    code = ("import sys; from facilitator.cli import main; "
            f"rc = main(['check', '--db', {URL!r}]); print('sqlalchemy' in sys.modules, rc)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, stdin=subprocess.DEVNULL)
    assert result.stdout.split()[-2:] == ["False", "2"], result.stderr
    assert "hemmelig" not in result.stdout + result.stderr


async def test_the_app_never_shows_the_password() -> None:
    app = make_app(target=URL)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "FatalScreen"
        assert "hemmelig" not in app.screen.message and "fac:***@" in app.screen.message


async def test_the_app_redacts_an_unexpected_error_quoting_the_url(monkeypatch) -> None:
    import facilitator.store as store

    def fails(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"driver said: cannot reach {URL}")

    monkeypatch.setattr(store, "Store", fails)
    app = make_app(target=URL)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "FatalScreen"
        assert "hemmelig" not in app.screen.message and "fac:***@" in app.screen.message


def test_demo_names_the_url_it_was_made_in(capsys, tmp_path: Path, monkeypatch) -> None:
    """With the database given as a URL in FACILITATOR_DB, the demo said it was made
    "in None"."""
    url = f"sqlite:///{tmp_path / 'u.db'}"
    monkeypatch.setenv("FACILITATOR_DB", url)
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == f"Demonettverket «{DEMO_NAME}» er opprettet i {url}."
