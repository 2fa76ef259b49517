"""Every public Store method on a real SQLite file, checking the rows on disk after each call.

Rows are read back with a separate raw sqlite3 connection, so an assertion passes only
when the change was committed (WAL included), not merely held in a session.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from facilitator.errors import StorageError, StoreError, ValidationError
from facilitator.migrations.steps import municipality_id
from facilitator.storage.networks import DEFAULT_QUESTIONS
from facilitator.store import Store

MALSELV = municipality_id("5524")
OKSNES = municipality_id("1868")
BO = municipality_id("1867")
HADSEL = municipality_id("1866")
OSLO = municipality_id("0301")

D = date(2026, 3, 10)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty database, built once and copied per test (keeps the file fast)."""
    path = tmp_path_factory.mktemp("store-template") / "template.db"
    s = Store(path, auto_backup=False)
    s.files.checkpoint()
    s.close()
    return path


@pytest.fixture
def store(_empty_template: Path, db_path: Path):
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_empty_template, db_path)
    s = Store(db_path, auto_backup=False)
    yield s
    s.close()


def q(store: Store, sql: str, *params: object) -> list[tuple]:
    """Rows read with an independent connection: what is really in the file."""
    conn = sqlite3.connect(str(store.path))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def one(store: Store, sql: str, *params: object):
    rows = q(store, sql, *params)
    assert len(rows) == 1, rows
    return rows[0] if len(rows[0]) > 1 else rows[0][0]


@pytest.fixture
def net(store: Store):
    return store.networks.create("Nettverk Nord", start_date=D, county="Nordland")


@pytest.fixture
def members(store: Store, net):
    """Målselv, Øksnes and Bø in the network."""
    return [store.members.add(net.id, n, cohort="Pulje I") for n in ("5524", "1868", "1867")]


# --------------------------------------------------------------------------- networks


def test_create_network_writes_row_and_default_questions(store: Store) -> None:
    n = store.networks.create(
        "  ROBEK Nord  ", description="Pilot", start_date=D, end_date=D + timedelta(days=300),
        county="Nordland", advisers="Kari", contact_emails="a@example.no; b@example.no",
        summary_language="nn",
    )
    assert one(store, "SELECT name, description, county, advisers, contact_emails, "
               "summary_language, start_date, deleted_at FROM network WHERE id=?", n.id) == (
        "ROBEK Nord", "Pilot", "Nordland", "Kari", "a@example.no, b@example.no", "nn",
        "2026-03-10", None)
    qs = q(store, "SELECT text_nb, text_en, kind, position, retired_at FROM evaluationquestion "
           "WHERE network_id=? ORDER BY position", n.id)
    assert len(qs) == 4
    assert [(r[0], r[1], r[2], r[3]) for r in qs] == [
        (nb, en, kind.value, pos) for pos, (nb, en, kind) in enumerate(DEFAULT_QUESTIONS, 1)]
    assert [r[2] for r in qs] == ["yes_no", "scale", "scale", "text"]
    assert all(r[4] is None for r in qs)


def test_create_network_without_default_questions(store: Store) -> None:
    n = store.networks.create("Tomt", with_default_questions=False)
    assert one(store, "SELECT count(*) FROM evaluationquestion WHERE network_id=?", n.id) == 0


def test_network_name_required_and_unique(store: Store, net) -> None:
    with pytest.raises(ValidationError) as e:
        store.networks.create("nettverk nord")  # same name, other case
    assert e.value.field == "name" and e.value.key == "err.duplicate_network"
    assert "nettverk nord" in e.value.message()
    with pytest.raises(ValidationError) as e:
        store.networks.create("   ")
    assert e.value.field == "name" and e.value.key == "err.required"
    assert one(store, "SELECT count(*) FROM network") == 1


def test_network_bad_input_refused(store: Store) -> None:
    with pytest.raises(ValidationError) as e:
        store.networks.create("X", start_date=D, end_date=D - timedelta(days=1))
    assert e.value.key == "err.end_before_start"
    with pytest.raises(ValidationError) as e:
        store.networks.create("X", contact_emails="ikke-en-adresse")
    assert e.value.field == "contact_emails" and e.value.key == "err.bad_email"
    assert one(store, "SELECT count(*) FROM network") == 0


def test_update_network(store: Store, net) -> None:
    other = store.networks.create("Sør")
    updated = store.networks.update(net.id, name="Nettverk Nord II", advisers="Per, Kari",
                                   contact_emails="x@example.no", summary_language="en")
    assert updated.name == "Nettverk Nord II"
    assert one(store, "SELECT name, advisers, contact_emails, summary_language FROM network "
               "WHERE id=?", net.id) == ("Nettverk Nord II", "Per, Kari", "x@example.no", "en")
    assert one(store, "SELECT updated_at > created_at FROM network WHERE id=?", net.id) == 1
    with pytest.raises(ValidationError) as e:
        store.networks.update(other.id, name="NETTVERK NORD II")
    assert e.value.field == "name"
    with pytest.raises(ValidationError):
        store.networks.update(net.id, end_date=D - timedelta(days=1))  # before start_date
    assert one(store, "SELECT end_date FROM network WHERE id=?", net.id) is None
    with pytest.raises(TypeError):
        store.networks.update(net.id, colour="red")


def test_delete_network_is_soft(store: Store, net) -> None:
    assert store.networks.is_empty() is False
    store.networks.delete(net.id)
    assert one(store, "SELECT deleted_at IS NOT NULL FROM network WHERE id=?", net.id) == 1
    assert store.networks.list() == []
    assert store.networks.find("Nettverk Nord") is None
    with pytest.raises(StoreError) as e:
        store.networks.get(net.id)
    assert e.value.key == "err.not_found"
    assert store.networks.is_empty() is False  # deleted networks still count
    # the name is free again
    again = store.networks.create("Nettverk Nord")
    assert again.id != net.id


def test_find_list_get_is_empty(store: Store) -> None:
    assert store.networks.is_empty() is True
    assert store.networks.list() == []
    store.networks.create("Østlandet")
    store.networks.create("Agder")
    store.networks.create("Åsen")
    store.networks.create("Zeta")
    assert [n.name for n in store.networks.list()] == ["Agder", "Zeta", "Østlandet", "Åsen"]
    found = store.networks.find("  agder ")
    assert found is not None and found.name == "Agder"
    assert store.networks.get(found.id).name == "Agder"
    assert store.networks.find("Agd") is None
    assert store.networks.is_empty() is False


