"""Synthetic historic operations with their ground truth, deterministic by seed and streamed."""

from unburied.synth.operation import generate_operation
from unburied.synth.scale import PRESETS, Scale, scale_for_cases, scale_named
from unburied.synth.truth import TRUTH_DIR, TruthKind, read_truth
from unburied.synth.writer import Summary, write_operation

__all__ = [
    "PRESETS",
    "TRUTH_DIR",
    "Scale",
    "Summary",
    "TruthKind",
    "generate_operation",
    "read_truth",
    "scale_for_cases",
    "scale_named",
    "write_operation",
]
