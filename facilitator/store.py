"""The store: the only module that talks SQL.

A `Store` is opened on a file path or an SQLAlchemy URL. It refuses files that are not
facilitator databases, are damaged, or are newer than this program, without touching
them; it sets the SQLite pragmas for durability (WAL, synchronous=FULL), runs the
migrations and writes a daily backup. Its rooms (`facilitator.storage`: `store.networks`,
`store.files`, `store.settings`, ...) offer one method per user intention, each its own
transaction: when it returns, the change is on disk. This module holds the facade, the
engines and the sessions (`reads`/`writes`, the retries, `batch`).

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
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from facilitator import migrations
from facilitator.dbfile import (
    check_writable_place,
    classify,
    create_private_file,
    inspect_file,
    make_private,
    url_error,
)
from facilitator.errors import DatabaseRefused, StorageError, StoreError
from facilitator.redact import redact

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.exc import IntegrityError, OperationalError
    from sqlmodel import Session

    from facilitator.models import utcnow


def _load_orm() -> None:
    """Import SQLAlchemy and SQLModel on first use (about 0.6 s).

    The module itself imports only the standard library, so the app's first screen
    can be filled by `storage.first_screen` before the ORM is loaded in the background.
    """
    global sa, IntegrityError, OperationalError, Session, utcnow
    import sqlalchemy as sa
    from sqlalchemy import event
    from sqlalchemy.exc import IntegrityError, OperationalError
    from sqlmodel import Session

    from facilitator.models import utcnow
    from facilitator.storage.part import check_text_lengths

    if not event.contains(Session, "before_flush", check_text_lengths):
        event.listen(Session, "before_flush", check_text_lengths)


T = TypeVar("T")


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


class Store:
    """One open database. Thread-safe: each method uses its own session.

    Its rooms (`facilitator.storage`) hold one aggregate's reads and writes each.
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
                self.files.backup(reason="pre-migration")
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
            raise classify(exc, self.path) from exc
        if self.path is not None:
            make_private(self.path)
            if auto_backup:
                self.files.ensure_daily_backup()

    def _open_rooms(self) -> None:
        """The rooms of the store (facilitator.storage), one per aggregate."""
        from facilitator.storage.drafts import Drafts
        from facilitator.storage.evaluations import Evaluations
        from facilitator.storage.files import Files
        from facilitator.storage.gatherings import Gatherings
        from facilitator.storage.homework import Homework
        from facilitator.storage.meetings import Meetings
        from facilitator.storage.members import Members
        from facilitator.storage.networks import Networks
        from facilitator.storage.questions import Questions
        from facilitator.storage.register import Register
        from facilitator.storage.settings import Settings

        self.drafts = Drafts(self)
        self.evaluations = Evaluations(self)
        self.files = Files(self)
        self.gatherings = Gatherings(self)
        self.homework = Homework(self)
        self.members = Members(self)
        self.meetings = Meetings(self)
        self.networks = Networks(self)
        self.questions = Questions(self)
        self.register = Register(self)
        self.settings = Settings(self)

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
                    err = classify(exc, self.path)
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
            with self._committing(session):
                yield
        finally:
            self._local.session = None
        if getattr(self._local, "checkpoint_after", False):
            self._local.checkpoint_after = False
            self.files.checkpoint()

    def _write(self, fn: Callable[[Session], T]) -> T:
        """Run `fn` in its own committed transaction, once the write lock is held."""
        outer = self._session()
        if outer is not None:
            result = fn(outer)
            outer.flush()
            return result
        session = self._write_session()
        with self._committing(session):
            return fn(session)

    @contextlib.contextmanager
    def _committing(self, session: Session) -> Iterator[None]:
        """Commit what the block wrote, or roll it all back and say why in the user's
        words; the session is closed either way."""
        try:
            yield
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise classify(exc, self.path) from exc
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
            raise classify(exc, self.path) from exc

    @staticmethod
    def _get(session: Session, model: type[T], obj_id: str, what: str = "") -> T:
        obj = session.get(model, obj_id)
        if obj is None or getattr(obj, "deleted_at", None) is not None:
            raise StoreError("err.not_found", what=what or model.__name__)
        return obj
