"""Stalled cases: past their state's limit, with who holds them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.unit.worlds import NOW
from unburied.domain.errors import InvalidInput
from unburied.review import DEFAULT_STALL_POLICY, CaseState, CaseStatus, StallPolicy, stalled


def status(case: str, state: CaseState, days_ago: int, **kw) -> CaseStatus:
    return CaseStatus(case, state, NOW - timedelta(days=days_ago), **kw)


def test_a_case_past_its_limit_is_stalled_with_its_holder():
    cases = [status("C-0001", CaseState.UNDER_INVESTIGATION, 200, investigator="P-0051")]
    (stall,) = stalled(cases, NOW)
    assert stall.holder == "P-0051"
    assert stall.overdue == timedelta(days=20)
    assert str(stall) == (
        "case C-0001 has been under_investigation since 2023-11-14, 20 day(s) past its "
        "180-day limit; held by P-0051"
    )


def test_a_case_within_its_limit_is_not_stalled():
    assert stalled([status("C-0001", CaseState.UNDER_INVESTIGATION, 180)], NOW) == []


def test_closed_cases_have_no_limit():
    assert stalled([status("C-0001", CaseState.CLOSED, 5000)], NOW) == []


def test_unassigned_stalled_cases_sit_with_the_review_lead():
    (stall,) = stalled([status("C-0002", CaseState.RECEIVED, 30)], NOW)
    assert stall.holder is None
    assert str(stall).endswith("held by the review lead (unassigned)")


def test_stalled_cases_come_most_overdue_first():
    cases = [
        status("C-0001", CaseState.TRIAGED, 20),
        status("C-0002", CaseState.TRIAGED, 40),
        status("C-0003", CaseState.DECISION_PROPOSED, 100, reviewer="P-0050"),
    ]
    assert [s.case for s in stalled(cases, NOW)] == ["C-0003", "C-0002", "C-0001"]


def test_limits_are_configurable_per_state():
    policy = StallPolicy({CaseState.TRIAGED: timedelta(days=2)})
    cases = [status("C-0001", CaseState.TRIAGED, 3), status("C-0002", CaseState.RECEIVED, 300)]
    assert [s.case for s in stalled(cases, NOW, policy)] == ["C-0001"]


def test_a_stall_policy_with_no_limits_raises():
    with pytest.raises(InvalidInput, match="at least one state"):
        StallPolicy({})


def test_a_stall_limit_must_be_positive():
    with pytest.raises(InvalidInput, match="must be positive"):
        StallPolicy({CaseState.TRIAGED: timedelta(0)})


def test_the_default_policy_limits_every_open_state():
    assert {s for s in CaseState if DEFAULT_STALL_POLICY.limit_for(s)} == set(CaseState) - {
        CaseState.CLOSED
    }