def test_network_rows(store: Store, net, members) -> None:
    today = date(2026, 11, 22)
    g0 = store.gatherings.create(net.id, date=today - timedelta(days=90))
    g1 = store.gatherings.create(net.id, date=today - timedelta(days=30))
    g2 = store.gatherings.create(net.id, date=today + timedelta(days=20))
    # the current cycle's home work is what was given at the latest held gathering
    a = store.homework.give(net.id, g1.id, "Kartlegging")  # due g2
    store.homework.give(net.id, g1.id, "Frist passert", due_date=today - timedelta(days=1))
    old = store.homework.give(net.id, g0.id, "Forrige periode")
    store.homework.set_status(old.id, BO, "delivered")
    store.homework.set_status(a.id, MALSELV, "delivered")
    store.homework.set_status(a.id, OKSNES, "reviewed")
    store.homework.set_status(a.id, BO, "in_progress")
    qs = store.questions.freeze(g1.id)
    scale = next(x for x in qs if x.kind == "scale")
    store.evaluations.record(g1.id, {scale.id: 5})
    store.evaluations.record(g1.id, {scale.id: 4})
    store.networks.create("Annet nettverk")
    rows = store.networks.rows(today)
    assert [r.name for r in rows] == ["Annet nettverk", "Nettverk Nord"]
    r = rows[1]
    assert r.id == net.id
    assert r.municipalities == 3
    assert (r.next_gathering, r.next_seq) == (g2.date, 3)
    assert r.open_homework == 2
    assert (r.delivered, r.expected) == (2, 6)
    assert (r.latest_seq, r.latest_score, r.latest_n) == (2, 4.5, 2)
    # on the day of a gathering it is the held one, and the next is the one after
    r = next(x for x in store.networks.rows(g2.date) if x.id == net.id)
    assert r.next_gathering is None and r.open_homework == 0
    # the first screen's fast path computes the same rows
    from facilitator.storage.first_screen import quick_network_rows
    store.files.checkpoint()
    assert quick_network_rows(store.path, today) == store.networks.rows(today)
    empty = rows[0]
    assert (empty.municipalities, empty.next_gathering, empty.latest_score) == (0, None, None)


def test_overview(store: Store, net, members) -> None:
    today = date(2026, 11, 22)
    g1 = store.gatherings.create(net.id, date=today - timedelta(days=40), title="En")
    g2 = store.gatherings.create(net.id, date=today - timedelta(days=10), title="To")
    g3 = store.gatherings.create(net.id, date=today + timedelta(days=30), title="Tre")
    a = store.homework.give(net.id, g2.id, "Plan")
    store.homework.set_status(a.id, BO, "delivered")
    store.meetings.log(net.id, MALSELV, date=today - timedelta(days=20))  # before g2
    store.meetings.log(net.id, MALSELV, date=today - timedelta(days=2))
    ov = store.networks.overview(net.id, today)
    assert ov.name == "Nettverk Nord" and ov.gatherings == 3
    assert ov.last is not None and ov.last.id == g2.id and ov.last.title == "To"
    assert ov.next is not None and ov.next.id == g3.id
    assert [name for _id, name in ov.members] == ["Bø", "Målselv", "Øksnes"]
    assert ov.homework == [(a.id, "Plan", g3.date)]
    assert ov.statuses == {(a.id, BO): "delivered"}
    assert ov.meetings == {MALSELV: [today - timedelta(days=2)]}
    assert [seq for seq, _ in ov.trend] == [1, 2]
    assert g1.id != g2.id


# --------------------------------------------------------------------------- municipalities


def test_list_and_get_municipalities(store: Store) -> None:
    everything = store.register.list()
    assert len(everything) == 357
    names = [m.name for m in everything]
    assert names.index("Vestnes") < names.index("Ørsta") < names.index("Ål")
    assert store.register.get("5524").name == "Målselv"
    assert store.register.get(MALSELV).number == "5524"
    with pytest.raises(ValidationError) as e:
        store.register.get("9999")
    assert e.value.field == "municipality" and e.value.key == "err.unknown_municipality"


def test_search_municipalities(store: Store) -> None:
    assert store.register.search("okses")[0].name == "Øksnes"
    assert [m.name for m in store.register.search("5524")] == ["Målselv"]
    bo = [m.name for m in store.register.search("bo")]
    assert "Bø" in bo and "Bodø" in bo
    assert store.register.search("MÅLSELV")[0].number == "5524"
    assert store.register.search("malselv")[0].number == "5524"
    assert store.register.search("xqzw") == []
    assert len(store.register.search("a", limit=5)) == 5


# --------------------------------------------------------------------------- members


def test_add_member_by_number(store: Store, net) -> None:
    m = store.members.add(net.id, "5524", cohort=" Pulje I ", joined_on=D)
    assert m.municipality_id == MALSELV
    assert one(store, "SELECT network_id, municipality_id, cohort, joined_on, deleted_at "
               "FROM membership WHERE id=?", m.id) == (net.id, MALSELV, "Pulje I", "2026-03-10",
                                                        None)
    listed = store.members.list(net.id)
    assert [(x.number, x.name, x.county, x.cohort, x.participants) for x in listed] == [
        ("5524", "Målselv", "Troms", "Pulje I", 0)]


def test_duplicate_member_refused(store: Store, net, members) -> None:
    with pytest.raises(ValidationError) as e:
        store.members.add(net.id, "5524")
    assert e.value.field == "municipality" and e.value.key == "err.duplicate_member"
    assert "Målselv" in e.value.message()
    with pytest.raises(ValidationError) as e:
        store.members.add(net.id, "0000")
    assert e.value.key == "err.unknown_municipality"
    assert one(store, "SELECT count(*) FROM membership WHERE network_id=?", net.id) == 3


def test_update_member_cohort(store: Store, net, members) -> None:
    m = members[0]
    store.members.update(m.id, cohort=" Pulje II ", joined_on=D)
    assert one(store, "SELECT cohort, joined_on FROM membership WHERE id=?", m.id) == (
        "Pulje II", "2026-03-10")
    with pytest.raises(ValidationError) as e:
        store.members.update(m.id, left_on=D - timedelta(days=1))
    assert e.value.field == "left_on"
    assert one(store, "SELECT left_on FROM membership WHERE id=?", m.id) is None
    with pytest.raises(TypeError):
        store.members.update(m.id, name="x")


