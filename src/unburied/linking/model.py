"""The Splink model: the same :class:`RecordSchema` in, the same :class:`ScoredPairs` out.

Splink (https://moj-analytical-services.github.io/splink/) runs the Fellegi–Sunter model as SQL
on a backend. DuckDB is the default and runs in process; Spark is for national scale and is
chosen with ``backend="spark"`` and a ``spark_session``. The Spark path needs the ``spark`` extra
(``make install-spark``) and Java 17; it is tested in local mode.

    model = SplinkModel(schema)                                   # DuckDB in memory
    model = SplinkModel(schema, backend="spark", spark_session=spark)
    scored = model.link(left, right)      # or model.dedupe(frame)
    scored.decide(threshold=0.5, one_to_one=True)

The Spark session is the caller's to build, and it must be able to run offline: Splink's
string-similarity UDFs come from a jar shipped inside the splink wheel, so put that local file on
``spark.jars`` (never ``spark.jars.packages``, which downloads), and set a checkpoint directory,
where Splink writes its intermediate tables as parquet::

    from splink.backends.spark import similarity_jar_location

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.jars", similarity_jar_location())
        .getOrCreate()
    )
    spark.sparkContext.setCheckpointDir(scratch_dir)

Both linkers see identical blocking: the blocking keys are computed once, by
:func:`unburied.linking.candidates.blocking_key`, and handed to Splink as columns. Training is
Splink's usual sequence: the prior from deterministic rules, u by random sampling, m by EM on
each training block.
"""

from __future__ import annotations

import logging
import math
from typing import Any, Literal

import numpy as np
import pandas as pd

from unburied.domain.errors import ConfigurationError
from unburied.linking.candidates import BlockingRule, blocking_key
from unburied.linking.schema import FieldKind, FieldSpec, RecordSchema, prepare_frame
from unburied.linking.structured import ScoredPairs

__all__ = ["Backend", "SplinkModel"]

Backend = Literal["duckdb", "spark"]

_ROW = "__row"


def _db_api(backend: Backend, spark_session: object | None) -> Any:
    if backend == "duckdb":
        from splink.backends.duckdb import DuckDBAPI

        return DuckDBAPI()
    if backend == "spark":
        try:
            from splink.backends.spark import SparkAPI
        except ImportError as exc:  # pyspark is not a dependency
            raise ConfigurationError(
                "the Spark backend needs pyspark and a Java runtime, and pyspark is not installed"
            ) from exc
        if spark_session is None:
            raise ConfigurationError("the Spark backend needs a spark_session; none was given")
        _check_checkpoint_dir(spark_session)
        db_api = SparkAPI(spark_session=spark_session)  # type: ignore[no-untyped-call]
        _check_similarity_udfs(spark_session)
        return db_api
    raise ConfigurationError(f"linking backend {backend!r} is unknown; use 'duckdb' or 'spark'")


def _check_checkpoint_dir(spark: Any) -> None:
    # Splink writes its intermediate tables as parquet under the checkpoint directory; without
    # one it fails mid-training with Spark's own, less helpful message.
    if spark.sparkContext.getCheckpointDir() is None:
        raise ConfigurationError(
            "the Spark backend needs a checkpoint directory for Splink's intermediate tables; "
            "call spark.sparkContext.setCheckpointDir(path) before linking"
        )


def _check_similarity_udfs(spark: Any) -> None:
    # SparkAPI only logs a warning when it cannot register the UDFs, and the name comparisons
    # then fail at their first query.
    from splink.backends.spark import similarity_jar_location

    if not spark.catalog.functionExists("jaro_winkler"):
        raise ConfigurationError(
            "the Spark backend needs Splink's similarity UDF jar on the session; build it with "
            f".config('spark.jars', {similarity_jar_location()!r}) (a local file in the splink "
            "package, so nothing is downloaded)"
        )


def _comparison(spec: FieldSpec) -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    column = spec.column
    if spec.kind in (FieldKind.FORENAME, FieldKind.SURNAME):
        return cl.NameComparison(column)
    if spec.kind in (FieldKind.DATE, FieldKind.IDENTIFIER):
        return cl.DamerauLevenshteinAtThresholds(column, [1, 2])
    if spec.kind is FieldKind.YEAR:
        return cl.CustomComparison(
            [
                cll.NullLevel(column),
                cll.ExactMatchLevel(column),
                cll.AbsoluteDifferenceLevel(column, 1),
                cll.AbsoluteDifferenceLevel(column, 3),
                cll.ElseLevel(),
            ],
            output_column_name=column,
        )
    if spec.kind is FieldKind.IDENTIFIER_SET:
        return cl.ArrayIntersectAtSizes(column, [1])
    if spec.kind is FieldKind.TEXT:
        return cl.JaroWinklerAtThresholds(column, [0.9, 0.75])
    return cl.ExactMatch(column)


