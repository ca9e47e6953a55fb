"""Settings the log keeps about itself: its origin and public verifier key (``meta`` table)."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from unburied.domain.errors import ConfigurationError
from unburied.ledger.note import NoteSigner
from unburied.store.schema import meta

__all__ = ["ORIGIN", "VKEY", "MetaStore"]

ORIGIN = "origin"
VKEY = "vkey"


class MetaStore:
    """Key/value settings in the current transaction. Values are written once, never changed."""

    def __init__(self, connection: Connection) -> None:
        """Read and write through ``connection``."""
        self._conn = connection

    def get(self, key: str) -> str | None:
        """The value of ``key``, or ``None`` if it was never set."""
        row = self._conn.execute(select(meta.c.value).where(meta.c.key == key)).first()
        return None if row is None else str(row[0])

    def put_once(self, key: str, value: str) -> None:
        """Set ``key`` if unset; refuse to change a value set before."""
        current = self.get(key)
        if current is None:
            self._conn.execute(insert(meta).values(key=key, value=value))
        elif current != value:
            raise ConfigurationError(f"this log's {key} is {current!r}; refusing to change it")

    def bind_signer(self, signer: NoteSigner) -> None:
        """Record the log's origin and vkey on first use; refuse a signer of another log."""
        origin, vkey = self.get(ORIGIN), self.get(VKEY)
        if origin is not None and origin != signer.name:
            raise ConfigurationError(
                f"this log's origin is {origin!r}, but the signing key is named {signer.name!r}"
            )
        if vkey is not None and vkey != signer.to_vkey():
            raise ConfigurationError(
                f"the signing key is not this log's key: the log's vkey is {vkey}"
            )
        self.put_once(ORIGIN, signer.name)
        self.put_once(VKEY, signer.to_vkey())
