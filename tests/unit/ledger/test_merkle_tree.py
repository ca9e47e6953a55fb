"""Merkle tree, proofs and plans: properties against the RFC 9162 §2.1 recursive definitions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unburied.domain.errors import FormatError, ProofError
from unburied.ledger import merkle
from unburied.ledger.merkle import (
    EMPTY_ROOT,
    CompactRange,
    MerkleTree,
    completed_nodes,
    consistency_plan,
    hash_from_plan,
    inclusion_plan,
    leaf_hash,
    node_hash,
    plan_nodes,
    proof_from_plan,
    root_hash,
    root_plan,
    verify_consistency,
    verify_inclusion,
)

MAX_SIZE = 300
_TREE = MerkleTree()
for _i in range(MAX_SIZE):
    _TREE.append(b"entry %d" % _i)
_LEAVES = [_TREE.nodes[(0, i)] for i in range(MAX_SIZE)]

# ------------------------------------------------------------------ the RFC's own definitions


def _split(n: int) -> int:
    """The largest power of two smaller than n (RFC 9162 §2.1.1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _mth(hashes: list[bytes]) -> bytes:
    if not hashes:
        return EMPTY_ROOT
    if len(hashes) == 1:
        return hashes[0]
    k = _split(len(hashes))
    return node_hash(_mth(hashes[:k]), _mth(hashes[k:]))


def _path(m: int, hashes: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1."""
    if len(hashes) == 1:
        return []
    k = _split(len(hashes))
    if m < k:
        return [*_path(m, hashes[:k]), _mth(hashes[k:])]
    return [*_path(m - k, hashes[k:]), _mth(hashes[:k])]


def _subproof(m: int, hashes: list[bytes], complete: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1."""
    n = len(hashes)
    if m == n:
        return [] if complete else [_mth(hashes)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, hashes[:k], complete), _mth(hashes[k:])]
    return [*_subproof(m - k, hashes[k:], False), _mth(hashes[:k])]


def _shape(index: int, size: int) -> tuple[int, int]:
    """How the Go reference splits an inclusion path (decompInclProof): it fixes the chaining."""
    inner = (index ^ (size - 1)).bit_length()
    return inner, bin(index >> inner).count("1")


def _flip(data: bytes, bit: int) -> bytes:
    out = bytearray(data)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)


sizes = st.integers(min_value=1, max_value=MAX_SIZE)


@st.composite
def size_and_index(draw: st.DrawFn) -> tuple[int, int]:
    """A tree size and a leaf in it, e.g. (37, 12)."""
    size = draw(sizes)
    return size, draw(st.integers(min_value=0, max_value=size - 1))


@st.composite
def two_sizes(draw: st.DrawFn) -> tuple[int, int]:
    """An older and a newer tree size, e.g. (5, 37)."""
    size2 = draw(sizes)
    return draw(st.integers(min_value=1, max_value=size2)), size2


# ------------------------------------------------------------------ hashing


def test_leaf_and_node_hashes_use_the_rfc_domain_separation_prefixes() -> None:
    import hashlib

    assert leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert (
        node_hash(b"L" * 32, b"R" * 32) == hashlib.sha256(b"\x01" + b"L" * 32 + b"R" * 32).digest()
    )
    assert EMPTY_ROOT == hashlib.sha256(b"").digest()


def test_root_of_no_leaves_is_the_hash_of_the_empty_string() -> None:
    assert root_hash([]) == EMPTY_ROOT
    assert MerkleTree().root() == EMPTY_ROOT
    assert hash_from_plan(root_plan(0), {}) == EMPTY_ROOT


def test_root_hash_refuses_a_leaf_hash_of_the_wrong_length() -> None:
    with pytest.raises(FormatError, match="leaf hash 1 has 31 bytes, expected 32"):
        root_hash([b"a" * 32, b"b" * 31])


@given(sizes)
def test_root_hash_equals_the_recursive_merkle_tree_hash(size: int) -> None:
    assert root_hash(_LEAVES[:size]) == _mth(_LEAVES[:size]) == _TREE.root(size)


# ------------------------------------------------------------------ inclusion


@settings(max_examples=150)
@given(size_and_index())
def test_inclusion_proof_equals_rfc_path_and_verifies(case: tuple[int, int]) -> None:
    size, index = case
    proof = _TREE.inclusion_proof(index, size)
    assert proof == _path(index, _LEAVES[:size])
    verify_inclusion(_LEAVES[index], index, size, proof, _TREE.root(size))


