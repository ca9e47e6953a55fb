"""The institutions of a synthetic operation: forces, their commands, units and officers.

Each force has district commands (CID, response, neighbourhood units) and a crime command
(public protection, child sexual exploitation, major crime). Every supervising post — a unit's
sergeant and inspector, a command's superintendent, the force's chief officers — is held by a
succession of officers over the decades, and line managers are read from who held the post
above on the day a posting began. Officers' careers move them between units and sometimes
forces, with promotions, retirements and resignations. Independent bodies have their own
investigators, some of whom served in a force before.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from unburied.synth.names import NameBank, area_code, town_names
from unburied.synth.scale import Scale
from unburied.synth.tables import (
    ACCREDITATIONS,
    BODIES,
    CRIME_UNITS,
    DETECTIVE_UNITS,
    DISTRICT_UNITS,
)

__all__ = [
    "RANKS",
    "Force",
    "Officer",
    "Org",
    "Posting",
    "Roster",
    "Term",
    "World",
    "build_world",
    "days",
    "officer_career",
]

RANKS = (
    "constable",
    "sergeant",
    "inspector",
    "chief inspector",
    "superintendent",
    "chief superintendent",
    "assistant chief constable",
    "deputy chief constable",
    "chief constable",
)
_LEVEL = {rank: i for i, rank in enumerate(RANKS)}
_FORCE_CHAIN = {
    "chief superintendent": "assistant chief constable",
    "assistant chief constable": "deputy chief constable",
    "deputy chief constable": "chief constable",
}
_UNIT_WEIGHTS = {
    "response": 3.0,
    "neighbourhood": 2.0,
    "cid": 2.0,
    "ppu": 1.5,
    "cse": 1.0,
    "major": 1.0,
}


def days(n: int) -> timedelta:
    """A span of ``n`` days."""
    return timedelta(days=n)


@dataclass(frozen=True)
class Org:
    """An organisation as the generator knows it; ``unit_type`` says what a unit does."""

    id: str
    name: str
    kind: str
    parent: str | None = None
    short: str = ""
    unit_type: str = ""

    def row(self) -> dict[str, object]:
        """The organisations row of the import format."""
        return {"id": self.id, "name": self.name, "kind": self.kind, "parent": self.parent}


@dataclass(frozen=True)
class Posting:
    """One post held by one person over a period."""

    person: str
    org: str
    role: str
    rank: str | None
    start: date
    end: date | None = None
    collar: str | None = None
    manager: str | None = None
    end_reason: str | None = None

    def held_on(self, day: date) -> bool:
        """True if the post was held on ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)

    def row(self) -> dict[str, object]:
        """The affiliations row of the import format."""
        return {
            "person": self.person,
            "organisation": self.org,
            "role": self.role,
            "rank": self.rank,
            "collar_number": self.collar,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "line_manager": self.manager,
            "end_reason": self.end_reason,
        }


