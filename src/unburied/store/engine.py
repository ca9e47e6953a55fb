"""Database engines: SQLite (WAL, durable) by default, PostgreSQL via ``postgresql+psycopg://``.

The log has one writer at a time. :func:`begin_writer` takes the writer lock at the start of a
unit of work: ``BEGIN IMMEDIATE`` on SQLite, a transaction-scoped advisory lock on PostgreSQL.
Everything the writer then reads (the log head, the tree frontier, the views a rule looks at)
is read inside that lock, so two writers never get the same sequence number and never decide
on stale views.

SQLite settings, each chosen for the log: WAL (readers never block the writer),
``synchronous=FULL`` (a commit survives power loss), foreign keys on, a busy timeout so a
second writer waits instead of failing, ``secure_delete`` so a destroyed data key is
overwritten in the file, not just unlinked; reads through a memory map and a 16 MiB page cache,
because a proof reads about twenty rows scattered over the whole file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from unburied.domain.errors import ConfigurationError

__all__ = [
    "DATABASE_FILE",
    "begin_writer",
    "engine_url",
    "is_sqlite",
    "make_engine",
    "lock_writer",
    "placeholder",
    "raw_cursor",
    "scrub_freed_pages",
    "sqlite_url",
]

#: The database file name inside a data dir.
DATABASE_FILE = "unburied.db"

_BUSY_TIMEOUT_S = 30
_MMAP_BYTES = 1 << 30
_CACHE_KIB = 16 * 1024
#: Advisory lock key (two int4 halves): "unburied log writer", per schema.
_PG_LOCK_CLASS = 0x756E62


def sqlite_url(data_dir: Path) -> str:
    """Return the SQLite URL of the database file in ``data_dir``."""
    return f"sqlite:///{Path(data_dir).resolve() / DATABASE_FILE}"


def make_engine(url: str, *, schema: str | None = None, echo: bool = False) -> Engine:
    """Create an engine for ``url`` (SQLite file or ``postgresql+psycopg://``).

    ``schema`` (PostgreSQL only) puts every table in that schema via ``search_path``; the
    tests use it to give each test a fresh schema.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if schema is not None:
            raise ConfigurationError("a schema name applies to PostgreSQL only, not SQLite")
        return _sqlite_engine(url, parsed.database, echo)
    if parsed.get_backend_name() == "postgresql":
        return _postgres_engine(url, schema, echo)
    raise ConfigurationError(
        f"database URL scheme {parsed.drivername!r} is not supported; "
        "use sqlite:///PATH or postgresql+psycopg://…"
    )


def _sqlite_engine(url: str, database: str | None, echo: bool) -> Engine:
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).parent
        if not folder.is_dir():
            raise ConfigurationError(f"data dir {folder} does not exist")
    engine = create_engine(url, echo=echo, connect_args={"timeout": _BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The sqlite3 module's own transaction handling would issue BEGIN lazily and never
    # BEGIN IMMEDIATE; we take it over and emit BEGIN ourselves (SQLAlchemy's documented recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA secure_delete=ON")
        # Proofs read ~20 rows at random places of a large file: map it, keep more pages.
        cursor.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
        cursor.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    writer = connection.get_execution_options().get("unburied_writer", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


def _postgres_engine(url: str, schema: str | None, echo: bool) -> Engine:
    parsed = make_url(url)
    if schema is not None:
        if not schema.isidentifier():
            raise ConfigurationError(f"schema name {schema!r} is not a plain identifier")
        # In the URL, not connect_args, so a worker process rebuilds the same engine from it.
        parsed = parsed.update_query_dict({"options": f"-csearch_path={schema}"})
    return create_engine(
        parsed, echo=echo, pool_pre_ping=True, connect_args={"connect_timeout": 10}
    )


def engine_url(engine: Engine) -> str:
    """The full URL of ``engine`` (password included), to open it again in another process."""
    return engine.url.render_as_string(hide_password=False)


def is_sqlite(connection: Connection) -> bool:
    """Tell whether ``connection`` talks to SQLite."""
    return connection.dialect.name == "sqlite"


def placeholder(connection: Connection) -> str:
    """Return the positional parameter marker of the raw driver (``?`` or ``%s``)."""
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


@contextmanager
def raw_cursor(connection: Connection) -> Iterator[Any]:
    """A driver cursor in the connection's transaction (begun if need be), for hot paths.

    SQLAlchemy's per-statement overhead (tens of µs) would dominate a proof or an audit.
    Parameters use the driver's own marker: :func:`placeholder`.
    """
    if not connection.in_transaction():
        connection.begin()
    cursor = connection.connection.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


def begin_writer(connection: Connection) -> None:
    """Begin the writer's transaction on ``connection`` and hold the log's writer lock.

    SQLite: ``BEGIN IMMEDIATE`` (waits up to the busy timeout for another writer).
    PostgreSQL: READ COMMITTED and a transaction-scoped advisory lock, so every read after
    it sees what the previous writer committed.
    """
    if is_sqlite(connection):
        connection.execution_options(unburied_writer=True)
        connection.begin()
        return
    connection.execution_options(isolation_level="READ COMMITTED")
    connection.begin()
    lock_writer(connection)


def lock_writer(connection: Connection) -> None:
    """Take the PostgreSQL writer lock in the current transaction (no-op on SQLite)."""
    if not is_sqlite(connection):
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:k, hashtext(current_schema()))"),
            {"k": _PG_LOCK_CLASS},
        )


def scrub_freed_pages(engine: Engine) -> None:
    """Push overwritten pages out of the write-ahead log / dead tuples after an erasure.

    SQLite: checkpoint and truncate the WAL, so the old page holding a destroyed wrapped key
    is gone from disk (``secure_delete`` already zeroes it in the main file). PostgreSQL:
    ``VACUUM`` the key table so the dead row version is reclaimed.
    """
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM data_keys")
