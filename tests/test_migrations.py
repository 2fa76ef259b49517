"""Migrations: an old (schema 1) file opens, keeps every row and gains the new table;
and a database migrated from scratch matches the models exactly."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlmodel import SQLModel

import facilitator.models  # noqa: F401 - registers the tables on SQLModel.metadata
from facilitator import migrations
from facilitator.backups import list_backups
from facilitator.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "schema_v1.db"
V1_TABLES = {
    "facilitator_meta", "municipality", "network", "membership", "participant", "theme",
    "gathering", "gatheringtheme", "attendance", "homeassignment", "assignmentstatus",
    "municipalitymeeting", "meetingtheme", "meetingattendance", "meetingheadcount",
    "evaluationquestion", "gatheringquestion", "evaluationresponse", "answer",
}
# schema 7 gave the home-work tables their names
RENAMED = {"homeassignment": "homework", "assignmentstatus": "homeworkstatus"}

# The home-work tables as schema 6 named them (schema 7 renamed them).
SCHEMA_7_UNDONE = """
DROP INDEX ix_homework_gathering_id; DROP INDEX ix_homework_network_id;
DROP INDEX ix_homeworkstatus_homework_id; DROP INDEX ix_homeworkstatus_municipality_id;
ALTER TABLE homework RENAME TO homeassignment;
ALTER TABLE homeworkstatus RENAME TO assignmentstatus;
ALTER TABLE assignmentstatus RENAME COLUMN homework_id TO assignment_id;
CREATE INDEX ix_homeassignment_gathering_id ON homeassignment (gathering_id);
CREATE INDEX ix_homeassignment_network_id ON homeassignment (network_id);
CREATE INDEX ix_assignmentstatus_assignment_id ON assignmentstatus (assignment_id);
CREATE INDEX ix_assignmentstatus_municipality_id ON assignmentstatus (municipality_id);
"""


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    target = tmp_path / "old data" / "facilitator.db"
    target.parent.mkdir()
    shutil.copyfile(FIXTURE, target)
    return target


def test_fixture_is_schema_1_with_rows_in_every_table() -> None:
    found = counts(FIXTURE)
    assert set(found) == V1_TABLES  # no `setting` table yet
    assert all(n > 0 for n in found.values()), found
    conn = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    try:
        meta = dict(conn.execute("SELECT key, value FROM facilitator_meta"))
    finally:
        conn.close()
    assert meta == {"app": "facilitator", "schema_version": "1"}


def test_version_1_file_migrates_keeping_every_row(v1_copy: Path) -> None:
    before = counts(v1_copy)
    with Store(v1_copy) as store:
        assert store.files.schema_version() == migrations.SCHEMA_VERSION == 7
        after = counts(v1_copy)
        for table, n in before.items():
            assert after[RENAMED.get(table, table)] == n, table
        assert set(after) == ({RENAMED.get(table, table) for table in before}
                              | {"setting", "answertally", "draft"})
        assert after["setting"] == 0
        assert after["draft"] == 0
        # schema 3 filled the tallies from the answers already there
        conn = sqlite3.connect(v1_copy)
        truth = conn.execute(
            "SELECT COUNT(DISTINCT a.question_id) FROM answer a JOIN evaluationresponse r"
            " ON r.id = a.response_id WHERE a.score IS NOT NULL AND a.deleted_at IS NULL"
            " AND r.deleted_at IS NULL").fetchone()[0]
        conn.close()
        assert after["answertally"] == truth > 0

        # a pre-migration backup was written, and it is the old version-1 file
        backups = list_backups(v1_copy)
        assert len(backups) == 1
        assert counts(backups[0]) == before
        conn = sqlite3.connect(f"file:{backups[0]}?mode=ro", uri=True)
        try:
            assert conn.execute("SELECT value FROM facilitator_meta WHERE key='schema_version'"
                                ).fetchone() == ("1",)
        finally:
            conn.close()

        # the new table works
        store.settings.set("language", "en")
        assert store.settings.get("language") == "en"
        # schema 5: drafts of forms, kept and read back
        [net0] = store.networks.list()
        draft = store.drafts.save(None, kind="meeting", record_id=None, network_id=net0.id,
                                  snapshot={"summary": "Møtet gikk bra"})
        assert [d.snapshot for d in store.drafts.list()] == [{"summary": "Møtet gikk bra"}]
        store.drafts.discard(draft.id)
        assert store.drafts.list() == []

        # the old data reads through the store as it was written
        [net] = store.networks.list()
        assert net.name == "ROBEK-nettverk Nord" and net.start_date == date(2025, 1, 14)
        assert [m.name for m in store.members.list(net.id)] == ["Bø", "Målselv", "Øksnes"]
        assert len(store.members.participants(net.id)) == 5
        g1, g2 = store.gatherings.list(net.id)
        assert (g1.seq, g1.place, g2.seq) == (1, "Bodø", 2)
        responses = store.evaluations.list(g1.id)
        assert len(responses) == 3
        # schema 4 removed the tags that named one or two of the four present
        assert [(r.municipality_id, r.role) for r in responses] == [(None, None)] * 3
        assert sorted(a.score for r in responses for a in r.answers.values()
                      if a.score is not None and a.score > 1) == [3, 4, 5, 5, 6]
        [meeting] = store.meetings.list(net.id)
        assert meeting.headcounts == {"politiker": 11, "tjenesteleder": 4}
        assert store.files.check() == []
    assert counts(v1_copy)["setting"] == 1


def test_migrated_file_opens_again_without_another_migration(v1_copy: Path) -> None:
    Store(v1_copy).close()
    first = list_backups(v1_copy)
    with Store(v1_copy) as store:
        assert store.files.schema_version() == migrations.SCHEMA_VERSION
    assert list_backups(v1_copy) == first  # no second pre-migration backup


def test_upgrade_reports_versions(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        assert migrations.upgrade(engine, target=1) == (0, 1)
        assert migrations.upgrade(engine, target=2) == (1, 2)
        assert migrations.upgrade(engine, target=3) == (2, 3)
        assert migrations.upgrade(engine) == (3, 7)
        assert migrations.upgrade(engine) == (7, 7)
        with engine.connect() as conn:
            assert migrations.current_version(conn) == 7
    finally:
        engine.dispose()


def test_schema_4_removes_the_tags_the_capture_rule_would_not_store(tmp_path: Path) -> None:
    """Responses tagged by an older version, as it stored them (any tag), at a gathering
    with attendance and at one without: after the upgrade every response carries what
    `store.evaluations.record` would have kept, counted the same way; deleted responses
    too (they are in the file)."""
    from facilitator.privacy import Tags

    path = tmp_path / "old.db"
    day = date(2026, 3, 10)
    with Store(path, auto_backup=False) as store:
        net = store.networks.create("Nord", start_date=day)
        people: dict[str, list[str]] = {}
        for number, joined, roles in (("1871", day, ["kommunedirektor"] * 5 + ["ordforer"]),
                                      ("1867", day, ["kommunedirektor"] * 4),
                                      ("1866", day + timedelta(1), ["stab"] * 6)):
            member = store.members.add(net.id, number, joined_on=joined)
            people[number] = [store.members.add_participant(net.id, member.municipality_id,
                                                    f"P {i}", role).id
                              for i, role in enumerate(roles)]
        store.members.deactivate_participant(people["1871"][5])  # not registered any more
        open_g = store.gatherings.create(net.id, date=day)  # no attendance: the registered
        taken_g = store.gatherings.create(net.id, date=day + timedelta(30))
        for pid in people["1871"][:4] + people["1866"]:
            store.gatherings.set_attendance(taken_g.id, pid, True)
        store.gatherings.set_attendance(taken_g.id, people["1871"][4], False)
        andoy, bo, hadsel = (store.register.get(n).id for n in ("1871", "1867", "1866"))
        given = [(mun, role) for mun in (andoy, bo, hadsel, None)
                 for role in ("kommunedirektor", "ordforer", "stab", None)]
        ids = {}
        for g in (open_g, taken_g):
            for tags in given:
                ids[store.evaluations.record(g.id, {}).id] = (g.id, tags)
        # the rule of the day: what a response with these tags gets now
        expected = {rid: store.evaluations.group_sizes(gid).decide(*tags) for rid, (gid, tags)
                    in ids.items()}
        deleted = next(iter(ids))
        store.evaluations.delete(deleted)
    assert any(t.dropped for t in expected.values())
    assert any(t.municipality_id and t.role for t in expected.values())
    conn = sqlite3.connect(path)
    for rid, (_gid, (mun, role)) in ids.items():  # written as an older version did
        conn.execute("UPDATE evaluationresponse SET municipality_id=?, role=? WHERE id=?",
                     (mun, role, rid))
    conn.execute("UPDATE facilitator_meta SET value='3' WHERE key='schema_version'")
    conn.execute("DROP TABLE draft")  # schema 5's, made later
    for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                   " AND name LIKE 'answertally_%'").fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")  # schema 6's, made later
    conn.executescript(SCHEMA_7_UNDONE)
    conn.commit()
    conn.close()
    with Store(path, auto_backup=False) as store:
        assert store.files.schema_version() == 7
    conn = sqlite3.connect(path)
    stored = {rid: (m, r) for rid, m, r in conn.execute(
        "SELECT id, municipality_id, role FROM evaluationresponse")}
    conn.close()
    for rid, tags in expected.items():
        assert stored[rid] == (tags.municipality_id, tags.role), ids[rid]
    assert stored[deleted] == (expected[deleted].municipality_id, expected[deleted].role)
    assert Tags(andoy, "kommunedirektor") in expected.values()


def test_current_version_refuses_foreign_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
    conn.commit()
    conn.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as c, pytest.raises(LookupError):
            migrations.current_version(c)
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- models == migrations


def _reflect(path: Path) -> dict[str, dict]:
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        insp = sa.inspect(engine)
        out = {}
        for table in insp.get_table_names():
            if table == migrations.META_TABLE:
                continue
            out[table] = {
                "columns": {
                    c["name"]: (str(c["type"]), bool(c["nullable"]))
                    for c in insp.get_columns(table)
                },
                "pk": tuple(insp.get_pk_constraint(table)["constrained_columns"]),
                "fks": sorted(
                    (tuple(fk["constrained_columns"]), fk["referred_table"],
                     tuple(fk["referred_columns"]))
                    for fk in insp.get_foreign_keys(table)
                ),
                "indexes": sorted(
                    (tuple(ix["column_names"]), bool(ix["unique"]))
                    for ix in insp.get_indexes(table)
                ),
                "unique": sorted(
                    tuple(u["column_names"]) for u in insp.get_unique_constraints(table)
                ),
            }
        return out
    finally:
        engine.dispose()


def _models() -> dict[str, dict]:
    dialect = sqlite_dialect.dialect()
    out = {}
    for table in SQLModel.metadata.sorted_tables:
        out[table.name] = {
            "columns": {
                c.name: (c.type.compile(dialect=dialect), bool(c.nullable)) for c in table.columns
            },
            "pk": tuple(c.name for c in table.primary_key.columns),
            "fks": sorted(
                ((fk.parent.name,), fk.column.table.name, (fk.column.name,))
                for fk in table.foreign_keys
            ),
            "indexes": sorted(
                (tuple(c.name for c in ix.columns), bool(ix.unique)) for ix in table.indexes
            ),
            "unique": sorted(
                {
                    tuple(c.name for c in uc.columns)
                    for uc in table.constraints
                    if isinstance(uc, sa.UniqueConstraint)
                }
                | {(c.name,) for c in table.columns if c.unique}
            ),
        }
    return out


def _step_by_step(path: Path) -> Path:
    """A new database made by running every migration step (a store opening a new file
    makes it at once instead, `migrations.create_newest`)."""
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        assert migrations.upgrade(engine, target=1) == (0, 1)
        assert migrations.upgrade(engine) == (1, migrations.SCHEMA_VERSION)
    finally:
        engine.dispose()
    return path


def test_schema_from_migrations_matches_models_exactly(tmp_path: Path) -> None:
    path = _step_by_step(tmp_path / "fresh.db")
    migrated = _reflect(path)
    models = _models()
    assert sorted(migrated) == sorted(models)
    for table in models:
        m, d = models[table], migrated[table]
        assert d["columns"] == m["columns"], table
        assert list(d["columns"]) == list(m["columns"]), f"{table}: column order"
        assert d["pk"] == m["pk"], table
        assert d["fks"] == m["fks"], table
        assert d["indexes"] == m["indexes"], table
        assert sorted(d["unique"]) == sorted(m["unique"]), table


def test_drafts_are_the_local_only_table() -> None:
    """A later sync or merge finds the tables that never leave the laptop."""
    from facilitator.models import LOCAL_ONLY_TABLES, Draft

    assert LOCAL_ONLY_TABLES == {"draft", "answertally"}
    assert Draft.local_only is True
    assert "local only" in (Draft.__doc__ or "").lower()


def test_schema_check_would_catch_a_model_change(tmp_path: Path) -> None:
    """The comparison above is not vacuous: a new model column shows up as a difference."""
    path = _step_by_step(tmp_path / "fresh.db")
    migrated = _reflect(path)
    models = _models()
    models["network"]["columns"]["colour"] = ("VARCHAR", False)
    assert migrated["network"]["columns"] != models["network"]["columns"]
    models = _models()
    models["participant"]["columns"]["email"] = ("VARCHAR", False)
    assert migrated["participant"]["columns"] != models["participant"]["columns"]


def test_schema_7_names_the_home_work_tables_and_keeps_their_rows(v1_copy: Path) -> None:
    """A schema-6 file: the home work, its statuses and a draft of the home-work form
    (stored as kind "assignment" then) read back under the new names."""
    engine = sa.create_engine(f"sqlite:///{v1_copy}")
    try:
        assert migrations.upgrade(engine, target=6) == (1, 6)
        with engine.begin() as conn:
            before = conn.execute(sa.text(
                "SELECT a.id, a.title, s.municipality_id, s.status FROM homeassignment a"
                " JOIN assignmentstatus s ON s.assignment_id = a.id ORDER BY s.id")).all()
            conn.execute(sa.text(
                "INSERT INTO draft (id, created_at, updated_at, kind, snapshot) VALUES"
                " ('d1', '2026-01-01', '2026-01-01', 'assignment', '{}'),"
                " ('d2', '2026-01-01', '2026-01-01', 'note', '{}')"))
        assert migrations.upgrade(engine) == (6, 7)
        with engine.connect() as conn:
            after = conn.execute(sa.text(
                "SELECT a.id, a.title, s.municipality_id, s.status FROM homework a"
                " JOIN homeworkstatus s ON s.homework_id = a.id ORDER BY s.id")).all()
            kinds = conn.execute(sa.text("SELECT id, kind FROM draft ORDER BY id")).all()
    finally:
        engine.dispose()
    assert after == before and before
    assert kinds == [("d1", "homework"), ("d2", "note")]


def test_a_backup_from_before_schema_7_is_still_described() -> None:
    """A pre-migration backup keeps the old home-work table names; it is described as
    a new file is (what a restore would bring back)."""
    from facilitator.backups import describe_file

    info = describe_file(FIXTURE)
    assert info is not None and info.networks == 1 and info.last_change is not None


def _schema(path: Path) -> dict[str, object]:
    """Everything SQLite knows of a database's shape, and the rows the steps write: per
    table its columns, keys and indexes; the indexes' and triggers' SQL; each table's
    SQL with its clauses in order and without the quotes a rename adds; the pragmas;
    the marker rows and the municipalities (their time stamps only as a shape)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        def rows(sql: str) -> list[tuple]:
            return conn.execute(sql).fetchall()

        def table_sql(sql: str) -> tuple[str, list[str]]:
            head, _, body = sql.replace('"', "").partition("(")
            body = body.rstrip().removesuffix(")")
            return head.strip(), sorted(line.strip(" ,\n\t") for line in body.split(", \n"))

        tables = [n for (n,) in rows("SELECT name FROM sqlite_master WHERE type = 'table'"
                                     " ORDER BY name")]
        shape: dict[str, object] = {
            "objects": rows("SELECT type, name, tbl_name FROM sqlite_master ORDER BY 1, 2"),
            "sql": rows("SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
                        " ORDER BY name"),
            "pragmas": [rows(f"PRAGMA {p}") for p in
                        ("user_version", "application_id", "encoding", "auto_vacuum")],
            "meta": rows(f"SELECT * FROM {migrations.META_TABLE} ORDER BY key"),
            "municipalities": rows(
                "SELECT id, number, name, county_number, county_name, length(created_at),"
                " created_at = updated_at, typeof(created_at) FROM municipality ORDER BY id"),
        }
        for t in tables:
            (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).fetchone()
            shape[t] = {
                "sql": table_sql(sql),
                "columns": rows(f"PRAGMA table_xinfo('{t}')"),
                "fks": sorted(r[2:] for r in rows(f"PRAGMA foreign_key_list('{t}')")),
                "indexes": sorted((ix[1:], rows(f"PRAGMA index_xinfo('{ix[1]}')"))
                                  for ix in rows(f"PRAGMA index_list('{t}')")),
            }
        return shape
    finally:
        conn.close()


