"""Structured records (officer rosters, nominal indexes) linked to each other and deduplicated.

This is our own linker: blocking (:mod:`unburied.linking.candidates`), field comparisons at a
few levels each (:mod:`unburied.linking.comparisons`), and a Fellegi–Sunter model trained
without labels (:mod:`unburied.linking.fellegi_sunter`). It shares its input
(:class:`~unburied.linking.schema.RecordSchema`) and its output (:class:`ScoredPairs`) with
the Splink model in :mod:`unburied.linking.model`, so the two can be swapped and measured
against each other on the same data.

    schema = RecordSchema(
        id_column="rec_id",
        fields=(FieldSpec("given_name", FieldKind.FORENAME),
                FieldSpec("surname", FieldKind.SURNAME),
                FieldSpec("date_of_birth", FieldKind.DATE, evidence=EvidenceKind.DATE_OF_BIRTH)),
        blocking=(BlockingRule(("surname:soundex",)), BlockingRule(("date_of_birth",))),
    )
    scored = link_records(left, right, schema)          # or dedupe_records(frame, schema)
    accepted = scored.decide(threshold=0.5, one_to_one=True)
    links = scored.candidate_links(min_probability=0.5)   # each with evidence and band

Comparison levels are listed best first; level 0 is full agreement, the last is disagreement,
and -1 means a value is missing on one side (it then counts neither for nor against).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from unburied.domain.errors import InvalidInput
from unburied.linking.candidates import (
    BlockingRule,
    CandidateLink,
    blocked_pairs,
    blocking_key,
    link_pair,
)
from unburied.linking.comparisons import compare_fields
from unburied.linking.explain import Evidence, Outcome, Thresholds
from unburied.linking.fellegi_sunter import (
    FellegiSunterModel,
    combine_m,
    estimate_m,
    estimate_prior,
    estimate_u,
)
from unburied.linking.schema import FieldKind, FieldSpec, RecordSchema, prepare_frame

__all__ = [
    "ScoredPairs",
    "cluster_labels",
    "dedupe_records",
    "link_records",
    "one_to_one_links",
    "train_model",
]


# --- scored pairs, decisions, explanations ----------------------------------------------------


@dataclass(frozen=True)
class ScoredPairs:
    """Every blocked pair with its comparison levels, match weight and probability.

    ``pairs`` holds row positions into ``left_ids`` and ``right_ids`` (the same array when
    deduplicating). ``weights`` is the ``(field, level)`` table of log2 Bayes factors used to
    explain a pair. Produced by :func:`link_records`, :func:`dedupe_records` and by
    :class:`unburied.linking.model.SplinkModel`.
    """

    engine: str
    fields: tuple[FieldSpec, ...]
    left_ids: np.ndarray
    right_ids: np.ndarray
    pairs: np.ndarray
    gammas: np.ndarray
    match_weight: np.ndarray
    probability: np.ndarray
    weights: np.ndarray
    dedupe: bool
    level_labels: tuple[tuple[str, ...], ...] = field(default=())
    model: FellegiSunterModel | None = None

    def __len__(self) -> int:
        return len(self.pairs)

    def decide(self, threshold: float = 0.5, one_to_one: bool = False) -> np.ndarray:
        """Positions (into ``pairs``) of the pairs accepted as links at ``threshold``.

        With ``one_to_one`` each record links to at most one on the other side: pairs are taken
        best first and a pair is skipped once either record is taken (for linking two lists in
        which nobody appears twice, e.g. two rosters).
        """
        if one_to_one:
            return one_to_one_links(self.pairs, self.probability, threshold)
        return np.flatnonzero(self.probability >= threshold)

    def id_pairs(self, accepted: np.ndarray) -> list[tuple[str, str]]:
        """The accepted pairs as (left id, right id)."""
        chosen = self.pairs[accepted]
        lefts = self.left_ids[chosen[:, 0]].tolist()
        return list(zip(lefts, self.right_ids[chosen[:, 1]].tolist(), strict=True))

    def evidence(self, position: int) -> tuple[Evidence, ...]:
        """The evidence of one pair: every field's level, outcome and weight."""
        labels = self.level_labels or tuple(f.levels for f in self.fields)
        items = []
        for k, spec in enumerate(self.fields):
            level = int(self.gammas[position, k])
            if level < 0:
                items.append(Evidence(spec.evidence_kind, Outcome.MISSING, 0.0, "", spec.label))
                continue
            last = len(labels[k]) - 1
            outcome = (
                Outcome.AGREE
                if level == 0
                else Outcome.DISAGREE
                if level == last
                else Outcome.PARTIAL
            )
            weight = float(self.weights[k, level])
            items.append(
                Evidence(spec.evidence_kind, outcome, weight, labels[k][level], spec.label)
            )
        return tuple(items)

    def candidate_link(self, position: int, thresholds: Thresholds | None = None) -> CandidateLink:
        """One scored pair as a candidate link with evidence and band."""
        i, j = self.pairs[position]
        return link_pair(
            str(self.left_ids[i]),
            str(self.right_ids[j]),
            float(self.probability[position]),
            self.evidence(position),
            thresholds,
        )

    def candidate_links(
        self, min_probability: float = 0.5, thresholds: Thresholds | None = None
    ) -> list[CandidateLink]:
        """Candidate links for every pair at or above ``min_probability``, best first."""
        chosen = np.flatnonzero(self.probability >= min_probability)
        order = chosen[np.argsort(-self.probability[chosen], kind="stable")]
        return [self.candidate_link(int(p), thresholds) for p in order]

    def clusters(self, threshold: float = 0.5) -> np.ndarray:
        """Cluster label of every record (deduplication): connected components of accepted pairs."""
        if not self.dedupe:
            raise InvalidInput("clusters are for deduplication; for linking use decide()")
        accepted = self.pairs[self.probability >= threshold]
        return cluster_labels(len(self.left_ids), accepted)


