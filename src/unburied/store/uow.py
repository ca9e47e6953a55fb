"""The unit of work: one database transaction, one writer, at most one signed checkpoint.

Usage::

    with SqlUnitOfWork(engine, signer=signer, clock=clock, master_key=master) as uow:
        sealed = seal(uow.keys, "p-17", "text", statement_text)
        recorded = uow.events.append([Event("statement.recorded", ..., data={"text": sealed})])
        checkpoint = uow.commit()      # one commit and one checkpoint for every append above

Leaving the block without :meth:`commit` rolls everything back: events, tree nodes, views,
keys. The writer lock (see ``store.engine.begin_writer``) is held from entry to commit, so the
rules a service checks see the same data the append is decided on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from unburied.domain.errors import ConfigurationError, LogIntegrityError
from unburied.ledger.note import NoteSigner
from unburied.store.checkpoints import CheckpointStore, StoredCheckpoint
from unburied.store.engine import begin_writer
from unburied.store.event_log import EventLog
from unburied.store.meta import MetaStore
from unburied.store.views import REGISTRY, ViewRegistry

if TYPE_CHECKING:
    from unburied.vault.keys import DataKey, DestroyedKey, KeyStore, MasterKey

__all__ = ["Clock", "SqlUnitOfWork"]

Clock = Callable[[], datetime]


class SqlUnitOfWork:
    """A transaction on the log's database: events, checkpoints, vault keys, meta."""

    events: EventLog
    checkpoints: CheckpointStore
    keys: KeyStore
    meta: MetaStore
    connection: Connection

    def __init__(
        self,
        engine: Engine,
        *,
        signer: NoteSigner,
        clock: Clock,
        origin: str | None = None,
        master_key: MasterKey | None = None,
        views: ViewRegistry = REGISTRY,
    ) -> None:
        """Prepare a unit of work; nothing touches the database before ``with``.

        ``origin`` defaults to the signer's key name and must equal it (C2SP tlog-checkpoint).
        Without ``master_key``, :attr:`keys` refuses to seal or open anything.
        """
        if origin is not None and origin != signer.name:
            raise ConfigurationError(
                f"log origin {origin!r} differs from the signing key's name {signer.name!r}"
            )
        self._engine = engine
        self._signer = signer
        self._clock = clock
        self._master = master_key
        self._views = views
        self._open = False

    def __enter__(self) -> SqlUnitOfWork:
        self.connection = self._engine.connect()
        try:
            self._begin()
        except BaseException:
            self.connection.close()
            raise
        self._open = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.connection.rollback()
        finally:
            self.connection.close()
            self._open = False

    def commit(self) -> StoredCheckpoint | None:
        """Commit; if events were appended, sign and store one checkpoint first.

        Returns the new checkpoint, or ``None`` when nothing was appended. Raises
        :class:`LogIntegrityError` (and commits nothing) if the new tree is not consistent
        with the last checkpoint, or if an append failed in this unit of work.
        """
        if not self._open:
            raise ConfigurationError("commit outside `with`: the unit of work is not open")
        if self.events.failed:
            self.connection.rollback()
            self._begin()
            raise LogIntegrityError("an append failed in this unit of work; it was rolled back")
        checkpoint = None
        if self.events.appended:
            self.meta.bind_signer(self._signer)
            checkpoint = self.checkpoints.sign_next(
                self.events.tree,
                self.events.size,
                self.events.head_root(),
                self._signer,
                self._clock(),
                base=self.events.base,
            )
        self.connection.commit()
        self._begin()
        return checkpoint

    def rollback(self) -> None:
        """Undo everything since the last commit and start again."""
        self.connection.rollback()
        self._begin()

    def _begin(self) -> None:
        # Imported here: the vault's key store uses the store's tables, so importing it at
        # module level would make `import unburied.vault` circular.
        from unburied.vault.keys import SqlKeyStore

        begin_writer(self.connection)
        self.events = EventLog(self.connection, views=self._views)
        self.checkpoints = CheckpointStore(self.connection)
        self.meta = MetaStore(self.connection)
        self.keys = (
            SqlKeyStore(self.connection, self._master, self._clock)
            if self._master is not None
            else _NoKeyStore()
        )


class _NoKeyStore:
    """Stands in for the key store when no master key was loaded: refuses every use."""

    def _refuse(self) -> ConfigurationError:
        return ConfigurationError(
            "no master key is loaded, so protected fields cannot be sealed or opened"
        )

    def key_for(self, subject: str) -> DataKey:
        raise self._refuse()

    def keys_for(self, subjects: Iterable[str]) -> dict[str, DataKey]:
        raise self._refuse()

    def key_by_id(self, key_id: str) -> DataKey:
        raise self._refuse()

    def put_blob(self, key_id: str, digest: bytes, ct: bytes) -> None:
        raise self._refuse()

    def blob(self, digest: bytes) -> bytes:
        raise self._refuse()

    def destroy(self, subject: str) -> DestroyedKey:
        raise self._refuse()

    def rewrap_all(self, new_master: MasterKey) -> int:
        raise self._refuse()
