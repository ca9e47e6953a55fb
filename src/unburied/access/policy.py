"""Access policy: who may read a protected field, and which commands a role may issue.

Reading a protected field needs three things: a role that may read at all, a need to know
(oversight and the review lead by role; investigators, reviewers and interviewers by an active
assignment on the case; a survivor her own record; a solicitor a client's), and a stated
reason. Every allowed read produces an ``access.recorded`` event, to be appended *before* the
value is returned; every refused read an ``access.refused`` event. If the reader has any
independence conflict with the case, an ``access.alert`` event goes to oversight as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from unburied.access.protected_fields import is_protected
from unburied.access.roles import (
    CASEWORK_ROLES,
    COMMAND_ROLES,
    NO_PROTECTED_READS,
    READ_ALL_ROLES,
)
from unburied.domain.commands import Command, Finding
from unburied.domain.entities import Actor, Assignment, AssignmentRole, Role
from unburied.domain.errors import InvalidInput
from unburied.domain.events import Event, JSONValue
from unburied.independence.check import DEFAULT_POLICY, conflicts
from unburied.independence.conflicts import Conflict, Policy
from unburied.independence.context import IndependenceContext

__all__ = ["ACCESS_FINDINGS", "ReadDecision", "decide_read", "may_issue", "reader_conflicts"]

#: Every access finding id with its meaning.
ACCESS_FINDINGS: dict[str, str] = {
    "AC-1": "reading a protected field needs a stated reason",
    "AC-2": "the role never reads protected fields",
    "AC-3": "no active assignment on the case (need to know)",
    "AC-4": "a survivor reads only her own record; a solicitor only a client's",
    "AC-5": "a task assignment covers only the people the task involves",
    "AC-6": "the role may not issue this command",
    "AC-7": "the command names a different actor from the one acting",
}

_ALERTING_ROLES = READ_ALL_ROLES | CASEWORK_ROLES

_READER_ASSIGNMENT_ROLE = {
    Role.INVESTIGATOR: AssignmentRole.INVESTIGATOR,
    Role.REVIEWER: AssignmentRole.REVIEWER,
    Role.INTERVIEWER: AssignmentRole.INTERVIEWER,
    Role.REVIEW_LEAD: AssignmentRole.REVIEWER,
    Role.OVERSIGHT: AssignmentRole.REVIEWER,
}


@dataclass(frozen=True)
class ReadDecision:
    """Whether a read is allowed, why (in plain English), whether it alerts oversight, and the
    events the service must append before returning anything."""

    allowed: bool
    reason: str
    alert: bool
    events_to_append: tuple[Event, ...]
    findings: tuple[Finding, ...] = ()


def decide_read(
    actor: Actor,
    field: str,
    subject: str,
    case: str | None,
    *,
    assignments: Sequence[Assignment],
    conflicts_for_actor: Sequence[Conflict],
    stated_reason: str,
    now: datetime,
    represents: frozenset[str] = frozenset(),
) -> ReadDecision:
    """Decide a read of protected ``field`` of person ``subject`` (in ``case``) by ``actor``.

    ``assignments`` are the case's assignments (only the actor's active ones count);
    ``conflicts_for_actor`` is :func:`reader_conflicts`; ``represents`` the solicitor's clients.

    Payloads (``case`` = the case, ``subject`` = the person whose field it is)::

        access.recorded  {"field": "statement.text", "role": "investigator",
                          "reason": "<stated reason>", "basis": "assignment:AS-0001"}
        access.refused   {"field", "role", "reason": "<stated reason>",
                          "refusals": [{"rule": "AC-3", "reason": "AC-3: …", "evidence": []}]}
        access.alert     {"field", "role", "read_allowed": bool,
                          "conflicts": [{"rule": "IR-7", "reason": "IR-7: …", "evidence": [...]}]}
    """
    if not is_protected(field):
        raise InvalidInput(f"{field!r} is not a protected field; decide_read governs those only")
    findings: list[Finding] = []
    if not stated_reason.strip():
        text = f"AC-1: reading {field} needs a stated reason; none given"
        findings.append(Finding("AC-1", text))
    basis, refusal = _need_to_know(actor, field, subject, case, assignments, represents)
    if refusal is not None:
        findings.append(refusal)
    alert = bool(conflicts_for_actor) and actor.role in _ALERTING_ROLES
    events = [_access_event(actor, field, subject, case, stated_reason, now, basis, findings)]
    if alert:
        events.append(
            _alert_event(actor, field, subject, case, now, conflicts_for_actor, not findings)
        )
    reason = findings[0].reason if findings else f"allowed: {basis}"
    return ReadDecision(not findings, reason, alert, tuple(events), tuple(findings))


def _need_to_know(
    actor: Actor,
    field: str,
    subject: str,
    case: str | None,
    assignments: Sequence[Assignment],
    represents: frozenset[str],
) -> tuple[str, Finding | None]:
    """The basis of the actor's need to know, or the finding that they have none."""
    role = actor.role
    if role in NO_PROTECTED_READS:
        text = f"AC-2: the {role.value} role never reads protected fields such as {field}"
        return "", Finding("AC-2", text)
    if role in READ_ALL_ROLES:
        return f"role:{role.value}", None
    if role is Role.SURVIVOR:
        if subject == actor.id:
            return "own record", None
        text = f"AC-4: {actor.id} may read only their own record, not {field} of {subject}"
        return "", Finding("AC-4", text)
    if role is Role.SOLICITOR:
        if subject in represents:
            return f"acts for {subject}", None
        text = f"AC-4: {actor.id} does not act for {subject}, so may not read their {field}"
        return "", Finding("AC-4", text)
    return _assignment_basis(actor, field, subject, case, assignments)


