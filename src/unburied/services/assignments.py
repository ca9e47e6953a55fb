"""Who works on a case: assignments, their end, overrides of conflicts, and absences.

An assignment is refused when any independence conflict remains (every rule, with its reason,
see ``docs/independence.md``); the refusal is recorded as ``assignment.refused`` and raised as
:class:`~unburied.domain.errors.Refused`. Only an override granted by two people of oversight
rank, with a written reason, lets a conflicted assignment proceed, and only for the exact
conflicts it names.

Assignment and override ids are ``AS-<seq>`` and ``O-<seq>``: the sequence number the deciding
event gets in the log, so they are unique without a counter and point straight at the event.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from unburied.bootstrap import Unburied
from unburied.domain.commands import (
    AssignPerson,
    Decided,
    EndAssignment,
    GrantOverride,
    RecordAbsence,
)
from unburied.domain.entities import Actor, AssignmentRole
from unburied.domain.errors import InvalidInput, NotFound, Refused
from unburied.independence import DEFAULT_POLICY, Policy, decide_grant_override
from unburied.review import decide_absence, decide_assignment, decide_end_assignment
from unburied.services.commands import CaseFacts, Recorded, authorise, carry_out, require
from unburied.services.context import person_exists
from unburied.store.case_views import view_assignments

__all__ = [
    "Assigned",
    "assign",
    "end_assignment",
    "grant_override",
    "record_absence",
]


@dataclass(frozen=True)
class Assigned:
    """An assignment made: its id and the events recorded."""

    assignment: str
    recorded: Recorded


def _role(role: AssignmentRole | str) -> AssignmentRole:
    try:
        return AssignmentRole(role)
    except ValueError:
        roles = ", ".join(r.value for r in AssignmentRole)
        raise InvalidInput(f"role {role!r} is not one of: {roles}") from None


def assign(
    app: Unburied,
    actor: Actor,
    case: str,
    person: str,
    role: AssignmentRole | str,
    *,
    task: str | None = None,
    involves: Iterable[str] = (),
    policy: Policy = DEFAULT_POLICY,
) -> Assigned:
    """Assign ``person`` to ``role`` on ``case`` (a task names what it is and whom it
    ``involves``), or refuse with every conflict and record the refusal."""
    wanted = _role(role)
    probe = AssignPerson("AS-?", case, person, wanted, actor.id, task, frozenset(involves))

    def decide(facts: CaseFacts) -> Decided:
        require(person_exists(facts.conn, person), f"person {person}")
        ident = f"AS-{facts.log_size}"
        cmd = AssignPerson(ident, case, person, wanted, actor.id, task, frozenset(involves))
        ctx = facts.context([person])
        return decide_assignment(
            cmd, facts.status, ctx, facts.now, policy=policy, overrides=facts.overrides
        )

    refused = f"assignment of {person} as {wanted.value} on case {case} refused"
    recorded = carry_out(app, actor, probe, case, decide, refused=refused)
    return Assigned(str(recorded.events[0].data["assignment"]), recorded)


def end_assignment(app: Unburied, actor: Actor, assignment: str, reason: str) -> Recorded:
    """End an active assignment, with the reason. Ending the investigator's abandons the
    investigation, which is refused while they are recorded absent."""
    with app.uow() as uow:
        t = view_assignments
        row = uow.connection.execute(
            select(t.c.case_ref, t.c.person, t.c.role, t.c.active).where(t.c.id == assignment)
        ).first()
    if row is None:
        raise NotFound(f"assignment {assignment} is not in the store")
    case, person, role, active = row
    if not active:
        raise InvalidInput(f"assignment {assignment} has already ended")
    cmd = EndAssignment(assignment, case, person, AssignmentRole(role), actor.id, reason)

    def decide(facts: CaseFacts) -> Decided:
        return decide_end_assignment(cmd, facts.status, facts.now, absent=facts.absent)

    refused = f"ending assignment {assignment} on case {case} refused"
    return carry_out(app, actor, cmd, case, decide, refused=refused)


def grant_override(
    app: Unburied,
    actor: Actor,
    case: str,
    candidate: str,
    role: AssignmentRole | str,
    *,
    approvers: Sequence[Actor],
    reason: str,
    involves: Iterable[str] = (),
    policy: Policy = DEFAULT_POLICY,
) -> Recorded:
    """Two people of oversight rank override the conflicts of one prospective assignment.

    ``approvers`` carry their roles as the caller's directory gives them. The override covers
    the conflicts found now, exactly; a refused override is recorded as ``override.refused``.
    """
    wanted = _role(role)
    probe = GrantOverride(
        "O-?", case, candidate, wanted, tuple(approvers), reason, actor.id, frozenset(involves)
    )

    def decide(facts: CaseFacts) -> Decided:
        require(person_exists(facts.conn, candidate), f"person {candidate}")
        cmd = GrantOverride(
            f"O-{facts.log_size}",
            case,
            candidate,
            wanted,
            tuple(approvers),
            reason,
            actor.id,
            frozenset(involves),
        )
        ctx = facts.context([candidate, *(a.id for a in approvers)])
        return decide_grant_override(cmd, ctx, facts.now, policy=policy)

    refused = f"override for {candidate} as {wanted.value} on case {case} refused"
    return carry_out(app, actor, probe, case, decide, refused=refused)


def record_absence(
    app: Unburied, actor: Actor, person: str, reason: str, *, absent: bool = True
) -> Recorded:
    """Record ``person`` absent (leave, sickness, suspension) or, with ``absent=False``,
    returned. While an investigator is absent their case cannot be closed or abandoned."""
    cmd = RecordAbsence(person, actor.id, absent, reason)
    authorise(actor, cmd)
    now = app.clock()
    with app.uow() as uow:
        require(person_exists(uow.connection, person), f"person {person}")
        decided = decide_absence(cmd, now)
        recorded = uow.events.append(list(decided.events))
        uow.commit()
    if decided.refusals:
        raise Refused(f"absence of {person} not recorded", decided.refusals)
    return Recorded(tuple(recorded))
