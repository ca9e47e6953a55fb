"""Schema migrations: Alembic brings a database to the schema the code describes."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from unburied.store.migrate import current_revision, head_revision, upgrade_to_head
from unburied.store.schema import metadata


def test_a_migrated_database_is_at_the_newest_revision(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()


def test_the_migrations_create_exactly_the_schema_the_code_describes(engine: Engine) -> None:
    with engine.connect() as conn:
        differences = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), metadata
        )
    assert differences == []


def test_the_lookup_indexes_exist(engine: Engine) -> None:
    indexed = {tuple(i["column_names"]) for i in inspect(engine).get_indexes("events")}
    assert {("type",), ("case_ref",), ("subject",)} <= indexed


def test_upgrading_twice_changes_nothing(engine: Engine) -> None:
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
