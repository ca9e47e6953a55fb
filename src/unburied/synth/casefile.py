"""One case as the generator builds it, its allegations, and the truth about it.

A :class:`CaseFile` collects a case's statement and mention rows while they are written; once
complete, :func:`allegation_rows` draws the allegations from its mentions and
:func:`case_truth` records who each mention truly names, the evidence of officers' ties, and
whether its closure was conflicted.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from unburied.importers.format import RecordKind
from unburied.synth.people import Network, Survivor
from unburied.synth.tables import CLOSING_OUTCOMES
from unburied.synth.text import Said
from unburied.synth.truth import Emitted, ForceTruth, TruthKind
from unburied.synth.world import Officer

__all__ = [
    "CaseFile",
    "Corrupt",
    "Duties",
    "Handling",
    "allegation_rows",
    "case_truth",
    "conflicted_closure",
]


@dataclass(frozen=True)
class Corrupt:
    """A corrupt officer, the network he is tied to, how, and whether he closes its cases."""

    officer: Officer
    network: Network
    tie: str
    closes: bool


@dataclass(frozen=True)
class Handling:
    """How a case was first handled."""

    unit: str
    received_by: str | None
    recorded_by: str | None
    investigated_by: str | None
    decided_by: str | None
    outcome: str | None
    decided_on: date | None


@dataclass
class Duties:
    """What a survivor's case must contain so that every planted scenario is in the data."""

    members: list[Corrupt] = field(default_factory=list)
    tip_offs: list[Corrupt] = field(default_factory=list)
    recorder: Corrupt | None = None  # the leaker records this case
    leak: Corrupt | None = None  # this case's statement tells of the leaked address
    closer: Corrupt | None = None

    @property
    def suspicious(self) -> bool:
        """True if a corrupt officer records or decides the case (statements go missing more)."""
        return self.closer is not None or self.recorder is not None


@dataclass
class CaseFile:
    """One case being built: its rows, its mentions and the truth about them."""

    ref: str
    survivor: Survivor
    handling: Handling
    opened: date
    first_report: date
    rows: list[Emitted] = field(default_factory=list)
    said: list[tuple[str, Said]] = field(default_factory=list)  # (mention id, mention)
    lost: list[str] = field(default_factory=list)


def allegation_rows(
    case: CaseFile, rng: random.Random, next_id: Callable[[str], str]
) -> Iterator[Emitted]:
    """The survivor's allegation against those she names, and one of misconduct if an officer
    is named as tipping off the network or leaking her address."""
    s = case.survivor
    suspects, officers, misconduct = _accused(case)
    accused_persons = [p for m, p in suspects if rng.random() < 0.3]  # identified by the police
    accused_mentions = [m for m, p in suspects if p not in accused_persons] + officers
    unknown = rng.random() < 0.08 or not (accused_persons or accused_mentions)
    yield (
        RecordKind.ALLEGATIONS,
        {
            "id": next_id("AL"),
            "case": case.ref,
            "complainant": s.id,
            "accused_persons": accused_persons,
            "accused_mentions": accused_mentions,
            "accused_descriptions": ["a man she did not know"] if unknown else [],
            "accused_described_as_officer": officers,
            "category": "child_sexual_exploitation",
            "date_from": s.abuse_from.isoformat(),
            "date_to": s.abuse_to.isoformat(),
            "places": list(
                dict.fromkeys(said.text for _, said in case.said if said.kind == "place")
            ),
            "referral_flags": ["serious_sexual_offence"]
            + (["abuse_of_position_sexual"] if officers else []),
        },
    )
    if misconduct:
        yield (
            RecordKind.ALLEGATIONS,
            {
                "id": next_id("AL"),
                "case": case.ref,
                "complainant": s.id,
                "accused_mentions": misconduct,
                "accused_described_as_officer": misconduct,
                "category": "misconduct_in_public_office",
                "date_from": s.abuse_from.isoformat(),
                "date_to": case.opened.isoformat(),
                "referral_flags": ["serious_corruption"],
            },
        )


