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
    "RANK_LEVELS",
    "Accused",
    "Actor",
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
    "Role",
    "Statement",
    "rank_level",
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


class Role(StrEnum):
    """The role an actor acts in; ``unburied.access.roles`` says what each role may do."""

    REVIEW_LEAD = "review_lead"
    INVESTIGATOR = "investigator"
    REVIEWER = "reviewer"
    INTERVIEWER = "interviewer"
    OVERSIGHT = "oversight"
    SURVIVOR = "survivor"
    SOLICITOR = "solicitor"
    PUBLIC = "public"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """Who is acting: a person id and the role they act in. Every service call takes one."""

    id: str
    role: Role


#: Police ranks in order of seniority (England and Wales; Metropolitan Police equivalents share
#: a level). "Detective", "acting" and "temporary" prefixes do not change the level.
RANK_LEVELS: dict[str, int] = {
    "constable": 1,
    "pc": 1,
    "dc": 1,
    "sergeant": 2,
    "ps": 2,
    "ds": 2,
    "inspector": 3,
    "di": 3,
    "chief inspector": 4,
    "ci": 4,
    "dci": 4,
    "superintendent": 5,
    "supt": 5,
    "chief superintendent": 6,
    "ch supt": 6,
    "dcs": 6,
    "commander": 7,
    "assistant chief constable": 7,
    "acc": 7,
    "deputy assistant commissioner": 8,
    "deputy chief constable": 8,
    "dcc": 8,
    "assistant commissioner": 9,
    "chief constable": 9,
    "cc": 9,
    "deputy commissioner": 10,
    "commissioner": 11,
}

_RANK_PREFIXES = ("detective ", "det ", "acting ", "temporary ")


def rank_level(rank: str | None) -> int | None:
    """Return the seniority level of a rank as written ("Det Supt" → 5), or ``None`` if unknown.

    >>> rank_level("Detective Chief Superintendent"), rank_level("ACC"), rank_level("clerk")
    (6, 7, None)
    """
    if rank is None:
        return None
    text = " ".join(rank.lower().replace(".", "").split())
    stripped = True
    while stripped:
        stripped = False
        for prefix in _RANK_PREFIXES:
            if text.startswith(prefix):
                text, stripped = text[len(prefix) :], True
    return RANK_LEVELS.get(text)


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

    def overlaps_years(self, start: date, end: date | None) -> bool:
        """True if this post and ``[start, end]`` share a calendar year.

        Historic records often give only the year of a posting, so colleagues are compared by
        year: a post ending in March 2003 and one starting in November 2003 overlap.
        """
        my_end = (self.end or date.max).year
        their_end = (end or date.max).year
        return self.start.year <= their_end and start.year <= my_end

    def held_on(self, day: date) -> bool:
        """True if the post was held on ``day`` (the end date is the last day in post)."""
        return self.start <= day and (self.end is None or day <= self.end)


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
    #: the complainant described the accused as police ("a copper", "PC Ali") though no person
    #: is linked yet; enough for a mandatory referral (IR-5)
    described_as_officer: bool = False


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
    #: True for a statement taken by this review; False for one imported from the original
    #: handling. Only the original recorder handled the original matter (IR-2).
    in_review: bool = False


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
