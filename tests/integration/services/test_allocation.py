"""Bulk allocation: the same rules as one assignment, every refusal recorded, nobody forced in."""

from __future__ import annotations

from tests.integration.services.conftest import LEAD
from unburied.bootstrap import Unburied
from unburied.domain.entities import AssignmentRole
from unburied.services.allocation import allocate
from unburied.services.cases import case_summary


def _refused(app: Unburied, case: str) -> list[str]:
    with app.uow() as uow:
        return [str(e.event.subject) for e in uow.events.find(case=case, type="assignment.refused")]


def test_a_case_nobody_in_the_pool_may_take_is_left_unallocated_with_each_refusal_recorded(
    world: Unburied,
):
    # P-0061 serves in the accused officer's force (IR-6); P-0042 served in his unit (IR-7).
    result = allocate(world, LEAD, ["C-0001"], ["P-0061", "P-0042"], AssignmentRole.INVESTIGATOR)

    assert result.made == 0 and result.unallocated == ["C-0001"]
    assert sorted(_refused(world, "C-0001")) == ["P-0042", "P-0061"]
    assert {"IR-6", "IR-7"} <= set(result.by_rule)
    assert case_summary(world, "C-0001").investigator is None


def test_the_first_candidate_the_rules_allow_is_assigned_after_the_refused_ones(world: Unburied):
    # Equal load, so candidates are tried in id order: P-0042 (IR-7) first, then P-0052.
    result = allocate(world, LEAD, ["C-0001"], ["P-0052", "P-0042"], AssignmentRole.INVESTIGATOR)

    assert result.made == 1 and result.unallocated == []
    assert _refused(world, "C-0001") == ["P-0042"]
    assert case_summary(world, "C-0001").investigator == "P-0052"