def _splink_frame(
    frame: pd.DataFrame, schema: RecordSchema, keys: list[BlockingRule]
) -> tuple[pd.DataFrame, np.ndarray]:
    prepared = prepare_frame(frame, schema)
    out = pd.DataFrame({_ROW: np.arange(len(prepared), dtype=np.int64)})
    for spec in schema.fields:
        values = prepared[spec.column]
        if spec.kind is FieldKind.YEAR:
            out[spec.column] = pd.to_numeric(values, errors="coerce")
        elif spec.kind is FieldKind.IDENTIFIER_SET:
            out[spec.column] = [None if pd.isna(v) else v.split("|") for v in values]
        else:
            out[spec.column] = values.astype(object).where(values.notna(), None)
    for k, rule in enumerate(keys):
        key = blocking_key(prepared, rule)
        out[f"__block{k}"] = key.astype(object).where(key.notna(), None)
    return out, prepared[schema.id_column].to_numpy(dtype=object)


def _spark_table(spark: Any, frame: pd.DataFrame, schema: RecordSchema) -> Any:
    """``frame`` (from :func:`_splink_frame`) as a Spark DataFrame with an explicit schema.

    Spark would otherwise infer types from the values, which fails on a column with no value at
    all, and pyspark 3.5's pandas path warns under pandas 2. NA and NaN become null, as in DuckDB.
    """
    from pyspark.sql import types as st

    kinds = {spec.column: spec.kind for spec in schema.fields}
    fields = []
    for column in frame.columns:
        kind = kinds.get(column)
        if column == _ROW:
            dtype: Any = st.LongType()
        elif kind is FieldKind.YEAR:
            dtype = st.DoubleType()
        elif kind is FieldKind.IDENTIFIER_SET:
            dtype = st.ArrayType(st.StringType())
        else:
            dtype = st.StringType()
        fields.append(st.StructField(column, dtype, nullable=column != _ROW))
    columns = [
        [_spark_value(v, kinds.get(c) is FieldKind.YEAR) for v in frame[c].astype(object)]
        for c in frame.columns
    ]
    return spark.createDataFrame(list(zip(*columns, strict=True)), schema=st.StructType(fields))


