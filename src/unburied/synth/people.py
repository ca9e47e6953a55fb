"""The people of a synthetic operation's story: suspects in networks, survivors, witnesses.

Every suspect has a true identity and the ways people refer to him: his name in full, first
name, surname, a nickname from the ``nicknames`` table or a street name, misspellings, a
description, his car. A network has members (one a ringleader), places it uses and the officers
tied to it. Survivors are drawn into one network; the people who abused them are drawn from it,
the better-known members more often, so several survivors who never met name the same man.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from unburied.synth.names import NameBank, birth_date, misspell, nicknames_of
from unburied.synth.tables import (
    COLOURS,
    DESCRIPTIONS,
    PLACE_KINDS,
    STREET_NICKNAMES,
    VEHICLES,
    WITNESS_RELATIONS,
)
from unburied.synth.world import days

__all__ = [
    "Network",
    "Place",
    "Suspect",
    "Survivor",
    "Vehicle",
    "SUSPECT_STYLES",
    "Witness",
    "make_networks",
    "make_survivor",
    "make_witness",
    "pick_style",
    "placement",
    "suspect_reference",
]


@dataclass(frozen=True)
class Vehicle:
    """A vehicle a suspect uses."""

    id: str
    owner: str
    colour: str
    make: str
    model: str
    short: str
    registration: str

    def reference(self, rng: random.Random) -> str:
        """How a person names it: "a silver Vauxhall Astra", "the silver Astra", a part plate."""
        style = rng.random()
        if style < 0.4:
            return f"a {self.colour} {self.make} {self.model}"
        if style < 0.8:
            return f"the {self.colour} {self.short}"
        return f"a {self.colour} car with a number plate starting {self.registration[:3]}"

    def truth(self) -> dict[str, object]:
        """The vehicle as the ground truth records it."""
        return {
            "vehicle": self.id,
            "owner": self.owner,
            "colour": self.colour,
            "make": self.make,
            "model": self.model,
            "registration": self.registration,
        }


@dataclass(frozen=True)
class Place:
    """A place a network uses, or where a survivor was placed for safety."""

    id: str
    network: str | None
    kind: str
    street: str
    forms: tuple[str, ...]

    def reference(self, rng: random.Random) -> str:
        """How a person names the place."""
        return rng.choice(self.forms).format(street=self.street)

    def truth(self) -> dict[str, object]:
        """The place as the ground truth records it."""
        return {"place": self.id, "network": self.network, "kind": self.kind, "street": self.street}


@dataclass
class Suspect:
    """A man in a network, with his true identity and the ways people refer to him."""

    id: str
    first: str
    last: str
    dob: date
    address: str
    network: str
    role: str  # ringleader or member
    weight: float
    street_name: str | None = None
    description: str = ""
    vehicles: list[Vehicle] = field(default_factory=list)

    @property
    def name(self) -> str:
        """First name and surname."""
        return f"{self.first} {self.last}"

    def person_row(self) -> dict[str, object]:
        """The people row: suspects are shown by name; date of birth and address are protected."""
        return {
            "id": self.id,
            "kind": "suspect",
            "pseudonym": self.name,
            "identity_name": self.name,
            "date_of_birth": self.dob.isoformat(),
            "address": self.address,
        }


@dataclass
class Network:
    """Suspects who abused children together, the places they used, and officers tied to them."""

    id: str
    members: list[Suspect]
    places: list[Place]
    active_from: date
    active_to: date
    officers: list[tuple[str, str]] = field(default_factory=list)  # (officer id, tie)

    @property
    def ringleader(self) -> Suspect:
        """The member the others answer to."""
        return self.members[0]

    def truth(self, force: str) -> dict[str, object]:
        """The network as the ground truth records it."""
        return {
            "network": self.id,
            "force": force,
            "ringleader": self.ringleader.id,
            "members": [m.id for m in self.members],
            "officers": [{"officer": o, "tie": t} for o, t in self.officers],
            "places": [p.id for p in self.places],
            "vehicles": [v.id for m in self.members for v in m.vehicles],
            "active_from": self.active_from.isoformat(),
            "active_to": self.active_to.isoformat(),
        }


@dataclass
class Survivor:
    """A survivor: pseudonymous; her identity, date of birth and address are protected."""

    id: str
    first: str
    last: str
    female: bool
    dob: date
    address: str
    network: Network
    abusers: list[Suspect]
    abuse_from: date
    abuse_to: date
    witnesses: list[Witness] = field(default_factory=list)
    styles: dict[str, str] = field(default_factory=dict)  # how she names each abuser

    @property
    def pseudonym(self) -> str:
        """What the system shows instead of her name."""
        return f"Survivor {self.id.split('-', 1)[0]}-{self.id.rsplit('-', 1)[1]}"

    def person_row(self) -> dict[str, object]:
        """The people row, with the identity as protected fields."""
        return {
            "id": self.id,
            "kind": "survivor",
            "pseudonym": self.pseudonym,
            "identity_name": f"{self.first} {self.last}",
            "date_of_birth": self.dob.isoformat(),
            "address": self.address,
        }


@dataclass
class Witness:
    """Someone who saw something: a friend, a parent, a teacher."""

    id: str
    first: str
    last: str
    relation: str

    def person_row(self) -> dict[str, object]:
        """The people row; witnesses are pseudonymous too."""
        number = self.id.rsplit("-", 1)[1]
        return {
            "id": self.id,
            "kind": "witness",
            "pseudonym": f"Witness {self.id.split('-', 1)[0]}-{number}",
            "identity_name": f"{self.first} {self.last}",
        }


def make_networks(
    code: str,
    count: int,
    suspects: int,
    span: tuple[int, int],
    town: tuple[str, str],
    rng: random.Random,
    names: NameBank,
) -> list[Network]:
    """``count`` networks sharing ``suspects`` members; sizes vary, each has two or more."""
    sizes = _network_sizes(count, suspects, rng)
    networks, serial = [], _Serial(code)
    for n, size in enumerate(sizes):
        start = date(rng.randint(span[0], span[1] - 4), rng.randint(1, 12), 1)
        end = min(date(span[1], 12, 31), start + days(365 * rng.randint(4, 14)))
        network_id = f"{code}-NW-{n + 1:03d}"
        members = [_suspect(serial, network_id, i, start, town, rng, names) for i in range(size)]
        places = [_place(serial, network_id, rng, names) for _ in range(rng.randint(2, 4))]
        networks.append(Network(network_id, members, places, start, end))
    return networks


class _Serial:
    """Per-force counters for suspect, vehicle and place ids."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.counts: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        return f"{self.code}-{prefix}-{self.counts[prefix]:05d}"


