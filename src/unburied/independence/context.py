"""Everything the independence rules need to know about one case, as one frozen value.

The service builds an :class:`IndependenceContext` from the views; the rules only read it.
What the service must put in it, for the rules to see every conflict:

* ``case`` with its original handling, and ``as_of`` (today; the core reads no clock);
* the case's ``allegations``, ``statements`` and ``mentions`` (with confirmed links only);
* ``affiliations``: every post of the accused, of the candidate, and of everyone in their
  line-management chains (managers' managers, reports' reports);
* ``organisations``: every organisation those posts name, with all their ancestors, so a
  unit's force can be found;
* ``people`` (for accreditations), ``declarations`` of interest in the case;
* ``suspect_namings``: every pair "person S was named as a suspect by complainant C", from
  **every** case (pairs from this case are derived here and need not be given);
* ``associated_with_accused``: people tied to an accused network by confirmed links or alerts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from unburied.domain.entities import (
    Affiliation,
    Allegation,
    Case,
    Declaration,
    Mention,
    Organisation,
    OrgKind,
    Person,
    Statement,
)
from unburied.domain.errors import InvalidInput

__all__ = [
    "AccusedInCase",
    "IndependenceContext",
    "SuspectNaming",
    "affiliation_key",
    "period",
    "years",
]

_BODY_KINDS = (OrgKind.POLICE_FORCE, OrgKind.INDEPENDENT_BODY, OrgKind.COUNCIL)


@dataclass(frozen=True)
class SuspectNaming:
    """``suspect`` was named as a suspect by ``complainant`` in ``case``; ``evidence`` says where.

    >>> SuspectNaming("P-0007", "P-0100", "C-0002", "allegation:A-0009").complainant
    'P-0100'
    """

    suspect: str
    complainant: str
    case: str
    evidence: str


@dataclass(frozen=True)
class AccusedInCase:
    """A person accused in the case, where the accusations are, and the period of the conduct
    (from the earliest to the latest alleged date; ``None``: open-ended)."""

    person: str
    evidence: tuple[str, ...]
    conduct_start: date
    conduct_end: date | None

    @property
    def source(self) -> str:
        """The evidence as one text, e.g. ``"allegation:A-0001, mention:M-0001"``."""
        return ", ".join(self.evidence)


def affiliation_key(post: Affiliation) -> str:
    """Evidence pointer for a post, e.g. ``"affiliation:P-0042/U-03/1998-04-01"``."""
    return f"affiliation:{post.person}/{post.organisation}/{post.start.isoformat()}"


@dataclass(frozen=True)
class IndependenceContext:
    """The facts about one case that the independence rules read. Build one per check."""

    case: Case
    as_of: date
    allegations: tuple[Allegation, ...] = ()
    statements: tuple[Statement, ...] = ()
    mentions: tuple[Mention, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    people: tuple[Person, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    suspect_namings: tuple[SuspectNaming, ...] = ()
    associated_with_accused: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        ref = self.case.ref
        for kind, items in (
            ("allegation", self.allegations),
            ("statement", self.statements),
            ("mention", self.mentions),
            ("declaration", self.declarations),
        ):
            for item in items:
                if item.case != ref:
                    raise InvalidInput(
                        f"independence context for case {ref} holds a {kind} of case {item.case}"
                    )

    # -- organisations ---------------------------------------------------------------------

    @cached_property
    def _orgs(self) -> dict[str, Organisation]:
        return {org.id: org for org in self.organisations}

    def org_label(self, org_id: str) -> str:
        """``"South Yorkshire Police (F-01)"``, or the bare id if the organisation is unknown."""
        org = self._orgs.get(org_id)
        return f"{org.name} ({org.id})" if org else org_id

    def body_of(self, org_id: str) -> Organisation | None:
        """The force, independent body or council an organisation belongs to (itself included)."""
        seen: set[str] = set()
        current = self._orgs.get(org_id)
        while current is not None and current.id not in seen:
            if current.kind in _BODY_KINDS:
                return current
            seen.add(current.id)
            current = self._orgs.get(current.parent) if current.parent else None
        return None

    def force_of(self, org_id: str) -> str | None:
        """The id of the police force an organisation is part of, or ``None``."""
        body = self.body_of(org_id)
        return body.id if body is not None and body.kind is OrgKind.POLICE_FORCE else None

    # -- people and posts ------------------------------------------------------------------

    @cached_property
    def _posts(self) -> dict[str, tuple[Affiliation, ...]]:
        posts: dict[str, list[Affiliation]] = {}
        for post in self.affiliations:
            posts.setdefault(post.person, []).append(post)
        return {p: tuple(sorted(v, key=_post_order)) for p, v in posts.items()}

    def posts_of(self, person: str) -> tuple[Affiliation, ...]:
        """Every post of ``person``, oldest first."""
        return self._posts.get(person, ())

    def posts_in_force(self, person: str, force: str) -> tuple[Affiliation, ...]:
        """Every post of ``person`` in force ``force`` or any of its commands and units."""
        return tuple(p for p in self.posts_of(person) if self.force_of(p.organisation) == force)

    def forces_of(self, person: str) -> frozenset[str]:
        """Every police force ``person`` is or was a member of."""
        forces = (self.force_of(p.organisation) for p in self.posts_of(person))
        return frozenset(f for f in forces if f is not None)

    def accreditations_of(self, person: str) -> frozenset[str]:
        """The accreditations recorded for ``person``."""
        held: set[str] = set()
        for record in self.people:
            if record.id == person:
                held |= record.accreditations
        return frozenset(held)

    # -- who is in the case ----------------------------------------------------------------

    @cached_property
    def _mentions(self) -> dict[str, Mention]:
        return {m.id: m for m in self.mentions}

    def accused_of(self, allegation: Allegation) -> tuple[tuple[str, str], ...]:
        """``(person, evidence)`` for each identified accused of an allegation."""
        found: list[tuple[str, str]] = []
        for accused in allegation.accused:
            if accused.person:
                found.append((accused.person, f"allegation:{allegation.id}"))
            mention = self._mentions.get(accused.mention or "")
            if mention is not None and mention.person:
                found.append((mention.person, f"mention:{mention.id}"))
        return tuple(found)

    def conduct_window(self, allegation: Allegation | None) -> tuple[date, date | None]:
        """When the alleged conduct happened: the allegation's dates, else the case period."""
        case_start, case_end = self.case.period_start, self.case.period_end
        if allegation is None:
            return case_start, case_end
        start = allegation.date_from or case_start
        end = allegation.date_to or case_end
        if end is not None and end < start:
            end = start
        return start, end

    @cached_property
    def accused(self) -> tuple[AccusedInCase, ...]:
        """Everyone accused in the case, by an allegation or as a linked suspect mention; one
        entry per person, however many times they are accused."""
        found: dict[str, list[tuple[str, date, date | None]]] = {}
        for allegation in self.allegations:
            start, end = self.conduct_window(allegation)
            for person, evidence in self.accused_of(allegation):
                found.setdefault(person, []).append((evidence, start, end))
        start, end = self.conduct_window(None)
        for mention in self.mentions:
            if mention.person and mention.role == "suspect":
                found.setdefault(mention.person, []).append((f"mention:{mention.id}", start, end))
        return tuple(_merge(person, found[person]) for person in sorted(found))

    @cached_property
    def accused_people(self) -> frozenset[str]:
        """The ids of everyone accused in the case."""
        return frozenset(a.person for a in self.accused)

    @cached_property
    def complainants(self) -> frozenset[str]:
        """The complainants of the case's allegations."""
        return frozenset(a.complainant for a in self.allegations)

    @cached_property
    def all_suspect_namings(self) -> tuple[SuspectNaming, ...]:
        """The given cross-case pairs plus those this case's allegations and statements make."""
        found = set(self.suspect_namings)
        ref = self.case.ref
        for allegation in self.allegations:
            for person, evidence in self.accused_of(allegation):
                found.add(SuspectNaming(person, allegation.complainant, ref, evidence))
        givers = {s.id: s.given_by for s in self.statements}
        for mention in self.mentions:
            giver = givers.get(mention.statement)
            if mention.person and mention.role == "suspect" and giver:
                found.add(SuspectNaming(mention.person, giver, ref, f"mention:{mention.id}"))
        return tuple(sorted(found, key=lambda n: (n.suspect, n.complainant, n.case, n.evidence)))


def _merge(person: str, sources: list[tuple[str, date, date | None]]) -> AccusedInCase:
    evidence = tuple(sorted({source for source, _, _ in sources}))
    start = min(s for _, s, _ in sources)
    ends = [e for _, _, e in sources]
    end = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
    return AccusedInCase(person, evidence, start, end)


def _post_order(post: Affiliation) -> tuple[date, str, date]:
    return (post.start, post.organisation, post.end or date.max)


def years(posts: Iterable[Affiliation]) -> str:
    """The span of some posts in years: ``"1998–2006"``, ``"2001–present"`` or ``"2003"``."""
    chosen = list(posts)
    first = min(p.start.year for p in chosen)
    if any(p.end is None for p in chosen):
        return f"{first}–present"
    last = max(p.end.year for p in chosen if p.end is not None)
    return str(first) if first == last else f"{first}–{last}"


def period(start: date, end: date | None) -> str:
    """A conduct period in years: ``"2001–2003"``, ``"2001–present"`` or ``"2002"``."""
    if end is None:
        return f"{start.year}–present"
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
