"""Small synthetic events for the store tests (ids only; no names of anyone)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st
from sqlalchemy import Engine, delete

from unburied.domain.events import Event, JSONValue
from unburied.store.schema import metadata

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
TYPES = ("case.opened", "case.transitioned", "assignment.made", "concern.raised")


def an_event(i: int, type_: str | None = None) -> Event:
    """Event number ``i`` of a small synthetic operation: cases C-0..C-4, actors staff-0..2."""
    data: dict[str, JSONValue] = {"n": i, "note": f"entry {i}", "flags": [i % 2 == 0, None]}
    return Event(
        type_ or TYPES[i % len(TYPES)],
        f"staff-{i % 3}",
        T0 + timedelta(minutes=i),
        data,
        case=f"C-{i % 5}",
        subject=f"P-{i % 7}" if i % 2 else None,
    )


def some_events(count: int, start: int = 0) -> list[Event]:
    """``count`` events numbered from ``start``."""
    return [an_event(i) for i in range(start, start + count)]


#: Batches of events to append one commit each, e.g. [[case.opened, assignment.made], [...]].
batches = st.lists(st.lists(st.sampled_from(TYPES), min_size=0, max_size=6), min_size=1, max_size=6)


def empty_database(engine: Engine) -> None:
    """Delete every row of every table (for property tests that reuse one database)."""
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(delete(table))
