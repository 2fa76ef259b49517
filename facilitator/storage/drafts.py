"""Drafts: a form's unsaved values, kept while it is typed. Reached as `store.drafts`.

Drafts are local to this laptop (`models.LOCAL_ONLY_TABLES`): nothing here is read by
an export, and a draft is deleted outright (secure_delete zeroes its space) rather than
marked deleted.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from facilitator.models import Draft, Network
from facilitator.records import DraftRow
from facilitator.storage.part import Part
from facilitator.store import reads, writes


class Drafts(Part):
    @writes
    def save(self, s: Session, draft_id: str | None, *, kind: str, record_id: str | None,
             network_id: str | None, snapshot: dict[str, Any]) -> DraftRow:
        """Write a form's values (a new draft when `draft_id` is None or gone)."""
        text = json.dumps(snapshot, ensure_ascii=False, sort_keys=True)
        row = s.get(Draft, draft_id) if draft_id else None
        now = self._now()
        if row is None:
            row = Draft(kind=kind, record_id=record_id, network_id=network_id,
                        snapshot=text, created_at=now, updated_at=now)
            if draft_id:
                row.id = draft_id
            s.add(row)
        else:
            row.kind, row.record_id, row.network_id = kind, record_id, network_id
            row.snapshot = text
            row.updated_at = now
        s.flush()
        return _draft_row(s, row)

    @reads
    def list(self, s: Session) -> list[DraftRow]:
        """Every draft, the most recently written first."""
        found = [_draft_row(s, row) for row in s.exec(select(Draft)).all()]
        return sorted(found, key=lambda d: d.updated_at, reverse=True)

    @reads
    def get(self, s: Session, draft_id: str) -> DraftRow | None:
        row = s.get(Draft, draft_id)
        return None if row is None else _draft_row(s, row)

    @writes
    def discard(self, s: Session, draft_id: str) -> None:
        """Delete a draft (saved, or given up); nothing happens if it is gone already."""
        row = s.get(Draft, draft_id)
        if row is not None:
            s.delete(row)

    @staticmethod
    def discard_naming(s: Session, person_id: str, name: str, email: str | None) -> int:
        """In the caller's session `s`: delete the drafts that name a person (see
        `names_person`); returns how many."""
        gone = 0
        for row in s.exec(select(Draft)).all():
            if row.record_id == person_id or names_person(
                    _snapshot(row.snapshot), person_id, name, email):
                s.delete(row)
                gone += 1
        return gone


def names_person(snapshot: dict[str, Any], person_id: str, name: str,
                 email: str | None) -> bool:
    """True when a draft's values hold the person's id, name or e-mail.

    The name and e-mail count as whole words, case-insensitively ("Ola" is not in
    "Olav"); the id anywhere (a ticked participant, a record being edited).
    """
    texts = _strings(snapshot)
    if any(person_id in text for text in texts):
        return True
    for word in (name.strip(), (email or "").strip()):
        if not word:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)
        if any(pattern.search(text) for text in texts):
            return True
    return False


def _draft_row(s: Session, row: Draft) -> DraftRow:
    name = None
    if row.network_id:
        net = s.get(Network, row.network_id)
        if net is not None and net.deleted_at is None:
            name = net.name
    return DraftRow(id=row.id, kind=row.kind, record_id=row.record_id,
                    network_id=row.network_id, network_name=name,
                    snapshot=_snapshot(row.snapshot), created_at=_aware(row.created_at),
                    updated_at=_aware(row.updated_at))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _strings(value: Any) -> list[str]:
    """Every string in a snapshot value (lists of ids included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _snapshot(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
