"""Use cases of the log itself: its first event, checkpoints, receipts and refreshes."""

from __future__ import annotations

from dataclasses import dataclass

from unburied.bootstrap import SYSTEM_ACTOR, Unburied
from unburied.domain.errors import NotFound
from unburied.domain.events import Event
from unburied.ledger.receipt import Receipt, ReceiptRefresh
from unburied.store.checkpoints import StoredCheckpoint
from unburied.store.uow import SqlUnitOfWork

__all__ = [
    "LogStatus",
    "issue_receipt",
    "issue_refresh",
    "latest_checkpoint",
    "log_status",
    "record_log_initialised",
]


@dataclass(frozen=True)
class LogStatus:
    """How big the log is and what its latest signed checkpoint says."""

    origin: str
    size: int
    checkpoint: StoredCheckpoint | None


def record_log_initialised(app: Unburied) -> StoredCheckpoint | None:
    """Append the log's first event (its origin and verifier key) and sign checkpoint 1."""
    event = Event(
        "log.initialised",
        SYSTEM_ACTOR,
        app.clock(),
        {"origin": app.origin, "vkey": app.signer.to_vkey()},
    )
    with app.uow() as uow:
        uow.events.append([event])
        return uow.commit()


def latest_checkpoint(app: Unburied) -> StoredCheckpoint:
    """The latest signed checkpoint; :class:`NotFound` if the log has none yet.

    Every commit that appends signs a checkpoint in the same transaction, so the latest one
    covers every event and nothing is signed here. Events beyond it were written behind the
    log's back: ``unburied verify`` names them, and the next append refuses to sign over them.
    """
    with app.uow() as uow:
        return _latest(uow)


def log_status(app: Unburied) -> LogStatus:
    """The log's size and latest checkpoint, without signing anything."""
    with app.uow() as uow:
        return LogStatus(app.origin, uow.events.size, uow.checkpoints.latest())


def issue_receipt(app: Unburied, seq: int) -> Receipt:
    """A receipt proving event ``seq`` is in the log, against the latest signed checkpoint."""
    with app.uow() as uow:
        checkpoint = _latest(uow)
        event = uow.events.get(seq)
        if seq >= checkpoint.size:
            raise NotFound(f"event {seq} is not yet covered by a signed checkpoint")
        proof = uow.events.tree.inclusion_proof(seq, checkpoint.size)
    return Receipt(seq, tuple(proof), checkpoint.note, event.leaf)


def issue_refresh(app: Unburied, old_size: int) -> ReceiptRefresh:
    """A consistency proof from a receipt's tree size to the latest signed checkpoint."""
    with app.uow() as uow:
        checkpoint = _latest(uow)
        if not 1 <= old_size <= checkpoint.size:
            raise NotFound(
                f"tree size {old_size:,} is not between 1 and the latest checkpoint's "
                f"{checkpoint.size:,}"
            )
        proof = uow.events.tree.consistency_proof(old_size, checkpoint.size)
    return ReceiptRefresh(old_size, tuple(proof), checkpoint.note)


def _latest(uow: SqlUnitOfWork) -> StoredCheckpoint:
    stored = uow.checkpoints.latest()
    if stored is None:
        raise NotFound("the log has no signed checkpoint yet: nothing was recorded in it")
    return stored
