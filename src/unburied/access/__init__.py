"""Access: roles, need-to-know by assignment, protected fields, reasons, alerts on conflict."""

from unburied.access.erasure import ERASURE_FINDINGS, decide_erasure
from unburied.access.policy import (
    ACCESS_FINDINGS,
    ReadDecision,
    decide_read,
    may_issue,
    reader_conflicts,
)
from unburied.access.protected_fields import PROTECTED_FIELDS, ProtectedField, is_protected
from unburied.access.roles import (
    CASEWORK_ROLES,
    COMMAND_ROLES,
    LINK_DECISION_ROLES,
    LINK_RUN_ROLES,
    NO_PROTECTED_READS,
    OVERSIGHT_ROLES,
    READ_ALL_ROLES,
    Actor,
    Role,
)

__all__ = [
    "ACCESS_FINDINGS",
    "CASEWORK_ROLES",
    "ERASURE_FINDINGS",
    "LINK_DECISION_ROLES",
    "LINK_RUN_ROLES",
    "COMMAND_ROLES",
    "NO_PROTECTED_READS",
    "OVERSIGHT_ROLES",
    "PROTECTED_FIELDS",
    "READ_ALL_ROLES",
    "Actor",
    "ProtectedField",
    "ReadDecision",
    "Role",
    "decide_erasure",
    "decide_read",
    "is_protected",
    "may_issue",
    "reader_conflicts",
]
