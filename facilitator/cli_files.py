"""The command line's file commands: `check`, `backup` and `restore`.

They work on a database file; given a server database (an SQLAlchemy URL) each says in
one sentence why it needs a file. `check` only reads: it works on a full or read-only
disk too, and never migrates or backs up the file it checks.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from facilitator import cli
from facilitator.cli import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, UsageError, _err, _existing_db, _out
from facilitator.i18n import t


def db_file(args: argparse.Namespace, command: str) -> Path:
    """The database file of `--db`; a URL is a usage error saying why a file is needed."""
    from facilitator.redact import redact
    from facilitator.store import resolve_target

    target = resolve_target(args.db)
    if isinstance(target, str):
        raise UsageError(t(f"cli.url_{command}", url=redact(target)))
    return target


def cmd_check(args: argparse.Namespace) -> int:
    from facilitator.backups import broken_backups
    from facilitator.dbfile import check_file
    from facilitator.errors import DatabaseRefused

    path = _existing_db(db_file(args, "check"))
    try:
        version, problems = check_file(path)
    except DatabaseRefused as exc:
        _err(exc.message())
        return EXIT_PROBLEM
    broken = broken_backups(path)
    if problems:
        _err(t("cli.check_problems", path=path, count=len(problems)))
        for line in problems[:50]:
            _err(f"  {line}")
    else:
        _out(t("cli.check_ok", path=path, version=version))
    if broken:
        _err(t("cli.check_backups_broken", path=path, count=len(broken)))
        for item in broken:
            _err(t("cli.check_backup_line", name=item.path, reason=item.reason))
    return EXIT_PROBLEM if problems or broken else EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from facilitator.store import Store

    path = _existing_db(db_file(args, "backup"))
    with Store(path, auto_backup=False) as store:
        written = store.files.backup(Path(args.to).expanduser() if args.to else None)
    _out(t("cli.backup_written", path=written))
    return EXIT_OK


def _restore_comparison(source: Path, db: Path) -> str:
    """What the backup holds beside what the database holds now: a backup from before
    the day's work brings back none of it, and the user should see that before saying yes."""
    from facilitator.backups import describe_file
    from facilitator.parse import format_date

    def said(path: Path) -> str:
        info = describe_file(path) if path.exists() else None
        if info is None:
            return t("cli.restore_unknown")
        local = info.last_change.astimezone() if info.last_change else None
        when = f"{format_date(local.date())} {local:%H:%M}" if local else "–"
        return t("cli.restore_holds", networks=info.networks, responses=info.responses,
                 when=when)

    return t("cli.restore_compare", file=source.name, backup=said(source), now=said(db))


def _in_use(db: Path) -> str | None:
    """Why restoring `db` must wait: an app has it open (or another restore runs)."""
    from facilitator.inuse import APP, RESTORE, holders

    for kind in (APP, RESTORE):
        pids = holders(db, kind)
        if pids:
            return t("cli.restore_in_use" if kind == APP else "cli.restore_running",
                     db=db, pid=", ".join(str(p) for p in pids))
    return None


def cmd_restore(args: argparse.Namespace) -> int:
    from facilitator.backups import backup_dir_for, backup_stem, restore_database
    from facilitator.dbfile import inspect_file
    from facilitator.errors import DatabaseRefused
    from facilitator.inuse import RESTORE, held

    source = Path(args.file).expanduser()
    db = db_file(args, "restore")
    if not source.is_file():
        _err(t("cli.restore_missing", path=source))
        return EXIT_USAGE
    if db.is_dir():
        _err(t("err.is_folder", path=db, example=db / "facilitator.db"))
        return EXIT_USAGE
    try:
        inspect_file(source, thorough=True)
    except DatabaseRefused as exc:
        _err(t("cli.restore_bad", path=source, reason=exc.message()))
        return EXIT_PROBLEM
    if db.exists():
        try:
            inspect_file(db)
        except DatabaseRefused:
            pass  # restoring over a damaged database is exactly what restore is for
    busy = _in_use(db)
    if busy:
        _err(busy)
        return EXIT_PROBLEM
    if not args.yes:
        keep_hint = backup_dir_for(db) / f"{backup_stem(db)}-before-restore-….db"
        if not cli._interactive():  # looked up at call time (tests answer for a user)
            _err(t("cli.restore_needs_yes", db=db))
            return EXIT_USAGE
        _out(_restore_comparison(source, db))
        answer = cli._confirm(t("cli.restore_confirm", db=db, file=source, keep=keep_hint))
        if not answer:
            _out(t("cli.restore_cancelled"))
            return EXIT_PROBLEM
    # Holding the restore lock first, then looking again: an app that started meanwhile
    # is seen here, and one that starts from now on sees the restore and waits.
    with held(db if db.parent.is_dir() else None, RESTORE):
        busy = _in_use(db)
        if busy:
            _err(busy)
            return EXIT_PROBLEM
        keep = restore_database(source, db)
    if keep is None:
        _out(t("cli.restore_done_new", db=db, file=source))
    else:
        _out(t("cli.restore_done", db=db, file=source, keep=keep))
    return EXIT_OK
