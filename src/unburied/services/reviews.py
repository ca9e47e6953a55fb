"""The review of a case, step by step: triage, investigate, propose, sign off, close, re-open.

Each function is one thing a person does, as an :class:`~unburied.domain.entities.Actor`. It
checks that the actor's role may do it, decides with the pure core on the current views,
appends the events (a refused sign-off or closure is itself an event) and raises
:class:`~unburied.domain.errors.Refused` with every reason if it was refused.

The only way to ``closed`` is :func:`close_case` after :func:`sign_off` by the case's assigned,
independent reviewer; the lifecycle refuses every other path (see ``docs/lifecycle.md``).
"""

from __future__ import annotations

from collections.abc import Sequence

from unburied.bootstrap import Unburied
from unburied.domain.commands import (
    CloseCase,
    Decided,
    OutcomeSpec,
    ProposeDecision,
    RaiseConcern,
    ReopenCase,
    ReturnToInvestigation,
    SignOff,
    StartInvestigation,
    TriageCase,
)
from unburied.domain.entities import Actor
from unburied.independence import DEFAULT_POLICY, Policy
from unburied.review import (
    decide_close,
    decide_concern,
    decide_propose,
    decide_reopen,
    decide_return,
    decide_sign_off,
    decide_start,
    decide_triage,
)
from unburied.services.commands import CaseFacts, Recorded, carry_out

__all__ = [
    "close_case",
    "propose_decision",
    "raise_concern",
    "reopen",
    "return_to_investigation",
    "sign_off",
    "start_investigation",
    "triage",
]


def triage(app: Unburied, actor: Actor, case: str, note: str = "") -> Recorded:
    """Triage a received or re-opened case, ready for an investigator."""
    cmd = TriageCase(case, actor.id, note)

    def decide(facts: CaseFacts) -> Decided:
        return decide_triage(cmd, facts.status, facts.now)

    return carry_out(app, actor, cmd, case, decide, refused=f"triage of case {case} refused")


def start_investigation(app: Unburied, actor: Actor, case: str) -> Recorded:
    """The assigned investigator starts work on an assigned case."""
    cmd = StartInvestigation(case, actor.id)

    def decide(facts: CaseFacts) -> Decided:
        return decide_start(cmd, facts.status, facts.now)

    return carry_out(app, actor, cmd, case, decide, refused=f"start of case {case} refused")


def propose_decision(
    app: Unburied, actor: Actor, case: str, outcomes: Sequence[OutcomeSpec], rationale: str
) -> Recorded:
    """The investigator proposes the outcome(s) of the case with a written rationale."""
    cmd = ProposeDecision(case, actor.id, tuple(outcomes), rationale)

    def decide(facts: CaseFacts) -> Decided:
        return decide_propose(cmd, facts.status, facts.now)

    return carry_out(app, actor, cmd, case, decide, refused=f"decision on case {case} refused")


def return_to_investigation(app: Unburied, actor: Actor, case: str, reason: str) -> Recorded:
    """Send a proposed or reviewed decision back to the investigator, with the reason."""
    cmd = ReturnToInvestigation(case, actor.id, reason)

    def decide(facts: CaseFacts) -> Decided:
        return decide_return(cmd, facts.status, facts.now)

    return carry_out(app, actor, cmd, case, decide, refused=f"return of case {case} refused")


def sign_off(
    app: Unburied, actor: Actor, case: str, note: str = "", *, policy: Policy = DEFAULT_POLICY
) -> Recorded:
    """The assigned independent reviewer signs off the proposed decision (checked again for
    independence now); a refusal is recorded as ``closure.refused``."""
    cmd = SignOff(case, actor.id, note)

    def decide(facts: CaseFacts) -> Decided:
        ctx = facts.context([actor.id])
        return decide_sign_off(
            cmd, facts.status, ctx, facts.now, policy=policy, overrides=facts.overrides
        )

    return carry_out(app, actor, cmd, case, decide, refused=f"sign-off of case {case} refused")


def close_case(
    app: Unburied, actor: Actor, case: str, rationale: str, *, policy: Policy = DEFAULT_POLICY
) -> Recorded:
    """Close a signed-off case with a written rationale; a refusal is ``closure.refused``."""
    cmd = CloseCase(case, actor.id, rationale)

    def decide(facts: CaseFacts) -> Decided:
        status = facts.status
        signer = [status.signed_off_by] if status and status.signed_off_by else []
        return decide_close(
            cmd,
            status,
            facts.context(signer),
            facts.now,
            absent=facts.absent,
            policy=policy,
            overrides=facts.overrides,
        )

    return carry_out(app, actor, cmd, case, decide, refused=f"closure of case {case} refused")


def raise_concern(app: Unburied, actor: Actor, case: str, text: str) -> Recorded:
    """Anyone raises a concern about a case; on a closed case it re-opens the review."""
    cmd = RaiseConcern(case, actor.id, text)

    def decide(facts: CaseFacts) -> Decided:
        return decide_concern(cmd, facts.status, facts.now)

    return carry_out(app, actor, cmd, case, decide, refused=f"concern on case {case} refused")


def reopen(app: Unburied, actor: Actor, case: str, reason: str) -> Recorded:
    """Re-open a closed case, with the reason."""
    cmd = ReopenCase(case, actor.id, reason)

    def decide(facts: CaseFacts) -> Decided:
        return decide_reopen(cmd, facts.status, facts.now)

    return carry_out(app, actor, cmd, case, decide, refused=f"re-opening of case {case} refused")
