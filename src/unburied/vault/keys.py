"""Keys: a master key that wraps one data key per survivor (envelope encryption).

* :class:`MasterKey` (port) wraps and unwraps data keys. :class:`FileMasterKey` keeps 32
  random bytes in a key file readable by its owner only; a KMS can implement the same port.
* A *data key* is 32 random bytes (AES-256), one per subject (a survivor), made on first use.
  It is stored only wrapped: AES-256-GCM under the master key, with a fresh 12-byte nonce and
  the associated data ``"unburied/data-key/v1" ‖ 0x00 ‖ key id``, so a wrapped key moved to
  another id does not unwrap.
* :class:`KeyStore` (port) finds, creates and destroys data keys, and keeps the ciphertexts
  of sealed fields (keyed by their SHA-256) beside the events that commit to them.
  :class:`SqlKeyStore` works in the unit of work's transaction (tables ``data_keys`` and
  ``sealed_blobs``); :class:`FakeKeyStore` holds them in memory for tests.
* Destroying a data key (crypto-shredding) overwrites the wrapped key, keeps only its id,
  subject and the time, and deletes the ciphertexts sealed under it: every value sealed under
  it is gone for good, while the log that commits to the ciphertexts' hashes still verifies.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, delete, insert, select, update

from unburied.domain.errors import ConfigurationError, KeyErased, NotFound, VaultError
from unburied.domain.events import format_time
from unburied.store.engine import placeholder
from unburied.store.schema import data_keys, sealed_blobs

__all__ = [
    "DataKey",
    "DestroyedKey",
    "FakeKeyStore",
    "FileMasterKey",
    "KeyStore",
    "MasterKey",
    "SqlKeyStore",
    "rotate_master",
]

KEY_BYTES = 32
_NONCE_BYTES = 12
_WRAP_AAD = b"unburied/data-key/v1\x00"
_ID_DOMAIN = b"unburied/master-key-id/v1\x00"
_CHUNK = 500  # subjects per IN (...) query: far below every engine's parameter limit

Clock = Callable[[], datetime]


# ------------------------------------------------------------------------------ master keys


class MasterKey(Protocol):
    """The key that wraps every data key. ``key_id`` names it without revealing it."""

    @property
    def key_id(self) -> str:
        """A short public name of this master key (stored beside each wrapped key)."""
        ...

    def wrap(self, key_id: str, data_key: bytes) -> bytes:
        """Return ``data_key`` encrypted for storage under data key id ``key_id``."""
        ...

    def unwrap(self, key_id: str, wrapped: bytes) -> bytes:
        """Return the data key stored as ``wrapped`` under ``key_id``; VaultError if altered."""
        ...


class FileMasterKey:
    """A master key of 32 random bytes in a file of mode 0600. ``repr`` hides the key."""

    __slots__ = ("_aead", "_key_id", "path")

    def __init__(self, path: Path) -> None:
        """Load the key file at ``path``; refuse it if others can read it or it is malformed."""
        self.path = Path(path)
        secret = _read_key_file(self.path)
        self._aead = AESGCM(secret)
        self._key_id = "mk-" + hashlib.sha256(_ID_DOMAIN + secret).hexdigest()[:16]

    @classmethod
    def create(cls, path: Path) -> FileMasterKey:
        """Write a new random key to ``path`` (mode 0600) and load it; never overwrites."""
        path = Path(path)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise ConfigurationError(
                f"master key file {path} exists; refusing to overwrite it"
            ) from None
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(KEY_BYTES))
        return cls(path)

    @property
    def key_id(self) -> str:
        """``mk-`` and 16 hex digits of a domain-separated SHA-256 of the key."""
        return self._key_id

    def wrap(self, key_id: str, data_key: bytes) -> bytes:
        """AES-256-GCM-encrypt ``data_key``: nonce ‖ ciphertext ‖ tag (60 bytes)."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, data_key, _WRAP_AAD + key_id.encode())

    def unwrap(self, key_id: str, wrapped: bytes) -> bytes:
        """Decrypt a wrapped data key; :class:`VaultError` if it was altered or moved."""
        nonce, body = wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:]
        try:
            key = self._aead.decrypt(nonce, body, _WRAP_AAD + key_id.encode())
        except InvalidTag:
            raise VaultError(
                f"data key {key_id} does not unwrap under master key {self._key_id}: "
                "the wrapped key was altered, or another master key wrapped it"
            ) from None
        if len(key) != KEY_BYTES:
            raise VaultError(f"data key {key_id} has {len(key)} bytes, expected {KEY_BYTES}")
        return key

    def __repr__(self) -> str:
        return f"FileMasterKey(path={str(self.path)!r}, key_id={self._key_id!r})"


