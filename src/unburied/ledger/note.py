"""Signed notes with Ed25519, as C2SP signed-note (https://c2sp.org/signed-note) defines them.

Format (signed-note "Format"): the note text, ending in a newline; a blank line; one or more
signature lines ``— <key name> <base64(key ID ‖ signature)>``. The whole note is UTF-8 with no
control character other than newline. The text is everything up to the *last* blank line.

* Key names are non-empty with no Unicode space and no ``+`` (signed-note "Format"); we also
  refuse control characters, which a note could not carry anyway.
* Key ID (signed-note "Ed25519 signatures"): the first 4 bytes of
  ``SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)``.
* Verifier key text ("vkey", golang.org/x/mod/sumdb/note): ``<name>+<8 hex key ID>+<base64(0x01 ‖
  public key)>``; signer key text: ``PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x01 ‖ seed)>``.
  We write and accept lower-case hex only.
* Verification (signed-note "Signatures"): signatures from other keys are ignored; a signature
  from our key that fails makes the whole note fail; a note with no signature from our key
  fails. At most :data:`MAX_SIGNATURES` signature lines are read (the spec asks for ≥ 16).

Verification profile: ``cryptography`` (OpenSSL) verifies RFC 8032 signatures cofactorless,
refusing non-canonical R and S ≥ L (the "ref10" profile of the CCTV ed25519 vectors). On top of
that we refuse, when a key is parsed or created, any public key that is non-canonical, not on
the curve, of low order or with a low-order component; and any signature whose R is a low-order
point. So every signature we accept verifies the same way under cofactored and cofactorless
rules (see ``docs/ledger.md``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from unburied.domain.errors import FormatError, SignatureError
from unburied.ledger import _ed25519
from unburied.ledger._encoding import decode_b64, encode_b64, shown

__all__ = [
    "ED25519",
    "MAX_SIGNATURES",
    "NoteSignature",
    "NoteSigner",
    "NoteVerifier",
    "SignedNote",
    "check_key_name",
    "key_id",
    "open_note",
    "sign_note",
]

#: Signature type byte of Ed25519 (signed-note "Signature types").
ED25519 = 0x01
#: The most signature lines a note may carry before it is refused as malformed.
MAX_SIGNATURES = 100

_DASH = "— "  # em dash U+2014, then a space
_PRIVATE_PREFIX = "PRIVATE+KEY+"
_HEX_ID = re.compile(r"[0-9a-f]{8}")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
_NAME_REFUSED = re.compile(r"[\s+\x00-\x1f]")  # \s: every Unicode space, as str.isspace


def check_key_name(name: str) -> None:
    """Raise :class:`FormatError` unless ``name`` is a valid key name (signed-note "Format")."""
    if not name:
        raise FormatError("key name is empty")
    if _NAME_REFUSED.search(name):
        raise FormatError(f"key name {shown(name)} contains a space, '+' or control character")
    _check_utf8(name, "key name")


def key_id(name: str, public_key: bytes) -> bytes:
    """Return the 4-byte key ID: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]."""
    return hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([ED25519]) + public_key).digest()[:4]


@lru_cache(maxsize=64)
def _public_key_problem(key: bytes) -> str | None:
    return _ed25519.public_key_problem(key)


def _check_public_key(key: bytes, where: str) -> None:
    problem = _public_key_problem(key)
    if problem is not None:
        raise FormatError(f"{where}: Ed25519 public key {problem}; refused")


@dataclass(frozen=True)
class NoteVerifier:
    """A trusted Ed25519 note key: its name, key ID and 32-byte public key."""

    name: str
    public_key: bytes
    key_id: bytes = field(init=False)
    _key: Ed25519PublicKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_key_name(self.name)
        _check_public_key(self.public_key, f"key {shown(self.name)}")
        object.__setattr__(self, "key_id", key_id(self.name, self.public_key))
        object.__setattr__(self, "_key", Ed25519PublicKey.from_public_bytes(self.public_key))

    @classmethod
    def from_vkey(cls, vkey: str) -> NoteVerifier:
        """Parse the vkey text ``name+hexid+base64(0x01 ‖ public key)``; FormatError if bad."""
        # (1): three parts; the base64 part may itself contain '+'.
        parts = vkey.split("+", 2)
        if len(parts) != 3:
            raise FormatError(f"vkey is not of the form name+keyid+key: {shown(vkey)}")
        name, hex_id, key_b64 = parts
        # (2): name, then an 8-digit lower-case hex key ID.
        check_key_name(name)
        if _HEX_ID.fullmatch(hex_id) is None:
            raise FormatError(f"vkey key ID is not 8 lower-case hex digits: {shown(hex_id)}")
        # (3): the key: type byte 0x01 and 32 bytes.
        key = decode_b64(key_b64, "vkey key")
        if len(key) != 33 or key[0] != ED25519:
            raise FormatError(
                f"vkey key has {len(key)} bytes starting {key[:1].hex() or 'with nothing'}, "
                "expected 33 starting 01 (Ed25519)"
            )
        # (4): the key itself is sound and matches the stated key ID.
        verifier = cls(name, key[1:])
        if verifier.key_id.hex() != hex_id:
            raise FormatError(f"vkey key ID is {hex_id}, expected {verifier.key_id.hex()}")
        return verifier

    def to_vkey(self) -> str:
        """Return the vkey text ``name+hexid+base64(0x01 ‖ public key)``."""
        key = encode_b64(bytes([ED25519]) + self.public_key)
        return f"{self.name}+{self.key_id.hex()}+{key}"

    def verify(self, text: str, signature: bytes) -> None:
        """Check a raw 64-byte Ed25519 signature over the note text; raise SignatureError."""
        problem = _ed25519.signature_problem(signature)
        if problem is not None:
            raise SignatureError(f"signature by {shown(self.name)} {problem}")
        try:
            self._key.verify(signature, text.encode("utf-8"))
        except InvalidSignature:
            raise SignatureError(
                f"signature by {shown(self.name)} (key ID {self.key_id.hex()}) does not verify"
            ) from None


class NoteSigner:
    """An Ed25519 note signing key with its name. ``repr`` never shows the private key."""

    __slots__ = ("_private", "verifier")

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        """Wrap ``private_key``; its public key is checked as any verifier key is."""
        public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.verifier = NoteVerifier(name, public)
        self._private = private_key

    @classmethod
    def generate(cls, name: str) -> NoteSigner:
        """Create a new random key named ``name``."""
        return cls(name, Ed25519PrivateKey.generate())

    @classmethod
    def from_seed(cls, name: str, seed: bytes) -> NoteSigner:
        """Build the key from its 32-byte RFC 8032 seed (deterministic: tests, key files)."""
        if len(seed) != 32:
            raise FormatError(f"Ed25519 seed has {len(seed)} bytes, expected 32")
        return cls(name, Ed25519PrivateKey.from_private_bytes(seed))

    @classmethod
    def from_skey(cls, skey: str) -> NoteSigner:
        """Parse ``PRIVATE+KEY+name+hexid+base64(0x01 ‖ seed)``; FormatError if malformed."""
        if not skey.startswith(_PRIVATE_PREFIX):
            raise FormatError("signer key does not start with PRIVATE+KEY+")
        parts = skey[len(_PRIVATE_PREFIX) :].split("+", 2)
        if len(parts) != 3:
            raise FormatError("signer key is not of the form PRIVATE+KEY+name+keyid+key")
        name, hex_id, seed_b64 = parts
        check_key_name(name)
        if _HEX_ID.fullmatch(hex_id) is None:
            raise FormatError("signer key ID is not 8 lower-case hex digits")
        seed = decode_b64(seed_b64, "signer key")
        if len(seed) != 33 or seed[0] != ED25519:
            raise FormatError(f"signer key has {len(seed)} bytes, expected 33 starting 01")
        signer = cls.from_seed(name, seed[1:])
        if signer.key_id.hex() != hex_id:
            raise FormatError(f"signer key ID is {hex_id}, expected {signer.key_id.hex()}")
        return signer

    def to_skey(self) -> str:
        """Return the secret text form. Store it like a password; it signs for the log."""
        seed = self._private.private_bytes_raw()
        key = encode_b64(bytes([ED25519]) + seed)
        return f"{_PRIVATE_PREFIX}{self.name}+{self.key_id.hex()}+{key}"

    @property
    def name(self) -> str:
        """The key name (for a log, its origin)."""
        return self.verifier.name

    @property
    def key_id(self) -> bytes:
        """The 4-byte key ID."""
        return self.verifier.key_id

    def to_vkey(self) -> str:
        """Return the public verifier key text that checks this signer's notes."""
        return self.verifier.to_vkey()

    def sign(self, text: str) -> bytes:
        """Return the raw 64-byte Ed25519 signature over the note text."""
        return self._private.sign(text.encode("utf-8"))

    def __repr__(self) -> str:
        return f"NoteSigner(name={self.name!r}, key_id={self.key_id.hex()})"


