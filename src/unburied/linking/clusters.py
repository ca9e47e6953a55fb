"""Entities from links, under constraints: confirmed links always hold, rejected ones never do.

:class:`Clustering` is a union-find over reference ids (mentions and known people). Links are
applied in this order, so a re-run can never undo a person's decision:

1. every **confirmed** link (a person's decision) joins its two entities, whatever else holds;
   if that joins two ids a person has rejected, the contradiction is reported, not hidden;
2. every **auto-band** link, best first, joins its two entities unless that would put two ids
   a person **rejected** in one entity (cannot-link), put two known people in one entity, or
   join entities whose names conflict (two different surnames or two unrelated forenames: a
   lone "Khan" must not bridge "John Khan" and "Imran Khan"), or join two mentions of one
   statement that share no name word ("Bash" and "Daniel Hewson" named side by side in one
   statement are two men). A refused join is *held*, with its reason, for a person to look at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from unburied.linking.names import ForenameRelation, forename_relation, jaro_winkler, phonetic

__all__ = ["ACCUSED", "WITNESS", "Clustering", "Constraints", "NameSet", "pair"]


def pair(a: str, b: str) -> frozenset[str]:
    """An unordered pair of ids."""
    return frozenset((a, b))


@dataclass(frozen=True)
class Constraints:
    """People's decisions: links confirmed (must-link) and rejected (cannot-link), as id pairs."""

    confirmed: frozenset[frozenset[str]] = frozenset()
    rejected: frozenset[frozenset[str]] = frozenset()

    @classmethod
    def of(
        cls,
        confirmed: Iterable[tuple[str, str]] = (),
        rejected: Iterable[tuple[str, str]] = (),
    ) -> Constraints:
        """Build from (a, b) tuples."""
        return cls(
            frozenset(pair(a, b) for a, b in confirmed),
            frozenset(pair(a, b) for a, b in rejected),
        )

    def is_rejected(self, a: str, b: str) -> bool:
        """True if a person rejected the link between ``a`` and ``b``."""
        return pair(a, b) in self.rejected

    def is_confirmed(self, a: str, b: str) -> bool:
        """True if a person confirmed the link between ``a`` and ``b``."""
        return pair(a, b) in self.confirmed


@dataclass
class NameSet:
    """The surnames and forenames an entity is known by, for spotting conflicting joins."""

    surnames: set[str] = field(default_factory=set)
    forenames: set[str] = field(default_factory=set)

    def conflicts_with(self, other: NameSet) -> str | None:
        """Why the two cannot be one person by name, or None if they can."""
        if self.surnames and other.surnames and not _any_similar(self.surnames, other.surnames):
            return f"different surnames ({_listed(self.surnames)} vs {_listed(other.surnames)})"
        if self.forenames and other.forenames and not _any_related(self.forenames, other.forenames):
            return f"unrelated forenames ({_listed(self.forenames)} vs {_listed(other.forenames)})"
        return None

    def absorb(self, other: NameSet) -> None:
        """Add the other's names to these."""
        self.surnames |= other.surnames
        self.forenames |= other.forenames


def _listed(names: set[str]) -> str:
    return ", ".join(sorted(names)[:3])


def _any_similar(a: set[str], b: set[str]) -> bool:
    """Surnames that may be one man's: spelt alike, or an initial ("h") that fits.

    An initial is weighed only when one side has initials alone: "Daniel H" may join "Daniel
    Hewson", but an entity holding "h" and "hewson" must not bridge to "harris" through "h".
    """
    full_a, full_b = {x for x in a if len(x) > 1}, {y for y in b if len(y) > 1}
    if full_a and full_b:
        return bool(full_a & full_b) or any(_spelt_alike(x, y) for x in full_a for y in full_b)
    return bool({x[0] for x in a} & {y[0] for y in b})


def _spelt_alike(x: str, y: str) -> bool:
    """Surnames one man's misspelt: Jaro-Winkler 0.9, or 0.85 and one Soundex ("smith", "smyth")."""
    similarity = jaro_winkler(x, y)
    return similarity >= 0.9 or (similarity >= 0.85 and phonetic(x) == phonetic(y))


def _any_related(a: set[str], b: set[str]) -> bool:
    if a & b:
        return True
    return any(forename_relation(x, y) is not ForenameRelation.DIFFERENT for x in a for y in b)


#: A man is described the same way this many times before his usual look can refuse a group
#: that only describes a man another way.
LOOK_ESTABLISHED = 2

#: A mention's part in its statement: a man the complainant accuses, or a witness.
ACCUSED = "accused"
WITNESS = "witness"


