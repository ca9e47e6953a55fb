"""The composition root: the one place where the store, keys, signer and clock are chosen.

A data dir holds::

    settings.json        the log origin and, if not SQLite, nothing secret about the database
    unburied.db          the SQLite database (WAL) unless UNBURIED_DATABASE_URL names another
    log-signing.key      the log's Ed25519 signing key (C2SP signer-key text), mode 0600
    log.vkey             the log's public verifier key (C2SP vkey text): give this out
    master.key           the vault master key that wraps every survivor's data key, mode 0600

Services receive an :class:`Unburied` and open units of work from it; tests build the same
object in a temporary directory with a fixed clock.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from unburied.domain.errors import ConfigurationError
from unburied.ledger.note import NoteSigner, NoteVerifier
from unburied.store.engine import make_engine, sqlite_url
from unburied.store.migrate import upgrade_to_head
from unburied.store.uow import SqlUnitOfWork
from unburied.vault.keys import FileMasterKey, MasterKey

__all__ = [
    "Clock",
    "Unburied",
    "database_url_for",
    "init_data_dir",
    "open_data_dir",
    "system_clock",
]

Clock = Callable[[], datetime]

SETTINGS_FILE = "settings.json"
SIGNING_KEY_FILE = "log-signing.key"
VKEY_FILE = "log.vkey"
MASTER_KEY_FILE = "master.key"
SYSTEM_ACTOR = "system"


def system_clock() -> datetime:
    """The wall clock, in UTC."""
    return datetime.now(UTC)


@dataclass
class Unburied:
    """Everything a service needs: the engine, the log's signer, the vault master key, a clock."""

    data_dir: Path
    engine: Engine
    signer: NoteSigner
    master_key: MasterKey
    clock: Clock = system_clock
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        """The log origin: the first line of every checkpoint."""
        return self.signer.name

    @property
    def verifier(self) -> NoteVerifier:
        """The log's public verifier."""
        return NoteVerifier.from_vkey(self.signer.to_vkey())

    def uow(self) -> SqlUnitOfWork:
        """A new unit of work: ``with app.uow() as uow: ...; uow.commit()``."""
        return SqlUnitOfWork(
            self.engine, signer=self.signer, clock=self.clock, master_key=self.master_key
        )

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()


def database_url_for(data_dir: Path, explicit: str | None = None) -> str:
    """The database URL: explicit, else $UNBURIED_DATABASE_URL, else SQLite in the data dir."""
    return explicit or os.environ.get("UNBURIED_DATABASE_URL") or sqlite_url(data_dir)


def init_data_dir(
    data_dir: Path,
    *,
    origin: str | None = None,
    database_url: str | None = None,
    clock: Clock = system_clock,
) -> Unburied:
    """Create a data dir: keys, database schema, and the log's first event. Refuse to overwrite."""
    data_dir = Path(data_dir)
    if (data_dir / SIGNING_KEY_FILE).exists():
        raise ConfigurationError(
            f"{data_dir} already holds a log (found {SIGNING_KEY_FILE}); refusing to overwrite it"
        )
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    origin = origin or f"unburied.local/review-log/{secrets.token_hex(4)}"
    signer = NoteSigner.generate(origin)
    _write_secret(data_dir / SIGNING_KEY_FILE, signer.to_skey() + "\n")
    (data_dir / VKEY_FILE).write_text(signer.to_vkey() + "\n", encoding="utf-8")
    master = FileMasterKey.create(data_dir / MASTER_KEY_FILE)
    settings = {"origin": origin, "created": clock().isoformat()}
    (data_dir / SETTINGS_FILE).write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    app = _assemble(data_dir, signer, master, database_url, clock, settings)
    upgrade_to_head(app.engine)
    from unburied.services.log import record_log_initialised

    record_log_initialised(app)
    return app


def open_data_dir(
    data_dir: Path, *, database_url: str | None = None, clock: Clock = system_clock
) -> Unburied:
    """Open an initialised data dir; raise :class:`ConfigurationError` saying what is missing."""
    data_dir = Path(data_dir)
    key_file = data_dir / SIGNING_KEY_FILE
    if not key_file.exists():
        raise ConfigurationError(f"{data_dir} is not an unburied data dir: {key_file} is missing")
    _check_private(key_file)
    signer = NoteSigner.from_skey(key_file.read_text(encoding="utf-8").strip())
    master = FileMasterKey(data_dir / MASTER_KEY_FILE)
    settings = json.loads((data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
    app = _assemble(data_dir, signer, master, database_url, clock, settings)
    upgrade_to_head(app.engine)
    return app


def _assemble(
    data_dir: Path,
    signer: NoteSigner,
    master: MasterKey,
    database_url: str | None,
    clock: Clock,
    settings: dict[str, str],
) -> Unburied:
    engine = make_engine(database_url_for(data_dir, database_url))
    return Unburied(data_dir, engine, signer, master, clock, settings)


def _write_secret(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def _check_private(path: Path) -> None:
    if path.stat().st_mode & 0o077:
        raise ConfigurationError(
            f"{path} is readable by other users; run `chmod 600 {path}` before using it"
        )
