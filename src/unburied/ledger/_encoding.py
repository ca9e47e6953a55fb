"""Strict text encodings shared by the note, checkpoint and receipt formats.

* base64 is the standard alphabet with padding (RFC 4648 §4), as C2SP specifies. We also
  refuse non-canonical encodings (non-zero padding bits), so one value has one text form.
* Decimals are ASCII digits with no leading zero (unless the value is 0), below 2**64, as the
  C2SP tlog-checkpoint (tree size) and tlog-proof (index) formats require.
* A field value shown in an error message is cut to 40 characters and printed with ``repr``,
  so every message stays on one line.
"""

from __future__ import annotations

import base64
import binascii
import re

from unburied.domain.errors import FormatError

__all__ = ["MAX_UINT64", "decode_b64", "encode_b64", "parse_decimal", "shown"]

MAX_UINT64 = 2**64 - 1
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,19}")


def shown(value: str) -> str:
    """Return ``value`` safe for a one-line message: quoted, escaped, at most 40 characters."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


def encode_b64(data: bytes) -> str:
    """Return the standard padded base64 text of ``data`` (RFC 4648 §4)."""
    return base64.b64encode(data).decode("ascii")


def decode_b64(text: str, field: str) -> bytes:
    """Decode canonical standard base64; raise :class:`FormatError` naming ``field`` if not."""
    try:
        data = binascii.a2b_base64(text, strict_mode=True)
    except (binascii.Error, ValueError):  # ValueError: text that is not ASCII
        raise FormatError(f"{field} is not base64: {shown(text)}") from None
    if binascii.b2a_base64(data, newline=False) != text.encode("ascii"):
        raise FormatError(f"{field} is not in canonical base64: {shown(text)}")
    return data


def parse_decimal(text: str, field: str) -> int:
    """Parse an ASCII decimal with no leading zero, at most 2**64 - 1; else :class:`FormatError`."""
    if _DECIMAL.fullmatch(text) is None:
        raise FormatError(f"{field} is not a decimal number without leading zeros: {shown(text)}")
    value = int(text)
    if value > MAX_UINT64:
        raise FormatError(f"{field} {text} is larger than 2**64 - 1")
    return value
