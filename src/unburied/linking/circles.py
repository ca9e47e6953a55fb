"""Circles of statements: statements tied together by a shared complainant or a shared place.

A network uses a few addresses, and a survivor names the same men in every statement she
gives. So two statements belong to one **circle** when they were given by the same
complainant, or when they name the same place, directly or through a chain of other
statements. A circle is found from the data alone (no ground truth): it is the connected
component of a graph of statements, complainants and place keys.

Two mentions in one circle are more likely to be the same man than two mentions from
unconnected statements; two mentions from different circles are less likely. This is the
middle level of the "places" comparison (:mod:`unburied.linking.features`): "in common",
"linked through other statements", "none in common". Place keys of one or two letters (a
parsing remnant such as "mc" or "o") are left out, so they cannot tie unrelated circles.
"""

from __future__ import annotations

from unburied.linking.profiles import Profile

__all__ = ["Circles"]

_MIN_PLACE_KEY = 3


class Circles:
    """Union-find over statements, complainants and place keys; grows as profiles are added."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

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
            self._parent[max(ra, rb)] = min(ra, rb)

    def add(self, profile: Profile) -> None:
        """Tie a mention's statement to its complainant and to the places it names."""
        if profile.is_person or profile.statement is None:
            return
        statement = f"s:{profile.statement}"
        self._find(statement)
        if profile.complainant:
            self._union(statement, f"c:{profile.complainant}")
        if profile.case:
            self._union(statement, f"k:{profile.case}")
        for key in profile.places:
            if len(key) >= _MIN_PLACE_KEY:
                self._union(statement, f"p:{key}")

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
