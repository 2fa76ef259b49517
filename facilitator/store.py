"""The store: the only module that talks SQL.

A `Store` is opened on a file path or an SQLAlchemy URL. It refuses files that are not
facilitator databases, are damaged, or are newer than this program, without touching
them; it sets the SQLite pragmas for durability (WAL, synchronous=FULL), runs the
migrations, writes a daily backup, and offers one method per user intention. Each
method is its own transaction: when it returns, the change is on disk.

Methods return detached model instances or plain dataclasses from `facilitator.records`,
never a live session. `Store.batch()` groups many calls into one transaction (the demo
builder and importers use it).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, NamedTuple, ParamSpec, TypeVar

# Files on disk (inspecting, checks before opening, backups) live in their own modules,
# standard library only; the store re-exports what others import from it.
from facilitator import migrations, records
from facilitator.backups import (
    BACKUP_DIR_NAME,
    backup_dir_for,
    backup_error,
    backup_stem,
    broken_backups,
    copy_database,
    list_backups,
    newest_backup,
    restore_database,
    write_backup,
)
from facilitator.dbfile import (
    SQLITE_HEADER,
    FileContents,
    FileReport,
    check_writable_place,
    classify,
    connect_ro,
    create_private_file,
    describe_file,
    inspect_file,
    make_private,
    ro_uri,
    url_error,
    writable,
)
from facilitator.domain import (
    Calendar,
    QuestionKind,
    municipality_matches,
    norwegian_key,
)
from facilitator.draft_store import DraftStore
from facilitator.errors import UserError
from facilitator.parse import InputError
from facilitator.redact import redact

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.exc import IntegrityError, OperationalError
    from sqlmodel import Session, select

    from facilitator.models import (
        Municipality,
        Setting,
        utcnow,
    )


def _load_orm() -> None:
    """Import SQLAlchemy, SQLModel and the models on first use (about 0.6 s).

    The module itself imports only the standard library, so the app's first screen
    can be filled by `quick_network_rows` before the ORM is loaded in the background.
    """
    global sa, IntegrityError, OperationalError, Session, select
    global Answer, HomeWorkStatus, Attendance, EvaluationQuestion, EvaluationResponse, Gathering, GatheringQuestion, GatheringTheme, HomeWork, MeetingAttendance
    global MeetingHeadcount, MeetingTheme, Membership, Municipality, MunicipalityMeeting, Network, Participant, Setting, Theme, utcnow
    import sqlalchemy as sa
    from sqlalchemy import event
    from sqlalchemy.exc import IntegrityError, OperationalError
    from sqlmodel import Session, select

    from facilitator.models import (  # noqa: F401 - bound as module globals
        Answer,
        Attendance,
        EvaluationQuestion,
        EvaluationResponse,
        Gathering,
        GatheringQuestion,
        GatheringTheme,
        HomeWork,
        HomeWorkStatus,
        MeetingAttendance,
        MeetingHeadcount,
        MeetingTheme,
        Membership,
        Municipality,
        MunicipalityMeeting,
        Network,
        Participant,
        Setting,
        Theme,
        utcnow,
    )

    if not event.contains(Session, "before_flush", _check_text_lengths):
        event.listen(Session, "before_flush", _check_text_lengths)


T = TypeVar("T")

BACKUP_KEEP = 14
BACKUP_EVERY = timedelta(hours=24)
BUSY_TIMEOUT_MS = 5000

DEFAULT_QUESTIONS: list[tuple[str, str, QuestionKind]] = [
    ("Svarte samlingen til forventningene?", "Did the gathering meet your expectations?",
     QuestionKind.YES_NO),
    ("Relevante tema", "Relevant themes", QuestionKind.SCALE),
    ("Ny kunnskap", "New knowledge", QuestionKind.SCALE),
    ("Hva bør vi gjøre annerledes?", "What should we do differently?", QuestionKind.TEXT),
]


# --------------------------------------------------------------------------- errors


class StoreError(UserError):
    """What the store refuses or cannot do, said in the user's language."""

    def message_params(self) -> dict[str, object]:
        from facilitator.i18n import t

        params = dict(self.params)
        if "backup" in params and not isinstance(params["backup"], str):
            params["backup"] = _backup_sentence(params["backup"])
        if self.key == "err.not_found":  # "gathering" → "samlingen"
            params["what"] = t(f"what.{params.get('what', '')}")
        return params


