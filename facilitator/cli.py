"""The command line. No Textual import on any path except opening the app.

Exit codes: 0 success, 1 a problem with the data (refused or damaged database, failed
save), 2 a usage error (bad arguments, missing answer without a terminal), 130 interrupted.
Errors are one line on stderr in the user's language, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from facilitator import __version__
from facilitator.cli_argparse import argparse_in_language
from facilitator.i18n import language_from_env, set_language, t
from facilitator.redact import printable

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(t("cli.usage_error", detail=message))


def _number(text: str) -> int:
    """A gathering number on the command line; refused in the user's language."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_a_number", value=text)) from None


APP_FPS = 120  # frames a second at most (see cmd_app)


def _confirm(question: str, *, default: bool = False) -> bool | None:
    """A yes/no question in the user's language: j or n (y or n in English) or the arrow
    keys pick the answer, Enter confirms it. None when the user breaks off (ctrl+c)."""
    import questionary
    from questionary import Choice

    yes, no = t("cli.yes"), t("cli.no")
    choices = [Choice(yes, value=True, shortcut_key=yes[0].lower()),
               Choice(no, value=False, shortcut_key=no[0].lower())]
    answer = questionary.select(printable(question, single_line=True), choices=choices,
                                default=choices[not default],
                                use_shortcuts=True, use_jk_keys=False,
                                instruction=t("cli.confirm_instruction",
                                                yes=yes[0].lower(), no=no[0].lower())).ask()
    return answer


def _today() -> date:
    """Today, or the ISO date in FACILITATOR_TODAY (tests and reproducible runs)."""
    value = os.environ.get("FACILITATOR_TODAY", "").strip()
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(t("cli.bad_today", value=value)) from None


