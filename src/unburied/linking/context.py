"""What else a statement says about a person: places, vehicles, how he looked.

Mentions of places ("the flat above the takeaway on Holloway Road") and vehicles ("a silver
Vauxhall Astra") are reduced to keys that two statements can share: the proper names in a
place ("holloway road"), the model and make of a vehicle ("astra", "vauxhall") with its colour.
A description ("the tall one with the silver Astra") gives its vehicle and a few words of
appearance ("tall"). Generic words ("the park", "a car") give no key: sharing them says nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unburied.linking.names import normalise

__all__ = [
    "APPEARANCE_WORDS",
    "COLOURS",
    "VEHICLE_WORDS",
    "VehicleKey",
    "appearance_words",
    "place_keys",
    "vehicle_keys",
]

#: Car makes and models commonly named in UK statements; a model implies its make.
VEHICLE_WORDS: dict[str, str | None] = {
    "astra": "vauxhall",
    "corsa": "vauxhall",
    "cavalier": "vauxhall",
    "vectra": "vauxhall",
    "nova": "vauxhall",
    "escort": "ford",
    "fiesta": "ford",
    "focus": "ford",
    "mondeo": "ford",
    "sierra": "ford",
    "transit": "ford",
    "clio": "renault",
    "megane": "renault",
    "corolla": "toyota",
    "yaris": "toyota",
    "golf": "volkswagen",
    "polo": "volkswagen",
    "passat": "volkswagen",
    "micra": "nissan",
    "civic": "honda",
    "vito": "mercedes",
    "sprinter": "mercedes",
    "a4": "audi",
    "a3": "audi",
    "306": "peugeot",
    "206": "peugeot",
    "vauxhall": None,
    "ford": None,
    "renault": None,
    "toyota": None,
    "volkswagen": None,
    "vw": None,
    "nissan": None,
    "honda": None,
    "mercedes": None,
    "audi": None,
    "bmw": None,
    "peugeot": None,
    "citroen": None,
    "fiat": None,
    "rover": None,
    "skoda": None,
    "seat": None,
    "volvo": None,
    "mazda": None,
    "saab": None,
}

COLOURS: frozenset[str] = frozenset(
    {"silver", "black", "blue", "red", "white", "grey", "gray", "green", "maroon", "gold",
     "yellow", "purple", "brown", "orange", "dark", "light"}
)  # fmt: skip

#: Words of appearance worth comparing; everything else in a description is ignored.
APPEARANCE_WORDS: frozenset[str] = frozenset(
    {"tall", "short", "older", "old", "younger", "young", "beard", "bearded", "glasses",
     "shaved", "bald", "scar", "tattoo", "tattoos", "heavy", "heavyset", "thin", "skinny",
     "fat", "ginger", "moustache", "limp", "earring", "stocky", "big", "small"}
)  # fmt: skip

_GENERIC_PLACE = frozenset(
    {"the", "a", "an", "on", "off", "in", "at", "by", "near", "behind", "above", "below",
     "of", "to", "with", "and", "his", "her", "their", "my", "flat", "house", "park",
     "takeaway", "car", "garage", "garages", "hotel", "top", "lockup", "lock", "up", "blue",
     "door", "ring", "road", "street", "lane", "place", "shop", "cafe", "pub", "room"}
)  # fmt: skip
_PROPER = re.compile(r"\b([A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)*)")


@dataclass(frozen=True)
class VehicleKey:
    """A vehicle as far as it was described: model and/or make, and colour if given."""

    model: str | None
    make: str | None
    colour: str | None

    def keys(self) -> frozenset[str]:
        """Blocking keys: the model if known, else the make."""
        return frozenset({f"veh:{self.model or self.make}"})


def vehicle_keys(text: str) -> tuple[VehicleKey, ...]:
    """Every vehicle a text names ("the silver Astra" -> model astra, make vauxhall, silver)."""
    words = normalise(text).split()
    found = []
    for i, word in enumerate(words):
        if word not in VEHICLE_WORDS:
            continue
        make = VEHICLE_WORDS[word]
        model = word if make is not None else None
        previous = words[max(0, i - 3) : i]
        colour = next((w for w in reversed(previous) if w in COLOURS), None)
        if model is None and i + 1 < len(words) and VEHICLE_WORDS.get(words[i + 1]) == word:
            continue  # "vauxhall astra": the model that follows carries the key
        found.append(VehicleKey(model, make if model else word, colour))
    return tuple(found)


def place_keys(text: str) -> frozenset[str]:
    """Keys of a place: its proper names ("holloway road"), without generic words."""
    keys = set()
    for match in _PROPER.finditer(text):
        words = [w for w in normalise(match.group(1)).split() if w]
        if words and not all(w in _GENERIC_PLACE for w in words):
            keys.add(" ".join(words))
    return frozenset(keys)


def appearance_words(text: str) -> frozenset[str]:
    """The words of appearance in a description ("the tall one" -> {"tall"})."""
    return frozenset(w for w in normalise(text).replace("-", " ").split() if w in APPEARANCE_WORDS)