def _read_key_file(path: Path) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ConfigurationError(f"master key file {path} does not exist") from None
    # (1): only the owner may read it; a key others can read protects nothing.
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigurationError(
            f"master key file {path} has mode {stat.S_IMODE(info.st_mode):04o}; others can "
            "read it. Refusing it: run `chmod 600` on it after checking who has read it"
        )
    # (2): exactly 32 bytes.
    secret = path.read_bytes()
    if len(secret) != KEY_BYTES:
        raise ConfigurationError(
            f"master key file {path} holds {len(secret)} bytes, expected {KEY_BYTES}"
        )
    return secret


# -------------------------------------------------------------------------------- data keys


@dataclass(frozen=True)
class DataKey:
    """One subject's data key in clear, for the life of a unit of work. ``repr`` hides it."""

    key_id: str
    subject: str
    secret: bytes = field(repr=False)


@dataclass(frozen=True)
class DestroyedKey:
    """What remains of a destroyed data key: its id, subject and when it was destroyed."""

    key_id: str
    subject: str
    destroyed_at: str


class KeyStore(Protocol):
    """Finds, creates and destroys the data keys of subjects."""

    def key_for(self, subject: str) -> DataKey:
        """The subject's data key, created on first use; :class:`KeyErased` if destroyed."""
        ...

    def keys_for(self, subjects: Iterable[str]) -> dict[str, DataKey]:
        """The data keys of many subjects at once, creating the missing ones; by subject."""
        ...

    def key_by_id(self, key_id: str) -> DataKey:
        """The data key ``key_id``; :class:`KeyErased` if destroyed, :class:`NotFound` if none."""
        ...

    def destroy(self, subject: str) -> DestroyedKey:
        """Destroy the subject's data key and its ciphertexts; :class:`NotFound` if none."""
        ...

    def put_blob(self, key_id: str, digest: bytes, ct: bytes) -> None:
        """Keep ciphertext ``ct`` sealed under ``key_id``; ``digest`` is its SHA-256."""
        ...

    def blob(self, digest: bytes) -> bytes:
        """The ciphertext whose SHA-256 is ``digest``; :class:`NotFound` if none is kept."""
        ...

    def rewrap_all(self, new_master: MasterKey) -> int:
        """Wrap every live data key under ``new_master``; return how many."""
        ...


def new_key_id() -> str:
    """A random data key id: ``dk-`` and 32 hex digits (it reveals nothing of the subject)."""
    return "dk-" + secrets.token_hex(16)


def rotate_master(keys: KeyStore, new_master: MasterKey) -> int:
    """Rewrap every data key under ``new_master``; return how many were rewrapped.

    Commit the unit of work, then replace the old key file with the new one; until both are
    done keep the old file (the ids stored beside each wrapped key say which master wraps it).
    """
    return keys.rewrap_all(new_master)


