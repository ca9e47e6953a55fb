"""The unit of work: all or nothing, one writer at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import Engine, select

from unburied.domain.errors import ConfigurationError
from unburied.ledger.note import NoteSigner
from unburied.store.audit import verify_log
from unburied.store.schema import data_keys, events
from unburied.store.uow import SqlUnitOfWork

from .builders import some_events

UowFactory = Callable[[], SqlUnitOfWork]


def test_leaving_without_commit_rolls_back_events_keys_and_checkpoints(
    uow_factory: UowFactory, engine: Engine
) -> None:
    with uow_factory() as uow:
        uow.events.append(some_events(3))
        uow.keys.key_for("P-1")
    with engine.connect() as conn:
        assert conn.execute(select(events.c.seq)).all() == []
        assert conn.execute(select(data_keys.c.key_id)).all() == []


def test_an_error_inside_the_block_rolls_back(uow_factory: UowFactory, engine: Engine) -> None:
    with pytest.raises(RuntimeError, match="service failed"), uow_factory() as uow:
        uow.events.append(some_events(3))
        raise RuntimeError("service failed")
    with engine.connect() as conn:
        assert conn.execute(select(events.c.seq)).all() == []


def test_a_unit_of_work_can_commit_more_than_once(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.events.append(some_events(2))
        first = uow.commit()
        uow.events.append(some_events(3, 2))
        second = uow.commit()
    assert first is not None and second is not None
    assert (first.size, second.size) == (2, 5)


def test_keys_without_a_master_key_are_refused(
    engine: Engine, signer: NoteSigner, clock: Callable[[], datetime]
) -> None:
    with SqlUnitOfWork(engine, signer=signer, clock=clock) as uow:
        with pytest.raises(ConfigurationError, match="no master key is loaded"):
            uow.keys.key_for("P-1")


def test_commit_outside_the_block_is_refused(uow_factory: UowFactory) -> None:
    uow = uow_factory()
    with pytest.raises(ConfigurationError, match="not open"):
        uow.commit()


def test_concurrent_writers_never_share_a_sequence_number(
    uow_factory: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    errors: list[BaseException] = []

    def writer(w: int) -> None:
        try:
            for k in range(6):
                with uow_factory() as uow:
                    uow.events.append(some_events(3, 1000 * w + 10 * k))
                    uow.commit()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify_log(engine, signer.verifier)
    assert (report.size, report.checkpoints) == (54, 18)
