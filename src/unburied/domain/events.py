"""Events: the only thing ever written, and their one canonical encoding.

Every change in unburied is an :class:`Event`. The store gives it the next sequence number
(which is also its leaf index in the transparency log) and the log commits to the bytes
returned by :func:`encode_event`. That encoding is defined here once and used by the store,
the ledger, receipts, the offline verifier and the tests.

Canonical encoding (version 1): the JSON object

    {"v": 1, "seq": <int>, "type": <str>, "actor": <str>, "at": <str>,
     "case": <str|null>, "subject": <str|null>, "data": <object>}

serialised with the JSON Canonicalization Scheme (RFC 8785): keys sorted by UTF-16 code units,
no insignificant white space, UTF-8. ``at`` is UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``.
Payload values are restricted to null, booleans, integers in ±(2**53 - 1), strings, lists and
objects with string keys: no floats, so every implementation agrees on the bytes.
Protected values never appear in clear: the vault replaces each by a sealed object
(see ``unburied.vault.envelope``) before the event is encoded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeAlias

import rfc8785

from unburied.domain.errors import FormatError, InvalidInput

__all__ = [
    "ENCODING_VERSION",
    "EVENT_TYPES",
    "Event",
    "JSONValue",
    "RecordedEvent",
    "decode_event",
    "encode_event",
    "format_time",
    "parse_time",
]

JSONValue: TypeAlias = None | bool | int | str | list["JSONValue"] | dict[str, "JSONValue"]

ENCODING_VERSION = 1
_MAX_INT = 2**53 - 1

#: Every event type the system writes, with what it records. ``docs/events.md`` lists them all.
EVENT_TYPES: dict[str, str] = {
    "log.initialised": "the log was created, with its origin and verifier key",
    "import.recorded": "a historic import was accepted, with the SHA-256 of every source file",
    "organisation.registered": "an organisation (force, command, unit, independent body, council)",
    "person.registered": "a person; a survivor's identity is a protected field",
    "affiliation.recorded": "a person's post in an organisation over a period",
    "interest.declared": "a person declared an interest in a case",
    "accreditation.recorded": "a person holds an accreditation (e.g. interview training)",
    "case.opened": "a case with its originating organisation and original handling",
    "allegation.recorded": "an allegation: complainant, accused, category, referral flags",
    "statement.recorded": "a statement; its text is a protected field",
    "mention.recorded": "a person, place or vehicle named in a statement, as given",
    "referral.decided": "an allegation routed to an independent body, with the reason",
    "case.queued": "a historic case queued for independent review",
    "case.transitioned": "a case moved from one lifecycle state to another",
    "assignment.made": "a person assigned a role or task on a case",
    "assignment.refused": "an assignment refused by the independence rules, with every conflict",
    "assignment.ended": "an assignment ended",
    "absence.recorded": "an investigator recorded absent (leave) or returned",
    "decision.proposed": "an investigator proposed an outcome with a rationale",
    "closure.signed_off": "an independent reviewer signed off a proposed closure",
    "closure.refused": "a closure was refused, with the reason",
    "case.closed": "a case closed with its outcome, rationale and sign-off",
    "case.reopened": "a closed case re-opened, with the reason",
    "concern.raised": "anyone raised a concern about a case",
    "override.granted": "two people of oversight rank overrode a conflict, with a reason",
    "override.refused": "an override was refused, with every reason",
    "access.recorded": "a protected field was read, by whom and with what stated reason",
    "access.alert": "a protected field was read by someone the rules conflict out of the case",
    "access.refused": "a read of a protected field was refused, with the stated reason",
    "survivor.erased": "a survivor's data key was destroyed, on whose authority",
    "correction.recorded": "a correction of an earlier event, pointing at it",
    "link.proposed": "a candidate link between a mention and a person, with its explanation",
    "link.confirmed": "a person confirmed a link",
    "link.rejected": "a person rejected a link (a cannot-link constraint from then on)",
    "link.refused": "a person's decision on a link was refused, with every reason",
    "corroboration.alert": "a person named by several independent complainants",
}


def format_time(at: datetime) -> str:
    """Render an aware datetime as the canonical UTC text ``YYYY-MM-DDTHH:MM:SS.ffffffZ``."""
    if at.tzinfo is None:
        raise InvalidInput(f"event time {at.isoformat()} has no time zone; use UTC")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime:
    """Parse the canonical UTC time text; anything else is a :class:`FormatError`."""
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        raise FormatError(f"time {text!r} is not of the form YYYY-MM-DDTHH:MM:SS.ffffffZ") from None


@dataclass(frozen=True)
class Event:
    """A change, as decided by the domain, before the store gives it a sequence number."""

    type: str
    actor: str
    at: datetime
    data: Mapping[str, JSONValue] = field(default_factory=dict)
    case: str | None = None
    subject: str | None = None

    def __post_init__(self) -> None:
        if self.type not in EVENT_TYPES:
            raise InvalidInput(f"unknown event type {self.type!r}")
        if not self.actor:
            raise InvalidInput(f"event {self.type} has no actor; every change has one")
        format_time(self.at)
        _check_json(self.data, "data")


@dataclass(frozen=True)
class RecordedEvent:
    """An event with its sequence number (= leaf index) and the exact bytes the leaf commits to."""

    seq: int
    event: Event
    leaf: bytes

    @property
    def type(self) -> str:
        """The event type."""
        return self.event.type

    @property
    def data(self) -> Mapping[str, JSONValue]:
        """The (sealed) payload."""
        return self.event.data


def _check_json(value: object, where: str) -> None:
    if value is None or isinstance(value, (bool, str)):
        return
    if isinstance(value, int):
        if abs(value) > _MAX_INT:
            raise InvalidInput(f"{where}: integer {value} is outside ±(2**53 - 1)")
        return
    if isinstance(value, float):
        raise InvalidInput(f"{where}: floats are not allowed in events; use an integer or text")
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _check_json(item, f"{where}[{i}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidInput(f"{where}: key {key!r} is not text")
            _check_json(item, f"{where}.{key}")
        return
    raise InvalidInput(f"{where}: {type(value).__name__} is not a JSON value")


def encode_event(seq: int, event: Event) -> bytes:
    """Return the canonical bytes (RFC 8785 JSON) that leaf ``seq`` of the log commits to."""
    if seq < 0:
        raise InvalidInput(f"sequence number {seq} is negative")
    obj: dict[str, Any] = {
        "v": ENCODING_VERSION,
        "seq": seq,
        "type": event.type,
        "actor": event.actor,
        "at": format_time(event.at),
        "case": event.case,
        "subject": event.subject,
        "data": _plain(event.data),
    }
    return bytes(rfc8785.dumps(obj))


def decode_event(leaf: bytes) -> RecordedEvent:
    """Parse canonical event bytes; raise :class:`FormatError` if they are not canonical."""
    try:
        obj = json.loads(leaf.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(f"event bytes are not UTF-8 JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise FormatError("event bytes are not a JSON object")
    expected = {"v", "seq", "type", "actor", "at", "case", "subject", "data"}
    if set(obj) != expected:
        raise FormatError(f"event fields are {sorted(obj)}, expected {sorted(expected)}")
    if obj["v"] != ENCODING_VERSION:
        raise FormatError(f"event encoding version is {obj['v']!r}, expected {ENCODING_VERSION}")
    if not isinstance(obj["seq"], int) or not isinstance(obj["data"], dict):
        raise FormatError("event field 'seq' must be an integer and 'data' an object")
    try:
        event = Event(
            type=obj["type"],
            actor=obj["actor"],
            at=parse_time(obj["at"]),
            data=obj["data"],
            case=obj["case"],
            subject=obj["subject"],
        )
    except InvalidInput as exc:
        raise FormatError(f"event {obj['seq']}: {exc}") from None
    if encode_event(obj["seq"], event) != leaf:
        raise FormatError(f"event {obj['seq']}: bytes are not in canonical form (RFC 8785)")
    return RecordedEvent(seq=obj["seq"], event=event, leaf=leaf)


def _plain(value: object) -> Any:
    """Turn tuples and mappings into lists and dicts so the JSON encoder accepts them."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
