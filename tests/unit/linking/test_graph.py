"""The link graph: co-mentions, places, vehicles and posts, and the questions asked of it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from tests.unit.linking.world import PEOPLE, story
from unburied.domain.entities import Affiliation
from unburied.domain.errors import InvalidInput, NotFound
from unburied.linking.graph import LinkGraph, build_graph

ENTITIES = {
    "M-1": "SU-1", "M-4": "SU-1", "M-11": "SU-1", "M-12": "SU-1", "M-13": "SU-1",
    "M-2": "OF-1", "M-10": "OF-1", "M-3": "SU-2", "M-5": "SU-2",
}  # fmt: skip
POSTS = [Affiliation("OF-1", "F01-CID", "officer", date(1999, 1, 1), date(2008, 1, 1), "sergeant")]


@pytest.fixture(scope="module")
def graph() -> LinkGraph:
    return build_graph(story(), ENTITIES, PEOPLE, POSTS)


def test_an_officer_named_beside_a_suspect_has_a_path_to_him(graph: LinkGraph) -> None:
    paths = graph.paths("OF-1", "SU-1")

    assert paths[0] == ["person:OF-1", "person:SU-1"]


def test_officer_suspect_paths_are_found_for_every_officer(graph: LinkGraph) -> None:
    found = graph.officer_suspect_paths()

    assert found[("OF-1", "SU-2")] == ["person:OF-1", "person:SU-2"]


def test_shared_places_and_vehicles_are_listed(graph: LinkGraph) -> None:
    assert graph.shared_places("SU-1", "SU-2") == ["quenby road"]
    assert graph.shared_vehicles("SU-1", "SU-2") == ["silver astra"]


def test_people_tied_to_an_accused_are_found_for_the_independence_rules(graph: LinkGraph) -> None:
    tied = graph.associated_with({"SU-1"})

    assert {"OF-1", "SU-2"} <= tied and "SU-1" not in tied


def test_an_officers_post_is_an_edge_to_the_organisation(graph: LinkGraph) -> None:
    edge = graph.graph["person:OF-1"]["org:F01-CID"]

    assert edge["kinds"] == "served_in" and edge["evidence"] == "1999-2008"


def test_a_neighbourhood_holds_only_what_is_near(graph: LinkGraph) -> None:
    near = graph.neighbourhood("OF-1", depth=1)

    assert "person:OF-1" in near.graph and "org:F01-CID" in near.graph
    assert "person:entity:M-6" not in near.graph  # "Bash": two hops away, via the vehicle
    assert "person:entity:M-6" in graph.neighbourhood("OF-1", depth=2).graph


def test_the_graph_round_trips_through_graphml_and_json(graph: LinkGraph, tmp_path: Path) -> None:
    path = tmp_path / "links.graphml"
    graph.to_graphml(path)

    read = nx.read_graphml(path)
    data = graph.to_json()

    assert set(read.nodes) == set(graph.graph.nodes)
    assert {n["id"] for n in data["nodes"]} == set(graph.graph.nodes)
    assert len(data["links"]) == graph.graph.number_of_edges()


def test_asking_about_someone_not_in_the_graph_says_so(graph: LinkGraph) -> None:
    with pytest.raises(NotFound, match="person 'XX-9' is not in the link graph"):
        graph.paths("XX-9", "SU-1")


def test_a_path_of_no_hops_is_refused(graph: LinkGraph) -> None:
    with pytest.raises(InvalidInput, match="max_length is 0"):
        graph.paths("OF-1", "SU-1", max_length=0)