class SqlKeyStore:
    """Data keys in the ``data_keys`` table, in the transaction of ``connection``."""

    def __init__(self, connection: Connection, master: MasterKey, clock: Clock) -> None:
        """Wrap and unwrap with ``master``; stamp creation and destruction with ``clock``."""
        self._conn = connection
        self._master = master
        self._clock = clock
        self._cache: dict[str, DataKey] = {}
        self._by_subject: dict[str, DataKey] = {}

    def key_for(self, subject: str) -> DataKey:
        """The subject's data key, created on first use; :class:`KeyErased` if destroyed."""
        if not subject:
            raise VaultError("a data key needs a subject; got an empty one")
        cached = self._by_subject.get(subject)
        if cached is not None:
            return cached
        row = self._conn.execute(select(data_keys).where(data_keys.c.subject == subject)).first()
        if row is None:
            return self._create(subject)
        return self._from_row(tuple(row))

    def keys_for(self, subjects: Iterable[str]) -> dict[str, DataKey]:
        """The data keys of ``subjects``: one query per 500 subjects, one bulk insert."""
        wanted = list(dict.fromkeys(subjects))
        if not all(wanted):
            raise VaultError("a data key needs a subject; got an empty one")
        found = {s: self._by_subject[s] for s in wanted if s in self._by_subject}
        missing = [s for s in wanted if s not in found]
        for i in range(0, len(missing), _CHUNK):
            chunk = missing[i : i + _CHUNK]
            rows = self._conn.execute(select(data_keys).where(data_keys.c.subject.in_(chunk)))
            for row in rows:
                key = self._from_row(tuple(row))
                found[key.subject] = key
        new = [s for s in missing if s not in found]
        found.update(self._create_all(new))
        return {s: found[s] for s in wanted}

    def key_by_id(self, key_id: str) -> DataKey:
        """The data key ``key_id``; :class:`KeyErased` if destroyed, :class:`NotFound` if none."""
        cached = self._cache.get(key_id)
        if cached is not None:
            return cached
        row = self._conn.execute(select(data_keys).where(data_keys.c.key_id == key_id)).first()
        if row is None:
            raise NotFound(f"data key {key_id} is not in this vault")
        return self._from_row(tuple(row))

    def destroy(self, subject: str) -> DestroyedKey:
        """Overwrite the subject's wrapped key; keep id, subject and the time of destruction."""
        row = self._conn.execute(
            select(data_keys.c.key_id, data_keys.c.destroyed_at).where(
                data_keys.c.subject == subject
            )
        ).first()
        if row is None:
            raise NotFound(f"subject {subject} has no data key; nothing was sealed for her")
        key_id, destroyed_at = row
        if destroyed_at is not None:
            raise KeyErased(f"the data key of subject {subject} was destroyed at {destroyed_at}")
        at = format_time(self._clock())
        self._conn.execute(
            update(data_keys)
            .where(data_keys.c.key_id == key_id)
            .values(wrapped=None, master_id=None, destroyed_at=at)
        )
        self._conn.execute(delete(sealed_blobs).where(sealed_blobs.c.key_id == key_id))
        self._cache.pop(key_id, None)
        self._by_subject.pop(subject, None)
        return DestroyedKey(key_id=key_id, subject=subject, destroyed_at=at)

    def rewrap_all(self, new_master: MasterKey) -> int:
        """Unwrap every live data key with the current master and wrap it under ``new_master``."""
        rows = self._conn.execute(
            select(data_keys.c.key_id, data_keys.c.wrapped, data_keys.c.master_id).where(
                data_keys.c.destroyed_at.is_(None)
            )
        ).all()
        for key_id, wrapped, master_id in rows:
            secret = self._unwrap(key_id, wrapped, master_id)
            self._conn.execute(
                update(data_keys)
                .where(data_keys.c.key_id == key_id)
                .values(wrapped=new_master.wrap(key_id, secret), master_id=new_master.key_id)
            )
        self._master = new_master
        self._cache.clear()
        self._by_subject.clear()
        return len(rows)

    def put_blob(self, key_id: str, digest: bytes, ct: bytes) -> None:
        """Insert the ciphertext in this transaction (the event that names it commits with it)."""
        # Only the driver's parameter mark is formatted in; the values are bound.
        mark = placeholder(self._conn)
        self._conn.exec_driver_sql(
            f"INSERT INTO sealed_blobs (digest, key_id, ct) VALUES ({mark}, {mark}, {mark})",  # nosec B608
            (digest, key_id, ct),
        )

    def blob(self, digest: bytes) -> bytes:
        """The ciphertext stored under ``digest``; :class:`NotFound` if there is none."""
        row = self._conn.execute(
            select(sealed_blobs.c.ct).where(sealed_blobs.c.digest == digest)
        ).first()
        if row is None:
            raise NotFound(f"no ciphertext with SHA-256 {digest.hex()} is stored")
        return bytes(row[0])

    def _create(self, subject: str) -> DataKey:
        return self._create_all([subject])[subject]

    def _create_all(self, subjects: list[str]) -> dict[str, DataKey]:
        if not subjects:
            return {}
        at = format_time(self._clock())
        keys = [DataKey(new_key_id(), s, secrets.token_bytes(KEY_BYTES)) for s in subjects]
        rows = [
            {
                "key_id": key.key_id,
                "subject": key.subject,
                "wrapped": self._master.wrap(key.key_id, key.secret),
                "master_id": self._master.key_id,
                "created_at": at,
            }
            for key in keys
        ]
        self._conn.execute(insert(data_keys), rows)
        for key in keys:
            self._cache[key.key_id] = key
            self._by_subject[key.subject] = key
        return {key.subject: key for key in keys}

    def _from_row(self, row: tuple[object, ...]) -> DataKey:
        key_id, subject, wrapped, master_id, _created, destroyed_at = row
        if destroyed_at is not None:
            raise KeyErased(
                f"data key {key_id} (subject {subject}) was destroyed at {destroyed_at}; "
                "the values sealed under it cannot be recovered"
            )
        secret = self._unwrap(str(key_id), wrapped, master_id)
        key = DataKey(key_id=str(key_id), subject=str(subject), secret=secret)
        self._cache[key.key_id] = key
        self._by_subject[key.subject] = key
        return key

    def _unwrap(self, key_id: str, wrapped: object, master_id: object) -> bytes:
        if master_id != self._master.key_id:
            raise VaultError(
                f"data key {key_id} is wrapped by master key {master_id}, but master key "
                f"{self._master.key_id} is loaded"
            )
        if not isinstance(wrapped, bytes):
            raise VaultError(f"data key {key_id} has no wrapped key stored")
        return self._master.unwrap(key_id, wrapped)


