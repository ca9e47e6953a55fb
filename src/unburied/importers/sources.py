"""Find the files of an import: a folder with a manifest, a manifest, or files named by kind.

``unburied import DIR`` reads ``DIR/manifest.json`` when there is one, and otherwise every
``.csv``, ``.json``, ``.jsonl`` or ``.ndjson`` file in ``DIR`` whose name gives its kind. Files
given one by one must be named by kind too (``cases.csv``, ``statements-2004.jsonl``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from unburied.domain.errors import RowProblem
from unburied.importers.format import (
    IMPORT_ORDER,
    MANIFEST_NAME,
    FileFormat,
    Manifest,
    RecordKind,
    format_from_name,
    kind_from_name,
    manifest_problems,
    resolve_manifest_path,
)
from unburied.importers.readers import FILE_ROW, ROW_FIELD

__all__ = ["Source", "Sources", "find_sources", "hash_file"]

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Source:
    """One data file to read: where it is, what the import calls it, its kind and format."""

    path: Path
    name: str
    kind: RecordKind
    format: FileFormat
    expected_sha256: str | None = None


@dataclass
class Sources:
    """The files found, the manifest (if any), and problems finding them."""

    files: list[Source] = field(default_factory=list)
    manifest: Manifest | None = None
    problems: list[RowProblem] = field(default_factory=list)

    def in_import_order(self) -> list[Source]:
        """The files, kinds in dependency order, then as listed."""
        rank = {kind: i for i, kind in enumerate(IMPORT_ORDER)}
        return sorted(self.files, key=lambda s: rank[s.kind])


def hash_file(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size in bytes of a file."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def find_sources(paths: Iterable[Path]) -> Sources:
    """Resolve folders, manifests and single files into the data files to read."""
    found = Sources()
    for path in paths:
        if path.is_dir():
            _add_folder(found, path)
        elif path.name == MANIFEST_NAME:
            _add_manifest(found, path)
        else:
            _add_file(found, path, path.name)
    if not found.files and not found.problems:
        shown = ", ".join(str(p) for p in paths) or "(none)"
        found.problems.append(_file_problem(shown, "no import files found"))
    _name_uniquely(found)
    return found


def _file_problem(name: str, reason: str, field_name: str = ROW_FIELD) -> RowProblem:
    return RowProblem(name, FILE_ROW, field_name, reason)


def _add_folder(found: Sources, folder: Path) -> None:
    manifest = folder / MANIFEST_NAME
    if manifest.is_file():
        _add_manifest(found, manifest)
        return
    for path in sorted(folder.iterdir()):
        if path.is_file() and format_from_name(path.name) is not None:
            _add_file(found, path, path.name)


def _add_file(found: Sources, path: Path, name: str) -> None:
    if not path.is_file():
        found.problems.append(_file_problem(name, f"file not found: {path}"))
        return
    kind, fmt = kind_from_name(name), format_from_name(name)
    if kind is None:
        kinds = ", ".join(k.value for k in RecordKind)
        found.problems.append(
            _file_problem(
                name, f"the name does not say the kind of record; start it with one of: {kinds}"
            )
        )
    elif fmt is None:
        found.problems.append(
            _file_problem(name, "the name must end .csv, .json, .jsonl or .ndjson")
        )
    else:
        found.files.append(Source(path, name, kind, fmt))


def _add_manifest(found: Sources, path: Path) -> None:
    try:
        obj = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        found.problems.append(_file_problem(MANIFEST_NAME, f"the manifest cannot be read: {exc}"))
        return
    problems = manifest_problems(obj)
    if problems:
        found.problems.extend(RowProblem(MANIFEST_NAME, FILE_ROW, f, r) for f, r in problems)
        return
    manifest = Manifest.from_json(obj)
    found.manifest = manifest
    for entry in manifest.files:
        file_path = resolve_manifest_path(path.parent, entry)
        if not file_path.is_file():
            found.problems.append(
                _file_problem(entry.path, f"listed in {MANIFEST_NAME} but not found")
            )
            continue
        found.files.append(Source(file_path, entry.path, entry.kind, entry.format, entry.sha256))


def _name_uniquely(found: Sources) -> None:
    """Files from different folders may share a name; then use the path as given."""
    seen: dict[str, int] = {}
    for source in found.files:
        seen[source.name] = seen.get(source.name, 0) + 1
    found.files = [
        source
        if seen[source.name] == 1
        else Source(
            source.path, str(source.path), source.kind, source.format, source.expected_sha256
        )
        for source in found.files
    ]
