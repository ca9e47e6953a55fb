"""The entry point: every conflict a person has for a role on a case.

>>> found = conflicts("P-0042", AssignmentRole.REVIEWER, ctx)      # doctest: +SKIP
>>> [c.reason for c in found]                                       # doctest: +SKIP
['IR-6: P-0042 served in South Yorkshire Police (F-01) 1998–2006; officer P-0007 of that
  force is accused in case C-0001']

An empty list means no rule of ``policy`` found a conflict. ``policy`` can never be empty:
``AllOf([])`` raises.
"""

from __future__ import annotations

from unburied.domain.entities import AssignmentRole
from unburied.independence.conflicts import (
    AllOf,
    AssignmentRequest,
    Conflict,
    Policy,
    Rule,
    sort_conflicts,
)
from unburied.independence.context import IndependenceContext
from unburied.independence.rules import (
    cr1_contact,
    ir1_competence,
    ir2_interested_party,
    ir3_management_chain,
    ir4_senior_subject,
    ir5_mandatory_referral,
    ir6_accused_force,
    ir7_colleagues,
)

__all__ = ["DEFAULT_POLICY", "conflicts"]

#: Every rule, with the default competence requirements. Services use this unless configured.
DEFAULT_POLICY: Policy = AllOf(
    [
        Rule("IR-1", ir1_competence),
        Rule("IR-2", ir2_interested_party),
        Rule("IR-3", ir3_management_chain),
        Rule("IR-4", ir4_senior_subject),
        Rule("IR-5", ir5_mandatory_referral),
        Rule("IR-6", ir6_accused_force),
        Rule("IR-7", ir7_colleagues),
        Rule("CR-1", cr1_contact),
    ]
)


def conflicts(
    candidate: str,
    role: AssignmentRole,
    ctx: IndependenceContext,
    *,
    involves: frozenset[str] = frozenset(),
    policy: Policy = DEFAULT_POLICY,
) -> list[Conflict]:
    """Return every conflict ``candidate`` has for ``role`` on ``ctx.case``, sorted by rule.

    ``involves`` names the people a task touches (for the contact rule, CR-1).
    """
    request = AssignmentRequest(candidate=candidate, role=role, involves=frozenset(involves))
    return sort_conflicts(policy.check(request, ctx))
