"""The event log: append events as leaves, read them back, prove them.

:meth:`EventLog.append` gives each event the next sequence number (= leaf index), encodes it
canonically, hashes it (RFC 9162 leaf hash), writes the event row with the tree nodes it
completes, and runs the view projectors — all in the caller's transaction. It never commits:
the unit of work does, once, with one signed checkpoint for the whole group.

The right frontier of the tree is read once per transaction (O(log n) rows), inside the
writer lock, so appends need no further reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

from sqlalchemy import Connection, select

from unburied.domain.errors import LogIntegrityError, NotFound
from unburied.domain.events import Event, RecordedEvent
from unburied.ledger.merkle import CompactRange
from unburied.store.engine import lock_writer, placeholder
from unburied.store.leaves import encode_leaf, leaf_time
from unburied.store.rows import decode_row, stream_events
from unburied.store.schema import events as events_table
from unburied.store.tree import StoredTree
from unburied.store.views import REGISTRY, ViewRegistry

__all__ = ["EventLog"]

_FAILED = "an append failed in this unit of work; roll it back and try again"
_COLUMNS = "seq, type, actor, at, case_ref, subject, leaf, leaf_hash, nodes"


class EventLog:
    """The append-only log of one database, seen through one connection (one transaction)."""

    def __init__(self, connection: Connection, *, views: ViewRegistry = REGISTRY) -> None:
        """Work in the current transaction of ``connection``; project into ``views``."""
        self._conn = connection
        self._views = views
        self._frontier: CompactRange | None = None
        self._appended = 0
        self._failed = False
        self._base: int | None = None
        self.tree = StoredTree(connection)

    @property
    def size(self) -> int:
        """The number of events in the log, including those appended in this transaction."""
        if self._frontier is not None:
            return self._frontier.size
        return self.tree.size

    @property
    def base(self) -> int | None:
        """The log's size when this transaction first appended (``None`` before that)."""
        return self._base

    @property
    def failed(self) -> bool:
        """True once an append raised: the transaction must be rolled back, not committed."""
        return self._failed

    @property
    def appended(self) -> int:
        """How many events this object appended in the current transaction."""
        return self._appended

    def head_root(self) -> bytes:
        """The root of the tree over every event, from the in-memory frontier."""
        return self._head().root()

    def append(self, events: Sequence[Event]) -> list[RecordedEvent]:
        """Append ``events`` in order; return them with their sequence numbers and leaf bytes."""
        if not events:
            return []
        if self._failed:
            raise LogIntegrityError(_FAILED)
        try:
            frontier, rows, recorded = _encode_all(self._head(), events)
            marks = ",".join([placeholder(self._conn)] * 9)
            self._conn.exec_driver_sql(f"INSERT INTO events ({_COLUMNS}) VALUES ({marks})", rows)
            self._views.project(self._conn, recorded)
            self._frontier = frontier
        except BaseException:
            # Rows may be half written; only a rollback of the whole transaction is safe now.
            self._frontier = None
            self._failed = True
            raise
        self._appended += len(recorded)
        return recorded

    def get(self, seq: int) -> RecordedEvent:
        """Return event ``seq``; :class:`NotFound` if the log has no such event."""
        row = self._conn.execute(
            select(events_table.c.leaf).where(events_table.c.seq == seq)
        ).first()
        if row is None:
            raise NotFound(f"event {seq} is not in the log (it holds {self.size:,} events)")
        return decode_row(seq, row[0])

    def range(
        self, start: int = 0, stop: int | None = None, *, batch: int = 2000
    ) -> Iterator[RecordedEvent]:
        """Yield events ``start <= seq < stop`` (default: to the end) in order, streaming."""
        return stream_events(self._conn, start, stop, batch=batch)

    def find(
        self,
        *,
        case: str | None = None,
        type: str | None = None,
        subject: str | None = None,
        limit: int | None = None,
    ) -> list[RecordedEvent]:
        """Return the events of a case, a type and/or a subject, in log order (indexed)."""
        query = select(events_table.c.seq, events_table.c.leaf)
        if case is not None:
            query = query.where(events_table.c.case_ref == case)
        if type is not None:
            query = query.where(events_table.c.type == type)
        if subject is not None:
            query = query.where(events_table.c.subject == subject)
        query = query.order_by(events_table.c.seq).limit(limit)
        return [decode_row(seq, leaf) for seq, leaf in self._conn.execute(query)]

    def _head(self) -> CompactRange:
        if self._frontier is None:
            lock_writer(self._conn)  # re-entrant; the head is read inside the lock
            self._frontier = self.tree.frontier()
            if self._base is None:
                self._base = self._frontier.size
        return self._frontier


_Row = tuple[int, str, str, str, str | None, str | None, bytes, bytes, bytes]


def _encode_all(
    frontier: CompactRange, events: Sequence[Event]
) -> tuple[CompactRange, list[_Row], list[RecordedEvent]]:
    """Encode, hash and place ``events`` after ``frontier``; return the new frontier and rows.

    The frontier update is CompactRange.append written out flat: this loop is the bulk path.
    """
    sha256 = hashlib.sha256
    stack = list(frontier.hashes)
    rows: list[_Row] = []
    recorded: list[RecordedEvent] = []
    seq = frontier.size
    for event in events:
        at = leaf_time(event.at)
        leaf = encode_leaf(seq, event, at)
        h = leaf_hash = sha256(b"\x00" + leaf).digest()
        nodes = b""
        seq += 1
        m = seq
        while not m & 1:  # each trailing zero of the new size completes one parent
            h = sha256(b"\x01" + stack.pop() + h).digest()
            nodes += h
            m >>= 1
        stack.append(h)
        rows.append(
            (
                seq - 1,
                event.type,
                event.actor,
                at,
                event.case,
                event.subject,
                leaf,
                leaf_hash,
                nodes,
            )
        )
        recorded.append(RecordedEvent(seq=seq - 1, event=event, leaf=leaf))
    return CompactRange(seq, stack), rows, recorded
