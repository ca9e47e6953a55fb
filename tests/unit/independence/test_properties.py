"""Invariants of the independence check, over generated worlds."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import assignment_roles, independence_contexts, person_ids
from unburied.independence import DEFAULT_POLICY, AllOf, conflicts


@settings(max_examples=60, deadline=None)
@given(ctx=independence_contexts(), candidate=person_ids(), role=assignment_roles(), data=st.data())
def test_conflicts_do_not_depend_on_the_order_of_the_facts(ctx, candidate, role, data):
    def shuffled(items):
        return tuple(data.draw(st.permutations(items)))

    reordered = replace(
        ctx,
        allegations=shuffled(ctx.allegations),
        statements=shuffled(ctx.statements),
        mentions=shuffled(ctx.mentions),
        affiliations=shuffled(ctx.affiliations),
        organisations=shuffled(ctx.organisations),
        people=shuffled(ctx.people),
        declarations=shuffled(ctx.declarations),
        suspect_namings=shuffled(ctx.suspect_namings),
    )
    assert conflicts(candidate, role, reordered) == conflicts(candidate, role, ctx)


@settings(max_examples=40, deadline=None)
@given(ctx=independence_contexts(), candidate=person_ids(), role=assignment_roles())
def test_conflicts_are_deterministic(ctx, candidate, role):
    first = conflicts(candidate, role, ctx)
    fresh = replace(ctx)  # a new value, so no cached view is shared
    assert conflicts(candidate, role, fresh) == first


@settings(max_examples=40, deadline=None)
@given(ctx=independence_contexts(), candidate=person_ids(), role=assignment_roles(), data=st.data())
def test_conflicts_do_not_depend_on_the_order_of_the_rules(ctx, candidate, role, data):
    assert isinstance(DEFAULT_POLICY, AllOf)
    reversed_policy = AllOf(data.draw(st.permutations(DEFAULT_POLICY.policies)))
    assert conflicts(candidate, role, ctx, policy=reversed_policy) == conflicts(
        candidate, role, ctx
    )


@settings(max_examples=40, deadline=None)
@given(ctx=independence_contexts(), candidate=person_ids(), role=assignment_roles())
def test_every_conflict_names_its_rule_first_and_the_candidate(ctx, candidate, role):
    for conflict in conflicts(candidate, role, ctx):
        assert conflict.reason.startswith(f"{conflict.rule}: ")
        assert candidate in conflict.reason


@settings(max_examples=40, deadline=None)
@given(ctx=independence_contexts(), role=assignment_roles())
def test_every_accused_person_is_conflicted_out_of_their_own_case(ctx, role):
    for accused in ctx.accused_people:
        rules = {c.rule for c in conflicts(accused, role, ctx)}
        assert "IR-2" in rules


@given(st.lists(st.sampled_from(range(8)), unique=True))
def test_a_policy_of_any_chosen_rules_works_and_of_none_raises(chosen):
    assert isinstance(DEFAULT_POLICY, AllOf)
    rules = [DEFAULT_POLICY.policies[i] for i in chosen]
    if not rules:
        with pytest.raises(ValueError, match="not a pass"):
            AllOf(rules)
        return
    assert len(AllOf(rules).rule_ids) == len(chosen)