@settings(max_examples=60)
@given(size_and_index())
def test_every_one_bit_change_to_an_inclusion_proof_or_root_is_rejected(
    case: tuple[int, int],
) -> None:
    size, index = case
    proof, root = _TREE.inclusion_proof(index, size), _TREE.root(size)
    for i, element in enumerate(proof):
        for bit in range(256):
            bad = [*proof[:i], _flip(element, bit), *proof[i + 1 :]]
            with pytest.raises(ProofError, match="gives root"):
                verify_inclusion(_LEAVES[index], index, size, bad, root)
    for bit in range(256):
        with pytest.raises(ProofError, match="gives root"):
            verify_inclusion(_LEAVES[index], index, size, proof, _flip(root, bit))
        with pytest.raises(ProofError, match="gives root"):
            verify_inclusion(_flip(_LEAVES[index], bit), index, size, proof, root)


@settings(max_examples=150)
@given(size_and_index(), st.integers(min_value=0, max_value=63))
def test_an_inclusion_proof_does_not_hold_for_another_index(
    case: tuple[int, int], bit: int
) -> None:
    size, index = case
    proof, root = _TREE.inclusion_proof(index, size), _TREE.root(size)
    with pytest.raises(ProofError):
        verify_inclusion(_LEAVES[index], index ^ (1 << bit), size, proof, root)


@settings(max_examples=150)
@given(size_and_index(), st.integers(min_value=0, max_value=63))
def test_an_inclusion_proof_holds_for_another_size_only_if_the_path_shape_is_identical(
    case: tuple[int, int], bit: int
) -> None:
    # RFC 9162 proofs do not bind the tree size; the signed checkpoint does. A changed size is
    # accepted exactly when it hashes the same path the same way, and refused otherwise.
    size, index = case
    other = size ^ (1 << bit)
    proof, root = _TREE.inclusion_proof(index, size), _TREE.root(size)
    if index < other and _shape(index, other) == _shape(index, size):
        verify_inclusion(_LEAVES[index], index, other, proof, root)
    else:
        with pytest.raises(ProofError):
            verify_inclusion(_LEAVES[index], index, other, proof, root)


def test_inclusion_proof_of_the_wrong_length_names_expected_and_actual_count() -> None:
    tree = MerkleTree()
    for i in range(8):
        tree.append(bytes([i]))
    proof = tree.inclusion_proof(7)
    with pytest.raises(
        ProofError, match="inclusion proof has 2 hashes, expected 3 for index 7 in tree of 8"
    ):
        verify_inclusion(tree.nodes[(0, 7)], 7, 8, proof[:-1], tree.root())
    with pytest.raises(ProofError, match="has 4 hashes, expected 3"):
        verify_inclusion(tree.nodes[(0, 7)], 7, 8, [*proof, proof[0]], tree.root())


def test_inclusion_message_groups_thousands_for_a_large_tree() -> None:
    with pytest.raises(
        ProofError,
        match="inclusion proof has 19 hashes, expected 20 for index 7 in tree of 1,048,576",
    ):
        verify_inclusion(b"\x00" * 32, 7, 1 << 20, [b"\x00" * 32] * 19, b"\x00" * 32)


@pytest.mark.parametrize(("index", "size"), [(3, 3), (4, 3), (-1, 3), (0, 0)])
def test_inclusion_of_an_index_outside_the_tree_is_refused(index: int, size: int) -> None:
    with pytest.raises(ProofError, match="is not a leaf of a tree of"):
        verify_inclusion(b"\x00" * 32, index, size, [], b"\x00" * 32)
    with pytest.raises(ProofError, match="cannot prove index"):
        inclusion_plan(index, size)


def test_inclusion_refuses_hashes_that_are_not_32_bytes() -> None:
    good = b"\x00" * 32
    with pytest.raises(ProofError, match="leaf hash has 0 bytes, expected 32"):
        verify_inclusion(b"", 0, 1, [], good)
    with pytest.raises(ProofError, match="root has 33 bytes, expected 32"):
        verify_inclusion(good, 0, 1, [], good + b"\x00")
    with pytest.raises(ProofError, match="proof hash 1 has 31 bytes, expected 32"):
        verify_inclusion(good, 0, 4, [good, good[:31]], good)


def test_single_leaf_tree_root_is_its_leaf_hash_with_an_empty_proof() -> None:
    tree = MerkleTree()
    tree.append(b"only")
    assert tree.root() == leaf_hash(b"only")
    assert tree.inclusion_proof(0) == []
    verify_inclusion(leaf_hash(b"only"), 0, 1, [], tree.root())


# ------------------------------------------------------------------ consistency


