"""Stall limits a review lead sets: STATE=DAYS, checked and explained."""

from __future__ import annotations

from datetime import timedelta

import pytest

from unburied.domain.errors import InvalidInput
from unburied.review import DEFAULT_STALL_POLICY, CaseState, parse_limits


def test_a_limit_given_as_state_equals_days_replaces_only_that_state() -> None:
    policy = parse_limits(["under_investigation=90"])

    assert policy.limit_for(CaseState.UNDER_INVESTIGATION) == timedelta(days=90)
    assert policy.limit_for(CaseState.ASSIGNED) == DEFAULT_STALL_POLICY.limit_for(
        CaseState.ASSIGNED
    )


def test_an_unknown_state_is_refused_naming_the_states_known() -> None:
    with pytest.raises(InvalidInput, match="'investigating' is not a state .*under_investigation"):
        parse_limits(["investigating=90"])


@pytest.mark.parametrize("text", ["assigned", "assigned=", "assigned=0", "assigned=two"])
def test_a_limit_without_a_whole_number_of_days_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="expected STATE=DAYS"):
        parse_limits([text])