def test_remove_member(store: Store, net, members) -> None:
    store.members.remove(members[1].id)
    assert one(store, "SELECT deleted_at IS NOT NULL FROM membership WHERE id=?",
               members[1].id) == 1
    assert [m.name for m in store.members.list(net.id)] == ["Bø", "Målselv"]
    # may join again
    again = store.members.add(net.id, "1868")
    assert again.id != members[1].id
    with pytest.raises(StoreError):
        store.members.remove(members[1].id)  # already removed


# --------------------------------------------------------------------------- participants


def test_add_participant(store: Store, net, members) -> None:
    p = store.members.add_participant(net.id, MALSELV, " Anne Hansen ", "ordforer", " anne@example.no ")
    assert one(store, "SELECT network_id, municipality_id, name, role, email, active "
               "FROM participant WHERE id=?", p.id) == (
        net.id, MALSELV, "Anne Hansen", "ordforer", "anne@example.no", 1)
    people = store.members.participants(net.id)
    assert [(x.name, x.municipality, x.role, x.email, x.active) for x in people] == [
        ("Anne Hansen", "Målselv", "ordforer", "anne@example.no", True)]
    assert {m.name: m.participants for m in store.members.list(net.id)} == {
        "Bø": 0, "Målselv": 1, "Øksnes": 0}


def test_participant_bad_input(store: Store, net, members) -> None:
    with pytest.raises(ValidationError) as e:
        store.members.add_participant(net.id, MALSELV, "Anne", email="anne(at)example")
    assert e.value.field == "email" and e.value.key == "err.bad_email"
    with pytest.raises(ValidationError) as e:
        store.members.add_participant(net.id, MALSELV, "  ")
    assert e.value.field == "name"
    with pytest.raises(ValidationError) as e:
        store.members.add_participant(net.id, OSLO, "Ola")
    assert e.value.key == "err.not_member"
    assert one(store, "SELECT count(*) FROM participant") == 0


def test_update_move_deactivate_participant(store: Store, net, members) -> None:
    p = store.members.add_participant(net.id, MALSELV, "Anne", "stab")
    store.members.update_participant(p.id, name="Anne B. Hansen", role="okonomisjef",
                             email="ab@example.no")
    assert one(store, "SELECT name, role, email FROM participant WHERE id=?", p.id) == (
        "Anne B. Hansen", "okonomisjef", "ab@example.no")
    with pytest.raises(ValidationError) as e:
        store.members.update_participant(p.id, email="nope")
    assert e.value.field == "email"
    store.members.move_participant(p.id, OKSNES)
    assert one(store, "SELECT municipality_id FROM participant WHERE id=?", p.id) == OKSNES
    with pytest.raises(ValidationError) as e:
        store.members.move_participant(p.id, OSLO)  # not a member
    assert e.value.key == "err.not_member"
    assert one(store, "SELECT municipality_id FROM participant WHERE id=?", p.id) == OKSNES
    store.members.deactivate_participant(p.id)
    assert one(store, "SELECT active FROM participant WHERE id=?", p.id) == 0
    assert store.members.participants(net.id, include_inactive=False) == []
    assert len(store.members.participants(net.id)) == 1
    store.members.deactivate_participant(p.id, active=True)
    assert one(store, "SELECT active FROM participant WHERE id=?", p.id) == 1


def test_erase_participant_leaves_no_trace_in_any_file(store: Store, net, members) -> None:
    name, email = "Zacharias Ærlendsøn-Quist", "zacharias.quist@example.no"
    p = store.members.add_participant(net.id, MALSELV, name, "ordforer", email)
    other = store.members.add_participant(net.id, MALSELV, "Bjørn Berg", "stab")
    g = store.gatherings.create(net.id, date=D)
    store.gatherings.set_attendance(g.id, p.id, True)
    store.gatherings.set_attendance(g.id, other.id, True)
    # more writes so that pages holding the name are in the WAL and in the main file
    for i in range(30):
        store.gatherings.add_theme(net.id, f"Tema {i} " + "x" * 190)  # a theme takes 200
    store.files.checkpoint()
    store.members.update_participant(p.id, role="ordforer")
    before = store.gatherings.attendance_counts(g.id)
    assert sum(c.count for c in before) == 2
    everywhere = b"".join(f.read_bytes() for f in store.path.parent.rglob("*") if f.is_file())
    assert name.encode() in everywhere and email.encode() in everywhere  # the test can fail

    store.members.erase_participant(p.id)

    folder = store.path.parent
    files = [f for f in folder.rglob("*") if f.is_file()]
    assert store.path in files
    for f in files:
        data = f.read_bytes()
        for secret in (name, email, "Zacharias", "zacharias.quist"):
            assert secret.encode("utf-8") not in data, f"{secret!r} still in {f.name}"
    assert one(store, "SELECT name, email, active, erased_at IS NOT NULL, deleted_at IS NOT NULL "
               "FROM participant WHERE id=?", p.id) == ("", None, 0, 1, 1)
    after = store.gatherings.attendance_counts(g.id)
    assert [(c.municipality, c.role, c.count) for c in after] == [
        ("Målselv", "ordforer", 1), ("Målselv", "stab", 1)]
    assert [x.name for x in store.members.participants(net.id)] == ["Bjørn Berg"]
    assert {m.name: m.participants for m in store.members.list(net.id)} == {
        "Bø": 0, "Målselv": 1, "Øksnes": 0}


# --------------------------------------------------------------------------- themes


def test_themes(store: Store, net) -> None:
    a = store.gatherings.add_theme(net.id, " Sykefravær ")
    b = store.gatherings.add_theme(net.id, "Omdømme")
    same = store.gatherings.add_theme(net.id, "sykefravær")
    assert same.id == a.id
    assert one(store, "SELECT count(*) FROM theme WHERE network_id=?", net.id) == 2
    assert [t.name for t in store.gatherings.themes(net.id)] == ["Omdømme", "Sykefravær"]
    store.gatherings.rename_theme(b.id, "Åpenhet")
    assert one(store, "SELECT name FROM theme WHERE id=?", b.id) == "Åpenhet"
    assert [t.name for t in store.gatherings.themes(net.id)] == ["Sykefravær", "Åpenhet"]
    with pytest.raises(ValidationError):
        store.gatherings.rename_theme(b.id, " ")
    store.gatherings.delete_theme(a.id)
    assert one(store, "SELECT deleted_at IS NOT NULL FROM theme WHERE id=?", a.id) == 1
    assert [t.name for t in store.gatherings.themes(net.id)] == ["Åpenhet"]


# --------------------------------------------------------------------------- gatherings