def _pre_language(argv: Sequence[str]) -> str:
    """The language for messages, read before the full parse (help texts need it)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return language_from_env() or "nb"


def build_parser() -> argparse.ArgumentParser:
    from facilitator.store import default_db_path

    # placeholders in the help ("--db FIL"), in the interface language
    path, folder, file = t("cli.metavar.path"), t("cli.metavar.dir"), t("cli.metavar.file")
    name, number = t("cli.metavar.name"), t("cli.metavar.number")

    common = _Parser(add_help=False)
    common.add_argument("--db", metavar=path, help=t("cli.help.db", default=default_db_path()))
    common.add_argument("--lang", choices=["nb", "en"], help=t("cli.help.lang"))

    parser = _Parser(prog="facilitator", description=t("cli.description"), parents=[common])
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}",
                        help=t("cli.help.version"))
    sub = parser.add_subparsers(dest="command", metavar=t("cli.metavar.command"),
                                parser_class=_Parser)

    demo = sub.add_parser("demo", parents=[common], help=t("cli.help.demo"))
    demo.add_argument("--force", action="store_true", help=t("cli.help.force"))

    sub.add_parser("check", parents=[common], help=t("cli.help.check"))

    backup = sub.add_parser("backup", parents=[common], help=t("cli.help.backup"))
    backup.add_argument("--to", metavar=folder, help=t("cli.help.to"))

    # export has its own --lang: the summary's language, which may also be nynorsk
    export = sub.add_parser("export", help=t("cli.help.export"))
    export.add_argument("--db", metavar=path, help=t("cli.help.db", default=default_db_path()))
    export.add_argument("--lang", choices=["nb", "nn", "en"], help=t("cli.help.summary_lang"))
    export.add_argument("--network", metavar=name, help=t("cli.help.network"))
    export.add_argument("--cycle", type=_number, metavar=number, help=t("cli.help.cycle_held"))
    export.add_argument("--format", default="md,html,xlsx,csv,eml",
                        metavar=t("cli.metavar.list"), help=t("cli.help.format"))
    export.add_argument("--out", metavar=folder, help=t("cli.help.out"))
    export.add_argument("--to", nargs="+", metavar=t("cli.metavar.address"),
                        help=t("cli.help.to_addr"))
    export.add_argument("--names", action="store_true", help=t("cli.help.names"))
    export.add_argument("--open", action="store_true", help=t("cli.help.open"))

    restore = sub.add_parser("restore", parents=[common], help=t("cli.help.restore"))
    restore.add_argument("file", metavar=file, help=t("cli.help.file"))
    restore.add_argument("--yes", action="store_true", help=t("cli.help.yes"))

    imp = sub.add_parser("import-evaluations", parents=[common], help=t("imp.help.command"))
    imp.add_argument("file", metavar=file, help=t("imp.help.file"))
    imp.add_argument("--network", metavar=name, help=t("cli.help.network"))
    imp.add_argument("--gathering", type=_number, metavar=number, help=t("imp.help.gathering"))
    imp.add_argument("--dry-run", action="store_true", help=t("imp.help.dry_run"))
    imp.add_argument("--skip-bad", action="store_true", help=t("imp.help.skip_bad"))
    imp.add_argument("--yes", action="store_true", help=t("imp.help.yes"))
    return parser


def _err(message: object) -> None:
    """One message on stderr, safe for the terminal (see `_out`)."""
    print(printable(message), file=sys.stderr)


def _out(message: object) -> None:
    """One message on stdout. Every line the command line prints goes through here or
    `_err`: stored and typed text (names, titles, paths, file headers) shows control
    characters as the app does (ESC as ␛), and a database URL never shows a password."""
    print(printable(message))


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()


def _existing_db(target: str | Path) -> str | Path:
    """`target` when it is a URL or a file that exists: export, check and backup read a
    database and never create one (the app, `demo` and `restore` do)."""
    if isinstance(target, Path) and not target.exists():
        raise UsageError(t("cli.db_missing", path=target))
    return target


def choose_network(store: Any, name: str | None) -> Any:
    """The network `--network` names or, without it, the one the user picks at a
    terminal (a usage error without one, or when there is no network)."""
    networks = store.networks.list()
    if name:
        net = store.networks.find(name)
        if net is None:
            if not networks:
                raise UsageError(t("cli.no_network_none", name=name))
            raise UsageError(t("cli.no_network", name=name,
                               names=", ".join(n.name for n in networks)))
        return net
    if not networks:
        raise UsageError(t("cli.no_networks"))
    names = ", ".join(n.name for n in networks)
    nid = _choose(t("cli.ask_network"), [(n.id, n.name) for n in networks],
                  t("cli.missing_network", names=names))
    return next(n for n in networks if n.id == nid)


def cmd_demo(args: argparse.Namespace) -> int:
    from facilitator.demo import DEMO_NAME, create_demo
    from facilitator.store import Store

    with Store(args.db) as store:
        where = store.path or getattr(store, "url", None) or args.db  # a URL: redacted on output
        if store.networks.find(DEMO_NAME) is not None:
            _err(t("cli.demo_exists", name=DEMO_NAME, path=where))
            return EXIT_PROBLEM
        if not store.networks.is_empty() and not args.force:
            _err(t("cli.demo_refused", path=where))
            return EXIT_PROBLEM
        create_demo(store)
    _out(t("cli.demo_created", name=DEMO_NAME, path=where))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from facilitator.cli_files import cmd_check as run

    return run(args)


def cmd_backup(args: argparse.Namespace) -> int:
    from facilitator.cli_files import cmd_backup as run

    return run(args)


def cmd_restore(args: argparse.Namespace) -> int:
    from facilitator.cli_files import cmd_restore as run

    return run(args)


def _choose(question: str, choices: list[tuple[str, str]], missing: str) -> str:
    """Ask with questionary when a terminal is attached; otherwise a usage error."""
    if not _interactive():
        raise UsageError(missing)
    import questionary

    answer = questionary.select(
        question, choices=[questionary.Choice(printable(label, single_line=True), value)
                           for value, label in choices],
        instruction=t("cli.select_instruction"),
    ).ask()
    if answer is None:
        raise KeyboardInterrupt
    return answer


def _seq(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def _ask_gathering(heading: str, question: str, offered: list[Any], default: int,
                   missing: str, refusal: Callable[[str], str]) -> int:
    """Ask for a gathering by its number; `offered` are listed first, Enter takes
    `default`. Anything else is refused with `refusal(text)` and asked again (a list
    to move in with the arrow keys ignored typed digits: Enter then took line 1)."""
    if not _interactive():
        raise UsageError(missing)
    import questionary

    from facilitator.parse import format_date_span

    _out(heading)
    for g in offered:
        _out(f"  {g.seq}: {format_date_span(g.date, g.end_date)} "
             f"{printable(g.title, single_line=True)}")
    seqs = {g.seq for g in offered}

    def check(text: str) -> bool | str:
        if not text.strip() or _seq(text) in seqs:
            return True
        return printable(refusal(text.strip()), single_line=True)

    answer = questionary.text(question, validate=check,
                              instruction=t("cli.ask_gathering_default", default=default)).ask()
    if answer is None:
        raise KeyboardInterrupt
    return _seq(answer) if answer.strip() else default  # type: ignore[return-value]


def cmd_export(args: argparse.Namespace) -> int:
    from facilitator.cli_export import cmd_export as run

    return run(args)


def cmd_app(args: argparse.Namespace) -> int:
    if not _interactive():
        _err(t("cli.needs_terminal"))
        return EXIT_USAGE

    from facilitator.storage.first_screen import quick_network_rows
    from facilitator.store import resolve_target

    target = resolve_target(args.db)
    # The first screen's rows, read with the standard library (a few ms) while
    # nothing else runs; the app paints them in its first frame.
    today = _today()
    rows = quick_network_rows(target, today)

    # Textual paints at most 60 frames a second by default: a key then waits up to a
    # frame (17 ms) to show. 120 halves that wait; Textual paints only what changed.
    os.environ.setdefault("TEXTUAL_FPS", str(APP_FPS))
    from facilitator.app import run_app
    from facilitator.inuse import held, restoring

    with held(target if isinstance(target, Path) else None) as lock:
        pid = restoring(target) if lock is not None else None
        if pid is not None:  # a restore began before this app took its lock
            _err(t("cli.restore_running", db=target, pid=pid))
            return EXIT_PROBLEM
        return run_app(target, lang=args.lang, first_rows=rows, today=today)


def cmd_import_evaluations(args: argparse.Namespace) -> int:
    from facilitator.cli_import import cmd_import_evaluations as run

    return run(args)


COMMANDS = {
    "import-evaluations": cmd_import_evaluations,
    "demo": cmd_demo,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "export": cmd_export,
}


def _tolerant_output() -> None:
    """A character the terminal's encoding lacks (a Windows console or a pipe in
    cp1252, PYTHONIOENCODING=ascii) prints as "?" instead of failing the command."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if reconfigure is not None and encoding not in ("utf8", "utf16", "utf32"):
            with suppress(Exception):
                reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    from facilitator import shutdown

    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_pre_language(argv))
    _tolerant_output()
    saved = shutdown.install_cli_handlers()
    try:
        return _main(argv)
    except shutdown.Terminated as exc:
        _err(t("cli.terminated", signal=shutdown.signal_name(exc.signum)))
        return exc.exit_code
    finally:
        shutdown.restore_handlers(saved)


def _main(argv: list[str]) -> int:
    try:
        with argparse_in_language():
            args = build_parser().parse_args(argv)
        if args.lang:
            set_language(args.lang)  # nynorsk (export only) falls back to bokmål
        handler = COMMANDS.get(args.command, cmd_app)
        return handler(args)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err(t("cli.interrupted"))
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into a line
        from facilitator.errors import UserError

        if isinstance(exc, UserError):
            _err(exc.message())
            return EXIT_PROBLEM
        if os.environ.get("FACILITATOR_DEBUG"):
            raise
        _err(t("cli.unexpected", detail=f"{type(exc).__name__}: {exc}"))
        return EXIT_PROBLEM


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
