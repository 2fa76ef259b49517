"""The frozen migration steps: an ordered list, never edited after release.

Each step is a function that receives Alembic `Operations` bound to a connection, so the
DDL is portable (SQLite today, PostgreSQL later). The schema version and the marker
that identifies a facilitator database live in the `facilitator_meta` table. A change
to `models.py` needs a new step here, and a test checks that a database migrated from
scratch matches the models exactly. This module is history, not code to refactor: the
measures of `tests/test_architecture.py` exempt it. What runs the steps is the
package's `__init__.py`.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa
    from alembic.operations import Operations

APP_ID = "facilitator"
META_TABLE = "facilitator_meta"

# Deterministic ids for reference data, identical on every laptop (merge-friendly).
MUNICIPALITY_NAMESPACE = uuid.UUID("6f3c1d2e-7a4b-4e55-9a51-0c3f8e1b2a90")


def municipality_id(number: str) -> str:
    return uuid.uuid5(MUNICIPALITY_NAMESPACE, f"kommune:{number}").hex


def _record_columns() -> list[sa.Column]:
    import sqlalchemy as sa

    return [
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    ]


def _meta_columns() -> list[sa.Column]:
    import sqlalchemy as sa

    return [
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    ]


def _v1_initial(op: Operations) -> None:
    """Schema 1: the whole data model of the first release, and the municipalities."""
    import sqlalchemy as sa

    op.create_table(META_TABLE, *_meta_columns())
    op.create_table(
        "municipality",
        *_record_columns(),
        sa.Column("number", sa.String(4), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("county_number", sa.String(2), nullable=False),
        sa.Column("county_name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_table(
        "network",
        *_record_columns(),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("county", sa.String(), nullable=False),
        sa.Column("advisers", sa.String(), nullable=False),
        sa.Column("contact_emails", sa.String(), nullable=False),
        sa.Column("summary_language", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_network_name"), "network", ["name"], unique=False)
    op.create_table(
        "evaluationquestion",
        *_record_columns(),
        sa.Column("network_id", sa.String(), nullable=False),
        sa.Column("text_nb", sa.String(), nullable=False),
        sa.Column("text_en", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_evaluationquestion_network_id"), "evaluationquestion", ["network_id"], unique=False
    )
    op.create_table(
        "gathering",
        *_record_columns(),
        sa.Column("network_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_gathering_network_id"), "gathering", ["network_id"], unique=False)
    op.create_table(
        "membership",
        *_record_columns(),
        sa.Column("network_id", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=False),
        sa.Column("cohort", sa.String(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_membership_municipality_id"), "membership", ["municipality_id"], unique=False
    )
    op.create_index(op.f("ix_membership_network_id"), "membership", ["network_id"], unique=False)
    op.create_table(
        "municipalitymeeting",
        *_record_columns(),
        sa.Column("network_id", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("press_present", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("decisions", sa.String(), nullable=False),
        sa.Column("follow_ups", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_municipalitymeeting_municipality_id"),
        "municipalitymeeting",
        ["municipality_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_municipalitymeeting_network_id"),
        "municipalitymeeting",
        ["network_id"],
        unique=False,
    )
    op.create_table(
        "participant",
        *_record_columns(),
        sa.Column("network_id", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_participant_municipality_id"), "participant", ["municipality_id"], unique=False
    )
    op.create_index(op.f("ix_participant_network_id"), "participant", ["network_id"], unique=False)
    op.create_table(
        "theme",
        *_record_columns(),
        sa.Column("network_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_theme_network_id"), "theme", ["network_id"], unique=False)
    op.create_table(
        "attendance",
        *_record_columns(),
        sa.Column("gathering_id", sa.String(), nullable=False),
        sa.Column("participant_id", sa.String(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["gathering_id"],
            ["gathering.id"],
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_attendance_gathering_id"), "attendance", ["gathering_id"], unique=False
    )
    op.create_index(
        op.f("ix_attendance_participant_id"), "attendance", ["participant_id"], unique=False
    )
    op.create_table(
        "evaluationresponse",
        *_record_columns(),
        sa.Column("gathering_id", sa.String(), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=True),
        sa.Column("role", sa.String(), nullable=True),
        sa.Column("import_key", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["gathering_id"],
            ["gathering.id"],
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_evaluationresponse_gathering_id"),
        "evaluationresponse",
        ["gathering_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_evaluationresponse_import_key"), "evaluationresponse", ["import_key"], unique=False
    )
    op.create_table(
        "gatheringquestion",
        *_record_columns(),
        sa.Column("gathering_id", sa.String(), nullable=False),
        sa.Column("source_question_id", sa.String(), nullable=True),
        sa.Column("text_nb", sa.String(), nullable=False),
        sa.Column("text_en", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["gathering_id"],
            ["gathering.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_question_id"],
            ["evaluationquestion.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_gatheringquestion_gathering_id"),
        "gatheringquestion",
        ["gathering_id"],
        unique=False,
    )
    op.create_table(
        "gatheringtheme",
        *_record_columns(),
        sa.Column("gathering_id", sa.String(), nullable=False),
        sa.Column("theme_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["gathering_id"],
            ["gathering.id"],
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_gatheringtheme_gathering_id"), "gatheringtheme", ["gathering_id"], unique=False
    )
    op.create_index(
        op.f("ix_gatheringtheme_theme_id"), "gatheringtheme", ["theme_id"], unique=False
    )
    op.create_table(
        "homeassignment",
        *_record_columns(),
        sa.Column("network_id", sa.String(), nullable=False),
        sa.Column("gathering_id", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["gathering_id"],
            ["gathering.id"],
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_homeassignment_gathering_id"), "homeassignment", ["gathering_id"], unique=False
    )
    op.create_index(
        op.f("ix_homeassignment_network_id"), "homeassignment", ["network_id"], unique=False
    )
    op.create_table(
        "meetingattendance",
        *_record_columns(),
        sa.Column("meeting_id", sa.String(), nullable=False),
        sa.Column("participant_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["municipalitymeeting.id"],
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_meetingattendance_meeting_id"), "meetingattendance", ["meeting_id"], unique=False
    )
    op.create_index(
        op.f("ix_meetingattendance_participant_id"),
        "meetingattendance",
        ["participant_id"],
        unique=False,
    )
    op.create_table(
        "meetingheadcount",
        *_record_columns(),
        sa.Column("meeting_id", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["municipalitymeeting.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_meetingheadcount_meeting_id"), "meetingheadcount", ["meeting_id"], unique=False
    )
    op.create_table(
        "meetingtheme",
        *_record_columns(),
        sa.Column("meeting_id", sa.String(), nullable=False),
        sa.Column("theme_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["municipalitymeeting.id"],
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["theme.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_meetingtheme_meeting_id"), "meetingtheme", ["meeting_id"], unique=False
    )
    op.create_index(op.f("ix_meetingtheme_theme_id"), "meetingtheme", ["theme_id"], unique=False)
    op.create_table(
        "answer",
        *_record_columns(),
        sa.Column("response_id", sa.String(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(), nullable=True),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["gatheringquestion.id"],
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["evaluationresponse.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_answer_question_id"), "answer", ["question_id"], unique=False)
    op.create_index(op.f("ix_answer_response_id"), "answer", ["response_id"], unique=False)
    op.create_table(
        "assignmentstatus",
        *_record_columns(),
        sa.Column("assignment_id", sa.String(), nullable=False),
        sa.Column("municipality_id", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["homeassignment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_assignmentstatus_assignment_id"),
        "assignmentstatus",
        ["assignment_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_assignmentstatus_municipality_id"),
        "assignmentstatus",
        ["municipality_id"],
        unique=False,
    )

    op.bulk_insert(_municipality_table(), _municipality_rows())


def _municipality_table() -> sa.TableClause:
    import sqlalchemy as sa

    return sa.table("municipality", sa.column("id"), sa.column("created_at"),
                    sa.column("updated_at"), sa.column("number"), sa.column("name"),
                    sa.column("county_number"), sa.column("county_name"))


def _municipality_rows() -> list[dict[str, object]]:
    """The shipped municipalities as rows of the `municipality` table (schema 1)."""
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    return [
        {
            "id": municipality_id(r["municipality_number"]),
            "created_at": now,
            "updated_at": now,
            "number": r["municipality_number"],
            "name": r["name"],
            "county_number": r["county_number"],
            "county_name": r["county_name"],
        }
        for r in read_municipalities()
    ]


def _v2_settings(op: Operations) -> None:
    """Schema 2: application settings stored in the database (interface language …)."""
    import sqlalchemy as sa

    op.create_table(
        "setting",
        *_record_columns(),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )


def _v3_answer_tally(op: Operations) -> None:
    """Schema 3: per-question score tallies, filled from the answers already stored."""
    import sqlalchemy as sa

    op.create_table(
        "answertally",
        *_record_columns(),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["gatheringquestion.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("question_id"),
    )
    rows = op.get_bind().execute(sa.text(
        "SELECT a.question_id, COUNT(a.score), COALESCE(SUM(a.score), 0) FROM answer a"
        " JOIN evaluationresponse r ON r.id = a.response_id"
        " WHERE a.score IS NOT NULL AND a.deleted_at IS NULL AND r.deleted_at IS NULL"
        " GROUP BY a.question_id"
    )).all()
    if rows:
        from datetime import UTC, datetime

        now = datetime.now(UTC)
        table = sa.table("answertally", sa.column("id"), sa.column("created_at"),
                         sa.column("updated_at"), sa.column("question_id"), sa.column("n"),
                         sa.column("total"))
        op.bulk_insert(table, [
            {"id": uuid.uuid4().hex, "created_at": now, "updated_at": now,
             "question_id": qid, "n": n, "total": total}
            for qid, n, total in rows
        ])


def _v4_small_group_tags(op: Operations) -> None:
    """Schema 4 (data only): the evaluation tags that name fewer than 5 people go.

    Before this version a response kept any municipality and role it was given, so in a
    small network nearly every tagged response named its giver to anyone with the
    file. This step applies the capture rule of `facilitator.privacy.kept_tags` to the
    responses already stored, each against the group sizes at its gathering, counted
    as the store counts them (`storage.evaluations._group_sizes`): present people; where attendance
    was not taken, the active registered participants of the municipalities that were
    members on the gathering's date. The tags are overwritten in place (secure_delete
    zeroes the old bytes); backups made before the upgrade still hold them.
    """
    from datetime import UTC, date, datetime

    import sqlalchemy as sa

    from facilitator.privacy import GroupSizes

    conn = op.get_bind()
    tagged = conn.execute(sa.text(
        "SELECT r.id, r.gathering_id, r.municipality_id, r.role FROM evaluationresponse r"  # deleted ones too: they are in the file
        " WHERE r.municipality_id IS NOT NULL OR r.role IS NOT NULL"
    )).all()
    by_gathering: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for rid, gid, mun, role in tagged:
        by_gathering.setdefault(gid, []).append((rid, mun, role))
    now = datetime.now(UTC)
    update = sa.text(
        "UPDATE evaluationresponse SET municipality_id = :mun, role = :role,"
        " updated_at = :now WHERE id = :rid",
    ).bindparams(sa.bindparam("now", type_=sa.DateTime(timezone=True)))
    for gid, responses in by_gathering.items():
        gathering = conn.execute(sa.text(
            "SELECT network_id, date FROM gathering WHERE id = :gid"), {"gid": gid}).first()
        if gathering is None:
            continue
        network_id, day = gathering[0], date.fromisoformat(str(gathering[1])[:10])
        taken = conn.execute(sa.text(
            "SELECT 1 FROM attendance WHERE gathering_id = :gid AND deleted_at IS NULL"
            " LIMIT 1"), {"gid": gid}).first() is not None
        if taken:
            rows = conn.execute(sa.text(
                "SELECT p.municipality_id, p.role, COUNT(*) FROM attendance a"
                " JOIN participant p ON p.id = a.participant_id"
                " WHERE a.gathering_id = :gid AND a.present AND a.deleted_at IS NULL"
                " GROUP BY p.municipality_id, p.role"), {"gid": gid}).all()
        else:
            members = set()
            for mid, joined, left in conn.execute(sa.text(
                    "SELECT municipality_id, joined_on, left_on FROM membership"
                    " WHERE network_id = :nid AND deleted_at IS NULL"), {"nid": network_id}):
                if ((joined is None or date.fromisoformat(str(joined)[:10]) <= day)
                        and (left is None or date.fromisoformat(str(left)[:10]) >= day)):
                    members.add(mid)
            rows = [row for row in conn.execute(sa.text(
                "SELECT municipality_id, role, COUNT(*) FROM participant"
                " WHERE network_id = :nid AND deleted_at IS NULL AND active"
                " GROUP BY municipality_id, role"), {"nid": network_id}) if row[0] in members]
        sizes = GroupSizes.from_pairs({(m, r): n for m, r, n in rows}, attendance_taken=taken)
        for rid, mun, role in responses:
            tags = sizes.decide(mun, role)
            if tags.dropped:
                conn.execute(update, {"mun": tags.municipality_id, "role": tags.role,
                                      "now": now, "rid": rid})


def _v5_drafts(op: Operations) -> None:
    """Schema 5: drafts of forms being typed (local to this laptop, see models.Draft)."""
    import sqlalchemy as sa

    op.create_table(
        "draft",
        *_record_columns(),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("record_id", sa.String(), nullable=True),
        sa.Column("network_id", sa.String(), nullable=True),
        sa.Column("snapshot", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


# The answer tallies (schema 3) kept by the database itself: every write of an answer or
# a response, by this app or by anything else, keeps them equal to the rows. Only live
# answers of live responses with a score count, as a recomputation counts them.
_TALLY_ADD = """
INSERT INTO answertally (id, created_at, updated_at, question_id, n, total)
VALUES (lower(hex(randomblob(16))), strftime('%Y-%m-%d %H:%M:%f', 'now'),
        strftime('%Y-%m-%d %H:%M:%f', 'now'), {qid}, {n}, {total})