@settings(max_examples=150)
@given(two_sizes())
def test_consistency_proof_equals_rfc_subproof_and_verifies(case: tuple[int, int]) -> None:
    size1, size2 = case
    proof = _TREE.consistency_proof(size1, size2)
    assert proof == _subproof(size1, _LEAVES[:size2], True)
    verify_consistency(size1, size2, proof, _TREE.root(size1), _TREE.root(size2))


@settings(max_examples=50)
@given(two_sizes())
def test_every_one_bit_change_to_a_consistency_proof_or_root_is_rejected(
    case: tuple[int, int],
) -> None:
    size1, size2 = case
    proof = _TREE.consistency_proof(size1, size2)
    root1, root2 = _TREE.root(size1), _TREE.root(size2)
    for i, element in enumerate(proof):
        for bit in range(0, 256, 3):
            bad = [*proof[:i], _flip(element, bit), *proof[i + 1 :]]
            with pytest.raises(ProofError):
                verify_consistency(size1, size2, bad, root1, root2)
    for bit in range(256):
        with pytest.raises(ProofError):
            verify_consistency(size1, size2, proof, _flip(root1, bit), root2)
        with pytest.raises(ProofError):
            verify_consistency(size1, size2, proof, root1, _flip(root2, bit))


@settings(max_examples=150)
@given(two_sizes(), st.integers(min_value=0, max_value=63))
def test_a_consistency_proof_does_not_hold_for_another_old_size(
    case: tuple[int, int], bit: int
) -> None:
    size1, size2 = case
    proof = _TREE.consistency_proof(size1, size2)
    with pytest.raises(ProofError):
        verify_consistency(size1 ^ (1 << bit), size2, proof, _TREE.root(size1), _TREE.root(size2))


@settings(max_examples=150)
@given(two_sizes(), st.integers(min_value=0, max_value=63))
def test_a_consistency_proof_holds_for_another_new_size_only_if_the_shape_is_identical(
    case: tuple[int, int], bit: int
) -> None:
    size1, size2 = case
    other = size2 ^ (1 << bit)
    proof = _TREE.consistency_proof(size1, size2)
    root1, root2 = _TREE.root(size1), _TREE.root(size2)
    same = size1 < size2 and size1 < other and _shape(size1 - 1, other) == _shape(size1 - 1, size2)
    if same:
        verify_consistency(size1, other, proof, root1, root2)
    else:
        with pytest.raises(ProofError):
            verify_consistency(size1, other, proof, root1, root2)


@settings(max_examples=40)
@given(st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=12))
def test_every_checkpoint_stays_consistent_with_every_later_one_across_appends(
    batches: list[int],
) -> None:
    tree = MerkleTree()
    seen: list[tuple[int, bytes]] = []
    for batch in batches:
        for _ in range(batch):
            tree.append(b"event %d" % tree.size)
        seen.append((tree.size, tree.root()))
    for size1, root1 in seen:
        for size2, root2 in seen:
            if size1 <= size2:
                verify_consistency(size1, size2, tree.consistency_proof(size1, size2), root1, root2)
                assert tree.root(size2) == root2


def test_consistency_between_equal_sizes_needs_an_empty_proof_and_equal_roots() -> None:
    root = _TREE.root(5)
    verify_consistency(5, 5, [], root, root)
    assert _TREE.consistency_proof(5, 5) == []
    with pytest.raises(ProofError, match="has 1 hashes, expected 0 for equal sizes 5"):
        verify_consistency(5, 5, [root], root, root)
    with pytest.raises(ProofError, match="two roots for tree size 5"):
        verify_consistency(5, 5, [], root, _TREE.root(4))


@pytest.mark.parametrize(("size1", "size2"), [(0, 0), (0, 5)])
def test_consistency_from_the_empty_tree_is_refused(size1: int, size2: int) -> None:
    with pytest.raises(ProofError, match="from a tree of size 0 proves nothing"):
        verify_consistency(size1, size2, [], EMPTY_ROOT, EMPTY_ROOT)
    with pytest.raises(ProofError, match="proves nothing"):
        consistency_plan(size1, size2)


def test_consistency_backwards_is_refused() -> None:
    with pytest.raises(ProofError, match="tree size went backwards: 6 then 5"):
        verify_consistency(6, 5, [], _TREE.root(6), _TREE.root(5))
    with pytest.raises(ProofError, match="backwards"):
        _TREE.consistency_proof(6, 5)


def test_consistency_proof_of_the_wrong_length_names_expected_and_actual_count() -> None:
    proof = _TREE.consistency_proof(3, 7)
    with pytest.raises(
        ProofError, match="consistency proof has 3 hashes, expected 4 from size 3 to 7"
    ):
        verify_consistency(3, 7, proof[:3], _TREE.root(3), _TREE.root(7))