def test_gatherings_seq_and_validation(store: Store, net) -> None:
    g1 = store.gatherings.create(net.id, date=D, title=" Oppstart ", kind="oppstart",
                                place=" Bodø ", end_date=D + timedelta(days=1))
    g2 = store.gatherings.create(net.id, date=D + timedelta(days=60))
    g5 = store.gatherings.create(net.id, date=D + timedelta(days=90), seq=5)
    g6 = store.gatherings.create(net.id, date=D + timedelta(days=120))
    assert [g1.seq, g2.seq, g5.seq, g6.seq] == [1, 2, 5, 6]
    assert one(store, "SELECT seq, kind, title, place, date, end_date FROM gathering WHERE id=?",
               g1.id) == (1, "oppstart", "Oppstart", "Bodø", "2026-03-10", "2026-03-11")
    with pytest.raises(ValidationError) as e:
        store.gatherings.create(net.id, date=D, seq=2)
    assert e.value.field == "seq" and e.value.key == "err.duplicate_sequence"
    with pytest.raises(ValidationError) as e:
        store.gatherings.create(net.id, date=D, end_date=D - timedelta(days=1))
    assert e.value.field == "end_date" and e.value.key == "err.end_before_start"
    with pytest.raises(ValueError):
        store.gatherings.create(net.id, date=D, kind="fest")
    assert one(store, "SELECT count(*) FROM gathering") == 4
    assert [g.seq for g in store.gatherings.list(net.id)] == [1, 2, 5, 6]


def test_update_delete_get_gathering(store: Store, net) -> None:
    g1 = store.gatherings.create(net.id, date=D)
    g2 = store.gatherings.create(net.id, date=D + timedelta(days=30))
    store.gatherings.update(g2.id, seq=7, title=" Ny ", place="Tromsø", notes="n")
    assert one(store, "SELECT seq, title, place, notes FROM gathering WHERE id=?", g2.id) == (
        7, "Ny", "Tromsø", "n")
    with pytest.raises(ValidationError) as e:
        store.gatherings.update(g2.id, seq=1)
    assert e.value.field == "seq"
    with pytest.raises(ValidationError):
        store.gatherings.update(g2.id, end_date=D)  # before its date
    for bad, key in ((0, "gform.err.seq"), (1000, "gform.err.seq_max"),
                     (123456789, "gform.err.seq_max")):
        with pytest.raises(ValidationError) as e:
            store.gatherings.create(net.id, date=D, seq=bad)
        assert (e.value.field, e.value.key) == ("seq", key)
        with pytest.raises(ValidationError):
            store.gatherings.update(g2.id, seq=bad)
    assert one(store, "SELECT seq, end_date FROM gathering WHERE id=?", g2.id) == (7, None)
    assert store.gatherings.get(g1.id).seq == 1
    given = store.homework.give(net.id, g1.id, "Kartlegging")
    kept = store.homework.give(net.id, g2.id, "Plan")
    store.gatherings.delete(g1.id)
    assert one(store, "SELECT deleted_at IS NOT NULL FROM gathering WHERE id=?", g1.id) == 1
    # the home work given there goes with it
    assert [a.id for a in store.homework.list(net.id)] == [kept.id]
    assert one(store, "SELECT deleted_at IS NOT NULL FROM homework WHERE id=?",
               given.id) == 1
    assert [g.id for g in store.gatherings.list(net.id)] == [g2.id]
    with pytest.raises(StoreError):
        store.gatherings.get(g1.id)
    # its number can be used again
    assert store.gatherings.create(net.id, date=D, seq=1).seq == 1


def test_gathering_theme_links_and_matrix(store: Store, net) -> None:
    a, b, c = (store.gatherings.add_theme(net.id, n) for n in ("Arbeid", "Budsjett", "Calc"))
    g1 = store.gatherings.create(net.id, date=D, theme_ids=[a.id, b.id, a.id])
    g2 = store.gatherings.create(net.id, date=D + timedelta(days=30), theme_ids=[c.id])
    assert sorted(store.gatherings.theme_ids(g1.id)) == sorted([a.id, b.id])
    assert one(store, "SELECT count(*) FROM gatheringtheme WHERE gathering_id=? "
               "AND deleted_at IS NULL", g1.id) == 2
    store.gatherings.update(g1.id, theme_ids=[b.id, c.id])
    assert sorted(store.gatherings.theme_ids(g1.id)) == sorted([b.id, c.id])
    assert q(store, "SELECT theme_id FROM gatheringtheme WHERE gathering_id=? AND deleted_at "
             "IS NOT NULL", g1.id) == [(a.id,)]
    store.gatherings.update(g1.id, title="x")  # theme_ids None: links untouched
    assert sorted(store.gatherings.theme_ids(g1.id)) == sorted([b.id, c.id])
    m = store.gatherings.theme_matrix(net.id)
    assert [(gid, seq) for gid, seq, _t, _d in m.gatherings] == [(g1.id, 1), (g2.id, 2)]
    assert [name for _id, name in m.themes] == ["Arbeid", "Budsjett", "Calc"]
    assert m.cells == frozenset({(g1.id, b.id), (g1.id, c.id), (g2.id, c.id)})
    with pytest.raises(StoreError):
        store.gatherings.update(g2.id, theme_ids=["no-such-theme"])
    assert store.gatherings.theme_ids(g2.id) == [c.id]


# --------------------------------------------------------------------------- attendance


def test_attendance_single_and_whole_municipality(store: Store, net, members) -> None:
    g = store.gatherings.create(net.id, date=D)
    a = store.members.add_participant(net.id, MALSELV, "A", "ordforer")
    b = store.members.add_participant(net.id, MALSELV, "B", "stab")
    c = store.members.add_participant(net.id, MALSELV, "C", "stab")
    d = store.members.add_participant(net.id, OKSNES, "D", "ordforer")
    store.members.deactivate_participant(c.id)
    store.gatherings.set_attendance(g.id, d.id, True)
    assert one(store, "SELECT present FROM attendance WHERE participant_id=?", d.id) == 1
    assert store.gatherings.set_municipality_attendance(g.id, MALSELV, True) == 2
    assert store.gatherings.attendance(g.id) == {a.id: True, b.id: True, d.id: True}
    store.gatherings.set_attendance(g.id, b.id, False)
    assert one(store, "SELECT present FROM attendance WHERE participant_id=?", b.id) == 0
    assert one(store, "SELECT count(*) FROM attendance WHERE gathering_id=?", g.id) == 3
    counts = store.gatherings.attendance_counts(g.id)
    assert [(x.municipality, x.role, x.count) for x in counts] == [
        ("Målselv", "ordforer", 1), ("Øksnes", "ordforer", 1)]
    assert store.gatherings.set_municipality_attendance(g.id, MALSELV, False) == 2
    assert store.gatherings.attendance(g.id) == {a.id: False, b.id: False, d.id: True}
    assert one(store, "SELECT count(*) FROM attendance WHERE gathering_id=?", g.id) == 3



