"""The lifecycle table, and the status folded from events."""

from __future__ import annotations

import pytest

from tests.unit.worlds import LEAD, NOW, ctx_c0001, run, to_signed_off
from unburied.domain.commands import CloseCase, RecordAbsence
from unburied.domain.errors import InvalidInput
from unburied.domain.events import Event
from unburied.review import TRANSITIONS, CaseState, CaseStatus, absent_after, evolve, replay
from unburied.review.lifecycle import transition_findings


def test_closed_is_reached_only_from_independently_reviewed():
    sources = [s for s, targets in TRANSITIONS.items() if CaseState.CLOSED in targets]
    assert sources == [CaseState.INDEPENDENTLY_REVIEWED]


def test_every_state_has_a_way_out():
    assert set(TRANSITIONS) == set(CaseState)
    assert all(TRANSITIONS[state] for state in CaseState)


def test_a_closed_case_can_only_be_reopened():
    assert TRANSITIONS[CaseState.CLOSED] == {CaseState.REOPENED}


def test_a_move_the_table_does_not_allow_is_refused_with_the_allowed_moves():
    status = CaseStatus("C-0001", CaseState.TRIAGED, NOW)
    (finding,) = transition_findings(status, CaseState.CLOSED, "C-0001")
    assert (
        finding.reason
        == "LC-1: case C-0001 is triaged; it cannot move to closed (allowed: assigned)"
    )


def test_a_case_not_in_review_cannot_move():
    (finding,) = transition_findings(None, CaseState.TRIAGED, "C-0001")
    assert finding.reason == "LC-1: case C-0001 is not in review; queue it for review first"


def _moved(source: str, to: str) -> Event:
    return Event(
        "case.transitioned", LEAD, NOW, {"from": source, "to": to, "reason": "x"}, "C-0001"
    )


def test_folding_a_forbidden_move_from_a_log_raises():
    status = CaseStatus("C-0001", CaseState.TRIAGED, NOW)
    with pytest.raises(InvalidInput, match="from triaged to closed, which the lifecycle does not"):
        evolve(status, _moved("triaged", "closed"))


def test_folding_a_close_without_sign_off_from_a_log_raises():
    status = CaseStatus("C-0001", CaseState.INDEPENDENTLY_REVIEWED, NOW)
    with pytest.raises(InvalidInput, match="closes in the log without an independent sign-off"):
        evolve(status, _moved("independently_reviewed", "closed"))


def test_folding_an_event_whose_from_state_is_stale_raises():
    status = CaseStatus("C-0001", CaseState.ASSIGNED, NOW)
    with pytest.raises(InvalidInput, match="is assigned; an event moves it from triaged"):
        evolve(status, _moved("triaged", "assigned"))


def test_events_before_the_case_is_queued_leave_no_status():
    assert evolve(None, _moved("received", "triaged")) is None


def test_a_case_cannot_be_queued_twice_in_the_log():
    queued = Event("case.queued", LEAD, NOW, {"historic": True}, "C-0001")
    status = evolve(None, queued)
    with pytest.raises(InvalidInput, match="queued for review twice"):
        evolve(status, queued)


def test_replay_of_the_log_equals_the_status_folded_live():
    ctx = ctx_c0001()
    status, events = run(ctx, [*to_signed_off(), CloseCase("C-0001", LEAD, "outcome recorded")])
    assert replay("C-0001", events) == status
    assert status is not None and status.state is CaseState.CLOSED


def test_replay_skips_other_cases():
    other = Event("case.queued", LEAD, NOW, {"historic": False}, "C-0002")
    status, events = run(ctx_c0001(), to_signed_off())
    assert replay("C-0001", [other, *events]) == status


def test_the_holder_is_the_investigator_under_investigation_and_the_reviewer_after_a_proposal():
    base = CaseStatus("C-0001", CaseState.UNDER_INVESTIGATION, NOW, "P-0051", "P-0050")
    assert base.holder == "P-0051"
    assert (
        CaseStatus("C-0001", CaseState.DECISION_PROPOSED, NOW, "P-0051", "P-0050").holder
        == "P-0050"
    )
    assert CaseStatus("C-0001", CaseState.TRIAGED, NOW).holder is None


def test_who_is_absent_is_folded_from_absence_events_of_any_time():
    ctx = ctx_c0001()
    status, events = run(ctx, [RecordAbsence("P-0051", LEAD, True, "leave"), *to_signed_off()])
    absent = absent_after(frozenset(), events)
    assert absent == {"P-0051"}
    assert status is not None and status.investigator_absent(absent)
    _, back = run(ctx, [RecordAbsence("P-0051", LEAD, False, "back")], status)
    assert absent_after(absent, back) == frozenset()


def test_an_absence_does_not_change_a_case_status():
    status, _ = run(ctx_c0001(), to_signed_off())
    after, _ = run(ctx_c0001(), [RecordAbsence("P-0051", LEAD, True, "leave")], status)
    assert after == status