@dataclass
class Officer:
    """A police officer or an independent investigator, with a whole career."""

    id: str
    first: str
    last: str
    female: bool
    force: str
    kind: str = "officer"
    postings: list[Posting] = field(default_factory=list)
    accreditations: list[tuple[str, date]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """First name and surname."""
        return f"{self.first} {self.last}"

    def posting_on(self, day: date) -> Posting | None:
        """The post held on ``day``, if any."""
        return next((p for p in self.postings if p.held_on(day)), None)

    def person_row(self) -> dict[str, object]:
        """The people row of the import format (officers are shown by name)."""
        return {"id": self.id, "kind": self.kind, "pseudonym": self.name}


@dataclass(frozen=True)
class Term:
    """One holder of a supervising post, from ``start`` to ``end`` (None: still holds it)."""

    start: date
    end: date | None
    holder: str


@dataclass
class Force:
    """A police force, its structure, its supervising posts and the counters for its ids."""

    index: int
    code: str
    town: str
    area: str
    org: Org
    commands: list[Org]
    units: list[Org]
    council: Org
    slots: dict[tuple[str, str], list[Term]] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    _officers: int = 0
    _collars: int = 0

    def next_officer_id(self) -> str:
        """A new officer id in this force ("F01-OF-00042")."""
        self._officers += 1
        return f"{self.code}-OF-{self._officers:05d}"

    def next_collar(self) -> str:
        """A new collar number, unique in this force."""
        self._collars += 1
        return str(1000 + (self._collars * 37) % 9000 + (self._collars // 9000) * 10000)

    def organisations(self) -> Iterator[Org]:
        """The force, its commands, its units and its council, parents first."""
        yield self.org
        yield from self.commands
        yield from self.units
        yield self.council

    def holder(self, org: str, rank: str, day: date) -> str | None:
        """Who held the supervising post ``rank`` in ``org`` on ``day``."""
        for term in self.slots.get((org, rank), ()):
            if term.start <= day and (term.end is None or day <= term.end):
                return term.holder
        return None

    def manager(self, org: str, rank: str | None, day: date, person: str) -> str | None:
        """The line manager of someone of ``rank`` posted to ``org`` on ``day``."""
        post = self._manager_post(org, rank or "constable")
        if post is None:
            return None
        holder = self.holder(*post, day)
        return None if holder == person else holder

    def _manager_post(self, org: str, rank: str) -> tuple[str, str] | None:
        if org == self.org.id:
            if rank == "chief constable":
                return None
            return self.org.id, _FORCE_CHAIN.get(rank, "chief superintendent")
        parent = self.parents.get(org)
        if parent == self.org.id:  # a command
            if rank == "superintendent":
                return self.org.id, "chief superintendent"
            return org, "superintendent"
        if rank == "constable":
            return org, "sergeant"
        if rank == "sergeant":
            return org, "inspector"
        return parent or self.org.id, "superintendent"


@dataclass
class World:
    """Every force, the independent bodies, supervisors and investigators."""

    scale: Scale
    forces: list[Force]
    bodies: list[Org]
    supervisors: list[Officer]
    investigators: list[Officer]

    def organisations(self) -> Iterator[Org]:
        """All organisations, parents first."""
        for force in self.forces:
            yield from force.organisations()
        yield from self.bodies

    def force(self, code: str) -> Force:
        """The force with this code."""
        return self.forces[int(code[1:]) - 1]


def build_world(scale: Scale, rng: random.Random, names: NameBank) -> World:
    """Forces with their structure and supervisors, independent bodies and investigators."""
    towns = town_names(rng, scale.forces)
    areas: set[str] = set()
    forces = [_force(i, town, area_code(town, areas), scale) for i, town in enumerate(towns)]
    for force in forces:
        _fill_slots(force, scale, rng)
    supervisors = [o for force in forces for o in _supervisors(force, forces, scale, rng, names)]
    bodies = [Org(f"IB-{code}", name, "independent_body") for code, name in BODIES]
    investigators = _investigators(bodies, forces, scale, rng, names)
    return World(scale, forces, bodies, supervisors, investigators)


def _force(index: int, town: str, area: str, scale: Scale) -> Force:
    code = f"F{index + 1:02d}"
    org = Org(code, f"{town} Police", "police_force")
    commands: list[Org] = []
    units: list[Org] = []
    for d in range(scale.districts):
        command = Org(f"{code}-D{d + 1}", f"{town} Police District {d + 1}", "command", code)
        commands.append(command)
        units.extend(_unit(command, short, full, kind) for short, full, kind in DISTRICT_UNITS)
    crime = Org(f"{code}-CC", f"{town} Police Crime Command", "command", code)
    commands.append(crime)
    units.extend(_unit(crime, short, full, kind) for short, full, kind in CRIME_UNITS)
    council = Org(f"{code}-COUNCIL", f"{town} Borough Council", "council")
    force = Force(index, code, town, area, org, commands, units, council)
    force.parents = {o.id: o.parent for o in (*commands, *units) if o.parent}
    return force


def _unit(command: Org, short: str, full: str, unit_type: str) -> Org:
    suffix = short.upper().replace(" ", "")
    return Org(
        f"{command.id}-{suffix}", f"{command.name} {full}", "unit", command.id, short, unit_type
    )


def _slot_posts(force: Force) -> list[tuple[str, str]]:
    posts = [(u.id, rank) for u in force.units for rank in ("sergeant", "inspector")]
    posts += [(c.id, "superintendent") for c in force.commands]
    posts += [(force.org.id, rank) for rank in RANKS[5:]]
    return posts


def _fill_slots(force: Force, scale: Scale, rng: random.Random) -> None:
    first, horizon = date(scale.start_year - 12, 1, 1), date(scale.end_year + 3, 12, 31)
    for post in _slot_posts(force):
        cursor = first - days(rng.randrange(1100))
        terms = []
        while True:
            end = cursor + days(rng.randint(700, 2200))
            holder = force.next_officer_id()
            if end >= horizon:
                terms.append(Term(cursor, None, holder))
                break
            terms.append(Term(cursor, end, holder))
            cursor = end + days(1)
        force.slots[post] = terms


def _role_for(rank: str, unit_type: str) -> str:
    if _LEVEL[rank] >= 6:
        return "chief_officer"
    if _LEVEL[rank] >= 4:
        return "commander"
    if _LEVEL[rank] >= 1:
        return "supervisor"
    return "detective" if unit_type in DETECTIVE_UNITS else "officer"


def _supervisors(
    force: Force, forces: list[Force], scale: Scale, rng: random.Random, names: NameBank
) -> Iterator[Officer]:
    units = {u.id: u for u in force.units}
    for (org, rank), terms in force.slots.items():
        for term in terms:
            female = rng.random() < 0.25
            officer = Officer(
                term.holder, names.first(rng, female), names.last(rng), female, force.code
            )
            _slot_career(officer, force, forces, org, rank, term, units, scale, rng)
            yield officer


def _slot_career(
    officer: Officer,
    force: Force,
    forces: list[Force],
    org: str,
    rank: str,
    term: Term,
    units: dict[str, Org],
    scale: Scale,
    rng: random.Random,
) -> None:
    level = _LEVEL[rank]
    joined = term.start - days(365 * rng.randint(3 + 2 * level, 8 + 2 * level))
    collar = force.next_collar()
    unit = rng.choice(force.units)
    middle = joined + (term.start - joined) / 2 if level >= 2 else term.start
    _post(
        officer,
        force,
        unit.id,
        "constable",
        joined,
        middle - days(1),
        collar,
        "promoted",
        unit.unit_type,
    )
    if level >= 2:
        below = RANKS[level - 1]
        where = unit.id if level <= 4 else (force.commands[0].id if level == 5 else force.org.id)
        _post(
            officer,
            force,
            where,
            below,
            middle,
            term.start - days(1),
            collar if level == 2 else None,
            "promoted",
        )
    own_collar = collar if level <= 1 else None
    unit_type = units[org].unit_type if org in units else ""
    if term.end is None:
        _post(officer, force, org, rank, term.start, None, own_collar, None, unit_type)
        return
    served = (term.end - joined).days / 365
    move = len(forces) > 1 and served < 26 and rng.random() < 0.35
    _post(
        officer,
        force,
        org,
        rank,
        term.start,
        term.end,
        own_collar,
        "transferred" if move else _leaving(rng, served),
        unit_type,
    )
    if move:
        _transfer_out(officer, force, forces, rank, term.end + days(1), scale, rng)


def _leaving(rng: random.Random, served_years: float) -> str:
    if served_years >= 22:
        return "retired"
    return "resigned" if rng.random() < 0.9 else "dismissed"


def _transfer_out(
    officer: Officer,
    home: Force,
    forces: list[Force],
    rank: str,
    start: date,
    scale: Scale,
    rng: random.Random,
) -> None:
    other = rng.choice([f for f in forces if f is not home])
    level = _LEVEL[rank]
    if level <= 3:
        where = rng.choice(other.units)
    elif level <= 5:
        where = rng.choice(other.commands)
    else:
        where = other.org
    end: date | None = start + days(365 * rng.randint(2, 7))
    horizon = date(scale.end_year + 3, 12, 31)
    collar = other.next_collar() if level <= 1 else None
    if end is not None and end > horizon:
        end = None
    _post(
        officer,
        other,
        where.id,
        rank,
        start,
        end,
        collar,
        "retired" if end else None,
        where.unit_type,
    )


def _post(
    officer: Officer,
    force: Force,
    org: str,
    rank: str,
    start: date,
    end: date | None,
    collar: str | None,
    end_reason: str | None,
    unit_type: str = "",
) -> None:
    manager = force.manager(org, rank, start, officer.id)
    role = _role_for(rank, unit_type)
    officer.postings.append(
        Posting(officer.id, org, role, rank, start, end, collar, manager, end_reason)
    )


def officer_career(
    officer: Officer,
    force: Force,
    forces: list[Force],
    scale: Scale,
    rng: random.Random,
    *,
    joined: date,
    leave: date | None,
    mobile: bool = True,
    leave_reason: str = "retired",
) -> None:
    """A rank-and-file career from ``joined`` to ``leave`` (None: still serving at the end)."""
    horizon = date(scale.end_year + 3, 12, 31)
    home, rank, cursor = force, "constable", joined
    collar = home.next_collar()
    while True:
        unit = _pick_unit(home, rng)
        end = cursor + days(rng.randint(600, 2500))
        last = (leave is not None and end >= leave) or end >= horizon
        if last:
            end_or_none = None if leave is None or leave > horizon else leave
            reason = leave_reason if end_or_none else None
            _post(officer, home, unit.id, rank, cursor, end_or_none, collar, reason, unit.unit_type)
            return
        moving = mobile and len(forces) > 1 and rng.random() < 0.08
        promoted = rank == "constable" and rng.random() < 0.12
        reason = "transferred" if moving or not promoted else "promoted"
        _post(officer, home, unit.id, rank, cursor, end, collar, reason, unit.unit_type)
        if moving:
            home = rng.choice([f for f in forces if f is not home])
            collar = home.next_collar()
        rank = "sergeant" if promoted else rank
        cursor = end + days(1)


def _pick_unit(force: Force, rng: random.Random) -> Org:
    weights = [_UNIT_WEIGHTS.get(u.unit_type, 1.0) for u in force.units]
    return rng.choices(force.units, weights=weights)[0]


def _investigators(
    bodies: list[Org], forces: list[Force], scale: Scale, rng: random.Random, names: NameBank
) -> list[Officer]:
    people: list[Officer] = []
    heads: dict[str, str] = {}
    for n in range(scale.investigators):
        body = bodies[n % len(bodies)]
        female = rng.random() < 0.5
        person = Officer(
            f"IB-IN-{n + 1:05d}",
            names.first(rng, female),
            names.last(rng),
            female,
            body.id,
            "investigator",
        )
        start = date(scale.end_year - rng.randint(0, 9), rng.randint(1, 12), 1)
        if body.id not in heads:
            start = date(scale.end_year - 10, 1, 1)
        if rng.random() < 0.4:
            _former_officer(person, forces, start, scale, rng)
        role = "head_of_investigations" if body.id not in heads else "investigator"
        person.postings.append(
            Posting(person.id, body.id, role, None, start, None, None, heads.get(body.id))
        )
        heads.setdefault(body.id, person.id)
        person.accreditations = [
            (name, start + days(rng.randrange(900)))
            for name, p in ACCREDITATIONS
            if rng.random() < p
        ]
        people.append(person)
    return people


def _former_officer(
    person: Officer, forces: list[Force], body_start: date, scale: Scale, rng: random.Random
) -> None:
    """A career in a force ending before the body post; half of them in the first force."""
    force = forces[0] if rng.random() < 0.5 else rng.choice(forces)
    joined = body_start - days(365 * rng.randint(6, 25))
    reason = rng.choice(("resigned", "retired", "transferred"))
    officer_career(
        person,
        force,
        forces,
        scale,
        rng,
        joined=joined,
        leave=body_start - days(1),
        mobile=False,
        leave_reason=reason,
    )


@dataclass
class Roster:
    """Who served where and when in one force, indexed by unit type and year for fast lookup."""

    force: Force
    until: int  # the last year anyone is looked up
    by_type_year: dict[tuple[str, int], list[Posting]] = field(default_factory=dict)

    def add(self, officer: Officer) -> None:
        """Index the officer's posts in this force's units."""
        types = {u.id: u.unit_type for u in self.force.units}
        for posting in officer.postings:
            unit_type = types.get(posting.org)
            if unit_type is None:
                continue
            last = posting.end.year if posting.end else self.until
            for year in range(posting.start.year, min(last, self.until) + 1):
                self.by_type_year.setdefault((unit_type, year), []).append(posting)

    def pick(self, rng: random.Random, unit_types: tuple[str, ...], day: date) -> Posting | None:
        """A post in a unit of ``unit_types`` held on ``day``, chosen uniformly; None if none.

        Drawing from the year's posts and keeping the first held on the day is uniform among
        those held, and costs the same however large the force; a full scan is the fallback.
        """
        pools = [self.by_type_year.get((t, day.year), []) for t in unit_types]
        total = sum(len(pool) for pool in pools)
        if total == 0:
            return None
        for _ in range(16):
            candidate = _nth(pools, rng.randrange(total))
            if candidate.held_on(day):
                return candidate
        held = [p for pool in pools for p in pool if p.held_on(day)]
        return rng.choice(held) if held else None


def _nth(pools: list[list[Posting]], index: int) -> Posting:
    for pool in pools:
        if index < len(pool):
            return pool[index]
        index -= len(pool)
    raise IndexError(index)
