"""Tampering with a real database file: ``verify_log`` names the first bad event and what is wrong.

Each test writes a small log through the store, then alters the database the way an insider
with database access could — bypassing the store: plain ``sqlite3`` on the SQLite file, plain
SQL on PostgreSQL — and checks the audit's verdict.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from unburied.domain.errors import LogIntegrityError
from unburied.domain.events import encode_event, format_time
from unburied.ledger.merkle import completed_nodes
from unburied.ledger.note import NoteSigner
from unburied.store.audit import BLOCK_LEVEL, verify_log
from unburied.store.uow import SqlUnitOfWork

from .builders import an_event, some_events

UowFactory = Callable[[], SqlUnitOfWork]
SIZE = 60


@pytest.fixture
def logged(uow_factory: UowFactory) -> UowFactory:
    """A log of 60 events in commits of 20 (checkpoints at 20, 40 and 60)."""
    for start in range(0, SIZE, 20):
        with uow_factory() as uow:
            uow.events.append(some_events(20, start))
            uow.commit()
    return uow_factory


def tamper(engine: Engine, *statements: tuple[str, tuple[Any, ...]]) -> None:
    """Run raw SQL on the database behind the store's back ("?" placeholders)."""
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        assert path is not None
        plain = sqlite3.connect(path)
        with plain:
            for sql, params in statements:
                plain.execute(sql, params)
        plain.close()
        return
    with engine.begin() as conn:
        for sql, params in statements:
            conn.exec_driver_sql(sql.replace("?", "%s"), params)


def leaf_of(engine: Engine, seq: int) -> bytes:
    with engine.connect() as conn:
        return bytes(
            conn.exec_driver_sql(f"SELECT leaf FROM events WHERE seq = {seq}").scalar_one()
        )


#: Block sizes 2, 8, 32 and the default: the verdict must not depend on how the audit is cut.
BLOCK_LEVELS = (1, 3, 5, BLOCK_LEVEL)


def audit_fails(engine: Engine, signer: NoteSigner, match: str, **options: Any) -> None:
    for level in BLOCK_LEVELS:
        with pytest.raises(LogIntegrityError, match=match):
            verify_log(engine, signer.verifier, block_level=level, **options)


def test_an_intact_log_verifies(logged: UowFactory, engine: Engine, signer: NoteSigner) -> None:
    reports = {verify_log(engine, signer.verifier, block_level=n) for n in BLOCK_LEVELS}
    assert len(reports) == 1 and reports.pop().size == SIZE


