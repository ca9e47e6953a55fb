"""The review services: sign-off, absence, concerns, re-opening, overrides, stalled cases."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import T0
from tests.integration.services.conftest import (
    INVESTIGATOR,
    LEAD,
    OVERSIGHT_ONE,
    OVERSIGHT_TWO,
    REVIEWER,
)
from tests.integration.services.steps import RETIRED, to_proposed, to_signed_off
from unburied.bootstrap import Unburied
from unburied.domain.entities import Actor, Role
from unburied.domain.errors import NotFound, Refused
from unburied.services.assignments import assign, end_assignment, grant_override, record_absence
from unburied.services.cases import case_summary, list_cases, stalled_cases
from unburied.services.reviews import (
    close_case,
    propose_decision,
    raise_concern,
    reopen,
    return_to_investigation,
    sign_off,
    triage,
)


def _types(app: Unburied, case: str) -> list[str]:
    with app.uow() as uow:
        return [r.type for r in uow.events.find(case=case)]


def test_only_the_assigned_reviewer_may_sign_off_and_a_refusal_is_recorded(world: Unburied):
    to_proposed(world)
    other = Actor("P-0051", Role.REVIEWER)

    with pytest.raises(Refused, match="CL-3: P-0051 is not the assigned reviewer of case C-0001"):
        sign_off(world, other, "C-0001")

    assert _types(world, "C-0001")[-1] == "closure.refused"


def test_a_role_that_may_not_issue_a_command_is_refused_before_anything_is_decided(
    world: Unburied,
):
    before = _types(world, "C-0001")

    with pytest.raises(Refused, match="AC-6: the investigator role may not issue CloseCase"):
        close_case(world, INVESTIGATOR, "C-0001", "closing my own case")

    assert _types(world, "C-0001") == before


def test_a_case_cannot_close_while_its_investigator_is_recorded_absent(world: Unburied):
    to_signed_off(world)
    record_absence(world, LEAD, INVESTIGATOR.id, "long-term sick leave")

    with pytest.raises(
        Refused, match="LC-3: investigator P-0052 of case C-0001 is recorded absent"
    ):
        close_case(world, LEAD, "C-0001", "outcome signed off")
    record_absence(world, LEAD, INVESTIGATOR.id, "returned to work", absent=False)
    close_case(world, LEAD, "C-0001", "outcome signed off")

    assert case_summary(world, "C-0001").state == "closed"


def test_an_absent_investigators_case_cannot_be_abandoned(world: Unburied):
    to_proposed(world)
    record_absence(world, LEAD, INVESTIGATOR.id, "suspended")
    with world.uow() as uow:
        made = uow.events.find(case="C-0001", type="assignment.made")[0]

    with pytest.raises(Refused, match="LC-3"):
        end_assignment(world, LEAD, str(made.data["assignment"]), "reassigning the case")

    assert _types(world, "C-0001")[-1] == "closure.refused"


def test_a_concern_on_a_closed_case_reopens_its_review(world: Unburied):
    to_signed_off(world)
    close_case(world, LEAD, "C-0001", "outcome signed off")
    survivor = Actor("P-0100", Role.SURVIVOR)

    recorded = raise_concern(world, survivor, "C-0001", "this case was closed under pressure")

    assert recorded.types == ("concern.raised", "case.reopened", "case.transitioned")
    assert case_summary(world, "C-0001").state == "reopened"


def test_only_a_closed_case_is_reopened(world: Unburied):
    with pytest.raises(Refused, match="LC-1: case C-0001 is received; only a closed case"):
        reopen(world, LEAD, "C-0001", "new evidence")


def test_a_new_proposal_voids_an_earlier_sign_off_so_the_case_cannot_close_on_it(
    world: Unburied,
):
    to_signed_off(world)
    return_to_investigation(world, LEAD, "C-0001", "the lost statement was found")
    propose_decision(world, INVESTIGATOR, "C-0001", [RETIRED], "unchanged after the statement")

    with pytest.raises(Refused, match="CL-2"):
        close_case(world, LEAD, "C-0001", "closing on the old sign-off")


def test_two_oversight_approvers_override_a_conflict_and_the_assignment_proceeds(
    world: Unburied,
):
    triage(world, LEAD, "C-0001")
    with pytest.raises(Refused, match="IR-6: P-0060 served in Northshire Police"):
        assign(world, LEAD, "C-0001", "P-0060", "reviewer")

    granted = grant_override(
        world,
        OVERSIGHT_ONE,
        "C-0001",
        "P-0060",
        "reviewer",
        approvers=[OVERSIGHT_ONE, OVERSIGHT_TWO],
        reason="the only reviewer with this specialism; posting ended in 1995",
    )
    made = assign(world, LEAD, "C-0001", "P-0060", "reviewer")

    assert granted.types == ("override.granted",)
    assert made.recorded.events[0].data["overrides"] == [f"O-{granted.seqs[0]}"]
    assert case_summary(world, "C-0001").reviewer == "P-0060"


def test_an_override_with_one_approver_is_refused_and_recorded(world: Unburied):
    with pytest.raises(Refused, match="OV-2: an override needs two distinct approvers"):
        grant_override(
            world,
            OVERSIGHT_ONE,
            "C-0001",
            "P-0060",
            "reviewer",
            approvers=[OVERSIGHT_ONE],
            reason="urgent",
        )
    assert _types(world, "C-0001")[-1] == "override.refused"


def test_stalled_cases_are_those_past_their_limit_with_who_holds_them(world: Unburied):
    to_proposed(world, "C-0001")

    found = stalled_cases(world, T0 + timedelta(days=30))

    # most overdue first: 16 days past a 14-day limit, then 2 past a 28-day one
    assert [(s.case, s.state.value, s.holder, s.overdue.days) for s in found] == [
        ("C-0003", "received", None, 15),
        ("C-0001", "decision_proposed", REVIEWER.id, 1),
    ]
    assert stalled_cases(world, T0 + timedelta(days=1)) == []


def test_cases_are_listed_by_state(world: Unburied):
    triage(world, LEAD, "C-0003")

    assert [c.ref for c in list_cases(world, "triaged")] == ["C-0003"]
    assert [c.ref for c in list_cases(world, "received")] == ["C-0001"]


def test_an_unknown_case_or_person_is_not_found(world: Unburied):
    with pytest.raises(NotFound, match="case C-9999 is not in the store"):
        triage(world, LEAD, "C-9999")
    triage(world, LEAD, "C-0001")
    with pytest.raises(NotFound, match="person P-9999 is not in the store"):
        assign(world, LEAD, "C-0001", "P-9999", "reviewer")
