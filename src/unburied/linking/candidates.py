"""Candidate links and blocking: which pairs are worth comparing, and what a scored pair holds.

Comparing every record with every other is quadratic, so both linkers first **block**: they
compare only pairs that share a key (the same surname sound, the same date of birth...).
:class:`BlockingRule` names the keys; :func:`blocked_pairs` returns the union of the pairs
every rule produces, each pair once.

A scored pair becomes a :class:`CandidateLink`: two references (record, mention or person ids),
a probability, the evidence, and the band. ``to_event_data()`` gives the payload of a
``link.proposed`` event; events carry no floats, so the probability is in parts per million.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from unburied.domain.errors import InvalidInput
from unburied.domain.events import JSONValue
from unburied.linking.explain import Band, Evidence, Thresholds, band_for, explain
from unburied.linking.names import phonetic

__all__ = [
    "BlockingRule",
    "CandidateLink",
    "blocked_pairs",
    "blocking_key",
    "link_pair",
]

_TRANSFORMS = ("soundex", "first1", "first3", "year", "last4")


@dataclass(frozen=True)
class BlockingRule:
    """Compare two records only when every key agrees. A key is ``column`` or ``column:transform``.

    Transforms: ``soundex`` (the phonetic key of a name), ``first1`` / ``first3`` (first one or
    three characters), ``year`` (first four characters of a ``YYYYMMDD`` date), ``last4``.
    """

    keys: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.keys:
            raise InvalidInput("a blocking rule needs at least one key; an empty rule compares all")
        for key in self.keys:
            _, _, transform = key.partition(":")
            if transform and transform not in _TRANSFORMS:
                raise InvalidInput(
                    f"blocking key {key!r} has unknown transform {transform!r}; "
                    f"expected one of {', '.join(_TRANSFORMS)}"
                )

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns this rule reads."""
        return tuple(key.partition(":")[0] for key in self.keys)

    def __str__(self) -> str:
        return " & ".join(self.keys)


def _transform(values: pd.Series, transform: str) -> pd.Series:
    if transform == "soundex":
        uniques = {v: phonetic(v) for v in values.dropna().unique()}
        return values.map(uniques)
    if transform == "first1":
        return values.str[:1]
    if transform == "first3":
        return values.str[:3]
    if transform == "year":
        return values.str[:4]
    if transform == "last4":
        return values.str[-4:]
    return values


def blocking_key(frame: pd.DataFrame, rule: BlockingRule) -> pd.Series:
    """The rule's key for every row: the transformed columns joined; missing if any part is."""
    parts = []
    for key in rule.keys:
        column, _, transform = key.partition(":")
        values = frame[column].astype("string")
        values = values.where(values.str.len() > 0)
        parts.append(_transform(values, transform))
    key = parts[0]
    for part in parts[1:]:
        key = key + "\x1f" + part
    return key


def _pairs_for_key(left: pd.Series, right: pd.Series | None) -> np.ndarray:
    """Pairs (i, j) of positions sharing a key; within one frame only i < j."""
    lframe = pd.DataFrame({"k": left.to_numpy(), "i": np.arange(len(left))}).dropna()
    other = left if right is None else right
    rframe = pd.DataFrame({"k": other.to_numpy(), "j": np.arange(len(other))}).dropna()
    joined = lframe.merge(rframe, on="k", how="inner", copy=False)
    i = joined["i"].to_numpy(np.int64)
    j = joined["j"].to_numpy(np.int64)
    if right is None:
        keep = i < j
        i, j = i[keep], j[keep]
    return np.stack([i, j], axis=1)


def blocked_pairs(
    left: pd.DataFrame, right: pd.DataFrame | None, rules: Sequence[BlockingRule]
) -> np.ndarray:
    """The union of pairs the rules produce, as an ``(n, 2)`` array of row positions, sorted.

    With ``right`` None the frame is deduplicated against itself and only ``i < j`` is kept.
    """
    if not rules:
        raise InvalidInput("no blocking rules given; comparing every pair is refused")
    width = len(right) if right is not None else len(left)
    codes = []
    for rule in rules:
        lkey = blocking_key(left, rule)
        rkey = blocking_key(right, rule) if right is not None else None
        pairs = _pairs_for_key(lkey, rkey)
        codes.append(pairs[:, 0] * width + pairs[:, 1])
    unique = np.unique(np.concatenate(codes)) if codes else np.empty(0, np.int64)
    return np.stack([unique // width, unique % width], axis=1)


@dataclass(frozen=True)
class CandidateLink:
    """A scored pair: ``left`` and ``right`` are ids (of records, mentions or people)."""

    left: str
    right: str
    probability: float
    evidence: tuple[Evidence, ...]
    band: Band

    @property
    def explanation(self) -> str:
        """What agreed and what did not, in plain English."""
        return explain(self.probability, self.evidence, self.band)

    @property
    def pair(self) -> frozenset[str]:
        """The two ids as an unordered pair (links are symmetric)."""
        return frozenset((self.left, self.right))

    def to_event_data(self) -> dict[str, JSONValue]:
        """The payload of a ``link.proposed`` event (probability in parts per million)."""
        evidence: list[JSONValue] = [
            {
                "kind": e.kind.value,
                "outcome": e.outcome.value,
                "detail": e.detail,
                "weight_millibits": round(e.weight * 1000),
            }
            for e in self.evidence
        ]
        return {
            "left": self.left,
            "right": self.right,
            "probability_ppm": round(self.probability * 1_000_000),
            "band": self.band.value,
            "explanation": self.explanation,
            "evidence": evidence,
        }


def link_pair(
    left: str,
    right: str,
    probability: float,
    evidence: Sequence[Evidence],
    thresholds: Thresholds | None = None,
) -> CandidateLink:
    """Build a candidate link and place it in its band."""
    items = tuple(evidence)
    return CandidateLink(left, right, probability, items, band_for(probability, items, thresholds))
