"""Splink 5 on DuckDB as a linker with our schema in and our scored pairs out."""

from __future__ import annotations

import pytest

from tests.unit.linking.records import SCHEMA, two_lists
from unburied.domain.errors import ConfigurationError
from unburied.linking.explain import Band
from unburied.linking.model import SplinkModel


def test_splink_on_duckdb_links_two_small_lists_and_explains_each_link() -> None:
    left, right, truth = two_lists()

    scored = SplinkModel(SCHEMA).link(left, right)
    found = set(scored.id_pairs(scored.decide(0.5, one_to_one=True)))
    best = scored.candidate_links(0.99)[0]

    assert len(found & truth) * 2 / (len(found) + len(truth)) >= 0.95
    assert scored.engine == "splink-duckdb"
    assert best.band is Band.AUTO and "Agreed:" in best.explanation


def test_the_spark_backend_without_a_session_or_pyspark_is_a_configuration_error() -> None:
    left, right, _ = two_lists(20)

    with pytest.raises(ConfigurationError, match="Spark backend needs"):
        SplinkModel(SCHEMA, backend="spark").link(left, right)


def test_an_unknown_backend_is_a_configuration_error() -> None:
    left, right, _ = two_lists(20)

    with pytest.raises(ConfigurationError, match="linking backend 'oracle' is unknown"):
        SplinkModel(SCHEMA, backend="oracle").link(left, right)  # type: ignore[arg-type]
