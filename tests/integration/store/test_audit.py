"""verify_log on an intact log: what it checks and reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, update

from unburied.domain.errors import LogIntegrityError, SignatureError
from unburied.ledger.checkpoint import Checkpoint, sign_checkpoint
from unburied.ledger.merkle import MerkleTree
from unburied.ledger.note import NoteSigner
from unburied.store import audit
from unburied.store.audit import BLOCK_LEVEL, verify_log
from unburied.store.engine import make_engine, sqlite_url
from unburied.store.migrate import upgrade_to_head
from unburied.store.schema import events
from unburied.store.uow import SqlUnitOfWork

from .builders import empty_database, some_events

UowFactory = Callable[[], SqlUnitOfWork]


def _fill(uow_factory: UowFactory, sizes: list[int]) -> MerkleTree:
    reference = MerkleTree()
    start = 0
    for size in sizes:
        with uow_factory() as uow:
            for r in uow.events.append(some_events(size, start)):
                reference.append(r.leaf)
            uow.commit()
        start += size
    return reference


def test_an_intact_log_verifies_with_its_root_and_checkpoints(
    uow_factory: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    reference = _fill(uow_factory, [3, 5, 8])
    seen: list[tuple[int, int]] = []
    report = verify_log(engine, signer.verifier, lambda done, total: seen.append((done, total)))
    assert (report.size, report.root) == (16, reference.root())
    assert (report.checkpoints, report.latest_checkpoint, report.kept_checkpoints) == (3, 16, 0)
    assert seen[-1] == (16, 16)


def test_an_empty_log_verifies(engine: Engine, signer: NoteSigner) -> None:
    report = verify_log(engine, signer.verifier)
    assert (report.size, report.checkpoints, report.latest_checkpoint) == (0, 0, None)


def test_the_deep_audit_re_encodes_every_event(
    uow_factory: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    _fill(uow_factory, [7])
    assert verify_log(engine, signer.verifier, deep=True).deep


def test_checkpoints_kept_by_a_verifier_are_checked_against_the_tree(
    uow_factory: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    _fill(uow_factory, [4])
    with uow_factory() as uow:
        kept = uow.checkpoints.latest()
    _fill(uow_factory, [0, 6])
    assert kept is not None
    report = verify_log(engine, signer.verifier, kept=[kept.note])
    assert report.kept_checkpoints == 1


def test_worker_processes_find_the_first_bad_event_even_at_the_edge_of_their_share(
    tmp_path: Path,
    signer: NoteSigner,
    clock: Callable[[], datetime],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # On SQLite only: the worker path is the same on both engines, and workers cost seconds.
    engine = make_engine(sqlite_url(tmp_path))
    upgrade_to_head(engine)

    def factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, signer=signer, clock=clock)

    _fill(factory, [40])
    with factory() as uow:
        uow.connection.exec_driver_sql("UPDATE events SET actor = 'staff-9' WHERE seq = 33")
        uow.connection.exec_driver_sql("DELETE FROM events WHERE seq = 15")  # last of share 1
        uow.commit()
    monkeypatch.setattr(audit, "PARALLEL_FROM", 10)
    with pytest.raises(LogIntegrityError, match="^event 15 missing: sequence jumps from 14 to 16$"):
        verify_log(engine, signer.verifier, workers=2, block_level=2)  # shares of 16 events
    engine.dispose()


def test_a_kept_checkpoint_not_signed_by_the_log_is_refused_as_input(
    uow_factory: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    _fill(uow_factory, [4])
    with uow_factory() as uow:
        root = uow.events.tree.root()
    stranger = NoteSigner.from_seed(signer.name, bytes(32))
    forged = sign_checkpoint(Checkpoint(signer.name, 4, root), stranger)
    with pytest.raises(SignatureError, match="no signature by"):
        verify_log(engine, signer.verifier, kept=[forged])


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sizes=st.lists(st.integers(0, 23), min_size=1, max_size=5),
    level=st.integers(1, 4),
    data=st.data(),
)
def test_the_verdict_is_the_same_however_the_audit_is_cut_into_blocks(
    engine: Engine,
    signer: NoteSigner,
    clock: Callable[[], datetime],
    sizes: list[int],
    level: int,
    data: st.DataObject,
) -> None:
    empty_database(engine)

    def factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, signer=signer, clock=clock)

    reference = _fill(factory, sizes)
    with factory() as uow:
        kept = [c.note for c in uow.checkpoints.all()]
    report = verify_log(engine, signer.verifier, kept=kept, block_level=level)
    assert (report.size, report.root) == (reference.size, reference.root())
    odd = [s for s in range(reference.size) if s % 2 == 1]
    if not odd:
        return
    seq = data.draw(st.sampled_from(odd))
    with engine.begin() as conn:
        conn.execute(update(events).where(events.c.seq == seq).values(nodes=b"\x01" * 32 * 8))
    verdicts = set()
    for n in (level, BLOCK_LEVEL):
        with pytest.raises(LogIntegrityError) as caught:
            verify_log(engine, signer.verifier, kept=kept, block_level=n)
        verdicts.add(str(caught.value))
    assert len(verdicts) == 1
    assert verdicts.pop().startswith(f"events {seq - 1}–{seq}: the stored tree node (level 1")
