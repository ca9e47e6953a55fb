"""The case model as views: tables derived from the case events, rebuildable from the log.

Every table here is a view (``view_table``): its rows are written only by the projectors of
``case_projectors.py`` (organisations, people, cases, allegations, statements, mentions) and
``review_projectors.py`` (the review: status, assignments, decisions, access, imports), in the
append's transaction, and :func:`unburied.store.views.rebuild_views` empties it
and replays the log into it. Nothing in a view is a fact the log does not hold.

What the views never hold: a protected value. A survivor's identity, an address and a
statement's text stay sealed in their events; the views say *which* event holds them
(``view_people.seq``, ``view_statements.seq``) so a read can open them after it is recorded.

A projector skips an event whose payload lacks the fields its view needs (the store's own
tests append such events); the log still holds and verifies it. A projector that meets an
event breaking the lifecycle (``unburied.review.evolve`` refuses it, e.g. a close without a
sign-off) raises, and the append fails with it: no row of ``view_case_status`` can show a
case the lifecycle could not have reached.

Tables, and the events that write them::

    view_organisations    organisation.registered
    view_people           person.registered            (pseudonym, kind; never the identity)
    view_affiliations     affiliation.recorded
    view_accreditations   accreditation.recorded
    view_declarations     interest.declared
    view_cases            case.opened                  (facts and the original handling)
    view_case_status      case.queued, case.transitioned, assignment.made/ended,
                          decision.proposed, closure.signed_off   (the review lifecycle)
    view_allegations      allegation.recorded, referral.decided
    view_accused          allegation.recorded          (one row per accused of an allegation)
    view_suspect_namings  allegation.recorded, link.confirmed/rejected  (for CR-1, all cases)
    view_statements       statement.recorded           (no text)
    view_mentions         mention.recorded, link.confirmed/rejected
    view_assignments      assignment.made, assignment.ended
    view_absences         absence.recorded
    view_overrides        override.granted
    view_concerns         concern.raised
    view_decisions        decision.proposed, closure.signed_off, closure.refused,
                          case.closed, case.reopened
    view_refusals         assignment.refused, override.refused, closure.refused,
                          link.refused
    view_access           access.recorded, access.alert, access.refused
    view_imports          import.recorded              (source hash → event, for idempotence)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Index,
    Integer,
    String,
    Table,
    Text,
    insert,
)

from unburied.domain.events import JSONValue, RecordedEvent, format_time
from unburied.store.schema import metadata
from unburied.store.views import view_table

__all__ = [
    "CASE_VIEW_TABLES",
    "Naming",
    "chunked",
    "dump_json",
    "insert_rows",
    "payload_has",
    "payload_text",
    "payload_texts",
    "recorded_at",
    "refusal_rules",
    "view_absences",
    "view_access",
    "view_accreditations",
    "view_accused",
    "view_affiliations",
    "view_allegations",
    "view_assignments",
    "view_case_status",
    "view_cases",
    "view_concerns",
    "view_decisions",
    "view_declarations",
    "view_imports",
    "view_mentions",
    "view_organisations",
    "view_overrides",
    "view_people",
    "view_refusals",
    "view_statements",
    "view_suspect_namings",
]

_Seq = BigInteger().with_variant(Integer(), "sqlite")
_Id = String(128)
_Day = String(10)
_Time = String(27)

# -- tables --------------------------------------------------------------------------------------

view_organisations = Table(
    "view_organisations",
    metadata,
    Column("id", _Id, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("parent", _Id),
    Column("seq", _Seq, nullable=False),
)
Index("ix_view_organisations_parent", view_organisations.c.parent)

view_people = Table(
    "view_people",
    metadata,
    Column("id", _Id, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("pseudonym", Text, nullable=False),
    # the names of the sealed fields the event holds ("address,date_of_birth"), never values
    Column("sealed", Text, nullable=False),
    Column("seq", _Seq, nullable=False),
)

view_affiliations = Table(
    "view_affiliations",
    metadata,
    Column("seq", _Seq, primary_key=True, autoincrement=False),
    Column("person", _Id, nullable=False),
    Column("organisation", _Id, nullable=False),
    Column("role", Text, nullable=False),
    Column("rank", Text),
    Column("collar_number", String(40)),
    Column("start", _Day, nullable=False),
    Column("end", _Day),
    Column("line_manager", _Id),
    Column("end_reason", String(32)),
)
Index("ix_view_affiliations_person", view_affiliations.c.person)
Index("ix_view_affiliations_line_manager", view_affiliations.c.line_manager)
Index("ix_view_affiliations_organisation", view_affiliations.c.organisation)

view_accreditations = Table(
    "view_accreditations",
    metadata,
    Column("seq", _Seq, primary_key=True, autoincrement=False),
    Column("person", _Id, nullable=False),
    Column("accreditation", String(80), nullable=False),
    Column("awarded_on", _Day),
    Column("expires_on", _Day),
)
Index("ix_view_accreditations_person", view_accreditations.c.person)

view_declarations = Table(
    "view_declarations",
    metadata,
    Column("seq", _Seq, primary_key=True, autoincrement=False),
    Column("person", _Id, nullable=False),
    Column("case_ref", _Id, nullable=False),
    Column("reason", Text, nullable=False),
)
Index("ix_view_declarations_case_ref", view_declarations.c.case_ref)
Index("ix_view_declarations_person", view_declarations.c.person)

view_cases = Table(
    "view_cases",
    metadata,
    Column("ref", _Id, primary_key=True),
    Column("originating_org", _Id, nullable=False),
    Column("period_start", _Day, nullable=False),
    Column("period_end", _Day),
    Column("offence_categories", Text, nullable=False),  # JSON list
    Column("historic", Boolean, nullable=False),
    Column("received_by", _Id),
    Column("recorded_by", _Id),
    Column("investigated_by", _Id),
    Column("decided_by", _Id),
    Column("original_outcome", Text),
    Column("decided_on", _Day),
    Column("seq", _Seq, nullable=False),
)
Index("ix_view_cases_originating_org", view_cases.c.originating_org)

view_case_status = Table(
    "view_case_status",
    metadata,
    Column("case_ref", _Id, primary_key=True),
    Column("state", String(32), nullable=False),
    Column("since", _Time, nullable=False),
    Column("investigator", _Id),
    Column("reviewer", _Id),
    Column("proposal", Text),  # JSON {"outcomes", "rationale", "by", "at"} or null
    Column("signed_off_by", _Id),
    Column("historic", Boolean, nullable=False),
)
Index("ix_view_case_status_state", view_case_status.c.state)
Index("ix_view_case_status_investigator", view_case_status.c.investigator)
Index("ix_view_case_status_reviewer", view_case_status.c.reviewer)

view_allegations = Table(
    "view_allegations",
    metadata,
    Column("id", _Id, primary_key=True),
    Column("case_ref", _Id, nullable=False),
    Column("complainant", _Id, nullable=False),
    Column("category", Text, nullable=False),
    Column("date_from", _Day),
    Column("date_to", _Day),
    Column("places", Text, nullable=False),  # JSON list
    Column("referral_flags", Text, nullable=False),  # JSON list
    Column("referral_mode", String(32)),
    Column("referral_reason", Text),
    Column("seq", _Seq, nullable=False),
)
Index("ix_view_allegations_case_ref", view_allegations.c.case_ref)
Index("ix_view_allegations_complainant", view_allegations.c.complainant)

view_accused = Table(
    "view_accused",
    metadata,
    Column("allegation", _Id, primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("case_ref", _Id, nullable=False),
    Column("person", _Id),
    Column("mention", _Id),
    Column("description", Text),
    Column("described_as_officer", Boolean, nullable=False),
)
Index("ix_view_accused_case_ref", view_accused.c.case_ref)
Index("ix_view_accused_person", view_accused.c.person)
Index("ix_view_accused_mention", view_accused.c.mention)

view_suspect_namings = Table(
    "view_suspect_namings",
    metadata,
    Column("suspect", _Id, primary_key=True),
    Column("complainant", _Id, primary_key=True),
    Column("case_ref", _Id, primary_key=True),
    Column("evidence", String(160), primary_key=True),
)
Index("ix_view_suspect_namings_complainant", view_suspect_namings.c.complainant)

view_statements = Table(
    "view_statements",
    metadata,
    Column("id", _Id, primary_key=True),
    Column("case_ref", _Id),
    Column("given_by", _Id, nullable=False),
    Column("recorded_by", _Id),
    Column("taken_on", _Day),
    Column("status", String(16), nullable=False),  # held, lost
    Column("in_review", Boolean, nullable=False),
    Column("seq", _Seq, nullable=False),  # the event holding the sealed text (if held)
)
Index("ix_view_statements_case_ref", view_statements.c.case_ref)
Index("ix_view_statements_given_by", view_statements.c.given_by)

view_mentions = Table(
    "view_mentions",
    metadata,
    Column("id", _Id, primary_key=True),
    Column("statement", _Id, nullable=False),
    Column("case_ref", _Id, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("role", String(32), nullable=False),
    Column("person", _Id),  # set only by a confirmed link
    Column("seq", _Seq, nullable=False),
)
Index("ix_view_mentions_case_ref", view_mentions.c.case_ref)
Index("ix_view_mentions_statement", view_mentions.c.statement)
Index("ix_view_mentions_person", view_mentions.c.person)

view_assignments = Table(
    "view_assignments",
    metadata,
    Column("id", _Id, primary_key=True),
    Column("case_ref", _Id, nullable=False),
    Column("person", _Id, nullable=False),
    Column("role", String(32), nullable=False),
    Column("task", Text),
    Column("involves", Text, nullable=False),  # JSON list
    Column("assigned_by", _Id, nullable=False),
    Column("at", _Time, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("ended_at", _Time),
    Column("end_reason", Text),
    Column("seq", _Seq, nullable=False),
)
Index("ix_view_assignments_case_ref", view_assignments.c.case_ref)
Index("ix_view_assignments_person", view_assignments.c.person)

view_absences = Table(
    "view_absences",
    metadata,
    Column("person", _Id, primary_key=True),
    Column("absent", Boolean, nullable=False),
    Column("reason", Text, nullable=False),
    Column("since", _Time, nullable=False),
    Column("seq", _Seq, nullable=False),
)

view_overrides = Table(
    "view_overrides",
    metadata,
    Column("id", _Id, primary_key=True),
    Column("case_ref", _Id, nullable=False),
    Column("candidate", _Id, nullable=False),
    Column("role", String(32), nullable=False),
    Column("involves", Text, nullable=False),  # JSON list
    Column("approvers", Text, nullable=False),  # JSON list
    Column("reason", Text, nullable=False),
    Column("conflicts", Text, nullable=False),  # JSON list of {rule, reason, evidence}
    Column("at", _Time, nullable=False),
    Column("seq", _Seq, nullable=False),
)
Index("ix_view_overrides_case_ref", view_overrides.c.case_ref)

view_concerns = Table(
    "view_concerns",
    metadata,
    Column("seq", _Seq, primary_key=True, autoincrement=False),
    Column("case_ref", _Id, nullable=False),
    Column("raised_by", _Id, nullable=False),
    Column("text", Text, nullable=False),
    Column("state", String(32)),
    Column("reopens", Boolean, nullable=False),
    Column("at", _Time, nullable=False),
)
Index("ix_view_concerns_case_ref", view_concerns.c.case_ref)

view_decisions = Table(
    "view_decisions",
    metadata,
    Column("seq", _Seq, primary_key=True, autoincrement=False),
    Column("case_ref", _Id, nullable=False),
    Column("type", String(64), nullable=False),
    Column("actor", _Id, nullable=False),
    Column("at", _Time, nullable=False),
    Column("text", Text),  # rationale, sign-off note or re-opening reason
    Column("outcomes", Text),  # JSON list
    Column("signed_off_by", _Id),
    Column("rules", Text),  # JSON list of the rule ids of a refusal
)
Index("ix_view_decisions_case_ref", view_decisions.c.case_ref)

view_refusals = Table(
    "view_refusals",
    metadata,
    Column("seq", _Seq, primary_key=True, autoincrement=False),
    Column("type", String(64), nullable=False),
    Column("case_ref", _Id),
    Column("subject", _Id),
    Column("actor", _Id, nullable=False),
    Column("at", _Time, nullable=False),
    Column("rules", Text, nullable=False),  # JSON list of rule ids, sorted, unique
)
Index("ix_view_refusals_case_ref", view_refusals.c.case_ref)

view_access = Table(
    "view_access",
    metadata,
    Column("seq", _Seq, primary_key=True, autoincrement=False),
    Column("type", String(64), nullable=False),
    Column("actor", _Id, nullable=False),
    Column("case_ref", _Id),
    Column("subject", _Id),
    Column("field", String(64), nullable=False),
    Column("role", String(32), nullable=False),
    Column("at", _Time, nullable=False),
)
Index("ix_view_access_case_ref", view_access.c.case_ref)
Index("ix_view_access_actor", view_access.c.actor)

view_imports = Table(
    "view_imports",
    metadata,
    Column("source_hash", String(64), primary_key=True),
    Column("seq", _Seq, nullable=False),
    Column("actor", _Id, nullable=False),
    Column("at", _Time, nullable=False),
    Column("files", Text, nullable=False),  # JSON list of {name, kind, sha256, rows}
    Column("rows", BigInteger, nullable=False),
)

#: Every table of the case model, in creation order.
CASE_VIEW_TABLES: tuple[Table, ...] = (
    view_organisations,
    view_people,
    view_affiliations,
    view_accreditations,
    view_declarations,
    view_cases,
    view_case_status,
    view_allegations,
    view_accused,
    view_suspect_namings,
    view_statements,
    view_mentions,
    view_assignments,
    view_absences,
    view_overrides,
    view_concerns,
    view_decisions,
    view_refusals,
    view_access,
    view_imports,
)
for _table in CASE_VIEW_TABLES:
    view_table(_table)

# -- helpers -------------------------------------------------------------------------------------

_CHUNK = 500

#: A row of ``view_suspect_namings``: (suspect, complainant, case, evidence).
Naming = tuple[str, str, str, str]


def dump_json(value: object) -> str:
    """The one JSON text of a view column: sorted keys, compact, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chunked(items: Iterable[str], size: int = _CHUNK) -> Iterator[list[str]]:
    """``items`` sorted, in lists of at most ``size`` (for ``IN (...)`` queries)."""
    ordered = sorted(set(items))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def payload_text(data: Mapping[str, JSONValue], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def payload_texts(data: Mapping[str, JSONValue], key: str) -> list[str]:
    value = data.get(key)
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def payload_has(data: Mapping[str, JSONValue], *keys: str) -> bool:
    return all(isinstance(data.get(k), str) for k in keys)


def recorded_at(recorded: RecordedEvent) -> str:
    return format_time(recorded.event.at)


def refusal_rules(data: Mapping[str, JSONValue]) -> list[str]:
    found = data.get("refusals")
    items = found if isinstance(found, list) else []
    return sorted({str(f["rule"]) for f in items if isinstance(f, dict) and "rule" in f})


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), rows)


# The projectors register themselves on import; they need the tables above.
from unburied.store import case_projectors, review_projectors  # noqa: E402,F401  isort: skip
