"""What agreed and what did not: the evidence behind a link, its band, and its plain-English text.

Every candidate link, structured or from a statement, carries a tuple of :class:`Evidence`. Each
item says which kind of thing was compared (a surname, a nickname, a vehicle...), whether it
agreed, and how much it moved the odds (a log2 Bayes factor: +3 means the comparison made a
match 8 times more likely). :func:`band_for` places a link in one of three :class:`Band` s:

* ``auto``   probability >= 0.98 **and** something other than a first name or nickname agreed
  (a surname, a full name, a date of birth, a collar number or other identifier). A first name
  or a nickname alone never links anyone automatically, however strong the context.
* ``review`` a possible match for a person to confirm or reject (probability >= 0.5 by default).
* ``none``   below that: no link is proposed at all.

:func:`explain` turns the evidence into the sentence a reviewer reads, e.g.::

    Probability 0.993 (auto-link). Agreed: surname 'kowalski' (exact); rank or role (both
    police). Partly agreed: forename ('stan' is a nickname of 'stanley'). Did not agree:
    vehicle ('astra' vs 'focus'). Not known on one side: date of birth.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from unburied.domain.errors import InvalidInput

__all__ = [
    "IDENTIFYING",
    "Band",
    "Evidence",
    "EvidenceKind",
    "Outcome",
    "Thresholds",
    "band_for",
    "explain",
    "has_identifying_agreement",
]


class Outcome(StrEnum):
    """How one comparison came out."""

    AGREE = "agree"
    PARTIAL = "partial"
    DISAGREE = "disagree"
    MISSING = "missing"


class EvidenceKind(StrEnum):
    """What was compared. Only the kinds in :data:`IDENTIFYING` can make a link automatic."""

    FORENAME = "forename"
    NICKNAME = "nickname"
    SURNAME = "surname"
    FULL_NAME = "full_name"
    INITIAL = "initial"
    DATE_OF_BIRTH = "date_of_birth"
    IDENTIFIER = "identifier"
    DATE = "date"
    ROLE = "role"
    ORGANISATION = "organisation"
    PLACE = "place"
    VEHICLE = "vehicle"
    ASSOCIATE = "associate"
    TIME = "time"
    DESCRIPTION = "description"
    ADDRESS = "address"
    OTHER = "other"


#: Kinds that identify a person well enough to allow an automatic link when they agree.
#: FORENAME and NICKNAME are deliberately absent: a first name or nickname alone never auto-links.
IDENTIFYING: frozenset[EvidenceKind] = frozenset(
    {
        EvidenceKind.SURNAME,
        EvidenceKind.FULL_NAME,
        EvidenceKind.DATE_OF_BIRTH,
        EvidenceKind.IDENTIFIER,
    }
)


class Band(StrEnum):
    """Where a candidate link goes: linked automatically, queued for a person, or dropped."""

    AUTO = "auto"
    REVIEW = "review"
    NONE = "none"


@dataclass(frozen=True)
class Evidence:
    """One comparison between the two sides of a candidate link.

    ``weight`` is the log2 Bayes factor the comparison contributed (positive for, negative
    against); ``detail`` says in a few words what was seen, e.g. "'stan' is a nickname of
    'stanley'". ``label`` overrides the default wording of ``kind`` (e.g. "appointment date").
    """

    kind: EvidenceKind
    outcome: Outcome
    weight: float = 0.0
    detail: str = ""
    label: str = ""

    @property
    def name(self) -> str:
        """The words a reviewer reads for what was compared."""
        return self.label or self.kind.value.replace("_", " ")

    def phrase(self) -> str:
        """This comparison in a few words, e.g. "surname ('khan', exact)"."""
        return f"{self.name} ({self.detail})" if self.detail else self.name


@dataclass(frozen=True)
class Thresholds:
    """Probability cut-offs of the bands; the auto cut-off may be raised, never set below 0.98."""

    auto: float = 0.98
    review: float = 0.5

    def __post_init__(self) -> None:
        if not 0.98 <= self.auto <= 1.0:
            raise InvalidInput(f"auto-link threshold is {self.auto}, expected 0.98 to 1.0")
        if not 0.0 < self.review < self.auto:
            raise InvalidInput(
                f"review threshold is {self.review}, expected above 0 and below {self.auto}"
            )


def has_identifying_agreement(evidence: Iterable[Evidence]) -> bool:
    """True if a surname, full name, date of birth or identifier agreed (fully or in part)."""
    return any(
        e.kind in IDENTIFYING and e.outcome in (Outcome.AGREE, Outcome.PARTIAL) for e in evidence
    )


def band_for(
    probability: float, evidence: Sequence[Evidence], thresholds: Thresholds | None = None
) -> Band:
    """The band of a candidate link: auto only at high probability with identifying agreement."""
    limits = thresholds or Thresholds()
    if probability >= limits.auto and has_identifying_agreement(evidence):
        return Band.AUTO
    if probability >= limits.review:
        return Band.REVIEW
    return Band.NONE


_BAND_WORDS = {Band.AUTO: "auto-link", Band.REVIEW: "for review", Band.NONE: "no link"}


def explain(probability: float, evidence: Sequence[Evidence], band: Band | None = None) -> str:
    """The plain-English explanation of a candidate link: what agreed and what did not."""
    chosen = band or band_for(probability, evidence)
    parts = [f"Probability {probability:.3f} ({_BAND_WORDS[chosen]})."]
    groups = (
        (Outcome.AGREE, "Agreed"),
        (Outcome.PARTIAL, "Partly agreed"),
        (Outcome.DISAGREE, "Did not agree"),
        (Outcome.MISSING, "Not known on one side"),
    )
    for outcome, heading in groups:
        items = [e.phrase() for e in evidence if e.outcome is outcome]
        if items:
            parts.append(f"{heading}: {'; '.join(items)}.")
    if (
        chosen is not Band.AUTO
        and probability >= Thresholds().auto
        and not has_identifying_agreement(evidence)
    ):
        parts.append(
            "Not linked automatically: only a first name or nickname identifies the person."
        )
    return " ".join(parts)
