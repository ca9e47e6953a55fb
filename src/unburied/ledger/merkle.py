"""Merkle tree hashing, proofs and proof plans, as RFC 9162 §2.1 defines them.

* Leaf hash ``SHA-256(0x00 ‖ data)`` and node hash ``SHA-256(0x01 ‖ left ‖ right)`` (§2.1.1).
  The Merkle Tree Hash (MTH) of the empty tree is ``SHA-256("")`` (:data:`EMPTY_ROOT`).
* Inclusion proofs: generation §2.1.3.1, verification §2.1.3.2.
* Consistency proofs: generation §2.1.4.1, verification §2.1.4.2.

Edge cases follow the Go reference, transparency-dev/merkle ``proof`` package, and its published
golden vectors: every hash (leaf, root, proof element) is exactly 32 bytes; an index must be
below the tree size; a consistency proof from size 0 is refused (even 0 → 0); ``size1 > size2``
is refused; ``size1 == size2`` needs an empty proof and equal roots.

**Node ids.** :data:`NodeId` ``(level, index)`` names the *complete* subtree over the leaves
``[index << level, (index + 1) << level)``; level 0 holds the leaf hashes. Complete nodes never
change once written, so a store keeps them and never recomputes from all leaves.

**Plans.** A proof element is either one complete node or a ragged subtree on the right edge of
the tree. A *plan* lists, for every proof element in order, the complete nodes whose hashes
folded right to left (``h = last; for each earlier n: h = node_hash(n, h)``) give that element.
A ragged subtree is the fold of its decomposition into complete subtrees, largest first. So a
store fetches only the O(log n) nodes a plan names (:func:`plan_nodes`), then calls
:func:`proof_from_plan`. :class:`CompactRange` keeps the right frontier so a store appends a
leaf with no reads and learns which complete nodes to write.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator, Mapping, Sequence
from typing import TypeAlias

from unburied.domain.errors import FormatError, ProofError

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "CompactRange",
    "MerkleTree",
    "NodeId",
    "completed_nodes",
    "consistency_plan",
    "hash_from_plan",
    "inclusion_plan",
    "leaf_hash",
    "node_hash",
    "plan_nodes",
    "proof_from_plan",
    "root_hash",
    "root_plan",
    "verify_consistency",
    "verify_inclusion",
]

#: (level, index): the complete subtree over leaves [index << level, (index + 1) << level).
NodeId: TypeAlias = tuple[int, int]

HASH_SIZE = 32
#: The Merkle Tree Hash of the empty tree: SHA-256 of no bytes (RFC 9162 §2.1.1).
EMPTY_ROOT = hashlib.sha256(b"").digest()

_LEAF = b"\x00"
_NODE = b"\x01"
_sha256 = hashlib.sha256


def leaf_hash(data: bytes) -> bytes:
    """Return the leaf hash SHA-256(0x00 ‖ data) of one log entry (RFC 9162 §2.1.1)."""
    return _sha256(_LEAF + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return the interior node hash SHA-256(0x01 ‖ left ‖ right) (RFC 9162 §2.1.1)."""
    return _sha256(_NODE + left + right).digest()


def root_hash(leaf_hashes: Sequence[bytes]) -> bytes:
    """Return the Merkle Tree Hash over the given leaf hashes (any count, 0 included).

    Raises :class:`FormatError` if a leaf hash is not 32 bytes.
    """
    frontier = CompactRange()
    for i, h in enumerate(leaf_hashes):
        _check_hash(h, f"leaf hash {i}", FormatError)
        frontier.append(h)
    return frontier.root()


# --------------------------------------------------------------------------------------------
# Verification (RFC 9162 §2.1.3.2, §2.1.4.2), shaped as the Go reference: decompose the path,
# check the exact proof length, then chain. Loops are kept tight: this is the hot path of
# every receipt check.


