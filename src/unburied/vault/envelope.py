"""Sealed fields: a protected value encrypted under its subject's data key (AES-256-GCM).

A sealed field replaces the clear value in an event's data::

    {"sealed": 1, "key": <data key id>, "field": <field path, e.g. "text">,
     "commit": <hex field_commitment(salt, value)>, "nonce": <base64, 12 bytes>,
     "ct_sha256": <hex SHA-256 of the ciphertext>, "ct_len": <its length in bytes>}

* The ciphertext (AES-256-GCM ciphertext ‖ tag) is not in the event: the key store keeps it
  beside the event (``sealed_blobs``, keyed by its SHA-256, written in the same transaction),
  so an event — and its receipt — stays small whatever the length of the value.
* The plaintext is the JSON object ``{"salt": <base64 of 32 random bytes>, "value": <text>}``.
* The associated data is ``"unburied/seal/v1" ‖ 0x00 ‖ key id ‖ 0x00 ‖ field``: a ciphertext
  moved to another field or claimed for another key does not open.
* ``commit`` is ``unburied.ledger.receipt.field_commitment(salt, value)``. The log's leaf
  commits to the whole object — to the commitment, and through ``ct_sha256`` to the
  ciphertext — so the survivor, holding her value and salt, proves with her receipt what she
  said, and still can after her data key and ciphertexts are destroyed.

:func:`open_sealed` checks every part (shape, lengths, the key, the stored ciphertext's hash
and length, the tag, the commitment) and raises :class:`VaultError` naming what is wrong, or
:class:`KeyErased` after an erasure.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from unburied.domain.errors import NotFound, VaultError
from unburied.domain.events import JSONValue
from unburied.ledger.receipt import field_commitment
from unburied.vault.keys import KeyStore

__all__ = ["SALT_BYTES", "SEALED_KEYS", "Opened", "is_sealed", "open_sealed", "seal"]

SALT_BYTES = 32
SEALED_KEYS = frozenset({"sealed", "key", "field", "commit", "nonce", "ct_sha256", "ct_len"})
_NONCE_BYTES = 12
_TAG_BYTES = 16
_AAD = b"unburied/seal/v1\x00"
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Opened:
    """A sealed field opened: the clear value and the salt of its commitment."""

    value: str = field(repr=False)
    salt: bytes = field(repr=False)


def seal(keys: KeyStore, subject: str, field: str, value: str) -> dict[str, JSONValue]:
    """Encrypt ``value`` of ``field`` under ``subject``'s data key; return the sealed object."""
    if not field:
        raise VaultError("a sealed field needs a field name; got an empty one")
    key = keys.key_for(subject)
    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(_NONCE_BYTES)
    plaintext = json.dumps(
        {"salt": _b64(salt), "value": value}, sort_keys=True, ensure_ascii=False
    ).encode("utf-8")
    ct = AESGCM(key.secret).encrypt(nonce, plaintext, _aad(key.key_id, field))
    digest = hashlib.sha256(ct).digest()
    keys.put_blob(key.key_id, digest, ct)
    return {
        "sealed": 1,
        "key": key.key_id,
        "field": field,
        "commit": field_commitment(salt, value),
        "nonce": _b64(nonce),
        "ct_sha256": digest.hex(),
        "ct_len": len(ct),
    }


def is_sealed(value: object) -> bool:
    """Tell whether ``value`` has the shape of a sealed field (not whether it opens)."""
    return isinstance(value, Mapping) and set(value) == SEALED_KEYS and value.get("sealed") == 1


