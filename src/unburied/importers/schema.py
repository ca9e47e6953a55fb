"""The JSON Schemas of the import format, and fast row checks compiled from them.

The schemas in ``schemas/*.json`` are the one definition of each record's form. Checking 10^5
rows with a general JSON Schema validator costs about 65 µs a row, so :func:`compile_schema`
turns the small subset of JSON Schema the import format uses into plain Python checks (about
ten times faster). A keyword outside that subset is refused when compiling, so schema and
checks cannot drift apart silently; ``tests/unit/importers`` checks that the compiled checks
accept and refuse exactly what ``jsonschema`` does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from unburied.domain.errors import FormatError

__all__ = ["FieldSpec", "RowSchema", "compile_schema", "load_schema", "row_schema"]

Check = Callable[[object], str | None]

_ANNOTATIONS = {"description", "title", "x-form", "x-protected", "$comment", "examples"}
_OBJECT_KEYS = {"$schema", "$id", "type", "required", "additionalProperties", "properties"}
_OBJECT_KEYS |= _ANNOTATIONS
_STRING_KEYS = {"type", "minLength", "maxLength", "pattern", "format", "enum"} | _ANNOTATIONS
_ARRAY_KEYS = {"type", "items", "uniqueItems", "minItems", "maxItems"} | _ANNOTATIONS
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


@cache
def load_schema(name: str) -> Mapping[str, Any]:
    """The packaged JSON Schema ``schemas/<name>.json`` (a record kind, or ``manifest``)."""
    text = resources.files("unburied.importers").joinpath("schemas", f"{name}.json").read_text()
    loaded: Mapping[str, Any] = json.loads(text)
    return loaded


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record: its JSON type, whether it is protected, and its compiled check."""

    name: str
    json_type: str  # "string", "boolean" or "array"
    protected: bool
    check: Check


@dataclass(frozen=True)
class RowSchema:
    """A record kind's form: its fields in schema order and which of them are required."""

    kind: str
    fields: Mapping[str, FieldSpec]
    required: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """Field names in the order the schema lists them (the CSV column order we write)."""
        return tuple(self.fields)

    def problems(self, row: Mapping[str, object]) -> list[tuple[str, str]]:
        """Every ``(field, reason)`` wrong with the row's form; empty if the form is sound."""
        found = [(name, "is required but missing") for name in self.required if name not in row]
        for name, value in row.items():
            spec = self.fields.get(name)
            if spec is None:
                found.append((name, f"is not a field of {self.kind}"))
                continue
            reason = spec.check(value)
            if reason is not None:
                found.append((name, reason))
        return found


@cache
def row_schema(kind: str) -> RowSchema:
    """The compiled form of record kind ``kind``."""
    return compile_schema(kind, load_schema(kind))


def compile_schema(kind: str, schema: Mapping[str, Any]) -> RowSchema:
    """Compile an object schema of the supported subset into a :class:`RowSchema`."""
    _only(schema, _OBJECT_KEYS, kind)
    if schema.get("type") != "object" or schema.get("additionalProperties") is not False:
        raise FormatError(f"schema {kind}: must be an object with additionalProperties false")
    fields = {
        name: FieldSpec(
            name=name,
            json_type=_json_type(prop),
            protected=bool(prop.get("x-protected", False)),
            check=_compile_value(prop, f"{kind}.{name}"),
        )
        for name, prop in schema["properties"].items()
    }
    return RowSchema(kind=kind, fields=fields, required=tuple(schema.get("required", ())))


def _json_type(prop: Mapping[str, Any]) -> str:
    return str(prop.get("type", "string"))


def _only(schema: Mapping[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(schema) - allowed)
    if extra:
        raise FormatError(
            f"schema {where}: keyword(s) {extra} not supported by the compiled checks"
        )


def _compile_value(prop: Mapping[str, Any], where: str) -> Check:
    kind = prop.get("type", "string" if "enum" in prop else None)
    if kind == "string":
        return _compile_string(prop, where)
    if kind == "boolean":
        _only(prop, {"type"} | _ANNOTATIONS, where)
        return _check_boolean
    if kind == "array":
        return _compile_array(prop, where)
    raise FormatError(f"schema {where}: type {kind!r} not supported by the compiled checks")


def _check_boolean(value: object) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, got {_show(value)}"


def _compile_string(prop: Mapping[str, Any], where: str) -> Check:
    """One closure per field: the checks run in the order jsonschema reports them."""
    _only(prop, _STRING_KEYS, where)
    if "format" in prop and prop["format"] != "date":
        raise FormatError(f"schema {where}: format {prop['format']!r} not supported")
    typed = "type" in prop
    allowed = tuple(prop["enum"]) if "enum" in prop else None
    listed = ", ".join(str(a) for a in allowed) if allowed else ""
    low, high = prop.get("minLength", 0), prop.get("maxLength")
    pattern = re.compile(prop["pattern"]).search if "pattern" in prop else None
    wanted = prop.get("x-form") or f"text matching {prop.get('pattern')}"
    is_date = prop.get("format") == "date"

    def check(value: object) -> str | None:
        if not isinstance(value, str):
            if typed:
                return f"expected text, got {_show(value)}"
            return (
                None
                if allowed is None or value in allowed
                else f"{_show(value)} is not one of: {listed}"
            )
        if allowed is not None and value not in allowed:
            return f"{_show(value)} is not one of: {listed}"
        if len(value) < low:
            return "is empty" if low == 1 else f"is shorter than {low} characters"
        if high is not None and len(value) > high:
            return f"is {len(value)} characters long, at most {high} allowed"
        if pattern is not None and not pattern(value):
            return f"{_show(value)} is not {wanted}"
        return _check_date(value) if is_date else None

    return check


def _compile_array(prop: Mapping[str, Any], where: str) -> Check:
    _only(prop, _ARRAY_KEYS, where)
    item = _compile_value(prop.get("items", {"type": "string"}), f"{where}[]")
    unique = bool(prop.get("uniqueItems", False))
    low, high = prop.get("minItems", 0), prop.get("maxItems")

    def check(value: object) -> str | None:
        if not isinstance(value, list):
            return f"expected a list, got {_show(value)}"
        if len(value) < low or (high is not None and len(value) > high):
            return f"has {len(value)} items, expected {low} to {high or 'any number of'}"
        for i, element in enumerate(value):
            reason = item(element)
            if reason is not None:
                return f"item {i + 1}: {reason}"
        if unique and len({json.dumps(v, sort_keys=True) for v in value}) != len(value):
            return "lists the same item more than once"
        return None

    return check


def _check_date(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"{_show(value)} is not a real calendar date"
    return None if _DATE_RE.match(value) else f"{_show(value)} is not a date written YYYY-MM-DD"


def _show(value: object) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    return type(value).__name__ if isinstance(value, (dict, list)) else repr(value)
