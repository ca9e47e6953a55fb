"""docs/synth.md describes every ground-truth file and every preset."""

from __future__ import annotations

from pathlib import Path

import pytest

from unburied.synth import PRESETS, TruthKind

DOC = (Path(__file__).resolve().parents[3] / "docs" / "synth.md").read_text()


@pytest.mark.parametrize("kind", list(TruthKind))
def test_every_truth_file_is_documented(kind: TruthKind) -> None:
    assert f"| `{kind.value}.jsonl` |" in DOC


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_is_documented(name: str) -> None:
    assert f"| `{name}`" in DOC
