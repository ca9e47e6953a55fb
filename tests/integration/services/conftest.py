"""Fixtures for the services: an app on each engine, the Northshire world imported, actors.

``app`` is an :class:`~unburied.bootstrap.Unburied` on the parametrised ``engine`` (SQLite,
then PostgreSQL), with the test signer, a ticking clock from 2024-05-01 and a fresh master key;
event 0 is ``log.initialised``. ``world`` is the same app with the Northshire files imported
(see ``northshire.py``). ``operation`` is the app with a tiny synthetic operation (seed 7)
imported, for linking; ``lite`` the same operation on SQLite only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.conftest import TickingClock
from tests.integration.services.northshire import write_northshire
from unburied.bootstrap import Unburied
from unburied.domain.entities import Actor, Role
from unburied.ledger.note import NoteSigner
from unburied.services.imports import import_batch
from unburied.services.log import record_log_initialised
from unburied.store.engine import make_engine, sqlite_url
from unburied.store.migrate import upgrade_to_head
from unburied.synth import write_operation
from unburied.vault.keys import FileMasterKey

LEAD = Actor("P-0010", Role.REVIEW_LEAD)
OVERSIGHT_ONE = Actor("P-0900", Role.OVERSIGHT)
OVERSIGHT_TWO = Actor("P-0901", Role.OVERSIGHT)
INVESTIGATOR = Actor("P-0052", Role.INVESTIGATOR)
REVIEWER = Actor("P-0050", Role.REVIEWER)


@pytest.fixture
def app(
    engine: Engine,
    signer: NoteSigner,
    clock: TickingClock,
    master_key: FileMasterKey,
    tmp_path: Path,
) -> Unburied:
    """An app on a fresh database whose log holds its first event."""
    made = Unburied(tmp_path, engine, signer, master_key, clock)
    record_log_initialised(made)
    return made


@pytest.fixture
def world_files(tmp_path: Path) -> Path:
    """The Northshire import files."""
    return write_northshire(tmp_path / "northshire")


@pytest.fixture
def world(app: Unburied, world_files: Path) -> Unburied:
    """The app with the Northshire world imported by the review lead."""
    import_batch(app, LEAD, world_files)
    return app


#: The seed of the tiny synthetic operation the linking tests import.
SEED = 7


def import_operation(app: Unburied, folder: Path) -> Unburied:
    """Write the tiny synthetic operation (seed :data:`SEED`) to ``folder`` and import it."""
    write_operation(folder, scale="tiny", seed=SEED)
    import_batch(app, LEAD, folder)
    return app


@pytest.fixture
def operation(app: Unburied, tmp_path: Path) -> Unburied:
    """The app (SQLite, then PostgreSQL) with a tiny synthetic operation (seed 7) imported."""
    return import_operation(app, tmp_path / "op")


@pytest.fixture
def lite(
    tmp_path: Path, signer: NoteSigner, clock: TickingClock, master_key: FileMasterKey
) -> Iterator[Unburied]:
    """The same operation on SQLite only, for the rules that do not depend on the engine."""
    engine = make_engine(sqlite_url(tmp_path))
    upgrade_to_head(engine)
    made = Unburied(tmp_path, engine, signer, master_key, clock)
    record_log_initialised(made)
    yield import_operation(made, tmp_path / "op")
    engine.dispose()
