"""The Fellegi–Sunter model: m- and u-probabilities per field and level, and the prior.

Trained without labels, the way Splink trains (and for the same reasons):

1. **u** (how often two *different* people agree at each level) from random pairs of records;
2. **m** (how often the *same* person agrees) by expectation–maximisation, one session per
   training block, with u held fixed and the block's own fields left out of the session (pairs
   that share a surname say nothing about how often a true match shares a surname);
3. the **prior** (the chance that two random records are the same person) by a fixed point
   over the blocked pairs: the expected number of matches among them, over all possible pairs.

A pair's match weight is then log2 of the prior odds plus log2(m/u) of each field's level.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from unburied.linking.schema import FieldSpec

__all__ = [
    "FellegiSunterModel",
    "combine_m",
    "estimate_m",
    "estimate_prior",
    "estimate_share",
    "estimate_u",
    "pattern_counts",
    "weigh_candidates",
]


@dataclass(frozen=True)
class FellegiSunterModel:
    """m- and u-probabilities per field and level, and ``prior``: P(two random records match)."""

    fields: tuple[FieldSpec, ...]
    m: tuple[tuple[float, ...], ...]
    u: tuple[tuple[float, ...], ...]
    prior: float

    def weight_table(self) -> np.ndarray:
        """log2(m/u) per field (rows) and level (columns); the last column, for missing, is 0."""
        width = max(len(f.levels) for f in self.fields)
        table = np.zeros((len(self.fields), width + 1))
        for k, (m_row, u_row) in enumerate(zip(self.m, self.u, strict=True)):
            for level, (m, u) in enumerate(zip(m_row, u_row, strict=True)):
                table[k, level] = math.log2(m / u)
        return table

    @property
    def prior_weight(self) -> float:
        """log2 of the prior odds that two random records are the same person."""
        return math.log2(self.prior / (1.0 - self.prior))

    def match_weight(self, gammas: np.ndarray) -> np.ndarray:
        """The match weight of every pair (rows of comparison levels)."""
        table = self.weight_table()
        weight = np.full(len(gammas), self.prior_weight)
        for k in range(len(self.fields)):
            weight += table[k][gammas[:, k]]
        return weight


def pattern_counts(gammas: np.ndarray, sizes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct comparison patterns and how many pairs show each."""
    if len(gammas) == 0:
        return np.empty((0, len(sizes)), np.int8), np.empty(0, np.int64)
    radix = [size + 1 for size in sizes]
    code = np.zeros(len(gammas), dtype=np.int64)
    for k, base in enumerate(radix):
        code = code * base + (gammas[:, k].astype(np.int64) + 1)
    distinct, counts = np.unique(code, return_counts=True)
    patterns = np.empty((len(distinct), len(sizes)), dtype=np.int8)
    rest = distinct.copy()
    for k in range(len(sizes) - 1, -1, -1):
        patterns[:, k] = rest % radix[k] - 1
        rest //= radix[k]
    return patterns, counts


