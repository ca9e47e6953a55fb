"""Splink 5 on Spark in local mode links like Splink on DuckDB.

The same 300 synthetic records (150 left, 150 right with 100 true pairs; seed 11) are linked on
both backends with the same schema and settings. Spark runs offline: two local threads, no UI,
the loopback interface, Splink's similarity UDF jar from the installed splink package on
``spark.jars`` (nothing is fetched), and a temporary checkpoint directory.

Without pyspark (``make install-spark``) or a Java runtime the tests are skipped with the
reason, except in CI (``CI=true``), where they fail: CI must prove the Spark backend works.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from tests.unit.linking.records import SCHEMA, two_lists
from unburied.domain.errors import ConfigurationError
from unburied.linking.candidates import BlockingRule
from unburied.linking.model import (
    SplinkModel,
    _check_similarity_udfs,
    _db_api,
    _spark_table,
    _splink_frame,
)
from unburied.linking.schema import FieldKind, FieldSpec, RecordSchema
from unburied.linking.structured import ScoredPairs

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    # pyspark 3.5 leaves the socket of every collect() to the garbage collector (SPARK-54247,
    # fixed in Spark 4.2); warnings are errors here, and this one is not ours to fix.
    pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning"),
]

#: Found pairs that are true, and true pairs found, at the 0.5 threshold (one-to-one).
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.95
#: Largest difference in match probability between the engines on a pair both score. The
#: engines sum floating point in different orders (observed: under 1e-12 on these records).
PROBABILITY_TOLERANCE = 1e-4


def _spark_missing() -> str | None:
    """Why Spark cannot run here, or None."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (make install-spark)"
    java_home = os.environ.get("JAVA_HOME")
    if java_home and Path(java_home, "bin", "java").exists():
        return None
    if shutil.which("java") is None:
        return "no Java runtime (java is not on PATH and JAVA_HOME is unset); Spark needs Java 17"
    return None


@pytest.fixture(scope="session")
def spark_runtime() -> None:
    """Skips (fails in CI) unless pyspark and a Java runtime are installed."""
    reason = _spark_missing()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the Spark tests must run)", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def spark(spark_runtime: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A local two-thread SparkSession that reaches nothing off this machine; stopped at the end."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    scratch = tmp_path_factory.mktemp("spark")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("unburied-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", "1g")
        # Forty short jobs on two cores: the quick JIT and one GC thread save about a third.
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.local.dir", str(scratch / "local"))
        .config("spark.sql.warehouse.dir", str(scratch / "warehouse"))
        .config("spark.pyspark.python", sys.executable)
        .config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(str(scratch / "checkpoints"))
    yield session
    session.stop()


@pytest.fixture(scope="module")
def both_engines(spark: Any) -> tuple[ScoredPairs, ScoredPairs, set[tuple[str, str]]]:
    """The same two lists scored on Spark and on DuckDB, and the true pairs."""
    left, right, truth = two_lists(150, seed=11)
    # One u chunk: on Spark each chunk is a job of its own, and 22,500 pairs need no chunking.
    on_spark = SplinkModel(SCHEMA, backend="spark", spark_session=spark, u_chunks=1)
    on_duckdb = SplinkModel(SCHEMA, u_chunks=1)
    return on_spark.link(left, right), on_duckdb.link(left, right), truth


def _by_pair(scored: ScoredPairs) -> dict[tuple[str, str], int]:
    """Candidate index by (left id, right id)."""
    ids = zip(
        scored.left_ids[scored.pairs[:, 0]], scored.right_ids[scored.pairs[:, 1]], strict=True
    )
    return {(str(a), str(b)): k for k, (a, b) in enumerate(ids)}


def test_splink_on_spark_finds_the_true_pairs(both_engines: Any) -> None:
    on_spark, _, truth = both_engines

    found = set(on_spark.id_pairs(on_spark.decide(0.5, one_to_one=True)))

    assert on_spark.engine == "splink-spark"
    assert len(found & truth) / len(found) >= PRECISION_FLOOR
    assert len(found & truth) / len(truth) >= RECALL_FLOOR


