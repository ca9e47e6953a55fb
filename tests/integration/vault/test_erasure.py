"""Erasure: destroying a survivor's key makes her protected values unreadable, not the log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from unburied.domain.errors import KeyErased, NotFound
from unburied.domain.events import Event
from unburied.ledger.note import NoteSigner
from unburied.store.audit import verify_log
from unburied.store.engine import make_engine, scrub_freed_pages, sqlite_url
from unburied.store.migrate import upgrade_to_head
from unburied.store.schema import data_keys
from unburied.store.uow import SqlUnitOfWork
from unburied.vault.envelope import open_sealed, seal
from unburied.vault.erasure import erase_subject
from unburied.vault.keys import FileMasterKey

UowFactory = Callable[[], SqlUnitOfWork]


def _record_statement(uow_factory: UowFactory, clock: Callable[[], datetime], text: str) -> int:
    with uow_factory() as uow:
        sealed = seal(uow.keys, "P-7", "text", text)
        event = Event("statement.recorded", "staff-1", clock(), {"text": sealed}, "C-1", "P-7")
        (recorded,) = uow.events.append([event])
        uow.commit()
    return recorded.seq


def _erase(uow_factory: UowFactory, clock: Callable[[], datetime]) -> None:
    with uow_factory() as uow:
        record = erase_subject(uow.keys, "P-7")
        data = {**record.event_data(), "authority": "order of the review lead, ref. RL-12"}
        erased = Event("survivor.erased", "staff-2", clock(), data, subject=record.subject)
        uow.events.append([erased])
        uow.commit()


def test_after_erasure_the_statement_cannot_be_read_but_the_log_still_verifies(
    uow_factory: UowFactory, engine: Engine, signer: NoteSigner, clock: Callable[[], datetime]
) -> None:
    seq = _record_statement(uow_factory, clock, "what was said at the interview")
    with uow_factory() as uow:
        assert open_sealed(uow.keys, uow.events.get(seq).data["text"]).value.startswith("what")
    _erase(uow_factory, clock)
    scrub_freed_pages(engine)
    with uow_factory() as uow:
        sealed = uow.events.get(seq).data["text"]
        with pytest.raises(KeyErased, match="cannot be recovered"):
            open_sealed(uow.keys, sealed)
        (erased,) = uow.events.find(type="survivor.erased")
    assert isinstance(sealed, dict) and erased.data["key"] == sealed["key"]
    assert erased.data["authority"] == "order of the review lead, ref. RL-12"
    assert verify_log(engine, signer.verifier, deep=True).size == 2


def test_erasing_a_subject_without_a_key_is_not_found(uow_factory: UowFactory) -> None:
    with uow_factory() as uow, pytest.raises(NotFound, match="has no data key"):
        erase_subject(uow.keys, "P-404")


def test_the_destroyed_wrapped_key_is_gone_from_the_database_files(
    tmp_path: Path, signer: NoteSigner, clock: Callable[[], datetime], master_key: FileMasterKey
) -> None:
    # On SQLite only: it reads the database file itself; PostgreSQL's files are the server's.
    engine = make_engine(sqlite_url(tmp_path))
    upgrade_to_head(engine)

    def factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, signer=signer, clock=clock, master_key=master_key)

    _record_statement(factory, clock, "a statement")
    with engine.connect() as conn:
        wrapped = bytes(conn.execute(select(data_keys.c.wrapped)).scalar_one())
    database = Path(str(engine.url.database))
    _erase(factory, clock)
    scrub_freed_pages(engine)
    for path in (database, database.with_name(database.name + "-wal")):
        if path.exists():
            assert wrapped not in path.read_bytes(), path.name
    engine.dispose()
