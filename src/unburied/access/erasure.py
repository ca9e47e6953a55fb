"""Erasure: who may destroy a survivor's data key, on what authority, and what is recorded.

Erasure is irreversible: once the key is gone nobody can read her identity or her statements
again, while the log still proves they existed and when they were erased. So it is refused
unless an oversight-rank actor gives a written authority (a court order, the survivor's own
request and its date), and the record of it is an event like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from unburied.domain.commands import Decided, EraseSurvivor, Finding
from unburied.domain.events import Event, JSONValue

__all__ = ["ERASURE_FINDINGS", "decide_erasure"]

#: Every erasure finding id with its meaning.
ERASURE_FINDINGS: dict[str, str] = {
    "ER-1": "an erasure needs a written authority",
    "ER-2": "only a survivor's data can be erased",
}

_MIN_AUTHORITY = 10


def decide_erasure(
    cmd: EraseSurvivor,
    person_kind: str | None,
    key: Mapping[str, JSONValue],
    now: datetime,
) -> Decided:
    """Decide an erasure of ``cmd.subject`` whose destroyed key is described by ``key``.

    Payload of ``survivor.erased``: ``{"key", "destroyed_at", "authority"}`` (the actor is the
    event's actor). Refusals: ER-1 (authority missing or shorter than ten characters), ER-2
    (the subject is not a survivor).
    """
    refusals = []
    if len(cmd.authority.strip()) < _MIN_AUTHORITY:
        refusals.append(
            Finding(
                "ER-1",
                f"ER-1: erasing {cmd.subject}'s data needs a written authority (a court order "
                "or the survivor's request, with its date); none was given",
            )
        )
    if person_kind != "survivor":
        shown = person_kind or "not a known person"
        refusals.append(
            Finding("ER-2", f"ER-2: {cmd.subject} is {shown}; only a survivor's data is erased")
        )
    if refusals:
        return Decided((), tuple(refusals))
    data: dict[str, JSONValue] = {**key, "authority": cmd.authority.strip()}
    event = Event("survivor.erased", cmd.actor, now, data, subject=cmd.subject)
    return Decided((event,), ())