def test_a_gathering_s_attendance_marked_at_once(store: Store, net, members) -> None:
    """Many marks in one write: new ones added, changed ones updated (and touched),
    unchanged and unnamed ones left as they are; an unknown gathering is refused."""
    g = store.gatherings.create(net.id, date=D)
    a = store.members.add_participant(net.id, MALSELV, "A", "ordforer")
    b = store.members.add_participant(net.id, MALSELV, "B", "stab")
    c = store.members.add_participant(net.id, OKSNES, "C", "stab")
    store.gatherings.set_gathering_attendance(g.id, {a.id: True, b.id: False})
    assert store.gatherings.attendance(g.id) == {a.id: True, b.id: False}
    stamp = one(store, "SELECT updated_at FROM attendance WHERE participant_id=?", a.id)
    store.gatherings.set_gathering_attendance(g.id, {a.id: True, b.id: True, c.id: False})
    assert store.gatherings.attendance(g.id) == {a.id: True, b.id: True, c.id: False}
    assert one(store, "SELECT updated_at FROM attendance WHERE participant_id=?", a.id) == stamp
    assert one(store, "SELECT updated_at FROM attendance WHERE participant_id=?", b.id) > stamp
    assert one(store, "SELECT count(*) FROM attendance WHERE gathering_id=?", g.id) == 3
    assert [(x.municipality, x.role, x.count) for x in store.gatherings.attendance_counts(
        g.id)] == [("Målselv", "ordforer", 1), ("Målselv", "stab", 1)]
    with pytest.raises(StoreError):
        store.gatherings.set_gathering_attendance("missing", {a.id: True})


# --------------------------------------------------------------------------- home assignments


def test_homework_due_date_defaults_to_next_gathering(store: Store, net) -> None:
    g1 = store.gatherings.create(net.id, date=D)
    g2 = store.gatherings.create(net.id, date=D + timedelta(days=45))
    a = store.homework.give(net.id, g1.id, " Kartlegging ", description="Skjema")
    assert a.due_date == g2.date
    assert one(store, "SELECT title, description, due_date, gathering_id FROM homework "
               "WHERE id=?", a.id) == ("Kartlegging", "Skjema", "2026-04-24", g1.id)
    last = store.homework.give(net.id, g2.id, "Plan")
    assert last.due_date is None
    own = store.homework.give(net.id, g1.id, "Egen", due_date=D + timedelta(days=3))
    assert own.due_date == D + timedelta(days=3)
    with pytest.raises(ValidationError) as e:
        store.homework.give(net.id, g2.id, "For tidlig", due_date=D)
    assert e.value.field == "due_date"
    with pytest.raises(ValidationError) as e:
        store.homework.give(net.id, g1.id, "  ")
    assert e.value.field == "title"
    assert [x.title for x in store.homework.list(net.id)] == ["Kartlegging", "Egen", "Plan"]


def test_update_delete_homework(store: Store, net) -> None:
    g1 = store.gatherings.create(net.id, date=D)
    a = store.homework.give(net.id, g1.id, "A")
    store.homework.update(a.id, title=" B ", description="d", due_date=D + timedelta(days=9))
    assert one(store, "SELECT title, description, due_date FROM homework WHERE id=?",
               a.id) == ("B", "d", "2026-03-19")
    store.homework.delete(a.id)
    assert one(store, "SELECT deleted_at IS NOT NULL FROM homework WHERE id=?", a.id) == 1
    assert store.homework.list(net.id) == []


def test_homework_status_and_undo(store: Store, net, members) -> None:
    g1 = store.gatherings.create(net.id, date=D)
    a = store.homework.give(net.id, g1.id, "Kartlegging")

    # from no status at all, and back
    first = store.homework.set_status(a.id, MALSELV, "in_progress", note="Startet",
                                        status_date=D)
    assert first.status is None
    assert one(store, "SELECT status, note, status_date FROM homeworkstatus WHERE "
               "homework_id=? AND municipality_id=? AND deleted_at IS NULL", a.id, MALSELV) == (
        "in_progress", "Startet", "2026-03-10")
    store.homework.restore_status(first)
    assert (a.id, MALSELV) not in store.homework.statuses(net.id)
    assert one(store, "SELECT count(*) FROM homeworkstatus WHERE deleted_at IS NULL") == 0

    # from a status to another, and back
    store.homework.set_status(a.id, MALSELV, "in_progress", note="Startet", status_date=D)
    change = store.homework.set_status(a.id, MALSELV, "delivered",
                                         status_date=D + timedelta(days=5))
    assert (change.status, change.note, change.status_date) == ("in_progress", "Startet", D)
    assert store.homework.statuses(net.id)[(a.id, MALSELV)].status == "delivered"
    # note None keeps the note
    assert one(store, "SELECT note FROM homeworkstatus WHERE deleted_at IS NULL") == "Startet"
    store.homework.restore_status(change)
    assert one(store, "SELECT status, note, status_date FROM homeworkstatus WHERE "
               "deleted_at IS NULL") == ("in_progress", "Startet", "2026-03-10")
    assert one(store, "SELECT count(*) FROM homeworkstatus WHERE deleted_at IS NULL") == 1
    with pytest.raises(ValueError):
        store.homework.set_status(a.id, MALSELV, "halfway")


# --------------------------------------------------------------------------- meetings


