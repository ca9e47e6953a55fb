"""One door for every command: :func:`decide` hands a command to its decider.

Services may call the deciders directly; this is for callers that handle commands generically
(a queue, the property tests). The rules are in the deciders, not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from unburied.domain.commands import (
    AssignPerson,
    CloseCase,
    Command,
    Decided,
    EndAssignment,
    EraseSurvivor,
    GrantOverride,
    ProposeDecision,
    QueueForReview,
    RaiseConcern,
    RecordAbsence,
    ReopenCase,
    ReturnToInvestigation,
    SignOff,
    StartInvestigation,
    TriageCase,
)
from unburied.domain.errors import InvalidInput
from unburied.independence.check import DEFAULT_POLICY
from unburied.independence.conflicts import Policy
from unburied.independence.context import IndependenceContext
from unburied.independence.overrides import Override, decide_grant_override
from unburied.review.assignment import decide_assignment
from unburied.review.casework import (
    decide_absence,
    decide_end_assignment,
    decide_queue,
    decide_return,
    decide_start,
    decide_triage,
)
from unburied.review.closure import (
    decide_close,
    decide_concern,
    decide_propose,
    decide_reopen,
    decide_sign_off,
)
from unburied.review.lifecycle import CaseStatus

__all__ = ["decide"]


def decide(
    command: Command,
    status: CaseStatus | None,
    ctx: IndependenceContext | None,
    now: datetime,
    *,
    absent: frozenset[str],
    policy: Policy = DEFAULT_POLICY,
    overrides: Sequence[Override] = (),
) -> Decided:
    """Decide any command. ``ctx`` is needed to queue, assign, sign off, close or override;
    ``absent`` is everyone recorded absent now (closing and abandoning need it)."""
    match command:
        case RecordAbsence():
            return decide_absence(command, now)
        case TriageCase():
            return decide_triage(command, status, now)
        case StartInvestigation():
            return decide_start(command, status, now)
        case ReturnToInvestigation():
            return decide_return(command, status, now)
        case EndAssignment():
            return decide_end_assignment(command, status, now, absent=absent)
        case ProposeDecision():
            return decide_propose(command, status, now)
        case RaiseConcern():
            return decide_concern(command, status, now)
        case ReopenCase():
            return decide_reopen(command, status, now)
        case EraseSurvivor():
            raise InvalidInput(
                "an erasure is decided by unburied.access.decide_erasure, with the destroyed key"
            )
    if ctx is None:
        raise InvalidInput(f"{type(command).__name__} needs the case's independence context")
    match command:
        case QueueForReview():
            return decide_queue(command, ctx.case, status, now)
        case AssignPerson():
            return decide_assignment(command, status, ctx, now, policy=policy, overrides=overrides)
        case SignOff():
            return decide_sign_off(command, status, ctx, now, policy=policy, overrides=overrides)
        case CloseCase():
            return decide_close(
                command, status, ctx, now, absent=absent, policy=policy, overrides=overrides
            )
        case GrantOverride():
            return decide_grant_override(command, ctx, now, policy=policy)
