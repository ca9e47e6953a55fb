"""Queue, triage, start, return, end an assignment, record an absence."""

from __future__ import annotations

from tests.unit.worlds import C0001, LEAD, NOW, ctx_c0001, run, to_proposed
from unburied.domain.commands import (
    AssignPerson,
    EndAssignment,
    QueueForReview,
    RecordAbsence,
    ReturnToInvestigation,
    StartInvestigation,
    TriageCase,
)
from unburied.domain.entities import AssignmentRole
from unburied.domain.events import encode_event
from unburied.review import (
    CaseState,
    decide_absence,
    decide_end_assignment,
    decide_queue,
    decide_return,
    decide_start,
    decide_triage,
)

INV = AssignmentRole.INVESTIGATOR


def test_every_imported_historic_case_is_queued_with_its_original_handlers_conflicted():
    decided = decide_queue(QueueForReview("C-0001", "system"), C0001, None, NOW)
    (event,) = decided.events
    assert event.type == "case.queued"
    assert event.data == {
        "historic": True,
        "state": "received",
        "reason": "imported for independent review",
        "conflicted": ["P-0002", "P-0003", "P-0004"],
    }
    encode_event(0, event)


def test_a_case_already_in_review_is_not_queued_again():
    status, _ = run(ctx_c0001(), [QueueForReview("C-0001", LEAD)])
    decided = decide_queue(QueueForReview("C-0001", LEAD), C0001, status, NOW)
    assert [f.reason for f in decided.refusals] == [
        "LC-1: case C-0001 is already in review (received)"
    ]


def test_triage_moves_a_received_case_to_triaged():
    status, _ = run(ctx_c0001(), [QueueForReview("C-0001", LEAD)])
    (event,) = decide_triage(TriageCase("C-0001", LEAD, "complete file"), status, NOW).events
    assert event.data == {"from": "received", "to": "triaged", "reason": "complete file"}


def test_triage_of_a_case_not_in_review_is_refused():
    (finding,) = decide_triage(TriageCase("C-0001", LEAD), None, NOW).refusals
    assert finding.rule == "LC-1"


def _assigned():
    commands = [
        QueueForReview("C-0001", LEAD),
        TriageCase("C-0001", LEAD),
        AssignPerson("AS-0001", "C-0001", "P-0051", INV, LEAD),
    ]
    return run(ctx_c0001(), commands)[0]


def test_only_the_assigned_investigator_starts_the_investigation():
    (finding,) = decide_start(StartInvestigation("C-0001", "P-0050"), _assigned(), NOW).refusals
    assert finding.reason == (
        "LC-2: only the assigned investigator (P-0051) may start the investigation of case "
        "C-0001; P-0050 is not"
    )


def test_investigation_starts_only_once_assigned():
    status, _ = run(ctx_c0001(), [QueueForReview("C-0001", LEAD)])
    (finding,) = decide_start(StartInvestigation("C-0001", "P-0051"), status, NOW).refusals
    assert (
        finding.reason
        == "LC-1: case C-0001 is received; an investigation starts only once assigned"
    )


def test_assigned_investigator_starts_the_investigation():
    (event,) = decide_start(StartInvestigation("C-0001", "P-0051"), _assigned(), NOW).events
    assert event.data["to"] == "under_investigation"


def test_returning_a_proposed_decision_needs_a_reason_and_clears_the_proposal():
    status, _ = run(ctx_c0001(), to_proposed())
    refused = decide_return(ReturnToInvestigation("C-0001", "P-0050", ""), status, NOW)
    assert [f.reason for f in refused.refusals] == [
        "LC-5: returning a case to investigation needs a written reason; none given"
    ]
    status, _ = run(
        ctx_c0001(), [ReturnToInvestigation("C-0001", "P-0050", "trace witness")], status
    )
    assert status is not None
    assert status.state is CaseState.UNDER_INVESTIGATION and status.proposal is None


def test_a_case_under_investigation_cannot_be_returned():
    (finding,) = decide_return(
        ReturnToInvestigation("C-0001", "P-0050", "why"), _assigned(), NOW
    ).refusals
    assert finding.rule == "LC-1"


def test_investigation_cannot_be_abandoned_while_the_investigator_is_absent():
    command = EndAssignment("AS-0001", "C-0001", "P-0051", INV, LEAD, "workload")
    decided = decide_end_assignment(command, _assigned(), NOW, absent=frozenset({"P-0051"}))
    assert [f.reason for f in decided.refusals] == [
        "LC-3: investigator P-0051 of case C-0001 is recorded absent; the investigation "
        "cannot be abandoned until they return or are replaced"
    ]
    (event,) = decided.events
    assert event.type == "closure.refused" and event.data["step"] == "abandon"


def test_ending_the_investigators_assignment_returns_the_case_to_triage():
    command = EndAssignment("AS-0001", "C-0001", "P-0051", INV, LEAD, "moved to another operation")
    ended, moved = decide_end_assignment(command, _assigned(), NOW, absent=frozenset()).events
    assert ended.type == "assignment.ended"
    assert ended.data == {
        "assignment": "AS-0001",
        "person": "P-0051",
        "role": "investigator",
        "reason": "moved to another operation",
    }
    assert moved.data["to"] == "triaged"


def test_an_absent_investigator_can_be_replaced():
    status, events = run(
        ctx_c0001(),
        [AssignPerson("AS-0002", "C-0001", "P-0052", INV, LEAD)],
        _assigned(),
        absent=frozenset({"P-0051"}),
    )
    assert status is not None and status.investigator == "P-0052"
    assert events[0].data["replaces"] == "P-0051"


def test_an_absence_is_recorded_with_its_reason_and_no_case():
    (event,) = decide_absence(RecordAbsence("P-0051", LEAD, True, "leave"), NOW).events
    assert event.case is None and event.subject == "P-0051"
    assert event.data == {"person": "P-0051", "absent": True, "reason": "leave"}


def test_an_absence_without_a_reason_is_refused():
    (finding,) = decide_absence(RecordAbsence("P-0051", LEAD, True, ""), NOW).refusals
    assert finding.reason == "LC-5: recording an absence needs a written reason; none given"
