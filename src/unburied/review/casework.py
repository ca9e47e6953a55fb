"""Deciders for the ordinary moves of a case: queue, triage, start, return, end, absence.

Each takes a command, the case's current :class:`CaseStatus` and ``now``, and returns a
:class:`Decided`. The payload of every event it makes is in its docstring. Closure, sign-off,
concerns and re-opening live in ``closure.py``; assignment in ``assignment.py``.
"""

from __future__ import annotations

from datetime import datetime

from unburied.domain.commands import (
    Decided,
    EndAssignment,
    Finding,
    QueueForReview,
    RecordAbsence,
    ReturnToInvestigation,
    StartInvestigation,
    TriageCase,
    json_strings,
)
from unburied.domain.entities import AssignmentRole, Case
from unburied.domain.errors import InvalidInput
from unburied.domain.events import Event, JSONValue
from unburied.review.lifecycle import (
    CaseState,
    CaseStatus,
    transition_event,
    transition_findings,
)

__all__ = [
    "decide_absence",
    "decide_end_assignment",
    "decide_queue",
    "decide_return",
    "decide_start",
    "decide_triage",
    "reason_findings",
    "refused_closure",
]


def reason_findings(text: str, what: str) -> list[Finding]:
    """LC-5 if ``text`` is empty or white space; ``what`` names what needs the reason."""
    if text.strip():
        return []
    return [Finding("LC-5", f"LC-5: {what} needs a written reason; none given")]


def refused_closure(
    case: str, actor: str, now: datetime, step: str, refusals: list[Finding]
) -> Decided:
    """A refusal to close, sign off or abandon, recorded as a ``closure.refused`` event.

    Payload: ``{"step": "sign_off" | "close" | "abandon",
    "refusals": [{"rule", "reason", "evidence"}, ...]}``.
    """
    data: dict[str, JSONValue] = {"step": step, "refusals": [f.to_data() for f in refusals]}
    event = Event("closure.refused", actor, now, data, case)
    return Decided(events=(event,), refusals=tuple(refusals))


def decide_queue(
    cmd: QueueForReview, case: Case, status: CaseStatus | None, now: datetime
) -> Decided:
    """Queue a case for independent review; it enters the lifecycle as ``received``.

    Payload of ``case.queued`` (``case`` = the case)::

        {"historic": true, "state": "received", "reason": "<text>",
         "conflicted": ["P-0003", ...]}

    ``conflicted`` lists whoever received, recorded, investigated or decided the original
    matter: IR-2 conflicts each of them out of the review, automatically.
    """
    if cmd.case != case.ref:
        raise InvalidInput(f"queue command names case {cmd.case} but case {case.ref} was given")
    if status is not None:
        text = f"LC-1: case {case.ref} is already in review ({status.state.value})"
        return Decided(refusals=(Finding("LC-1", text, (f"case:{case.ref}",)),))
    original = case.original
    handlers = {
        person
        for person in (
            original.received_by,
            original.recorded_by,
            original.investigated_by,
            original.decided_by,
        )
        if person
    }
    data: dict[str, JSONValue] = {
        "historic": case.historic,
        "state": CaseState.RECEIVED.value,
        "reason": cmd.reason,
        "conflicted": json_strings(handlers),
    }
    return Decided(events=(Event("case.queued", cmd.actor, now, data, case.ref),))


def decide_triage(cmd: TriageCase, status: CaseStatus | None, now: datetime) -> Decided:
    """Triage a received or re-opened case: one ``case.transitioned`` event to ``triaged``."""
    refusals = transition_findings(status, CaseState.TRIAGED, cmd.case)
    if status is None or refusals:
        return Decided(refusals=tuple(refusals))
    reason = cmd.note or "triaged"
    return Decided(events=(transition_event(status, CaseState.TRIAGED, cmd.actor, now, reason),))


