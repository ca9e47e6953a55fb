"""Write a synthetic operation to disk: the import file set, its manifest, and the truth.

The import files are exactly what a force would hand over (``docs/import-format.md``), so
``unburied import OUT_DIR`` reads them; ``OUT_DIR/truth/`` holds the ground truth
(``truth.py``). Rows are written as they are generated: memory stays flat however large the
operation. The same scale and seed give byte-identical files.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from unburied.domain.errors import InvalidInput
from unburied.importers.batch import combined_source_hash
from unburied.importers.format import (
    CSV_LIST_SEPARATOR,
    IMPORT_ORDER,
    MANIFEST_NAME,
    FileFormat,
    Manifest,
    ManifestFile,
    RecordKind,
    manifest_to_json,
)
from unburied.importers.schema import row_schema
from unburied.importers.sources import hash_file
from unburied.synth.operation import generate_operation
from unburied.synth.scale import Scale, scale_named
from unburied.synth.truth import TRUTH_DIR, TruthKind

__all__ = ["Summary", "write_operation"]

_SUFFIX = {FileFormat.CSV: ".csv", FileFormat.JSONL: ".jsonl"}


@dataclass(frozen=True)
class Summary:
    """What was written: where, at what scale and seed, how many rows, and the file hashes."""

    out_dir: Path
    scale: str
    seed: int
    format: FileFormat
    rows: Mapping[str, int]
    truth: Mapping[str, int]
    files: tuple[tuple[str, str], ...]
    source_hash: str

    @property
    def total_rows(self) -> int:
        """All import rows written."""
        return sum(self.rows.values())

    @property
    def cases(self) -> int:
        """Cases written."""
        return self.rows.get(RecordKind.CASES.value, 0)


class _Sink:
    """One output file, written row by row."""

    def __init__(
        self, path: Path, fmt: FileFormat, columns: tuple[str, ...] = (), *, sparse: bool = True
    ) -> None:
        self.path, self.count, self._sparse = path, 0, sparse
        self._handle: IO[str] = path.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._handle, lineterminator="\n") if fmt is FileFormat.CSV else None
        self._columns = columns
        if self._csv is not None:
            self._csv.writerow(columns)

    def write(self, row: Mapping[str, Any]) -> None:
        self.count += 1
        if self._csv is not None:
            self._csv.writerow([_cell(row.get(c)) for c in self._columns])
        else:
            if self._sparse:  # import rows: an absent field and an empty one mean the same
                row = {k: v for k, v in row.items() if v is not None and v != []}
            self._handle.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self._handle.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join(value)
    return str(value)


def write_operation(
    out_dir: str | Path,
    scale: str | Scale = "town",
    seed: int = 0,
    *,
    fmt: FileFormat = FileFormat.CSV,
    progress: Callable[[int, int], None] | None = None,
    overwrite: bool = False,
) -> Summary:
    """Generate an operation and write its import files, manifest and ground truth.

    ``scale`` is a preset name (tiny, small, town, nation) or a :class:`Scale`; ``fmt`` is CSV
    or JSON Lines; ``progress(done, total)`` counts survivors whose story is written.
    """
    chosen = scale_named(scale) if isinstance(scale, str) else scale
    if fmt not in _SUFFIX:
        raise InvalidInput(f"synthetic operations are written as csv or jsonl, not {fmt}")
    root = _prepare(Path(out_dir), overwrite)
    data = {
        k: _Sink(root / f"{k.value}{_SUFFIX[fmt]}", fmt, row_schema(k.value).columns)
        for k in IMPORT_ORDER
    }
    truth = {
        k: _Sink(root / TRUTH_DIR / f"{k.value}.jsonl", FileFormat.JSONL, sparse=False)
        for k in TruthKind
    }
    done = 0
    try:
        for kind, obj in generate_operation(chosen, seed):
            if isinstance(kind, RecordKind):
                data[kind].write(obj)
                continue
            truth[kind].write(obj)
            if kind is TruthKind.SURVIVORS and progress is not None:
                done += 1
                progress(done, chosen.survivors)
    finally:
        for sink in (*data.values(), *truth.values()):
            sink.close()
    return _finish(root, chosen, seed, fmt, data, truth)


def _prepare(root: Path, overwrite: bool) -> Path:
    if root.exists() and any(root.iterdir()) and not overwrite:
        raise InvalidInput(f"{root} is not empty; choose an empty folder or pass overwrite=True")
    (root / TRUTH_DIR).mkdir(parents=True, exist_ok=True)
    return root


def _finish(
    root: Path,
    scale: Scale,
    seed: int,
    fmt: FileFormat,
    data: Mapping[RecordKind, _Sink],
    truth: Mapping[TruthKind, _Sink],
) -> Summary:
    entries = tuple(
        ManifestFile(sink.path.name, kind, fmt, hash_file(sink.path)[0])
        for kind, sink in data.items()
    )
    manifest = Manifest(
        source_organisation=f"unburied.synth (scale {scale.name}, seed {seed})",
        description="A synthetic historic operation; no real person. Ground truth in truth/.",
        files=entries,
    )
    (root / MANIFEST_NAME).write_text(manifest_to_json(manifest), encoding="utf-8")
    summary = Summary(
        out_dir=root,
        scale=scale.name,
        seed=seed,
        format=fmt,
        rows={k.value: s.count for k, s in data.items()},
        truth={k.value: s.count for k, s in truth.items()},
        files=tuple((e.path, e.sha256 or "") for e in entries),
        source_hash=combined_source_hash(e.sha256 or "" for e in entries),
    )
    about = {
        "scale": asdict(scale),
        "seed": seed,
        "format": fmt.value,
        "rows": summary.rows,
        "truth": summary.truth,
        "source_hash": summary.source_hash,
    }
    (root / TRUTH_DIR / "summary.json").write_text(
        json.dumps(about, indent=2) + "\n", encoding="utf-8"
    )
    return summary