def test_spark_and_duckdb_accept_the_same_pairs(both_engines: Any) -> None:
    on_spark, on_duckdb, _ = both_engines

    spark_found = set(on_spark.id_pairs(on_spark.decide(0.5, one_to_one=True)))
    duckdb_found = set(on_duckdb.id_pairs(on_duckdb.decide(0.5, one_to_one=True)))

    assert spark_found == duckdb_found


def test_spark_and_duckdb_score_each_candidate_alike(both_engines: Any) -> None:
    # The comparison levels come from different code (Splink's Scala UDF jar on Spark, DuckDB's
    # own jaro_winkler and damerau_levenshtein), so the weights of levels that only non-matches
    # reach can differ a little; every candidate must still get the same levels and probability.
    on_spark, on_duckdb, _ = both_engines
    spark_pairs, duckdb_pairs = _by_pair(on_spark), _by_pair(on_duckdb)

    assert spark_pairs.keys() == duckdb_pairs.keys()
    for pair, k in spark_pairs.items():
        j = duckdb_pairs[pair]
        assert (on_spark.gammas[k] == on_duckdb.gammas[j]).all(), pair
        assert abs(on_spark.probability[k] - on_duckdb.probability[j]) <= PROBABILITY_TOLERANCE


def test_records_reach_spark_typed_with_missing_values_as_null(spark: Any) -> None:
    # The kinds the linking test above does not use, and a column with no value at all, which
    # Spark cannot infer a type for.
    schema = RecordSchema(
        id_column="id",
        fields=(
            FieldSpec("born", FieldKind.YEAR),
            FieldSpec("numbers", FieldKind.IDENTIFIER_SET),
            FieldSpec("unit", FieldKind.CODE),
        ),
        blocking=(BlockingRule(("born",)),),
    )
    records = pd.DataFrame(
        {"id": ["a", "b"], "born": ["1961", None], "numbers": ["12|40", None], "unit": [None] * 2}
    )
    frame, _ = _splink_frame(records, schema, list(schema.blocking))

    table = _spark_table(spark, frame, schema)

    assert dict(table.dtypes) == {
        "__row": "bigint",
        "born": "double",
        "numbers": "array<string>",
        "unit": "string",
        "__block0": "string",
    }
    assert [tuple(row) for row in table.orderBy("__row").collect()] == [
        (0, 1961.0, ["12", "40"], None, "1961"),
        (1, None, None, None, None),
    ]


def test_a_spark_session_without_a_checkpoint_directory_is_a_configuration_error(
    spark_runtime: None,
) -> None:
    left, right, _ = two_lists(20)
    # Just enough of a SparkSession for the model's first check.
    session = SimpleNamespace(sparkContext=SimpleNamespace(getCheckpointDir=lambda: None))

    with pytest.raises(ConfigurationError, match="needs a checkpoint directory"):
        SplinkModel(SCHEMA, backend="spark", spark_session=session).link(left, right)


def test_a_spark_session_without_the_similarity_jar_is_a_configuration_error(
    spark_runtime: None,
) -> None:
    from splink.backends.spark import similarity_jar_location

    # Just enough of a SparkSession that never had the jar: no jaro_winkler function.
    asked: list[str] = []

    def function_exists(name: str) -> bool:
        asked.append(name)
        return False

    session = SimpleNamespace(catalog=SimpleNamespace(functionExists=function_exists))

    with pytest.raises(ConfigurationError, match="similarity UDF jar") as refused:
        _check_similarity_udfs(session)

    assert asked == ["jaro_winkler"]
    assert similarity_jar_location() in str(refused.value)  # the local file to use, no download


def test_a_session_built_with_the_jar_gets_the_similarity_functions(spark: Any) -> None:
    _db_api("spark", spark)  # registers the UDFs from the jar, then checks them

    assert spark.catalog.functionExists("jaro_winkler")
    _check_similarity_udfs(spark)
