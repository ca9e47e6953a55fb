"""The review lifecycle of a case: its states, the moves allowed between them, and its status.

::

    received → triaged → assigned → under_investigation → decision_proposed
        → independently_reviewed → closed → reopened → triaged → …

A case's :class:`CaseStatus` is a view: :func:`evolve` folds one event into it and
:func:`replay` folds a whole history, so the store's live view and a rebuild from the log agree
by construction. ``evolve`` also refuses an event that breaks the lifecycle (a move the table
does not allow, or a close without a sign-off), so even a view rebuilt from a doctored log
cannot show a case closed the lifecycle could not have closed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from unburied.domain.commands import Finding, OutcomeSpec
from unburied.domain.entities import AssignmentRole
from unburied.domain.errors import InvalidInput
from unburied.domain.events import Event, JSONValue

__all__ = [
    "LIFECYCLE_FINDINGS",
    "TRANSITIONS",
    "CaseState",
    "CaseStatus",
    "Proposal",
    "absent_after",
    "evolve",
    "outcome_data",
    "replay",
    "transition_event",
    "transition_findings",
]


class CaseState(StrEnum):
    """Where a case is in its review."""

    RECEIVED = "received"
    TRIAGED = "triaged"
    ASSIGNED = "assigned"
    UNDER_INVESTIGATION = "under_investigation"
    DECISION_PROPOSED = "decision_proposed"
    INDEPENDENTLY_REVIEWED = "independently_reviewed"
    CLOSED = "closed"
    REOPENED = "reopened"


_S = CaseState

#: The only moves a case can make. ``closed`` is reached from ``independently_reviewed`` alone.
TRANSITIONS: Mapping[CaseState, frozenset[CaseState]] = {
    _S.RECEIVED: frozenset({_S.TRIAGED}),
    _S.TRIAGED: frozenset({_S.ASSIGNED}),
    _S.ASSIGNED: frozenset({_S.UNDER_INVESTIGATION, _S.TRIAGED}),
    _S.UNDER_INVESTIGATION: frozenset({_S.DECISION_PROPOSED, _S.TRIAGED}),
    _S.DECISION_PROPOSED: frozenset({_S.INDEPENDENTLY_REVIEWED, _S.UNDER_INVESTIGATION}),
    _S.INDEPENDENTLY_REVIEWED: frozenset({_S.CLOSED, _S.UNDER_INVESTIGATION}),
    _S.CLOSED: frozenset({_S.REOPENED}),
    _S.REOPENED: frozenset({_S.TRIAGED}),
}

#: Every lifecycle finding id with its meaning.
LIFECYCLE_FINDINGS: dict[str, str] = {
    "LC-1": "the case is not in a state that allows this (or is not in review at all)",
    "LC-2": "only the case's assigned investigator may do this",
    "LC-3": "a case cannot be closed or abandoned while its investigator is recorded absent",
    "LC-4": "the investigator and the reviewer of a case must be different people",
    "LC-5": "a written reason is required",
}


@dataclass(frozen=True)
class Proposal:
    """A proposed decision: outcomes, the written rationale, who proposed it and when."""

    outcomes: tuple[OutcomeSpec, ...]
    rationale: str
    by: str
    at: datetime


@dataclass(frozen=True)
class CaseStatus:
    """Where one case stands: state and since when, who holds it, what is proposed and signed.

    Who is absent is a fact about people, not cases: ``absence.recorded`` events carry no case
    and do not change a status. Deciders that need it take ``absent`` (see
    :func:`absent_after`) as a required argument.
    """

    case: str
    state: CaseState
    since: datetime
    investigator: str | None = None
    reviewer: str | None = None
    proposal: Proposal | None = None
    signed_off_by: str | None = None
    historic: bool = False

    @property
    def holder(self) -> str | None:
        """Whose action the case awaits; ``None``: it is in the review lead's queue."""
        if self.state in (CaseState.ASSIGNED, CaseState.UNDER_INVESTIGATION):
            return self.investigator
        if self.state is CaseState.DECISION_PROPOSED:
            return self.reviewer
        return None

    def investigator_absent(self, absent: frozenset[str]) -> bool:
        """True if the case has an investigator and they are among ``absent``."""
        return self.investigator is not None and self.investigator in absent


def transition_findings(status: CaseStatus | None, to: CaseState, case: str) -> list[Finding]:
    """LC-1 if ``status`` cannot move to ``to`` (or the case is not in review)."""
    if status is None:
        text = f"LC-1: case {case} is not in review; queue it for review first"
        return [Finding("LC-1", text, (f"case:{case}",))]
    if to in TRANSITIONS[status.state]:
        return []
    allowed = ", ".join(sorted(s.value for s in TRANSITIONS[status.state]))
    text = (
        f"LC-1: case {case} is {status.state.value}; "
        f"it cannot move to {to.value} (allowed: {allowed})"
    )
    return [Finding("LC-1", text, (f"case:{case}",))]


