"""docs/import-format.md describes every kind and every field the schemas define."""

from __future__ import annotations

from pathlib import Path

import pytest

from unburied.importers import RecordKind, row_schema

DOC = (Path(__file__).resolve().parents[3] / "docs" / "import-format.md").read_text()


def section(kind: RecordKind) -> str:
    start = DOC.index(f"### `{kind.value}`")
    end = DOC.find("\n### ", start + 1)
    return DOC[start : end if end != -1 else len(DOC)]


@pytest.mark.parametrize("kind", list(RecordKind))
def test_every_field_of_every_kind_is_documented(kind: RecordKind) -> None:
    text = section(kind)
    missing = [name for name in row_schema(kind.value).columns if f"| `{name}` |" not in text]
    assert not missing, f"{kind.value}: fields missing from docs/import-format.md: {missing}"


def test_row_numbering_and_source_hash_are_documented() -> None:
    assert "the first record is **row 2**" in DOC
    assert "sorted and concatenated" in DOC