def _assignment_basis(
    actor: Actor, field: str, subject: str, case: str | None, assignments: Sequence[Assignment]
) -> tuple[str, Finding | None]:
    mine = sorted(
        (a for a in assignments if a.person == actor.id and a.case == case and a.active),
        key=lambda a: a.id,
    )
    for assignment in mine:
        if assignment.role is not AssignmentRole.TASK:
            return f"assignment:{assignment.id}", None
    for assignment in mine:
        if subject in assignment.involves:
            return f"assignment:{assignment.id}", None
    if mine:
        text = (
            f"AC-5: {actor.id}'s task on case {case} does not involve {subject}, "
            f"so {field} of {subject} is not theirs to read"
        )
        return "", Finding("AC-5", text, tuple(f"assignment:{a.id}" for a in mine))
    where = f"case {case}" if case else "any case named"
    text = f"AC-3: {actor.id} holds no active assignment on {where}; no need to know {field}"
    return "", Finding("AC-3", text)


def _access_event(
    actor: Actor,
    field: str,
    subject: str,
    case: str | None,
    stated_reason: str,
    now: datetime,
    basis: str,
    findings: list[Finding],
) -> Event:
    data: dict[str, JSONValue] = {"field": field, "role": actor.role.value, "reason": stated_reason}
    if findings:
        data["refusals"] = [f.to_data() for f in findings]
        return Event("access.refused", actor.id, now, data, case, subject)
    data["basis"] = basis
    return Event("access.recorded", actor.id, now, data, case, subject)


def _alert_event(
    actor: Actor,
    field: str,
    subject: str,
    case: str | None,
    now: datetime,
    found: Sequence[Conflict],
    allowed: bool,
) -> Event:
    data: dict[str, JSONValue] = {
        "field": field,
        "role": actor.role.value,
        "read_allowed": allowed,
        "conflicts": [c.to_data() for c in found],
    }
    return Event("access.alert", actor.id, now, data, case, subject)


def reader_conflicts(
    actor: Actor, subject: str, ctx: IndependenceContext, *, policy: Policy = DEFAULT_POLICY
) -> list[Conflict]:
    """The reader's independence conflicts with the case, for the alert.

    Checked as for the reader's own kind of work (review lead and oversight as reviewers), with
    the subject as the person involved, so a suspect reading his accuser's record alerts under
    the contact rule. Competence (IR-1) is left out: it is not a conflict of interest.
    Survivors, solicitors, the public and the system are never checked.
    """
    role = _READER_ASSIGNMENT_ROLE.get(actor.role)
    if role is None:
        return []
    found = conflicts(actor.id, role, ctx, involves=frozenset({subject}), policy=policy)
    return [c for c in found if c.rule != "IR-1"]


def may_issue(actor: Actor, command: Command) -> list[Finding]:
    """Findings if ``actor`` may not issue ``command`` (empty list: they may)."""
    findings = []
    allowed = COMMAND_ROLES.get(type(command), frozenset())
    name = type(command).__name__
    if actor.role not in allowed:
        shown = ", ".join(sorted(r.value for r in allowed)) or "nobody"
        text = f"AC-6: the {actor.role.value} role may not issue {name} (allowed: {shown})"
        findings.append(Finding("AC-6", text))
    if command.actor != actor.id:
        text = f"AC-7: {name} names actor {command.actor}, but {actor.id} is acting"
        findings.append(Finding("AC-7", text))
    return findings
