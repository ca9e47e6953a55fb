"""What the mention linker reads: mentions with their statement's context, and known people.

:func:`mention_records` and :func:`person_records` build the inputs from domain entities
(``Statement``, ``Mention``, ``Person``, ``Affiliation``); :func:`profile_of_mention` and
:func:`profile_of_person` reduce each to a :class:`Profile` of normalised names and context
keys, which is what two references are compared on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import jellyfish

from unburied.domain.entities import (
    Affiliation,
    Mention,
    MentionKind,
    Person,
    PersonKind,
    Statement,
)
from unburied.linking.clusters import NameSet
from unburied.linking.context import appearance_words, place_keys, vehicle_keys
from unburied.linking.names import normalise, parse_name

__all__ = [
    "MentionRecord",
    "PersonRecord",
    "Profile",
    "mention_records",
    "person_records",
    "profile_of_mention",
    "profile_of_person",
]


# --- inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MentionRecord:
    """A person mention with the context of its statement: what the linker compares.

    ``associates``, ``places`` and ``vehicles`` are the texts of the statement's other mentions
    (other people, places, vehicles). Build them from domain entities with
    :func:`mention_records`.
    """

    id: str
    text: str
    statement: str
    complainant: str
    case: str = ""
    taken_on: date | None = None
    recorded_by: str | None = None
    role: str = "named"
    associates: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    vehicles: tuple[str, ...] = ()


@dataclass(frozen=True)
class PersonRecord:
    """A known person (an officer from a roster, a registered suspect) a mention may link to."""

    id: str
    names: tuple[str, ...]
    police: bool = False
    collar_numbers: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    accused_by: tuple[str, ...] = ()  # complainants whose allegations accuse this person


def mention_records(
    statements: Iterable[Statement], mentions: Iterable[Mention]
) -> list[MentionRecord]:
    """Every person mention with its statement's context, from domain entities."""
    by_statement: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_statement[mention.statement].append(mention)
    records = []
    for statement in statements:
        items = by_statement.get(statement.id, [])
        people = [m for m in items if m.kind is MentionKind.PERSON]
        places = tuple(m.text for m in items if m.kind is MentionKind.PLACE)
        vehicles = tuple(m.text for m in items if m.kind is MentionKind.VEHICLE)
        for mention in people:
            records.append(
                MentionRecord(
                    id=mention.id,
                    text=mention.text,
                    statement=statement.id,
                    complainant=statement.given_by,
                    case=statement.case,
                    taken_on=statement.taken_on,
                    recorded_by=statement.recorded_by,
                    role=mention.role,
                    associates=tuple(m.text for m in people if m.id != mention.id),
                    places=places,
                    vehicles=vehicles,
                )
            )
    return records


def person_records(
    people: Iterable[Person],
    affiliations: Iterable[Affiliation] = (),
    accusations: Iterable[tuple[str, str]] = (),
) -> list[PersonRecord]:
    """Known people as link targets: names from the pseudonym, police from kind and posts.

    ``accusations`` are (complainant, person) pairs: whose allegations accuse whom.
    """
    accused_by: dict[str, set[str]] = defaultdict(set)
    for complainant, accused in accusations:
        accused_by[accused].add(complainant)
    posts: dict[str, list[Affiliation]] = defaultdict(list)
    for post in affiliations:
        posts[post.person].append(post)
    records = []
    for person in people:
        held = posts.get(person.id, [])
        police = person.kind is PersonKind.OFFICER or any(p.rank for p in held)
        records.append(
            PersonRecord(
                id=person.id,
                names=(person.pseudonym,),
                police=police,
                collar_numbers=tuple(sorted({p.collar_number for p in held if p.collar_number})),
                organisations=tuple(sorted({p.organisation for p in held})),
                accused_by=tuple(sorted(accused_by.get(person.id, ()))),
            )
        )
    return records


