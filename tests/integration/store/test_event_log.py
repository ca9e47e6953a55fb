"""The event log: sequence numbers, canonical leaves, reading back, one transaction."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, select

from unburied.domain.errors import NotFound
from unburied.domain.events import encode_event
from unburied.ledger.merkle import leaf_hash
from unburied.store.schema import events
from unburied.store.uow import SqlUnitOfWork

from .builders import an_event, some_events

UowFactory = Callable[[], SqlUnitOfWork]


def test_append_gives_consecutive_sequence_numbers_from_the_log_head(
    uow_factory: UowFactory,
) -> None:
    with uow_factory() as uow:
        first = uow.events.append(some_events(3))
        second = uow.events.append(some_events(2, start=3))
        uow.commit()
    with uow_factory() as uow:
        third = uow.events.append(some_events(1, start=5))
        uow.commit()
    assert [r.seq for r in first + second + third] == [0, 1, 2, 3, 4, 5]


def test_each_row_stores_the_canonical_leaf_and_its_hash(
    uow_factory: UowFactory, engine: Engine
) -> None:
    with uow_factory() as uow:
        recorded = uow.events.append(some_events(4))
        uow.commit()
    with engine.connect() as conn:
        rows = conn.execute(select(events).order_by(events.c.seq)).all()
    for r, row in zip(recorded, rows, strict=True):
        assert r.leaf == encode_event(r.seq, r.event) == row.leaf
        assert row.leaf_hash == leaf_hash(row.leaf)
        assert (row.type, row.actor, row.case_ref, row.subject) == (
            r.event.type,
            r.event.actor,
            r.event.case,
            r.event.subject,
        )


def test_get_returns_the_event_as_recorded(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        recorded = uow.events.append(some_events(3))
        uow.commit()
    with uow_factory() as uow:
        assert uow.events.get(1) == recorded[1]


def test_get_of_an_unknown_sequence_number_is_not_found(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.events.append(some_events(2))
        with pytest.raises(NotFound, match="event 7 is not in the log"):
            uow.events.get(7)


def test_range_streams_events_in_order_across_batches(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        recorded = uow.events.append(some_events(11))
        uow.commit()
    with uow_factory() as uow:
        assert list(uow.events.range(2, 9, batch=3)) == recorded[2:9]
        assert [r.seq for r in uow.events.range(batch=4)] == list(range(11))


def test_find_selects_by_case_type_and_subject(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        recorded = uow.events.append(some_events(20))
        uow.commit()
    with uow_factory() as uow:
        by_case = uow.events.find(case="C-2")
        by_both = uow.events.find(case="C-2", type="case.transitioned")
        by_subject = uow.events.find(subject="P-3", limit=2)
    assert by_case == [r for r in recorded if r.event.case == "C-2"]
    assert by_both == [r for r in by_case if r.type == "case.transitioned"]
    assert by_subject == [r for r in recorded if r.event.subject == "P-3"][:2]


def test_appending_nothing_writes_nothing_and_signs_nothing(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        assert uow.events.append([]) == []
        assert uow.commit() is None
        assert uow.events.size == 0


def test_append_never_commits_by_itself(uow_factory: UowFactory, engine: Engine) -> None:
    with uow_factory() as uow:
        uow.events.append(some_events(5))
        assert uow.events.size == 5
    with engine.connect() as conn:
        assert conn.execute(select(events.c.seq)).all() == []


def test_a_failed_append_makes_the_unit_of_work_refuse_to_commit(
    uow_factory: UowFactory, engine: Engine
) -> None:
    from unburied.domain.errors import LogIntegrityError

    with uow_factory() as uow:
        uow.events.append(some_events(2))
        uow.connection.exec_driver_sql("DROP TABLE view_event_counts")
        with pytest.raises(Exception, match="view_event_counts"):
            uow.events.append([an_event(9)])
        with pytest.raises(LogIntegrityError, match="an append failed"):
            uow.commit()
    with engine.connect() as conn:
        assert conn.execute(select(events.c.seq)).all() == []
