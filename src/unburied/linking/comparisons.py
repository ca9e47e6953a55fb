"""Comparing two records field by field: each pair gets a level per field (0 = full agreement).

Levels are those of :data:`unburied.linking.schema.LEVELS`, best first; -1 marks a value missing
on either side. Each distinct pair of values is compared once, in bulk (``rapidfuzz``), so a
million pairs that share a thousand distinct surname pairs cost a thousand comparisons.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from rapidfuzz.process import cpdist

from unburied.linking.names import forename_forms, phonetic
from unburied.linking.schema import FieldKind, FieldSpec, RecordSchema

__all__ = ["compare_fields"]


def _similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray(cpdist(a, b, scorer=JaroWinkler.normalized_similarity, workers=-1))


def _edits(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray(cpdist(a, b, scorer=DamerauLevenshtein.distance, workers=-1))


def _forename_levels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    forms = {v: forename_forms(v) for v in set(a.tolist()) | set(b.tolist())}
    nickname = np.fromiter(
        (
            (len(x) >= 3 and len(y) >= 3 and (x.startswith(y) or y.startswith(x)))
            or y in forms[x]
            or x in forms[y]
            for x, y in zip(a.tolist(), b.tolist(), strict=True)
        ),
        dtype=bool,
        count=len(a),
    )
    lengths_a = np.fromiter((len(x) for x in a.tolist()), dtype=np.int64, count=len(a))
    lengths_b = np.fromiter((len(y) for y in b.tolist()), dtype=np.int64, count=len(b))
    initial = ((lengths_a == 1) | (lengths_b == 1)) & (
        np.asarray([x[:1] for x in a.tolist()]) == np.asarray([y[:1] for y in b.tolist()])
    )
    similar = _similarity(a, b) >= 0.92
    return np.select([initial, nickname, similar], [3, 1, 2], default=4).astype(np.int8)


def _surname_levels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    similarity = _similarity(a, b)
    sounds = {v: phonetic(v) for v in set(a.tolist()) | set(b.tolist())}
    alike = np.fromiter(
        (sounds[x] == sounds[y] for x, y in zip(a.tolist(), b.tolist(), strict=True)),
        dtype=bool,
        count=len(a),
    )
    levels = np.select([similarity >= 0.92, alike & (similarity >= 0.8)], [1, 2], default=3)
    return levels.astype(np.int8)


def _date_levels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    distance = _edits(a, b)
    swapped = np.fromiter(
        (
            x[:4] == y[:4] and x[4:6] == y[6:8] and x[6:8] == y[4:6]
            for x, y in zip(a, b, strict=True)
        ),
        dtype=bool,
        count=len(a),
    )
    levels = np.select([distance == 1, swapped, distance == 2], [1, 2, 3], default=4)
    return levels.astype(np.int8)


def _year_levels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    gap = np.abs(
        pd.to_numeric(pd.Series(a), errors="coerce").to_numpy()
        - pd.to_numeric(pd.Series(b), errors="coerce").to_numpy()
    )
    levels = np.select([gap == 0, gap == 1, gap <= 3], [0, 1, 2], default=3)
    return levels.astype(np.int8)


def _identifier_levels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray(np.minimum(_edits(a, b), 3), dtype=np.int8)


def _set_levels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    shared = np.fromiter(
        (bool(set(x.split("|")) & set(y.split("|"))) for x, y in zip(a, b, strict=True)),
        dtype=bool,
        count=len(a),
    )
    return np.where(shared, 0, 1).astype(np.int8)


def _code_levels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.ones(len(a), dtype=np.int8)


def _text_levels(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    similarity = _similarity(a, b)
    return np.select([similarity >= 0.9, similarity >= 0.75], [1, 2], default=3).astype(np.int8)


_LEVELS_OF: dict[FieldKind, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    FieldKind.FORENAME: _forename_levels,
    FieldKind.SURNAME: _surname_levels,
    FieldKind.DATE: _date_levels,
    FieldKind.YEAR: _year_levels,
    FieldKind.IDENTIFIER: _identifier_levels,
    FieldKind.IDENTIFIER_SET: _set_levels,
    FieldKind.CODE: _code_levels,
    FieldKind.TEXT: _text_levels,
}


def _compare_column(
    spec: FieldSpec, left: pd.Series, right: pd.Series, pairs: np.ndarray
) -> np.ndarray:
    """Comparison level of one column for every pair, computing each distinct value pair once."""
    both = pd.concat([left, right], ignore_index=True)
    codes, uniques = pd.factorize(both)
    lcodes = codes[: len(left)][pairs[:, 0]].astype(np.int64)
    rcodes = codes[len(left) :][pairs[:, 1]].astype(np.int64)
    out = np.full(len(pairs), -1, dtype=np.int8)
    present = (lcodes >= 0) & (rcodes >= 0)
    same = present & (lcodes == rcodes)
    out[same] = 0
    todo = present & ~same
    if todo.any():
        width = max(len(uniques), 1)
        distinct, inverse = np.unique(lcodes[todo] * width + rcodes[todo], return_inverse=True)
        values = np.asarray(uniques, dtype=object)
        levels = _LEVELS_OF[spec.kind](values[distinct // width], values[distinct % width])
        out[todo] = levels[inverse]
    return out


def compare_fields(
    left: pd.DataFrame, right: pd.DataFrame, pairs: np.ndarray, schema: RecordSchema
) -> np.ndarray:
    """The ``(pairs, fields)`` matrix of comparison levels (-1 where a value is missing)."""
    columns = [_compare_column(f, left[f.column], right[f.column], pairs) for f in schema.fields]
    return np.stack(columns, axis=1) if columns else np.empty((len(pairs), 0), np.int8)