def test_meetings(store: Store, net, members) -> None:
    t1 = store.gatherings.add_theme(net.id, "Handlingsrom")
    t2 = store.gatherings.add_theme(net.id, "Styring")
    p1 = store.members.add_participant(net.id, MALSELV, "A", "ordforer")
    p2 = store.members.add_participant(net.id, MALSELV, "B", "tillitsvalgt")
    m = store.meetings.log(
        net.id, MALSELV, date=D, kind="kommunemote", place=" Kommunestyresalen ",
        press_present=True, summary="S", decisions="V", follow_ups="O",
        theme_ids=[t1.id], participant_ids=[p1.id, p2.id],
        headcounts={"politiker": 9, "tjenesteleder": 0},
    )
    assert one(store, "SELECT municipality_id, date, kind, place, press_present, summary, "
               "decisions, follow_ups FROM municipalitymeeting WHERE id=?", m.id) == (
        MALSELV, "2026-03-10", "kommunemote", "Kommunestyresalen", 1, "S", "V", "O")
    assert q(store, "SELECT role, count FROM meetingheadcount WHERE meeting_id=?", m.id) == [
        ("politiker", 9)]
    assert one(store, "SELECT count(*) FROM meetingattendance WHERE meeting_id=?", m.id) == 2
    [listed] = store.meetings.list(net.id)
    assert listed.municipality == "Målselv" and listed.press_present is True
    assert sorted(listed.participant_ids) == sorted([p1.id, p2.id])
    assert sorted(listed.participant_roles) == ["ordforer", "tillitsvalgt"]
    assert listed.headcounts == {"politiker": 9}
    assert listed.theme_ids == (t1.id,)

    with pytest.raises(ValidationError) as e:
        store.meetings.log(net.id, OSLO, date=D)
    assert e.value.key == "err.not_member"

    store.meetings.update(m.id, summary="S2", kind="kommunebesok", theme_ids=[t2.id],
                         participant_ids=[p2.id], headcounts={"stab": 3})
    [listed] = store.meetings.list(net.id)
    assert (listed.summary, listed.kind) == ("S2", "kommunebesok")
    assert listed.participant_ids == (p2.id,)
    assert listed.headcounts == {"stab": 3}
    assert listed.theme_ids == (t2.id,)
    assert one(store, "SELECT summary FROM municipalitymeeting WHERE id=?", m.id) == "S2"
    store.meetings.update(m.id, place="Rådhuset")  # details untouched
    [listed] = store.meetings.list(net.id)
    assert listed.participant_ids == (p2.id,) and listed.headcounts == {"stab": 3}

    m2 = store.meetings.log(net.id, OKSNES, date=D - timedelta(days=3))
    assert [x.id for x in store.meetings.list(net.id)] == [m2.id, m.id]
    store.meetings.delete(m.id)
    assert one(store, "SELECT deleted_at IS NOT NULL FROM municipalitymeeting WHERE id=?",
               m.id) == 1
    assert [x.id for x in store.meetings.list(net.id)] == [m2.id]


def test_meeting_checks(store: Store, net, members) -> None:
    """Counts are whole numbers 0–9999 (at their field); people come from the network;
    a meeting of a municipality that left can still be corrected; the place is trimmed."""
    m = store.meetings.log(net.id, MALSELV, date=D)
    for bad, key in ((-1, "mform.err.count"), (10**20, "mform.err.count_big"),
                     ("3", "mform.err.count")):
        with pytest.raises(ValidationError) as e:
            store.meetings.log(net.id, MALSELV, date=D, headcounts={"stab": bad})
        assert (e.value.field, e.value.key) == ("count-stab", key)
        with pytest.raises(ValidationError):
            store.meetings.update(m.id, headcounts={"stab": bad})
    assert one(store, "SELECT count(*) FROM municipalitymeeting") == 1

    other = store.networks.create("Annet nettverk")
    store.members.add(other.id, "0301")
    stranger = store.members.add_participant(other.id, OSLO, "Utenfra", "stab")
    with pytest.raises(ValidationError) as e:
        store.meetings.update(m.id, participant_ids=[stranger.id])
    assert e.value.field == "participant_ids"
    assert one(store, "SELECT count(*) FROM meetingattendance") == 0

    store.members.remove(members[0].id)
    store.meetings.update(m.id, municipality_id=MALSELV, place="  Salen  ", summary="x")
    assert one(store, "SELECT place, summary FROM municipalitymeeting WHERE id=?",
               m.id) == ("Salen", "x")
    with pytest.raises(ValidationError) as e:
        store.meetings.update(m.id, municipality_id=OSLO)
    assert e.value.key == "err.not_member"


# --------------------------------------------------------------------------- questions


def test_questions_add_reword_retire_reorder(store: Store, net) -> None:
    g1 = store.gatherings.create(net.id, date=D)
    frozen = store.questions.freeze(g1.id)
    assert [x.text_nb for x in frozen] == [nb for nb, _en, _k in DEFAULT_QUESTIONS]
    assert one(store, "SELECT count(*) FROM gatheringquestion WHERE gathering_id=?", g1.id) == 4
    assert store.questions.freeze(g1.id)[0].id == frozen[0].id  # frozen once only

    qs = store.questions.list(net.id)
    relevant = qs[1]
    store.questions.update(relevant.id, text_nb=" Relevante tema for min kommune ",
                          text_en="Relevant themes for my municipality")
    assert one(store, "SELECT text_nb, text_en FROM evaluationquestion WHERE id=?",
               relevant.id) == ("Relevante tema for min kommune",
                                "Relevant themes for my municipality")
    # the gathering evaluated before keeps the wording it was asked with
    assert [x.text_nb for x in store.questions.freeze(g1.id)][1] == "Relevante tema"
    assert one(store, "SELECT text_nb FROM gatheringquestion WHERE source_question_id=?",
               relevant.id) == "Relevante tema"
    with pytest.raises(ValidationError):
        store.questions.update(relevant.id, text_nb="  ")

    added = store.questions.add(net.id, " Nytte for kommunen ", "scale", "Use")
    assert one(store, "SELECT text_nb, kind, position FROM evaluationquestion WHERE id=?",
               added.id) == ("Nytte for kommunen", "scale", 5)
    with pytest.raises(ValidationError):
        store.questions.add(net.id, " ", "scale")

    store.questions.retire(qs[3].id)
    assert one(store, "SELECT retired_at IS NOT NULL FROM evaluationquestion WHERE id=?",
               qs[3].id) == 1
    assert [x.id for x in store.questions.list(net.id)] == [qs[0].id, qs[1].id, qs[2].id,
                                                              added.id]
    assert len(store.questions.list(net.id, include_retired=True)) == 5

    order = [added.id, qs[2].id, qs[1].id, qs[0].id]
    store.questions.reorder(net.id, order)
    assert [x.id for x in store.questions.list(net.id)] == order
    assert q(store, "SELECT id FROM evaluationquestion WHERE network_id=? AND retired_at IS NULL "
             "ORDER BY position", net.id) == [(i,) for i in order]

    g2 = store.gatherings.create(net.id, date=D + timedelta(days=30))
    assert [x.text_nb for x in store.questions.freeze(g2.id)] == [
        "Nytte for kommunen", "Ny kunnskap", "Relevante tema for min kommune",
        "Svarte samlingen til forventningene?"]
    assert len(store.questions.freeze(g1.id)) == 4  # unchanged

    store.questions.retire(qs[3].id, retired=False)
    assert len(store.questions.list(net.id)) == 5

    other = store.networks.create("Annet")
    with pytest.raises(StoreError):
        store.questions.reorder(other.id, [qs[0].id])


