"""The link graph: people, organisations, places and vehicles, and what ties them.

Built only from what counts: entities of confirmed and auto links (``LinkRun.entities``),
co-mentions in statements, and recorded posts. Review-band candidates are never drawn.

* person — person   ``named_together``: named in the same statement (evidence: the statements)
* person — place    ``named_with_place``: a statement naming the person also names the place
* person — vehicle  ``named_with_vehicle``: likewise for a vehicle ("silver astra")
* person — organisation ``served_in``: an officer's post (evidence: the years)

    graph = build_graph(records, run.entities, people=officers, affiliations=posts)
    graph.paths("F01-OF-00012", "F01-SU-00003")        # officer–suspect paths
    graph.shared_places("F01-OF-00012", "F01-SU-00003")
    graph.associated_with({"F01-SU-00003"})           # for the independence rules
    graph.to_graphml("links.graphml"); graph.to_json()

Node ids are ``person:<id>``, ``org:<id>``, ``place:<key>``, ``vehicle:<key>``; the query
methods take and return plain person ids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx

from unburied.domain.entities import Affiliation
from unburied.domain.errors import InvalidInput, NotFound
from unburied.linking.context import place_keys, vehicle_keys
from unburied.linking.profiles import MentionRecord, PersonRecord

__all__ = ["EdgeKind", "LinkGraph", "NodeKind", "build_graph"]


class NodeKind(StrEnum):
    """What a node is."""

    PERSON = "person"
    ORGANISATION = "org"
    PLACE = "place"
    VEHICLE = "vehicle"


class EdgeKind(StrEnum):
    """What ties two nodes."""

    NAMED_TOGETHER = "named_together"
    NAMED_WITH_PLACE = "named_with_place"
    NAMED_WITH_VEHICLE = "named_with_vehicle"
    SERVED_IN = "served_in"


def _node(kind: NodeKind, ident: str) -> str:
    return f"{kind.value}:{ident}"


def _person_id(node: str) -> str:
    return node.split(":", 1)[1]


@dataclass
class _Edges:
    """Evidence gathered per edge before the graph is made."""

    evidence: dict[tuple[str, str, EdgeKind], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )

    def add(self, a: str, b: str, kind: EdgeKind, evidence: str) -> None:
        key = (a, b, kind) if a <= b else (b, a, kind)
        self.evidence[key].add(evidence)


def _statement_edges(
    records: Iterable[MentionRecord], entities: Mapping[str, str], edges: _Edges
) -> dict[str, dict[str, Any]]:
    by_statement: dict[str, list[MentionRecord]] = defaultdict(list)
    for record in records:
        by_statement[record.statement].append(record)
    people: dict[str, dict[str, Any]] = {}
    for statement, items in by_statement.items():
        named = sorted({entities.get(r.id, f"entity:{r.id}") for r in items})
        for record in items:
            entity = entities.get(record.id, f"entity:{record.id}")
            info = people.setdefault(entity, {"mentions": set(), "roles": set()})
            info["mentions"].add(record.text)
            info["roles"].add(record.role)
        for a, b in combinations(named, 2):
            edges.add(
                _node(NodeKind.PERSON, a),
                _node(NodeKind.PERSON, b),
                EdgeKind.NAMED_TOGETHER,
                statement,
            )
        places = {k for r in items[:1] for text in r.places for k in place_keys(text)}
        vehicles = {
            f"{v.colour} {v.model or v.make}" if v.colour else (v.model or v.make or "")
            for r in items[:1]
            for text in r.vehicles
            for v in vehicle_keys(text)
        }
        for entity in named:
            person = _node(NodeKind.PERSON, entity)
            for place in places:
                edges.add(
                    person, _node(NodeKind.PLACE, place), EdgeKind.NAMED_WITH_PLACE, statement
                )
            for vehicle in vehicles:
                edges.add(
                    person, _node(NodeKind.VEHICLE, vehicle), EdgeKind.NAMED_WITH_VEHICLE, statement
                )
    return people


def build_graph(
    records: Iterable[MentionRecord],
    entities: Mapping[str, str],
    people: Iterable[PersonRecord] = (),
    affiliations: Iterable[Affiliation] = (),
) -> LinkGraph:
    """The graph of linked entities, their co-mentions, places, vehicles and posts."""
    edges = _Edges()
    seen = _statement_edges(list(records), entities, edges)
    graph = nx.Graph()
    known = {p.id: p for p in people}
    for entity, info in seen.items():
        person = known.get(entity)
        graph.add_node(
            _node(NodeKind.PERSON, entity),
            kind=NodeKind.PERSON.value,
            label=person.names[0] if person else " / ".join(sorted(info["mentions"])[:3]),
            police=bool(person.police) if person else False,
            roles=",".join(sorted(info["roles"])),
        )
    for person in known.values():
        node = _node(NodeKind.PERSON, person.id)
        if node not in graph:
            graph.add_node(
                node, kind="person", label=person.names[0], police=person.police, roles=""
            )
    for post in affiliations:
        holder = _node(NodeKind.PERSON, post.person)
        if holder in graph:
            years = f"{post.start.year}-{post.end.year if post.end else ''}"
            edges.add(
                holder, _node(NodeKind.ORGANISATION, post.organisation), EdgeKind.SERVED_IN, years
            )
    for (a, b, kind), evidence in edges.evidence.items():
        for node in (a, b):
            if node not in graph:
                graph.add_node(node, kind=node.split(":", 1)[0], label=node.split(":", 1)[1])
        if graph.has_edge(a, b):
            graph[a][b]["kinds"] = ",".join(sorted({*graph[a][b]["kinds"].split(","), kind.value}))
            graph[a][b]["evidence"] = ",".join(
                sorted({*graph[a][b]["evidence"].split(","), *evidence})
            )
        else:
            graph.add_edge(
                a, b, kinds=kind.value, evidence=",".join(sorted(evidence)), weight=len(evidence)
            )
    return LinkGraph(graph)


@dataclass(frozen=True)
class LinkGraph:
    """The graph and the questions a reviewer asks of it."""

    graph: nx.Graph

    def _person(self, ident: str) -> str:
        node = _node(NodeKind.PERSON, ident)
        if node not in self.graph:
            raise NotFound(f"person {ident!r} is not in the link graph")
        return node

    def paths(self, a: str, b: str, max_length: int = 4, limit: int = 20) -> list[list[str]]:
        """Simple paths between two people, shortest first (node ids, up to ``max_length`` hops)."""
        if max_length < 1:
            raise InvalidInput(f"max_length is {max_length}; a path has at least one hop")
        source, target = self._person(a), self._person(b)
        found = nx.all_simple_paths(self.graph, source, target, cutoff=max_length)
        out: list[list[str]] = []
        for path in found:
            out.append(path)
            if len(out) >= limit * 5:
                break
        return sorted(out, key=lambda p: (len(p), p))[:limit]

    def officer_suspect_paths(self, max_length: int = 3) -> dict[tuple[str, str], list[str]]:
        """The shortest path from every officer to every suspect within ``max_length`` hops."""
        out: dict[tuple[str, str], list[str]] = {}
        officers = [n for n, d in self.graph.nodes(data=True) if d.get("police")]
        for officer in sorted(officers):
            reach = nx.single_source_shortest_path(self.graph, officer, cutoff=max_length)
            for node, path in sorted(reach.items()):
                data = self.graph.nodes[node]
                if (
                    data.get("kind") == "person"
                    and "suspect" in str(data.get("roles", ""))
                    and node != officer
                ):
                    out[(_person_id(officer), _person_id(node))] = path
        return out

    def _shared(self, a: str, b: str, kind: NodeKind) -> list[str]:
        na, nb = self._person(a), self._person(b)
        common = set(self.graph.neighbors(na)) & set(self.graph.neighbors(nb))
        prefix = f"{kind.value}:"
        return sorted(n.split(":", 1)[1] for n in common if n.startswith(prefix))

    def shared_places(self, a: str, b: str) -> list[str]:
        """Places named with both people."""
        return self._shared(a, b, NodeKind.PLACE)

    def shared_vehicles(self, a: str, b: str) -> list[str]:
        """Vehicles named with both people."""
        return self._shared(a, b, NodeKind.VEHICLE)

    def neighbourhood(self, ident: str, depth: int = 2) -> LinkGraph:
        """The part of the graph within ``depth`` hops of a person (for ``unburied graph``)."""
        return LinkGraph(nx.ego_graph(self.graph, self._person(ident), radius=depth).copy())

    def associated_with(self, accused: Iterable[str], via_places: bool = True) -> frozenset[str]:
        """People tied to the accused: named with one of them, or (optionally) named with a
        place or vehicle named with one of them. The accused themselves are not included."""
        start = {_node(NodeKind.PERSON, a) for a in accused} & set(self.graph.nodes)
        found: set[str] = set()
        for node in start:
            for neighbour in self.graph.neighbors(node):
                kind = self.graph.nodes[neighbour].get("kind")
                if kind == "person":
                    found.add(neighbour)
                elif via_places and kind in ("place", "vehicle"):
                    found |= {
                        n
                        for n in self.graph.neighbors(neighbour)
                        if self.graph.nodes[n].get("kind") == "person"
                    }
        return frozenset(_person_id(n) for n in found - start)

    def to_graphml(self, path: str | Path) -> None:
        """Write the graph as GraphML."""
        nx.write_graphml(self.graph, str(path))

    def to_json(self) -> dict[str, Any]:
        """The graph as JSON-ready node-link data (``nodes`` and ``links``)."""
        data: dict[str, Any] = nx.node_link_data(self.graph, edges="links")
        return data
