"""Data keys per subject: made on first use, wrapped at rest, destroyed for good."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from unburied.domain.errors import KeyErased, NotFound, VaultError
from unburied.ledger.note import NoteSigner
from unburied.store.schema import data_keys
from unburied.store.uow import SqlUnitOfWork
from unburied.vault.keys import FakeKeyStore, FileMasterKey, KeyStore, rotate_master

UowFactory = Callable[[], SqlUnitOfWork]


@pytest.fixture(params=["sql", "fake"])
def keys(
    request: pytest.FixtureRequest, clock: Callable[[], datetime], uow_factory: UowFactory
) -> Iterator[KeyStore]:
    """The SQL key store in an open unit of work, or the in-memory fake: same behaviour."""
    if request.param == "fake":
        yield FakeKeyStore(clock)
        return
    with uow_factory() as uow:
        yield uow.keys


def test_a_subject_gets_one_data_key_made_on_first_use(keys: KeyStore) -> None:
    first = keys.key_for("P-1")
    assert keys.key_for("P-1") == first
    assert keys.key_by_id(first.key_id) == first
    assert len(first.secret) == 32 and first.key_id.startswith("dk-")
    assert keys.key_for("P-2").secret != first.secret


def test_the_secret_is_never_shown(keys: KeyStore) -> None:
    key = keys.key_for("P-1")
    assert key.secret.hex() not in repr(key) and str(key.secret) not in repr(key)


def test_an_unknown_key_id_is_not_found(keys: KeyStore) -> None:
    with pytest.raises(NotFound, match="data key dk-0 is not in this vault"):
        keys.key_by_id("dk-0")


def test_a_destroyed_key_is_gone_for_good(keys: KeyStore) -> None:
    key = keys.key_for("P-1")
    gone = keys.destroy("P-1")
    assert (gone.key_id, gone.subject) == (key.key_id, "P-1")
    with pytest.raises(KeyErased, match="cannot be recovered"):
        keys.key_by_id(key.key_id)
    with pytest.raises(KeyErased, match="was destroyed"):
        keys.key_for("P-1")
    with pytest.raises(KeyErased, match="was destroyed"):
        keys.destroy("P-1")


def test_destroying_the_key_of_a_subject_without_one_is_not_found(keys: KeyStore) -> None:
    with pytest.raises(NotFound, match="subject P-9 has no data key"):
        keys.destroy("P-9")


def test_an_empty_subject_is_refused(keys: KeyStore) -> None:
    with pytest.raises(VaultError, match="needs a subject"):
        keys.key_for("")


def test_keys_are_stored_only_wrapped_and_destruction_overwrites_them(
    uow_factory: UowFactory, engine: Engine
) -> None:
    with uow_factory() as uow:
        key = uow.keys.key_for("P-1")
        uow.commit()
    with engine.connect() as conn:
        row = conn.execute(select(data_keys)).one()
    assert key.secret not in bytes(row.wrapped) and len(row.wrapped) == 60
    with uow_factory() as uow:
        assert uow.keys.key_by_id(key.key_id) == key  # unwrapped in a later unit of work
        uow.keys.destroy("P-1")
        uow.commit()
    with engine.connect() as conn:
        row = conn.execute(select(data_keys)).one()
    assert (row.key_id, row.subject, row.wrapped, row.master_id) == (key.key_id, "P-1", None, None)
    assert row.destroyed_at is not None


def test_rotating_the_master_key_rewraps_every_live_data_key(
    engine: Engine,
    signer: NoteSigner,
    clock: Callable[[], datetime],
    master_key: FileMasterKey,
    tmp_path: Path,
) -> None:
    def uow(master: FileMasterKey) -> SqlUnitOfWork:
        return SqlUnitOfWork(engine, signer=signer, clock=clock, master_key=master)

    with uow(master_key) as work:
        kept = work.keys.key_for("P-1")
        work.keys.key_for("P-2")
        work.keys.destroy("P-2")
        work.commit()
    new = FileMasterKey.create(tmp_path / "new.key")
    with uow(master_key) as work:
        assert rotate_master(work.keys, new) == 1
        work.commit()
    with uow(new) as work:
        assert work.keys.key_by_id(kept.key_id) == kept
    with uow(master_key) as work, pytest.raises(VaultError, match=f"master key {new.key_id}"):
        work.keys.key_by_id(kept.key_id)


def test_keys_for_gives_existing_and_new_keys_in_one_call(keys: KeyStore) -> None:
    old = keys.key_for("P-1")
    found = keys.keys_for(["P-2", "P-1", "P-3", "P-2"])
    assert list(found) == ["P-2", "P-1", "P-3"]
    assert found["P-1"] == old
    assert keys.key_for("P-2") == found["P-2"] and keys.key_for("P-3") == found["P-3"]
    assert len({k.secret for k in found.values()}) == 3


def test_keys_for_refuses_an_erased_subject(keys: KeyStore) -> None:
    keys.key_for("P-1")
    keys.destroy("P-1")
    with pytest.raises(KeyErased):
        keys.keys_for(["P-2", "P-1"])


def test_keys_for_stores_new_keys_with_one_bulk_insert_and_reads_them_later(
    uow_factory: UowFactory, engine: Engine
) -> None:
    subjects = [f"P-{i}" for i in range(1, 1_201)]  # more than one IN (...) chunk
    with uow_factory() as uow:
        uow.keys.key_for("P-7")
        made = uow.keys.keys_for(subjects)
        uow.commit()
    with engine.connect() as conn:
        assert len(conn.execute(select(data_keys.c.key_id)).all()) == 1_200
    with uow_factory() as uow:
        again = uow.keys.keys_for(reversed(subjects))
    assert again == made