@dataclass(frozen=True)
class NoteSignature:
    """One signature line: the key name, its 4-byte key ID and the raw signature."""

    name: str
    key_id: bytes
    signature: bytes

    def to_line(self) -> str:
        """Return the line ``— name base64(key ID ‖ signature)`` without its newline."""
        return f"{_DASH}{self.name} {encode_b64(self.key_id + self.signature)}"


@dataclass(frozen=True)
class SignedNote:
    """A note's text and signature lines, parsed but not yet verified."""

    text: str
    signatures: tuple[NoteSignature, ...]

    @classmethod
    def from_text(cls, note: str) -> SignedNote:
        """Parse a signed note's structure strictly (no signature is checked here)."""
        # (1): UTF-8 with no control character but newline.
        _check_utf8(note, "note")
        bad = _CONTROL.search(note)
        if bad is not None:
            raise FormatError(f"note contains control character {bad.group()!r}")
        # (2): text, blank line, signature block ending in a newline.
        split = note.rfind("\n\n")
        if split < 0:
            raise FormatError("note has no blank line before its signatures")
        text, block = note[: split + 1], note[split + 2 :]
        if not block or not block.endswith("\n"):
            raise FormatError("note has no signature lines, or they do not end in a newline")
        lines = block[:-1].split("\n")
        if len(lines) > MAX_SIGNATURES:
            raise FormatError(f"note has {len(lines)} signatures, at most {MAX_SIGNATURES}")
        # (3): each line is "— name base64(keyid ‖ signature)".
        return cls(text, tuple(_parse_signature_line(line, i) for i, line in enumerate(lines)))

    def to_text(self) -> str:
        """Return the note text, a blank line and the signature lines."""
        return self.text + "\n" + "".join(s.to_line() + "\n" for s in self.signatures)