def one_to_one_links(pairs: np.ndarray, probability: np.ndarray, threshold: float) -> np.ndarray:
    """Greedy best-first one-to-one assignment of pairs at or above ``threshold``."""
    chosen = np.flatnonzero(probability >= threshold)
    order = chosen[np.lexsort((pairs[chosen, 1], pairs[chosen, 0], -probability[chosen]))]
    used_left: set[int] = set()
    used_right: set[int] = set()
    kept = []
    for position in order.tolist():
        i, j = int(pairs[position, 0]), int(pairs[position, 1])
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        kept.append(position)
    return np.asarray(sorted(kept), dtype=np.int64)


def cluster_labels(size: int, edges: np.ndarray) -> np.ndarray:
    """Connected components of ``size`` nodes joined by ``edges``, labelled by smallest member."""
    parent = np.arange(size)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = int(parent[x])
        return x

    for a, b in edges.tolist():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.fromiter((find(x) for x in range(size)), dtype=np.int64, count=size)


# --- training and the entry points -------------------------------------------------------------


def _random_pairs(n_left: int, n_right: int, dedupe: bool, size: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    i = rng.integers(0, n_left, size)
    j = rng.integers(0, n_right, size)
    if dedupe:
        keep = i != j
        i, j = np.minimum(i[keep], j[keep]), np.maximum(i[keep], j[keep])
    return np.stack([i, j], axis=1)


def _rule_mask(
    left: pd.DataFrame, right: pd.DataFrame, pairs: np.ndarray, rule: BlockingRule
) -> np.ndarray:
    """Which of ``pairs`` share the rule's key."""
    lkey, rkey = blocking_key(left, rule), blocking_key(right, rule)
    codes, _ = pd.factorize(pd.concat([lkey, rkey], ignore_index=True))
    a, b = codes[: len(lkey)][pairs[:, 0]], codes[len(lkey) :][pairs[:, 1]]
    return np.asarray((a >= 0) & (a == b))


def _session_gammas(
    left: pd.DataFrame,
    right: pd.DataFrame,
    pairs: np.ndarray,
    gammas: np.ndarray,
    rule: BlockingRule,
    schema: RecordSchema,
    dedupe: bool,
) -> np.ndarray:
    """Comparison levels of the pairs a training rule selects (a subset if it blocks too)."""
    if rule in schema.blocking:
        return np.asarray(gammas[_rule_mask(left, right, pairs, rule)])
    chosen = blocked_pairs(left, None if dedupe else right, [rule])
    return compare_fields(left, right, chosen, schema)


def _term_frequency_weights(
    spec: FieldSpec, left: pd.Series, right: pd.Series, pairs: np.ndarray, gamma: np.ndarray
) -> np.ndarray:
    """Extra log2 weight for exact agreement on a rare value (negative for a common one).

    As in Splink: log2(u_exact / tf(value)), where u_exact is the chance two random records agree
    on this field and tf(value) the share of records holding the value.
    """
    both = pd.concat([left, right], ignore_index=True)
    frequency = both.value_counts(normalize=True)
    average = float((frequency**2).sum())
    extra = np.zeros(len(pairs))
    exact = gamma == 0
    if exact.any():
        values = left.to_numpy(dtype=object)[pairs[exact, 0]]
        tf = pd.Series(values).map(frequency).to_numpy(dtype=float)
        extra[exact] = np.clip(np.log2(average / tf), -8.0, 8.0)
    return extra


def _exact_rate(left: pd.Series, right: pd.Series, spec: FieldSpec) -> float | None:
    """The chance that two random records with a value share it: sum over v of pL(v) * pR(v)."""
    if spec.kind is FieldKind.IDENTIFIER_SET:
        return None
    pl = left.value_counts(normalize=True)
    pr = right.value_counts(normalize=True)
    shared = pl.index.intersection(pr.index)
    return float((pl[shared] * pr[shared]).sum())


def train_model(
    left: pd.DataFrame,
    right: pd.DataFrame,
    pairs: np.ndarray,
    gammas: np.ndarray,
    schema: RecordSchema,
    dedupe: bool,
    u_sample_pairs: int = 100_000,
    seed: int = 0,
) -> FellegiSunterModel:
    """Train m, u and the prior on prepared records and their blocked, compared pairs."""
    sample = _random_pairs(len(left), len(right), dedupe, u_sample_pairs, seed)
    rates = [_exact_rate(left[f.column], right[f.column], f) for f in schema.fields]
    u = estimate_u(compare_fields(left, right, sample, schema), schema.fields, rates)
    sessions = []
    for rule in schema.training or schema.blocking:
        session_gammas = _session_gammas(left, right, pairs, gammas, rule, schema, dedupe)
        excluded = [k for k, f in enumerate(schema.fields) if f.column in rule.columns]
        sizes = [len(f.levels) for f in schema.fields]
        sessions.append(estimate_m(session_gammas, sizes, u, excluded))
    m = combine_m(sessions, schema.fields)
    provisional = FellegiSunterModel(
        schema.fields, tuple(map(tuple, m)), tuple(map(tuple, u)), prior=0.5
    )
    total = len(left) * (len(left) - 1) // 2 if dedupe else len(left) * len(right)
    prior = estimate_prior(provisional.match_weight(gammas), total)
    return FellegiSunterModel(
        schema.fields,
        tuple(tuple(float(x) for x in row) for row in m),
        tuple(tuple(float(x) for x in row) for row in u),
        prior=prior,
    )


def _score(
    left: pd.DataFrame, right: pd.DataFrame | None, schema: RecordSchema, u_sample_pairs: int
) -> ScoredPairs:
    dedupe = right is None
    lprep = prepare_frame(left, schema)
    rprep = lprep if right is None else prepare_frame(right, schema)
    pairs = blocked_pairs(lprep, None if dedupe else rprep, schema.blocking)
    gammas = compare_fields(lprep, rprep, pairs, schema)
    model = train_model(lprep, rprep, pairs, gammas, schema, dedupe, u_sample_pairs)
    weight = model.match_weight(gammas)
    for k, spec in enumerate(schema.fields):
        if spec.term_frequency:
            weight += _term_frequency_weights(
                spec, lprep[spec.column], rprep[spec.column], pairs, gammas[:, k]
            )
    probability = 1.0 / (1.0 + np.exp2(-np.clip(weight, -60, 60)))
    return ScoredPairs(
        engine="unburied",
        fields=schema.fields,
        left_ids=lprep[schema.id_column].to_numpy(dtype=object),
        right_ids=rprep[schema.id_column].to_numpy(dtype=object),
        pairs=pairs,
        gammas=gammas,
        match_weight=weight,
        probability=probability,
        weights=model.weight_table(),
        dedupe=dedupe,
        model=model,
    )


def link_records(
    left: pd.DataFrame, right: pd.DataFrame, schema: RecordSchema, u_sample_pairs: int = 100_000
) -> ScoredPairs:
    """Score every blocked pair between two record sets (e.g. two rosters) with our linker."""
    return _score(left, right, schema, u_sample_pairs)


def dedupe_records(
    frame: pd.DataFrame, schema: RecordSchema, u_sample_pairs: int = 100_000
) -> ScoredPairs:
    """Score every blocked pair within one record set (e.g. a nominal index) with our linker."""
    return _score(frame, None, schema, u_sample_pairs)