def _network_sizes(count: int, suspects: int, rng: random.Random) -> list[int]:
    sizes = [2] * count
    for _ in range(max(0, suspects - 2 * count)):
        if rng.random() < 0.5:
            i = min(int(rng.paretovariate(1.2)) - 1, count - 1)  # a few networks grow large
        else:
            i = rng.randrange(count)
        sizes[i] += 1
    return sizes


def _suspect(
    serial: _Serial,
    network: str,
    i: int,
    start: date,
    town: tuple[str, str],
    rng: random.Random,
    names: NameBank,
) -> Suspect:
    ident = serial.next("SU")
    first, last = names.first(rng, female=rng.random() < 0.04), names.last(rng)
    suspect = Suspect(
        id=ident,
        first=first,
        last=last,
        dob=birth_date(rng, rng.randint(18, 52), start),
        address=names.address(rng, *town),
        network=network,
        role="ringleader" if i == 0 else "member",
        weight=3.0 if i == 0 else 1.0 / (1 + i * rng.uniform(0.2, 0.8)),
        street_name=_street_name(first, rng) if rng.random() < 0.45 else None,
        description=rng.choice(DESCRIPTIONS),
    )
    for _ in range(rng.choice((0, 1, 1, 1, 2))):
        make, model, short = rng.choice(VEHICLES)
        suspect.vehicles.append(
            Vehicle(
                serial.next("VH"),
                ident,
                rng.choice(COLOURS),
                make,
                model,
                short,
                _registration(rng, start),
            )
        )
    return suspect


