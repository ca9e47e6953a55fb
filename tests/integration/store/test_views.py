"""Views: projected in the append's transaction; a replay of the log rebuilds them exactly."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Connection, Engine, insert, select

from unburied.domain.errors import InvalidInput
from unburied.domain.events import RecordedEvent
from unburied.ledger.note import NoteSigner
from unburied.store.schema import view_event_counts
from unburied.store.uow import SqlUnitOfWork
from unburied.store.views import ALL_EVENTS, ViewRegistry, rebuild_views

from .builders import an_event, batches, empty_database, some_events

UowFactory = Callable[[], SqlUnitOfWork]


def _counts(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(view_event_counts.c.type, view_event_counts.c.events)).all())


def test_event_counts_follow_every_append(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        recorded = uow.events.append(some_events(10))
        uow.events.append([an_event(99, "concern.raised")])
        uow.commit()
        counts = _counts(uow.connection)
    expected = Counter(r.type for r in recorded)
    expected["concern.raised"] += 1
    assert counts == dict(expected)


def test_views_roll_back_with_the_events(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.events.append(some_events(3))
    with uow_factory() as uow:
        assert _counts(uow.connection) == {}


def test_rebuild_empties_the_views_and_replays_the_log(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.events.append(some_events(7))
        uow.commit()
    with uow_factory() as uow:
        live = _counts(uow.connection)
        uow.connection.execute(insert(view_event_counts).values(type="bogus", events=5))
        assert rebuild_views(uow.connection) == 7
        assert _counts(uow.connection) == live


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=batches)
def test_replaying_the_log_gives_the_live_views(
    engine: Engine,
    signer: NoteSigner,
    clock: Callable[[], datetime],
    plan: list[list[str]],
) -> None:
    empty_database(engine)
    n = 0
    for types in plan:
        with SqlUnitOfWork(engine, signer=signer, clock=clock) as uow:
            uow.events.append([an_event(n + i, t) for i, t in enumerate(types)])
            uow.commit()
        n += len(types)
    with SqlUnitOfWork(engine, signer=signer, clock=clock) as uow:
        live = _counts(uow.connection)
        rebuild_views(uow.connection)
        assert _counts(uow.connection) == live
        assert sum(live.values()) == n


def test_typed_projectors_see_runs_in_log_order_and_all_events_projectors_see_the_batch(
    uow_factory: UowFactory,
) -> None:
    registry = ViewRegistry()
    seen: list[tuple[str, list[int]]] = []

    @registry.projector("case.opened", "concern.raised")
    def typed(conn: Connection, events: Sequence[RecordedEvent]) -> None:
        seen.append(("typed", [e.seq for e in events]))

    @registry.projector(ALL_EVENTS)
    def every(conn: Connection, events: Sequence[RecordedEvent]) -> None:
        seen.append(("all", [e.seq for e in events]))

    kinds = ["case.opened", "case.opened", "assignment.made", "concern.raised", "case.opened"]
    with uow_factory() as uow:
        from unburied.store.event_log import EventLog

        log = EventLog(uow.connection, views=registry)
        log.append([an_event(i, t) for i, t in enumerate(kinds)])
    assert seen == [("typed", [0, 1]), ("typed", [3]), ("typed", [4]), ("all", [0, 1, 2, 3, 4])]


def test_a_projector_for_an_unknown_event_type_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown event type 'case.buried'"):
        ViewRegistry().projector("case.buried")


def test_a_projector_without_event_types_is_refused() -> None:
    with pytest.raises(InvalidInput, match="at least one event type"):
        ViewRegistry().projector()