# --- profiles -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A reference (mention or known person) reduced to what is compared. All text normalised."""

    id: str
    is_person: bool
    surnames: frozenset[str] = frozenset()
    forenames: frozenset[str] = frozenset()
    nicknames: frozenset[str] = frozenset()
    lone: frozenset[str] = frozenset()
    police: bool | None = None
    numbers: frozenset[str] = frozenset()
    statement: str | None = None
    complainant: str | None = None
    case: str | None = None  # a mention: the case its statement was taken in
    taken_on: date | None = None
    associates: frozenset[str] = frozenset()
    # for each associate's sound key, the words it was said in (for explanations only)
    associate_names: tuple[tuple[str, str], ...] = ()
    places: frozenset[str] = frozenset()
    vehicles: frozenset[str] = frozenset()
    vehicle_colours: frozenset[str] = frozenset()
    appearance: frozenset[str] = frozenset()
    alone: bool = False  # the only person named in its statement
    role: str | None = None  # the mention's role in its statement (suspect, witness, ...)
    accused_by: frozenset[str] = frozenset()  # a known person: complainants accusing him
    accuses: bool = False  # a mention: its complainant's allegations accuse somebody on record
    forename_on_record: frozenset[str] = (
        frozenset()
    )  # lone words somebody on record has as forename
    # a mention giving a surname and no forename: the forenames (and names inside street
    # names) of every man its complainant names, in any of her statements
    her_forenames: frozenset[str] = frozenset()

    @cached_property
    def name_keys(self) -> frozenset[str]:
        """Every name word the reference goes by (to leave out of shared associates)."""
        return self.surnames | self.forenames | self.nicknames | self.lone

    @cached_property
    def sound_keys(self) -> frozenset[str]:
        """How each of the reference's names sounds (to leave out of shared associates)."""
        return frozenset(sound_key(n) for n in self.name_keys)

    @property
    def name_set(self) -> NameSet:
        """Surnames and forenames, for conflict checks when entities join."""
        return NameSet(set(self.surnames), set(self.forenames))

    def has_name(self) -> bool:
        """True if any name was given."""
        return bool(self.name_keys)


def sound_key(name: str) -> str:
    """How a name sounds (Metaphone), so "Hewson" and "Hewsen" name the same associate."""
    return str(jellyfish.metaphone(name)) or name


def _associates(texts: Iterable[str]) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """The sound keys of the people named beside a mention, and for each key the words it was
    said in (so a reviewer reads "'Danny Hewson'", not its sound key)."""
    said: dict[str, str] = {}
    for text in texts:
        parsed = parse_name(text)
        for part in (parsed.surname, parsed.single, parsed.nickname):
            if part:
                said.setdefault(sound_key(part), " ".join(text.split()))
    return frozenset(said), tuple(sorted(said.items()))


def _vehicle_parts(texts: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    models, coloured = set(), set()
    for text in texts:
        for vehicle in vehicle_keys(text):
            key = vehicle.model or vehicle.make or ""
            models.add(key)
            if vehicle.colour:
                coloured.add(f"{vehicle.colour} {key}")
    return frozenset(models), frozenset(coloured)


def profile_of_mention(record: MentionRecord) -> Profile:
    """Parse a mention and its statement's context into a profile."""
    parsed = parse_name(record.text)
    own_models, own_coloured = _vehicle_parts([record.text])
    ctx_models, ctx_coloured = _vehicle_parts(record.vehicles)
    places = frozenset().union(*(place_keys(p) for p in record.places)) if record.places else None
    associates, associate_names = _associates(record.associates)
    return Profile(
        id=record.id,
        is_person=False,
        surnames=frozenset({parsed.surname} if parsed.surname else ()),
        forenames=frozenset({parsed.forename} if parsed.forename else ()),
        nicknames=frozenset({parsed.nickname} if parsed.nickname else ()),
        lone=frozenset({parsed.single} if parsed.single else ()),
        police=True if parsed.police else None,
        numbers=frozenset({parsed.number} if parsed.number else ()),
        statement=record.statement,
        complainant=record.complainant,
        case=record.case or None,
        taken_on=record.taken_on,
        associates=associates,
        associate_names=associate_names,
        places=places or frozenset(),
        vehicles=own_models | ctx_models,
        vehicle_colours=own_coloured | ctx_coloured,
        appearance=appearance_words(record.text) if parsed.descriptive else frozenset(),
        alone=not record.associates,
        role=record.role,
    )


def profile_of_person(record: PersonRecord) -> Profile:
    """A known person's names and role as a profile."""
    surnames, forenames = set(), set()
    for text in record.names:
        parsed = parse_name(text)
        if parsed.surname:
            surnames.add(parsed.surname)
        if parsed.forename:
            forenames.add(parsed.forename)
        if parsed.single:
            surnames.add(parsed.single)
    return Profile(
        id=record.id,
        is_person=True,
        surnames=frozenset(surnames),
        forenames=frozenset(forenames),
        police=record.police,
        numbers=frozenset(normalise(n) for n in record.collar_numbers),
        accused_by=frozenset(record.accused_by),
    )