def _proportions(levels: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    present = levels >= 0
    counts = np.bincount(levels[present], weights[present], minlength=size) + 0.5
    return np.asarray(counts / counts.sum())


def estimate_u(
    gammas: np.ndarray,
    fields: Sequence[FieldSpec],
    exact_rates: Sequence[float | None] | None = None,
) -> list[np.ndarray]:
    """u-probabilities from the comparison levels of random pairs (almost all non-matches).

    Where ``exact_rates[k]`` is given (the exact chance two random records share a value,
    computed from value frequencies), it replaces the sampled rate of level 0 and the sample
    only shares out the rest among the other levels: rare exact agreements need no huge sample.
    """
    ones = np.ones(len(gammas))
    out = []
    for k, spec in enumerate(fields):
        sampled = _proportions(gammas[:, k], ones, len(spec.levels))
        rate = exact_rates[k] if exact_rates is not None else None
        if rate is not None and len(sampled) > 1:
            rest = sampled[1:] / sampled[1:].sum()
            sampled = np.concatenate([[max(rate, 1e-12)], (1.0 - rate) * rest])
        out.append(sampled)
    return out


def _default_m(size: int) -> np.ndarray:
    m = np.full(size, 0.05 / max(size - 1, 1))
    m[0] = 0.95
    return m


def _log_likelihoods(
    patterns: np.ndarray, probabilities: Sequence[np.ndarray], use: Sequence[int]
) -> np.ndarray:
    total = np.zeros(len(patterns))
    for k in use:
        level = patterns[:, k]
        present = level >= 0
        total[present] += np.log(probabilities[k][level[present]])
    return total


def estimate_m(
    gammas: np.ndarray,
    sizes: Sequence[int],
    u: Sequence[np.ndarray],
    excluded: Sequence[int] = (),
    max_iterations: int = 50,
    tolerance: float = 1e-5,
) -> list[np.ndarray | None]:
    """m-probabilities by EM on the pairs of one training block, u fixed.

    ``sizes`` gives the number of levels of each field (column of ``gammas``).

    Fields in ``excluded`` (those the block was built on) are left out and come back as None.
    """
    patterns, counts = pattern_counts(gammas, sizes)
    use = [k for k in range(len(sizes)) if k not in set(excluded)]
    m = [_default_m(size) for size in sizes]
    weights = counts.astype(float)
    lam = 0.5
    log_u = _log_likelihoods(patterns, u, use)
    for _ in range(max_iterations):
        logit = math.log(lam) - math.log1p(-lam) + _log_likelihoods(patterns, m, use) - log_u
        post = weights / (1.0 + np.exp(-np.clip(logit, -700, 700)))
        lam = min(max(float(post.sum() / weights.sum()), 1e-9), 1 - 1e-9)
        new_m = list(m)
        for k in use:
            new_m[k] = _proportions(patterns[:, k], post, sizes[k])
        shift = max((float(np.abs(new_m[k] - m[k]).max()) for k in use), default=0.0)
        m = new_m
        if shift < tolerance:
            break
    return [m[k] if k in use else None for k in range(len(sizes))]


def combine_m(
    sessions: Sequence[Sequence[np.ndarray | None]], fields: Sequence[FieldSpec]
) -> list[np.ndarray]:
    """The mean of each field's m over the sessions that estimated it (a default if none did)."""
    combined = []
    for k, spec in enumerate(fields):
        estimates = [e for session in sessions if (e := session[k]) is not None]
        if estimates:
            combined.append(np.mean(np.stack(estimates), axis=0))
        else:
            combined.append(_default_m(len(spec.levels)))
    return combined


def estimate_prior(
    weights_without_prior: np.ndarray,
    total_pairs: int,
    floor: float = 1e-12,
    max_iterations: int = 200,
) -> float:
    """P(two random records match): a fixed point of (expected matches among blocked pairs) / all.

    Pairs left out by blocking are taken as non-matches, so this needs blocking with high recall.
    ``floor`` keeps a small corpus, whose fixed point can collapse towards zero, at a stated
    minimum.
    """
    total = max(total_pairs, 1)
    prior = min(max(len(weights_without_prior) / total / 10.0, floor), 0.5)
    for _ in range(max_iterations):
        odds = math.log2(prior / (1 - prior))
        logits = np.clip(weights_without_prior + odds, -60, 60)
        expected = float((1.0 / (1.0 + np.exp2(-logits))).sum())
        new = min(max(expected / total, floor), 0.5)
        if abs(new - prior) <= 1e-4 * prior:
            return new
        prior = new
    return prior


def estimate_share(
    evidence: np.ndarray,
    people: int,
    mentions: int,
    floor: float = 0.05,
    max_iterations: int = 500,
) -> float:
    """The share of mentions that refer to somebody on record, by EM.

    A mention refers to one of ``people`` known people (each equally likely beforehand) or to
    nobody on record. ``evidence`` holds, for each mention that has candidates, the sum over
    its candidate people of their likelihood ratios (2 to the power of each pair's weight);
    ``mentions`` counts every mention, with candidates or not. Kept within [``floor``, 0.999]:
    the register is made from the operation's own records (the accused, the officers), so a
    share of those named is on it even when a small corpus cannot show how large.
    """
    if people <= 0 or mentions <= 0:
        return 0.5
    share = 0.5
    for _ in range(max_iterations):
        mass = evidence * (share / people)
        new = float((mass / ((1.0 - share) + mass)).sum()) / mentions
        new = min(max(new, floor), 0.999)
        if abs(new - share) <= 1e-7:
            return new
        share = new
    return share


def weigh_candidates(weights: Mapping[str, float], share: float, people: int) -> dict[str, float]:
    """For one mention, the probability that it refers to each candidate known person.

    The mention refers to one of ``people`` people on record (each ``share / people``
    beforehand) or to nobody on record (``1 - share``); ``weights`` are the log2 likelihood
    ratios of its candidate pairs (people not among them are taken as not fitting at all). So
    P(Q) = a_Q / ((1 - share) + sum of a_R), with a_Q = share / people * 2^weight(Q). The
    probabilities sum to less than one: the rest is "nobody on record".
    """
    each = share / max(people, 1)
    masses = {q: each * 2.0 ** min(w, 60.0) for q, w in weights.items()}
    total = (1.0 - share) + sum(masses.values())
    return {q: mass / total for q, mass in masses.items()}