ON CONFLICT (question_id) DO UPDATE SET n = n + excluded.n, total = total + excluded.total,
    updated_at = excluded.updated_at;"""
_TALLY_TRIGGERS = {
    "answertally_answer_added": f"""
CREATE TRIGGER answertally_answer_added AFTER INSERT ON answer
WHEN NEW.score IS NOT NULL AND NEW.deleted_at IS NULL AND EXISTS (
    SELECT 1 FROM evaluationresponse r WHERE r.id = NEW.response_id AND r.deleted_at IS NULL)
BEGIN{_TALLY_ADD.format(qid="NEW.question_id", n="1", total="NEW.score")}
END""",
    "answertally_answer_removed": f"""
CREATE TRIGGER answertally_answer_removed AFTER UPDATE OF deleted_at ON answer
WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL AND OLD.score IS NOT NULL
    AND EXISTS (SELECT 1 FROM evaluationresponse r
                WHERE r.id = OLD.response_id AND r.deleted_at IS NULL)
BEGIN{_TALLY_ADD.format(qid="OLD.question_id", n="-1", total="-OLD.score")}
END""",
    "answertally_answer_erased": f"""
CREATE TRIGGER answertally_answer_erased AFTER DELETE ON answer
WHEN OLD.deleted_at IS NULL AND OLD.score IS NOT NULL AND EXISTS (
    SELECT 1 FROM evaluationresponse r WHERE r.id = OLD.response_id AND r.deleted_at IS NULL)
