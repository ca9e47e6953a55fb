"""Linking: records to records, mentions to people, corroboration, and the link graph."""

from unburied.linking.candidates import BlockingRule, CandidateLink
from unburied.linking.clusters import Constraints
from unburied.linking.corroboration import (
    CorroborationAlert,
    Naming,
    corroboration_alerts,
    independent_groups,
    namings_from_allegations,
    namings_from_links,
    stands_without,
    with_links_on_a_name,
)
from unburied.linking.explain import (
    Band,
    Evidence,
    EvidenceKind,
    Outcome,
    Thresholds,
    band_for,
    explain,
)
from unburied.linking.graph import LinkGraph, build_graph
from unburied.linking.mentions import (
    HeldLink,
    LinkRun,
    MentionLinker,
    link_mentions,
    link_new_statement,
)
from unburied.linking.model import SplinkModel
from unburied.linking.profiles import MentionRecord, PersonRecord, mention_records, person_records
from unburied.linking.schema import FieldKind, FieldSpec, RecordSchema
from unburied.linking.structured import ScoredPairs, dedupe_records, link_records

__all__ = [
    "Band",
    "BlockingRule",
    "CandidateLink",
    "Constraints",
    "CorroborationAlert",
    "Evidence",
    "EvidenceKind",
    "FieldKind",
    "FieldSpec",
    "HeldLink",
    "LinkGraph",
    "LinkRun",
    "MentionLinker",
    "MentionRecord",
    "Naming",
    "Outcome",
    "PersonRecord",
    "RecordSchema",
    "ScoredPairs",
    "SplinkModel",
    "Thresholds",
    "band_for",
    "build_graph",
    "corroboration_alerts",
    "dedupe_records",
    "explain",
    "independent_groups",
    "link_mentions",
    "link_new_statement",
    "link_records",
    "mention_records",
    "namings_from_allegations",
    "namings_from_links",
    "person_records",
    "stands_without",
    "with_links_on_a_name",
]
