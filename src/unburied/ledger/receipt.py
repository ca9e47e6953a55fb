"""Receipts in the C2SP tlog-proof@v1 text format, refreshes, and field commitments.

A receipt (https://c2sp.org/tlog-proof, "Format") is::

    c2sp.org/tlog-proof@v1
    extra <base64 of the event's canonical bytes>
    index <leaf index, decimal>
    <base64 inclusion proof hash, leaf's sibling first>
    ...
    <empty line>
    <the signed checkpoint, verbatim>

The spec leaves ``extra`` to the application ("additional data necessary to reconstruct the
record hash"). Ours is always present and holds the exact bytes the leaf commits to
(``unburied.domain.events.encode_event``), so the holder recomputes the leaf hash herself. It is
not trusted: the inclusion proof and the signed checkpoint are what make it evidence.

A *refresh* (our own format, shaped like tlog-proof) proves that the tree a receipt was issued
against is a prefix of a newer tree::

    unburied/receipt-refresh@v1
    from <tree size of the receipt's checkpoint, decimal>
    <base64 consistency proof hash (RFC 9162 §2.1.4)>
    ...
    <empty line>
    <the newer signed checkpoint, verbatim>

Protected values (a statement's text, a survivor's identity) are sealed in the event data as
``{"sealed": 1, "key": ..., "field": ..., "commit": <hex>, "nonce": <b64>, "ct_sha256": <hex>,
"ct_len": <int>}`` (the ciphertext is stored beside the event, not in it), where ``commit`` is
:func:`field_commitment` of a salt and the clear value. The survivor keeps
her copy of the value and the salt; :func:`check_holder_copy` shows that they match the event.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from typing import Any

from unburied.domain.errors import FormatError, ProofError
from unburied.ledger._encoding import (
    MAX_UINT64,
    decode_b64,
    encode_b64,
    parse_decimal,
    shown,
)
from unburied.ledger.checkpoint import Checkpoint
from unburied.ledger.merkle import HASH_SIZE
from unburied.ledger.note import SignedNote

__all__ = [
    "COMMITMENT_DOMAIN",
    "MIN_SALT_BYTES",
    "RECEIPT_HEADER",
    "REFRESH_HEADER",
    "Receipt",
    "ReceiptRefresh",
    "check_holder_copy",
    "field_commitment",
]

RECEIPT_HEADER = "c2sp.org/tlog-proof@v1"
REFRESH_HEADER = "unburied/receipt-refresh@v1"
COMMITMENT_DOMAIN = b"unburied/field-commitment/v1\x00"
MIN_SALT_BYTES = 16
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Receipt:
    """A tlog-proof@v1 receipt: leaf index, inclusion proof, checkpoint note and event bytes.

    Building or parsing one checks its form only; ``unburied.ledger.verify`` checks the proof.
    """

    index: int
    proof: tuple[bytes, ...]
    checkpoint: str
    event: bytes

    def __post_init__(self) -> None:
        if not 0 <= self.index <= MAX_UINT64:
            raise FormatError(f"receipt index {self.index} is not between 0 and 2**64 - 1")
        object.__setattr__(self, "proof", _check_proof(self.proof, "receipt proof"))
        _check_checkpoint_note(self.checkpoint, "receipt checkpoint")
        if not self.event:
            raise FormatError("receipt event bytes are empty")

    @property
    def unverified_checkpoint(self) -> Checkpoint:
        """The checkpoint as written in the receipt, with its signature NOT checked."""
        return Checkpoint.from_text(SignedNote.from_text(self.checkpoint).text)

    def to_text(self) -> str:
        """Return the receipt in the tlog-proof@v1 text format."""
        head = [RECEIPT_HEADER, f"extra {encode_b64(self.event)}", f"index {self.index}"]
        head += [encode_b64(h) for h in self.proof]
        return "\n".join(head) + "\n\n" + self.checkpoint

    @classmethod
    def from_text(cls, text: str) -> Receipt:
        """Parse a tlog-proof@v1 receipt strictly; raise :class:`FormatError` naming the field."""
        # (1): header lines, an empty line, then the checkpoint note.
        lines, checkpoint = _split(text, RECEIPT_HEADER, "receipt")
        # (2): "extra <base64>": the event bytes the leaf commits to.
        if len(lines) < 2 or not lines[1].startswith("extra "):
            raise FormatError("receipt has no 'extra' line with the event bytes after its header")
        event = decode_b64(lines[1][len("extra ") :], "receipt extra (event bytes)")
        # (3): "index <decimal>", then one proof hash per line.
        if len(lines) < 3 or not lines[2].startswith("index "):
            raise FormatError("receipt has no 'index' line after its 'extra' line")
        index = parse_decimal(lines[2][len("index ") :], "receipt index")
        proof = tuple(
            decode_b64(line, f"receipt proof line {i + 1}") for i, line in enumerate(lines[3:])
        )
        return cls(index, proof, checkpoint, event)


@dataclass(frozen=True)
class ReceiptRefresh:
    """A consistency proof from the receipt's tree size to a newer signed checkpoint."""

    old_size: int
    proof: tuple[bytes, ...]
    checkpoint: str

    def __post_init__(self) -> None:
        if not 1 <= self.old_size <= MAX_UINT64:
            raise FormatError(f"refresh 'from' size {self.old_size} is not between 1 and 2**64 - 1")
        object.__setattr__(self, "proof", _check_proof(self.proof, "refresh proof"))
        _check_checkpoint_note(self.checkpoint, "refresh checkpoint")

    @property
    def unverified_checkpoint(self) -> Checkpoint:
        """The newer checkpoint as written, with its signature NOT checked."""
        return Checkpoint.from_text(SignedNote.from_text(self.checkpoint).text)

    def to_text(self) -> str:
        """Return the refresh in its text format."""
        head = [REFRESH_HEADER, f"from {self.old_size}", *(encode_b64(h) for h in self.proof)]
        return "\n".join(head) + "\n\n" + self.checkpoint

    @classmethod
    def from_text(cls, text: str) -> ReceiptRefresh:
        """Parse a refresh strictly; raise :class:`FormatError` naming the field."""
        lines, checkpoint = _split(text, REFRESH_HEADER, "refresh")
        if len(lines) < 2 or not lines[1].startswith("from "):
            raise FormatError("refresh has no 'from' line after its header")
        old_size = parse_decimal(lines[1][len("from ") :], "refresh 'from' size")
        proof = tuple(
            decode_b64(line, f"refresh proof line {i + 1}") for i, line in enumerate(lines[2:])
        )
        return cls(old_size, proof, checkpoint)


