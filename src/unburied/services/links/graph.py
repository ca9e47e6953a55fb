"""Reading what linking found: corroboration alerts, the link graph around a person, and the
people tied to a case's accused or to one person (for the independence rules).

The graph is drawn from what counts: entities of confirmed links (by people, or applied by the
linker at high confidence), co-mentions in statements, and recorded posts; links waiting for
review are never drawn.
"""

from __future__ import annotations

import json
import weakref
from typing import Literal

import networkx as nx
from sqlalchemy import Connection, Engine, func, select

from unburied.bootstrap import Unburied
from unburied.domain.errors import InvalidInput
from unburied.linking import LinkGraph, build_graph
from unburied.services.links.corpus import Corpus, read_corpus
from unburied.services.links.runs import COUNTED_ROLES
from unburied.services.links.stored import Alert, entities_of, read_alerts, read_links
from unburied.store.case_views import view_accused, view_affiliations, view_mentions, view_people
from unburied.store.link_views import view_links

__all__ = [
    "GraphFormat",
    "accused_associates",
    "alerts",
    "associated_with_accused",
    "associates_of",
    "person_graph",
]

GraphFormat = Literal["json", "graphml"]


def alerts(app: Unburied) -> list[Alert]:
    """Every corroboration alert recorded, most complainants first."""
    with app.engine.connect() as conn:
        return read_alerts(conn)


_Drawn = tuple[LinkGraph, dict[str, str], Corpus]
# The last graph drawn, keyed by what it is drawn from: rebuilding it for every assignment of an
# allocation (thousands of cases) would cost seconds each, while the views it reads do not move.
# Keyed weakly by engine, so two databases (or two test schemas behind one URL) never share one.
_LAST: weakref.WeakKeyDictionary[Engine, tuple[tuple[int, ...], _Drawn]] = (
    weakref.WeakKeyDictionary()
)


def _fingerprint(conn: Connection) -> tuple[int, ...]:
    """Counts and high-water marks of every view the graph is drawn from."""
    links = conn.execute(
        select(func.count(), func.max(view_links.c.first_seq), func.max(view_links.c.decided_seq))
    ).one()
    sizes = [
        conn.execute(select(func.count()).select_from(t)).scalar_one()
        for t in (view_mentions, view_people, view_affiliations)
    ]
    return tuple(int(v or 0) for v in (*links, *sizes))


def _graph(conn: Connection) -> _Drawn:
    stamp = _fingerprint(conn)
    cached = _LAST.get(conn.engine)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    drawn = _draw(conn)
    _LAST[conn.engine] = (stamp, drawn)
    return drawn


def _draw(conn: Connection) -> _Drawn:
    corpus = read_corpus(conn)
    ids = [r.id for r in corpus.records] + [p.id for p in corpus.people]
    entities = entities_of(read_links(conn), ids, corpus.person_ids)
    graph = build_graph(corpus.records, entities, corpus.people, corpus.affiliations)
    return graph, entities, corpus


def person_graph(app: Unburied, person: str, fmt: GraphFormat = "json", depth: int = 2) -> str:
    """The graph around ``person`` (a person id, an ``entity:`` id, or a mention id, which
    stands for its entity) within ``depth`` hops, as JSON node-link data or GraphML text."""
    if fmt not in ("json", "graphml"):
        raise InvalidInput(f"graph format {fmt!r} is not json or graphml")
    if depth < 1:
        raise InvalidInput(f"depth is {depth}; the graph around a person has at least one hop")
    with app.engine.connect() as conn:
        graph, entities, _ = _graph(conn)
    around = graph.neighbourhood(entities.get(person, person), depth)
    if fmt == "json":
        return json.dumps(around.to_json(), sort_keys=True, ensure_ascii=False, default=str)
    return "\n".join(nx.generate_graphml(around.graph)) + "\n"


def accused_associates(conn: Connection, case: str) -> frozenset[str]:
    """Registered people tied in the link graph to anyone case ``case`` accuses — directly,
    through an accused mention, or through a suspect mention in its statements — named in the
    same statement, or with a place or vehicle named with the accused. The set the independence
    rules take as ``associated_with_accused``; call it in the caller's transaction.
    """
    drawn = _drawn_if_linked(conn)
    if drawn is None:
        return frozenset()
    _, entities, _ = drawn
    a = view_accused
    accused: set[str] = set()
    for person, mention in conn.execute(
        select(a.c.person, a.c.mention).where(a.c.case_ref == case)
    ):
        accused |= {entities.get(person, person)} if person else set()
        accused |= {entities[mention]} if mention in entities else set()
    m = view_mentions
    suspects = select(m.c.id).where(m.c.case_ref == case, m.c.role.in_(COUNTED_ROLES))
    accused |= {entities[i] for i in conn.execute(suspects).scalars() if i in entities}
    return _registered_associates(drawn, accused)


def associates_of(conn: Connection, person: str) -> frozenset[str]:
    """Registered people tied in the link graph to ``person`` (a registered person's id), as
    :func:`accused_associates` ties people to a case's accused: named in the same statement
    as a mention linked to him, or with a place or vehicle named with him. He is not among
    them. For the independence rules when a link would make him accused in a case; call it in
    the caller's transaction.
    """
    drawn = _drawn_if_linked(conn)
    if drawn is None:
        return frozenset()
    _, entities, _ = drawn
    return _registered_associates(drawn, {entities.get(person, person)}) - {person}


def _drawn_if_linked(conn: Connection) -> _Drawn | None:
    """The graph, or ``None`` when no link is confirmed: then no mention stands for a
    registered person, so nobody is tied to anyone, and the graph need not be drawn."""
    confirmed = select(func.count()).select_from(view_links)
    if not conn.execute(confirmed.where(view_links.c.state == "confirmed")).scalar_one():
        return None
    return _graph(conn)


def _registered_associates(drawn: _Drawn, entities: set[str]) -> frozenset[str]:
    """The registered people the graph ties to any of ``entities`` (entity ids)."""
    graph, _, corpus = drawn
    return frozenset(p for p in graph.associated_with(entities) if p in corpus.person_ids)


def associated_with_accused(app: Unburied, case: str) -> frozenset[str]:
    """:func:`accused_associates` on a connection of its own (a read outside any write)."""
    with app.engine.connect() as conn:
        return accused_associates(conn, case)
