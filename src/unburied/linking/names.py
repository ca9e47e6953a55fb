"""Names as people give them: titles and police ranks, forenames, nicknames, surnames.

:func:`parse_name` reads a mention's text ("PC Ali", "Sgt Kowalski", "Tony 'Bash' Bashir",
"a copper", "the tall one with the silver Astra") into a :class:`ParsedName`, using
``nameparser`` with police ranks added as titles (on a private copy of its constants, so the
library's global settings are untouched). :func:`forename_relation` says whether two forenames
are the same, a nickname of one another (the ``nicknames`` table, or a short form such as
"Bash" for "Bashir"), or unrelated. String similarity and phonetic keys come from ``jellyfish``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

import jellyfish
from nameparser import HumanName
from nameparser.config import Constants

__all__ = [
    "CIVIL_TITLES",
    "POLICE_RANKS",
    "POLICE_WORDS",
    "ForenameRelation",
    "ParsedName",
    "forename_forms",
    "forename_relation",
    "jaro_winkler",
    "nickname_core",
    "normalise",
    "parse_name",
    "phonetic",
]

#: Police ranks and their usual abbreviations, mapped to one normalised rank.
POLICE_RANKS: dict[str, str] = {
    "pc": "pc",
    "wpc": "pc",
    "constable": "pc",
    "police constable": "pc",
    "dc": "dc",
    "wdc": "dc",
    "detective constable": "dc",
    "ps": "sgt",
    "sgt": "sgt",
    "sergeant": "sgt",
    "police sergeant": "sgt",
    "ds": "ds",
    "dsgt": "ds",
    "det sgt": "ds",
    "detective sergeant": "ds",
    "insp": "insp",
    "inspector": "insp",
    "di": "di",
    "detective inspector": "di",
    "ci": "ci",
    "chief inspector": "ci",
    "dci": "dci",
    "detective chief inspector": "dci",
    "supt": "supt",
    "superintendent": "supt",
    "dsupt": "dsupt",
    "detective superintendent": "dsupt",
    "ch supt": "chsupt",
    "chief superintendent": "chsupt",
    "pcso": "pcso",
    "det": "det",
    "detective": "det",
    "officer": "officer",
}

#: Words in a description that say the person was a police officer ("a copper", "the cop").
POLICE_WORDS: frozenset[str] = frozenset(
    {"copper", "cop", "coppers", "police", "policeman", "policewoman", "bobby", "plod", "detective"}
)

#: Civil titles: they say nothing about role, and are dropped before comparison.
CIVIL_TITLES: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "rev", "sir", "lady", "lord", "father", "fr", "uncle"}
)

_NICKNAME_PREFIXES = frozenset({"big", "little", "young", "old", "fat", "mad", "crazy", "lanky"})
_DETERMINERS = frozenset({"the", "a", "an", "that", "this", "his", "her", "their", "some", "one"})
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """Lower case, accents and punctuation removed, single spaces: "O'Néill " -> "oneill"."""
    if not text:
        return ""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    plain = plain.lower().replace("'", "").replace("\u2019", "")
    return _SPACES.sub(" ", _NON_WORD.sub(" ", plain)).strip()


@cache
def _constants() -> Constants:
    constants = Constants()
    constants.titles.add(*{word for rank in POLICE_RANKS for word in rank.split()})
    return constants


@dataclass(frozen=True)
class ParsedName:
    """A name or description as given, split into its parts (all normalised).

    ``single`` holds a lone word given with no title ("Bash", "Khan"): it may be a forename, a
    nickname or a surname, and comparison decides which. ``police`` is True when a rank or a
    word such as "copper" marks the person as a police officer. ``descriptive`` is True for a
    description rather than a name ("the tall one with the silver Astra"); its ``words`` are kept.
    """

    text: str
    rank: str | None = None
    police: bool = False
    forename: str | None = None
    middle: str | None = None
    surname: str | None = None
    nickname: str | None = None
    single: str | None = None
    descriptive: bool = False
    words: tuple[str, ...] = ()
    number: str | None = None

    @property
    def has_name(self) -> bool:
        """True if any part of a name was given."""
        return any((self.forename, self.surname, self.nickname, self.single))

    @property
    def initial(self) -> str | None:
        """The forename's first letter, if a forename was given."""
        return self.forename[0] if self.forename else None


def _rank_of(title_words: list[str]) -> str | None:
    joined = " ".join(title_words)
    if joined in POLICE_RANKS:
        return POLICE_RANKS[joined]
    ranks = [POLICE_RANKS[w] for w in title_words if w in POLICE_RANKS]
    return ranks[-1] if ranks else None