# ------------------------------------------------------------------ plans


@settings(max_examples=150)
@given(size_and_index())
def test_every_planned_node_is_complete_within_the_tree(case: tuple[int, int]) -> None:
    size, index = case
    plan = inclusion_plan(index, size)
    for level, i in plan_nodes([*plan, root_plan(size)]):
        assert (i + 1) << level <= size
    # a dict of just the planned nodes is enough: O(log n) reads
    lookup = {n: _TREE.nodes[n] for n in plan_nodes(plan)}
    assert proof_from_plan(plan, lookup) == _path(index, _LEAVES[:size])
    assert len(plan_nodes(plan)) <= 2 * size.bit_length()


@settings(max_examples=150)
@given(two_sizes())
def test_consistency_plan_fetches_only_logarithmically_many_nodes(case: tuple[int, int]) -> None:
    size1, size2 = case
    plan = consistency_plan(size1, size2)
    lookup = {n: _TREE.nodes[n] for n in plan_nodes(plan)}
    assert proof_from_plan(plan, lookup) == _subproof(size1, _LEAVES[:size2], True)
    assert len(lookup) <= 2 * size2.bit_length() + 1


def test_plan_of_a_ragged_right_subtree_folds_its_complete_parts_largest_first() -> None:
    # leaf 0 in a tree of 7: siblings leaf 1, node (1,1), then the ragged [4, 7) = (1,2)+(0,6)
    assert inclusion_plan(0, 7) == [[(0, 1)], [(1, 1)], [(1, 2), (0, 6)]]
    assert root_plan(7) == [(2, 0), (1, 2), (0, 6)]
    assert consistency_plan(3, 7) == [[(0, 2)], [(0, 3)], [(1, 0)], [(1, 2), (0, 6)]]
    assert consistency_plan(4, 7) == [[(1, 2), (0, 6)]]


@pytest.mark.parametrize(
    ("index", "nodes"),
    [(0, []), (1, [(1, 0)]), (2, []), (3, [(1, 1), (2, 0)]), (7, [(1, 3), (2, 1), (3, 0)])],
)
def test_completed_nodes_are_the_parents_a_new_leaf_finishes(
    index: int, nodes: list[tuple[int, int]]
) -> None:
    assert completed_nodes(index) == nodes


def test_tree_stores_exactly_the_completed_nodes_of_each_append() -> None:
    expected = {(0, i) for i in range(MAX_SIZE)} | {
        n for i in range(MAX_SIZE) for n in completed_nodes(i)
    }
    assert set(_TREE.nodes) == expected
    assert len(_TREE.nodes) == len(expected)


@given(sizes, st.integers(min_value=0, max_value=40))
def test_compact_range_appends_with_no_reads_and_emits_the_stored_nodes(
    start: int, count: int
) -> None:
    end = min(MAX_SIZE, start + count)
    frontier = CompactRange.from_lookup(start, _TREE.nodes)
    assert frontier.root() == _TREE.root(start)
    for i in range(start, end):
        written = frontier.append(_LEAVES[i])
        assert [n for n, _ in written] == [(0, i), *completed_nodes(i)]
        assert all(_TREE.nodes[n] == h for n, h in written)
    assert frontier.size == end
    assert frontier.root() == _TREE.root(end)
    assert frontier.hashes == tuple(_TREE.nodes[n] for n in root_plan(end))


def test_compact_range_refuses_a_frontier_of_the_wrong_length() -> None:
    with pytest.raises(ProofError, match="frontier of a tree of 7 has 3 hashes, got 2"):
        CompactRange(7, [b"\x00" * 32] * 2)
    with pytest.raises(FormatError, match="frontier hash 0 has 3 bytes"):
        CompactRange(1, [b"abc"])


def test_tree_refuses_sizes_it_does_not_have_and_leaf_hashes_of_the_wrong_length() -> None:
    tree = MerkleTree()
    tree.append(b"x")
    with pytest.raises(ProofError, match="tree size 2 is not between 0 and 1"):
        tree.root(2)
    with pytest.raises(FormatError, match="leaf hash has 5 bytes"):
        tree.append_leaf_hash(b"short")
    assert tree.append_leaf_hash(leaf_hash(b"y")) == 1
    assert tree.root() == node_hash(leaf_hash(b"x"), leaf_hash(b"y"))


def test_missing_node_in_a_lookup_is_a_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match=r"\(1, 0\)"):
        hash_from_plan([(1, 0)], merkle.MerkleTree().nodes)