class DatabaseRefused(StoreError):
    """The file is not one we may open; it has not been touched."""


class StorageError(StoreError):
    """Writing failed (disk full, busy, read-only); nothing of the action was saved."""


class ValidationError(StoreError):
    """Bad input for a field; `field` names the form field it belongs to."""

    def __init__(self, field: str, key: str, /, **params: object) -> None:
        super().__init__(key, **params)
        self.field = field


def _backup_sentence(backup: Path | None) -> str:
    from facilitator.i18n import t

    return t("err.newest_backup", backup=backup) if backup else t("err.no_backup")


def _input(field: str, exc: InputError) -> ValidationError:
    return ValidationError(field, exc.key, **exc.params)


# --------------------------------------------------------------------------- paths


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("facilitator", appauthor=False))


def default_db_path() -> Path:
    return default_data_dir() / "facilitator.db"


def resolve_target(db: str | os.PathLike[str] | None) -> str | Path:
    """--db beats FACILITATOR_DB beats the default file. URLs are returned as strings."""
    value = db if db not in (None, "") else os.environ.get("FACILITATOR_DB") or None
    if value is None:
        return default_db_path()
    text = os.fspath(value)
    if "://" in text:
        return text
    return Path(text).expanduser()


_classify = classify
_create_private_file = create_private_file
_ro_uri = ro_uri
_writable = writable


# --------------------------------------------------------------------------- sessions

P = ParamSpec("P")
R = TypeVar("R")