def transition_event(
    status: CaseStatus, to: CaseState, actor: str, now: datetime, reason: str
) -> Event:
    """The ``case.transitioned`` event moving ``status`` to ``to``.

    Payload: ``{"from": "<state>", "to": "<state>", "reason": "<text>"}``.
    """
    data: dict[str, JSONValue] = {"from": status.state.value, "to": to.value, "reason": reason}
    return Event("case.transitioned", actor, now, data, status.case)


def outcome_data(outcomes: Iterable[OutcomeSpec]) -> list[JSONValue]:
    """Outcomes as an event payload list of ``{"kind", "code", "reason_code", "allegation",
    "subject"}`` objects."""
    return [
        {
            "kind": o.kind,
            "code": o.code,
            "reason_code": o.reason_code,
            "allegation": o.allegation,
            "subject": o.subject,
        }
        for o in outcomes
    ]


# -- folding events into a status ---------------------------------------------------------------


def replay(case: str, events: Iterable[Event]) -> CaseStatus | None:
    """The status of ``case`` after ``events`` (events of other cases are skipped)."""
    status: CaseStatus | None = None
    for event in events:
        if event.case == case:
            status = evolve(status, event)
    return status


def absent_after(absent: frozenset[str], events: Iterable[Event]) -> frozenset[str]:
    """Who is recorded absent after ``events``, starting from ``absent``.

    >>> absent_after(frozenset(), log_events)  # doctest: +SKIP
    frozenset({'P-0051'})
    """
    for event in events:
        if event.type == "absence.recorded":
            person = _text(event.data, "person")
            gone = event.data.get("absent") is True
            absent = absent | {person} if gone else absent - {person}
    return absent


def evolve(status: CaseStatus | None, event: Event) -> CaseStatus | None:
    """Fold one event into a case's status; events that do not change it return it unchanged."""
    if event.case is None:  # absences and other events about people, not cases
        return status
    if event.type == "case.queued":
        if status is not None:
            raise InvalidInput(f"case {event.case} is queued for review twice")
        historic = event.data.get("historic") is True
        return CaseStatus(str(event.case), CaseState.RECEIVED, event.at, historic=historic)
    if status is None:
        return None
    if event.case != status.case:
        raise InvalidInput(f"event for case {event.case} folded into the status of {status.case}")
    handler = _HANDLERS.get(event.type)
    return handler(status, event) if handler else status


def _on_transition(status: CaseStatus, event: Event) -> CaseStatus:
    source, to = CaseState(_text(event.data, "from")), CaseState(_text(event.data, "to"))
    if source is not status.state or to not in TRANSITIONS[source]:
        raise InvalidInput(
            f"case {status.case} is {status.state.value}; an event moves it from "
            f"{source.value} to {to.value}, which the lifecycle does not allow"
        )
    if to is CaseState.CLOSED and status.signed_off_by is None:
        raise InvalidInput(f"case {status.case} closes in the log without an independent sign-off")
    moved = replace(status, state=to, since=event.at)
    if to in (CaseState.UNDER_INVESTIGATION, CaseState.REOPENED, CaseState.TRIAGED):
        moved = replace(moved, proposal=None, signed_off_by=None)
    return moved


def _on_assignment(status: CaseStatus, event: Event) -> CaseStatus:
    role, person = _text(event.data, "role"), _text(event.data, "person")
    if role == AssignmentRole.INVESTIGATOR.value:
        return replace(status, investigator=person)
    if role == AssignmentRole.REVIEWER.value:
        return replace(status, reviewer=person)
    return status


def _on_assignment_ended(status: CaseStatus, event: Event) -> CaseStatus:
    role, person = _text(event.data, "role"), _text(event.data, "person")
    if role == AssignmentRole.INVESTIGATOR.value and status.investigator == person:
        return replace(status, investigator=None)
    if role == AssignmentRole.REVIEWER.value and status.reviewer == person:
        return replace(status, reviewer=None)
    return status


def _on_proposal(status: CaseStatus, event: Event) -> CaseStatus:
    outcomes = event.data.get("outcomes")
    specs = tuple(
        OutcomeSpec(
            kind=_text(o, "kind"),
            code=_text(o, "code"),
            reason_code=_maybe_text(o, "reason_code"),
            allegation=_maybe_text(o, "allegation"),
            subject=_maybe_text(o, "subject"),
        )
        for o in (outcomes if isinstance(outcomes, list) else [])
        if isinstance(o, dict)
    )
    proposal = Proposal(specs, _text(event.data, "rationale"), event.actor, event.at)
    return replace(status, proposal=proposal, signed_off_by=None)


def _on_sign_off(status: CaseStatus, event: Event) -> CaseStatus:
    return replace(status, signed_off_by=_text(event.data, "reviewer"))


_HANDLERS = {
    "case.transitioned": _on_transition,
    "assignment.made": _on_assignment,
    "assignment.ended": _on_assignment_ended,
    "decision.proposed": _on_proposal,
    "closure.signed_off": _on_sign_off,
}


def _text(data: Mapping[str, JSONValue], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise InvalidInput(f"event payload field {key!r} is {value!r}, expected text")
    return value


def _maybe_text(data: Mapping[str, JSONValue], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None