class Clustering:
    """Union-find over ids, with cannot-links, known people and names kept per entity."""

    def __init__(self, constraints: Constraints) -> None:
        self.constraints = constraints
        self._parent: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        self._names: dict[str, NameSet] = {}
        self._people: dict[str, int] = {}
        self._said: dict[str, dict[str, list[frozenset[str]]]] = {}
        self._parts: dict[str, set[str]] = {}
        self._police: dict[str, set[bool]] = {}
        self._looks: dict[str, Counter[str]] = {}
        self._named: dict[str, int] = {}
        self._rejected_with: dict[str, set[str]] = {}
        self.conflicts: list[str] = []
        for rejected in constraints.rejected:
            a, b = sorted(rejected)
            self._rejected_with.setdefault(a, set()).add(b)
            self._rejected_with.setdefault(b, set()).add(a)

    def add(
        self,
        ident: str,
        names: NameSet,
        is_person: bool,
        statement: str | None = None,
        words: frozenset[str] = frozenset(),
        part: str | None = None,
        police: bool | None = None,
        look: frozenset[str] | None = None,
    ) -> None:
        """Add an id as an entity of its own (a no-op if it is already present).

        ``statement`` and ``words`` (the mention's name words) let the clustering refuse to
        join two mentions of one statement that share no name word; ``part`` (a mention's
        part in its statement: :data:`WITNESS` or :data:`ACCUSED`) to hold back joining a
        man named only as a witness to one named only as accused; ``police`` (True for a
        mention with a police title or a known officer, False for a known person who is not
        police, None when nothing is known) to hold back joining a man named with a police
        title to somebody on record who is not police; ``look`` (the words of appearance of a
        mention that only describes a man, None for a reference that names somebody) to hold
        back joining a group that only describes a man to a man most often described another
        way.
        """
        if ident in self._parent:
            return
        self._parent[ident] = ident
        self._members[ident] = [ident]
        self._names[ident] = names
        self._people[ident] = int(is_person)
        self._said[ident] = {statement: [words]} if statement is not None else {}
        self._parts[ident] = {part} if part else set()
        self._police[ident] = set() if police is None else {police}
        self._looks[ident] = Counter(look or ())
        self._named[ident] = int(look is None)

    def __contains__(self, ident: object) -> bool:
        return ident in self._parent

    def find(self, ident: str) -> str:
        """The root id of an id's entity."""
        root = ident
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[ident] != root:
            self._parent[ident], ident = root, self._parent[ident]
        return root

    def members(self, ident: str) -> list[str]:
        """Every id in the entity of ``ident``."""
        return self._members[self.find(ident)]

    def why_not(self, a: str, b: str) -> str | None:
        """Why an automatic link may not join the entities of ``a`` and ``b`` (None: it may)."""
        return self.why_never(a, b) or self.what_speaks_against(a, b)

    def why_never(self, a: str, b: str) -> str | None:
        """What forbids joining the two entities outright: a rejection, two known people."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        small, large = sorted((ra, rb), key=lambda r: len(self._members[r]))
        large_members = set(self._members[large])
        for member in self._members[small]:
            hit = self._rejected_with.get(member, set()) & large_members
            if hit:
                return f"a person rejected the link between {member} and {sorted(hit)[0]}"
        if self._people[ra] and self._people[rb]:
            return "it would make two known people one"
        return None

    def what_speaks_against(self, a: str, b: str) -> str | None:
        """What in the names speaks against joining: names that conflict, or one statement
        naming both by different names (an automatic link is held on either)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        conflict = self._names[ra].conflicts_with(self._names[rb])
        if conflict:
            return f"the names conflict: {conflict}"
        parts_a, parts_b = self._parts[ra], self._parts[rb]
        if parts_a and parts_b and not parts_a & parts_b:
            return "one is named only as a witness, the other only as accused"
        if len(self._police[ra] | self._police[rb]) == 2:
            return "one is named with a police title, the other is on record and not police"
        look = self._look_differs(ra, rb) or self._look_differs(rb, ra)
        if look:
            return look
        small, large = sorted((ra, rb), key=lambda r: len(self._members[r]))
        return self._same_statement(small, large)

    def _look_differs(self, described: str, other: str) -> str | None:
        """A group that only describes a man ("the tall one") is not the man whose mentions
        describe him, twice or more, most often another way ("the man with the beard")."""
        if self._named[described] or not self._looks[described]:
            return None
        looks = self._looks[other]
        most = max(looks.values(), default=0)
        if most < LOOK_ESTABLISHED:
            return None
        usual = sorted(w for w, n in looks.items() if n == most)
        if set(self._looks[described]) & set(usual):
            return None
        said = ", ".join(f"'{w}'" for w in sorted(self._looks[described]))
        return f"one is described as {said}, the other most often as {', '.join(map(repr, usual))}"

    def _same_statement(self, small: str, large: str) -> str | None:
        said_large = self._said[large]
        for statement, words in self._said[small].items():
            for other in said_large.get(statement, ()):
                if any(not (w & other) for w in words):
                    return f"both are named, by different names, in statement {statement}"
        return None

    def join(self, a: str, b: str) -> bool:
        """Join two entities unconditionally; False if they were already one."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        keep, gone = sorted((ra, rb))
        self._parent[gone] = keep
        self._members[keep].extend(self._members.pop(gone))
        self._names[keep].absorb(self._names.pop(gone))
        self._people[keep] += self._people.pop(gone)
        self._parts[keep] |= self._parts.pop(gone)
        self._police[keep] |= self._police.pop(gone)
        self._looks[keep].update(self._looks.pop(gone))
        self._named[keep] += self._named.pop(gone)
        said = self._said[keep]
        for statement, words in self._said.pop(gone).items():
            said.setdefault(statement, []).extend(words)
        return True

    def confirm(self, a: str, b: str) -> None:
        """Apply a confirmed link; report (never hide) a clash with a rejected one."""
        reason = self.why_not(a, b)
        if reason and reason.startswith("a person rejected"):
            self.conflicts.append(
                f"confirmed link {a} = {b} joins people a person kept apart: {reason}"
            )
        self.join(a, b)

    def roots(self) -> list[str]:
        """The root id of every entity."""
        return list(self._members)
