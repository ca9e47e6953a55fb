"""Circles of statements: statements tied together by a shared complainant or a shared place.

A network uses a few addresses, and a survivor names the same men in every statement she
gives. So two statements belong to one **circle** when they were given by the same
complainant, or when they name the same place, directly or through a chain of other
statements. A circle is found from the data alone (no ground truth): it is the connected
component of a graph of statements, complainants and place keys.

A survivor whose statements name no place of any network (or only places without a proper
name, "the hotel by the ring road") would make a circle of her own. A **small circle** (at
most :data:`SMALL_CIRCLE` statements) joins the one circle that uses the distinctive names she
uses: a street name ("Little Cam"), a word the nickname table does not know as a forename
("Rocket"), or a full name; when one other circle uses one of them in at least
:data:`TIE_MIN` statements and three times as many as any other circle, and no name of hers
points elsewhere (:meth:`Circles.tie_small`).

A circle also keeps the **men it knows by name**: each forename (in every form the nickname
table knows) and surname given together in its statements ("Andrew Shaw", "Andy Kaur",
"Rhys Smith"), and the people on record whom its complainants' allegations accuse. A first
name that two men of the circle are known by ("Andrew", "Big Andy" for either, "Adnrew")
cannot link anyone automatically there (:meth:`Circles.men_known_as`).

Two mentions in one circle are more likely to be the same man than two mentions from
unconnected statements; two mentions from different circles are less likely. This is the
middle level of the "places" comparison (:mod:`unburied.linking.features`): "in common",
"linked through other statements", "none in common". Place keys of one or two letters (a
parsing remnant such as "mc" or "o") are left out, so they cannot tie unrelated circles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from unburied.linking.names import (
    ForenameRelation,
    forename_forms,
    forename_relation,
)
from unburied.linking.profiles import Profile

__all__ = ["SMALL_CIRCLE", "TIE_MIN", "Circles", "distinctive_names", "full_names"]

_MIN_PLACE_KEY = 3

#: A circle of at most this many statements may join another on the names it uses.
SMALL_CIRCLE = 5
#: ... when the other circle uses the name in at least this many statements ...
TIE_MIN = 3
#: ... and this many times as many as any third circle.
TIE_DOMINANCE = 3
#: What a name points to when it points to more than one circle, or to a small one.
_AMBIGUOUS = "?"


def distinctive_names(profile: Profile) -> frozenset[str]:
    """The names of a mention that point to one network: street names, words the nickname
    table does not know as a forename ("Rocket"), full names; not "Andrew" or "Smith"."""
    names = {f"n:{n}" for n in profile.nicknames}
    names |= {f"n:{w}" for w in profile.lone if forename_forms(w) == {w}}
    names |= {f"f:{f} {s}" for f in profile.forenames for s in profile.surnames if len(s) > 1}
    return frozenset(names)


def full_names(profile: Profile) -> Iterator[tuple[str, str]]:
    """(a name, the man known by it) for each forename a reference gives with a surname: every
    form of the forename the nickname table knows ("andrew", "andy", "drew"), the man told
    apart by his surname; and the surname, the man told apart by his forename. A known
    person without a surname is told apart by his id."""
    surnames = sorted(s for s in profile.surnames if len(s) > 1)
    men = surnames if surnames else ([profile.id] if profile.is_person else [])
    for forename in sorted(profile.forenames):
        for form in forename_forms(forename):
            for man in men:
                yield form, man
        for surname in surnames:
            yield surname, forename


class Circles:
    """Union-find over statements, complainants and place keys; grows as profiles are added."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._statements: dict[str, list[str]] = {}  # root -> the statements of its circle
        # root -> a name (a form of a forename, a surname) -> the men of the circle known by it
        self._known: dict[str, dict[str, set[str]]] = {}
        self._men_cache: dict[tuple[str, str], frozenset[str]] = {}  # emptied as circles change
        self._named: dict[str, set[str]] = defaultdict(set)  # name -> statements using it
        self._names: dict[str, set[str]] = defaultdict(set)  # statement -> names it uses

    def _find(self, node: str) -> str:
        parent = self._parent
        parent.setdefault(node, node)
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            keep, gone = min(ra, rb), max(ra, rb)
            self._parent[gone] = keep
            moved = self._statements.pop(gone, [])
            if moved:
                self._statements.setdefault(keep, []).extend(moved)
            known = self._known.pop(gone, {})
            self._men_cache.clear()
            if known:
                into = self._known.setdefault(keep, {})
                for form, men in known.items():
                    into.setdefault(form, set()).update(men)

    def add(self, profile: Profile) -> None:
        """Tie a mention's statement to its complainant and to the places it names; a known
        person is known by name to the circles of the complainants who accuse him."""
        if profile.is_person:
            for complainant in profile.accused_by:
                self._know(f"c:{complainant}", profile)
            return
        if profile.statement is None:
            return
        statement = f"s:{profile.statement}"
        if statement not in self._parent:
            self._find(statement)
            self._statements[statement] = [statement]
        for name in distinctive_names(profile):
            self._named[name].add(statement)
            self._names[statement].add(name)
        self._know(statement, profile)
        if profile.complainant:
            self._union(statement, f"c:{profile.complainant}")
        if profile.case:
            self._union(statement, f"k:{profile.case}")
        for key in profile.places:
            if len(key) >= _MIN_PLACE_KEY:
                self._union(statement, f"p:{key}")

    def _know(self, node: str, profile: Profile) -> None:
        """The circle of ``node`` knows the man of ``profile`` by his names (:func:`full_names`)."""
        named = list(full_names(profile))
        if named:
            self._men_cache.clear()
            known = self._known.setdefault(self._find(node), {})
            for form, man in named:
                known.setdefault(form, set()).add(man)

    def tie_small(self, statements: Iterable[str] | None = None) -> int:
        """Join small circles to the one circle that uses their distinctive names: the circles
        of ``statements`` (ids), or every circle. Returns how many circles were joined.

        The names are read before any circle is joined, so the order does not matter; a name
        that points to more than one circle, or to a small one, holds its circle back.
        """
        if statements is None:
            roots = {self._find(node) for node in self._names}
        else:
            roots = {self._find(f"s:{s}") for s in statements if f"s:{s}" in self._parent}
        ties = []
        for root in sorted(roots):
            members = self._statements.get(root, [])
            if len(members) > SMALL_CIRCLE:
                continue
            names = set().union(*(self._names.get(node, set()) for node in members))
            targets = {t for name in names if (t := self._target(root, name)) is not None}
            if len(targets) == 1 and _AMBIGUOUS not in targets:
                ties.append((root, targets.pop()))
        for root, target in ties:
            self._union(root, target)
        return len(ties)

    def _target(self, root: str, name: str) -> str | None:
        """The circle a name points to from ``root``: None if none uses it in
        :data:`TIE_MIN` statements, :data:`_AMBIGUOUS` if it does not point to one large
        circle."""
        counts = Counter(self._find(node) for node in self._named.get(name, ()))
        counts.pop(root, None)
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < TIE_MIN:
            return None
        best, used = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if used < TIE_DOMINANCE * second or len(self._statements.get(best, [])) <= SMALL_CIRCLE:
            return _AMBIGUOUS
        return best

    def of(self, profile: Profile) -> str | None:
        """The circle of a mention's statement (its root), or None for a known person."""
        if profile.statement is None or f"s:{profile.statement}" not in self._parent:
            return None
        return self._find(f"s:{profile.statement}")

    def same(self, a: Profile, b: Profile) -> bool | None:
        """True if two mentions' statements are in one circle; None if either has none."""
        if a.statement is None or b.statement is None:
            return None
        sa, sb = f"s:{a.statement}", f"s:{b.statement}"
        if sa not in self._parent or sb not in self._parent:
            return None
        return self._find(sa) == self._find(sb)

    def men_known_as(self, profile: Profile, words: Iterable[str]) -> dict[str, set[str]]:
        """The men of a mention's circle known by each of ``words`` (forenames, surnames, the
        words of street names), for the words some man is known by; empty for a known person
        (he has no circle)."""
        root = self.of(profile)
        if root is None:
            return {}
        found = {}
        for word in sorted(set(words)):
            men = self._men_of(root, word)
            if men:
                found[word] = set(men)
        return found

    def _men_of(self, root: str, word: str) -> frozenset[str]:
        """The men of a circle known by ``word`` or by a name it misspells ("adnrew"), each
        told apart by a name of his own; names that are one name spelt or shortened another
        way ("Preston" and "Prezton", "Andy" and "Andrew") tell nobody apart."""
        key = (root, word)
        if key not in self._men_cache:
            known = self._known.get(root, {})
            men = set(known.get(word, ()))
            if len(word) > 2:
                for name, named in known.items():
                    if name != word and forename_relation(word, name) is ForenameRelation.SIMILAR:
                        men |= named
            self._men_cache[key] = _distinct(men)
        return self._men_cache[key]


_SAME_NAME = frozenset({ForenameRelation.SAME, ForenameRelation.NICKNAME, ForenameRelation.SIMILAR})


def _distinct(names: Iterable[str]) -> frozenset[str]:
    """One name for each group of names that may be one name ("andrew", "andy"; "preston",
    "prezton"): the first of the group in alphabetical order."""
    kept: list[str] = []
    for name in sorted(names):
        if not any(forename_relation(name, other) in _SAME_NAME for other in kept):
            kept.append(name)
    return frozenset(kept)
