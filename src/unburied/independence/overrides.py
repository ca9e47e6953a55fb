"""Overrides: two people of oversight rank, together, let one conflicted assignment proceed.

An override names the exact conflicts it covers (rule and reason). If the facts change and a
new conflict appears, the override does not cover it and the assignment is refused again.
Some rules are never overridden (:data:`NON_OVERRIDABLE`): the mandatory referral is the law,
and the contact rule says "never". Every override is an ``override.granted`` event, counted in
every report; a refused override is an ``override.refused`` event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from unburied.domain.commands import Decided, Finding, GrantOverride, json_strings
from unburied.domain.entities import Actor, AssignmentRole, Role
from unburied.domain.errors import InvalidInput
from unburied.domain.events import Event, JSONValue
from unburied.independence.check import DEFAULT_POLICY, conflicts
from unburied.independence.conflicts import Conflict, Policy
from unburied.independence.context import IndependenceContext

__all__ = [
    "NON_OVERRIDABLE",
    "OVERRIDE_FINDINGS",
    "Override",
    "approver_conflicts",
    "decide_grant_override",
    "decide_override",
]

#: Rules no override can set aside.
NON_OVERRIDABLE: frozenset[str] = frozenset({"IR-5", "CR-1"})

#: Every override finding id with its meaning.
OVERRIDE_FINDINGS: dict[str, str] = {
    "OV-1": "an override must cover at least one conflict",
    "OV-2": "an override needs two distinct approvers",
    "OV-3": "every approver must be of oversight rank",
    "OV-4": "no approver may have a conflict with the case",
    "OV-5": "no approver may be the person whose conflicts are overridden",
    "OV-6": "an override needs a written reason",
    "OV-7": "the rule can never be overridden",
}


@dataclass(frozen=True)
class Override:
    """A granted override: which conflicts of which prospective assignment it sets aside."""

    id: str
    case: str
    candidate: str
    role: AssignmentRole
    covers: frozenset[tuple[str, str]]
    approvers: tuple[str, ...]
    reason: str

    def applies_to(self, case: str, candidate: str, role: AssignmentRole) -> bool:
        """True if this override was granted for this person in this role on this case."""
        return (self.case, self.candidate, self.role) == (case, candidate, role)

    def covers_conflict(self, conflict: Conflict) -> bool:
        """True if the override names this exact conflict (rule and reason)."""
        return (conflict.rule, conflict.reason) in self.covers

    @classmethod
    def from_event(cls, event: Event) -> Override:
        """Rebuild an override from its ``override.granted`` event."""
        if event.type != "override.granted" or event.case is None:
            raise InvalidInput(f"event {event.type} is not an override.granted event of a case")
        data = event.data
        found = data.get("conflicts")
        approvers = data.get("approvers")
        if not isinstance(found, list) or not isinstance(approvers, list):
            raise InvalidInput("override.granted event lacks its conflicts or approvers")
        covers = frozenset((str(c["rule"]), str(c["reason"])) for c in found if isinstance(c, dict))
        return cls(
            id=str(data["override"]),
            case=event.case,
            candidate=str(data["candidate"]),
            role=AssignmentRole(str(data["role"])),
            covers=covers,
            approvers=tuple(str(a) for a in approvers),
            reason=str(data["reason"]),
        )


def decide_override(
    found: Sequence[Conflict],
    approvers: Sequence[Actor],
    reason: str,
    *,
    candidate: str,
    conflicts_of_approvers: Mapping[str, Sequence[Conflict]],
    non_overridable: frozenset[str] = NON_OVERRIDABLE,
) -> list[Finding]:
    """Return why an override of ``found`` may not be granted (empty list: it may).

    ``conflicts_of_approvers`` maps each approver's id to their own conflicts with the case
    (see :func:`approver_conflicts`).
    """
    findings: list[Finding] = []
    if not found:
        findings.append(Finding("OV-1", f"OV-1: {candidate} has no conflict to override"))
    findings += [
        Finding("OV-7", f"OV-7: {c.rule} can never be overridden ({c.reason})")
        for c in found
        if c.rule in non_overridable
    ]
    distinct = sorted({a.id for a in approvers})
    if len(distinct) < 2:
        shown = ", ".join(distinct) or "none"
        text = f"OV-2: an override needs two distinct approvers; given: {shown}"
        findings.append(Finding("OV-2", text))
    for approver in sorted(set(approvers), key=lambda a: (a.id, a.role.value)):
        findings += _approver_findings(approver, candidate, conflicts_of_approvers)
    if not reason.strip():
        findings.append(Finding("OV-6", "OV-6: an override needs a written reason; none given"))
    return findings


def _approver_findings(
    approver: Actor, candidate: str, conflicts_of_approvers: Mapping[str, Sequence[Conflict]]
) -> list[Finding]:
    findings = []
    if approver.role is not Role.OVERSIGHT:
        text = f"OV-3: approver {approver.id} acts as {approver.role.value}, not oversight"
        findings.append(Finding("OV-3", text))
    if approver.id == candidate:
        text = f"OV-5: approver {approver.id} is the person whose conflicts would be overridden"
        findings.append(Finding("OV-5", text))
    for conflict in conflicts_of_approvers.get(approver.id, ()):
        text = f"OV-4: approver {approver.id} is conflicted: {conflict.reason}"
        findings.append(Finding("OV-4", text, conflict.evidence))
    return findings


def approver_conflicts(
    approvers: Sequence[Actor], ctx: IndependenceContext, *, policy: Policy = DEFAULT_POLICY
) -> dict[str, list[Conflict]]:
    """Each approver's conflicts with the case, checked as if they were to review it.

    Competence (IR-1) is left out: approving an override needs no accreditation.
    """
    return {
        a.id: [
            c
            for c in conflicts(a.id, AssignmentRole.REVIEWER, ctx, policy=policy)
            if c.rule != "IR-1"
        ]
        for a in approvers
    }


def decide_grant_override(
    cmd: GrantOverride,
    ctx: IndependenceContext,
    now: datetime,
    *,
    policy: Policy = DEFAULT_POLICY,
) -> Decided:
    """Decide a :class:`GrantOverride` command.

    Payload of ``override.granted`` (``case`` = the case, ``subject`` = the candidate)::

        {"override": "O-0001", "candidate": "P-0042", "role": "reviewer",
         "involves": ["P-0100"], "approvers": ["P-0900", "P-0901"], "reason": "<text>",
         "conflicts": [{"rule": "IR-7", "reason": "IR-7: …", "evidence": ["…"]}, ...]}

    Payload of ``override.refused``: the same keys, plus ``"refusals"``, every finding that
    refused it (``[{"rule": "OV-2", "reason": "OV-2: …", "evidence": []}, ...]``).
    """
    found = conflicts(cmd.candidate, cmd.role, ctx, involves=cmd.involves, policy=policy)
    findings = decide_override(
        found,
        cmd.approvers,
        cmd.reason,
        candidate=cmd.candidate,
        conflicts_of_approvers=approver_conflicts(cmd.approvers, ctx, policy=policy),
    )
    data: dict[str, JSONValue] = {
        "override": cmd.override,
        "candidate": cmd.candidate,
        "role": cmd.role.value,
        "involves": json_strings(cmd.involves),
        "approvers": json_strings({a.id for a in cmd.approvers}),
        "reason": cmd.reason,
        "conflicts": [c.to_data() for c in found],
    }
    if findings:
        data["refusals"] = [f.to_data() for f in findings]
        event = Event("override.refused", cmd.actor, now, data, cmd.case, cmd.candidate)
        return Decided(events=(event,), refusals=tuple(findings))
    event = Event("override.granted", cmd.actor, now, data, cmd.case, cmd.candidate)
    return Decided(events=(event,))
