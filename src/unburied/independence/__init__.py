"""Independence: who may not investigate, review, interview or be tasked on a case, and why."""

from unburied.independence.check import DEFAULT_POLICY, conflicts
from unburied.independence.conflicts import AllOf, AssignmentRequest, Conflict, Policy, Rule
from unburied.independence.context import AccusedInCase, IndependenceContext, SuspectNaming
from unburied.independence.overrides import (
    NON_OVERRIDABLE,
    OVERRIDE_FINDINGS,
    Override,
    approver_conflicts,
    decide_grant_override,
    decide_override,
)
from unburied.independence.referral import (
    Referral,
    ReferralMode,
    decide_referral,
    referral_decision,
)
from unburied.independence.rules import DEFAULT_COMPETENCE, RULES, competence_rule

__all__ = [
    "DEFAULT_COMPETENCE",
    "DEFAULT_POLICY",
    "NON_OVERRIDABLE",
    "OVERRIDE_FINDINGS",
    "RULES",
    "AccusedInCase",
    "AllOf",
    "AssignmentRequest",
    "Conflict",
    "IndependenceContext",
    "Override",
    "Policy",
    "Referral",
    "ReferralMode",
    "Rule",
    "SuspectNaming",
    "approver_conflicts",
    "competence_rule",
    "conflicts",
    "decide_grant_override",
    "decide_override",
    "decide_referral",
    "referral_decision",
]
