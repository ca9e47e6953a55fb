"""The ground truth of a synthetic operation, written beside the data in ``truth/``.

Each file is JSON Lines, one object per line (``docs/synth.md`` lists every field):

* ``mentions.jsonl``: which person, place or vehicle each mention truly refers to;
* ``networks.jsonl`` and ``membership.jsonl``: networks, and person → network;
* ``places.jsonl``, ``vehicles.jsonl``: the places and vehicles mentions refer to;
* ``survivors.jsonl``: each survivor's network, abusers and cases;
* ``repeat_perpetrators.jsonl``: people truly named as suspects by two or more survivors;
* ``officer_ties.jsonl``: corrupt officers' ties to networks, with the evidence in the data;
* ``conflicted_closures.jsonl``: legacy closures decided by someone named in the case, or tied
  to a network named in it, and why.

Linking, corroboration and the independence review are scored against these files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeAlias

from unburied.importers.format import RecordKind

__all__ = ["TRUTH_DIR", "Emitted", "ForceTruth", "TruthKind", "read_truth"]

TRUTH_DIR = "truth"


class TruthKind(StrEnum):
    """A ground-truth file."""

    MENTIONS = "mentions"
    NETWORKS = "networks"
    MEMBERSHIP = "membership"
    PLACES = "places"
    VEHICLES = "vehicles"
    SURVIVORS = "survivors"
    REPEAT_PERPETRATORS = "repeat_perpetrators"
    OFFICER_TIES = "officer_ties"
    CONFLICTED_CLOSURES = "conflicted_closures"


#: What the generator yields: an import row of a record kind, or a ground-truth object.
Emitted: TypeAlias = tuple[RecordKind | TruthKind, dict[str, Any]]


@dataclass
class ForceTruth:
    """Truth gathered while one force's story is generated, written when the force is done."""

    named_by: dict[str, set[str]] = field(default_factory=dict)  # person -> survivors
    named_in: dict[str, set[str]] = field(default_factory=dict)  # person -> cases
    kind_of: dict[str, str] = field(default_factory=dict)  # person -> suspect / officer
    ties: dict[tuple[str, str, str], dict[str, list[str]]] = field(default_factory=dict)

    def suspect_named(self, person: str, kind: str, survivor: str, case: str) -> None:
        """Note that ``survivor`` named ``person`` as a suspect in ``case``."""
        self.named_by.setdefault(person, set()).add(survivor)
        self.named_in.setdefault(person, set()).add(case)
        self.kind_of[person] = kind

    def tie(self, officer: str, network: str, tie: str) -> dict[str, list[str]]:
        """The evidence list of one officer–network tie (created empty on first use)."""
        return self.ties.setdefault((officer, network, tie), {"mentions": [], "cases": []})

    def repeat_perpetrators(self, networks: dict[str, str]) -> Iterator[Emitted]:
        """People named as suspects by two or more survivors, most-named first."""
        repeated = [(p, s) for p, s in self.named_by.items() if len(s) >= 2]
        for person, survivors in sorted(repeated, key=lambda ps: (-len(ps[1]), ps[0])):
            yield (
                TruthKind.REPEAT_PERPETRATORS,
                {
                    "person": person,
                    "kind": self.kind_of[person],
                    "network": networks.get(person),
                    "survivors": sorted(survivors),
                    "cases": sorted(self.named_in[person]),
                },
            )

    def officer_ties(self) -> Iterator[Emitted]:
        """Every tie that has evidence in the data, in a stable order."""
        for (officer, network, tie), evidence in sorted(self.ties.items()):
            if evidence["mentions"] or evidence["cases"]:
                yield (
                    TruthKind.OFFICER_TIES,
                    {
                        "officer": officer,
                        "network": network,
                        "tie": tie,
                        "evidence": {k: sorted(set(v)) for k, v in evidence.items()},
                    },
                )


def read_truth(out_dir: str | Path, kind: TruthKind | str) -> Iterator[dict[str, Any]]:
    """Read one ground-truth file of a written operation, object by object."""
    path = Path(out_dir) / TRUTH_DIR / f"{TruthKind(kind).value}.jsonl"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
