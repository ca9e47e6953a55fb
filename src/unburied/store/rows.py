"""Reading events back: rows of ``events`` to :class:`RecordedEvent`, streamed in seq order."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import Connection, select

from unburied.domain.errors import FormatError, InvalidInput
from unburied.domain.events import Event, RecordedEvent, parse_time
from unburied.store.schema import events

__all__ = ["decode_row", "stream_events"]


def decode_row(seq: int, leaf: bytes) -> RecordedEvent:
    """Rebuild the event a stored leaf records (its canonical form is ``verify_log``'s job)."""
    try:
        obj = json.loads(leaf)
        event = Event(
            type=obj["type"],
            actor=obj["actor"],
            at=parse_time(obj["at"]),
            data=obj["data"],
            case=obj["case"],
            subject=obj["subject"],
        )
    except (ValueError, KeyError, TypeError, InvalidInput) as exc:
        raise FormatError(f"event {seq}: stored bytes are not an event: {exc}") from None
    if obj.get("seq") != seq:
        raise FormatError(f"event {seq}: stored bytes say sequence number {obj.get('seq')!r}")
    return RecordedEvent(seq=seq, event=event, leaf=bytes(leaf))


def stream_events(
    connection: Connection, start: int = 0, stop: int | None = None, *, batch: int = 2000
) -> Iterator[RecordedEvent]:
    """Yield the events ``start <= seq < stop`` in order, reading ``batch`` rows at a time."""
    cursor = start
    while stop is None or cursor < stop:
        query = select(events.c.seq, events.c.leaf).where(events.c.seq >= cursor)
        if stop is not None:
            query = query.where(events.c.seq < stop)
        rows = connection.execute(query.order_by(events.c.seq).limit(batch)).all()
        for seq, leaf in rows:
            yield decode_row(seq, leaf)
        if len(rows) < batch:
            return
        cursor = rows[-1][0] + 1
