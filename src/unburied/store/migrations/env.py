"""Alembic environment for the unburied store.

Run programmatically by :func:`unburied.store.migrate.upgrade_to_head`, which passes an open
connection in ``config.attributes["connection"]``. From a shell (to write a new revision)::

    UNBURIED_DATABASE_URL=sqlite:///data/unburied.db \\
        alembic -c src/unburied/store/alembic.ini revision --autogenerate -m "add a view"
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from unburied.store.engine import make_engine
from unburied.store.schema import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate the database of the given connection, or of ``UNBURIED_DATABASE_URL``."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = os.environ.get("UNBURIED_DATABASE_URL")
    if not url:
        raise SystemExit("set UNBURIED_DATABASE_URL to the database to migrate")
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run them online")
run_migrations_online()
