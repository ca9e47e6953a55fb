"""Policies compose rules, refuse to be empty, and return conflicts in one stable order."""

from __future__ import annotations

import pytest

from tests.unit.worlds import ctx_c0001
from unburied.domain.entities import AssignmentRole
from unburied.domain.errors import InvalidInput
from unburied.independence import DEFAULT_POLICY, RULES, AllOf, Conflict, Rule, conflicts
from unburied.independence.conflicts import AssignmentRequest, sort_conflicts


def _none(request: AssignmentRequest, ctx: object) -> list[Conflict]:
    return []


def test_an_empty_policy_raises_instead_of_passing():
    with pytest.raises(ValueError, match="no independence check configured is an error"):
        AllOf([])


def test_the_empty_policy_error_is_one_of_ours():
    with pytest.raises(InvalidInput):
        AllOf([])


def test_a_policy_naming_a_rule_twice_raises():
    with pytest.raises(InvalidInput, match="IR-9 more than once"):
        AllOf([Rule("IR-9", _none), AllOf([Rule("IR-9", _none)])])


def test_policies_nest():
    inner = AllOf([Rule("IR-8", _none)])
    assert AllOf([inner, Rule("IR-9", _none)]).rule_ids == ("IR-8", "IR-9")


def test_default_policy_applies_every_rule_in_the_rule_table():
    assert set(DEFAULT_POLICY.rule_ids) == set(RULES)
    assert DEFAULT_POLICY.rule_ids == (
        "IR-1",
        "IR-2",
        "IR-3",
        "IR-4",
        "IR-5",
        "IR-6",
        "IR-7",
        "CR-1",
    )


def test_conflicts_are_sorted_by_rule_number_with_the_contact_rule_last():
    found = [
        Conflict("CR-1", "CR-1: b"),
        Conflict("IR-10", "IR-10: x"),
        Conflict("IR-2", "IR-2: a"),
        Conflict("IR-2", "IR-2: a"),
    ]
    assert [c.rule for c in sort_conflicts(found)] == ["IR-2", "IR-10", "CR-1"]


def test_conflict_text_is_its_reason_and_its_payload_names_rule_reason_and_evidence():
    conflict = Conflict("IR-7", "IR-7: P-0042 served …", ("affiliation:x",))
    assert str(conflict) == "IR-7: P-0042 served …"
    assert conflict.to_data() == {
        "rule": "IR-7",
        "reason": "IR-7: P-0042 served …",
        "evidence": ["affiliation:x"],
    }


def test_a_single_rule_can_serve_as_the_policy():
    assert isinstance(DEFAULT_POLICY, AllOf)
    only_ir7 = next(p for p in DEFAULT_POLICY.policies if p.rule_ids == ("IR-7",))
    found = conflicts("P-0042", AssignmentRole.REVIEWER, ctx_c0001(), policy=only_ir7)
    assert [c.rule for c in found] == ["IR-7"]


def test_context_refuses_facts_of_another_case():
    from dataclasses import replace

    from tests.unit.worlds import A0001

    with pytest.raises(InvalidInput, match="holds a allegation of case C-0002"):
        ctx_c0001(allegations=(replace(A0001, case="C-0002"),))
