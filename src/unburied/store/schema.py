"""The database schema: one append-only events table, checkpoints, meta, vault keys and
sealed ciphertexts, views.

``events`` is the log. Row ``seq`` is leaf ``seq`` of the Merkle tree: ``leaf`` holds the
canonical bytes (``unburied.domain.events.encode_event``) and ``leaf_hash`` their RFC 9162 leaf
hash. ``type``, ``actor``, ``at``, ``case_ref`` and ``subject`` repeat fields of the leaf so
they can be indexed; ``verify_log`` checks they agree with it.

Tree nodes are packed per leaf: ``nodes`` holds the hashes of the complete subtrees that
appending this leaf completed (``ledger.merkle.completed_nodes(seq)``: levels 1, 2, … in
order, 32 bytes each; empty for an even ``seq``). Node ``(level, index)``, level ≥ 1, is
therefore at byte ``32 * (level - 1)`` of row ``((index + 1) << level) - 1``. A bulk append
writes no extra rows for the tree, and a proof reads one row per proof node.

No row of ``events`` is ever updated or deleted; a correction is a new event.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "checkpoints",
    "data_keys",
    "events",
    "meta",
    "metadata",
    "sealed_blobs",
    "view_event_counts",
]

metadata = MetaData()

# SQLite makes an INTEGER PRIMARY KEY the row id: no separate index, appends in key order.
_Seq = BigInteger().with_variant(Integer(), "sqlite")

events = Table(
    "events",
    metadata,
    Column("seq", _Seq, primary_key=True, autoincrement=False),
    Column("type", String(64), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("at", String(27), nullable=False),
    Column("case_ref", String(128)),
    Column("subject", String(128)),
    Column("leaf", LargeBinary, nullable=False),
    Column("leaf_hash", LargeBinary(32), nullable=False),
    Column("nodes", LargeBinary, nullable=False),
)
Index("ix_events_type", events.c.type)
Index("ix_events_case_ref", events.c.case_ref)
Index("ix_events_subject", events.c.subject)

checkpoints = Table(
    "checkpoints",
    metadata,
    Column("size", _Seq, primary_key=True, autoincrement=False),
    Column("root", LargeBinary(32), nullable=False),
    Column("note", Text, nullable=False),
    Column("at", String(27), nullable=False),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

data_keys = Table(
    "data_keys",
    metadata,
    Column("key_id", String(40), primary_key=True),
    Column("subject", String(128), nullable=False, unique=True),
    Column("wrapped", LargeBinary),
    Column("master_id", String(40)),
    Column("created_at", String(27), nullable=False),
    Column("destroyed_at", String(27)),
)

#: The ciphertexts of sealed fields, beside the events that commit to them by hash. A row is
#: written with the event (same transaction) and deleted only when its data key is destroyed.
sealed_blobs = Table(
    "sealed_blobs",
    metadata,
    Column("digest", LargeBinary(32), primary_key=True),
    Column("key_id", String(40), nullable=False),
    Column("ct", LargeBinary, nullable=False),
)
Index("ix_sealed_blobs_key_id", sealed_blobs.c.key_id)

view_event_counts = Table(
    "view_event_counts",
    metadata,
    Column("type", String(64), primary_key=True),
    Column("events", BigInteger, nullable=False),
)