def _spark_value(value: Any, number: bool) -> Any:
    """A cell as Spark takes it: pandas' missing markers (NA, NaN) become null."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value) if number else value


class SplinkModel:
    """Splink on DuckDB (default) or Spark, configured from a :class:`RecordSchema`.

    ``u_sample_pairs`` caps the random pairs from which u is estimated. Splink counts them in
    ``u_chunks`` pieces and stops once every level has been seen 100 times; on Spark each piece
    is a job of its own, so ``u_chunks=1`` is much quicker for small record sets.
    """

    def __init__(
        self,
        schema: RecordSchema,
        backend: Backend = "duckdb",
        spark_session: object | None = None,
        min_probability: float = 0.01,
        u_sample_pairs: float = 2e6,
        u_chunks: int = 10,
    ) -> None:
        self.schema = schema
        self.backend = backend
        self.spark_session = spark_session
        self.min_probability = min_probability
        self.u_sample_pairs = u_sample_pairs
        self.u_chunks = u_chunks

    def link(self, left: pd.DataFrame, right: pd.DataFrame) -> ScoredPairs:
        """Score the blocked pairs between two record sets."""
        return self._run(left, right)

    def dedupe(self, frame: pd.DataFrame) -> ScoredPairs:
        """Score the blocked pairs within one record set."""
        return self._run(frame, None)

    # -- internals ------------------------------------------------------------------------------

    def _training_rules(self, rules: list[BlockingRule]) -> list[Any]:
        from splink import block_on

        training = list(self.schema.training) or list(self.schema.blocking)
        out = []
        for rule in training:
            if any(":" in key for key in rule.keys):
                out.append(block_on(f"__block{rules.index(rule)}"))
            else:
                out.append(block_on(*rule.keys))
        return out

    def _run(self, left: pd.DataFrame, right: pd.DataFrame | None) -> ScoredPairs:
        from splink import Linker, SettingsCreator, block_on

        rules = list(dict.fromkeys([*self.schema.blocking, *self.schema.training]))
        lframe, left_ids = _splink_frame(left, self.schema, rules)
        db_api = _db_api(self.backend, self.spark_session)
        if right is None:
            inputs = [db_api.register(self._table(lframe), dataset_display_name="records")]
            right_ids = left_ids
        else:
            rframe, right_ids = _splink_frame(right, self.schema, rules)
            inputs = [
                db_api.register(self._table(lframe), dataset_display_name="records_left"),
                db_api.register(self._table(rframe), dataset_display_name="records_right"),
            ]
        settings = SettingsCreator(
            link_type="dedupe_only" if right is None else "link_only",
            unique_id_column_name=_ROW,
            comparisons=[_comparison(spec) for spec in self.schema.fields],
            blocking_rules_to_generate_predictions=[
                block_on(f"__block{rules.index(rule)}") for rule in self.schema.blocking
            ],
            retain_matching_columns=True,
        )
        linker = Linker(
            inputs if right is not None else inputs[0], settings, log_level=logging.ERROR
        )
        training = self._training_rules(rules)
        linker.training.estimate_probability_two_random_records_match(training, recall=0.7)
        linker.training.estimate_u_using_random_sampling(
            max_pairs=self.u_sample_pairs, num_chunks=self.u_chunks
        )
        for rule in training:
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
        predicted = linker.inference.predict(
            threshold_match_probability=self.min_probability, warning_mode="never"
        )
        if self.backend == "spark":  # collected as rows: pyspark's toPandas warns under pandas 2
            predictions = pd.DataFrame(predicted.as_dict())
        else:
            predictions = predicted.as_pandas_dataframe()  # type: ignore[no-untyped-call]
        return self._scored(linker, predictions, left_ids, right_ids, right is None)

    def _table(self, frame: pd.DataFrame) -> Any:
        """The frame as the backend's table: pandas for DuckDB, a typed DataFrame for Spark."""
        if self.backend != "spark":
            return frame
        return _spark_table(self.spark_session, frame, self.schema)

    def _scored(
        self,
        linker: Any,
        predictions: pd.DataFrame,
        left_ids: np.ndarray,
        right_ids: np.ndarray,
        dedupe: bool,
    ) -> ScoredPairs:
        rows_l = predictions[f"{_ROW}_l"].to_numpy(np.int64)
        rows_r = predictions[f"{_ROW}_r"].to_numpy(np.int64)
        if not dedupe:  # Splink may put either dataset on the left of a pair
            swap = predictions["source_dataset_l"].to_numpy() != "records_left"
            rows_l, rows_r = np.where(swap, rows_r, rows_l), np.where(swap, rows_l, rows_r)
        comparisons = linker._settings_obj.comparisons
        labels, gammas, table = [], [], []
        for spec, comparison in zip(self.schema.fields, comparisons, strict=True):
            levels = [lvl for lvl in comparison.comparison_levels if not lvl.is_null_level]
            top = len(levels) - 1
            raw = predictions[f"gamma_{spec.column}"].to_numpy(np.int64)
            gammas.append(np.where(raw < 0, -1, top - raw).astype(np.int8))
            ordered = sorted(levels, key=lambda lvl: -lvl.comparison_vector_value)
            labels.append(tuple(_plain_label(lvl.label_for_charts) for lvl in ordered))
            table.append([_log2_bf(lvl) for lvl in ordered])
        width = max(len(row) for row in table) + 1
        weights = np.zeros((len(table), width))
        for k, row in enumerate(table):
            weights[k, : len(row)] = row
        return ScoredPairs(
            engine=f"splink-{self.backend}",
            fields=self.schema.fields,
            left_ids=left_ids,
            right_ids=right_ids,
            pairs=np.stack([rows_l, rows_r], axis=1),
            gammas=np.stack(gammas, axis=1),
            match_weight=predictions["match_weight"].to_numpy(float),
            probability=predictions["match_probability"].to_numpy(float),
            weights=weights,
            dedupe=dedupe,
            level_labels=tuple(labels),
        )


def _plain_label(label: str) -> str:
    """Splink's chart label in a reviewer's words: "Exact match on surname" -> "exact"."""
    if label.startswith("Exact match"):
        return "exact"
    if label == "All other comparisons":
        return "different"
    return label


def _log2_bf(level: Any) -> float:
    m, u = level.m_probability, level.u_probability
    if not m or not u:
        return 0.0
    return math.log2(m / u)
