"""Corroboration: one person named by several complainants who gave their accounts separately.

Each allegation on its own may be dismissed; the pattern is what matters. A
:class:`CorroborationAlert` is raised for a person (a known person, or an entity of linked
mentions) named by at least ``k`` (default 2) **independent** complainants.

* A **naming** is a complainant's statement mentioning the person in a counted role (suspect, by
  default) through a *confirmed* or *auto* link — review-band candidates never count — or an
  allegation that accuses a known person directly.
* Complainants are **independent** when their statements were taken separately. Statements
  taken together (the same statement, or on the same day by the same recorder: a joint
  interview) put their complainants in one group, and a group counts once. The same
  complainant naming the person twice counts once.

The alert carries its evidence (every naming, grouped), a plain-English reason, and an event
payload for ``corroboration.alert``. :func:`persons_named_with` gives the set the independence
rules need for "a person linked to an accused network".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from unburied.domain.errors import InvalidInput
from unburied.domain.events import JSONValue
from unburied.linking.profiles import MentionRecord

__all__ = [
    "CorroborationAlert",
    "Naming",
    "corroboration_alerts",
    "independent_groups",
    "namings_from_allegations",
    "namings_from_links",
    "stands_without",
    "with_links_on_a_name",
]


@dataclass(frozen=True)
class Naming:
    """A complainant named a person: in a statement (``mention``) or in an allegation."""

    person: str
    complainant: str
    via: str  # "link" (auto or confirmed) or "allegation"
    statement: str | None = None
    mention: str | None = None
    taken_on: date | None = None
    recorded_by: str | None = None
    source: str = ""

    def describe(self) -> str:
        """One line of evidence, e.g. "statement ST-1 (2004-03-02), mention M-7"."""
        if self.via == "allegation":
            return f"allegation {self.source} accuses the person directly"
        day = f" ({self.taken_on.isoformat()})" if self.taken_on else ""
        return f"statement {self.statement}{day}, mention {self.mention}"


def independent_groups(namings: Iterable[Naming]) -> list[frozenset[str]]:
    """Complainants grouped so that those whose statements were taken together share a group."""
    items = [n for n in namings]
    parent = {n.complainant: n.complainant for n in items}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_day: dict[tuple[date, str], list[Naming]] = defaultdict(list)
    by_statement: dict[str, list[Naming]] = defaultdict(list)
    for naming in items:
        if naming.taken_on is not None and naming.recorded_by is not None:
            by_day[(naming.taken_on, naming.recorded_by)].append(naming)
        if naming.statement is not None:
            by_statement[naming.statement].append(naming)
    for bucket in (*by_day.values(), *by_statement.values()):
        for other in bucket[1:]:
            parent[find(other.complainant)] = find(bucket[0].complainant)
    groups: dict[str, set[str]] = defaultdict(set)
    for complainant in parent:
        groups[find(complainant)].add(complainant)
    return sorted((frozenset(g) for g in groups.values()), key=lambda g: sorted(g))


@dataclass(frozen=True)
class CorroborationAlert:
    """A person named by ``len(groups)`` independent complainant groups, with the evidence."""

    person: str
    groups: tuple[frozenset[str], ...]
    namings: tuple[Naming, ...]
    k: int
    #: Automatic links on a first name or street name with context (not on a surname or an
    #: identifier) that join the person's mentions, when the alert would not be raised
    #: without them (:func:`with_links_on_a_name`, :func:`stands_without`).
    on_a_name: tuple[tuple[str, str], ...] = ()

    @property
    def complainants(self) -> tuple[str, ...]:
        """Every complainant who named the person."""
        return tuple(sorted({c for g in self.groups for c in g}))

    @property
    def reason(self) -> str:
        """The plain-English reason for the alert."""
        together = [g for g in self.groups if len(g) > 1]
        text = (
            f"{self.person} is named by {len(self.groups)} independent complainants "
            f"(at least {self.k} raise an alert): {', '.join(self.complainants)}."
        )
        if together:
            joined = "; ".join(" and ".join(sorted(g)) for g in together)
            text += f" Counted once each because their statements were taken together: {joined}."
        if self.on_a_name:
            shown = "; ".join(f"{a} and {b}" for a, b in self.on_a_name[:3])
            more = len(self.on_a_name) - 3
            shown += f"; {more} more" if more > 0 else ""
            count = len(self.on_a_name)
            links, them = ("link", "it") if count == 1 else ("links", "them")
            text += (
                f" It rests on {count} automatic {links} made on a first name or street name "
                f"with context, not on a surname or an identifier ({shown}): without {them} it "
                f"would not be raised, so a person's decision on {them} in the review queue "
                "settles it."
            )
        return text

    def to_event_data(self) -> dict[str, JSONValue]:
        """The payload of a ``corroboration.alert`` event."""
        evidence: list[JSONValue] = [
            {
                "complainant": n.complainant,
                "via": n.via,
                "statement": n.statement,
                "mention": n.mention,
                "source": n.source,
            }
            for n in self.namings
        ]
        groups: list[JSONValue] = [list(sorted(g)) for g in self.groups]
        return {
            "person": self.person,
            "independent_complainants": len(self.groups),
            "k": self.k,
            "groups": groups,
            "reason": self.reason,
            "evidence": evidence,
            "links_on_a_name": [list(p) for p in self.on_a_name],
        }


def namings_from_links(
    records: Iterable[MentionRecord],
    entities: Mapping[str, str],
    roles: Collection[str] = ("suspect",),
    complainants: Collection[str] | None = None,
) -> list[Naming]:
    """Namings of the entities that confirmed and auto links formed, one per mention.

    ``entities`` maps each mention to its entity (``LinkRun.entities``), which holds only
    confirmed and auto links. With ``complainants`` given, statements by anyone else (a
    witness) are left out.
    """
    out = []
    for record in records:
        if record.role not in roles or record.id not in entities:
            continue
        if complainants is not None and record.complainant not in complainants:
            continue
        out.append(
            Naming(
                person=entities[record.id],
                complainant=record.complainant,
                via="link",
                statement=record.statement,
                mention=record.id,
                taken_on=record.taken_on,
                recorded_by=record.recorded_by,
            )
        )
    return out


def namings_from_allegations(
    accusations: Iterable[tuple[str, str, str]], entities: Mapping[str, str] | None = None
) -> list[Naming]:
    """Namings from allegations that accuse known people: (allegation id, complainant, person).

    ``entities`` maps a person to its entity when linking has joined it with mentions.
    """
    mapping = entities or {}
    return [
        Naming(person=mapping.get(p, p), complainant=c, via="allegation", source=a)
        for a, c, p in accusations
    ]


def corroboration_alerts(namings: Iterable[Naming], k: int = 2) -> list[CorroborationAlert]:
    """An alert for every person named by at least ``k`` independent complainant groups."""
    if k < 2:
        raise InvalidInput(f"corroboration needs k >= 2 independent complainants, got {k}")
    by_person: dict[str, list[Naming]] = defaultdict(list)
    for naming in namings:
        by_person[naming.person].append(naming)
    alerts = []
    for person in sorted(by_person):
        items = by_person[person]
        groups = independent_groups(items)
        if len(groups) >= k:
            ordered = sorted(items, key=lambda n: (n.complainant, n.statement or "", n.source))
            alerts.append(CorroborationAlert(person, tuple(groups), tuple(ordered), k))
    alerts.sort(key=lambda a: (-len(a.groups), a.person))
    return alerts


def with_links_on_a_name(
    alerts: Iterable[CorroborationAlert],
    entities: Mapping[str, str],
    links: Iterable[tuple[str, str]],
) -> list[CorroborationAlert]:
    """Each alert with the ``links`` (automatic links on a first name with context) whose two
    sides are in its person's entity (``entities``: id -> entity; a known person is his own)."""
    joining: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for a, b in links:
        entity = entities.get(a, a)
        if entity == entities.get(b, b):
            joining[entity].add((a, b) if a < b else (b, a))
    return [
        replace(alert, on_a_name=tuple(sorted(joining.get(alert.person, ())))) for alert in alerts
    ]


def stands_without(alert: CorroborationAlert, without: Iterable[CorroborationAlert]) -> bool:
    """True if the person is still corroborated when some links are left out: ``without``
    (the alerts raised then) holds an alert for the same person or sharing a mention with it."""
    mentions = {n.mention for n in alert.namings if n.mention}
    return any(
        other.person == alert.person or mentions & {n.mention for n in other.namings if n.mention}
        for other in without
    )
