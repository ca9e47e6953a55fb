"""Small synthetic structured records for the linking tests: two lists of the same people.

Names are drawn from the invented lists of :mod:`tests.unit.linking.world`. The right list
holds corrupted copies (a swapped letter, a changed digit, a nickname, a missing postcode) of
two thirds of the left list, plus people of its own. Deterministic by seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd

from tests.unit.linking.world import FIRST, LAST
from unburied.linking.candidates import BlockingRule
from unburied.linking.explain import EvidenceKind
from unburied.linking.schema import FieldKind, FieldSpec, RecordSchema

SCHEMA = RecordSchema(
    id_column="id",
    fields=(
        FieldSpec("forename", FieldKind.FORENAME),
        FieldSpec("surname", FieldKind.SURNAME),
        FieldSpec("dob", FieldKind.DATE, "date of birth", EvidenceKind.DATE_OF_BIRTH),
        FieldSpec("postcode", FieldKind.IDENTIFIER, "postcode", EvidenceKind.ADDRESS),
    ),
    blocking=(
        BlockingRule(("surname",)),
        BlockingRule(("dob",)),
        BlockingRule(("forename", "postcode")),
    ),
)


def _person(rng: random.Random, n: int) -> dict[str, object]:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(20000))
    return {
        "id": f"L{n}",
        "forename": rng.choice(FIRST),
        "surname": rng.choice(LAST),
        "dob": born.strftime("%Y%m%d"),
        "postcode": f"KL{rng.randint(1, 19)} {rng.randint(1, 9)}AB",
    }


def _corrupt(rng: random.Random, row: dict[str, object]) -> dict[str, object]:
    out = dict(row)
    roll = rng.random()
    if roll < 0.2:
        name = str(out["surname"])
        i = rng.randrange(1, len(name) - 2)
        out["surname"] = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    elif roll < 0.35:
        dob = str(out["dob"])
        out["dob"] = dob[:7] + str((int(dob[7]) + 1) % 10)
    elif roll < 0.45:
        out["postcode"] = None
    return out


def two_lists(size: int = 150, seed: int = 11) -> tuple[pd.DataFrame, pd.DataFrame, set]:
    """Left and right record lists and the true (left id, right id) pairs."""
    rng = random.Random(seed)
    left = [_person(rng, n) for n in range(size)]
    chosen = rng.sample(range(size), size * 2 // 3)
    right, truth = [], set()
    for k, n in enumerate(chosen):
        row = _corrupt(rng, left[n])
        row["id"] = f"R{k}"
        right.append(row)
        truth.add((f"L{n}", f"R{k}"))
    for k in range(len(chosen), len(chosen) + size // 3):
        row = _person(rng, 10_000 + k)
        row["id"] = f"R{k}"
        right.append(row)
    return pd.DataFrame(left), pd.DataFrame(right), truth
