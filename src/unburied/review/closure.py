"""Closure: the only path to ``closed``, and the concerns that re-open it.

A case closes only when all of these hold, checked again at the moment of closing:

1. the investigator proposed a decision with valid outcomes and a written rationale;
2. the assigned reviewer signed it off, and that reviewer is not the investigator, did not
   propose it, and has no independence conflict with the case (unless overridden);
3. the closure itself carries a written rationale;
4. the investigator is not recorded absent.

A refused sign-off or closure is itself an event (``closure.refused``), so refusals are
counted. A concern raised on a closed case re-opens its review.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from unburied.domain.commands import (
    CloseCase,
    Decided,
    Finding,
    ProposeDecision,
    RaiseConcern,
    ReopenCase,
    SignOff,
)
from unburied.domain.entities import AssignmentRole
from unburied.domain.events import Event, JSONValue
from unburied.independence.check import DEFAULT_POLICY, conflicts
from unburied.independence.conflicts import Conflict, Policy
from unburied.independence.context import IndependenceContext
from unburied.independence.overrides import Override
from unburied.review.casework import reason_findings, refused_closure
from unburied.review.lifecycle import CaseState, CaseStatus, outcome_data, transition_event
from unburied.review.outcomes import outcome_findings

__all__ = [
    "CLOSURE_FINDINGS",
    "decide_close",
    "decide_concern",
    "decide_propose",
    "decide_reopen",
    "decide_sign_off",
]

#: Every closure finding id with its meaning.
CLOSURE_FINDINGS: dict[str, str] = {
    "CL-1": "a case cannot close without a written rationale",
    "CL-2": "a case cannot close without an independent sign-off of its proposed decision",
    "CL-3": "only the case's assigned reviewer may sign off",
    "CL-4": "the investigator, or whoever proposed the decision, cannot sign it off",
    "CL-5": "the signing reviewer has an independence conflict with the case",
}


def _case_ev(case: str) -> tuple[str, ...]:
    return (f"case:{case}",)


def decide_propose(cmd: ProposeDecision, status: CaseStatus | None, now: datetime) -> Decided:
    """The investigator proposes the outcome(s) with a rationale.

    Payload of ``decision.proposed``::

        {"outcomes": [{"kind": "conduct", "code": "case_to_answer_no_proceedings_possible",
                       "reason_code": "retired", "allegation": "A-0001",
                       "subject": "P-0007"}, ...],
         "rationale": "<text>"}

    followed by ``case.transitioned`` to ``decision_proposed``.
    """
    refusals = [*outcome_findings(cmd.outcomes), *reason_findings(cmd.rationale, "a decision")]
    if status is None or status.state is not CaseState.UNDER_INVESTIGATION:
        state = status.state.value if status else "not in review"
        text = f"LC-1: case {cmd.case} is {state}; a decision is proposed only under investigation"
        refusals.insert(0, Finding("LC-1", text, _case_ev(cmd.case)))
    elif cmd.actor != status.investigator:
        text = (
            f"LC-2: only the assigned investigator ({status.investigator}) may propose "
            f"a decision on case {cmd.case}; {cmd.actor} is not"
        )
        refusals.insert(0, Finding("LC-2", text, _case_ev(cmd.case)))
    if status is None or refusals:
        return Decided(refusals=tuple(refusals))
    data: dict[str, JSONValue] = {
        "outcomes": outcome_data(cmd.outcomes),
        "rationale": cmd.rationale,
    }
    proposed = Event("decision.proposed", cmd.actor, now, data, cmd.case)
    moved = transition_event(
        status, CaseState.DECISION_PROPOSED, cmd.actor, now, "decision proposed"
    )
    return Decided(events=(proposed, moved))


def _independence_findings(
    signer: str,
    status: CaseStatus,
    ctx: IndependenceContext,
    policy: Policy,
    overrides: Sequence[Override],
) -> tuple[list[Finding], list[Conflict]]:
    """CL-4 and CL-5 for ``signer``; also returns the overridden conflicts."""
    findings = []
    proposer = status.proposal.by if status.proposal else None
    if signer in (status.investigator, proposer):
        text = (
            f"CL-4: {signer} investigated or proposed the decision on case {status.case} "
            "and cannot sign it off"
        )
        findings.append(Finding("CL-4", text, _case_ev(status.case)))
    mine = [o for o in overrides if o.applies_to(status.case, signer, AssignmentRole.REVIEWER)]
    overridden = []
    for conflict in conflicts(signer, AssignmentRole.REVIEWER, ctx, policy=policy):
        if any(o.covers_conflict(conflict) for o in mine):
            overridden.append(conflict)
            continue
        text = (
            f"CL-5: reviewer {signer} is not independent of case {status.case}: {conflict.reason}"
        )
        findings.append(Finding("CL-5", text, conflict.evidence))
    return findings, overridden


def decide_sign_off(
    cmd: SignOff,
    status: CaseStatus | None,
    ctx: IndependenceContext,
    now: datetime,
    *,
    policy: Policy = DEFAULT_POLICY,
    overrides: Sequence[Override] = (),
) -> Decided:
    """The assigned independent reviewer signs off the proposed decision.

    Payload of ``closure.signed_off`` (``subject`` = the reviewer)::

        {"reviewer": "P-0050", "investigator": "P-0040", "proposed_by": "P-0040",
         "note": "<text>", "outcomes": [...], "overridden": [{"rule", "reason", "evidence"}]}

    followed by ``case.transitioned`` to ``independently_reviewed``. A refusal is a
    ``closure.refused`` event with step ``sign_off``.
    """
    if status is None or status.state is not CaseState.DECISION_PROPOSED:
        state = status.state.value if status else "not in review"
        text = f"LC-1: case {cmd.case} is {state}; only a proposed decision can be signed off"
        return refused_closure(
            cmd.case, cmd.actor, now, "sign_off", [Finding("LC-1", text, _case_ev(cmd.case))]
        )
    refusals = []
    if status.reviewer != cmd.actor:
        assigned = status.reviewer or "nobody"
        text = (
            f"CL-3: {cmd.actor} is not the assigned reviewer of case {cmd.case} "
            f"(assigned: {assigned})"
        )
        refusals.append(Finding("CL-3", text, _case_ev(cmd.case)))
    found, overridden = _independence_findings(cmd.actor, status, ctx, policy, overrides)
    refusals += found
    if refusals:
        return refused_closure(cmd.case, cmd.actor, now, "sign_off", refusals)
    data: dict[str, JSONValue] = {
        "reviewer": cmd.actor,
        "investigator": status.investigator,
        "proposed_by": status.proposal.by if status.proposal else None,
        "note": cmd.note,
        "outcomes": outcome_data(status.proposal.outcomes if status.proposal else ()),
        "overridden": [c.to_data() for c in overridden],
    }
    signed = Event("closure.signed_off", cmd.actor, now, data, cmd.case, cmd.actor)
    moved = transition_event(
        status, CaseState.INDEPENDENTLY_REVIEWED, cmd.actor, now, "independent sign-off"
    )
    return Decided(events=(signed, moved))


def decide_close(
    cmd: CloseCase,
    status: CaseStatus | None,
    ctx: IndependenceContext,
    now: datetime,
    *,
    absent: frozenset[str],
    policy: Policy = DEFAULT_POLICY,
    overrides: Sequence[Override] = (),
) -> Decided:
    """Close a signed-off case. The signer's independence is checked again now, and
    ``absent`` (everyone recorded absent now) must not include the investigator.

    Payload of ``case.closed``::

        {"outcomes": [...], "rationale": "<text>", "signed_off_by": "P-0050",
         "investigator": "P-0040", "proposed_by": "P-0040", "overridden": [...]}

    followed by ``case.transitioned`` to ``closed``. A refusal is a ``closure.refused`` event
    with step ``close``.
    """
    refusals = []
    if not cmd.rationale.strip():
        text = f"CL-1: case {cmd.case} cannot close without a written rationale; none given"
        refusals.append(Finding("CL-1", text, _case_ev(cmd.case)))
    signer = status.signed_off_by if status else None
    if status is None or status.state is not CaseState.INDEPENDENTLY_REVIEWED or signer is None:
        state = status.state.value if status else "not in review"
        text = (
            f"CL-2: case {cmd.case} cannot close without an independent sign-off of its "
            f"proposed decision (state: {state})"
        )
        refusals.append(Finding("CL-2", text, _case_ev(cmd.case)))
    if status is not None and status.investigator_absent(absent):
        text = (
            f"LC-3: investigator {status.investigator} of case {cmd.case} is recorded absent; "
            "the case cannot be closed until they return or are replaced"
        )
        refusals.append(
            Finding("LC-3", text, (*_case_ev(cmd.case), f"person:{status.investigator}"))
        )
    overridden: list[Conflict] = []
    if status is not None and signer is not None:
        found, overridden = _independence_findings(signer, status, ctx, policy, overrides)
        refusals += found
    if status is None or signer is None or refusals:
        return refused_closure(cmd.case, cmd.actor, now, "close", refusals)
    data: dict[str, JSONValue] = {
        "outcomes": outcome_data(status.proposal.outcomes if status.proposal else ()),
        "rationale": cmd.rationale,
        "signed_off_by": signer,
        "investigator": status.investigator,
        "proposed_by": status.proposal.by if status.proposal else None,
        "overridden": [c.to_data() for c in overridden],
    }
    closed = Event("case.closed", cmd.actor, now, data, cmd.case)
    moved = transition_event(status, CaseState.CLOSED, cmd.actor, now, cmd.rationale)
    return Decided(events=(closed, moved))


def _reopen_events(
    status: CaseStatus, actor: str, now: datetime, reason: str, by_concern: bool
) -> list[Event]:
    data: dict[str, JSONValue] = {"reason": reason, "by_concern": by_concern}
    reopened = Event("case.reopened", actor, now, data, status.case)
    return [reopened, transition_event(status, CaseState.REOPENED, actor, now, reason)]


def decide_concern(cmd: RaiseConcern, status: CaseStatus | None, now: datetime) -> Decided:
    """Anyone raises a concern; on a closed case it re-opens review.

    Payload of ``concern.raised``: ``{"text": "<text>", "state": "<state>" | null,
    "reopens": bool}``. On a closed case it is followed by ``case.reopened``
    (``{"reason": "a concern was raised", "by_concern": true}``) and ``case.transitioned``
    to ``reopened``.
    """
    refusals = reason_findings(cmd.text, "a concern")
    if refusals:
        return Decided(refusals=tuple(refusals))
    reopens = status is not None and status.state is CaseState.CLOSED
    data: dict[str, JSONValue] = {
        "text": cmd.text,
        "state": status.state.value if status else None,
        "reopens": reopens,
    }
    events = [Event("concern.raised", cmd.actor, now, data, cmd.case)]
    if status is not None and reopens:
        events += _reopen_events(status, cmd.actor, now, "a concern was raised", True)
    return Decided(events=tuple(events))


def decide_reopen(cmd: ReopenCase, status: CaseStatus | None, now: datetime) -> Decided:
    """Re-open a closed case with a reason.

    Payload of ``case.reopened``: ``{"reason": "<text>", "by_concern": false}``, followed by
    ``case.transitioned`` to ``reopened``.
    """
    refusals = reason_findings(cmd.reason, "re-opening a case")
    if status is None or status.state is not CaseState.CLOSED:
        state = status.state.value if status else "not in review"
        text = f"LC-1: case {cmd.case} is {state}; only a closed case is re-opened"
        refusals.insert(0, Finding("LC-1", text, _case_ev(cmd.case)))
    if status is None or refusals:
        return Decided(refusals=tuple(refusals))
    return Decided(events=tuple(_reopen_events(status, cmd.actor, now, cmd.reason, False)))
