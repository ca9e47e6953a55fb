"""Views: tables derived from events, updated in the append's transaction, rebuildable.

A *projector* turns recorded events into rows of a view table. :meth:`ViewRegistry.project`
runs in the same transaction as the append (``EventLog.append`` calls it), so a view never
shows an event the log does not hold, nor misses one it does. :func:`rebuild_views` empties
every view table and replays the whole log; a property test checks that replay equals the
live views.

Register a view table and its projectors::

    my_table = view_table(Table("view_x", metadata, ...))

    @projector("case.opened", "case.reopened")
    def _cases(conn: Connection, events: Sequence[RecordedEvent]) -> None: ...

Typed projectors receive consecutive runs of their events in log order. A projector for
:data:`ALL_EVENTS` receives each appended batch once, after the typed ones; it must not depend
on the order of other views.

One real view lives here now: ``view_event_counts``, the number of events of each type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy import Connection, Table, delete
from sqlalchemy.dialects import postgresql, sqlite

from unburied.domain.errors import InvalidInput
from unburied.domain.events import EVENT_TYPES, RecordedEvent
from unburied.store.rows import stream_events
from unburied.store.schema import view_event_counts
from unburied.store.tree import stored_size

__all__ = [
    "ALL_EVENTS",
    "REGISTRY",
    "Projector",
    "ViewRegistry",
    "count_event_types",
    "projector",
    "rebuild_views",
    "view_table",
]

#: Register a projector under this name to receive every event.
ALL_EVENTS = "*"

Projector = Callable[[Connection, Sequence[RecordedEvent]], None]
_P = TypeVar("_P", bound=Projector)


class ViewRegistry:
    """Which projectors run for which event types, and which tables they own."""

    def __init__(self) -> None:
        """Start with no views."""
        self._typed: dict[str, list[Projector]] = {}
        self._all: list[Projector] = []
        self._tables: list[Table] = []

    @property
    def tables(self) -> tuple[Table, ...]:
        """The view tables, in registration order."""
        return tuple(self._tables)

    def view_table(self, table: Table) -> Table:
        """Register ``table`` as a view (emptied by :func:`rebuild_views`); return it."""
        if table not in self._tables:
            self._tables.append(table)
        return table

    def projector(self, *event_types: str) -> Callable[[_P], _P]:
        """Decorate a projector to run for ``event_types`` (or :data:`ALL_EVENTS`)."""
        if not event_types:
            raise InvalidInput("a projector needs at least one event type (or ALL_EVENTS)")
        for name in event_types:
            if name != ALL_EVENTS and name not in EVENT_TYPES:
                raise InvalidInput(f"projector for unknown event type {name!r}")

        def register(func: _P) -> _P:
            for name in event_types:
                if name == ALL_EVENTS:
                    self._all.append(func)
                else:
                    self._typed.setdefault(name, []).append(func)
            return func

        return register

    def project(self, connection: Connection, recorded: Sequence[RecordedEvent]) -> None:
        """Run the projectors for ``recorded`` (in log order) in the current transaction."""
        if not recorded:
            return
        if self._typed:
            self._project_runs(connection, recorded)
        for func in self._all:
            func(connection, recorded)

    def _project_runs(self, connection: Connection, recorded: Sequence[RecordedEvent]) -> None:
        start = 0
        for i in range(1, len(recorded) + 1):
            if i == len(recorded) or recorded[i].type != recorded[start].type:
                for func in self._typed.get(recorded[start].type, ()):
                    func(connection, recorded[start:i])
                start = i

    def rebuild(self, connection: Connection, *, batch: int = 5000) -> int:
        """Empty every view table and replay the whole log; return how many events replayed."""
        for table in reversed(self._tables):
            connection.execute(delete(table))
        size = stored_size(connection)
        chunk: list[RecordedEvent] = []
        for recorded in stream_events(connection, 0, size, batch=batch):
            chunk.append(recorded)
            if len(chunk) == batch:
                self.project(connection, chunk)
                chunk = []
        self.project(connection, chunk)
        return size


#: The registry ``EventLog`` uses unless given another.
REGISTRY = ViewRegistry()
projector = REGISTRY.projector
view_table = REGISTRY.view_table


def rebuild_views(connection: Connection, registry: ViewRegistry = REGISTRY) -> int:
    """Empty the view tables of ``registry`` and replay every event into them."""
    return registry.rebuild(connection)


def count_event_types(connection: Connection, recorded: Sequence[RecordedEvent]) -> None:
    """Projector of ``view_event_counts``: add each batch's events to their type's count."""
    counts = Counter(r.type for r in recorded)
    rows = [{"type": t, "events": n} for t, n in sorted(counts.items())]
    if connection.dialect.name == "sqlite":
        lite = sqlite.insert(view_event_counts).values(rows)
        connection.execute(
            lite.on_conflict_do_update(
                index_elements=[view_event_counts.c.type],
                set_={"events": view_event_counts.c.events + lite.excluded.events},
            )
        )
        return
    pg = postgresql.insert(view_event_counts).values(rows)
    connection.execute(
        pg.on_conflict_do_update(
            index_elements=[view_event_counts.c.type],
            set_={"events": view_event_counts.c.events + pg.excluded.events},
        )
    )


view_table(view_event_counts)
projector(ALL_EVENTS)(count_event_types)

# The case model's views register themselves here, so every user of REGISTRY has them.
from unburied.store import case_views as _case_views  # noqa: E402,F401  isort: skip
from unburied.store import link_views as _link_views  # noqa: E402,F401  isort: skip
