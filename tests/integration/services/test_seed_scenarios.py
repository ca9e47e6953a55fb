"""The four seed scenarios of the issue, end to end through the services and the store.

Each refusal is checked three ways: the reason raised, the refusal recorded as an event in the
log, and the case left where it was.
"""

from __future__ import annotations

import pytest

from tests.integration.services.conftest import LEAD
from tests.integration.services.steps import to_assigned, to_proposed, to_signed_off
from unburied.bootstrap import Unburied
from unburied.domain.errors import Refused
from unburied.domain.events import RecordedEvent
from unburied.services.assignments import assign
from unburied.services.cases import case_summary, case_timeline
from unburied.services.reviews import close_case, triage


def _last(app: Unburied, case: str, type_: str) -> RecordedEvent:
    with app.uow() as uow:
        return uow.events.find(case=case, type=type_)[-1]


def _rules(recorded: RecordedEvent) -> list[str]:
    return [r["rule"] for r in recorded.data["refusals"]]  # type: ignore[index,union-attr]


def test_officer_of_the_accused_force_cannot_review_the_allegation(world: Unburied):
    triage(world, LEAD, "C-0001")

    with pytest.raises(Refused, match="recorded as event") as refused:
        assign(world, LEAD, "C-0001", "P-0061", "reviewer")

    assert (
        "IR-6: P-0061 served in Northshire Police (F-01) 2010–present; officer P-0007 of that "
        "force is accused in case C-0001"
    ) in [f.reason for f in refused.value.findings]
    event = _last(world, "C-0001", "assignment.refused")
    assert event.event.subject == "P-0061" and "IR-6" in _rules(event)
    assert case_summary(world, "C-0001").reviewer is None


def test_accused_officer_cannot_interview_his_accuser_in_another_case(world: Unburied):
    triage(world, LEAD, "C-0003")

    with pytest.raises(Refused) as refused:
        assign(world, LEAD, "C-0003", "P-0007", "interviewer")

    assert [f.reason for f in refused.value.findings] == [
        "CR-1: P-0007 was named as a suspect by P-0100 in case C-0001 (allegation:A-0001); "
        "this assignment involves P-0100"
    ]
    assert _rules(_last(world, "C-0003", "assignment.refused")) == ["CR-1"]


def test_a_suspect_is_refused_any_task_involving_his_accuser(world: Unburied):
    triage(world, LEAD, "C-0003")

    with pytest.raises(Refused, match="CR-1: P-0007 was named as a suspect by P-0100"):
        assign(world, LEAD, "C-0003", "P-0007", "task", task="trace a car", involves=["P-0100"])


def test_a_case_cannot_be_closed_without_an_independent_sign_off(world: Unburied):
    to_proposed(world)

    with pytest.raises(Refused) as refused:
        close_case(world, LEAD, "C-0001", "file closed")

    assert [f.reason for f in refused.value.findings] == [
        "CL-2: case C-0001 cannot close without an independent sign-off of its proposed "
        "decision (state: decision_proposed)"
    ]
    event = _last(world, "C-0001", "closure.refused")
    assert event.data["step"] == "close" and _rules(event) == ["CL-2"]
    assert case_summary(world, "C-0001").state == "decision_proposed"


def test_a_detective_from_the_accused_unit_in_overlapping_years_is_refused(world: Unburied):
    triage(world, LEAD, "C-0001")

    with pytest.raises(Refused) as refused:
        assign(world, LEAD, "C-0001", "P-0042", "investigator")

    assert (
        "IR-7: P-0042 served in Northshire CID (U-01) 2001–2004 while accused P-0007 served "
        "there 1998–2006 (case C-0001)"
    ) in [f.reason for f in refused.value.findings]
    assert "IR-7" in _rules(_last(world, "C-0001", "assignment.refused"))


def test_a_manager_of_the_accused_is_refused_under_the_management_chain_rule(world: Unburied):
    triage(world, LEAD, "C-0001")

    with pytest.raises(Refused) as refused:
        assign(world, LEAD, "C-0001", "P-0031", "reviewer")

    assert "IR-3" in {f.rule for f in refused.value.findings}


def test_an_independent_reviewer_may_be_assigned(world: Unburied):
    to_assigned(world)

    summary = case_summary(world, "C-0001")
    assert (summary.state, summary.investigator, summary.reviewer) == (
        "assigned",
        "P-0052",
        "P-0050",
    )


def test_a_signed_off_case_closes_and_its_timeline_shows_the_sign_off_first(world: Unburied):
    to_signed_off(world)

    recorded = close_case(world, LEAD, "C-0001", "signed off; no proceedings possible")

    assert recorded.types == ("case.closed", "case.transitioned")
    types = [e.type for e in case_timeline(world, "C-0001")]
    assert types.index("closure.signed_off") < types.index("case.closed")
    assert case_summary(world, "C-0001").state == "closed"
