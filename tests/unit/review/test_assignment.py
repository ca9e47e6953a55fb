"""Assignment: the lifecycle must allow it, the independence rules must, or an override."""

from __future__ import annotations

import pytest

from tests.unit.worlds import (
    AFFILIATIONS,
    LEAD,
    NOW,
    ctx_c0001,
    d,
    post,
    run,
    to_proposed,
    to_signed_off,
)
from unburied.domain.commands import (
    AssignPerson,
    CloseCase,
    GrantOverride,
    QueueForReview,
    TriageCase,
)
from unburied.domain.entities import Actor, AssignmentRole, Role
from unburied.domain.errors import InvalidInput
from unburied.domain.events import encode_event
from unburied.independence import Override, decide_grant_override
from unburied.review import CaseState, decide_assignment

INV, REV, TASK = AssignmentRole.INVESTIGATOR, AssignmentRole.REVIEWER, AssignmentRole.TASK


def _triaged(ctx=None):
    return run(ctx or ctx_c0001(), [QueueForReview("C-0001", LEAD), TriageCase("C-0001", LEAD)])[0]


def test_clean_investigator_assigned_to_a_triaged_case_moves_it_to_assigned():
    command = AssignPerson("AS-0001", "C-0001", "P-0051", INV, LEAD)
    made, moved = decide_assignment(command, _triaged(), ctx_c0001(), NOW).events
    assert made.type == "assignment.made" and made.subject == "P-0051"
    assert made.data == {
        "assignment": "AS-0001",
        "person": "P-0051",
        "role": "investigator",
        "task": None,
        "involves": [],
        "replaces": None,
        "overrides": [],
        "overridden": [],
    }
    assert moved.data == {"from": "triaged", "to": "assigned", "reason": "investigator assigned"}
    encode_event(3, made)


def test_a_received_case_is_triaged_before_anyone_is_assigned():
    status = run(ctx_c0001(), [QueueForReview("C-0001", LEAD)])[0]
    command = AssignPerson("AS-0001", "C-0001", "P-0051", INV, LEAD)
    decided = decide_assignment(command, status, ctx_c0001(), NOW)
    assert [f.reason for f in decided.refusals] == [
        "LC-1: case C-0001 is received; triage it before assigning anyone"
    ]
    assert decided.events[0].type == "assignment.refused"


def test_nobody_is_assigned_to_a_closed_case():
    ctx = ctx_c0001()
    status = run(ctx, [*to_signed_off(), CloseCase("C-0001", LEAD, "done")])[0]
    command = AssignPerson("AS-0009", "C-0001", "P-0052", REV, LEAD)
    (finding,) = decide_assignment(command, status, ctx, NOW).refusals
    assert finding.reason == (
        "LC-1: case C-0001 is closed; raise a concern or re-open it before assigning anyone"
    )


def test_the_investigator_cannot_also_be_the_reviewer():
    ctx = ctx_c0001()
    status = run(ctx, to_proposed())[0]
    command = AssignPerson("AS-0009", "C-0001", "P-0051", REV, LEAD)
    (finding,) = decide_assignment(command, status, ctx, NOW).refusals
    assert finding.reason == "LC-4: P-0051 investigates case C-0001 and cannot also review it"


def test_the_reviewer_cannot_also_be_the_investigator():
    ctx = ctx_c0001()
    status = run(ctx, to_proposed())[0]
    command = AssignPerson("AS-0009", "C-0001", "P-0050", INV, LEAD)
    (finding,) = decide_assignment(command, status, ctx, NOW).refusals
    assert finding.reason == "LC-4: P-0050 reviews case C-0001 and cannot also investigate it"


def test_a_refused_assignment_records_every_reason_in_its_event():
    command = AssignPerson("AS-0042", "C-0001", "P-0042", REV, LEAD)
    decided = decide_assignment(command, _triaged(), ctx_c0001(), NOW)
    (event,) = decided.events
    assert [r["rule"] for r in event.data["refusals"]] == ["IR-5", "IR-6", "IR-7"]
    assert event.data["person"] == "P-0042" and event.data["role"] == "reviewer"
    encode_event(9, event)


