"""The things a review is about: organisations, people, posts, cases, allegations, statements.

These are values (frozen dataclasses), not active records. They are what the views hold and
what the pure rules (``independence``, ``review``, ``access``) take as input. Every one of them
is derived from events; none is ever written except by appending an event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

__all__ = [
    "Accused",
    "Affiliation",
    "Allegation",
    "Assignment",
    "AssignmentRole",
    "Case",
    "Declaration",
    "EndReason",
    "Mention",
    "MentionKind",
    "Organisation",
    "OrgKind",
    "OriginalHandling",
    "Person",
    "PersonKind",
    "ReferralFlag",
    "Statement",
]


class OrgKind(StrEnum):
    """What kind of organisation; forces nest commands, commands nest units."""

    POLICE_FORCE = "police_force"
    COMMAND = "command"
    UNIT = "unit"
    INDEPENDENT_BODY = "independent_body"
    COUNCIL = "council"
    OTHER = "other"


class PersonKind(StrEnum):
    """The main capacity in which a person appears; a person's posts say the rest."""

    OFFICER = "officer"
    STAFF = "staff"
    INVESTIGATOR = "investigator"
    SURVIVOR = "survivor"
    SUSPECT = "suspect"
    WITNESS = "witness"
    OTHER = "other"


class EndReason(StrEnum):
    """Why a post ended."""

    TRANSFERRED = "transferred"
    PROMOTED = "promoted"
    RETIRED = "retired"
    RESIGNED = "resigned"
    DISMISSED = "dismissed"
    DIED = "died"
    OTHER = "other"


class ReferralFlag(StrEnum):
    """Criteria that make an allegation against an officer a mandatory referral."""

    SERIOUS_SEXUAL_OFFENCE = "serious_sexual_offence"
    SERIOUS_CORRUPTION = "serious_corruption"
    ABUSE_OF_POSITION_SEXUAL = "abuse_of_position_sexual"
    DEATH_OR_SERIOUS_INJURY = "death_or_serious_injury"
    SERIOUS_ASSAULT = "serious_assault"
    DISCRIMINATION = "discrimination"


class MentionKind(StrEnum):
    """What a mention names."""

    PERSON = "person"
    PLACE = "place"
    VEHICLE = "vehicle"


class AssignmentRole(StrEnum):
    """The role a person is given on a case."""

    INVESTIGATOR = "investigator"
    REVIEWER = "reviewer"
    INTERVIEWER = "interviewer"
    TASK = "task"


@dataclass(frozen=True)
class Organisation:
    """A police force, one of its commands or units, an independent body or a council."""

    id: str
    name: str
    kind: OrgKind
    parent: str | None = None


@dataclass(frozen=True)
class Person:
    """A person. ``pseudonym`` is what is shown; a survivor's identity is a protected field."""

    id: str
    kind: PersonKind
    pseudonym: str
    accreditations: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Affiliation:
    """A person's post in an organisation from ``start`` to ``end`` (``None``: still serving)."""

    person: str
    organisation: str
    role: str
    start: date
    end: date | None = None
    rank: str | None = None
    collar_number: str | None = None
    line_manager: str | None = None
    end_reason: EndReason | None = None

    def overlaps(self, start: date, end: date | None) -> bool:
        """True if this post was held at any time in ``[start, end]`` (``None``: open-ended)."""
        my_end = self.end or date.max
        their_end = end or date.max
        return self.start <= their_end and start <= my_end


@dataclass(frozen=True)
class OriginalHandling:
    """Who handled the matter originally, and what they decided."""

    received_by: str | None = None
    recorded_by: str | None = None
    investigated_by: str | None = None
    decided_by: str | None = None
    outcome: str | None = None
    decided_on: date | None = None


@dataclass(frozen=True)
class Case:
    """A case: reference, originating organisation, period, and how it was first handled."""

    ref: str
    originating_org: str
    period_start: date
    period_end: date | None
    offence_categories: tuple[str, ...] = ()
    historic: bool = True
    original: OriginalHandling = field(default_factory=OriginalHandling)


@dataclass(frozen=True)
class Accused:
    """Who an allegation accuses: a known person, or a mention not yet linked to one."""

    person: str | None = None
    mention: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Allegation:
    """An allegation by a complainant against one or more accused, in a case."""

    id: str
    case: str
    complainant: str
    accused: tuple[Accused, ...]
    category: str
    date_from: date | None = None
    date_to: date | None = None
    places: tuple[str, ...] = ()
    referral_flags: frozenset[ReferralFlag] = frozenset()


@dataclass(frozen=True)
class Mention:
    """A person, place or vehicle named in a statement, exactly as given ("PC Ali", "Bash")."""

    id: str
    statement: str
    case: str
    text: str
    kind: MentionKind = MentionKind.PERSON
    role: str = "named"  # suspect, witness, named
    person: str | None = None  # set only once a link is confirmed


@dataclass(frozen=True)
class Statement:
    """A statement given by a person and recorded by another. Its text is protected."""

    id: str
    case: str
    given_by: str
    recorded_by: str | None
    taken_on: date
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Declaration:
    """A declared interest of a person in a case."""

    person: str
    case: str
    reason: str


@dataclass(frozen=True)
class Assignment:
    """A person given a role, or a task, on a case; ``involves`` names people the task touches."""

    id: str
    case: str
    person: str
    role: AssignmentRole
    assigned_by: str
    at: datetime
    task: str | None = None
    involves: frozenset[str] = frozenset()
    active: bool = True
