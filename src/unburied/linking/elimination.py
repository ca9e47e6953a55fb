"""Elimination within one complainant's statements: which of the men she named before is meant.

A survivor's first statement names the men who abused her ("Smiler", "Kev"); a later
statement of hers names one man, perhaps another way ("Daniel Hewson"). If that name cannot
be Kev's (a different forename) but can be Smiler's (a street name says nothing against it),
then by elimination the later mention is most likely Smiler. This is what a reviewer does
with one survivor's statements side by side, and it is what bridges two ways of naming one
man that share no word.

The evidence is a level of the "complainant" feature (see :mod:`unburied.linking.features`):
a pair (M, N) of mentions in two statements of one complainant, where M is the only person
of its role named in its statement, and N is the only one of the people of that role named
in its own statement whose name fits M (mentions there with a shared name word count as one
man). Its weight, like every other, comes from the corpus (u on random pairs, m by EM), and
a pair resting on it alone is never linked automatically: no name identifies the man.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from unburied.linking.clusters import pair
from unburied.linking.features import names_fit
from unburied.linking.profiles import Profile

__all__ = ["Elimination"]


class Elimination:
    """Statements by complainant, and the pairs each complainant's statements eliminate to."""

    def __init__(self) -> None:
        self._statements: dict[str, dict[str, list[Profile]]] = defaultdict(dict)
        self._pairs: set[frozenset[str]] = set()
        self._partners: dict[str, set[str]] = defaultdict(set)

    def add(self, profile: Profile) -> None:
        """Note a mention under its complainant's statement (known people are left out)."""
        if profile.is_person or not profile.complainant or profile.statement is None:
            return
        named = self._statements[profile.complainant].setdefault(profile.statement, [])
        named.append(profile)

    def mentions_of(self, complainant: str) -> list[Profile]:
        """Every mention in the complainant's statements."""
        return [m for named in self._statements.get(complainant, {}).values() for m in named]

    def __contains__(self, pair_of_ids: object) -> bool:
        return pair_of_ids in self._pairs

    def eliminated(self, a: Profile, b: Profile) -> bool:
        """True if one of the two is, by elimination, the other."""
        return pair(a.id, b.id) in self._pairs

    def partners(self, ident: str) -> set[str]:
        """The mentions ``ident`` is paired with by elimination."""
        return self._partners.get(ident, set())

    def update(self, complainants: Iterable[str | None]) -> None:
        """Work out (again) the pairs of the given complainants' statements."""
        for complainant in sorted({c for c in complainants if c}):
            statements = self._statements.get(complainant, {})
            for one, named in statements.items():
                for mention in named:
                    if _only_of_role(mention, named):
                        for other, theirs in statements.items():
                            if other != one:
                                self._eliminate(mention, theirs)

    def _eliminate(self, mention: Profile, named: list[Profile]) -> None:
        same_role = [n for n in named if n.role == mention.role]
        if len(same_role) < 2:
            return  # one man named on each side: the feature's "each the only one" level
        fitting = [n for n in same_role if names_fit(mention, n)]
        if not fitting or not _one_man(fitting):
            return
        for found in fitting:
            self._pairs.add(pair(mention.id, found.id))
            self._partners[mention.id].add(found.id)
            self._partners[found.id].add(mention.id)


def _only_of_role(mention: Profile, named: list[Profile]) -> bool:
    return sum(1 for n in named if n.role == mention.role) == 1


def _one_man(mentions: list[Profile]) -> bool:
    """True if every two of the mentions (of one statement) share a name word."""
    first = mentions[0].name_keys | mentions[0].appearance
    return all((m.name_keys | m.appearance) & first or m.id == mentions[0].id for m in mentions)