def test_a_new_database_is_made_at_once_exactly_as_the_steps_make_it(tmp_path: Path) -> None:
    """A store opening a new file makes the newest schema at once, without Alembic; it is
    exactly the schema (and the rows) that running every step makes, so the two can
    never drift apart."""
    import subprocess
    import sys

    fresh = tmp_path / "at once.db"
    Store(fresh, auto_backup=False).close()
    stepped = _step_by_step(tmp_path / "stepped.db")
    made, expected = _schema(fresh), _schema(stepped)
    assert made.keys() == expected.keys()
    for key in expected:
        assert made[key] == expected[key], key
    assert len(made["municipalities"]) == 357  # type: ignore[arg-type]
    assert made["meta"] == [("app", "facilitator"),
                            ("schema_version", str(migrations.SCHEMA_VERSION))]
    code = ("import sys; from facilitator.store import Store;"
            f" Store({str(tmp_path / 'other.db')!r}, auto_backup=False).close();"
            " print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).parent.parent)
    assert done.stdout.strip() == "False"


def test_a_new_database_made_at_once_keeps_its_tallies(tmp_path: Path) -> None:
    """The triggers made at once keep the answer tallies, as the steps' triggers do."""
    path = tmp_path / "fresh.db"
    with Store(path, auto_backup=False) as store:
        from facilitator.demo import create_demo

        create_demo(store, date(2026, 3, 1))
    conn = sqlite3.connect(path)
    try:
        kept = conn.execute("SELECT question_id, n, total FROM answertally"
                            " WHERE n > 0 ORDER BY question_id").fetchall()
        counted = conn.execute(
            "SELECT a.question_id, COUNT(a.score), SUM(a.score) FROM answer a"
            " JOIN evaluationresponse r ON r.id = a.response_id WHERE a.score IS NOT NULL"
            " AND a.deleted_at IS NULL AND r.deleted_at IS NULL GROUP BY a.question_id"
            " ORDER BY a.question_id").fetchall()
    finally:
        conn.close()
    assert kept == counted and kept
