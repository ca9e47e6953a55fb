"""The persistent Merkle tree: roots and proofs from stored complete nodes, O(log n) reads.

Every complete node is written once, when the leaf that completes it is appended (see
``store.schema`` for where it lives). A root or proof asks ``ledger.merkle`` for its *plan* —
the complete nodes it folds — and fetches exactly those in one query. Nothing here ever
recomputes a hash from all the leaves.
"""

from __future__ import annotations

from collections.abc import Iterable
from hashlib import sha256
from typing import Any

from sqlalchemy import Connection

from unburied.domain.errors import LogIntegrityError, ProofError
from unburied.ledger.merkle import (
    HASH_SIZE,
    CompactRange,
    NodeId,
    consistency_plan,
    hash_from_plan,
    inclusion_plan,
    plan_nodes,
    proof_from_plan,
    root_plan,
)
from unburied.store.engine import is_sqlite, raw_cursor

__all__ = ["StoredTree", "node_row", "stored_size"]


def node_row(node: NodeId) -> int:
    """Return the sequence number of the row that stores complete node ``(level, index)``."""
    level, index = node
    return ((index + 1) << level) - 1


def stored_size(connection: Connection) -> int:
    """Return the number of events in the log as this transaction sees it."""
    with raw_cursor(connection) as cursor:
        cursor.execute("SELECT max(seq) FROM events")
        value = cursor.fetchone()[0]
    return 0 if value is None else int(value) + 1


class StoredTree:
    """Roots and proofs of the log's tree at any size up to now, read from the database."""

    def __init__(self, connection: Connection) -> None:
        """Read through ``connection`` (and so within its transaction)."""
        self._conn = connection
        self._by_count: dict[int, str] = {}
        self._sqlite = is_sqlite(connection)
        self._driver: Any = None  # SQLite's own connection, once fetched

    @property
    def size(self) -> int:
        """The number of leaves now."""
        return stored_size(self._conn)

    def root(self, size: int | None = None) -> bytes:
        """Return the root hash of the tree at ``size`` leaves (default: now)."""
        size = self._size_or_now(size)
        nodes = root_plan(size)
        return hash_from_plan(nodes, self._lookup_within(nodes, size))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Return the inclusion proof of leaf ``index`` in the tree at ``size`` (default: now)."""
        size = self._size_or_now(size)
        return self._proof(inclusion_plan(index, size), size)

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """Return the consistency proof from ``size1`` to ``size2`` (default: now)."""
        size2 = self._size_or_now(size2)
        return self._proof(consistency_plan(size1, size2), size2)

    def frontier(self, size: int | None = None) -> CompactRange:
        """Return the right frontier at ``size`` (default: now), ready to append to."""
        size = self.size if size is None else size
        return CompactRange.from_lookup(size, self.lookup(root_plan(size)))

    def lookup(self, nodes: Iterable[NodeId]) -> dict[NodeId, bytes]:
        """Fetch the stored hashes of ``nodes`` in one query."""
        wanted = [(node, ((node[1] + 1) << node[0]) - 1) for node in nodes]
        if not wanted:
            return {}
        rows = self._fetch(sorted({seq for _, seq in wanted}))
        found: dict[NodeId, bytes] = {}
        for node, seq in wanted:
            row = rows.get(seq)
            if row is None:
                raise LogIntegrityError(
                    f"event {seq} missing: tree node (level {node[0]}, index {node[1]}) is "
                    "stored with it"
                )
            level = node[0]
            value = row[0] if level == 0 else row[1][HASH_SIZE * (level - 1) : HASH_SIZE * level]
            if len(value) != HASH_SIZE:
                raise LogIntegrityError(
                    f"event {seq}: stored tree node (level {level}, index {node[1]}) has "
                    f"{len(value)} bytes, expected {HASH_SIZE}"
                )
            found[node] = value
        return found

    def _proof(self, plan: list[list[NodeId]], size: int) -> list[bytes]:
        """The proof hashes of ``plan``: one query, then each element folded right to left.

        ``proof_from_plan(plan, self.lookup(plan_nodes(plan)))`` written out flat: this is
        the hot path of every receipt.
        """
        if not plan:
            return []
        seqs = sorted({((i + 1) << lv) - 1 for element in plan for lv, i in element})
        try:
            rows = self._fetch(seqs)
            proof = []
            for element in plan:
                h = b""
                for level, index in reversed(element):
                    row = rows[((index + 1) << level) - 1]
                    v = (
                        row[0]
                        if level == 0
                        else row[1][HASH_SIZE * (level - 1) : HASH_SIZE * level]
                    )
                    if len(v) != HASH_SIZE:
                        raise KeyError(index)
                    h = sha256(b"\x01" + v + h).digest() if h else v
                proof.append(h)
        except KeyError:  # a row missing or a node of the wrong length: say which, exactly
            return proof_from_plan(plan, self._lookup_within(plan_nodes(plan), size))
        return proof

    def _fetch(self, seqs: list[int]) -> dict[int, tuple[bytes, bytes]]:
        if self._sqlite:
            if not self._conn.in_transaction():
                self._conn.begin()
            driver = self._driver
            if driver is None:
                driver = self._driver = self._conn.connection.driver_connection
            rows = driver.execute(self._sqlite_query(len(seqs)), seqs).fetchall()
            return {seq: (leaf_hash, packed) for seq, leaf_hash, packed in rows}
        with raw_cursor(self._conn) as cursor:
            if self._sqlite:
                cursor.execute(self._sqlite_query(len(seqs)), seqs)
            else:
                cursor.execute(
                    "SELECT seq, leaf_hash, nodes FROM events WHERE seq = ANY(%s)", (seqs,)
                )
            return {seq: (leaf_hash, packed) for seq, leaf_hash, packed in cursor.fetchall()}

    def _sqlite_query(self, count: int) -> str:
        sql = self._by_count.get(count)
        if sql is None:
            marks = ",".join("?" * count)
            sql = f"SELECT seq, leaf_hash, nodes FROM events WHERE seq IN ({marks})"
            self._by_count[count] = sql
        return sql

    def _size_or_now(self, size: int | None) -> int:
        if size is None:
            return self.size
        if size < 0:
            raise ProofError(f"tree size {size:,} is negative")
        return size  # checked against the log by _lookup_within, without a query of its own

    def _lookup_within(self, nodes: list[NodeId], size: int) -> dict[NodeId, bytes]:
        try:
            return self.lookup(nodes)
        except LogIntegrityError:
            now = self.size
            if size > now:
                raise ProofError(f"tree size {size:,} is not between 0 and {now:,}") from None
            raise
