"""Assigning a person to a case: the lifecycle must allow it and the independence rules must.

A refused assignment is still an event (``assignment.refused``, with every reason), so the
figures can count how often each rule refused someone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from unburied.domain.commands import AssignPerson, Decided, Finding, json_strings
from unburied.domain.entities import AssignmentRole
from unburied.domain.errors import InvalidInput
from unburied.domain.events import Event, JSONValue
from unburied.independence.check import DEFAULT_POLICY, conflicts
from unburied.independence.conflicts import Policy
from unburied.independence.context import IndependenceContext
from unburied.independence.overrides import Override
from unburied.review.lifecycle import CaseState, CaseStatus, transition_event

__all__ = ["ASSIGNABLE_STATES", "decide_assignment"]

#: States in which people may be assigned; received and re-opened cases are triaged first.
ASSIGNABLE_STATES = frozenset(
    {
        CaseState.TRIAGED,
        CaseState.ASSIGNED,
        CaseState.UNDER_INVESTIGATION,
        CaseState.DECISION_PROPOSED,
        CaseState.INDEPENDENTLY_REVIEWED,
    }
)


def _lifecycle_findings(cmd: AssignPerson, status: CaseStatus | None) -> list[Finding]:
    evidence = (f"case:{cmd.case}",)
    if status is None:
        text = f"LC-1: case {cmd.case} is not in review; queue it for review first"
        return [Finding("LC-1", text, evidence)]
    if status.state not in ASSIGNABLE_STATES:
        step = "raise a concern or re-open it" if status.state is CaseState.CLOSED else "triage it"
        text = f"LC-1: case {cmd.case} is {status.state.value}; {step} before assigning anyone"
        return [Finding("LC-1", text, evidence)]
    proposer = status.proposal.by if status.proposal else None
    if cmd.role is AssignmentRole.REVIEWER and cmd.person in (status.investigator, proposer):
        text = f"LC-4: {cmd.person} investigates case {cmd.case} and cannot also review it"
        return [Finding("LC-4", text, evidence)]
    if cmd.role is AssignmentRole.INVESTIGATOR and cmd.person == status.reviewer:
        text = f"LC-4: {cmd.person} reviews case {cmd.case} and cannot also investigate it"
        return [Finding("LC-4", text, evidence)]
    return []


def decide_assignment(
    cmd: AssignPerson,
    status: CaseStatus | None,
    ctx: IndependenceContext,
    now: datetime,
    *,
    policy: Policy = DEFAULT_POLICY,
    overrides: Sequence[Override] = (),
) -> Decided:
    """Assign ``cmd.person`` to ``cmd.role`` on the case, or refuse with every reason.

    Payload of ``assignment.made`` (``subject`` = the person)::

        {"assignment": "AS-0001", "person": "P-0042", "role": "reviewer",
         "task": null | "<text>", "involves": ["P-0100"],
         "replaces": null | "P-0041", "overrides": ["O-0001"],
         "overridden": [{"rule", "reason", "evidence"}, ...]}

    Assigning an investigator to a triaged case also moves it to ``assigned``
    (``case.transitioned``). Payload of ``assignment.refused`` (``subject`` = the person)::

        {"assignment", "person", "role", "task", "involves",
         "refusals": [{"rule": "IR-6", "reason": "IR-6: …", "evidence": [...]}, ...]}

    ``refusals`` holds every independence conflict no override covers, and any lifecycle
    finding (LC-1, LC-4).
    """
    if ctx.case.ref != cmd.case:
        raise InvalidInput(f"assignment to case {cmd.case} checked against case {ctx.case.ref}")
    refusals = _lifecycle_findings(cmd, status)
    applicable = [o for o in overrides if o.applies_to(cmd.case, cmd.person, cmd.role)]
    used: set[str] = set()
    overridden = []
    for conflict in conflicts(cmd.person, cmd.role, ctx, involves=cmd.involves, policy=policy):
        covering = [o.id for o in applicable if o.covers_conflict(conflict)]
        if covering:
            used.update(covering)
            overridden.append(conflict)
        else:
            refusals.append(conflict)
    data: dict[str, JSONValue] = {
        "assignment": cmd.assignment,
        "person": cmd.person,
        "role": cmd.role.value,
        "task": cmd.task,
        "involves": json_strings(cmd.involves),
    }
    if status is None or refusals:
        data["refusals"] = [f.to_data() for f in refusals]
        refused = Event("assignment.refused", cmd.actor, now, data, cmd.case, cmd.person)
        return Decided(events=(refused,), refusals=tuple(refusals))
    data["replaces"] = _replaces(cmd, status)
    data["overrides"] = json_strings(used)
    data["overridden"] = [c.to_data() for c in overridden]
    events = [Event("assignment.made", cmd.actor, now, data, cmd.case, cmd.person)]
    if cmd.role is AssignmentRole.INVESTIGATOR and status.state is CaseState.TRIAGED:
        events.append(
            transition_event(status, CaseState.ASSIGNED, cmd.actor, now, "investigator assigned")
        )
    return Decided(events=tuple(events))


def _replaces(cmd: AssignPerson, status: CaseStatus) -> str | None:
    holder = {
        AssignmentRole.INVESTIGATOR: status.investigator,
        AssignmentRole.REVIEWER: status.reviewer,
    }.get(cmd.role)
    return holder if holder != cmd.person else None