def test_gathering_questions_without_freeze(store: Store, net) -> None:
    g = store.gatherings.create(net.id, date=D)
    assert store.questions.of_gathering(g.id) == []
    assert one(store, "SELECT count(*) FROM gatheringquestion") == 0


# --------------------------------------------------------------------------- evaluations


def test_record_and_list_evaluations(store: Store, net, members) -> None:
    g = store.gatherings.create(net.id, date=D)
    # groups large enough for the tags to be kept (tests/test_privacy.py has the rule)
    for mun, role in ((MALSELV, "ordforer"), (OKSNES, "stab")):
        for i in range(5):
            store.members.add_participant(net.id, mun, f"{role} {i}", role)
    yes_no, relevant, new, text = store.questions.freeze(g.id)
    recorded = store.evaluations.record(g.id, {yes_no.id: "Ja", relevant.id: "5 - Svært enig",
                                              text.id: "Mer tid"},
                                       municipality_id=MALSELV, role="ordforer",
                                       import_key="k1")
    rid = recorded.id
    assert (recorded.tags.municipality_id, recorded.tags.role) == (MALSELV, "ordforer")
    assert not recorded.tags.dropped
    assert one(store, "SELECT gathering_id, source, municipality_id, role, import_key FROM "
               "evaluationresponse WHERE id=?", rid) == (g.id, "typed", MALSELV, "ordforer", "k1")
    answers = {r[0]: r[1:] for r in q(store, "SELECT question_id, score, text, skipped FROM "
                                      "answer WHERE response_id=?", rid)}
    assert answers == {yes_no.id: (1, None, 0), relevant.id: (5, None, 0),
                       new.id: (None, None, 1), text.id: (None, "Mer tid", 0)}

    rid2 = store.evaluations.record(g.id, {relevant.id: 3, new.id: None}, source="kiosk").id
    assert one(store, "SELECT count(*) FROM answer WHERE response_id=? AND skipped=1", rid2) == 3

    with pytest.raises(ValidationError) as e:
        store.evaluations.record(g.id, {relevant.id: "7"})
    assert e.value.key == "err.bad_score" and e.value.field == relevant.id
    with pytest.raises(ValidationError):
        store.evaluations.record(g.id, {yes_no.id: "kanskje"})
    with pytest.raises(StoreError):
        store.evaluations.record(g.id, {"no-such-question": 3})
    assert store.evaluations.count(g.id) == 2
    assert one(store, "SELECT count(*) FROM evaluationresponse") == 2

    listed = store.evaluations.list(g.id)
    assert [r.id for r in listed] == [rid, rid2]
    assert listed[0].answers[relevant.id].score == 5
    assert listed[0].answers[new.id].skipped is True
    assert listed[0].import_key == "k1" and listed[1].source == "kiosk"
    assert store.evaluations.import_keys(g.id) == {"k1"}

    rows = store.evaluations.answer_rows([g.id])
    assert len(rows) == 8
    assert {(r.response_id, r.question_id, r.score) for r in rows if r.score is not None} == {
        (rid, yes_no.id, 1), (rid, relevant.id, 5), (rid2, relevant.id, 3)}
    assert store.evaluations.answer_rows([]) == []

    assert not store.evaluations.correct(rid, {relevant.id: 2}, municipality_id=OKSNES,
                                     role="stab").dropped
    assert one(store, "SELECT municipality_id, role FROM evaluationresponse WHERE id=?",
               rid) == (OKSNES, "stab")
    fixed = store.evaluations.list(g.id)[0]
    assert fixed.answers[relevant.id].score == 2 and fixed.answers[yes_no.id].skipped
    assert one(store, "SELECT count(*) FROM answer WHERE response_id=? AND deleted_at IS NULL",
               rid) == 4

    store.evaluations.delete(rid)
    assert one(store, "SELECT deleted_at IS NOT NULL FROM evaluationresponse WHERE id=?",
               rid) == 1
    assert store.evaluations.count(g.id) == 1
    assert [r.id for r in store.evaluations.list(g.id)] == [rid2]
    assert store.evaluations.import_keys(g.id) == set()


# --------------------------------------------------------------------------- settings, batch, health


def test_settings(store: Store) -> None:
    assert store.settings.get("language") is None
    assert store.settings.get("language", "nb") == "nb"
    store.settings.set("language", "en")
    assert one(store, "SELECT value FROM setting WHERE key='language'") == "en"
    store.settings.set("language", "nb")
    assert q(store, "SELECT key, value FROM setting") == [("language", "nb")]
    assert store.settings.get("language") == "nb"


def test_batch_rolls_back_everything_on_exception(store: Store, net) -> None:
    with pytest.raises(RuntimeError):
        with store.batch():
            n2 = store.networks.create("I batch")
            store.members.add(n2.id, "5524")
            store.gatherings.add_theme(net.id, "Tema i batch")
            store.settings.set("x", "y")
            assert store.networks.find("I batch") is not None  # visible inside
            raise RuntimeError("boom")
    assert one(store, "SELECT count(*) FROM network") == 1
    assert one(store, "SELECT count(*) FROM membership") == 0
    assert one(store, "SELECT count(*) FROM theme") == 0
    assert one(store, "SELECT count(*) FROM setting") == 0
    with store.batch():
        store.gatherings.add_theme(net.id, "A")
        store.gatherings.add_theme(net.id, "B")
    assert one(store, "SELECT count(*) FROM theme") == 2


def test_validation_error_inside_batch_rolls_back(store: Store, net) -> None:
    with pytest.raises(ValidationError):
        with store.batch():
            store.gatherings.add_theme(net.id, "A")
            store.networks.create("nettverk nord")
    assert one(store, "SELECT count(*) FROM theme") == 0


def test_check_and_schema_version(store: Store) -> None:
    assert store.files.check() == []
    assert store.files.schema_version() == 7
    assert store.is_sqlite


