"""Reading a protected value: the read is recorded in the log before the value is opened.

:func:`read_protected` is the only way a service reveals a survivor's identity, an address or
a statement's text:

1. find where the sealed value is (the event that holds it) and the case it belongs to;
2. decide the read (``unburied.access.decide_read``): a stated reason, a need to know, and the
   reader's independence conflicts with the case (any conflict raises an alert to oversight);
3. append ``access.recorded`` (or ``access.refused``) and any ``access.alert``, and **commit**;
4. only then open the sealed value and return it — or raise ``Refused`` if the read was refused.

A read that is refused, or whose value turns out to be erased, is still in the log.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from unburied.access import (
    ProtectedField,
    ReadDecision,
    decide_read,
    is_protected,
    reader_conflicts,
)
from unburied.bootstrap import Unburied
from unburied.domain.entities import Actor, Assignment
from unburied.domain.errors import InvalidInput, NotFound, Refused
from unburied.domain.events import Event, JSONValue, RecordedEvent
from unburied.independence import Conflict
from unburied.services.context import build_context, case_assignments
from unburied.store.case_views import (
    view_allegations,
    view_assignments,
    view_people,
    view_statements,
)
from unburied.vault.envelope import open_sealed
from unburied.vault.keys import KeyStore

__all__ = ["ProtectedRead", "read_protected"]

#: The sealed members of ``person.registered`` each protected field of a person opens.
_PERSON_FIELDS: dict[str, tuple[str, ...]] = {
    ProtectedField.SURVIVOR_IDENTITY.value: ("identity_name", "date_of_birth"),
    ProtectedField.ADDRESS.value: ("address",),
}


@dataclass(frozen=True)
class ProtectedRead:
    """A protected value, opened after its read was recorded as event ``access_seq``."""

    field: str
    subject: str
    case: str | None
    values: dict[str, str] = dataclasses.field(repr=False)
    access_seq: int
    alert_seq: int | None = None


@dataclass(frozen=True)
class _Target:
    """Where a protected value is sealed: the event, the members, whose it is, which case."""

    seq: int
    members: tuple[str, ...]
    subject: str
    case: str | None
    in_statement: bool


def read_protected(
    app: Unburied,
    actor: Actor,
    field: str,
    *,
    stated_reason: str,
    statement: str | None = None,
    subject: str | None = None,
    case: str | None = None,
    represents: frozenset[str] = frozenset(),
) -> ProtectedRead:
    """Record the read of ``field`` (of ``statement``, or of person ``subject``), then open it.

    ``case`` says which case a person's field is read for (default: the first case she is in
    where the reader holds an assignment, else the first she is in). ``represents`` names a
    solicitor's clients. Raises :class:`Refused` (after recording the refusal) when the
    access policy refuses the read.
    """
    if not is_protected(field):
        raise InvalidInput(f"{field!r} is not a protected field; nothing to record or open")
    now = app.clock()
    with app.uow() as uow:
        conn = uow.connection
        target = _target(conn, actor, field, statement, subject, case)
        recorded, decision = _record_read(
            conn, uow.events.append, actor, field, target, now, stated_reason, represents
        )
        uow.commit()
        if not decision.allowed:
            raise Refused(
                f"read of {field} refused (recorded as event {recorded[0].seq})",
                decision.findings,
            )
        values = _open(uow.keys, uow.events.get(target.seq).data, target)
    alerts = [r.seq for r in recorded if r.type == "access.alert"]
    return ProtectedRead(
        field, target.subject, target.case, values, recorded[0].seq, alerts[0] if alerts else None
    )


def _record_read(
    conn: Connection,
    append: Callable[[Sequence[Event]], list[RecordedEvent]],
    actor: Actor,
    field: str,
    target: _Target,
    now: datetime,
    stated_reason: str,
    represents: frozenset[str],
) -> tuple[list[RecordedEvent], ReadDecision]:
    found: list[Conflict] = []
    assignments: list[Assignment] = []
    if target.case is not None:
        ctx = build_context(conn, target.case, now.date(), [actor.id])
        found = reader_conflicts(actor, target.subject, ctx)
        assignments = case_assignments(conn, target.case)
    decision = decide_read(
        actor,
        field,
        target.subject,
        target.case,
        assignments=assignments,
        conflicts_for_actor=found,
        stated_reason=stated_reason,
        now=now,
        represents=represents,
    )
    return append(list(decision.events_to_append)), decision


def _target(
    conn: Connection,
    actor: Actor,
    field: str,
    statement: str | None,
    subject: str | None,
    case: str | None,
) -> _Target:
    if field == ProtectedField.STATEMENT_TEXT.value:
        if statement is None:
            raise InvalidInput("reading statement.text needs the statement's id")
        return _statement_target(conn, statement)
    if subject is None:
        raise InvalidInput(f"reading {field} needs the person's id")
    return _person_target(conn, actor, field, subject, case)


def _statement_target(conn: Connection, statement: str) -> _Target:
    t = view_statements
    row = conn.execute(
        select(t.c.case_ref, t.c.given_by, t.c.status, t.c.seq).where(t.c.id == statement)
    ).first()
    if row is None:
        raise NotFound(f"statement {statement} is not in the store")
    ref, given_by, status, seq = row
    if status != "held":
        raise NotFound(
            f"statement {statement} is recorded as {status}: the source records say it was "
            "taken, but no text is held"
        )
    return _Target(seq, ("text",), given_by, ref, True)


def _person_target(
    conn: Connection, actor: Actor, field: str, subject: str, case: str | None
) -> _Target:
    row = conn.execute(
        select(view_people.c.sealed, view_people.c.seq).where(view_people.c.id == subject)
    ).first()
    if row is None:
        raise NotFound(f"person {subject} is not in the store")
    sealed, seq = row
    members = tuple(m for m in _PERSON_FIELDS[field] if m in sealed.split(","))
    if not members:
        raise NotFound(f"no {field} is recorded for {subject}")
    return _Target(seq, members, subject, case or _case_of(conn, actor, subject), False)


def _case_of(conn: Connection, actor: Actor, subject: str) -> str | None:
    """The case a person's field is read for: one she is in where the reader is assigned,
    else the first she is in, else none."""
    a, s = view_allegations, view_statements
    theirs = set(conn.execute(select(a.c.case_ref).where(a.c.complainant == subject)).scalars())
    theirs |= set(conn.execute(select(s.c.case_ref).where(s.c.given_by == subject)).scalars())
    theirs.discard(None)
    if not theirs:
        return None
    t = view_assignments
    mine = conn.execute(
        select(t.c.case_ref).where(
            t.c.person == actor.id,
            t.c.active.is_(True),
            t.c.case_ref.in_(sorted(theirs)),
        )
    ).scalars()
    assigned = sorted(str(ref) for ref in mine)
    return assigned[0] if assigned else str(sorted(theirs)[0])


def _open(keys: KeyStore, data: Mapping[str, JSONValue], target: _Target) -> dict[str, str]:
    holder = data if target.in_statement else data.get("identity")
    if not isinstance(holder, Mapping):
        raise NotFound(f"event {target.seq} holds no sealed identity")
    opened = {}
    for name in target.members:
        sealed = holder.get(name)
        if not isinstance(sealed, Mapping):
            raise NotFound(f"event {target.seq} holds no sealed {name}")
        opened[name] = open_sealed(keys, sealed).value
    return opened
