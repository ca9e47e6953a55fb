"""The offline receipt verifier, end to end over a log of canonical events."""

from __future__ import annotations

import doctest
import hashlib
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unburied.domain.errors import FormatError, ProofError, SignatureError
from unburied.domain.events import Event, encode_event
from unburied.ledger import verify as verify_module
from unburied.ledger.checkpoint import Checkpoint, sign_checkpoint
from unburied.ledger.merkle import MerkleTree, leaf_hash
from unburied.ledger.note import NoteSigner
from unburied.ledger.receipt import Receipt, ReceiptRefresh
from unburied.ledger.verify import verify_receipt

ORIGIN = "review.example/log"
LOG = NoteSigner.from_seed(ORIGIN, hashlib.sha256(b"verifier tests").digest())
IMPOSTOR = NoteSigner.from_seed(ORIGIN, hashlib.sha256(b"impostor").digest())
AT = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
EVENTS = [encode_event(i, Event("concern.raised", f"person-{i}", AT, {"n": i})) for i in range(64)]
TREE = MerkleTree()
for _event in EVENTS:
    TREE.append(_event)


def _checkpoint(size: int, signer: NoteSigner = LOG) -> str:
    return sign_checkpoint(Checkpoint(ORIGIN, size, TREE.root(size)), signer)


def _receipt(index: int, size: int) -> str:
    proof = tuple(TREE.inclusion_proof(index, size))
    return Receipt(index, proof, _checkpoint(size), EVENTS[index]).to_text()


def _refresh(old: int, new: int) -> str:
    return ReceiptRefresh(old, tuple(TREE.consistency_proof(old, new)), _checkpoint(new)).to_text()


def test_the_module_docstring_example_runs() -> None:
    result = doctest.testmod(verify_module)
    assert result.attempted > 5
    assert result.failed == 0


@settings(max_examples=60)
@given(
    st.integers(min_value=1, max_value=64).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, n - 1))
    )
)
def test_a_receipt_for_any_entry_of_any_tree_verifies(case: tuple[int, int]) -> None:
    size, index = case
    proven = verify_receipt(_receipt(index, size), LOG.to_vkey())
    assert (proven.origin, proven.index, proven.tree_size) == (ORIGIN, index, size)
    assert proven.leaf_hash == leaf_hash(EVENTS[index])
    assert proven.root == TREE.root(size)
    assert proven.newer_size is None


@settings(max_examples=60)
@given(
    st.integers(min_value=1, max_value=64)
    .flatmap(lambda n: st.tuples(st.just(n), st.integers(n, 64)))
    .flatmap(lambda t: st.tuples(st.just(t[0]), st.just(t[1]), st.integers(0, t[0] - 1)))
)
def test_a_receipt_stays_provable_in_every_later_tree(case: tuple[int, int, int]) -> None:
    old, new, index = case
    proven = verify_receipt(
        _receipt(index, old), LOG.to_vkey(), newer_checkpoint=_refresh(old, new)
    )
    assert (proven.tree_size, proven.newer_size, proven.newer_root) == (old, new, TREE.root(new))


def test_a_bare_checkpoint_of_the_same_size_is_accepted_as_newer() -> None:
    proven = verify_receipt(_receipt(2, 9), LOG.to_vkey(), newer_checkpoint=_checkpoint(9))
    assert proven.newer_size == 9


def test_a_receipt_checked_with_another_logs_key_is_refused() -> None:
    with pytest.raises(SignatureError, match="no signature by 'review.example/log' with key ID"):
        verify_receipt(_receipt(2, 9), IMPOSTOR.to_vkey())


def test_a_newer_checkpoint_signed_by_another_key_is_refused() -> None:
    with pytest.raises(SignatureError, match="no signature"):
        verify_receipt(_receipt(2, 9), LOG.to_vkey(), newer_checkpoint=_checkpoint(9, IMPOSTOR))


def test_a_refresh_with_hashes_between_equal_sizes_is_refused() -> None:
    refresh = ReceiptRefresh(9, (bytes(32),), _checkpoint(9)).to_text()
    with pytest.raises(ProofError, match="refresh between equal sizes 9 has 1 hashes"):
        verify_receipt(_receipt(2, 9), LOG.to_vkey(), newer_checkpoint=refresh)


def test_the_vkey_may_carry_the_newline_of_its_file() -> None:
    assert verify_receipt(_receipt(0, 1), LOG.to_vkey() + "\n").tree_size == 1


def test_event_bytes_that_are_not_an_event_are_refused() -> None:
    tree = MerkleTree()
    tree.append(b"not json")
    note = sign_checkpoint(Checkpoint(ORIGIN, 1, tree.root()), LOG)
    with pytest.raises(FormatError, match="event bytes are not UTF-8 JSON"):
        verify_receipt(Receipt(0, (), note, b"not json").to_text(), LOG.to_vkey())
    with pytest.raises(FormatError, match="no integer 'seq' field"):
        verify_receipt(Receipt(0, (), note, b'{"seq": "0"}').to_text(), LOG.to_vkey())


@settings(max_examples=150)
@given(st.data())
def test_any_single_character_change_to_a_valid_receipt_is_refused(data: st.DataObject) -> None:
    text = _receipt(5, 13)
    at = data.draw(st.integers(0, len(text) - 1), label="position")
    char = data.draw(st.characters(codec="utf-8").filter(lambda c: c != text[at]), label="char")
    changed = text[:at] + char + text[at + 1 :]
    with pytest.raises((FormatError, SignatureError, ProofError)):
        verify_receipt(changed, LOG.to_vkey())


@settings(max_examples=100)
@given(st.data())
def test_any_deleted_span_of_a_valid_receipt_is_refused(data: st.DataObject) -> None:
    text = _receipt(5, 13)
    start = data.draw(st.integers(0, len(text) - 1), label="start")
    end = data.draw(st.integers(start + 1, len(text)), label="end")
    with pytest.raises((FormatError, SignatureError, ProofError)):
        verify_receipt(text[:start] + text[end:], LOG.to_vkey())
