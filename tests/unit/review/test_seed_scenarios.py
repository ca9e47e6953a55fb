"""The four seed scenarios of the issue, end to end through the deciders."""

from __future__ import annotations

from tests.unit.worlds import (
    AFFILIATIONS,
    LEAD,
    NOW,
    ctx_c0001,
    ctx_c0003,
    d,
    post,
    run,
    to_proposed,
)
from unburied.domain.commands import (
    AssignPerson,
    CloseCase,
    QueueForReview,
    SignOff,
    TriageCase,
)
from unburied.domain.entities import AssignmentRole
from unburied.review import CaseState, decide_assignment, decide_close, decide_sign_off


def test_officer_of_accused_force_cannot_review_allegation():
    # P-0061 still serves in Northshire Police, whose officer P-0007 is accused
    ctx = ctx_c0001(affiliations=(*AFFILIATIONS, post("P-0061", "U-02", d(2010), None)))
    status, _ = run(ctx, [QueueForReview("C-0001", LEAD), TriageCase("C-0001", LEAD)])
    command = AssignPerson("AS-0009", "C-0001", "P-0061", AssignmentRole.REVIEWER, LEAD)
    decided = decide_assignment(command, status, ctx, NOW)
    assert not decided.accepted
    assert (
        "IR-6: P-0061 served in Northshire Police (F-01) 2010–present; officer P-0007 of that "
        "force is accused in case C-0001"
    ) in [f.reason for f in decided.refusals]
    (event,) = decided.events
    assert event.type == "assignment.refused"
    assert "IR-6" in [r["rule"] for r in event.data["refusals"]]


def test_accused_officer_cannot_interview_his_accuser_in_another_case():
    ctx = ctx_c0003()
    status, _ = run(ctx, [QueueForReview("C-0003", LEAD), TriageCase("C-0003", LEAD)])
    command = AssignPerson("AS-0031", "C-0003", "P-0007", AssignmentRole.INTERVIEWER, LEAD)
    decided = decide_assignment(command, status, ctx, NOW)
    assert [f.reason for f in decided.refusals] == [
        "CR-1: P-0007 was named as a suspect by P-0100 in case C-0001 (allegation:A-0001); "
        "this assignment involves P-0100"
    ]
    assert decided.events[0].type == "assignment.refused"


def test_case_cannot_be_closed_without_independent_sign_off():
    ctx = ctx_c0001()
    status, _ = run(ctx, to_proposed())
    assert status is not None and status.state is CaseState.DECISION_PROPOSED
    decided = decide_close(
        CloseCase("C-0001", LEAD, "file closed"), status, ctx, NOW, absent=frozenset()
    )
    assert not decided.accepted
    assert [f.reason for f in decided.refusals] == [
        "CL-2: case C-0001 cannot close without an independent sign-off of its proposed "
        "decision (state: decision_proposed)"
    ]
    (event,) = decided.events
    assert event.type == "closure.refused" and event.data["step"] == "close"


def test_investigator_cannot_sign_off_his_own_decision_to_reach_closure():
    ctx = ctx_c0001()
    status, _ = run(ctx, to_proposed())
    decided = decide_sign_off(SignOff("C-0001", "P-0051"), status, ctx, NOW)
    assert [f.rule for f in decided.refusals] == ["CL-3", "CL-4"]


def test_detective_from_the_accused_unit_in_overlapping_years_is_refused():
    ctx = ctx_c0001()
    status, _ = run(ctx, [QueueForReview("C-0001", LEAD), TriageCase("C-0001", LEAD)])
    command = AssignPerson("AS-0042", "C-0001", "P-0042", AssignmentRole.INVESTIGATOR, LEAD)
    decided = decide_assignment(command, status, ctx, NOW)
    assert (
        "IR-7: P-0042 served in Northshire CID (U-01) 2001–2004 while accused P-0007 served "
        "there 1998–2006 (case C-0001)"
    ) in [f.reason for f in decided.refusals]
