"""A whole synthetic operation as one stream of import rows and ground-truth objects.

``generate_operation(scale, seed)`` yields ``(kind, object)`` pairs: first the institutions
(organisations, supervisors, independent investigators), then each force's story in turn. Each
part draws from its own ``random.Random`` seeded from ``seed`` and the part's name, so the
output depends on nothing but the seed, the scale and the pinned Faker and nicknames tables.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from unburied.importers.format import RecordKind
from unburied.synth.names import NameBank
from unburied.synth.scale import Scale
from unburied.synth.scenarios import ForceStory
from unburied.synth.truth import Emitted
from unburied.synth.world import Officer, World, build_world

__all__ = ["generate_operation"]


def generate_operation(scale: Scale, seed: int) -> Iterator[Emitted]:
    """Every row and truth object of a synthetic operation, streamed in import order."""
    names = NameBank()
    world = build_world(scale, random.Random(f"unburied-synth:{seed}:world"), names)
    yield from _institutions(world)
    for force in world.forces:
        yield from ForceStory(world, force, seed, names).run()


def _institutions(world: World) -> Iterator[Emitted]:
    for org in world.organisations():
        yield RecordKind.ORGANISATIONS, org.row()
    for person in (*world.supervisors, *world.investigators):
        yield from _person_rows(person)


def _person_rows(person: Officer) -> Iterator[Emitted]:
    yield RecordKind.PEOPLE, person.person_row()
    for posting in person.postings:
        yield RecordKind.AFFILIATIONS, posting.row()
    for name, awarded in person.accreditations:
        yield (
            RecordKind.ACCREDITATIONS,
            {
                "person": person.id,
                "accreditation": name,
                "awarded_on": awarded.isoformat(),
            },
        )