def verify_inclusion(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the tree of ``tree_size`` with ``root``.

    Returns ``None`` or raises :class:`ProofError` naming what differs (RFC 9162 §2.1.3.2).
    """
    # (1): the index must be a leaf of the tree.
    if index < 0 or index >= tree_size:
        raise ProofError(f"index {index:,} is not a leaf of a tree of {tree_size:,}")
    # (2): every hash is exactly 32 bytes.
    _check_hash(leaf_hash, "leaf hash", ProofError)
    _check_hash(root, "root", ProofError)
    # (3): the proof has exactly the length the tree shape dictates.
    inner, border = _decompose(index, tree_size)
    if len(proof) != inner + border:
        raise ProofError(
            f"inclusion proof has {len(proof)} hashes, expected {inner + border} "
            f"for index {index:,} in tree of {tree_size:,}"
        )
    _check_proof_hashes(proof)
    # (4): hash up the path: siblings below the fork, then left siblings on the right edge.
    h = leaf_hash
    for i in range(inner):
        h = _sha256(_NODE + proof[i] + h if (index >> i) & 1 else _NODE + h + proof[i]).digest()
    for i in range(inner, inner + border):
        h = _sha256(_NODE + proof[i] + h).digest()
    # (5): the computed root is the expected one.
    if not hmac.compare_digest(h, root):
        raise ProofError(
            f"inclusion proof for index {index:,} in tree of {tree_size:,} gives root "
            f"{h.hex()}, expected {root.hex()}"
        )


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Check that the tree of ``size1`` with ``root1`` is a prefix of ``size2`` with ``root2``.

    Returns ``None`` or raises :class:`ProofError` naming what differs (RFC 9162 §2.1.4.2).
    """
    # (1): sizes: from a non-empty tree, never backwards.
    if size1 <= 0:
        raise ProofError(f"consistency from a tree of size {size1:,} proves nothing")
    if size1 > size2:
        raise ProofError(f"tree size went backwards: {size1:,} then {size2:,}")
    # (2): both roots are exactly 32 bytes.
    _check_hash(root1, "first root", ProofError)
    _check_hash(root2, "second root", ProofError)
    # (3): equal sizes need an empty proof and the same root.
    if size1 == size2:
        if proof:
            raise ProofError(
                f"consistency proof has {len(proof)} hashes, expected 0 for equal sizes {size1:,}"
            )
        if not hmac.compare_digest(root1, root2):
            raise ProofError(f"two roots for tree size {size1:,}: {root1.hex()} and {root2.hex()}")
        return
    # (4): the proof has exactly the length the two tree shapes dictate.
    inner, border = _decompose(size1 - 1, size2)
    shift = _trailing_zeros(size1)
    inner -= shift
    first_is_root1 = size1 == 1 << shift
    want = inner + border + (0 if first_is_root1 else 1)
    if len(proof) != want:
        raise ProofError(
            f"consistency proof has {len(proof)} hashes, expected {want} "
            f"from size {size1:,} to {size2:,}"
        )
    _check_proof_hashes(proof)
    seed = root1 if first_is_root1 else proof[0]
    path = proof if first_is_root1 else proof[1:]
    # (5): rebuild both roots from the same path; the first uses only left siblings.
    mask = (size1 - 1) >> shift
    h1 = h2 = seed
    for i in range(inner):
        if (mask >> i) & 1:
            h1 = _sha256(_NODE + path[i] + h1).digest()
            h2 = _sha256(_NODE + path[i] + h2).digest()
        else:
            h2 = _sha256(_NODE + h2 + path[i]).digest()
    for i in range(inner, inner + border):
        h1 = _sha256(_NODE + path[i] + h1).digest()
        h2 = _sha256(_NODE + path[i] + h2).digest()
    # (6): both computed roots match.
    if not hmac.compare_digest(h1, root1):
        raise ProofError(
            f"consistency proof from size {size1:,} to {size2:,} gives first root "
            f"{h1.hex()}, expected {root1.hex()}"
        )
    if not hmac.compare_digest(h2, root2):
        raise ProofError(
            f"consistency proof from size {size1:,} to {size2:,} gives second root "
            f"{h2.hex()}, expected {root2.hex()}"
        )


def _decompose(index: int, size: int) -> tuple[int, int]:
    """Split the inclusion path of ``index`` in ``size``: (levels below the fork, border)."""
    inner = (index ^ (size - 1)).bit_length()
    border = bin(index >> inner).count("1")
    return inner, border


def _trailing_zeros(n: int) -> int:
    return (n & -n).bit_length() - 1


def _check_hash(h: bytes, what: str, error: type[ValueError]) -> None:
    if len(h) != HASH_SIZE:
        raise error(f"{what} has {len(h)} bytes, expected {HASH_SIZE}")


def _check_proof_hashes(proof: Sequence[bytes]) -> None:
    for i, p in enumerate(proof):
        if len(p) != HASH_SIZE:
            raise ProofError(f"proof hash {i} has {len(p)} bytes, expected {HASH_SIZE}")


# --------------------------------------------------------------------------------------------
# Plans: which complete nodes make up each proof element (RFC 9162 §2.1.3.1, §2.1.4.1).


def root_plan(size: int) -> list[NodeId]:
    """Return the complete subtrees covering leaves [0, size), largest first.

    Folded right to left they give the tree's root; for size 0 the plan is empty and
    :func:`hash_from_plan` gives :data:`EMPTY_ROOT`. The hashes of these nodes are also the
    right frontier a :class:`CompactRange` keeps.
    """
    if size < 0:
        raise ProofError(f"tree size {size:,} is negative")
    return _range_plan(0, size)


def inclusion_plan(index: int, size: int) -> list[list[NodeId]]:
    """Return, for each inclusion proof element of leaf ``index`` in ``size``, its nodes."""
    if index < 0 or index >= size:
        raise ProofError(f"cannot prove index {index:,}: not a leaf of a tree of {size:,}")
    return _path_plan(0, index, size)


def consistency_plan(size1: int, size2: int) -> list[list[NodeId]]:
    """Return, for each consistency proof element from ``size1`` to ``size2``, its nodes.

    Equal sizes give an empty plan. Size 0 is refused, as :func:`verify_consistency` refuses it.
    """
    if size1 <= 0:
        raise ProofError(f"consistency from a tree of size {size1:,} proves nothing")
    if size1 > size2:
        raise ProofError(f"cannot prove consistency backwards, from {size1:,} to {size2:,}")
    if size1 == size2:
        return []
    # The last complete subtree of the old tree; the proof is its path in the new tree,
    # preceded by the node itself unless it is the whole old tree (the verifier has root1).
    level = _trailing_zeros(size1)
    index = (size1 - 1) >> level
    path = _path_plan(level, index, size2)
    return path if index == 0 else [[(level, index)], *path]


def _path_plan(level: int, index: int, size: int) -> list[list[NodeId]]:
    """Siblings on the path from complete node (level, index) to the root of tree ``size``."""
    plan: list[list[NodeId]] = []
    last = (size - 1) >> level  # ancestor of the last leaf at the current level
    while index != last:
        sibling = index ^ 1
        if sibling == last:  # the right edge: possibly ragged, [sibling << level, size)
            plan.append(_range_plan(sibling << level, size))
        else:
            plan.append([(level, sibling)])
        index, last, level = index >> 1, last >> 1, level + 1
    while index:  # on the right edge now: only left siblings exist
        if index & 1:
            plan.append([(level, index - 1)])
        index, level = index >> 1, level + 1
    return plan


def _range_plan(begin: int, end: int) -> list[NodeId]:
    """Complete nodes covering [begin, end), largest first; ``begin`` aligned above the span."""
    nodes: list[NodeId] = []
    remaining = end - begin
    while remaining:
        level = remaining.bit_length() - 1
        nodes.append((level, begin >> level))
        begin += 1 << level
        remaining -= 1 << level
    return nodes


def plan_nodes(plan: Sequence[Sequence[NodeId]]) -> list[NodeId]:
    """Return every node a plan needs, each once, in order of first use (what a store fetches)."""
    return list(dict.fromkeys(n for element in plan for n in element))


def hash_from_plan(nodes: Sequence[NodeId], lookup: Mapping[NodeId, bytes]) -> bytes:
    """Fold the hashes of ``nodes`` right to left; an empty list gives :data:`EMPTY_ROOT`.

    ``lookup`` maps each node id to its stored hash; a missing node raises ``KeyError``.
    """
    if not nodes:
        return EMPTY_ROOT
    h = lookup[nodes[-1]]
    for i in range(len(nodes) - 2, -1, -1):
        h = _sha256(_NODE + lookup[nodes[i]] + h).digest()
    return h


def proof_from_plan(
    plan: Sequence[Sequence[NodeId]], lookup: Mapping[NodeId, bytes]
) -> list[bytes]:
    """Turn a plan into proof hashes, one per element, using the stored node hashes."""
    return [hash_from_plan(element, lookup) for element in plan]


def completed_nodes(index: int) -> list[NodeId]:
    """Return the interior nodes (level ≥ 1) that become complete when leaf ``index`` is added.

    Lowest level first; each is the parent of the one before (the first, of the leaf).
    """
    if index < 0:
        raise ProofError(f"leaf index {index:,} is negative")
    ones = _trailing_zeros(index + 1)  # trailing one bits of index
    return [(level, index >> level) for level in range(1, ones + 1)]


class CompactRange:
    """The right frontier of a tree: the hashes of :func:`root_plan` (size), largest first.

    A store loads it once (O(log n) reads), then appends leaves with no reads; each
    :meth:`append` returns the complete nodes to write.
    """

    __slots__ = ("_hashes", "_size")

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        """Start from a tree of ``size`` whose frontier hashes (largest first) are given."""
        if size < 0:
            raise ProofError(f"tree size {size:,} is negative")
        want = len(_range_plan(0, size))
        if want != len(hashes):
            raise ProofError(f"frontier of a tree of {size:,} has {want} hashes, got {len(hashes)}")
        for i, h in enumerate(hashes):
            _check_hash(h, f"frontier hash {i}", FormatError)
        self._size = size
        self._hashes = list(hashes)

    @classmethod
    def from_lookup(cls, size: int, lookup: Mapping[NodeId, bytes]) -> CompactRange:
        """Build the frontier of a tree of ``size`` from stored node hashes."""
        return cls(size, [lookup[n] for n in root_plan(size)])

    @property
    def size(self) -> int:
        """The number of leaves covered."""
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """The frontier hashes, largest subtree first (same order as :func:`root_plan`)."""
        return tuple(self._hashes)

    def append(self, leaf_hash: bytes) -> list[tuple[NodeId, bytes]]:
        """Add one leaf hash; return the new complete nodes: the leaf, then each new parent."""
        _check_hash(leaf_hash, "leaf hash", FormatError)
        index = self._size
        written: list[tuple[NodeId, bytes]] = [((0, index), leaf_hash)]
        h = leaf_hash
        for level, parent in completed_nodes(index):
            h = _sha256(_NODE + self._hashes.pop() + h).digest()
            written.append(((level, parent), h))
        self._hashes.append(h)
        self._size = index + 1
        return written

    def root(self) -> bytes:
        """Return the Merkle Tree Hash of the leaves covered so far."""
        hashes = self._hashes
        if not hashes:
            return EMPTY_ROOT
        h = hashes[-1]
        for i in range(len(hashes) - 2, -1, -1):
            h = _sha256(_NODE + hashes[i] + h).digest()
        return h


class _LevelsView(Mapping[NodeId, bytes]):
    """Read-only view of the complete nodes of a :class:`MerkleTree`, keyed by :data:`NodeId`."""

    __slots__ = ("_levels",)

    def __init__(self, levels: list[list[bytes]]) -> None:
        self._levels = levels

    def __getitem__(self, node: NodeId) -> bytes:
        level, index = node
        if level < 0 or index < 0 or level >= len(self._levels):
            raise KeyError(node)
        row = self._levels[level]
        if index >= len(row):
            raise KeyError(node)
        return row[index]

    def __iter__(self) -> Iterator[NodeId]:
        for level, row in enumerate(self._levels):
            for index in range(len(row)):
                yield (level, index)

    def __len__(self) -> int:
        return sum(len(row) for row in self._levels)


class MerkleTree:
    """An in-memory, append-only log tree keeping every complete node.

    Roots and proofs for any past size come from plans over the stored nodes: O(log n) hashes
    per proof, never a recomputation from all leaves.
    """

    def __init__(self) -> None:
        """Start an empty tree."""
        self._levels: list[list[bytes]] = [[]]
        self._nodes = _LevelsView(self._levels)

    @property
    def size(self) -> int:
        """The number of leaves."""
        return len(self._levels[0])

    @property
    def nodes(self) -> Mapping[NodeId, bytes]:
        """Every stored complete node, as a read-only mapping (for tests and stores)."""
        return self._nodes

    def append(self, data: bytes) -> int:
        """Add an entry; return its leaf index."""
        return self.append_leaf_hash(leaf_hash(data))

    def append_leaf_hash(self, h: bytes) -> int:
        """Add a leaf by its hash (32 bytes); return its leaf index."""
        _check_hash(h, "leaf hash", FormatError)
        levels = self._levels
        index = len(levels[0])
        levels[0].append(h)
        for level, parent in completed_nodes(index):
            if level == len(levels):
                levels.append([])
            below = levels[level - 1]
            h = _sha256(_NODE + below[2 * parent] + h).digest()
            levels[level].append(h)
        return index

    def root(self, size: int | None = None) -> bytes:
        """Return the root of the tree at ``size`` leaves (default: now)."""
        return hash_from_plan(root_plan(self._size_or_now(size)), self._nodes)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Return the inclusion proof of leaf ``index`` in the tree at ``size`` (default: now)."""
        return proof_from_plan(inclusion_plan(index, self._size_or_now(size)), self._nodes)

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """Return the consistency proof from ``size1`` to ``size2`` (default: now)."""
        return proof_from_plan(consistency_plan(size1, self._size_or_now(size2)), self._nodes)

    def _size_or_now(self, size: int | None) -> int:
        if size is None:
            return self.size
        if size < 0 or size > self.size:
            raise ProofError(f"tree size {size:,} is not between 0 and {self.size:,}")
        return size
