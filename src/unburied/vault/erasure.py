"""Erasure of a survivor's protected data by destroying her data key (crypto-shredding).

:func:`erase_subject` destroys the key in the unit of work's transaction and returns an
:class:`ErasureRecord`. The key row is not an event: its wrapped key is overwritten and only
its id, subject and the time remain. The caller — the service that checked who authorised the
erasure — then appends a ``survivor.erased`` event with :meth:`ErasureRecord.event_data` and
the authority, in the same unit of work, so the erasure and its record commit together.

Destroying the key also deletes the ciphertexts sealed under it (``sealed_blobs``). After it
every value sealed under the key raises :class:`KeyErased`; the events that carry the
commitments and the ciphertexts' hashes stay in the log, which still verifies. To push the old page
out of the SQLite write-ahead log or PostgreSQL's dead rows, the service calls
``unburied.store.engine.scrub_freed_pages`` after the commit; rotating the master key
afterwards makes the wrapped key in older backups useless too.
"""

from __future__ import annotations

from dataclasses import dataclass

from unburied.domain.events import JSONValue
from unburied.vault.keys import KeyStore

__all__ = ["ErasureRecord", "erase_subject"]


@dataclass(frozen=True)
class ErasureRecord:
    """A destroyed data key: whose, which, and when."""

    subject: str
    key_id: str
    destroyed_at: str

    def event_data(self) -> dict[str, JSONValue]:
        """The data of the ``survivor.erased`` event, without the authority (the caller adds it)."""
        return {"key": self.key_id, "destroyed_at": self.destroyed_at}


def erase_subject(keys: KeyStore, subject: str) -> ErasureRecord:
    """Destroy ``subject``'s data key; NotFound if she has none, KeyErased if already done."""
    gone = keys.destroy(subject)
    return ErasureRecord(subject=gone.subject, key_id=gone.key_id, destroyed_at=gone.destroyed_at)
