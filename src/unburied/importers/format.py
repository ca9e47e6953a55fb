"""The historic import format: record kinds, their order, file naming and the manifest.

An import is a set of files, one kind of record per file, each in CSV (with a header), JSON (an
array of objects) or JSON Lines (one object per line). ``manifest.json`` says which file holds
which kind; without one, a file's kind is read from its name (``cases.csv``,
``statements-2004.jsonl``). ``docs/import-format.md`` describes every field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any

from jsonschema import Draft202012Validator

from unburied.importers.schema import load_schema

__all__ = [
    "CSV_LIST_SEPARATOR",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "IMPORT_ORDER",
    "MANIFEST_NAME",
    "FileFormat",
    "Manifest",
    "ManifestFile",
    "RecordKind",
    "format_from_name",
    "kind_from_name",
    "manifest_problems",
    "manifest_to_json",
    "resolve_manifest_path",
]

FORMAT_NAME = "unburied-import"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
#: Lists in a CSV cell (accused, places, flags, offence categories) are separated by this.
CSV_LIST_SEPARATOR = ";"


class RecordKind(StrEnum):
    """A kind of record; each file holds exactly one kind."""

    ORGANISATIONS = "organisations"
    PEOPLE = "people"
    AFFILIATIONS = "affiliations"
    ACCREDITATIONS = "accreditations"
    CASES = "cases"
    DECLARATIONS = "declarations"
    STATEMENTS = "statements"
    MENTIONS = "mentions"
    ALLEGATIONS = "allegations"


#: The order in which records can be written: each kind refers only to kinds before it.
IMPORT_ORDER: tuple[RecordKind, ...] = tuple(RecordKind)


class FileFormat(StrEnum):
    """How a file is written."""

    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"


_SUFFIXES = {".csv": FileFormat.CSV, ".json": FileFormat.JSON, ".jsonl": FileFormat.JSONL}
_SUFFIXES[".ndjson"] = FileFormat.JSONL


def format_from_name(name: str) -> FileFormat | None:
    """The file format its name says (``.csv``, ``.json``, ``.jsonl``/``.ndjson``), or None."""
    return _SUFFIXES.get(PurePosixPath(name).suffix.lower())


def kind_from_name(name: str) -> RecordKind | None:
    """The record kind a file name says: ``cases.csv``, ``cases-2004.csv``, ``cases_part2.json``."""
    stem = PurePosixPath(name).stem.lower()
    for kind in RecordKind:
        if stem == kind.value or stem.startswith((f"{kind.value}-", f"{kind.value}_")):
            return kind
    return None


@dataclass(frozen=True)
class ManifestFile:
    """One entry of the manifest: a relative path, its kind, its format, and optionally a hash."""

    path: str
    kind: RecordKind
    format: FileFormat
    sha256: str | None = None


@dataclass(frozen=True)
class Manifest:
    """``manifest.json``: who supplied the files and which file holds what."""

    source_organisation: str
    files: tuple[ManifestFile, ...]
    description: str | None = None
    format_version: int = FORMAT_VERSION

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> Manifest:
        """Build from a manifest object already checked by :func:`manifest_problems`."""
        files = tuple(
            ManifestFile(
                path=f["path"],
                kind=RecordKind(f["kind"]),
                format=FileFormat(f.get("format") or format_from_name(f["path"]) or "csv"),
                sha256=f.get("sha256"),
            )
            for f in obj["files"]
        )
        return cls(
            source_organisation=obj["source_organisation"],
            files=files,
            description=obj.get("description"),
            format_version=obj["format_version"],
        )


def manifest_to_json(manifest: Manifest) -> str:
    """The manifest as stable, indented JSON text (keys in a fixed order, one trailing newline)."""
    obj: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": manifest.format_version,
        "source_organisation": manifest.source_organisation,
    }
    if manifest.description:
        obj["description"] = manifest.description
    obj["files"] = [_file_json(f) for f in manifest.files]
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def _file_json(entry: ManifestFile) -> dict[str, str]:
    out = {"path": entry.path, "kind": entry.kind.value, "format": entry.format.value}
    if entry.sha256:
        out["sha256"] = entry.sha256
    return out


def manifest_problems(obj: object) -> list[tuple[str, str]]:
    """Every problem with a parsed manifest, as ``(field, reason)``; empty if it is sound."""
    validator = Draft202012Validator(load_schema("manifest"))
    problems = [
        (_json_path(err.absolute_path), err.message)
        for err in sorted(validator.iter_errors(obj), key=lambda e: list(e.absolute_path))
    ]
    if problems or not isinstance(obj, dict):
        return problems
    for i, entry in enumerate(obj["files"]):
        problems.extend(_entry_problems(i, entry))
    return problems


def _entry_problems(i: int, entry: Mapping[str, Any]) -> list[tuple[str, str]]:
    where = f"files[{i}]"
    path = PurePosixPath(entry["path"])
    problems = []
    if path.is_absolute() or ".." in path.parts or "\\" in entry["path"]:
        problems.append((f"{where}.path", f"'{path}' must be a relative path inside the folder"))
    if "format" not in entry and format_from_name(entry["path"]) is None:
        problems.append(
            (f"{where}.format", f"'{path}' has no .csv, .json or .jsonl suffix; give 'format'")
        )
    return problems


def _json_path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(manifest)"


def resolve_manifest_path(folder: Path, entry: ManifestFile) -> Path:
    """Where a manifest entry's file is on disk."""
    return folder.joinpath(*PurePosixPath(entry.path).parts)
