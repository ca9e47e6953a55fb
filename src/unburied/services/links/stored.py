"""What the link views hold, as values: links with their state, decisions, alerts; and the
decisions read back as the linker's constraints and as entities."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select

from unburied.linking import Constraints
from unburied.linking.explain import recorded_identifying_agreement
from unburied.store.case_views import chunked, view_mentions, view_people
from unburied.store.link_views import view_corroboration_alerts, view_links

__all__ = [
    "AUTO",
    "Alert",
    "LinkDecision",
    "StoredLink",
    "constraints_of",
    "count_queued",
    "entities_of",
    "entities_of_pairs",
    "label_links",
    "pair_of",
    "read_alerts",
    "read_links",
]

#: ``decided_by`` of a link the linker applied itself (high confidence, no person's decision).
AUTO = "auto"


@dataclass(frozen=True)
class StoredLink:
    """A link as the link view holds it, with what each side is (mention text or pseudonym)."""

    id: str
    left: str
    right: str
    state: str
    probability: float | None
    band: str | None
    explanation: str | None
    held_reason: str | None
    case: str | None
    decided_by: str | None
    reason: str | None
    left_label: str = ""
    right_label: str = ""

    @property
    def decided_by_person(self) -> bool:
        """True once a person (not the automatic linker) confirmed or rejected the link."""
        return self.state != "proposed" and self.decided_by not in (None, AUTO)

    def to_data(self) -> dict[str, Any]:
        """The link as JSON-ready data."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class LinkDecision:
    """A person's decision on one link; ``row`` is its line in a decisions file, if any."""

    link: str
    accept: bool
    reason: str
    row: int | None = None


@dataclass(frozen=True)
class Alert:
    """A corroboration alert as recorded: the person, the complainants, the reason."""

    id: str
    person: str
    label: str
    independent_complainants: int
    k: int
    complainants: tuple[str, ...]
    mentions: tuple[str, ...]
    reason: str
    at: str
    evidence: tuple[dict[str, Any], ...] = ()

    def to_data(self) -> dict[str, Any]:
        """The alert as JSON-ready data."""
        data = dict(self.__dict__)
        data["complainants"], data["mentions"] = list(self.complainants), list(self.mentions)
        data["evidence"] = list(self.evidence)
        return data


def pair_of(a: str, b: str) -> tuple[str, str]:
    """Two ids as the view stores a pair: the smaller first."""
    return (a, b) if a < b else (b, a)


def read_links(conn: Connection, where: ColumnElement[bool] | None = None) -> list[StoredLink]:
    """The links of the view (those matching ``where``), in the order they were recorded."""
    query = select(view_links).order_by(view_links.c.first_seq)
    if where is not None:
        query = query.where(where)
    found = []
    for row in conn.execute(query).mappings():
        ppm = row["probability_ppm"]
        found.append(
            StoredLink(
                id=row["id"],
                left=row["left"],
                right=row["right"],
                state=row["state"],
                probability=ppm / 1_000_000 if ppm is not None else None,
                band=row["band"],
                explanation=row["explanation"],
                held_reason=row["held_reason"],
                case=row["case_ref"],
                decided_by=row["decided_by"],
                reason=row["reason"],
            )
        )
    return found


def label_links(conn: Connection, links: list[StoredLink]) -> list[StoredLink]:
    """The links with each side described: a mention's words and statement, or a pseudonym."""
    labels: dict[str, str] = {}
    for chunk in chunked({i for link in links for i in (link.left, link.right)}):
        m, p = view_mentions, view_people
        said = select(m.c.id, m.c.text, m.c.statement, m.c.case_ref).where(m.c.id.in_(chunk))
        for mention in conn.execute(said).mappings():
            labels[mention["id"]] = (
                f'"{mention["text"]}" in statement {mention["statement"]} ({mention["case_ref"]})'
            )
        named = select(p.c.id, p.c.pseudonym).where(p.c.id.in_(chunk))
        for person in conn.execute(named).mappings():
            labels[person["id"]] = f"{person['pseudonym']} ({person['id']})"
    return [
        replace(link, left_label=labels.get(link.left, ""), right_label=labels.get(link.right, ""))
        for link in links
    ]


def auto_links_on_a_name(conn: Connection) -> list[tuple[str, str]]:
    """The links the linker confirmed (and nobody decided since) that rest on a first name or
    street name with context: no surname, full name, date of birth or identifier agreed."""
    query = select(view_links.c.left, view_links.c.right, view_links.c.evidence).where(
        view_links.c.state == "confirmed", view_links.c.decided_by == AUTO
    )
    return [
        (row["left"], row["right"])
        for row in conn.execute(query).mappings()
        if not recorded_identifying_agreement(json.loads(row["evidence"] or "[]"))
    ]


def constraints_of(links: Iterable[StoredLink]) -> Constraints:
    """Every recorded decision as a constraint: confirmed links (by a person or applied
    automatically) always hold on a re-run; rejected ones are never made."""
    items = list(links)
    return Constraints.of(
        confirmed=[(s.left, s.right) for s in items if s.state == "confirmed"],
        rejected=[(s.left, s.right) for s in items if s.state == "rejected"],
    )


def entities_of(
    links: Iterable[StoredLink], ids: Iterable[str], people: frozenset[str]
) -> dict[str, str]:
    """The entity of every id under the confirmed links alone, named as the linker names
    entities: the smallest known person's id among its members, else ``entity:<smallest id>``.

    This is what the linker's own clustering gives when it scores nothing (confirmed links
    always hold), at a fraction of the cost of indexing the corpus.
    """
    confirmed = ((link.left, link.right) for link in links if link.state == "confirmed")
    return entities_of_pairs(confirmed, ids, people)


def entities_of_pairs(
    pairs: Iterable[tuple[str, str]], ids: Iterable[str], people: frozenset[str]
) -> dict[str, str]:
    """The entity of every id when ``pairs`` join them, named as in :func:`entities_of`."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for left, right in pairs:
        if left in parent and right in parent:
            parent[find(left)] = find(right)
    members: dict[str, list[str]] = {}
    for ident in parent:
        members.setdefault(find(ident), []).append(ident)
    names = {}
    for root, group in members.items():
        known = sorted(m for m in group if m in people)
        names[root] = known[0] if known else f"entity:{min(group)}"
    return {ident: names[find(ident)] for ident in parent}


def count_queued(conn: Connection) -> int:
    """How many links wait for a person's decision."""
    query = select(func.count()).select_from(view_links).where(view_links.c.state == "proposed")
    return int(conn.execute(query).scalar_one())


def read_alerts(conn: Connection) -> list[Alert]:
    """Every corroboration alert recorded, most complainants first."""
    t = view_corroboration_alerts
    rows = conn.execute(select(t).order_by(t.c.seq)).mappings().all()
    people = select(view_people.c.id, view_people.c.pseudonym)
    wanted = people.where(view_people.c.id.in_({r["person"] for r in rows}))
    labels = {str(r["id"]): str(r["pseudonym"]) for r in conn.execute(wanted).mappings()}
    found = [
        Alert(
            id=r["id"],
            person=r["person"],
            label=labels.get(r["person"], ""),
            independent_complainants=r["independent_complainants"],
            k=r["k"],
            complainants=tuple(json.loads(r["complainants"])),
            mentions=tuple(json.loads(r["mentions"])),
            reason=r["reason"],
            at=r["at"],
            evidence=tuple(json.loads(r["evidence"])),
        )
        for r in rows
    ]
    return sorted(found, key=lambda a: (-a.independent_complainants, a.id))
