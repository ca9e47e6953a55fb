"""Checkpoints: signed tree heads, as C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint).

Note text ("Note text"): at least three non-empty lines, each ending in a newline::

    <origin>                 the log's identity, non-empty
    <tree size>              ASCII decimal, no leading zero (0 for the empty tree)
    <root hash>              base64 of the RFC 9162 root at that size (32 bytes)
    [<extension line> ...]   optional, opaque, non-empty

The text is signed as a C2SP signed note (:mod:`unburied.ledger.note`). The log's key name
SHOULD match the origin ("Signatures"); :func:`open_checkpoint` checks the origin against the
one expected, by default the key's name. A log never signs a checkpoint inconsistent with one
it signed before: the store checks a consistency proof before it calls :func:`sign_checkpoint`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unburied.domain.errors import FormatError, SignatureError
from unburied.ledger._encoding import MAX_UINT64, decode_b64, encode_b64, parse_decimal, shown
from unburied.ledger.merkle import HASH_SIZE
from unburied.ledger.note import NoteSigner, NoteVerifier, open_note, sign_note

__all__ = ["Checkpoint", "open_checkpoint", "sign_checkpoint"]

_CONTROL = re.compile(r"[\x00-\x1f]")


@dataclass(frozen=True)
class Checkpoint:
    """A log's tree head: origin, tree size, 32-byte root hash and optional extension lines."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_line(self.origin, "checkpoint origin")
        if not 0 <= self.size <= MAX_UINT64:
            raise FormatError(f"checkpoint tree size {self.size} is not between 0 and 2**64 - 1")
        if len(self.root) != HASH_SIZE:
            raise FormatError(f"checkpoint root hash has {len(self.root)} bytes, expected 32")
        object.__setattr__(self, "extensions", tuple(self.extensions))
        for i, line in enumerate(self.extensions):
            _check_line(line, f"checkpoint extension line {i + 1}")

    def to_text(self) -> str:
        """Return the checkpoint note text (the part that is signed)."""
        lines = [self.origin, str(self.size), encode_b64(self.root), *self.extensions]
        return "".join(line + "\n" for line in lines)

    @classmethod
    def from_text(cls, text: str) -> Checkpoint:
        """Parse checkpoint note text strictly; raise :class:`FormatError` naming the field."""
        # (1): lines, each ending in a newline, none empty.
        if not text.endswith("\n"):
            raise FormatError("checkpoint text does not end in a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise FormatError(f"checkpoint has {len(lines)} lines, expected at least 3")
        # (2): origin, size, root; the rest are extension lines (checked by __post_init__).
        origin, size_text, root_text, *extensions = lines
        size = parse_decimal(size_text, "checkpoint tree size")
        root = decode_b64(root_text, "checkpoint root hash")
        return cls(origin, size, root, tuple(extensions))


def _check_line(line: str, what: str) -> None:
    if not line:
        raise FormatError(f"{what} is empty")
    if _CONTROL.search(line):
        raise FormatError(f"{what} contains a newline or control character: {shown(line)}")
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        raise FormatError(f"{what} is not valid UTF-8 text") from None


def sign_checkpoint(checkpoint: Checkpoint, signer: NoteSigner) -> str:
    """Return the checkpoint as a signed note. The signer's key name must be the origin."""
    if signer.name != checkpoint.origin:
        raise FormatError(
            f"signer key name {shown(signer.name)} is not the checkpoint origin "
            f"{shown(checkpoint.origin)}"
        )
    return sign_note(checkpoint.to_text(), signer)


def open_checkpoint(
    note_text: str, verifier: NoteVerifier, origin: str | None = None
) -> Checkpoint:
    """Verify a signed checkpoint and return it.

    ``origin`` is the log identity expected (default: the verifier key's name). Raises
    :class:`FormatError` if malformed and :class:`SignatureError` if unsigned by the key or
    from another log.
    """
    # (1): the note carries a valid signature by the trusted key.
    text = open_note(note_text, verifier)
    # (2): its text is a checkpoint.
    checkpoint = Checkpoint.from_text(text)
    # (3): it is a checkpoint of the log we expect.
    expected = verifier.name if origin is None else origin
    if checkpoint.origin != expected:
        raise SignatureError(
            f"checkpoint is from log {shown(checkpoint.origin)}, expected {shown(expected)}"
        )
    return checkpoint