def _split(text: str, header: str, what: str) -> tuple[list[str], str]:
    """Split into header lines and the verbatim checkpoint note after the first empty line."""
    if "\r" in text:
        raise FormatError(f"{what} contains carriage returns (Windows line endings); use LF only")
    end = text.find("\n\n")
    if end < 0:
        raise FormatError(f"{what} has no empty line before its checkpoint")
    lines = text[:end].split("\n")
    if lines[0] != header:
        raise FormatError(f"{what} starts with {shown(lines[0])}, expected {header!r}")
    return lines, text[end + 2 :]


def _check_proof(proof: tuple[bytes, ...], what: str) -> tuple[bytes, ...]:
    proof = tuple(proof)
    if len(proof) > 64:
        raise FormatError(f"{what} has {len(proof)} hashes, at most 64")
    for i, h in enumerate(proof):
        if len(h) != HASH_SIZE:
            raise FormatError(f"{what} hash {i + 1} has {len(h)} bytes, expected 32")
    return proof


def _check_checkpoint_note(note: str, what: str) -> None:
    try:
        Checkpoint.from_text(SignedNote.from_text(note).text)
    except FormatError as exc:
        raise FormatError(f"{what}: {exc}") from None


# ------------------------------------------------------------------------ field commitments


def field_commitment(salt: bytes, value: str) -> str:
    """Return hex SHA-256(b"unburied/field-commitment/v1\\x00" ‖ salt ‖ UTF-8 value).

    The salt is at least :data:`MIN_SALT_BYTES` random bytes, so the commitment reveals nothing
    about a guessable value.
    """
    if len(salt) < MIN_SALT_BYTES:
        raise FormatError(f"salt has {len(salt)} bytes, expected at least {MIN_SALT_BYTES}")
    try:
        data = value.encode("utf-8")
    except UnicodeEncodeError:
        raise FormatError("value is not valid UTF-8 text") from None
    return hashlib.sha256(COMMITMENT_DOMAIN + salt + data).hexdigest()


def check_holder_copy(receipt: Receipt, field_path: str, value: str, salt: bytes) -> None:
    """Check that the holder's ``value`` and ``salt`` match the sealed field in the event.

    ``field_path`` is a dot-separated path inside the event's ``data`` object, e.g.
    ``"text"`` or ``"survivor.name"``. Raises :class:`FormatError` if there is no sealed field
    there and :class:`ProofError` if the commitment differs. Verify the receipt itself first
    (``unburied.ledger.verify.verify_receipt``): this checks only the holder's copy.
    """
    # (1): the sealed object at the path.
    sealed = _sealed_at(_event_data(receipt.event), field_path)
    commit = sealed.get("commit")
    if not isinstance(commit, str) or _HEX64.fullmatch(commit) is None:
        raise FormatError(f"sealed field {shown(field_path)} has no 64-hex-digit 'commit'")
    # (2): the commitment recomputed from the holder's copy matches it.
    mine = field_commitment(salt, value)
    if not hmac.compare_digest(mine, commit):
        raise ProofError(
            f"the copy of {shown(field_path)} does not match the event: commitment {mine}, "
            f"expected {commit}"
        )


def _event_data(event: bytes) -> dict[str, Any]:
    try:
        obj = json.loads(event.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise FormatError("receipt event bytes are not UTF-8 JSON") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("data"), dict):
        raise FormatError("receipt event bytes have no 'data' object")
    data: dict[str, Any] = obj["data"]
    return data


def _sealed_at(data: dict[str, Any], field_path: str) -> dict[str, Any]:
    node: Any = data
    for part in field_path.split("."):
        if not isinstance(node, dict) or part not in node:
            raise FormatError(f"event data has no field {shown(field_path)}")
        node = node[part]
    flag = node.get("sealed") if isinstance(node, dict) else None
    if not isinstance(node, dict) or type(flag) is not int or flag != 1:
        raise FormatError(f"event field {shown(field_path)} is not a sealed value")
    return node