def _street_name(first: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        return rng.choice(STREET_NICKNAMES)
    short = (nicknames_of(first) or (first[:3],))[0]
    return f"Big {short}" if roll < 0.8 else f"Little {short}"


def _registration(rng: random.Random, around: date) -> str:
    letters = "ABCDEFGHJKLMNPRSTVWXY"
    year = around.year - rng.randint(0, 8)
    if year >= 2001:
        age = (year % 100) + (50 if rng.random() < 0.5 else 0)
        pair = rng.choice(letters) + rng.choice(letters)
        tail = "".join(rng.choice(letters) for _ in range(3))
        return f"{pair}{age:02d} {tail}"
    prefix = "MNPRSTVWXY"[max(0, min(9, year - 1995 + 3))]
    return f"{prefix}{rng.randint(1, 999)} {''.join(rng.choice(letters) for _ in range(3))}"


def _place(serial: _Serial, network: str, rng: random.Random, names: NameBank) -> Place:
    kind, forms = rng.choice(PLACE_KINDS)
    return Place(serial.next("PL"), network, kind, names.street(rng), forms)


def placement(serial_code: str, n: int, rng: random.Random, names: NameBank) -> Place:
    """The address where a survivor was placed for her safety (a "safe house")."""
    forms = ("the placement on {street}", "the address on {street} where I had been placed")
    return Place(f"{serial_code}-PL-S{n:05d}", None, "placement", names.street(rng), forms)


def make_survivor(
    ident: str,
    network: Network,
    rng: random.Random,
    names: NameBank,
    town: tuple[str, str],
    end_year: int,
) -> Survivor:
    """A survivor drawn into ``network``: who abused her, when, and her identity."""
    female = rng.random() < 0.85
    latest = min(network.active_to, date(end_year - 1, 6, 30))
    span = max(1, (latest - network.active_from).days)
    start = network.active_from + days(rng.randrange(span))
    end = min(latest, start + days(rng.randint(90, 1400)))
    weights = [m.weight for m in network.members]
    count = min(len(network.members), rng.choice((1, 1, 2, 2, 3, 4)))
    abusers: list[Suspect] = []
    while len(abusers) < count:
        pick = rng.choices(network.members, weights=weights)[0]
        if pick not in abusers:
            abusers.append(pick)
    return Survivor(
        id=ident,
        first=names.first(rng, female),
        last=names.last(rng),
        female=female,
        dob=birth_date(rng, rng.randint(11, 15), start),
        address=names.address(rng, *town),
        network=network,
        abusers=abusers,
        abuse_from=start,
        abuse_to=max(end, start + days(30)),
    )


def make_witness(ident: str, rng: random.Random, names: NameBank) -> Witness:
    """A witness with a relation to the survivor."""
    female = rng.random() < 0.6
    return Witness(ident, names.first(rng, female), names.last(rng), rng.choice(WITNESS_RELATIONS))


SUSPECT_STYLES = (
    ("full", 0.15),
    ("first", 0.15),
    ("nickname", 0.12),
    ("street", 0.18),
    ("surname", 0.08),
    ("initial", 0.05),
    ("misspelt", 0.12),
    ("description", 0.1),
    ("vehicle", 0.05),
)


def pick_style(rng: random.Random, suspect: Suspect) -> str:
    """How a survivor tends to name this suspect (a street name, if he has one, is favoured)."""
    if suspect.street_name and rng.random() < 0.35:
        return "street"
    return rng.choices([s for s, _ in SUSPECT_STYLES], weights=[w for _, w in SUSPECT_STYLES])[0]


def suspect_reference(rng: random.Random, suspect: Suspect, style: str) -> str:
    """The words a survivor uses for ``suspect`` in ``style``; falls back to the first name."""
    if style == "full":
        return suspect.name
    if style == "nickname" and nicknames_of(suspect.first):
        return rng.choice(nicknames_of(suspect.first))
    if style == "street" and suspect.street_name:
        return suspect.street_name
    if style == "surname":
        return suspect.last
    if style == "initial":
        return f"{suspect.first} {suspect.last[0]}"
    if style == "misspelt":
        return misspell(rng, suspect.name if rng.random() < 0.5 else suspect.first)
    if style == "description":
        return suspect.description
    if style == "vehicle" and suspect.vehicles:
        vehicle = suspect.vehicles[0]
        return f"{suspect.description} with the {vehicle.colour} {vehicle.short}"
    return suspect.first