def test_an_edited_payload_is_caught_at_its_event(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    edited = leaf_of(engine, 42).replace(b'"note":"entry 42"', b'"note":"entry 24"')
    tamper(engine, ("UPDATE events SET leaf = ? WHERE seq = 42", (edited,)))
    audit_fails(engine, signer, r"^event 42: stored leaf hash does not match its bytes$")


def test_a_payload_edited_with_its_leaf_hash_is_caught_by_the_tree(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    from unburied.ledger.merkle import leaf_hash

    edited = leaf_of(engine, 42).replace(b'"note":"entry 42"', b'"note":"entry 24"')
    tamper(
        engine,
        ("UPDATE events SET leaf = ?, leaf_hash = ? WHERE seq = 42", (edited, leaf_hash(edited))),
    )
    audit_fails(engine, signer, r"^events 42–43: the stored tree node \(level 1, index 21\)")


def test_a_re_filed_case_reference_is_caught(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    tamper(engine, ("UPDATE events SET case_ref = ? WHERE seq = 17", ("C-0",)))
    audit_fails(
        engine, signer, r"^event 17: stored column does not match its bytes: case_ref 'C-0'"
    )


def test_a_deleted_row_is_caught_as_a_gap(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    tamper(engine, ("DELETE FROM events WHERE seq = 17", ()))
    audit_fails(engine, signer, r"^event 17 missing: sequence jumps from 16 to 18$")


def test_a_deleted_first_row_is_caught(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    tamper(engine, ("DELETE FROM events WHERE seq = 0", ()))
    audit_fails(engine, signer, r"^event 0 missing: the sequence starts at 1$")


def test_two_swapped_rows_are_caught_at_the_first(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    columns = "type, actor, at, case_ref, subject, leaf, leaf_hash, nodes"
    with engine.connect() as conn:
        a, b = (
            tuple(conn.exec_driver_sql(f"SELECT {columns} FROM events WHERE seq = {s}").one())
            for s in (10, 20)
        )
    assignments = ", ".join(f"{c.strip()} = ?" for c in columns.split(","))
    tamper(
        engine,
        (f"UPDATE events SET {assignments} WHERE seq = 10", b),
        (f"UPDATE events SET {assignments} WHERE seq = 20", a),
    )
    audit_fails(engine, signer, r"^event 10: stored bytes say sequence number 20$")


def test_a_truncated_tail_is_caught_by_the_last_checkpoint(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    tamper(engine, ("DELETE FROM events WHERE seq >= 55", ()))
    audit_fails(
        engine, signer, r"^event 55 missing: the checkpoint at size 60 .* \(its tail was removed\)$"
    )


def test_a_truncated_tail_with_its_checkpoints_is_caught_by_a_kept_checkpoint(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    with logged() as uow:
        kept = uow.checkpoints.latest()
    assert kept is not None
    tamper(
        engine,
        ("DELETE FROM events WHERE seq >= 40", ()),
        ("DELETE FROM checkpoints WHERE size > 40", ()),
    )
    assert verify_log(engine, signer.verifier).size == 40  # consistent with what it still holds
    audit_fails(
        engine, signer, r"^event 40 missing: the kept checkpoint 1 at size 60", kept=[kept.note]
    )


def test_an_event_added_behind_the_logs_back_is_caught_as_unsigned(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    _forge_event(engine, SIZE)
    audit_fails(engine, signer, r"^event 60 is not covered by any signed checkpoint")


def test_the_log_refuses_to_sign_over_an_event_added_behind_its_back(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    _forge_event(engine, SIZE)
    with logged() as uow:
        uow.events.append([an_event(SIZE + 1)])
        with pytest.raises(LogIntegrityError, match="events 60–60 are in the log but no signed"):
            uow.commit()


def _forge_event(engine: Engine, seq: int) -> None:
    """Insert an event with correct leaf hash and tree nodes, as an insider without the key."""
    from unburied.ledger.merkle import MerkleTree

    reference = MerkleTree()
    with engine.connect() as conn:
        for (leaf,) in conn.exec_driver_sql("SELECT leaf FROM events ORDER BY seq"):
            reference.append(bytes(leaf))
    event = an_event(seq)
    leaf = encode_event(seq, event)
    reference.append(leaf)
    nodes = b"".join(reference.nodes[n] for n in completed_nodes(seq))
    row = (seq, event.type, event.actor, format_time(event.at), event.case, event.subject)
    tamper(
        engine,
        (
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row, leaf, reference.nodes[(0, seq)], nodes),
        ),
    )


def test_an_altered_tree_node_is_caught(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    tamper(engine, ("UPDATE events SET nodes = ? WHERE seq = 31", (b"\x07" * 160,)))
    audit_fails(engine, signer, r"^events 30–31: the stored tree node \(level 1, index 15\)")


def test_a_forged_checkpoint_signature_is_caught(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    forger = NoteSigner.from_seed(signer.name, bytes(32))
    from unburied.ledger.checkpoint import Checkpoint, sign_checkpoint

    with logged() as uow:
        root = uow.events.tree.root(40)
    note = sign_checkpoint(Checkpoint(signer.name, 40, root), forger)
    tamper(engine, ("UPDATE checkpoints SET note = ? WHERE size = 40", (note,)))
    audit_fails(engine, signer, r"^checkpoint at size 40: note has no signature by")


def test_a_whole_log_replaced_by_a_re_signed_fork_is_caught_by_a_kept_checkpoint(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    with logged() as uow:
        kept = uow.checkpoints.at_least(20)
    assert kept is not None and kept.size == 20
    # The insider holds the signing key: wipe the log and write a different history, signed.
    tamper(engine, ("DELETE FROM events", ()), ("DELETE FROM checkpoints", ()))
    with logged() as uow:
        uow.events.append([an_event(i, "concern.raised") for i in range(SIZE)])
        uow.commit()
    assert verify_log(engine, signer.verifier).size == SIZE  # self-consistent on its own
    audit_fails(
        engine,
        signer,
        r"^kept checkpoint 1 at size 20: root differs from the tree rebuilt from events 0–19",
        kept=[kept.note],
    )


def test_the_first_bad_event_is_named_when_several_are_altered(
    logged: UowFactory, engine: Engine, signer: NoteSigner
) -> None:
    tamper(
        engine,
        ("UPDATE events SET actor = ? WHERE seq = 50", ("staff-9",)),
        ("DELETE FROM events WHERE seq = 33", ()),
        ("UPDATE events SET leaf_hash = ? WHERE seq = 41", (b"\x00" * 32,)),
    )
    audit_fails(engine, signer, r"^event 33 missing: sequence jumps from 32 to 34$")
