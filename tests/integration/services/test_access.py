"""Reading protected values: recorded before they are opened, refused without a need to know,
and an alert to oversight when the reader is conflicted."""

from __future__ import annotations

import pytest

from tests.integration.services.conftest import LEAD, REVIEWER
from tests.integration.services.northshire import STATEMENT_TEXT, SURVIVOR_NAME
from tests.integration.services.steps import to_assigned
from unburied.bootstrap import Unburied
from unburied.domain.entities import Actor, Role
from unburied.domain.errors import InvalidInput, KeyErased, NotFound, Refused
from unburied.domain.events import RecordedEvent
from unburied.services.access import read_protected


def _event(app: Unburied, seq: int) -> RecordedEvent:
    with app.uow() as uow:
        return uow.events.get(seq)


def test_a_statement_read_is_recorded_with_its_reason_before_the_text_is_returned(
    world: Unburied,
):
    to_assigned(world)

    read = read_protected(
        world, REVIEWER, "statement.text", statement="S-0001", stated_reason="preparing review"
    )

    assert read.values == {"text": STATEMENT_TEXT}
    recorded = _event(world, read.access_seq)
    assert recorded.type == "access.recorded"
    assert recorded.event.subject == "P-0100" and recorded.event.case == "C-0001"
    assert recorded.data["reason"] == "preparing review"
    assert recorded.data["basis"].startswith("assignment:AS-")
    assert read.alert_seq is None


def test_the_read_is_in_the_log_even_when_the_value_can_no_longer_be_opened(world: Unburied):
    with world.uow() as uow:
        uow.keys.destroy("P-0100")
        uow.commit()
        size = uow.events.size

    with pytest.raises(KeyErased):
        read_protected(
            world, LEAD, "statement.text", statement="S-0001", stated_reason="audit sample"
        )

    with world.uow() as uow:
        (recorded,) = list(uow.events.range(size))
    assert recorded.type == "access.recorded" and recorded.data["reason"] == "audit sample"


def test_a_read_without_a_need_to_know_is_refused_and_the_refusal_recorded(world: Unburied):
    outsider = Actor("P-0051", Role.REVIEWER)

    with pytest.raises(Refused, match="AC-3: P-0051 holds no active assignment on case C-0001"):
        read_protected(world, outsider, "statement.text", statement="S-0001", stated_reason="x")

    with world.uow() as uow:
        last = uow.events.find(case="C-0001")[-1]
    assert last.type == "access.refused" and last.event.actor == "P-0051"


def test_a_conflicted_reader_raises_an_alert_to_oversight(world: Unburied):
    conflicted = Actor("P-0042", Role.OVERSIGHT)

    read = read_protected(
        world,
        conflicted,
        "survivor.identity",
        subject="P-0100",
        case="C-0001",
        stated_reason="checking the complaint",
    )

    assert read.values["identity_name"] == SURVIVOR_NAME
    assert read.alert_seq == read.access_seq + 1
    alert = _event(world, read.alert_seq)
    assert alert.type == "access.alert" and alert.data["read_allowed"] is True
    assert "IR-7" in [c["rule"] for c in alert.data["conflicts"]]


def test_a_survivor_reads_her_own_identity_without_alert(world: Unburied):
    survivor = Actor("P-0100", Role.SURVIVOR)

    read = read_protected(
        world, survivor, "survivor.identity", subject="P-0100", stated_reason="my record"
    )

    assert read.values == {"identity_name": SURVIVOR_NAME, "date_of_birth": "1988-04-02"}
    assert _event(world, read.access_seq).data["basis"] == "own record"


def test_a_lost_statement_has_no_text_to_read(world: Unburied):
    with pytest.raises(NotFound, match="statement S-0002 is recorded as lost"):
        read_protected(world, LEAD, "statement.text", statement="S-0002", stated_reason="audit")


def test_a_field_that_is_not_protected_is_not_read_through_this_door(world: Unburied):
    with pytest.raises(InvalidInput, match="'person.pseudonym' is not a protected field"):
        read_protected(world, LEAD, "person.pseudonym", subject="P-0100", stated_reason="x")