def _parse_signature_line(line: str, i: int) -> NoteSignature:
    where = f"note signature line {i + 1}"
    if not line.startswith(_DASH):
        raise FormatError(f"{where} does not start with an em dash and a space: {shown(line)}")
    name, sep, sig_b64 = line[len(_DASH) :].partition(" ")
    if not sep:
        raise FormatError(f"{where} has no space between key name and signature")
    try:
        check_key_name(name)
    except FormatError as exc:
        raise FormatError(f"{where}: {exc}") from None
    raw = decode_b64(sig_b64, f"{where} signature")
    if len(raw) < 5:
        raise FormatError(f"{where} signature has {len(raw)} bytes, expected a key ID and more")
    return NoteSignature(name, raw[:4], raw[4:])


def _check_utf8(text: str, what: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise FormatError(f"{what} is not valid UTF-8 text") from None


def sign_note(text: str, signer: NoteSigner) -> str:
    """Return ``text`` signed by ``signer`` as a signed note.

    The text must be non-empty, end in a newline and contain no other control character.
    """
    if not text.endswith("\n"):
        raise FormatError("note text must end in a newline")
    _check_utf8(text, "note text")
    bad = _CONTROL.search(text)
    if bad is not None:
        raise FormatError(f"note text contains control character {bad.group()!r}")
    line = NoteSignature(signer.name, signer.key_id, signer.sign(text))
    return SignedNote(text, (line,)).to_text()


def open_note(note: str, verifier: NoteVerifier) -> str:
    """Verify a signed note against one trusted key; return its text.

    Raises :class:`FormatError` if the note is malformed and :class:`SignatureError` if our
    key's signature is absent or fails. Signatures by other keys are ignored.
    """
    # (1): parse the structure.
    parsed = SignedNote.from_text(note)
    # (2): verify every signature that names our key (name and key ID both match).
    verified = False
    for sig in parsed.signatures:
        if sig.name == verifier.name and sig.key_id == verifier.key_id:
            verifier.verify(parsed.text, sig.signature)
            verified = True
    # (3): at least one must have been ours.
    if not verified:
        raise SignatureError(
            f"note has no signature by {shown(verifier.name)} with key ID {verifier.key_id.hex()}"
        )
    return parsed.text