BEGIN{_TALLY_ADD.format(qid="OLD.question_id", n="-1", total="-OLD.score")}
END""",
    "answertally_response_removed": """
CREATE TRIGGER answertally_response_removed AFTER UPDATE OF deleted_at ON evaluationresponse
WHEN OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL
BEGIN
    UPDATE answertally SET
        n = n - (SELECT COUNT(a.score) FROM answer a WHERE a.response_id = OLD.id
                 AND a.question_id = answertally.question_id AND a.deleted_at IS NULL),
        total = total - (SELECT COALESCE(SUM(a.score), 0) FROM answer a
                         WHERE a.response_id = OLD.id AND a.deleted_at IS NULL
                         AND a.question_id = answertally.question_id)
    WHERE question_id IN (SELECT question_id FROM answer WHERE response_id = OLD.id
                          AND deleted_at IS NULL AND score IS NOT NULL);
END""",
}


def _v6_tallies_by_triggers(op: Operations) -> None:
    """Schema 6: the answer tallies are kept by triggers, not by the app's code, and
    rebuilt from the answers once (derived data is never written by hand)."""
    import sqlalchemy as sa

    conn = op.get_bind()
    if conn.dialect.name != "sqlite":  # pragma: no cover - the team database comes later
        raise NotImplementedError("answer tallies are kept by SQLite triggers only")
    conn.execute(sa.text("DELETE FROM answertally"))
    conn.execute(sa.text(
        "INSERT INTO answertally (id, created_at, updated_at, question_id, n, total)"
        " SELECT lower(hex(randomblob(16))), strftime('%Y-%m-%d %H:%M:%f', 'now'),"
        " strftime('%Y-%m-%d %H:%M:%f', 'now'), a.question_id, COUNT(a.score),"
        " COALESCE(SUM(a.score), 0) FROM answer a"
        " JOIN evaluationresponse r ON r.id = a.response_id"
        " WHERE a.score IS NOT NULL AND a.deleted_at IS NULL AND r.deleted_at IS NULL"
        " GROUP BY a.question_id"))
    for sql in _TALLY_TRIGGERS.values():
        conn.execute(sa.text(sql))


def _v7_home_work(op: Operations) -> None:
    """Schema 7: one word per concept, "home work": the tables `homeassignment` and
    `assignmentstatus` become `homework` and `homeworkstatus`, the column `assignment_id`
    becomes `homework_id`, their indexes are named after them, and the drafts of the
    home-work form (kind "assignment") are of kind "homework". The rows stay as they are.
    """
    import sqlalchemy as sa

    op.drop_index("ix_homeassignment_gathering_id", table_name="homeassignment")
    op.drop_index("ix_homeassignment_network_id", table_name="homeassignment")
    op.drop_index("ix_assignmentstatus_assignment_id", table_name="assignmentstatus")
    op.drop_index("ix_assignmentstatus_municipality_id", table_name="assignmentstatus")
    # A renamed table keeps its rows; the foreign key of the status table follows it.
    op.rename_table("homeassignment", "homework")
    op.rename_table("assignmentstatus", "homeworkstatus")
    op.alter_column("homeworkstatus", "assignment_id", new_column_name="homework_id")
    op.create_index(op.f("ix_homework_gathering_id"), "homework", ["gathering_id"])
    op.create_index(op.f("ix_homework_network_id"), "homework", ["network_id"])
    op.create_index(op.f("ix_homeworkstatus_homework_id"), "homeworkstatus", ["homework_id"])
    op.create_index(op.f("ix_homeworkstatus_municipality_id"), "homeworkstatus",
                    ["municipality_id"])
    op.get_bind().execute(sa.text("UPDATE draft SET kind = 'homework' WHERE kind = 'assignment'"))


MIGRATIONS: list[tuple[int, str, Callable[[Operations], None]]] = [
    (1, "initial schema and municipalities", _v1_initial),
    (2, "settings table", _v2_settings),
    (3, "answer tallies", _v3_answer_tally),
    (4, "evaluation tags that name fewer than 5 people removed", _v4_small_group_tags),
    (5, "drafts", _v5_drafts),
    (6, "answer tallies kept by triggers", _v6_tallies_by_triggers),
    (7, "home work named so in the schema", _v7_home_work),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def read_municipalities() -> list[dict[str, str]]:
    """The 357 municipalities shipped in the package (SSB classification 131, 2026)."""
    text = resources.files("facilitator.data").joinpath("municipalities.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))
