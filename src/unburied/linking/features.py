"""Comparing two references: the features, their levels, and the weight of each level.

Each feature (surname, forename, nickname, police, collar number, others named, places,
vehicles, description, statement, complainant, time) has levels, best first. A feature that
cannot be compared (a value missing on one side) is left out and counts neither way.

The weight of a level is log2(m/u). **m** (P(level | same person)) is the documented table
:data:`M_PROBABILITIES`; **u** (P(level | different people)) is measured on the corpus by
:class:`CorpusStatistics`: from random pairs of mentions, and for an exact name from how
common that name is (term frequency).
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from unburied.domain.errors import InvalidInput
from unburied.linking.explain import ALLEGATIONS, COMPLAINANT, Evidence, EvidenceKind, Outcome
from unburied.linking.fellegi_sunter import estimate_m
from unburied.linking.names import (
    ForenameRelation,
    forename_forms,
    forename_relation,
    jaro_winkler,
    nickname_core,
    phonetic,
)
from unburied.linking.profiles import Profile

__all__ = [
    "FEATURES",
    "M_PROBABILITIES",
    "PERSON_FEATURES",
    "REGISTER_MINIMUM",
    "TRAINING_SESSIONS",
    "U_DEFAULTS",
    "U_PSEUDO_PAIRS",
    "CorpusStatistics",
    "Levels",
    "compare_profiles",
    "evidence_of",
    "names_fit",
]


# --- comparing two profiles -----------------------------------------------------------------------

#: P(level | same person), per feature, best level first. Documented, not fitted: see
#: docs/linking.md for why each value is what it is.
M_PROBABILITIES: dict[str, tuple[float, ...]] = {
    "surname": (0.86, 0.08, 0.04, 0.02),
    "forename": (0.72, 0.14, 0.07, 0.04, 0.03),
    "nickname": (0.8, 0.1, 0.1),
    "role": (0.6, 0.39, 0.01),
    "number": (0.95, 0.05),
    "associates": (0.25, 0.3, 0.45),
    "places": (0.45, 0.45, 0.1),
    "vehicles": (0.3, 0.15, 0.55),
    "appearance": (0.5, 0.5),
    "complainant": (0.15, 0.1, 0.05, 0.7),
    "time": (0.8, 0.17, 0.03),
    "accused": (0.6, 0.4),
    "forenamed": (0.5, 0.5),
}

#: P(level | different people) before the corpus is seen; the corpus's random pairs outweigh
#: these as soon as there are more than :data:`U_PSEUDO_PAIRS` comparable pairs.
U_DEFAULTS: dict[str, tuple[float, ...]] = {
    "surname": (0.01, 0.01, 0.03, 0.95),
    "forename": (0.02, 0.02, 0.02, 0.04, 0.9),
    "nickname": (0.02, 0.02, 0.96),
    "role": (0.5, 0.4, 0.1),
    "number": (0.001, 0.999),
    "associates": (0.005, 0.03, 0.965),
    "places": (0.02, 0.1, 0.88),
    "vehicles": (0.02, 0.1, 0.88),
    "appearance": (0.3, 0.7),
    "complainant": (0.002, 0.002, 0.006, 0.99),
    "time": (0.4, 0.5, 0.1),
    "accused": (0.001, 0.999),
    "forenamed": (0.05, 0.95),
}
U_PSEUDO_PAIRS = 50

#: Features whose m stays the documented one. Police or not: the blocked pairs EM learns from
#: put officers tied to a network beside its suspects (same places, same associates), and EM
#: took "a police title against a man who never served" for a common way of naming one man.
FIXED_M = frozenset({"role"})

#: Features whose u is measured on random pairs of a mention and a known person.
PERSON_FEATURES = frozenset({"role", "accused", "forenamed"})

#: Name frequencies come from the register of known people once it holds this many.
REGISTER_MINIMUM = 200

#: The name features whose exact agreement selects the pairs of one EM session.
TRAINING_SESSIONS = ("surname", "forename", "nickname")

#: What each feature is, the reviewer's word for it, and its levels (best first).
FEATURES: dict[str, tuple[EvidenceKind, str, tuple[str, ...]]] = {
    "surname": (
        EvidenceKind.SURNAME,
        "",
        ("exact", "similar spelling", "initial only", "different"),
    ),
    "forename": (
        EvidenceKind.FORENAME,
        "",
        ("exact", "nickname or short form", "similar spelling", "initial only", "different"),
    ),
    "nickname": (EvidenceKind.NICKNAME, "name or nickname", ("same", "similar", "different")),
    "role": (
        EvidenceKind.ROLE,
        "police",
        ("both police", "a police title on one side only", "police and not police"),
    ),
    "number": (EvidenceKind.IDENTIFIER, "collar number", ("same", "different")),
    "associates": (
        EvidenceKind.ASSOCIATE,
        "others named",
        ("two or more in common", "one in common", "none in common"),
    ),
    "places": (
        EvidenceKind.PLACE,
        "places",
        ("in common", "linked through other statements", "none in common"),
    ),
    "vehicles": (
        EvidenceKind.VEHICLE,
        "vehicles",
        ("same colour and model", "same model or make", "none in common"),
    ),
    "appearance": (EvidenceKind.DESCRIPTION, "description", ("in common", "none in common")),
    "complainant": (
        EvidenceKind.OTHER,
        COMPLAINANT,
        (
            "same complainant, and each the only person named in the statement",
            "same complainant, and the only one named in her other statement whom this name fits",
            "same complainant",
            "different complainants",
        ),
    ),
    "time": (
        EvidenceKind.TIME,
        "time between statements",
        ("under 5 years", "5 to 15 years", "over 15 years"),
    ),
    "accused": (
        EvidenceKind.OTHER,
        ALLEGATIONS,
        ("her allegation accuses him", "her allegations do not accuse him"),
    ),
    "forenamed": (
        EvidenceKind.OTHER,
        "her forenames",
        ("she names a man by his forename too", "she names no man by his forename"),
    ),
}

#: feature -> (level, the name agreed on when the level is exact, for term frequency)
Levels = dict[str, tuple[int, str | None]]

#: Whether two mentions' statements are in one circle (None: cannot tell).
SameCircle = Callable[[Profile, Profile], bool | None]

#: Whether one of two mentions is, by elimination among one complainant's statements, the other.
Eliminated = Callable[[Profile, Profile], bool]


@lru_cache(maxsize=1 << 18)
def _surname_level(x: str, y: str) -> int:
    if x == y:
        return 0
    if len(x) == 1 or len(y) == 1:
        return 2 if x[0] == y[0] else 3
    similarity = jaro_winkler(x, y)
    if similarity >= 0.92 or (similarity >= 0.85 and phonetic(x) == phonetic(y)):
        return 1
    return 3


def _best_surname(a: Iterable[str], b: Iterable[str]) -> tuple[int, str | None]:
    best: tuple[int, str | None] = (3, None)
    for x in a:
        for y in b:
            level = _surname_level(x, y)
            if level == 0:
                return 0, x
            best = min(best, (level, None), key=lambda t: t[0])
    return best


_RELATION_LEVEL = {
    ForenameRelation.SAME: 0,
    ForenameRelation.NICKNAME: 1,
    ForenameRelation.SIMILAR: 2,
    ForenameRelation.INITIAL: 3,
    ForenameRelation.DIFFERENT: 4,
}


#: The forename level "similar spelling", whose weight takes the term frequency of the name.
_FORENAME_SIMILAR = _RELATION_LEVEL[ForenameRelation.SIMILAR]


def _spelt_pair(x: str, y: str) -> str:
    """Two names spelt alike, as the value of a "similar" level: "nathan|ntahan"."""
    return f"{min(x, y)}|{max(x, y)}"


@lru_cache(maxsize=1 << 18)
def _forename_level(x: str, y: str) -> int:
    return _RELATION_LEVEL[forename_relation(x, y)]


def _best_forename(a: Iterable[str], b: Iterable[str]) -> tuple[int, str | None]:
    best: tuple[int, str | None] = (5, None)
    for x in a:
        for y in b:
            level = _forename_level(x, y)
            if level == 0:
                return 0, x
            value = _spelt_pair(x, y) if level == _FORENAME_SIMILAR else None
            best = min(best, (level, value), key=lambda t: t[0])
    return best


def _name_levels(a: Profile, b: Profile, out: Levels) -> None:
    if a.surnames and b.surnames:
        out["surname"] = _best_surname(a.surnames, b.surnames)
    else:
        for named, lone in ((a, b), (b, a)):
            if named.surnames and lone.lone - lone.forename_on_record:
                level = _best_surname(named.surnames, lone.lone - lone.forename_on_record)
                if level[0] < 2:
                    out["surname"] = level
    if a.forenames and b.forenames:
        out["forename"] = _best_forename(a.forenames, b.forenames)
    elif "surname" not in out:
        for named, lone in ((a, b), (b, a)):
            if named.forenames and (lone.lone or lone.nicknames):
                level = _best_forename(named.forenames, lone.lone | _with_cores(lone.nicknames))
                if level[0] <= 2:
                    out["forename"] = level
    if "surname" in out or "forename" in out:
        return
    a_nick, b_nick = a.nicknames | a.lone, b.nicknames | b.lone
    if a_nick and b_nick:
        shared = a_nick & b_nick
        if shared:
            out["nickname"] = (0, min(shared))
        else:
            alike = next(
                (_spelt_pair(x, y) for x in a_nick for y in b_nick if _spelt_alike(x, y)), None
            )
            similar = alike is not None or _core_fits(a_nick, b_nick) or _core_fits(b_nick, a_nick)
            out["nickname"] = (1 if similar else 2, alike)


def _spelt_alike(x: str, y: str) -> bool:
    """Two nicknames spelt alike; "little leo" and "little joe" are compared as "leo", "joe"."""
    core_x, core_y = nickname_core(x), nickname_core(y)
    if core_x and core_y:
        x, y = core_x, core_y
    return jaro_winkler(x, y) >= 0.9


def _with_cores(nicknames: frozenset[str]) -> frozenset[str]:
    """Nicknames and the names inside them ("big dan" adds "dan")."""
    cores = {core for n in nicknames if (core := nickname_core(n))}
    return nicknames | cores if cores else nicknames


def _core_fits(a: frozenset[str], b: frozenset[str]) -> bool:
    """True if the name inside a street name of ``a`` is a form of a name in ``b``."""
    cores = {core for n in a if (core := nickname_core(n))}
    return any(_forename_level(core, y) <= 2 for core in cores for y in b)


#: The level of each name feature from which the names are taken to disagree.
_NAMES_DISAGREE = {"surname": 3, "forename": 4, "nickname": 2}


def names_fit(a: Profile, b: Profile) -> bool:
    """True if nothing in the two names says they are different men.

    A street name or a description fits any name; "Kev" does not fit "Daniel Hewson".
    """
    if a.name_set.conflicts_with(b.name_set):
        return False
    out: Levels = {}
    _name_levels(a, b, out)
    if any(level >= _NAMES_DISAGREE[f] for f, (level, _) in out.items()):
        return False
    return _lone_fits(a, b) and _lone_fits(b, a)


def _lone_fits(a: Profile, b: Profile) -> bool:
    """False if a lone forename of ``a`` ("Kev", or "Dan" in "Big Dan") is none of ``b``'s.

    A word the nickname table does not know as a forename ("Smiler") says nothing either way.
    """
    if not b.forenames:
        return True
    for word in _with_cores(a.lone | a.nicknames):
        if forename_forms(word) == {word}:
            continue
        if any(_forename_level(word, f) <= 3 for f in b.forenames):
            continue
        if any(_surname_level(word, s) <= 1 for s in b.surnames):
            continue
        return False
    return True


_FITS = frozenset({ForenameRelation.SAME, ForenameRelation.NICKNAME, ForenameRelation.SIMILAR})


def _context_levels(
    a: Profile,
    b: Profile,
    out: Levels,
    same_circle: SameCircle | None,
    eliminated: Eliminated | None = None,
) -> None:
    if a.police or b.police:
        if a.police and b.police:
            out["role"] = (0, None)
        else:
            out["role"] = (2, None) if a.police is False or b.police is False else (1, None)
    if a.numbers and b.numbers:
        out["number"] = (0, None) if a.numbers & b.numbers else (1, None)
    if a.statement is not None and a.statement == b.statement:
        return  # one statement's context is shared by all its mentions: it says nothing
    own = a.sound_keys | b.sound_keys
    assoc_a, assoc_b = a.associates - own, b.associates - own
    if assoc_a and assoc_b:
        common = len(assoc_a & assoc_b)
        out["associates"] = (0 if common >= 2 else 1 if common else 2, None)
    _place_level(a, b, out, same_circle)
    if a.vehicles and b.vehicles:
        if a.vehicle_colours & b.vehicle_colours:
            out["vehicles"] = (0, None)
        else:
            out["vehicles"] = (1 if a.vehicles & b.vehicles else 2, None)
    if a.appearance and b.appearance:
        out["appearance"] = (0 if a.appearance & b.appearance else 1, None)
    if a.is_person or b.is_person:
        person, mention = (a, b) if a.is_person else (b, a)
        if person.accused_by and mention.accuses and not mention.is_person:
            out["accused"] = (0 if mention.complainant in person.accused_by else 1, None)
        if mention.her_forenames and person.forenames and mention.surnames:
            fits = any(
                forename_relation(hers, his) in _FITS
                for hers in mention.her_forenames
                for his in person.forenames
            )
            out["forenamed"] = (0 if fits else 1, None)
        return  # a known person's context is that of mentions already linked to him
    if a.complainant != b.complainant:
        out["complainant"] = (3, None)
    elif a.alone and b.alone:
        out["complainant"] = (0, None)
    else:
        out["complainant"] = (1 if eliminated is not None and eliminated(a, b) else 2, None)
    if a.taken_on and b.taken_on:
        years = abs((a.taken_on - b.taken_on).days) / 365.25
        out["time"] = (0 if years < 5 else 1 if years <= 15 else 2, None)


def _place_level(a: Profile, b: Profile, out: Levels, same_circle: SameCircle | None) -> None:
    """Places: in common (0); statements in one circle (1); neither (2).

    Without circles (``same_circle`` None, or a known person) only a place named on both
    sides is compared: in common (0) or not (2).
    """
    if a.places & b.places:
        out["places"] = (0, None)
        return
    circle = None if same_circle is None else same_circle(a, b)
    if circle is not None:
        out["places"] = (1 if circle else 2, None)
    elif a.places and b.places:
        out["places"] = (2, None)


def compare_profiles(
    a: Profile,
    b: Profile,
    same_circle: SameCircle | None = None,
    eliminated: Eliminated | None = None,
) -> Levels:
    """The level of every feature that can be compared for the two references.

    ``same_circle(a, b)`` tells whether two mentions' statements are in one circle
    (:class:`unburied.linking.circles.Circles`), or None when it cannot tell;
    ``eliminated(a, b)`` whether one is the other by elimination among one complainant's
    statements (:class:`unburied.linking.elimination.Elimination`).
    """
    out: Levels = {}
    _name_levels(a, b, out)
    _context_levels(a, b, out, same_circle, eliminated)
    return out


# --- statistics of the corpus: u-probabilities and name frequencies -------------------------------


#: The fitted numbers of :class:`CorpusStatistics` besides u and m, as its parameters name them.
_FITTED = (
    "prior",
    "on_record",
    "on_record_named",
    "on_record_accusing",
)


@dataclass
class CorpusStatistics:
    """How common each name is, how often random pairs agree at each level (u), the priors.

    Name frequencies should be those of *people*, not of mentions: a man named in two hundred
    statements does not make his surname common. So they come from the register of known
    people when it holds at least :data:`REGISTER_MINIMUM` of them, and otherwise from the
    mentions, each name counted once per complainant.

    Two random mentions are the same person with the prior ``prior``. A mention refers to
    somebody on record with one of three shares, fitted by EM: for mentions that give a
    surname (``on_record_named``: a man named in full is usually somebody on record), for
    mentions that give none by a complainant whose allegations accuse somebody on record
    (``on_record_accusing``: "the tall one" of a survivor who accuses a man on record is
    often him) and for the rest (``on_record``: a street name or a description often is
    not); its prior of being one given known person is that share over the number of people
    on record (:meth:`prior_for`). The linker weighs a mention's links to known people
    against each other with the shares
    (:func:`unburied.linking.fellegi_sunter.weigh_candidates`).
    """

    register: dict[str, Counter[str]] = field(
        default_factory=lambda: {f: Counter() for f in ("surname", "forename", "nickname")}
    )
    mentioned: dict[str, Counter[str]] = field(
        default_factory=lambda: {f: Counter() for f in ("surname", "forename", "nickname")}
    )
    _seen: set[tuple[str, str, str]] = field(default_factory=set)
    people: int = 0
    u: dict[str, tuple[float, ...]] = field(default_factory=dict)
    m: dict[str, tuple[float, ...]] = field(default_factory=lambda: dict(M_PROBABILITIES))
    prior: float = 1e-4
    on_record: float = 0.5
    on_record_named: float = 0.5
    on_record_accusing: float = 0.5
    _weights: dict[str, tuple[float, ...]] = field(default_factory=dict)
    _cache: dict[tuple[str, int, str | None], float] = field(default_factory=dict)

    def count(self, profile: Profile, group: str | None = None) -> None:
        """Add a reference's names to the frequency tables: a mention's names once per
        ``group`` (its circle of statements, as :meth:`recount` counts), else once per
        complainant."""
        self._cache.clear()
        names = {
            "surname": profile.surnames | profile.lone,
            "forename": profile.forenames,
            "nickname": profile.nicknames | profile.lone,
        }
        if profile.is_person:
            self.people += 1
            for feature, values in names.items():
                self.register[feature].update(values)
            return
        for feature, values in names.items():
            for value in values:
                key = (feature, value, group or profile.complainant or profile.id)
                if key not in self._seen:
                    self._seen.add(key)
                    self.mentioned[feature][value] += 1

    def recount(
        self, profiles: Iterable[Profile], group_of: Callable[[Profile], str | None]
    ) -> None:
        """Count the mentions' names again, each name once per group (a circle of statements).

        Many complainants naming one man by his street name do not make it a common name:
        within one circle (roughly one network) a name is counted once.
        """
        self._cache.clear()
        self.mentioned = {f: Counter() for f in ("surname", "forename", "nickname")}
        self._seen = set()
        for profile in profiles:
            if profile.is_person:
                continue
            group = group_of(profile) or profile.complainant or profile.id
            names = {
                "surname": profile.surnames | profile.lone,
                "forename": profile.forenames,
                "nickname": profile.nicknames | profile.lone,
            }
            for feature, values in names.items():
                for value in values:
                    key = (feature, value, group)
                    if key not in self._seen:
                        self._seen.add(key)
                        self.mentioned[feature][value] += 1

    def parameters(self) -> dict[str, Any]:
        """What training fitted (u, m, the priors and shares), as JSON-ready data.

        Name frequencies are not part of it: they are counted again from the corpus in hand,
        so the data holds no name.
        """
        return {
            "u": {f: list(v) for f, v in sorted(self.u.items())},
            "m": {f: list(v) for f, v in sorted(self.m.items())},
        } | {name: getattr(self, name) for name in _FITTED}

    def use_parameters(self, data: Mapping[str, Any]) -> None:
        """Take u, m and the priors from :meth:`parameters` instead of training.

        :class:`InvalidInput` names what is wrong when ``data`` does not fit the features of
        this version (a feature missing or unknown, a level count that differs, a probability
        outside (0, 1)); nothing is changed then.
        """
        fitted: dict[str, dict[str, tuple[float, ...]]] = {}
        for table in ("u", "m"):
            given = data.get(table)
            if not isinstance(given, Mapping):
                raise InvalidInput(f"linking parameters: '{table}' is missing")
            if set(given) != set(FEATURES):
                odd = sorted(set(given) ^ set(FEATURES))
                raise InvalidInput(
                    f"linking parameters: '{table}' does not fit the features of this "
                    f"version ({', '.join(odd)})"
                )
            fitted[table] = {}
            for feature, values in given.items():
                levels = len(FEATURES[feature][2])
                if not isinstance(values, list) or len(values) != levels:
                    raise InvalidInput(
                        f"linking parameters: {table}['{feature}'] needs {levels} levels"
                    )
                if not all(isinstance(v, int | float) and 0.0 < v < 1.0 for v in values):
                    raise InvalidInput(
                        f"linking parameters: {table}['{feature}'] holds a value outside (0, 1)"
                    )
                fitted[table][feature] = tuple(float(v) for v in values)
        priors = {}
        for name in _FITTED:
            value = data.get(name)
            if not isinstance(value, int | float) or not 0.0 < value < 1.0:
                raise InvalidInput(f"linking parameters: '{name}' is missing or not in (0, 1)")
            priors[name] = float(value)
        self.u, self.m = fitted["u"], fitted["m"]
        for name, value in priors.items():
            setattr(self, name, value)
        self._refresh()

    def frequency(self, feature: str, value: str) -> float | None:
        """The share of people bearing a name (for term-frequency weights)."""
        register = self.register.get(feature)
        if register is not None and self.people >= REGISTER_MINIMUM and register.total():
            return max(register.get(value, 0), 1) / register.total()
        counts = self.mentioned.get(feature)
        if not counts:
            return None
        return max(counts.get(value, 1), 1) / counts.total()

    def on_record_for(self, mention: Profile) -> float:
        """The share of mentions like this one that refer to somebody on record: giving a
        surname; giving none, by a complainant whose allegations accuse somebody on record;
        the rest."""
        if mention.surnames:
            return self.on_record_named
        return self.on_record_accusing if mention.accuses else self.on_record

    def prior_for(self, a: Profile, b: Profile) -> float:
        """The prior of a pair: of two mentions, ``prior``; of a mention and a known person,
        the mention's share on record (:meth:`on_record_for`) over the people on record."""
        if not (a.is_person or b.is_person):
            return self.prior
        return self.on_record_for(b if a.is_person else a) / max(self.people, 1)

    def estimate_u(
        self,
        profiles: Sequence[Profile],
        sample: int = 20_000,
        seed: int = 0,
        same_circle: SameCircle | None = None,
        eliminated: Eliminated | None = None,
        people: Sequence[Profile] = (),
    ) -> None:
        """u for each feature's levels from random pairs of the given profiles.

        The tallies start from :data:`U_DEFAULTS` worth ``U_PSEUDO_PAIRS`` pairs, so a small
        corpus, where few random pairs can be compared on a feature, falls back to them. The
        features compared only between a mention and a known person (:data:`PERSON_FEATURES`:
        police or not, her allegations) are measured on random pairs of a mention and one of
        ``people`` instead: between two mentions "police and not police" never occurs, and a
        u measured there would make that disagreement count *for* a link.
        """
        rng = random.Random(seed)  # noqa: S311 - sampling, not security
        tallies = {f: [U_PSEUDO_PAIRS * u for u in U_DEFAULTS[f]] for f in FEATURES}
        for a, b in _random_pairs(len(profiles), sample, rng):
            for feature, (level, _) in compare_profiles(
                profiles[a], profiles[b], same_circle, eliminated
            ).items():
                if not (people and feature in PERSON_FEATURES):
                    tallies[feature][level] += 1
        if people and profiles:
            for _ in range(sample):
                mention, person = rng.choice(profiles), rng.choice(people)
                for feature, (level, _) in compare_profiles(mention, person).items():
                    if feature in PERSON_FEATURES:
                        tallies[feature][level] += 1
        self.u = {f: tuple(c / sum(counts) for c in counts) for f, counts in tallies.items()}
        self._refresh()

    def _refresh(self) -> None:
        self._cache.clear()
        self._weights = {
            f: tuple(math.log2(m / u) for m, u in zip(self.m[f], self.u[f], strict=True))
            for f in FEATURES
        }

    def fit_m(self, compared: Sequence[Levels], min_pairs: int = 50) -> None:
        """Refine m by EM on the blocked pairs, one session per name feature, u held fixed.

        Each session takes the pairs that agree exactly on one name feature and estimates m
        for every other feature (pairs chosen for agreeing on a surname say nothing about how
        often the same person's surname agrees). The documented :data:`M_PROBABILITIES` count
        as one more session, so a feature no session could estimate keeps its documented m.
        """
        order = list(FEATURES)
        sizes = [len(FEATURES[f][2]) for f in order]
        matrix = np.full((len(compared), len(order)), -1, dtype=np.int8)
        for row, levels in enumerate(compared):
            for feature, (level, _) in levels.items():
                matrix[row, order.index(feature)] = level
        u = [np.asarray(self.u[f]) for f in order]
        estimates: dict[str, list[np.ndarray]] = {
            f: [np.asarray(M_PROBABILITIES[f])] for f in order
        }
        for feature in TRAINING_SESSIONS:
            k = order.index(feature)
            chosen = matrix[matrix[:, k] == 0]
            if len(chosen) < min_pairs:
                continue
            for j, m in enumerate(estimate_m(chosen, sizes, u, excluded=[k])):
                present = chosen[:, j] >= 0
                if m is not None and present.sum() >= min_pairs:
                    estimates[order[j]].append(m)
        self.m = {
            f: tuple(float(x) for x in np.mean(np.stack(estimates[f]), axis=0))
            if f not in FIXED_M
            else M_PROBABILITIES[f]
            for f in order
        }
        self._refresh()

    def weight(self, feature: str, level: int, value: str | None) -> float:
        """log2(m/u) of one level; an exact name uses how common that name is as u, and two
        names spelt alike (a value "x|y") add log2(u of the exact level / how common the
        commoner of them is), so a misspelt rare name weighs more than a misspelt common one."""
        key = (feature, level, value)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._weight(feature, level, value)
        return found

    def _weight(self, feature: str, level: int, value: str | None) -> float:
        if level == 0 and value is not None:
            tf = self.frequency(feature, value)
            if tf is not None:
                return math.log2(self.m[feature][0] / tf)
        if level > 0 and value is not None:  # two names spelt alike: "ntahan" and "nathan"
            found = [self.frequency(feature, v) for v in value.split("|")]
            known = [f for f in found if f is not None]
            if known:
                return self._weights[feature][level] + math.log2(self.u[feature][0] / max(known))
        return self._weights[feature][level]

    def total_weight(self, levels: Levels) -> float:
        """The sum of the weights of every compared feature."""
        return sum(self.weight(f, level, value) for f, (level, value) in levels.items())


