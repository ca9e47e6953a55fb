"""Which roles may issue which commands."""

from __future__ import annotations

import pytest

from unburied.access import COMMAND_ROLES, Actor, Role, may_issue
from unburied.domain import commands
from unburied.domain.commands import CloseCase, GrantOverride, RaiseConcern, SignOff
from unburied.domain.entities import AssignmentRole


def test_every_command_has_its_roles_listed():
    listed = {cls.__name__ for cls in COMMAND_ROLES}
    declared = {
        name
        for name in commands.__all__
        if name[0].isupper() and name not in {"Command", "Decided", "Finding", "OutcomeSpec"}
    }
    assert listed == declared


def test_only_a_reviewer_signs_off():
    assert may_issue(Actor("P-0050", Role.REVIEWER), SignOff("C-0001", "P-0050")) == []
    (finding,) = may_issue(Actor("P-0051", Role.INVESTIGATOR), SignOff("C-0001", "P-0051"))
    assert finding.reason == "AC-6: the investigator role may not issue SignOff (allowed: reviewer)"


def test_only_oversight_grants_overrides():
    command = GrantOverride("O-1", "C-0001", "P-0042", AssignmentRole.REVIEWER, (), "r", "P-0800")
    assert [f.rule for f in may_issue(Actor("P-0800", Role.REVIEW_LEAD), command)] == ["AC-6"]


@pytest.mark.parametrize("role", list(Role))
def test_anyone_may_raise_a_concern(role):
    assert (
        may_issue(Actor("P-0100", role), RaiseConcern("C-0001", "P-0100", "closed too soon")) == []
    )


def test_a_command_must_name_the_actor_who_issues_it():
    (finding,) = may_issue(Actor("P-0800", Role.REVIEW_LEAD), CloseCase("C-0001", "P-0801", "done"))
    assert finding.reason == "AC-7: CloseCase names actor P-0801, but P-0800 is acting"
