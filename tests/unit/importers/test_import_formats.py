"""CSV, JSON arrays and JSON Lines are three spellings of the same records."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from unburied.importers import ImportBatch, parse_import, row_schema
from unburied.importers.format import CSV_LIST_SEPARATOR, kind_from_name

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def example_rows() -> dict[str, list[dict[str, Any]]]:
    """The examples as plain objects (lists and booleans typed), read without the importer."""
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(EXAMPLES.iterdir()):
        kind = kind_from_name(path.name)
        if kind is None or not path.is_file():
            continue
        if path.suffix == ".csv":
            with path.open() as handle:
                out[kind.value] = [_typed(kind.value, row) for row in csv.DictReader(handle)]
        elif path.suffix == ".jsonl":
            lines = path.read_text().splitlines()
            out[kind.value] = [json.loads(line) for line in lines if line.strip()]
        else:
            out[kind.value] = json.loads(path.read_text())
    return out


def _typed(kind: str, row: dict[str, str]) -> dict[str, Any]:
    fields = row_schema(kind).fields
    typed: dict[str, Any] = {}
    for name, cell in row.items():
        if not cell:
            continue
        if fields[name].json_type == "array":
            typed[name] = cell.split(CSV_LIST_SEPARATOR)
        elif fields[name].json_type == "boolean":
            typed[name] = cell == "true"
        else:
            typed[name] = cell
    return typed


def write_as(folder: Path, suffix: str) -> Path:
    folder.mkdir()
    for kind, rows in example_rows().items():
        path = folder / f"{kind}{suffix}"
        if suffix == ".json":
            path.write_text(json.dumps(rows, indent=1))
        elif suffix == ".jsonl":
            path.write_text("".join(json.dumps(r) + "\n" for r in rows))
        else:
            columns = row_schema(kind).columns
            with path.open("w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(columns)
                for r in rows:
                    writer.writerow([_cell(r.get(c)) for c in columns])
    return folder


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # spreadsheets write booleans in capitals
    return "" if value is None else str(value)


def entities(batch: ImportBatch) -> list[tuple[str, list[Any]]]:
    return [
        (kind.value, [(r.entity, dict(r.protected), dict(r.extra)) for r in records])
        for kind, records in batch.groups()
    ]


@pytest.mark.parametrize("suffix", [".csv", ".json", ".jsonl"])
def test_each_format_yields_the_same_records_as_the_examples(suffix: str, tmp_path: Path) -> None:
    expected = entities(parse_import(EXAMPLES))
    assert entities(parse_import(write_as(tmp_path / "set", suffix))) == expected


def test_a_json_file_may_hold_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "organisations.json"
    path.write_text('{"id": "F1", "name": "Force", "kind": "police_force"}\n')
    assert parse_import(path).organisations[0].entity.id == "F1"


def test_json_null_counts_as_absent(tmp_path: Path) -> None:
    path = tmp_path / "organisations.json"
    path.write_text('[{"id": "F1", "name": "Force", "kind": "police_force", "parent": null}]')
    assert parse_import(path).organisations[0].entity.parent is None


def test_csv_cells_are_trimmed_and_a_utf8_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "organisations.csv"
    path.write_bytes("\ufeffid,name,kind\n F1 , Force ,police_force\n".encode())
    org = parse_import(path).organisations[0].entity
    assert (org.id, org.name) == ("F1", "Force")