def _descriptive(text: str) -> ParsedName:
    words = tuple(normalise(text).split())
    police = any(w in POLICE_WORDS for w in words)
    return ParsedName(text=text, police=police, descriptive=True, words=words)


def nickname_core(nickname: str) -> str | None:
    """The name inside a street name: "big dan" -> "dan", "little phil" -> "phil"; else None."""
    first, _, rest = nickname.partition(" ")
    return rest if first in _NICKNAME_PREFIXES and rest else None


@lru_cache(maxsize=1 << 16)
def parse_name(text: str) -> ParsedName:
    """Parse a mention's text into rank, forename, middle, surname, nickname or a lone word."""
    clean = normalise(text)
    if not clean:
        return ParsedName(text=text, descriptive=True)
    first_word = clean.split()[0]
    if first_word in _DETERMINERS or (
        text.strip()[:1].islower() and first_word not in POLICE_RANKS
    ):
        return _descriptive(text)
    human = HumanName(text, constants=_constants())
    title_words = normalise(human.title).split()
    rank = _rank_of(title_words)
    number = None
    parts = [normalise(p) for p in (human.first, human.middle, human.last)]
    first, middle, last = parts
    if first.isdigit():  # "PC 1234 Ali": a collar number, not a forename
        number, first = first, ""
    if middle.isdigit():
        number, middle = middle, ""
    if last.isdigit():  # "DC 3720": known by number alone
        number, last = last, ""
    if first in _NICKNAME_PREFIXES and (last or middle):  # "Big Dan", "Little Phil": a street name
        return ParsedName(text=text, nickname=clean, number=number)
    nickname = normalise(human.nickname) or None
    if not title_words and first and not middle and not last:
        return ParsedName(text=text, single=first, nickname=nickname, number=number)
    if rank is None and not first and not last and nickname is None:
        return _descriptive(text)
    return ParsedName(
        text=text,
        rank=rank,
        police=rank is not None,
        forename=first or None,
        middle=middle or None,
        surname=last or None,
        nickname=nickname,
        number=number,
    )


@cache
def _nicknamer() -> object:
    from nicknames import NickNamer

    return NickNamer()


@cache
def forename_forms(name: str) -> frozenset[str]:
    """The forename, its formal forms and its nicknames per the ``nicknames`` table."""
    namer = _nicknamer()
    forms = {name}
    forms |= namer.canonicals_of(name)  # type: ignore[attr-defined]
    forms |= namer.nicknames_of(name)  # type: ignore[attr-defined]
    return frozenset(forms)


class ForenameRelation(StrEnum):
    """How two forenames relate."""

    SAME = "same"
    NICKNAME = "nickname"
    SIMILAR = "similar"
    INITIAL = "initial"
    DIFFERENT = "different"


def forename_relation(a: str, b: str) -> ForenameRelation:
    """Whether two normalised forenames are the same, nicknames of one another, alike or different.

    Short forms count as nicknames when one name begins with the other and the shorter has at
    least three letters ("bash" / "bashir"); a lone letter matching the other's first letter is
    an ``initial``; a Jaro-Winkler similarity of at least 0.92, or of 0.85 with the same
    Soundex code ("mychael" / "michael"), is ``similar`` (a misspelling), as for surnames; so
    is one letter wrong, added, dropped or swapped in names of five letters or more with the
    same Soundex code ("garard" / "gerard", where Jaro-Winkler gives 0.84).
    """
    if a == b:
        return ForenameRelation.SAME
    if len(a) == 1 or len(b) == 1:
        return ForenameRelation.INITIAL if a[0] == b[0] else ForenameRelation.DIFFERENT
    if _is_nickname_pair(a, b):
        return ForenameRelation.NICKNAME
    similarity = jaro_winkler(a, b)
    if similarity >= 0.92 or (similarity >= 0.85 and phonetic(a) == phonetic(b)):
        return ForenameRelation.SIMILAR
    if (
        min(len(a), len(b)) >= 5
        and phonetic(a) == phonetic(b)
        and jellyfish.damerau_levenshtein_distance(a, b) == 1
    ):
        return ForenameRelation.SIMILAR  # one letter wrong early on: "garard" / "gerard"
    return ForenameRelation.DIFFERENT


def _is_nickname_pair(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and long_.startswith(short):
        return True
    forms_a = forename_forms(a)
    return b in forms_a or a in forename_forms(b) or bool(forms_a & forename_forms(b) - {a, b})


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity of two strings, 1.0 for identical ones."""
    return float(jellyfish.jaro_winkler_similarity(a, b))


def phonetic(name: str) -> str:
    """A phonetic key (Soundex) of a normalised name; empty for an empty name."""
    return str(jellyfish.soundex(name)) if name else ""
