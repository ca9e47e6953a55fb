"""The committed vectors are exactly what generate.py makes: regenerating changes nothing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

VECTORS = Path(__file__).resolve().parents[2] / "vectors"


def test_regenerating_the_vectors_gives_the_committed_files_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("vector_generator", VECTORS / "generate.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    monkeypatch.setattr(generator, "HERE", tmp_path)

    generator.main()

    made = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_bytes() for p in VECTORS.iterdir() if p.name in made}
    assert made, "the generator wrote nothing"
    assert set(made) == {p.name for p in VECTORS.iterdir() if p.suffix in {".txt", ".json"}}
    assert made == committed
