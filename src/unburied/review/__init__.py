"""Review: the case lifecycle, closure only with an independent sign-off, and stalled cases."""

from unburied.review.assignment import ASSIGNABLE_STATES, decide_assignment
from unburied.review.casework import (
    decide_absence,
    decide_end_assignment,
    decide_queue,
    decide_return,
    decide_start,
    decide_triage,
)
from unburied.review.closure import (
    CLOSURE_FINDINGS,
    decide_close,
    decide_concern,
    decide_propose,
    decide_reopen,
    decide_sign_off,
)
from unburied.review.deciders import decide
from unburied.review.lifecycle import (
    LIFECYCLE_FINDINGS,
    TRANSITIONS,
    CaseState,
    CaseStatus,
    Proposal,
    absent_after,
    evolve,
    replay,
)
from unburied.review.links import LINK_FINDINGS, LinkFacts, decide_on_link
from unburied.review.outcomes import (
    OUTCOME_FINDINGS,
    ConductOutcome,
    CriminalOutcome,
    NfaReason,
    NoProceedingsReason,
    OutcomeKind,
    outcome_findings,
)
from unburied.review.stalled import (
    DEFAULT_STALL_POLICY,
    Stall,
    StallPolicy,
    parse_limits,
    stalled,
)

__all__ = [
    "ASSIGNABLE_STATES",
    "CLOSURE_FINDINGS",
    "DEFAULT_STALL_POLICY",
    "LIFECYCLE_FINDINGS",
    "LINK_FINDINGS",
    "OUTCOME_FINDINGS",
    "TRANSITIONS",
    "CaseState",
    "CaseStatus",
    "ConductOutcome",
    "CriminalOutcome",
    "LinkFacts",
    "NfaReason",
    "NoProceedingsReason",
    "OutcomeKind",
    "Proposal",
    "Stall",
    "StallPolicy",
    "absent_after",
    "decide",
    "decide_absence",
    "decide_assignment",
    "decide_close",
    "decide_concern",
    "decide_end_assignment",
    "decide_on_link",
    "decide_propose",
    "decide_queue",
    "decide_reopen",
    "decide_return",
    "decide_sign_off",
    "decide_start",
    "decide_triage",
    "evolve",
    "outcome_findings",
    "replay",
    "parse_limits",
    "stalled",
]
