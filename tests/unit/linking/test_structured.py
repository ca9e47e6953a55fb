"""Structured records linked and deduplicated by our own Fellegi–Sunter linker."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.unit.linking.records import SCHEMA, two_lists
from unburied.domain.errors import InvalidInput
from unburied.linking.candidates import BlockingRule, blocked_pairs
from unburied.linking.explain import Band
from unburied.linking.schema import FieldKind, FieldSpec, RecordSchema
from unburied.linking.structured import (
    cluster_labels,
    dedupe_records,
    link_records,
    one_to_one_links,
)


def _f1(predicted: set, truth: set) -> float:
    tp = len(predicted & truth)
    return 2 * tp / (len(predicted) + len(truth))


def test_two_lists_of_the_same_people_are_linked_almost_perfectly() -> None:
    left, right, truth = two_lists()

    scored = link_records(left, right, SCHEMA)
    found = set(scored.id_pairs(scored.decide(0.5, one_to_one=True)))

    assert _f1(found, truth) >= 0.97


def test_a_list_with_duplicates_is_deduplicated_into_clusters() -> None:
    left, right, truth = two_lists()
    both = pd.concat([left, right], ignore_index=True)

    scored = dedupe_records(both, SCHEMA)
    labels = scored.clusters(0.5)
    position = {ident: k for k, ident in enumerate(scored.left_ids.tolist())}

    same = sum(labels[position[a]] == labels[position[b]] for a, b in truth)
    assert same / len(truth) >= 0.95
    assert len(set(labels.tolist())) < len(both)


def test_every_scored_link_explains_itself_field_by_field() -> None:
    left, right, _ = two_lists()
    scored = link_records(left, right, SCHEMA)

    best = scored.candidate_links(min_probability=0.99)[0]

    assert best.band is Band.AUTO
    assert "Agreed:" in best.explanation and "date of birth" in best.explanation
    assert best.to_event_data()["probability_ppm"] == round(best.probability * 1_000_000)


def test_the_same_data_gives_the_same_scores() -> None:
    left, right, _ = two_lists()

    first = link_records(left, right, SCHEMA)
    second = link_records(left, right, SCHEMA)

    assert np.array_equal(first.probability, second.probability)


def test_one_to_one_takes_the_best_pair_for_each_record() -> None:
    pairs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    probability = np.array([0.9, 0.8, 0.95, 0.6])

    chosen = one_to_one_links(pairs, probability, threshold=0.5)

    assert pairs[chosen].tolist() == [[0, 1], [1, 0]]


def test_clusters_are_connected_components_labelled_by_their_smallest_member() -> None:
    labels = cluster_labels(5, np.array([[3, 4], [1, 3]]))

    assert labels.tolist() == [0, 1, 2, 1, 1]


def test_blocking_compares_only_pairs_that_share_a_key() -> None:
    frame = pd.DataFrame({"surname": ["ash", "ash", "bell", None]})

    pairs = blocked_pairs(frame, None, [BlockingRule(("surname",))])

    assert pairs.tolist() == [[0, 1]]


def test_a_blocking_rule_with_no_keys_is_refused() -> None:
    with pytest.raises(InvalidInput, match="an empty rule compares all"):
        BlockingRule(())


def test_a_blocking_rule_with_an_unknown_transform_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown transform 'reverse'"):
        BlockingRule(("surname:reverse",))


def test_a_schema_without_blocking_is_refused() -> None:
    with pytest.raises(InvalidInput, match="at least one blocking rule"):
        RecordSchema("id", (FieldSpec("surname", FieldKind.SURNAME),), ())


def test_records_without_a_column_the_schema_reads_are_refused() -> None:
    left, right, _ = two_lists(20)

    with pytest.raises(InvalidInput, match=r"lack column\(s\) \['dob'\]"):
        link_records(left.drop(columns=["dob"]), right, SCHEMA)


def test_duplicate_record_ids_are_refused() -> None:
    left, right, _ = two_lists(20)
    left.loc[1, "id"] = left.loc[0, "id"]

    with pytest.raises(InvalidInput, match="record ids in column 'id' are not unique"):
        link_records(left, right, SCHEMA)
