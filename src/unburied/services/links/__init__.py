"""Linking as a use case: run the linker, record what it found, let people decide links."""

from unburied.services.links.corpus import LINK_TARGET_KINDS
from unburied.services.links.decisions import (
    decide_link,
    decide_links,
    get_link,
    links_of_alert,
    read_decisions,
    review_queue,
)
from unburied.services.links.graph import (
    GraphFormat,
    accused_associates,
    alerts,
    associated_with_accused,
    person_graph,
)
from unburied.services.links.rules import LINK_DECISION_ROLES, LINK_RUN_ROLES
from unburied.services.links.runs import COUNTED_ROLES, LinkSummary, link_statement, run_linking
from unburied.services.links.stored import AUTO, Alert, LinkDecision, StoredLink

__all__ = [
    "AUTO",
    "COUNTED_ROLES",
    "LINK_DECISION_ROLES",
    "LINK_RUN_ROLES",
    "LINK_TARGET_KINDS",
    "Alert",
    "GraphFormat",
    "LinkDecision",
    "LinkSummary",
    "StoredLink",
    "accused_associates",
    "alerts",
    "associated_with_accused",
    "decide_link",
    "decide_links",
    "get_link",
    "links_of_alert",
    "link_statement",
    "person_graph",
    "read_decisions",
    "review_queue",
    "run_linking",
]