def _accused(case: CaseFile) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """The first mention of each person named: suspects, officers accused, officers named."""
    suspects: list[tuple[str, str]] = []
    officers: list[str] = []
    misconduct: list[str] = []
    seen: set[str] = set()
    for mention, said in case.said:
        if said.kind != "person" or said.refers_to in seen or said.role == "witness":
            continue
        seen.add(said.refers_to)
        if "-OF-" in said.refers_to:
            (officers if said.role == "suspect" else misconduct).append(mention)
        elif said.role == "suspect":
            suspects.append((mention, said.refers_to))
    return suspects, officers, misconduct


def case_truth(
    case: CaseFile, corrupt: Mapping[str, Corrupt], truth: ForceTruth
) -> Iterator[Emitted]:
    """Truth lines for the case's mentions and closure; ties and naming are noted in ``truth``."""
    for mention, said in case.said:
        yield (
            TruthKind.MENTIONS,
            {
                "mention": mention,
                "case": case.ref,
                "kind": said.kind,
                "role": said.role,
                "refers_to": said.refers_to,
                "style": said.style,
            },
        )
        if said.kind == "person" and said.role == "suspect":
            kind = "officer" if said.refers_to in corrupt else "suspect"
            truth.suspect_named(said.refers_to, kind, case.survivor.id, case.ref)
        _mention_evidence(case, mention, said, corrupt, truth)
    recorder = corrupt.get(case.handling.recorded_by or "")
    if recorder is not None and recorder.tie == "leaked_address" and _tied(recorder, case):
        truth.tie(recorder.officer.id, recorder.network.id, recorder.tie)["cases"].append(case.ref)
    closure = conflicted_closure(case, corrupt, truth)
    if closure is not None:
        yield TruthKind.CONFLICTED_CLOSURES, closure


def _tied(officer: Corrupt | None, case: CaseFile) -> bool:
    return officer is not None and officer.network is case.survivor.network


def _mention_evidence(
    case: CaseFile, mention: str, said: Said, corrupt: Mapping[str, Corrupt], truth: ForceTruth
) -> None:
    """A mention of a tied officer, or of the leaked placement, is evidence of his tie."""
    if said.style == "placement":
        network = case.survivor.network
        leaker = next(
            c for c in corrupt.values() if c.network is network and c.tie == "leaked_address"
        )
        truth.tie(leaker.officer.id, network.id, leaker.tie)["mentions"].append(mention)
        return
    officer = corrupt.get(said.refers_to)
    if officer is not None and _tied(officer, case):
        truth.tie(officer.officer.id, officer.network.id, officer.tie)["mentions"].append(mention)


def conflicted_closure(
    case: CaseFile, corrupt: Mapping[str, Corrupt], truth: ForceTruth
) -> dict[str, Any] | None:
    """Why the case's closure was conflicted, or None: the decider is named in the case, or is
    tied to a network whose members it names."""
    h = case.handling
    if h.decided_by is None or h.outcome not in CLOSING_OUTCOMES:
        return None
    reasons: list[dict[str, Any]] = []
    named = [m for m, said in case.said if said.refers_to == h.decided_by]
    if named:
        reasons.append({"reason": "decider_named_in_case", "mentions": named})
    tied = corrupt.get(h.decided_by)
    if tied is not None:
        network = tied.network
        members = {m.id for m in network.members}
        members |= {o for o, t in network.officers if t == "member"}
        members.discard(h.decided_by)
        associates = [m for m, said in case.said if said.refers_to in members]
        if associates:
            reasons.append(
                {
                    "reason": "decider_tied_to_named_network",
                    "network": network.id,
                    "tie": tied.tie,
                    "mentions": associates,
                }
            )
            tie = tied.tie if tied.tie == "protection" else "closed_cases"
            truth.tie(tied.officer.id, network.id, tie)["cases"].append(case.ref)
    if not reasons:
        return None
    return {
        "case": case.ref,
        "decided_by": h.decided_by,
        "outcome": h.outcome,
        "decided_on": h.decided_on.isoformat() if h.decided_on else None,
        "reasons": reasons,
        "lost_statements": case.lost,
    }
