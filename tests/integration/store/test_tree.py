"""The stored tree: roots and proofs equal the in-memory reference, in O(log n) reads."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from unburied.domain.errors import LogIntegrityError, ProofError
from unburied.ledger.merkle import MerkleTree, verify_consistency, verify_inclusion
from unburied.store.tree import StoredTree
from unburied.store.uow import SqlUnitOfWork

from .builders import empty_database, some_events

UowFactory = Callable[[], SqlUnitOfWork]


def _log(uow_factory: UowFactory, sizes: list[int]) -> MerkleTree:
    """Append batches of the given sizes, one commit each; return the reference tree."""
    reference = MerkleTree()
    start = 0
    for size in sizes:
        with uow_factory() as uow:
            for recorded in uow.events.append(some_events(size, start)):
                reference.append(recorded.leaf)
            uow.commit()
        start += size
    return reference


def test_every_root_and_proof_equals_the_reference_tree(uow_factory: UowFactory) -> None:
    reference = _log(uow_factory, [1, 4, 9, 3, 16])
    n = reference.size
    with uow_factory() as uow:
        tree = uow.events.tree
        assert tree.size == n
        for size in range(n + 1):
            assert tree.root(size) == reference.root(size)
        for size in range(1, n + 1):
            for index in range(size):
                assert tree.inclusion_proof(index, size) == reference.inclusion_proof(index, size)
            for old in range(1, size + 1):
                assert tree.consistency_proof(old, size) == reference.consistency_proof(old, size)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_generated_proofs_verify_against_the_stored_root(
    engine: Engine, signer: object, clock: object, data: st.DataObject
) -> None:
    empty_database(engine)
    sizes = data.draw(st.lists(st.integers(1, 40), min_size=1, max_size=4))

    def factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, signer=signer, clock=clock)  # type: ignore[arg-type]

    reference = _log(factory, sizes)
    n = reference.size
    index = data.draw(st.integers(0, n - 1))
    size = data.draw(st.integers(index + 1, n))
    old = data.draw(st.integers(1, size))
    with factory() as uow:
        tree = uow.events.tree
        leaf = reference.nodes[(0, index)]
        verify_inclusion(leaf, index, size, tree.inclusion_proof(index, size), tree.root(size))
        verify_consistency(
            old, size, tree.consistency_proof(old, size), tree.root(old), tree.root(size)
        )


def test_a_proof_reads_its_nodes_in_one_query_of_logarithmic_size(
    uow_factory: UowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    _log(uow_factory, [300, 212])
    fetched: list[list[int]] = []
    original = StoredTree._fetch

    def counting(self: StoredTree, seqs: list[int]) -> dict[int, tuple[bytes, bytes]]:
        fetched.append(seqs)
        return original(self, seqs)

    monkeypatch.setattr(StoredTree, "_fetch", counting)
    with uow_factory() as uow:
        uow.events.tree.inclusion_proof(137)
        uow.events.tree.consistency_proof(99)
    assert len(fetched) == 2  # one query per proof
    assert all(len(seqs) <= 2 * 10 for seqs in fetched)  # log2(512) = 9 levels


def test_a_tree_larger_than_the_log_is_refused(uow_factory: UowFactory) -> None:
    _log(uow_factory, [5])
    with (
        uow_factory() as uow,
        pytest.raises(ProofError, match="tree size 6 is not between 0 and 5"),
    ):
        uow.events.tree.root(6)


def test_a_negative_tree_size_is_refused(uow_factory: UowFactory) -> None:
    _log(uow_factory, [3])
    with uow_factory() as uow, pytest.raises(ProofError, match="tree size -1 is negative"):
        uow.events.tree.inclusion_proof(0, -1)


def test_a_missing_node_row_is_reported_as_an_integrity_failure(uow_factory: UowFactory) -> None:
    _log(uow_factory, [8])
    with uow_factory() as uow:
        uow.connection.exec_driver_sql("DELETE FROM events WHERE seq = 3")
        with pytest.raises(LogIntegrityError, match="event 3 missing: tree node"):
            uow.events.tree.inclusion_proof(6, 7)
