"""Schema migrations: bring a database to the newest schema.

`upgrade` takes every frozen step of `steps.py` above a database's version, each in its
own transaction. A brand-new database skips the steps: `create_newest` makes the newest
schema at once (the models' `create_all` and what the steps add beyond them), and a test
holds it to exactly what running every step makes. Alembic is imported only when an
existing database actually needs migrating.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator.migrations.steps import (
    _TALLY_TRIGGERS,
    APP_ID,
    META_TABLE,
    MIGRATIONS,
    SCHEMA_VERSION,
    _meta_columns,
    _municipality_rows,
    _municipality_table,
)

if TYPE_CHECKING:
    import sqlalchemy as sa


def current_version(conn: sa.Connection) -> int:
    """The schema version of the database on `conn`, 0 for an empty database.

    Raises LookupError when the database holds tables but is not a facilitator one.
    """
    import sqlalchemy as sa

    insp = sa.inspect(conn)
    names = set(insp.get_table_names())
    if META_TABLE not in names:
        if names:
            raise LookupError("not a facilitator database")
        return 0
    meta = dict(conn.execute(sa.text(f"SELECT key, value FROM {META_TABLE}")).all())
    if meta.get("app") != APP_ID:
        raise LookupError("not a facilitator database")
    return int(meta.get("schema_version", "0"))


def upgrade(engine: sa.Engine, target: int = SCHEMA_VERSION, *,
            reader: sa.Engine | None = None) -> tuple[int, int]:
    """Bring the database to `target`: a brand-new SQLite database is made at the newest
    schema at once (`create_newest`); any other takes every step above its version,
    each in its own transaction. The version is read through `reader` when given (a
    read that takes no write lock: opening an up-to-date database writes nothing).

    Returns (version before, version after).
    """
    with (reader or engine).connect() as conn:
        before = current_version(conn)
    if before == 0 and target == SCHEMA_VERSION and engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            create_newest(conn)
        return before, SCHEMA_VERSION
    version = before
    for number, _name, step in MIGRATIONS:
        if number <= version or number > target:
            continue
        # Alembic only when there is a step to take: opening an up-to-date database
        # (every start of the app) does not pay for importing it.
        from alembic.migration import MigrationContext
        from alembic.operations import Operations

        with engine.begin() as conn:
            step(Operations(MigrationContext.configure(conn)))
            _write_version(conn, number, new=number == 1)
        version = number
    return before, version


def create_newest(conn: sa.Connection) -> None:
    """An empty SQLite database becomes one at the newest schema, without Alembic: the
    models' tables and indexes, and what the steps add beyond them (the marker table
    and its rows, the municipalities, the tally triggers of schema 6). A test holds it
    to exactly the schema that running every step makes."""
    import sqlalchemy as sa
    from sqlmodel import SQLModel

    import facilitator.models  # noqa: F401 - registers the tables on SQLModel.metadata

    sa.Table(META_TABLE, sa.MetaData(), *_meta_columns()).create(conn)
    SQLModel.metadata.create_all(conn)
    conn.execute(_municipality_table().insert(), _municipality_rows())
    for sql in _TALLY_TRIGGERS.values():
        conn.execute(sa.text(sql))
    _write_version(conn, SCHEMA_VERSION, new=True)


def _write_version(conn: sa.Connection, number: int, *, new: bool) -> None:
    """The marker rows: a new database gets the app's id and its version; an older one
    only its new version."""
    import sqlalchemy as sa

    meta = sa.table(META_TABLE, sa.column("key"), sa.column("value"))
    if new:
        conn.execute(meta.insert(), [{"key": "app", "value": APP_ID},
                                     {"key": "schema_version", "value": str(number)}])
    else:
        conn.execute(meta.update().where(meta.c.key == "schema_version")
                     .values(value=str(number)))
