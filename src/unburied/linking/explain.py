"""What agreed and what did not: the evidence behind a link, its band, and its plain-English text.

Every candidate link, structured or from a statement, carries a tuple of :class:`Evidence`. Each
item says which kind of thing was compared (a surname, a nickname, a vehicle...), whether it
agreed, and how much it moved the odds (a log2 Bayes factor: +3 means the comparison made a
match 8 times more likely). :func:`band_for` places a link in one of three :class:`Band` s:

* ``auto``   probability >= 0.98 **and** either something other than a first name or nickname
  agreed (a surname, a full name, a date of birth, a collar number or other identifier), or a
  first name or nickname agreed exactly *with* context (others named, places, vehicles, the
  same complainant) and is known to belong to one man only where the statements were taken
  (:func:`rests_on_name_with_context`; the linker of mentions adds that finding as
  :attr:`EvidenceKind.NAME_USE`). A first name or a nickname alone never links anyone
  automatically, however often it recurs.
* ``review`` a possible match for a person to confirm or reject (probability >= 0.5 by default).
* ``none``   below that: no link is proposed at all.

:func:`explain` turns the evidence into the sentence a reviewer reads, e.g.::

    Probability 0.993 (auto-link). Agreed: surname 'kowalski' (exact); rank or role (both
    police). Partly agreed: forename ('stan' is a nickname of 'stanley'). Did not agree:
    vehicle ('astra' vs 'focus'). Not known on one side: date of birth.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from unburied.domain.errors import InvalidInput

__all__ = [
    "ALLEGATIONS",
    "COMPLAINANT",
    "CONTEXT",
    "IDENTIFYING",
    "NAME_USE_LABEL",
    "Band",
    "Evidence",
    "EvidenceKind",
    "Outcome",
    "Thresholds",
    "band_for",
    "explain",
    "has_identifying_agreement",
    "name_agrees_exactly",
    "recorded_identifying_agreement",
    "rests_on_name_with_context",
]


class Outcome(StrEnum):
    """How one comparison came out."""

    AGREE = "agree"
    PARTIAL = "partial"
    DISAGREE = "disagree"
    MISSING = "missing"


class EvidenceKind(StrEnum):
    """What was compared. The kinds in :data:`IDENTIFYING` can make a link automatic; a first
    name or nickname can only with :data:`CONTEXT` and an agreeing ``NAME_USE``."""

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
    NAME_USE = "name_use"  # whether other men of the same statements are known by the name
    # (the linker of mentions adds it; its reviewer's words are :data:`NAME_USE_LABEL`)
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


#: Kinds of context that, beside an exactly agreeing first name or nickname, may let a link
#: be made automatically (with the name known to belong to one man only) ...
CONTEXT: frozenset[EvidenceKind] = frozenset(
    {EvidenceKind.ASSOCIATE, EvidenceKind.PLACE, EvidenceKind.VEHICLE}
)
#: ... and the labels of two comparisons of kind OTHER that are context too: the same
#: survivor naming him in her statements, and her allegation on record accusing him.
COMPLAINANT = "complainant"
ALLEGATIONS = "allegations"
_CONTEXT_LABELS = frozenset({COMPLAINANT, ALLEGATIONS})
#: What a reviewer reads for the ``NAME_USE`` comparison.
NAME_USE_LABEL = "others known by the name"


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
    return _identifies((e.kind, e.outcome) for e in evidence)


def recorded_identifying_agreement(evidence: Iterable[Mapping[str, object]]) -> bool:
    """:func:`has_identifying_agreement` on evidence as a link event records it (``kind`` and
    ``outcome`` as words); a kind this version does not know identifies nobody."""
    return _identifies((e.get("kind"), e.get("outcome")) for e in evidence)


_AGREEING = frozenset({Outcome.AGREE, Outcome.PARTIAL})


def _identifies(compared: Iterable[tuple[object, object]]) -> bool:
    # StrEnum members equal their words, so recorded words and members are checked alike
    return any(kind in IDENTIFYING and outcome in _AGREEING for kind, outcome in compared)


def name_agrees_exactly(evidence: Iterable[Evidence]) -> bool:
    """True if a first name or nickname agreed exactly (not only as a short form)."""
    return any(
        e.kind in (EvidenceKind.FORENAME, EvidenceKind.NICKNAME) and e.outcome is Outcome.AGREE
        for e in evidence
    )


def rests_on_name_with_context(evidence: Sequence[Evidence]) -> bool:
    """True if a first name or nickname agreed exactly, context agreed too (others named,
    places, vehicles or the complainant, each for the match), and the name was found to
    belong to one man only among the men of the statements (an agreeing
    :attr:`EvidenceKind.NAME_USE`). Without all three, a first name never auto-links."""
    name = name_agrees_exactly(evidence)
    context = any(
        (e.kind in CONTEXT or (e.kind is EvidenceKind.OTHER and e.label in _CONTEXT_LABELS))
        and e.outcome in (Outcome.AGREE, Outcome.PARTIAL)
        and e.weight > 0
        for e in evidence
    )
    use = {e.outcome for e in evidence if e.kind is EvidenceKind.NAME_USE}
    return name and context and Outcome.AGREE in use and Outcome.DISAGREE not in use


def band_for(
    probability: float, evidence: Sequence[Evidence], thresholds: Thresholds | None = None
) -> Band:
    """The band of a candidate link: auto only at high probability with identifying
    agreement, or with a first name or nickname that context and its use support."""
    limits = thresholds or Thresholds()
    if probability >= limits.auto and (
        has_identifying_agreement(evidence) or rests_on_name_with_context(evidence)
    ):
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
    if probability >= Thresholds().auto and not has_identifying_agreement(evidence):
        if chosen is Band.AUTO:
            parts.append(
                "Linked automatically on a first name or nickname: context agreed too, and no "
                "other man of these statements is known by that name."
            )
        else:
            parts.append(
                "Not linked automatically: only a first name or nickname identifies the person."
            )
    return " ".join(parts)
