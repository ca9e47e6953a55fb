"""Leaf bytes at store speed: the canonical event encoding, fast, and the audit's envelope check.

:func:`encode_leaf` returns exactly ``unburied.domain.events.encode_event(seq, event)``
(RFC 8785 JSON), about five times faster. For the values an :class:`Event` admits (null,
booleans, integers within ±(2**53 - 1), strings, lists, objects with string keys; no floats)
the C JSON encoder with sorted keys, no spaces and ``ensure_ascii=False`` writes the same bytes
as RFC 8785 — same string escapes, same integers — except in one place: RFC 8785 sorts object
keys by UTF-16 code units, Python by code points, and the two orders differ only when a key
holds a character outside the Basic Multilingual Plane. Any output with such a character
(a 4-byte UTF-8 sequence), or any value the fast encoder refuses, goes through
``encode_event`` itself. ``tests/integration/store/test_leaves.py`` checks the equality on
arbitrary events.

:func:`envelope` gives the bytes a canonical leaf must start and end with for the row's
indexed columns; ``verify_log`` uses it to prove the columns agree with the hashed leaf
without parsing the payload.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]

from unburied.domain.events import ENCODING_VERSION, Event, encode_event, format_time

__all__ = ["encode_leaf", "envelope", "leaf_time"]


def _not_json(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
# builds this C encoder anew on every call; built once it is a third faster.
_c_encode = (
    c_make_encoder(None, _not_json, encode_basestring, None, ":", ",", True, False, False)
    if c_make_encoder is not None
    else None
)


def _encode(data: object) -> str:
    if _c_encode is None:
        return json.dumps(
            data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    return "".join(_c_encode(data, 0))


_OUTSIDE_BMP = re.compile(rb"[\xf0-\xf4]")


def leaf_time(at: datetime) -> str:
    """Return ``format_time(at)``, fast for the usual case of a UTC time after the year 999."""
    if at.tzinfo is UTC and at.year >= 1000:
        return at.isoformat(timespec="microseconds")[:-6] + "Z"
    return format_time(at)


def encode_leaf(seq: int, event: Event, at: str) -> bytes:
    """Return ``encode_event(seq, event)``; ``at`` is ``leaf_time(event.at)``, given once."""
    try:
        prefix, suffix = envelope(seq, event.type, event.actor, at, event.case, event.subject)
        leaf = prefix + _encode(event.data).encode("utf-8") + suffix
    except (TypeError, ValueError, RecursionError):  # a Mapping not a dict, a lone surrogate…
        return encode_event(seq, event)
    if seq < 0 or (not leaf.isascii() and _OUTSIDE_BMP.search(leaf)):
        return encode_event(seq, event)
    return leaf


def envelope(
    seq: int, type_: str, actor: str, at: str, case: str | None, subject: str | None
) -> tuple[bytes, bytes]:
    """Return (prefix, suffix) a canonical leaf with these columns starts and ends with.

    Canonical key order is ``actor, at, case, data, seq, subject, type, v``, so every column
    sits in the prefix before the ``data`` value or in the suffix after it.
    """
    text = encode_basestring
    prefix = (
        f'{{"actor":{text(actor)},"at":{text(at)},'
        f'"case":{"null" if case is None else text(case)},"data":'
    )
    suffix = (
        f',"seq":{seq},"subject":{"null" if subject is None else text(subject)},'
        f'"type":{text(type_)},"v":{ENCODING_VERSION}}}'
    )
    return prefix.encode("utf-8"), suffix.encode("utf-8")