def decide_start(cmd: StartInvestigation, status: CaseStatus | None, now: datetime) -> Decided:
    """The assigned investigator starts: ``case.transitioned`` from ``assigned`` to
    ``under_investigation``."""
    if status is None or status.state is not CaseState.ASSIGNED:
        state = status.state.value if status else "not in review"
        text = f"LC-1: case {cmd.case} is {state}; an investigation starts only once assigned"
        return Decided(refusals=(Finding("LC-1", text, (f"case:{cmd.case}",)),))
    if cmd.actor != status.investigator:
        text = (
            f"LC-2: only the assigned investigator ({status.investigator}) may start "
            f"the investigation of case {cmd.case}; {cmd.actor} is not"
        )
        return Decided(refusals=(Finding("LC-2", text, (f"case:{cmd.case}",)),))
    event = transition_event(
        status, CaseState.UNDER_INVESTIGATION, cmd.actor, now, "investigation started"
    )
    return Decided(events=(event,))


def decide_return(cmd: ReturnToInvestigation, status: CaseStatus | None, now: datetime) -> Decided:
    """Send a proposed or reviewed decision back: ``case.transitioned`` to
    ``under_investigation`` with the reason; the proposal and any sign-off lapse."""
    refusals = reason_findings(cmd.reason, "returning a case to investigation")
    if status is None or status.state not in (
        CaseState.DECISION_PROPOSED,
        CaseState.INDEPENDENTLY_REVIEWED,
    ):
        state = status.state.value if status else "not in review"
        text = f"LC-1: case {cmd.case} is {state}; only a proposed or reviewed decision is returned"
        refusals.append(Finding("LC-1", text, (f"case:{cmd.case}",)))
    if status is None or refusals:
        return Decided(refusals=tuple(refusals))
    event = transition_event(status, CaseState.UNDER_INVESTIGATION, cmd.actor, now, cmd.reason)
    return Decided(events=(event,))


def decide_end_assignment(
    cmd: EndAssignment, status: CaseStatus | None, now: datetime, *, absent: frozenset[str]
) -> Decided:
    """End an assignment. Ending the investigator's is abandoning the investigation, refused
    while they are recorded absent (LC-3, recorded as ``closure.refused`` with step
    ``abandon``). ``absent`` is everyone recorded absent now.

    Payload of ``assignment.ended`` (``subject`` = the person)::

        {"assignment": "AS-0001", "person": "P-0042", "role": "investigator",
         "reason": "<text>"}

    Ending the investigator's assignment of an assigned or under-investigation case also moves
    it back to ``triaged`` (``case.transitioned``), to be assigned again.
    """
    refusals = reason_findings(cmd.reason, "ending an assignment")
    if status is None:
        refusals += transition_findings(None, CaseState.TRIAGED, cmd.case)
        return Decided(refusals=tuple(refusals))
    is_investigator = cmd.role is AssignmentRole.INVESTIGATOR and cmd.person == status.investigator
    if is_investigator and status.investigator_absent(absent):
        text = (
            f"LC-3: investigator {cmd.person} of case {cmd.case} is recorded absent; "
            "the investigation cannot be abandoned until they return or are replaced"
        )
        refusals.append(Finding("LC-3", text, (f"case:{cmd.case}", f"person:{cmd.person}")))
    if refusals and is_investigator:
        return refused_closure(cmd.case, cmd.actor, now, "abandon", refusals)
    if refusals:
        return Decided(refusals=tuple(refusals))
    data: dict[str, JSONValue] = {
        "assignment": cmd.assignment,
        "person": cmd.person,
        "role": cmd.role.value,
        "reason": cmd.reason,
    }
    events = [Event("assignment.ended", cmd.actor, now, data, cmd.case, cmd.person)]
    if is_investigator and status.state in (CaseState.ASSIGNED, CaseState.UNDER_INVESTIGATION):
        events.append(transition_event(status, CaseState.TRIAGED, cmd.actor, now, cmd.reason))
    return Decided(events=tuple(events))


def decide_absence(cmd: RecordAbsence, now: datetime) -> Decided:
    """Record a person absent or returned.

    Payload of ``absence.recorded`` (no case; ``subject`` = the person)::

        {"person": "P-0042", "absent": true, "reason": "<text>"}
    """
    what = "recording an absence" if cmd.absent else "recording a return"
    refusals = reason_findings(cmd.reason, what)
    if refusals:
        return Decided(refusals=tuple(refusals))
    data: dict[str, JSONValue] = {"person": cmd.person, "absent": cmd.absent, "reason": cmd.reason}
    event = Event("absence.recorded", cmd.actor, now, data, None, cmd.person)
    return Decided(events=(event,))
