"""Reading what linking found: corroboration alerts, the link graph around a person, and the
people tied to a case's accused (for the independence rules).

The graph is drawn from what counts: entities of confirmed links (by people, or applied by the
linker at high confidence), co-mentions in statements, and recorded posts; links waiting for
review are never drawn.
"""

from __future__ import annotations

import json
from typing import Literal

import networkx as nx
from sqlalchemy import Connection, select

from unburied.bootstrap import Unburied
from unburied.domain.errors import InvalidInput
from unburied.linking import LinkGraph, build_graph
from unburied.services.links.corpus import Corpus, read_corpus
from unburied.services.links.runs import COUNTED_ROLES
from unburied.services.links.stored import Alert, entities_of, read_alerts, read_links
from unburied.store.case_views import view_accused, view_mentions

__all__ = [
    "GraphFormat",
    "accused_associates",
    "alerts",
    "associated_with_accused",
    "person_graph",
]

GraphFormat = Literal["json", "graphml"]


def alerts(app: Unburied) -> list[Alert]:
    """Every corroboration alert recorded, most complainants first."""
    with app.engine.connect() as conn:
        return read_alerts(conn)


def _graph(conn: Connection) -> tuple[LinkGraph, dict[str, str], Corpus]:
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
    rules take as ``associated_with_accused``; call it in the caller's transaction."""
    graph, entities, corpus = _graph(conn)
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
    return frozenset(p for p in graph.associated_with(accused) if p in corpus.person_ids)


def associated_with_accused(app: Unburied, case: str) -> frozenset[str]:
    """:func:`accused_associates` on a connection of its own (a read outside any write)."""
    with app.engine.connect() as conn:
        return accused_associates(conn, case)
