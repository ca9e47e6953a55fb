"""Synthetic names, addresses and the ways people get names wrong.

Names come from Faker's ``en_GB`` tables, sampled with the caller's ``random.Random`` (so there
is no global state and the same seed gives the same names); nicknames come from the
``nicknames`` package's table ("Daniel" → "Dan", "Danny"). :func:`misspell` makes the
spellings a statement-taker might write down ("Hughs", "Daneil").
"""

from __future__ import annotations

import itertools
import random
import string
from datetime import date, timedelta
from functools import cache

from faker.providers.person.en_GB import Provider as _FakerPerson
from nicknames import NickNamer

from unburied.synth.tables import STREET_SUFFIXES, TOWN_PREFIXES, TOWN_ROOTS

__all__ = [
    "NameBank",
    "area_code",
    "birth_date",
    "misspell",
    "nicknames_of",
    "postcode",
    "town_names",
]

_VOWELS = "aeiou"
_VOWEL_SWAPS = {"a": "e", "e": "a", "i": "y", "y": "i", "o": "u", "u": "o"}
_SOUNDS = (
    ("ph", "f"),
    ("ck", "k"),
    ("ee", "ea"),
    ("ou", "ow"),
    ("c", "k"),
    ("s", "z"),
    ("th", "t"),
)


class NameBank:
    """Faker en_GB first names and surnames (surnames weighted as Faker weights them)."""

    def __init__(self) -> None:
        self._male = tuple(_FakerPerson.first_names_male)
        self._female = tuple(_FakerPerson.first_names_female)
        surnames = _FakerPerson.last_names
        self._last = tuple(surnames)
        self._last_weights = tuple(itertools.accumulate(float(w) for w in surnames.values()))

    def first(self, rng: random.Random, female: bool) -> str:
        """A first name."""
        return rng.choice(self._female if female else self._male)

    def last(self, rng: random.Random) -> str:
        """A surname, common ones more often."""
        return rng.choices(self._last, cum_weights=self._last_weights)[0]

    def street(self, rng: random.Random) -> str:
        """A street name such as "Holloway Road"."""
        return f"{self.last(rng)} {rng.choice(STREET_SUFFIXES)}"

    def address(self, rng: random.Random, town: str, area: str) -> str:
        """A one-line postal address in ``town`` with a postcode in ``area`` ("KL")."""
        return f"{rng.randint(1, 180)} {self.street(rng)}, {town} {postcode(rng, area)}"


def postcode(rng: random.Random, area: str) -> str:
    """An invented postcode in ``area``, e.g. "KL4 2PQ"."""
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return (
        f"{area}{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def birth_date(rng: random.Random, age: int, on: date) -> date:
    """A date of birth making someone ``age`` years old on ``on``."""
    start = date(on.year - age - 1, on.month, 1) + timedelta(days=1)
    return start + timedelta(days=rng.randrange(360))


@cache
def _nick_namer() -> NickNamer:
    return NickNamer()


@cache
def nicknames_of(first: str) -> tuple[str, ...]:
    """Usual short forms of a first name, capitalised and sorted ("Daniel" → Dan, Danny)."""
    found = _nick_namer().nicknames_of(first.lower())
    return tuple(sorted(n.capitalize() for n in found if len(n) >= 3 and n != first.lower()))


def town_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct invented town names ("Kelbrook")."""
    combos = [p + r for p in TOWN_PREFIXES for r in TOWN_ROOTS]
    if count > len(combos):
        extra = (f"{a}{b.lower()}" for a in combos for b in TOWN_PREFIXES)
        combos.extend(itertools.islice(extra, count - len(combos)))
    return rng.sample(combos, count)


def area_code(town: str, used: set[str]) -> str:
    """A two-letter postcode area for a town, unique among ``used``."""
    letters = [c for c in town.upper() if c in string.ascii_uppercase]
    for a, b in itertools.combinations(letters, 2):
        if a + b not in used:
            used.add(a + b)
            return a + b
    for a, b in itertools.product(string.ascii_uppercase, repeat=2):
        if a + b not in used:
            used.add(a + b)
            return a + b
    raise ValueError("no postcode areas left")  # more than 676 towns: never in our presets


def misspell(rng: random.Random, word: str) -> str:
    """A plausible misspelling of ``word`` (always different from it)."""
    for _ in range(8):
        attempt = rng.choice(_MISTAKES)(rng, word)
        if attempt != word and len(attempt) >= 2:
            return attempt
    return word + word[-1]


def _swap(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _drop(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word))
    return word[:i] + word[i + 1 :]


def _double(rng: random.Random, word: str) -> str:
    spots = [i for i, c in enumerate(word) if i > 0 and c.lower() not in _VOWELS]
    if not spots:
        return word
    i = rng.choice(spots)
    return word[: i + 1] + word[i] + word[i + 1 :]


def _vowel(rng: random.Random, word: str) -> str:
    spots = [i for i, c in enumerate(word) if i > 0 and c in _VOWEL_SWAPS]
    if not spots:
        return word
    i = rng.choice(spots)
    return word[:i] + _VOWEL_SWAPS[word[i]] + word[i + 1 :]


def _sound(rng: random.Random, word: str) -> str:
    options = [(a, b) for a, b in _SOUNDS if a in word[1:]]
    if not options:
        return word
    a, b = rng.choice(options)
    return word[0] + word[1:].replace(a, b, 1)


_MISTAKES = (_swap, _drop, _double, _vowel, _sound)