def test_a_task_records_whom_it_involves():
    ctx = ctx_c0001()
    status = run(ctx, to_proposed())[0]
    command = AssignPerson(
        "AS-0010",
        "C-0001",
        "P-0052",
        TASK,
        LEAD,
        task="trace witness",
        involves=frozenset({"P-0300"}),
    )
    (made,) = decide_assignment(command, status, ctx, NOW).events
    assert made.data["task"] == "trace witness" and made.data["involves"] == ["P-0300"]


def test_an_assignment_checked_against_another_cases_context_is_an_error():
    command = AssignPerson("AS-0001", "C-0002", "P-0051", INV, LEAD)
    with pytest.raises(InvalidInput, match="checked against case C-0001"):
        decide_assignment(command, _triaged(), ctx_c0001(), NOW)


def _override_for(ctx, candidate: str) -> Override:
    command = GrantOverride(
        "O-0001",
        "C-0001",
        candidate,
        REV,
        (Actor("P-0900", Role.OVERSIGHT), Actor("P-0901", Role.OVERSIGHT)),
        "specialist knowledge; served in a different unit thirty years ago",
        "P-0900",
    )
    decided = decide_grant_override(command, ctx, NOW)
    assert decided.accepted, decided.refusals
    return Override.from_event(decided.events[0])


def test_an_override_lets_exactly_the_covered_conflicts_through_and_is_recorded():
    ctx = ctx_c0001(affiliations=(*AFFILIATIONS, post("P-0060", "U-91", d(2015), role="reviewer")))
    override = _override_for(ctx, "P-0060")
    command = AssignPerson("AS-0011", "C-0001", "P-0060", REV, LEAD)
    (made,) = decide_assignment(command, _triaged(ctx), ctx, NOW, overrides=[override]).events
    assert made.type == "assignment.made"
    assert made.data["overrides"] == ["O-0001"]
    assert [c["rule"] for c in made.data["overridden"]] == ["IR-6"]


def test_an_override_does_not_cover_a_conflict_that_appeared_after_it():
    ctx = ctx_c0001(affiliations=(*AFFILIATIONS, post("P-0060", "U-91", d(2015), role="reviewer")))
    override = _override_for(ctx, "P-0060")
    colleague_later = ctx_c0001(
        affiliations=(
            *AFFILIATIONS,
            post("P-0060", "U-91", d(2015), role="reviewer"),
            post("P-0060", "U-01", d(2005), d(2005, 12, 31)),
        )
    )
    command = AssignPerson("AS-0011", "C-0001", "P-0060", REV, LEAD)
    decided = decide_assignment(command, _triaged(), colleague_later, NOW, overrides=[override])
    assert [f.rule for f in decided.refusals] == ["IR-6", "IR-7"]


def test_an_override_for_one_role_does_not_serve_another():
    ctx = ctx_c0001(affiliations=(*AFFILIATIONS, post("P-0060", "U-91", d(2015), role="reviewer")))
    override = _override_for(ctx, "P-0060")
    command = AssignPerson("AS-0012", "C-0001", "P-0060", INV, LEAD)
    decided = decide_assignment(command, _triaged(ctx), ctx, NOW, overrides=[override])
    assert [f.rule for f in decided.refusals] == ["IR-6"]
    assert decided.events[0].type == "assignment.refused"


def test_state_after_assignment_is_assigned():
    ctx = ctx_c0001()
    status = run(
        ctx,
        [
            QueueForReview("C-0001", LEAD),
            TriageCase("C-0001", LEAD),
            AssignPerson("AS-0001", "C-0001", "P-0051", INV, LEAD),
        ],
    )[0]
    assert status is not None and status.state is CaseState.ASSIGNED
