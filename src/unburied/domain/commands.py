"""Commands (what someone asks the system to do) and what deciding one yields.

A command is a frozen value naming the actor (a person id) and what they ask. A decider in the
pure core (``unburied.review``, ``unburied.independence``) takes the command, the current state
values and the time, and returns a :class:`Decided`: the events to append and, if the command
is refused, the findings that refuse it. Times never live in commands: the decider takes
``now`` as an argument, so the core never reads a clock.

How a service uses a :class:`Decided`::

    decided = decide_close(cmd, status, ctx, now)
    uow.append(decided.events)          # always: refusals are recorded and counted too
    if decided.refusals:
        raise Refused("case not closed", decided.refusals)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias

from unburied.domain.entities import Actor, AssignmentRole
from unburied.domain.events import Event, JSONValue

__all__ = [
    "AssignPerson",
    "CloseCase",
    "Command",
    "DecideLink",
    "Decided",
    "EndAssignment",
    "EraseSurvivor",
    "Finding",
    "GrantOverride",
    "OutcomeSpec",
    "ProposeDecision",
    "QueueForReview",
    "RaiseConcern",
    "RecordAbsence",
    "ReopenCase",
    "ReturnToInvestigation",
    "SignOff",
    "StartInvestigation",
    "TriageCase",
    "json_strings",
]


def json_strings(values: Iterable[str]) -> list[JSONValue]:
    """Strings as an event payload list, sorted so the payload does not depend on input order."""
    return list(sorted(values))


@dataclass(frozen=True)
class Finding:
    """Why a rule refuses something: a rule id, a plain-English reason, and the evidence.

    ``reason`` starts with the rule id and names people by id only, e.g.
    ``"CL-1: case C-0001 cannot close without a written rationale"``.
    ``evidence`` points at the facts relied on (``"allegation:A-1"``, ``"case:C-0001"``).
    """

    rule: str
    reason: str
    evidence: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.reason

    def to_data(self) -> dict[str, JSONValue]:
        """The finding as an event payload object: ``{"rule", "reason", "evidence"}``."""
        evidence: list[JSONValue] = list(self.evidence)
        return {"rule": self.rule, "reason": self.reason, "evidence": evidence}


@dataclass(frozen=True)
class Decided:
    """What a decider returns: events to append (always) and refusals (empty when accepted)."""

    events: tuple[Event, ...] = ()
    refusals: tuple[Finding, ...] = ()

    @property
    def accepted(self) -> bool:
        """True if nothing refused the command."""
        return not self.refusals


@dataclass(frozen=True)
class QueueForReview:
    """Queue a case (every imported historic case, every new complaint) for independent review."""

    case: str
    actor: str
    reason: str = "imported for independent review"


@dataclass(frozen=True)
class TriageCase:
    """Mark a received (or re-opened) case as triaged, ready for assignment."""

    case: str
    actor: str
    note: str = ""


@dataclass(frozen=True)
class AssignPerson:
    """Assign ``person`` a role on ``case``; a task names what it is and whom it ``involves``."""

    assignment: str
    case: str
    person: str
    role: AssignmentRole
    actor: str
    task: str | None = None
    involves: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EndAssignment:
    """End an assignment. Ending the investigator's is abandoning the investigation."""

    assignment: str
    case: str
    person: str
    role: AssignmentRole
    actor: str
    reason: str


@dataclass(frozen=True)
class StartInvestigation:
    """The assigned investigator starts work."""

    case: str
    actor: str


@dataclass(frozen=True)
class OutcomeSpec:
    """One proposed outcome, as a command carries it (validated by ``unburied.review.outcomes``).

    ``kind`` is ``"criminal"`` or ``"conduct"``; ``code`` one of that kind's outcomes;
    ``reason_code`` is required for no further action and for no proceedings possible.
    """

    kind: str
    code: str
    reason_code: str | None = None
    allegation: str | None = None
    subject: str | None = None


@dataclass(frozen=True)
class ProposeDecision:
    """The investigator proposes the outcome(s) of the case with a written rationale."""

    case: str
    actor: str
    outcomes: tuple[OutcomeSpec, ...]
    rationale: str


@dataclass(frozen=True)
class ReturnToInvestigation:
    """A reviewer sends a proposed or reviewed decision back to the investigator, with a reason."""

    case: str
    actor: str
    reason: str


@dataclass(frozen=True)
class SignOff:
    """The assigned independent reviewer signs off the proposed decision."""

    case: str
    actor: str
    note: str = ""


@dataclass(frozen=True)
class CloseCase:
    """Close a signed-off case, with a written rationale."""

    case: str
    actor: str
    rationale: str


@dataclass(frozen=True)
class RaiseConcern:
    """Anyone raises a concern about a case; on a closed case it re-opens review."""

    case: str
    actor: str
    text: str


@dataclass(frozen=True)
class ReopenCase:
    """Re-open a closed case, with a reason."""

    case: str
    actor: str
    reason: str


@dataclass(frozen=True)
class RecordAbsence:
    """Record a person absent (leave, sickness, suspension) or, with ``absent=False``, returned."""

    person: str
    actor: str
    absent: bool
    reason: str


@dataclass(frozen=True)
class GrantOverride:
    """Two people of oversight rank override the conflicts of one prospective assignment.

    ``approvers`` carry the role the service's directory gives them, never one the caller claims.
    """

    override: str
    case: str
    candidate: str
    role: AssignmentRole
    approvers: tuple[Actor, ...]
    reason: str
    actor: str
    involves: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EraseSurvivor:
    """Destroy a survivor's data key (crypto-shredding), on a written authority."""

    subject: str
    actor: str
    authority: str


@dataclass(frozen=True)
class DecideLink:
    """A person confirms (``accept``) or rejects link ``link`` between ``left`` and ``right`` (a
    statement mention and a known person, or two mentions), with a reason.

    The link's standing comes with the command, as the link view holds it: ``state``
    (``proposed``, ``confirmed`` or ``rejected``), ``decided_by`` (a person's id, ``"auto"`` for
    the linker, or ``None``), ``probability`` and ``case`` (the case of the event that first
    recorded it). Not a case command (a link may join two cases), so it is not in
    :data:`Command`: ``unburied.review.links.decide_on_link`` decides it.
    """

    link: str
    left: str
    right: str
    accept: bool
    reason: str
    actor: str
    state: str = "proposed"
    decided_by: str | None = None
    probability: float | None = None
    case: str | None = None


Command: TypeAlias = (
    QueueForReview
    | TriageCase
    | AssignPerson
    | EndAssignment
    | StartInvestigation
    | ProposeDecision
    | ReturnToInvestigation
    | SignOff
    | CloseCase
    | RaiseConcern
    | ReopenCase
    | RecordAbsence
    | GrantOverride
    | EraseSurvivor
)
