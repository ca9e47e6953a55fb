"""Use cases of the log itself: its first event, checkpoints, receipts and refreshes."""

from __future__ import annotations

from dataclasses import dataclass

from unburied.bootstrap import SYSTEM_ACTOR, Unburied
from unburied.domain.errors import NotFound
from unburied.domain.events import Event
from unburied.ledger.receipt import Receipt, ReceiptRefresh
from unburied.store.checkpoints import StoredCheckpoint

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
    """The latest signed checkpoint; signs one first if events were appended since."""
    with app.uow() as uow:
        stored = uow.checkpoints.latest()
        if stored is None or stored.size < uow.events.size:
            stored = uow.checkpoints.sign_next(
                uow.events.tree, uow.events.size, uow.events.head_root(), app.signer, app.clock()
            )
            uow.commit()
        return stored


def log_status(app: Unburied) -> LogStatus:
    """The log's size and latest checkpoint, without signing anything."""
    with app.uow() as uow:
        return LogStatus(app.origin, uow.events.size, uow.checkpoints.latest())


def issue_receipt(app: Unburied, seq: int) -> Receipt:
    """A receipt proving event ``seq`` is in the log, against the latest signed checkpoint."""
    checkpoint = latest_checkpoint(app)
    with app.uow() as uow:
        event = uow.events.get(seq)
        if seq >= checkpoint.size:
            raise NotFound(f"event {seq} is not yet covered by a signed checkpoint")
        proof = uow.events.tree.inclusion_proof(seq, checkpoint.size)
    return Receipt(seq, tuple(proof), checkpoint.note, event.leaf)


def issue_refresh(app: Unburied, old_size: int) -> ReceiptRefresh:
    """A consistency proof from a receipt's tree size to the latest signed checkpoint."""
    checkpoint = latest_checkpoint(app)
    if not 1 <= old_size <= checkpoint.size:
        raise NotFound(
            f"tree size {old_size:,} is not between 1 and the latest checkpoint's "
            f"{checkpoint.size:,}"
        )
    with app.uow() as uow:
        proof = uow.events.tree.consistency_proof(old_size, checkpoint.size)
    return ReceiptRefresh(old_size, tuple(proof), checkpoint.note)