class FakeKeyStore:
    """Data keys in memory, same behaviour as :class:`SqlKeyStore`, for tests. No master key."""

    def __init__(self, clock: Clock) -> None:
        """Stamp destruction times with ``clock``."""
        self._clock = clock
        self.keys: dict[str, DataKey] = {}
        self.destroyed: dict[str, DestroyedKey] = {}
        self.blobs: dict[bytes, tuple[str, bytes]] = {}
        self._by_subject: dict[str, str] = {}

    def key_for(self, subject: str) -> DataKey:
        """The subject's data key, created on first use; :class:`KeyErased` if destroyed."""
        if not subject:
            raise VaultError("a data key needs a subject; got an empty one")
        key_id = self._by_subject.get(subject)
        if key_id is None:
            key = DataKey(new_key_id(), subject, secrets.token_bytes(KEY_BYTES))
            self.keys[key.key_id] = key
            self._by_subject[subject] = key.key_id
            return key
        return self.key_by_id(key_id)

    def keys_for(self, subjects: Iterable[str]) -> dict[str, DataKey]:
        """The data keys of ``subjects``, created on first use, by subject."""
        return {s: self.key_for(s) for s in dict.fromkeys(subjects)}

    def key_by_id(self, key_id: str) -> DataKey:
        """The data key ``key_id``; :class:`KeyErased` if destroyed, :class:`NotFound` if none."""
        gone = self.destroyed.get(key_id)
        if gone is not None:
            raise KeyErased(
                f"data key {key_id} (subject {gone.subject}) was destroyed at "
                f"{gone.destroyed_at}; the values sealed under it cannot be recovered"
            )
        key = self.keys.get(key_id)
        if key is None:
            raise NotFound(f"data key {key_id} is not in this vault")
        return key

    def destroy(self, subject: str) -> DestroyedKey:
        """Forget the subject's data key; keep a record of its destruction."""
        key_id = self._by_subject.get(subject)
        if key_id is None:
            raise NotFound(f"subject {subject} has no data key; nothing was sealed for her")
        if key_id in self.destroyed:
            raise KeyErased(
                f"the data key of subject {subject} was destroyed at "
                f"{self.destroyed[key_id].destroyed_at}"
            )
        del self.keys[key_id]
        self.blobs = {d: b for d, b in self.blobs.items() if b[0] != key_id}
        gone = DestroyedKey(key_id, subject, format_time(self._clock()))
        self.destroyed[key_id] = gone
        return gone

    def put_blob(self, key_id: str, digest: bytes, ct: bytes) -> None:
        """Keep the ciphertext in memory under its digest."""
        self.blobs[digest] = (key_id, ct)

    def blob(self, digest: bytes) -> bytes:
        """The ciphertext kept under ``digest``; :class:`NotFound` if none."""
        kept = self.blobs.get(digest)
        if kept is None:
            raise NotFound(f"no ciphertext with SHA-256 {digest.hex()} is stored")
        return kept[1]

    def rewrap_all(self, new_master: MasterKey) -> int:
        """Nothing is wrapped in memory; return how many live keys there are."""
        return len(self.keys)
