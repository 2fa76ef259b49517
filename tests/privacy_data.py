"""Helpers for tests that need tags the capture rule keeps: groups of 5 or more people.

The demo network is small (2–5 people per municipality at a gathering), so the store
stores almost none of its municipality tags; a test that needs a breakdown row with
answers first makes the group large enough, the way an adviser would: more
participants, marked present.
"""

from __future__ import annotations

from typing import Any


def crowd(store: Any, network_id: str, gathering_id: str, number: str, n: int,
          role: str = "stab") -> str:
    """`n` more participants of member municipality `number` with `role`, marked present
    at the gathering; returns the municipality id."""
    mid = store.register.get(number).id
    for i in range(n):
        person = store.members.add_participant(network_id, mid, f"Ekstra {number} {role} {i}", role)
        store.gatherings.set_attendance(gathering_id, person.id, True)
    return mid


def answer_all(store: Any, gathering_id: str, score: int = 5, **tags: Any) -> Any:
    """A response answering every scale (with `score`) and yes/no (yes) question."""
    answers = {q.id: 1 if q.kind == "yes_no" else score
               for q in store.questions.freeze(gathering_id) if q.kind != "text"}
    return store.evaluations.record(gathering_id, answers, **tags)
