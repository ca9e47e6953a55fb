"""Roles: who may do what, as tables a test can walk cell by cell.

``Role`` and ``Actor`` live in the domain (every command names its actor); this module says
what each role may read and which commands it may issue. ``policy.py`` applies the tables.
"""

from __future__ import annotations

from unburied.domain.commands import (
    AssignPerson,
    CloseCase,
    DecideLink,
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
from unburied.domain.entities import Actor, Role

__all__ = [
    "CASEWORK_ROLES",
    "COMMAND_ROLES",
    "LINK_DECISION_ROLES",
    "LINK_RUN_ROLES",
    "NO_PROTECTED_READS",
    "OVERSIGHT_ROLES",
    "READ_ALL_ROLES",
    "Actor",
    "Role",
]

#: Roles that may read protected fields of any case, by their role (with a stated reason).
READ_ALL_ROLES: frozenset[Role] = frozenset({Role.OVERSIGHT, Role.REVIEW_LEAD})

#: Roles that may read protected fields only of cases they hold an active assignment on.
CASEWORK_ROLES: frozenset[Role] = frozenset({Role.INVESTIGATOR, Role.REVIEWER, Role.INTERVIEWER})

#: Roles that never read a protected field. The public sees only published figures; automated
#: jobs (``system``) re-wrap keys and rebuild views without needing any plaintext.
NO_PROTECTED_READS: frozenset[Role] = frozenset({Role.PUBLIC, Role.SYSTEM})

#: Roles of oversight rank (the only ones who may approve an override).
OVERSIGHT_ROLES: frozenset[Role] = frozenset({Role.OVERSIGHT})

_LEAD = frozenset({Role.REVIEW_LEAD})

#: Who may run the linker over the whole corpus (``unburied link``).
LINK_RUN_ROLES: frozenset[Role] = frozenset({Role.REVIEW_LEAD, Role.SYSTEM})
#: Who may confirm or reject a link: people doing the review, never an automated job.
LINK_DECISION_ROLES: frozenset[Role] = frozenset(
    {Role.REVIEW_LEAD, Role.INVESTIGATOR, Role.REVIEWER, Role.OVERSIGHT}
)

#: Which roles may issue which command. Anyone may raise a concern.
COMMAND_ROLES: dict[type, frozenset[Role]] = {
    QueueForReview: frozenset({Role.REVIEW_LEAD, Role.SYSTEM}),
    TriageCase: _LEAD,
    AssignPerson: _LEAD,
    EndAssignment: _LEAD,
    StartInvestigation: frozenset({Role.INVESTIGATOR}),
    ProposeDecision: frozenset({Role.INVESTIGATOR}),
    ReturnToInvestigation: frozenset({Role.REVIEWER, Role.REVIEW_LEAD}),
    SignOff: frozenset({Role.REVIEWER}),
    CloseCase: _LEAD,
    RaiseConcern: frozenset(Role),
    ReopenCase: frozenset({Role.REVIEW_LEAD, Role.OVERSIGHT}),
    RecordAbsence: frozenset({Role.REVIEW_LEAD, Role.OVERSIGHT, Role.SYSTEM}),
    GrantOverride: frozenset({Role.OVERSIGHT}),
    EraseSurvivor: frozenset({Role.OVERSIGHT}),
    DecideLink: LINK_DECISION_ROLES,
}
