"""Shared fixtures: a database engine on SQLite and on PostgreSQL, a log signer, a clock.

``engine`` runs each test twice: on a SQLite file (WAL) in a temporary data dir, and on the
PostgreSQL server at ``UNBURIED_TEST_DATABASE_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``) in a fresh schema dropped afterwards.
Without a server the PostgreSQL runs are skipped with the reason — except in CI
(``CI=true``), where they fail: CI must prove the store works on both engines.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from unburied.ledger.note import NoteSigner
from unburied.store.engine import make_engine, sqlite_url
from unburied.store.migrate import upgrade_to_head
from unburied.store.uow import SqlUnitOfWork
from unburied.vault.keys import FileMasterKey

DEFAULT_TEST_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TEST_ORIGIN = "test.unburied.example/log"
#: A fixed test key: never use a seed like this for a real log.
TEST_SEED = bytes(range(32))
T0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)

EngineFactory = Callable[[], Engine]


def _postgres_url() -> str:
    return os.environ.get("UNBURIED_TEST_DATABASE_URL", DEFAULT_TEST_DATABASE_URL)


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """An engine on the test PostgreSQL database; skips (fails in CI) if it is unreachable."""
    admin = create_engine(_postgres_url(), connect_args={"connect_timeout": 5})
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        admin.dispose()
        reason = f"PostgreSQL at {_postgres_url()} is unreachable: {exc.orig}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the PostgreSQL tests must run)", pytrace=False)
        pytest.skip(reason)
    yield admin
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EngineFactory]:
    """Make fresh, migrated, empty databases of one kind; everything is removed afterwards."""
    made: list[tuple[Engine, str | None]] = []
    admin = request.getfixturevalue("postgres_admin") if request.param == "postgres" else None

    def make() -> Engine:
        if admin is None:
            data_dir = tmp_path / f"data-{len(made)}"
            data_dir.mkdir()
            engine = make_engine(sqlite_url(data_dir))
            schema = None
        else:
            schema = f"t_{uuid.uuid4().hex}"
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            engine = make_engine(_postgres_url(), schema=schema)
        made.append((engine, schema))
        upgrade_to_head(engine)
        return engine

    yield make
    for engine, schema in made:
        engine.dispose()
        if admin is not None and schema is not None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def engine(engine_factory: EngineFactory) -> Engine:
    """A fresh, migrated, empty database: SQLite file, then PostgreSQL schema."""
    return engine_factory()


@pytest.fixture
def signer() -> NoteSigner:
    """The test log's signing key (fixed seed, origin :data:`TEST_ORIGIN`)."""
    return NoteSigner.from_seed(TEST_ORIGIN, TEST_SEED)


class TickingClock:
    """A clock that starts at :data:`T0` and moves one second each time it is read."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def clock() -> TickingClock:
    """A deterministic clock."""
    return TickingClock()


@pytest.fixture
def master_key(tmp_path: Path) -> FileMasterKey:
    """A fresh vault master key in a 0600 key file."""
    return FileMasterKey.create(tmp_path / "master.key")


@pytest.fixture
def uow_factory(
    engine: Engine, signer: NoteSigner, clock: TickingClock, master_key: FileMasterKey
) -> Callable[[], SqlUnitOfWork]:
    """Make units of work on ``engine`` with the test signer, clock and master key."""

    def make() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, signer=signer, clock=clock, master_key=master_key)

    return make