def _random_pairs(size: int, sample: int, rng: random.Random) -> Iterable[tuple[int, int]]:
    """``sample`` random distinct pairs, or every pair once when there are fewer."""
    if size * (size - 1) // 2 <= sample:
        return itertools.combinations(range(size), 2)
    return (tuple(rng.sample(range(size), 2)) for _ in range(sample))  # type: ignore[misc]


def _shared(a: frozenset[str], b: frozenset[str]) -> str:
    return ", ".join(f"'{x}'" for x in sorted(a & b)[:3])


def _pair_names(a: Iterable[str], b: Iterable[str]) -> str:
    return f"'{'/'.join(sorted(a))}' and '{'/'.join(sorted(b))}'"


def _detail(feature: str, level: int, value: str | None, a: Profile, b: Profile) -> str:
    if feature in ("surname", "forename", "nickname"):
        if value is not None and level == 0:
            return f"'{value}'"
        sides = {
            "surname": (a.surnames or a.lone, b.surnames or b.lone),
            "forename": (a.forenames or a.lone | a.nicknames, b.forenames or b.lone | b.nicknames),
            "nickname": (a.nicknames | a.lone, b.nicknames | b.lone),
        }[feature]
        return _pair_names(*sides)
    if feature == "associates" and level < 2:
        own = a.sound_keys | b.sound_keys
        said = dict(b.associate_names) | dict(a.associate_names)
        shared = sorted((a.associates - own) & (b.associates - own))[:3]
        return ", ".join(f"'{said.get(key, key)}'" for key in shared)
    if feature == "places" and level == 0:
        return _shared(a.places, b.places)
    if feature == "vehicles" and level < 2:
        return _shared(a.vehicle_colours, b.vehicle_colours) or _shared(a.vehicles, b.vehicles)
    if feature == "appearance" and level == 0:
        return _shared(a.appearance, b.appearance)
    if feature == "number" and level == 0:
        return _shared(a.numbers, b.numbers)
    if feature == "time" and a.taken_on and b.taken_on:
        return f"{abs((a.taken_on - b.taken_on).days) / 365.25:.0f} years"
    return ""


_NON_IDENTIFYING_LEVEL = {
    ("surname", 2): EvidenceKind.INITIAL,
    ("forename", 1): EvidenceKind.NICKNAME,
}


def evidence_of(a: Profile, b: Profile, levels: Levels, stats: CorpusStatistics) -> list[Evidence]:
    """The evidence of a pair: each compared feature, its outcome, weight and what was seen."""
    items = []
    for feature, (level, value) in levels.items():
        kind, label, names = FEATURES[feature]
        kind = _NON_IDENTIFYING_LEVEL.get((feature, level), kind)
        last = len(names) - 1
        outcome = (
            Outcome.AGREE if level == 0 else Outcome.DISAGREE if level == last else Outcome.PARTIAL
        )
        detail = _detail(feature, level, value, a, b)
        text = f"{names[level]}: {detail}" if detail else names[level]
        items.append(Evidence(kind, outcome, stats.weight(feature, level, value), text, label))
    if a.statement is not None and a.statement == b.statement:
        items.append(
            Evidence(
                EvidenceKind.OTHER,
                Outcome.MISSING,
                0.0,
                "both named in one statement: context not compared",
                "statement",
            )
        )
    return items
