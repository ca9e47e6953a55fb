"""Erasure: a survivor's key destroyed on a written authority by oversight, and recorded."""

from __future__ import annotations

import pytest

from tests.integration.services.conftest import LEAD, OVERSIGHT_ONE
from unburied.bootstrap import Unburied
from unburied.domain.errors import KeyErased, Refused
from unburied.services.access import read_protected
from unburied.services.erasure import erase_survivor
from unburied.store.audit import verify_log

AUTHORITY = "Survivor's written request of 2 May 2024, confirmed by her solicitor"


def test_oversight_erases_a_survivor_and_the_erasure_is_an_event_with_its_authority(
    world: Unburied,
):
    erased = erase_survivor(world, OVERSIGHT_ONE, "P-0100", AUTHORITY)

    with world.uow() as uow:
        recorded = uow.events.get(erased.seq)
    assert recorded.type == "survivor.erased"
    assert recorded.event.actor == OVERSIGHT_ONE.id and recorded.event.subject == "P-0100"
    assert recorded.data["authority"] == AUTHORITY
    assert recorded.data["key"] == erased.key_id


def test_after_erasure_her_statement_cannot_be_read_but_the_log_still_verifies(world: Unburied):
    erase_survivor(world, OVERSIGHT_ONE, "P-0100", AUTHORITY)

    with pytest.raises(KeyErased):
        read_protected(world, LEAD, "statement.text", statement="S-0001", stated_reason="audit")
    report = verify_log(world.engine, world.verifier, deep=True)
    assert report.size > 0


def test_erasure_without_a_written_authority_is_refused_and_nothing_is_destroyed(
    world: Unburied,
):
    with pytest.raises(Refused, match="ER-1"):
        erase_survivor(world, OVERSIGHT_ONE, "P-0100", "  ")

    read = read_protected(world, LEAD, "statement.text", statement="S-0001", stated_reason="check")
    assert read.values["text"]


def test_only_oversight_may_erase(world: Unburied):
    with pytest.raises(Refused, match="AC-6"):
        erase_survivor(world, LEAD, "P-0100", AUTHORITY)


def test_only_a_survivors_data_is_erased(world: Unburied):
    with pytest.raises(Refused, match="ER-2"):
        erase_survivor(world, OVERSIGHT_ONE, "P-0010", AUTHORITY)
