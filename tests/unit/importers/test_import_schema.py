"""The compiled row checks accept and refuse exactly what a JSON Schema validator does."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from unburied.domain.errors import FormatError
from unburied.importers import RecordKind, load_schema, row_schema
from unburied.importers.schema import compile_schema

KINDS = [kind.value for kind in RecordKind]


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(kind), format_checker=FormatChecker())


@pytest.mark.parametrize("name", [*KINDS, "manifest"])
def test_every_packaged_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    Draft202012Validator.check_schema(load_schema(name))


def _valid(prop: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values the schema accepts for a property."""
    if prop.get("type") == "array":
        return st.lists(_valid(prop["items"]), max_size=3, unique_by=repr)
    if prop.get("type") == "boolean":
        return st.booleans()
    if "enum" in prop:
        return st.sampled_from(prop["enum"])
    if prop.get("format") == "date":
        return st.dates().map(lambda d: d.isoformat())
    low, high = prop.get("minLength", 0), prop.get("maxLength", 30)
    if "pattern" in prop:
        matching = st.from_regex(prop["pattern"].rstrip("$") + r"\Z", fullmatch=False)
        return matching.filter(lambda v: low <= len(v) <= high)
    return st.text(min_size=low, max_size=min(high, 30))


def _near_miss(prop: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values close to the edge: wrong types, empty, too long, impossible dates, bad ids."""
    common = [st.none(), st.booleans(), st.integers(), st.just(""), st.just(" spaced id")]
    if prop.get("type") == "array":
        return st.one_of(
            st.text(max_size=5),
            st.lists(_near_miss(prop["items"]), min_size=1, max_size=2),
            *common,
        )
    if "enum" in prop:
        return st.one_of(st.sampled_from(["other", "Unit", "TRUE"]), *common)
    if prop.get("format") == "date":
        dates = ["2004-02-30", "2004-2-3", "20040203", "2004-02-03T00:00", "2004-13-01"]
        return st.one_of(st.sampled_from(dates), *common)
    too_long = "x" * (prop.get("maxLength", 30) + 1)
    return st.one_of(st.sampled_from([too_long, "a;b", "A b"]), *common)


@st.composite
def rows(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """A valid row, then (half the time) one change that may make it invalid."""
    schema = load_schema(kind)
    props = schema["properties"]
    optional = [name for name in props if name not in schema["required"]]
    chosen = draw(st.lists(st.sampled_from(optional), unique=True)) if optional else []
    names = [*schema["required"], *chosen]
    row = {name: draw(_valid(props[name])) for name in names}
    change = draw(st.sampled_from(["none", "none", "value", "value", "drop", "extra"]))
    if change == "value":
        name = draw(st.sampled_from(sorted(props)))
        row[name] = draw(_near_miss(props[name]))
    elif change == "drop":
        row.pop(draw(st.sampled_from(schema["required"])))
    elif change == "extra":
        row["unexpected"] = "x"
    return row


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_compiled_checks_agree_with_jsonschema(kind: str, data: st.DataObject) -> None:
    row = data.draw(rows(kind))
    compiled_ok = not row_schema(kind).problems(row)
    assert compiled_ok == validator(kind).is_valid(row), row_schema(kind).problems(row)


def test_compiler_refuses_a_keyword_it_does_not_implement() -> None:
    schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"id": {"type": "string", "oneOf": [{"minLength": 1}]}},
    }
    with pytest.raises(FormatError, match="oneOf"):
        compile_schema("test", schema)


def test_compiler_refuses_an_object_open_to_unknown_fields() -> None:
    with pytest.raises(FormatError, match="additionalProperties false"):
        compile_schema("test", {"type": "object", "properties": {}})


def test_protected_fields_are_marked_in_the_schemas() -> None:
    protected = {
        kind: sorted(name for name, spec in row_schema(kind).fields.items() if spec.protected)
        for kind in KINDS
    }
    assert protected["people"] == ["address", "date_of_birth", "identity_name"]
    assert protected["statements"] == ["text"]
    assert all(
        not names for kind, names in protected.items() if kind not in {"people", "statements"}
    )