def test_full_disk_raises_disk_full_and_keeps_earlier_data(store: Store, net) -> None:
    store.gatherings.add_theme(net.id, "Før disken ble full")
    pages = one(store, "PRAGMA page_count")

    def limit(dbapi_conn, _record) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    event.listen(store.engine, "connect", limit)
    store.engine.dispose()  # new connections get the limit
    try:
        with pytest.raises(StorageError) as e:  # texts as long as a field takes
            with store.batch():
                for i in range(10):
                    store.networks.create(f"Stort {i}", description="ø" * 20_000)
        assert e.value.key == "err.disk_full"
        assert "full" in e.value.message().lower() or "Disken" in e.value.message()
        with pytest.raises(StorageError) as e:
            with store.batch():
                for i in range(500):
                    store.gatherings.add_theme(net.id, f"{i} " + "x" * 190)
        assert e.value.key == "err.disk_full"
    finally:
        event.remove(store.engine, "connect", limit)
        store.close()
    with Store(store.path, auto_backup=False) as again:
        assert again.files.check() == []
        assert [n.name for n in again.networks.list()] == ["Nettverk Nord"]
        assert [t.name for t in again.gatherings.themes(net.id)] == ["Før disken ble full"]
        again.gatherings.add_theme(net.id, "Etterpå")  # writable again once there is room
        assert len(again.gatherings.themes(net.id)) == 2


def test_updates_keep_the_rules_of_creation(demo_store, demo_network) -> None:
    from facilitator.errors import ValidationError

    meeting = demo_store.meetings.list(demo_network.id)[0]
    outsider = demo_store.register.get("0301").id  # Oslo is not a member
    with pytest.raises(ValidationError):
        demo_store.meetings.update(meeting.id, municipality_id=outsider)
    assignment = demo_store.homework.list(demo_network.id)[0]
    with pytest.raises(ValidationError) as err:
        demo_store.homework.update(assignment.id, due_date=date(2000, 1, 1))
    assert err.value.field == "due_date"


def test_answer_tallies_match_the_answers(demo_store, demo_network) -> None:
    """The running tallies equal a recomputation after saves, corrections, deletions."""
    import sqlite3

    g = demo_store.gatherings.list(demo_network.id)[4]
    qs = demo_store.questions.freeze(g.id)
    ids = [demo_store.evaluations.record(g.id, {qs[1].id: 1 + i % 6, qs[2].id: 6 - i % 6}).id
           for i in range(12)]
    demo_store.evaluations.correct(ids[0], {qs[1].id: 2})
    demo_store.evaluations.delete(ids[1])
    with demo_store.batch():
        demo_store.evaluations.record(g.id, {qs[1].id: 5})
        demo_store.evaluations.delete(ids[2])
    conn = sqlite3.connect(demo_store.path)
    truth = dict((q, (n, t)) for q, n, t in conn.execute(
        "SELECT a.question_id, COUNT(a.score), SUM(a.score) FROM answer a"
        " JOIN evaluationresponse r ON r.id = a.response_id WHERE a.score IS NOT NULL"
        " AND a.deleted_at IS NULL AND r.deleted_at IS NULL GROUP BY a.question_id"))
    tally = {q: (n, t) for q, n, t in conn.execute(
        "SELECT question_id, n, total FROM answertally WHERE n > 0")}
    conn.close()
    assert tally == truth


def test_answer_tallies_are_kept_by_the_database(demo_store, demo_network) -> None:
    """Derived data is never written by hand: a write that does not go through the app's
    code (another program, a later merge) keeps the tallies equal to the answers."""
    import sqlite3

    g = demo_store.gatherings.list(demo_network.id)[4]
    qs = demo_store.questions.freeze(g.id)
    ids = [demo_store.evaluations.record(g.id, {qs[1].id: 2 + i % 5}).id for i in range(6)]
    demo_store.close()
    conn = sqlite3.connect(demo_store.path)
    with conn:
        conn.execute("UPDATE evaluationresponse SET deleted_at = '2026-11-22 10:00:00'"
                     " WHERE id = ?", (ids[0],))
        conn.execute("UPDATE answer SET deleted_at = '2026-11-22 10:00:00'"
                     " WHERE response_id = ?", (ids[1],))
        conn.execute("DELETE FROM answer WHERE response_id = ?", (ids[2],))
        conn.execute("INSERT INTO answer (id, created_at, updated_at, response_id,"
                     " question_id, score, skipped) SELECT 'x' || id, created_at, updated_at,"
                     " response_id, question_id, 6, 0 FROM answer WHERE response_id = ?",
                     (ids[3],))

    def tally() -> tuple[int, int]:
        return conn.execute("SELECT n, total FROM answertally WHERE question_id = ?",
                            (qs[1].id,)).fetchone()

    truth = conn.execute(
        "SELECT COUNT(a.score), SUM(a.score) FROM answer a"
        " JOIN evaluationresponse r ON r.id = a.response_id WHERE a.question_id = ?"
        " AND a.score IS NOT NULL AND a.deleted_at IS NULL AND r.deleted_at IS NULL",
        (qs[1].id,)).fetchone()
    assert tally() == truth and truth[0] == 6 - 3 + 1
    conn.close()


def test_not_found_names_the_thing_in_the_language() -> None:
    """Every "not found" the store raises names what it looked for in words."""
    import re

    from facilitator.i18n import set_language

    package = Path(__file__).parents[1] / "facilitator"
    source = "\n".join(p.read_text("utf-8") for p in
                        [package / "store.py", *sorted((package / "storage").glob("*.py"))])
    whats = set(re.findall(r'_get\(s, \w+, \w+, "(\w+)"\)', source))
    whats |= set(re.findall(r'"err.not_found", what="(\w+)"', source))
    assert {"gathering", "homework", "question"} <= whats
    for lang in ("nb", "en"):
        set_language(lang)
        for what in whats:
            text = StoreError("err.not_found", what=what).message()
            assert "what." not in text and what not in text.split(), (lang, text)
    set_language("nb")
    assert StoreError("err.not_found", what="homework").message() == (
        "Fant ikke hjemmeoppgaven.")


def test_score_sums_are_the_answers_added_up(demo_store, demo_network) -> None:
    """The trend's sums counted by the database equal the answers added up one by one."""
    gids = [g.id for g in demo_store.gatherings.list(demo_network.id)]
    rows = demo_store.evaluations.answer_rows(gids)
    responses: dict[str, set[str]] = {}
    scores: dict[tuple[str, str], tuple[int, int]] = {}
    for r in rows:
        responses.setdefault(r.gathering_id, set()).add(r.response_id)
        total, n = scores.get((r.gathering_id, r.question_id), (0, 0))
        if r.score is not None:
            total, n = total + r.score, n + 1
        scores[(r.gathering_id, r.question_id)] = (total, n)
    sums = demo_store.evaluations.score_sums(gids)
    assert rows and sums.responses == {g: len(ids) for g, ids in responses.items()}
    assert sums.scores == scores
    assert demo_store.evaluations.score_sums([]).scores == {}
