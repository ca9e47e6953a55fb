"""The deep audit checks the vault against the log: keys and ciphertexts deleted behind its back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import Engine, delete, update

from unburied.domain.errors import LogIntegrityError
from unburied.domain.events import Event
from unburied.ledger.note import NoteSigner
from unburied.store.audit import verify_log
from unburied.store.schema import data_keys, sealed_blobs
from unburied.store.uow import SqlUnitOfWork
from unburied.vault.envelope import seal
from unburied.vault.erasure import erase_subject

UowFactory = Callable[[], SqlUnitOfWork]
Clock = Callable[[], datetime]


def _record(uow_factory: UowFactory, clock: Clock, subject: str, text: str) -> dict[str, object]:
    with uow_factory() as uow:
        sealed = seal(uow.keys, subject, "text", text)
        data = {"statement": f"S-{subject}", "text": sealed}
        uow.events.append([Event("statement.recorded", "staff-1", clock(), data, "C-1", subject)])
        uow.commit()
    return sealed


def _audit(engine: Engine, signer: NoteSigner) -> None:
    verify_log(engine, signer.verifier, deep=True)


def test_a_data_key_deleted_behind_the_logs_back_is_caught_by_the_deep_audit(
    uow_factory: UowFactory, engine: Engine, signer: NoteSigner, clock: Clock
) -> None:
    _record(uow_factory, clock, "P-1", "first")
    sealed = _record(uow_factory, clock, "P-2", "second")
    _audit(engine, signer)
    with engine.begin() as conn:
        conn.execute(delete(data_keys).where(data_keys.c.subject == "P-2"))
    verify_log(engine, signer.verifier)  # the shallow audit reads only the log
    with pytest.raises(
        LogIntegrityError,
        match=f"event 1: sealed field 'text' names data key {sealed['key']}, which is not in",
    ):
        _audit(engine, signer)


def test_a_data_key_destroyed_without_an_erasure_event_is_caught(
    uow_factory: UowFactory, engine: Engine, signer: NoteSigner, clock: Clock
) -> None:
    _record(uow_factory, clock, "P-1", "first")
    with engine.begin() as conn:
        conn.execute(update(data_keys).values(wrapped=None, destroyed_at="2024-05-01T09:00:00Z"))
    with pytest.raises(LogIntegrityError, match="but no survivor.erased event records"):
        _audit(engine, signer)


def test_a_ciphertext_deleted_behind_the_logs_back_is_caught(
    uow_factory: UowFactory, engine: Engine, signer: NoteSigner, clock: Clock
) -> None:
    sealed = _record(uow_factory, clock, "P-1", "first")
    with engine.begin() as conn:
        conn.execute(delete(sealed_blobs))
    with pytest.raises(
        LogIntegrityError, match=f"its ciphertext \\(SHA-256 {sealed['ct_sha256']}\\) is not stored"
    ):
        _audit(engine, signer)


def test_a_ciphertext_edited_in_place_is_caught(
    uow_factory: UowFactory, engine: Engine, signer: NoteSigner, clock: Clock
) -> None:
    _record(uow_factory, clock, "P-1", "first")
    with engine.begin() as conn:
        conn.execute(update(sealed_blobs).values(ct=b"\x00" * 40))
    with pytest.raises(LogIntegrityError, match="does not match the hash and length"):
        _audit(engine, signer)


def test_after_an_erasure_event_the_missing_key_and_ciphertexts_are_expected(
    uow_factory: UowFactory, engine: Engine, signer: NoteSigner, clock: Clock
) -> None:
    _record(uow_factory, clock, "P-1", "first")
    _record(uow_factory, clock, "P-2", "second")
    with uow_factory() as uow:
        record = erase_subject(uow.keys, "P-1")
        data = {**record.event_data(), "authority": "order RL-12"}
        uow.events.append([Event("survivor.erased", "staff-2", clock(), data, subject="P-1")])
        uow.commit()
    with engine.connect() as conn:
        kept = conn.execute(sealed_blobs.select()).all()
    assert [row.key_id for row in kept] != [record.key_id] and len(kept) == 1
    _audit(engine, signer)
    with engine.begin() as conn:
        conn.execute(delete(data_keys).where(data_keys.c.subject == "P-1"))
    _audit(engine, signer)  # the erasure is recorded: the key row is not needed