def open_sealed(keys: KeyStore, sealed: object) -> Opened:
    """Decrypt a sealed field and check its commitment; return the value and its salt.

    ``sealed`` is the object :func:`seal` returned, as found in an event's data.
    """
    # (1): an object with exactly the expected members, each of the expected type.
    if not isinstance(sealed, Mapping):
        raise VaultError(f"expected a sealed field, got {type(sealed).__name__}")
    if set(sealed) != SEALED_KEYS:
        raise VaultError(
            f"sealed field has members {sorted(sealed)}, expected {sorted(SEALED_KEYS)}"
        )
    flag = sealed["sealed"]
    if type(flag) is not int or flag != 1:
        raise VaultError(f"sealed field version is {flag!r}, expected 1")
    key_id, name, commit = (_text(sealed, m) for m in ("key", "field", "commit"))
    # (2): the nonce is strict base64 of 12 bytes; the ciphertext's hash and length are sane.
    nonce = _unb64(_text(sealed, "nonce"), "nonce")
    if len(nonce) != _NONCE_BYTES:
        raise VaultError(f"sealed field '{name}': nonce has {len(nonce)} bytes, expected 12")
    digest_hex, length = _text(sealed, "ct_sha256"), sealed["ct_len"]
    if _HEX64.fullmatch(digest_hex) is None:
        raise VaultError("sealed field member 'ct_sha256' is not 64 lower-case hex digits")
    if type(length) is not int or length < _TAG_BYTES:
        raise VaultError(
            f"sealed field '{name}': ct_len {length!r} is not a length of a tag or more"
        )
    # (3): the data key exists and was not destroyed (KeyErased passes through).
    try:
        key = keys.key_by_id(key_id)
    except NotFound as exc:
        raise VaultError(f"sealed field '{name}': {exc}") from None
    # (4): the stored ciphertext is the one the event names: its hash and its length.
    ct = _stored_ciphertext(keys, name, bytes.fromhex(digest_hex), length)
    # (5): the tag verifies for this key, nonce, key id and field.
    try:
        plaintext = AESGCM(key.secret).decrypt(nonce, ct, _aad(key_id, name))
    except InvalidTag:
        raise VaultError(
            f"sealed field '{name}' does not open: its ciphertext, nonce, key id or field "
            "name was altered"
        ) from None
    # (6): the plaintext is {"salt", "value"} and matches the commitment.
    opened = _parse_plaintext(plaintext, name)
    if not hmac.compare_digest(field_commitment(opened.salt, opened.value), commit):
        raise VaultError(f"sealed field '{name}': the value does not match its commitment")
    return opened


def _stored_ciphertext(keys: KeyStore, name: str, digest: bytes, length: int) -> bytes:
    try:
        ct = keys.blob(digest)
    except NotFound:
        raise VaultError(
            f"sealed field '{name}': its ciphertext (SHA-256 {digest.hex()}) is not stored"
        ) from None
    if len(ct) != length:
        raise VaultError(
            f"sealed field '{name}': the stored ciphertext has {len(ct)} bytes, the event "
            f"says {length}; it was altered"
        )
    if not hmac.compare_digest(hashlib.sha256(ct).digest(), digest):
        raise VaultError(
            f"sealed field '{name}': the stored ciphertext does not match the SHA-256 the "
            "event commits to; it was altered or swapped"
        )
    return ct


def _aad(key_id: str, field: str) -> bytes:
    return _AAD + key_id.encode("utf-8") + b"\x00" + field.encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, member: str) -> bytes:
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise VaultError(f"sealed field member '{member}' is not base64") from None
    if _b64(data) != text:
        raise VaultError(f"sealed field member '{member}' is not canonical base64")
    return data


def _text(sealed: Mapping[str, object], member: str) -> str:
    value = sealed[member]
    if not isinstance(value, str) or not value:
        raise VaultError(f"sealed field member '{member}' is not a non-empty text")
    return value


def _parse_plaintext(plaintext: bytes, name: str) -> Opened:
    try:
        obj = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise VaultError(f"sealed field '{name}': plaintext is not UTF-8 JSON") from None
    if not isinstance(obj, dict) or set(obj) != {"salt", "value"}:
        raise VaultError(f"sealed field '{name}': plaintext is not {{salt, value}}")
    salt, value = obj["salt"], obj["value"]
    if not isinstance(salt, str) or not isinstance(value, str):
        raise VaultError(f"sealed field '{name}': salt and value must be text")
    raw = _unb64(salt, "salt")
    if len(raw) != SALT_BYTES:
        raise VaultError(f"sealed field '{name}': salt has {len(raw)} bytes, expected 32")
    return Opened(value=value, salt=raw)
