"""Checkpoints: one per committed group of appends, and never one that forks the log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import Engine, update

from unburied.domain.errors import ConfigurationError, LogIntegrityError
from unburied.ledger.checkpoint import open_checkpoint
from unburied.ledger.note import NoteSigner
from unburied.store.schema import checkpoints, events
from unburied.store.uow import SqlUnitOfWork

from .builders import some_events

UowFactory = Callable[[], SqlUnitOfWork]


def test_many_appends_in_one_unit_of_work_share_one_signed_checkpoint(
    uow_factory: UowFactory, signer: NoteSigner
) -> None:
    with uow_factory() as uow:
        for start in (0, 3, 6):
            uow.events.append(some_events(3, start))
        stored = uow.commit()
    with uow_factory() as uow:
        assert [c.size for c in uow.checkpoints.all()] == [9]
        root = uow.events.tree.root()
    assert stored is not None and stored.size == 9 and stored.root == root
    opened = open_checkpoint(stored.note, signer.verifier)
    assert (opened.origin, opened.size, opened.root) == (signer.name, 9, root)


def test_latest_and_at_least_find_the_checkpoint_covering_an_event(uow_factory: UowFactory) -> None:
    for start, count in ((0, 2), (2, 5), (7, 1)):
        with uow_factory() as uow:
            uow.events.append(some_events(count, start))
            uow.commit()
    with uow_factory() as uow:
        latest = uow.checkpoints.latest()
        assert latest is not None and latest.size == 8
        assert [uow.checkpoints.at_least(n).size for n in (1, 2, 3, 7, 8)] == [2, 2, 7, 7, 8]  # type: ignore[union-attr]
        assert uow.checkpoints.at_least(9) is None


def test_the_log_records_its_origin_and_key_at_the_first_commit(
    uow_factory: UowFactory, signer: NoteSigner
) -> None:
    with uow_factory() as uow:
        uow.events.append(some_events(1))
        uow.commit()
        assert uow.meta.get("origin") == signer.name
        assert uow.meta.get("vkey") == signer.to_vkey()


def test_a_signer_of_another_log_is_refused(
    engine: Engine, uow_factory: UowFactory, clock: Callable[[], datetime]
) -> None:
    with uow_factory() as uow:
        uow.events.append(some_events(1))
        uow.commit()
    stranger = NoteSigner.from_seed("test.unburied.example/log", bytes(32))
    with SqlUnitOfWork(engine, signer=stranger, clock=clock) as uow:
        uow.events.append(some_events(1, 1))
        with pytest.raises(ConfigurationError, match="not this log's key"):
            uow.commit()


def test_an_origin_other_than_the_key_name_is_refused(
    engine: Engine, signer: NoteSigner, clock: Callable[[], datetime]
) -> None:
    with pytest.raises(ConfigurationError, match="differs from the signing key's name"):
        SqlUnitOfWork(engine, signer=signer, clock=clock, origin="other.example/log")


def test_no_checkpoint_is_signed_over_an_altered_tree(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.events.append(some_events(4))
        uow.commit()
    with uow_factory() as uow:  # someone rewrites event 1 and its hashes, below the old checkpoint
        uow.connection.execute(update(events).where(events.c.seq == 3).values(nodes=b"\x00" * 64))
        uow.commit()
    with uow_factory() as uow:
        uow.events.append(some_events(2, 4))
        with pytest.raises(
            LogIntegrityError, match="not consistent with the checkpoint signed at size 4"
        ):
            uow.commit()
    with uow_factory() as uow:
        assert [c.size for c in uow.checkpoints.all()] == [4]
        assert uow.events.size == 4


def test_no_checkpoint_is_signed_after_a_forged_last_checkpoint(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.events.append(some_events(3))
        uow.commit()
    with uow_factory() as uow:
        uow.connection.execute(update(checkpoints).values(root=b"\x11" * 32))
        uow.commit()
    with uow_factory() as uow:
        uow.events.append(some_events(1, 3))
        with pytest.raises(LogIntegrityError, match="checkpoint at size 3: the signed note says"):
            uow.commit()


def test_no_checkpoint_is_signed_for_a_log_that_shrank(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.events.append(some_events(6))
        uow.commit()
    with uow_factory() as uow:
        uow.connection.exec_driver_sql("DELETE FROM events WHERE seq >= 3")
        uow.commit()
    with uow_factory() as uow:
        uow.events.append(some_events(1, 3))
        with pytest.raises(LogIntegrityError, match="a checkpoint at size 6 was signed before"):
            uow.commit()


def test_a_signer_named_for_another_log_is_refused(
    engine: Engine, uow_factory: UowFactory, clock: Callable[[], datetime]
) -> None:
    with uow_factory() as uow:
        uow.events.append(some_events(1))
        uow.commit()
    other = NoteSigner.from_seed("other.unburied.example/log", bytes(range(32)))
    with SqlUnitOfWork(engine, signer=other, clock=clock) as uow:
        uow.events.append(some_events(1, 1))
        with pytest.raises(ConfigurationError, match="this log's origin is 'test.unburied"):
            uow.commit()
