"""A synthetic operation is deterministic by seed and is a valid import file set."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from unburied.domain.errors import InvalidInput
from unburied.importers import FileFormat, parse_import
from unburied.synth import write_operation


def digest_of(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = write_operation(tmp_path / "a", "tiny", seed=7)
    second = write_operation(tmp_path / "b", "tiny", seed=7)
    assert digest_of(tmp_path / "a") == digest_of(tmp_path / "b")
    assert first.source_hash == second.source_hash
    assert len(digest_of(tmp_path / "a")) == 9 + 1 + 10  # data, manifest, truth + summary


def test_different_seed_gives_different_files(tmp_path: Path) -> None:
    first = write_operation(tmp_path / "a", "tiny", seed=7)
    second = write_operation(tmp_path / "b", "tiny", seed=8)
    assert first.source_hash != second.source_hash
    differing = [
        n for n, d in digest_of(tmp_path / "a").items() if digest_of(tmp_path / "b")[n] != d
    ]
    assert "people.csv" in differing and "statements.csv" in differing


def test_written_operation_parses_with_no_problems(tmp_path: Path) -> None:
    summary = write_operation(tmp_path / "op", "tiny", seed=3)
    batch = parse_import(tmp_path / "op")
    assert batch.counts() == dict(summary.rows)
    assert batch.source_hash == summary.source_hash
    assert batch.manifest is not None and "seed 3" in batch.manifest.source_organisation


def test_json_lines_output_parses_to_the_same_records(tmp_path: Path) -> None:
    write_operation(tmp_path / "csv", "tiny", seed=3)
    write_operation(tmp_path / "jsonl", "tiny", seed=3, fmt=FileFormat.JSONL)
    as_csv, as_jsonl = parse_import(tmp_path / "csv"), parse_import(tmp_path / "jsonl")
    for (kind, left), (_, right) in zip(as_csv.groups(), as_jsonl.groups(), strict=True):
        assert [r.entity for r in left] == [r.entity for r in right], kind
        assert [dict(r.protected) for r in left] == [dict(r.protected) for r in right], kind


def test_progress_counts_every_survivor(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_operation(tmp_path / "op", "tiny", seed=1, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (16, 16) and len(calls) == 16


def test_refuses_to_write_into_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(InvalidInput, match="is not empty"):
        write_operation(tmp_path, "tiny", seed=1)
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_refuses_an_unknown_preset(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no scale preset 'village'; presets: tiny, small"):
        write_operation(tmp_path / "op", "village", seed=1)


def test_refuses_the_json_array_format_which_cannot_stream(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="csv or jsonl"):
        write_operation(tmp_path / "op", "tiny", seed=1, fmt=FileFormat.JSON)
