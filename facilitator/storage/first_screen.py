"""The first screen's rows (the network list) read with plain SQL.

`network_rows` computes them through any `execute(sql, params)`: `quick_network_rows`
runs it on a read-only sqlite3 connection before the ORM is loaded (start-up paints
the first screen with it), `store.networks.rows` on the store's session. Standard
library only: importing this module must not import SQLAlchemy.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from facilitator import migrations, records
from facilitator.dbfile import connect_ro, inspect_file
from facilitator.domain import Calendar, norwegian_key
from facilitator.errors import StoreError
from facilitator.store import resolve_target

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