# A method of a room of the store (facilitator/storage) decorated `@reads` or `@writes`
# is handed a session as its first argument after `self`; its caller passes none.
# `@writes` runs it in its own committed transaction, begun with the write lock held
# (BEGIN IMMEDIATE), waiting for another program's lock as `Store._write_session` says;
# inside `store.batch()` both join the batch's transaction. `@reads` reads a consistent
# snapshot that never takes or waits for the write lock.
def reads(method: Callable[Concatenate[Any, Session, P], R]) -> Callable[..., R]:
    @functools.wraps(method)
    def run(self: Any, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.store._read(lambda s: method(self, s, *args, **kwargs))  # noqa: SLF001

    return run


def writes(method: Callable[Concatenate[Any, Session, P], R]) -> Callable[..., R]:
    @functools.wraps(method)
    def run(self: Any, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.store._write(lambda s: method(self, s, *args, **kwargs))  # noqa: SLF001

    return run



# --------------------------------------------------------------------------- the store


class Store(DraftStore):
    """One open database. Thread-safe: each method uses its own session.

    The drafts of forms being typed are a section of their own (`DraftStore`).
    """

    def __init__(
        self,
        target: str | os.PathLike[str] | None = None,
        *,
        auto_backup: bool = True,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        _load_orm()
        resolved = resolve_target(target)
        self._now = now or utcnow
        self._local = threading.local()
        # Told (from the writing thread) when a write starts and stops waiting for another
        # program's lock: the app says "busy, retrying" while it waits. See _write.
        self.busy_listener: Callable[[bool], None] | None = None
        self._open_rooms()
        self.path: Path | None = None
        if isinstance(resolved, Path):
            self.path = resolved.resolve() if resolved.exists() else resolved.absolute()
            # Decided before SQLite touches anything: a file that is not ours, a
            # read-only file or folder, a full disk are refused with nothing created.
            report = inspect_file(self.path)
            check_writable_place(self.path, exists=report.exists)
            if not report.exists:
                create_private_file(self.path)
            from facilitator.engines import ChangeWatch, sqlite_engines

            self.engine, self._reader = sqlite_engines(str(self.path))
            self._watch = ChangeWatch(self.engine)
            if report.exists and 0 < report.version < migrations.SCHEMA_VERSION:
                self.backup(reason="pre-migration")
        else:
            self.url = resolved
            try:
                self.engine = sa.create_engine(resolved, pool_pre_ping=True)
            except Exception as exc:  # missing driver, bad URL
                raise url_error(resolved, exc) from exc
            self._reader = self.engine
            self._watch = None
        try:
            migrations.upgrade(self.engine, reader=self._reader)
        except LookupError as exc:
            raise DatabaseRefused(
                "err.not_facilitator", path=self.path or redact(resolved), backup=None
            ) from exc
        except sa.exc.DBAPIError as exc:
            raise _classify(exc, self.path) from exc
        if self.path is not None:
            make_private(self.path)
            if auto_backup:
                self.ensure_daily_backup()

    def _open_rooms(self) -> None:
        """The rooms of the store (facilitator.storage), one per aggregate."""
        from facilitator.storage.evaluations import Evaluations
        from facilitator.storage.gatherings import Gatherings
        from facilitator.storage.homework import Homework
        from facilitator.storage.meetings import Meetings
        from facilitator.storage.members import Members
        from facilitator.storage.networks import Networks
        from facilitator.storage.questions import Questions

        self.evaluations = Evaluations(self)
        self.gatherings = Gatherings(self)
        self.homework = Homework(self)
        self.members = Members(self)
        self.meetings = Meetings(self)
        self.networks = Networks(self)
        self.questions = Questions(self)

    # ------------------------------------------------------------------ plumbing

    def close(self) -> None:
        self.engine.dispose()
        if self._reader is not self.engine:
            self._reader.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def changed_elsewhere(self) -> bool:
        """True when another program (or another Store) has committed since the last
        call; the first call only takes the baseline. Cheap, but it waits while this
        process writes: call it off the UI thread. Always False on a server database."""
        if self._watch is None:
            return False
        try:
            return self._watch.changed()
        except (OperationalError, sqlite3.Error, sa.exc.TimeoutError):
            return False  # a failed look is no news; the next read will say what is wrong

    def _session(self) -> Session | None:
        return getattr(self._local, "session", None)

    def _busy(self, waiting: bool) -> None:
        listener = self.busy_listener
        if listener is not None:
            with contextlib.suppress(Exception):
                listener(waiting)

    def _write_session(self) -> Session:
        """A session that holds the write lock, taken before anything is run in it.

        While another program holds the lock, this waits and tries again for up to
        WRITE_PATIENCE_S seconds, telling `busy_listener` at once (so the user reads
        "busy, retrying" within a second); nothing of the caller's has run yet, so
        trying again is always safe. Then `err.busy`.
        """
        from facilitator.engines import WRITE_PATIENCE_S

        deadline = time.monotonic() + WRITE_PATIENCE_S
        waiting = False
        try:
            while True:
                session = Session(self.engine, expire_on_commit=False)
                try:
                    session.connection()  # BEGIN IMMEDIATE (see facilitator.engines)
                    return session
                except OperationalError as exc:
                    session.close()
                    err = _classify(exc, self.path)
                    if err.key != "err.busy" or time.monotonic() >= deadline:
                        raise err from exc
                if not waiting:
                    waiting = True
                    self._busy(True)
                time.sleep(0.02)
        finally:
            if waiting:
                self._busy(False)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Run many store calls as one transaction (all or nothing)."""
        if self._session() is not None:
            yield
            return
        session = self._write_session()
        self._local.session = session
        self._local.checkpoint_after = False
        try:
            yield
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise _classify(exc, self.path) from exc
        except IntegrityError as exc:
            session.rollback()
            raise StorageError("err.io", detail=str(exc.orig)[:200]) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            self._local.session = None
            session.close()
        if getattr(self._local, "checkpoint_after", False):
            self._local.checkpoint_after = False
            self.checkpoint()

    def _write(self, fn: Callable[[Session], T]) -> T:
        """Run `fn` in its own committed transaction, once the write lock is held."""
        outer = self._session()
        if outer is not None:
            result = fn(outer)
            outer.flush()
            return result
        session = self._write_session()
        try:
            result = fn(session)
            session.commit()
            return result
        except OperationalError as exc:
            session.rollback()
            raise _classify(exc, self.path) from exc
        except IntegrityError as exc:
            session.rollback()
            raise StorageError("err.io", detail=str(exc.orig)[:200]) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _read(self, fn: Callable[[Session], T]) -> T:
        """Run `fn` on a consistent snapshot that never takes (or waits for) the write
        lock. Inside `batch()` it reads the batch's own session."""
        outer = self._session()
        if outer is not None:
            return fn(outer)
        try:
            with Session(self._reader, expire_on_commit=False) as session:
                return fn(session)
        except OperationalError as exc:
            raise _classify(exc, self.path) from exc

    def _touch(self, obj: Any) -> None:
        obj.updated_at = self._now()

    @staticmethod
    def _get(session: Session, model: type[T], obj_id: str, what: str = "") -> T:
        obj = session.get(model, obj_id)
        if obj is None or getattr(obj, "deleted_at", None) is not None:
            raise StoreError("err.not_found", what=what or model.__name__)
        return obj

    # ------------------------------------------------------------------ health, backups

    def schema_version(self) -> int:
        with self._reader.connect() as conn:
            return migrations.current_version(conn)

    def check(self) -> list[str]:
        """Integrity and foreign-key problems; an empty list means healthy."""
        from facilitator.i18n import t

        problems: list[str] = []
        with self._reader.connect() as conn:
            if self.is_sqlite:
                rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                if rows != ["ok"]:
                    problems.extend(rows)
                for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                    problems.append(t("check.missing_parent", table=table, row=rowid,
                                      parent=parent))
        return problems

    def backup(self, to: Path | None = None, *, reason: str = "") -> Path:
        """Write a consistent, verified copy with SQLite's online backup API under a
        temporary name, then rename it into place; returns its path. On failure
        nothing is left under a backup name."""
        if self.path is None:
            raise StoreError("err.not_found", what="file")
        folder = Path(to) if to else backup_dir_for(self.path)
        stamp = self._now().strftime("%Y%m%d-%H%M%S")
        try:
            target = write_backup(self.path, folder / f"{backup_stem(self.path)}-{stamp}.db")
        except (sqlite3.Error, OSError) as exc:
            raise backup_error(exc, folder) from exc
        if to is None:
            from facilitator.backups import prune

            prune(self.path, BACKUP_KEEP)
        return target

    def ensure_daily_backup(self) -> Path | None:
        """Back up when the newest verified backup is older than 24 h. A failure is not
        fatal, and a disk without room for a whole copy gets no partial one."""
        from facilitator.files import low_on_space

        if self.path is None:
            return None
        newest = newest_backup(self.path)
        if newest is not None:
            try:
                age = time.time() - newest.stat().st_mtime
            except OSError:
                age = BACKUP_EVERY.total_seconds()
            if age < BACKUP_EVERY.total_seconds():
                return None
        size = 0
        for part in (self.path, Path(f"{self.path}-wal")):
            with contextlib.suppress(OSError):
                size += part.stat().st_size
        if low_on_space(backup_dir_for(self.path), need=size):
            return None
        try:
            return self.backup()
        except StoreError:
            return None

    # ------------------------------------------------------------------ settings

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        def do(s: Session) -> str | None:
            row = s.exec(select(Setting).where(Setting.key == key)).first()
            return row.value if row else default

        return self._read(do)

    def set_setting(self, key: str, value: str) -> None:
        def do(s: Session) -> None:
            row = s.exec(select(Setting).where(Setting.key == key)).first()
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
                self._touch(row)

        self._write(do)

    # ------------------------------------------------------------------ municipalities

    def list_municipalities(self) -> list[Municipality]:
        return self._read(
            lambda s: sorted(
                s.exec(select(Municipality).where(Municipality.deleted_at.is_(None))).all(),
                key=lambda m: norwegian_key(m.name),
            )
        )

    def get_municipality(self, number_or_id: str) -> Municipality:
        def do(s: Session) -> Municipality:
            row = s.exec(
                select(Municipality).where(
                    (Municipality.number == number_or_id) | (Municipality.id == number_or_id)
                )
            ).first()
            if row is None:
                raise ValidationError(
                    "municipality", "err.unknown_municipality", value=number_or_id
                )
            return row

        return self._read(do)

    def search_municipalities(self, query: str, limit: int = 20) -> list[Municipality]:
        """Type-ahead by number or name, case- and æøå-insensitive ("okses" → Øksnes)."""
        return municipality_matches(query, self.list_municipalities(), limit)

    # ------------------------------------------------------------------ file upkeep

    def checkpoint(self) -> None:
        """Move the WAL into the database file and truncate the log."""
        if self.path is None:
            return
        conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # a reader holds the log; the next checkpoint will do it
        finally:
            conn.close()

    def checkpoint_after_write(self) -> None:
        """After an erasure: checkpoint now, or once the batch it is in has committed."""
        if self.path is not None:
            if self._session() is None:
                self.checkpoint()
            else:
                self._local.checkpoint_after = True

    # ------------------------------------------------------------------ home work

    # ------------------------------------------------------------------ municipality meetings

    # ------------------------------------------------------------------ evaluation questions

# --------------------------------------------------------------------------- helpers


NETWORK_SQL = {
    "networks": "SELECT id, name FROM network WHERE deleted_at IS NULL",
    "members": "SELECT municipality_id FROM membership"
               " WHERE network_id = :nid AND deleted_at IS NULL",
    "gatherings": "SELECT id, seq, date FROM gathering"
                  " WHERE network_id = :nid AND deleted_at IS NULL ORDER BY seq",
    # the current cycle's home work: given at the latest held gathering (as the overview)
    "open": "SELECT id FROM homework WHERE gathering_id = :gid AND deleted_at IS NULL",
    "delivered": "SELECT COUNT(*) FROM homeworkstatus s"
                 " JOIN homework a ON a.id = s.homework_id"
                 " JOIN membership m ON m.municipality_id = s.municipality_id"
                 "  AND m.network_id = a.network_id AND m.deleted_at IS NULL"
                 " WHERE a.gathering_id = :gid AND a.deleted_at IS NULL AND s.deleted_at IS NULL"
                 " AND s.status IN ('delivered', 'reviewed')",
    "main_question": "SELECT id FROM gatheringquestion WHERE gathering_id = :gid"
                     " AND kind = 'scale' AND deleted_at IS NULL ORDER BY position LIMIT 1",
    # the running tally kept by every response write (schema 3): no answer scan
    "score": "SELECT CAST(total AS REAL) / n, n FROM answertally"
             " WHERE question_id = :qid AND n > 0 AND deleted_at IS NULL",
}


class _GatheringRef(NamedTuple):
    id: str
    seq: int
    date: date


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def network_rows(
    execute: Callable[[str, dict[str, Any]], list[tuple[Any, ...]]], today: date
) -> list[records.NetworkRow]:
    """The network list computed with plain SQL through `execute(sql, params)`:
    a few rows per network, and the answers of one gathering's main question only."""
    params: dict[str, Any] = {"today": today.isoformat()}
    out = []
    for nid, name in execute(NETWORK_SQL["networks"], params):
        params["nid"] = nid
        members = len(execute(NETWORK_SQL["members"], params))
        calendar = Calendar(today, [
            _GatheringRef(gid, seq, _as_date(d))
            for gid, seq, d in execute(NETWORK_SQL["gatherings"], params)])
        held, nxt, last = calendar.held, calendar.next(), calendar.last_held()
        open_count = delivered = 0
        if last is not None:
            current = {"gid": last.id}
            open_count = len(execute(NETWORK_SQL["open"], current))
            if open_count:
                delivered = execute(NETWORK_SQL["delivered"], current)[0][0]
        latest: tuple[int | None, float | None, int] = (None, None, 0)
        for gid, seq, _day in sorted(held, key=lambda g: g.seq, reverse=True):
            main = execute(NETWORK_SQL["main_question"], {"gid": gid})
            if not main:
                continue
            score = execute(NETWORK_SQL["score"], {"qid": main[0][0]})
            if score and score[0][1]:
                latest = (seq, float(score[0][0]), int(score[0][1]))
                break
        out.append(records.NetworkRow(
            id=nid, name=name, municipalities=members,
            next_gathering=nxt.date if nxt else None, next_seq=nxt.seq if nxt else None,
            open_homework=open_count, delivered=int(delivered or 0),
            expected=open_count * members,
            latest_seq=latest[0], latest_score=latest[1], latest_n=latest[2],
        ))
    return sorted(out, key=lambda r: norwegian_key(r.name))


def quick_network_rows(target: str | os.PathLike[str] | None, today: date
                       ) -> list[records.NetworkRow] | None:
    """The first screen's rows read with the standard library only, read-only.

    Returns None when the fast path does not apply (not a file, a new or empty file,
    a database that needs migrating, or any doubt): the caller then waits for the
    full `Store`, which also reports any problem with the file.
    """
    resolved = resolve_target(target)
    if not isinstance(resolved, Path) or not resolved.exists():
        return None
    try:
        report = inspect_file(resolved)
    except StoreError:
        return None
    if report.version != migrations.SCHEMA_VERSION:
        return None
    try:
        conn = connect_ro(resolved)  # creates nothing beside the file
    except sqlite3.Error:
        return None
    try:
        return network_rows(lambda sql, params: conn.execute(sql, params).fetchall(), today)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _check_text_lengths(session: Session, _context: Any, _instances: Any) -> None:
    """Before every flush: no text longer than its field takes (`facilitator.limits`),
    whatever the path (a form, the command line, an import, the demo).

    A new row has all its texts checked, a changed row only the columns changed: a
    row stored before the limits existed can still be deleted or partly edited.
    """
    from facilitator.limits import COLUMNS, count_text, too_long

    for obj, new in [*((o, True) for o in session.new), *((o, False) for o in session.dirty)]:
        table = getattr(obj, "__tablename__", None)
        for (name, column), field in COLUMNS.items():
            if name != table:
                continue
            value = getattr(obj, column, None)
            if not isinstance(value, str):
                continue
            if not new and not sa.inspect(obj).attrs[column].history.has_changes():
                continue
            over = too_long(field, value)
            if over is not None:
                where = obj.question_id if field == "comment" else field
                raise ValidationError(where, "err.too_long", what=_field(f"limit.what.{field}"),
                                      n=count_text(over[0]), max=count_text(over[1]))


def check_range(start: date | None, end: date | None, field: str = "end_date") -> None:
    if start and end and end < start:
        raise ValidationError(field, "err.end_before_start")


def _field(key: str) -> str:
    from facilitator.i18n import t

    return t(key)


__all__ = [
    "BACKUP_DIR_NAME",
    "SQLITE_HEADER",
    "DatabaseRefused",
    "FileContents",
    "FileReport",
    "Store",
    "StoreError",
    "StorageError",
    "ValidationError",
    "backup_dir_for",
    "broken_backups",
    "copy_database",
    "default_db_path",
    "describe_file",
    "inspect_file",
    "list_backups",
    "newest_backup",
    "resolve_target",
    "restore_database",
]
