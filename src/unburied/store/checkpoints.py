"""Signed checkpoints of the log, and the rule that the log never signs a fork of itself.

:meth:`CheckpointStore.sign_next` is called once per committed unit of work that appended
events (group commit). Before it signs the new tree head it proves, with a consistency proof
read from the stored tree and checked by ``ledger.merkle.verify_consistency``, that the last
checkpoint it signed is a prefix of the new tree. If that fails — a stored node or event was
altered, or the last checkpoint is not genuine — it refuses with :class:`LogIntegrityError`
and signs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, insert, select

from unburied.domain.errors import FormatError, LogIntegrityError, ProofError, SignatureError
from unburied.domain.events import format_time
from unburied.ledger.checkpoint import Checkpoint, open_checkpoint, sign_checkpoint
from unburied.ledger.merkle import verify_consistency
from unburied.ledger.note import NoteSigner, NoteVerifier
from unburied.store.schema import checkpoints
from unburied.store.tree import StoredTree

__all__ = ["CheckpointStore", "StoredCheckpoint"]


@dataclass(frozen=True)
class StoredCheckpoint:
    """A checkpoint the log signed: tree size, root, the signed note text, when it was signed."""

    size: int
    root: bytes
    note: str
    at: str

    def open(self, verifier: NoteVerifier) -> Checkpoint:
        """Verify the note's signature and that it says what the row says; return it."""
        try:
            checkpoint = open_checkpoint(self.note, verifier)
        except (FormatError, SignatureError) as exc:
            raise LogIntegrityError(f"checkpoint at size {self.size:,}: {exc}") from None
        if checkpoint.size != self.size or checkpoint.root != self.root:
            raise LogIntegrityError(
                f"checkpoint at size {self.size:,}: the signed note says size "
                f"{checkpoint.size:,} root {checkpoint.root.hex()}, the row says root "
                f"{self.root.hex()}"
            )
        return checkpoint


class CheckpointStore:
    """The checkpoints table, in the current transaction of one connection."""

    def __init__(self, connection: Connection) -> None:
        """Read and write through ``connection``."""
        self._conn = connection

    def latest(self) -> StoredCheckpoint | None:
        """The checkpoint with the largest tree size, or ``None`` before the first."""
        query = select(checkpoints).order_by(checkpoints.c.size.desc()).limit(1)
        return self._one(query)

    def at_least(self, size: int) -> StoredCheckpoint | None:
        """The smallest checkpoint covering ``size`` leaves (for a receipt of leaf size - 1)."""
        query = (
            select(checkpoints)
            .where(checkpoints.c.size >= size)
            .order_by(checkpoints.c.size)
            .limit(1)
        )
        return self._one(query)

    def all(self) -> Iterator[StoredCheckpoint]:
        """Every stored checkpoint, smallest tree first."""
        for row in self._conn.execute(select(checkpoints).order_by(checkpoints.c.size)):
            yield _stored(row)

    def sign_next(
        self,
        tree: StoredTree,
        size: int,
        root: bytes,
        signer: NoteSigner,
        at: datetime,
        *,
        base: int | None = None,
    ) -> StoredCheckpoint:
        """Sign and store a checkpoint for the tree of ``size`` with ``root``.

        ``base`` is the log's size before this unit of work appended (default: ``size``,
        nothing appended). Refuses with :class:`LogIntegrityError` unless the last stored
        checkpoint is genuine, covers exactly the first ``base`` events — so no event written
        behind the log's back gets signed over — and is consistent with the new tree. If the
        last checkpoint is already of this tree, it is returned and nothing is signed.
        """
        last = self.latest()
        _check_covered(last, size if base is None else base)
        if last is not None:
            self._check_extends(last, tree, size, root, signer.verifier)
            if last.size == size:
                return last
        note = sign_checkpoint(Checkpoint(signer.name, size, root), signer)
        stored = StoredCheckpoint(size=size, root=root, note=note, at=format_time(at))
        self._conn.execute(
            insert(checkpoints).values(size=size, root=root, note=note, at=stored.at)
        )
        return stored

    def _check_extends(
        self,
        last: StoredCheckpoint,
        tree: StoredTree,
        size: int,
        root: bytes,
        verifier: NoteVerifier,
    ) -> None:
        # (1): the last checkpoint is one this key signed, and its row is what it signed.
        last.open(verifier)
        # (2): the new tree extends the old one (RFC 9162 §2.1.4); _check_covered has made
        # sure it is no smaller.
        proof = [] if size == last.size else tree.consistency_proof(last.size, size)
        try:
            verify_consistency(last.size, size, proof, last.root, root)
        except ProofError as exc:
            raise LogIntegrityError(
                f"refusing to sign a tree of {size:,}: it is not consistent with the "
                f"checkpoint signed at size {last.size:,} ({exc})"
            ) from None

    def _one(self, query: Select[Any]) -> StoredCheckpoint | None:
        row = self._conn.execute(query).first()
        return None if row is None else _stored(row)


def _check_covered(last: StoredCheckpoint | None, base: int) -> None:
    covered = 0 if last is None else last.size
    if base > covered:
        raise LogIntegrityError(
            f"refusing to sign: events {covered}–{base - 1} are in the log but no signed "
            f"checkpoint covers them (the latest is at size {covered:,}); they were written "
            "behind the log's back"
        )
    if base < covered:
        raise LogIntegrityError(
            f"refusing to sign: the log held {base:,} events, but a checkpoint at size "
            f"{covered:,} was signed before (events are missing)"
        )


def _stored(row: Row[Any]) -> StoredCheckpoint:
    size, root, note, at = tuple(row)
    return StoredCheckpoint(size=int(size), root=bytes(root), note=str(note), at=str(at))
