"""Recording a statement: sealed text, a holder's copy, and no second statement with one id."""

from __future__ import annotations

from datetime import date

import pytest

from unburied.bootstrap import Unburied
from unburied.domain.errors import InvalidInput
from unburied.ledger.receipt import Receipt, check_holder_copy
from unburied.services.log import issue_receipt
from unburied.services.statements import record_statement

TEXT = "A synthetic statement given to the review."


def _record(app: Unburied, statement: str = "ST-NEW-1"):  # type: ignore[no-untyped-def]
    return record_statement(
        app, "P-0010", case="C-0001", statement=statement, given_by="P-0100",
        text=TEXT, taken_on=date(2024, 5, 2),
    )  # fmt: skip


def test_a_recorded_statement_never_holds_its_text_in_clear_and_her_copy_proves_it(
    world: Unburied,
):
    made = _record(world)

    assert TEXT.encode() not in made.event.leaf
    receipt = Receipt.from_text(issue_receipt(world, made.event.seq).to_text())
    copy = made.holder_copy
    check_holder_copy(receipt, copy.field, copy.value, copy.salt)


def test_a_second_statement_with_the_same_id_is_refused_and_nothing_is_written(world: Unburied):
    _record(world)
    with world.uow() as uow:
        size = uow.events.size

    with pytest.raises(InvalidInput, match="ST-NEW-1 is already recorded"):
        _record(world)

    with world.uow() as uow:
        assert uow.events.size == size


def test_an_empty_statement_is_refused(world: Unburied):
    with pytest.raises(InvalidInput, match="the text is empty"):
        record_statement(
            world, "P-0010", case="C-0001", statement="ST-E", given_by="P-0100", text="  ",
            taken_on=date(2024, 5, 2),
        )  # fmt: skip
