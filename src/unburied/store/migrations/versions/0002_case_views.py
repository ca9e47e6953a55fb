"""The case model's views: organisations, people, posts, cases and their review status,
allegations, statements (no text), mentions, assignments, decisions, access, imports.

Every table is a view (see ``unburied.store.case_views``): derived from events, never the only
copy of a fact, and rebuilt by ``rebuild_views``. The upgrade creates them empty; a log that
already held case events before this revision is projected into them by
``unburied rebuild-views`` (a migration cannot replay the log itself: the projectors are those
of the newest code, whose tables later revisions may not have created yet).

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_Seq = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create the case model's view tables, empty."""
    op.create_table(
        "view_organisations",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("parent", sa.String(128)),
        sa.Column("seq", _Seq, nullable=False),
    )
    op.create_index("ix_view_organisations_parent", "view_organisations", ["parent"])
    op.create_table(
        "view_people",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("pseudonym", sa.Text, nullable=False),
        sa.Column("sealed", sa.Text, nullable=False),
        sa.Column("seq", _Seq, nullable=False),
    )
    op.create_table(
        "view_affiliations",
        sa.Column("seq", _Seq, primary_key=True, autoincrement=False),
        sa.Column("person", sa.String(128), nullable=False),
        sa.Column("organisation", sa.String(128), nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("rank", sa.Text),
        sa.Column("collar_number", sa.String(40)),
        sa.Column("start", sa.String(10), nullable=False),
        sa.Column("end", sa.String(10)),
        sa.Column("line_manager", sa.String(128)),
        sa.Column("end_reason", sa.String(32)),
    )
    op.create_index("ix_view_affiliations_line_manager", "view_affiliations", ["line_manager"])
    op.create_index("ix_view_affiliations_organisation", "view_affiliations", ["organisation"])
    op.create_index("ix_view_affiliations_person", "view_affiliations", ["person"])
    op.create_table(
        "view_accreditations",
        sa.Column("seq", _Seq, primary_key=True, autoincrement=False),
        sa.Column("person", sa.String(128), nullable=False),
        sa.Column("accreditation", sa.String(80), nullable=False),
        sa.Column("awarded_on", sa.String(10)),
        sa.Column("expires_on", sa.String(10)),
    )
    op.create_index("ix_view_accreditations_person", "view_accreditations", ["person"])
    op.create_table(
        "view_declarations",
        sa.Column("seq", _Seq, primary_key=True, autoincrement=False),
        sa.Column("person", sa.String(128), nullable=False),
        sa.Column("case_ref", sa.String(128), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_view_declarations_case_ref", "view_declarations", ["case_ref"])
    op.create_index("ix_view_declarations_person", "view_declarations", ["person"])
    op.create_table(
        "view_cases",
        sa.Column("ref", sa.String(128), primary_key=True),
        sa.Column("originating_org", sa.String(128), nullable=False),
        sa.Column("period_start", sa.String(10), nullable=False),
        sa.Column("period_end", sa.String(10)),
        sa.Column("offence_categories", sa.Text, nullable=False),
        sa.Column("historic", sa.Boolean, nullable=False),
        sa.Column("received_by", sa.String(128)),
        sa.Column("recorded_by", sa.String(128)),
        sa.Column("investigated_by", sa.String(128)),
        sa.Column("decided_by", sa.String(128)),
        sa.Column("original_outcome", sa.Text),
        sa.Column("decided_on", sa.String(10)),
        sa.Column("seq", _Seq, nullable=False),
    )
    op.create_index("ix_view_cases_originating_org", "view_cases", ["originating_org"])
    op.create_table(
        "view_case_status",
        sa.Column("case_ref", sa.String(128), primary_key=True),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("since", sa.String(27), nullable=False),
        sa.Column("investigator", sa.String(128)),
        sa.Column("reviewer", sa.String(128)),
        sa.Column("proposal", sa.Text),
        sa.Column("signed_off_by", sa.String(128)),
        sa.Column("historic", sa.Boolean, nullable=False),
    )
    op.create_index("ix_view_case_status_investigator", "view_case_status", ["investigator"])
    op.create_index("ix_view_case_status_reviewer", "view_case_status", ["reviewer"])
    op.create_index("ix_view_case_status_state", "view_case_status", ["state"])
    op.create_table(
        "view_allegations",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("case_ref", sa.String(128), nullable=False),
        sa.Column("complainant", sa.String(128), nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("date_from", sa.String(10)),
        sa.Column("date_to", sa.String(10)),
        sa.Column("places", sa.Text, nullable=False),
        sa.Column("referral_flags", sa.Text, nullable=False),
        sa.Column("referral_mode", sa.String(32)),
        sa.Column("referral_reason", sa.Text),
        sa.Column("seq", _Seq, nullable=False),
    )
    op.create_index("ix_view_allegations_case_ref", "view_allegations", ["case_ref"])
    op.create_index("ix_view_allegations_complainant", "view_allegations", ["complainant"])
    op.create_table(
        "view_accused",
        sa.Column("allegation", sa.String(128), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("case_ref", sa.String(128), nullable=False),
        sa.Column("person", sa.String(128)),
        sa.Column("mention", sa.String(128)),
        sa.Column("description", sa.Text),
        sa.Column("described_as_officer", sa.Boolean, nullable=False),
    )
    op.create_index("ix_view_accused_case_ref", "view_accused", ["case_ref"])
    op.create_index("ix_view_accused_mention", "view_accused", ["mention"])
    op.create_index("ix_view_accused_person", "view_accused", ["person"])
    op.create_table(
        "view_suspect_namings",
        sa.Column("suspect", sa.String(128), primary_key=True),
        sa.Column("complainant", sa.String(128), primary_key=True),
        sa.Column("case_ref", sa.String(128), primary_key=True),
        sa.Column("evidence", sa.String(160), primary_key=True),
    )
    op.create_index("ix_view_suspect_namings_complainant", "view_suspect_namings", ["complainant"])
    op.create_table(
        "view_statements",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("case_ref", sa.String(128)),
        sa.Column("given_by", sa.String(128), nullable=False),
        sa.Column("recorded_by", sa.String(128)),
        sa.Column("taken_on", sa.String(10)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("in_review", sa.Boolean, nullable=False),
        sa.Column("seq", _Seq, nullable=False),
    )
    op.create_index("ix_view_statements_case_ref", "view_statements", ["case_ref"])
    op.create_index("ix_view_statements_given_by", "view_statements", ["given_by"])
    op.create_table(
        "view_mentions",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("statement", sa.String(128), nullable=False),
        sa.Column("case_ref", sa.String(128), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("person", sa.String(128)),
        sa.Column("seq", _Seq, nullable=False),
    )
    op.create_index("ix_view_mentions_case_ref", "view_mentions", ["case_ref"])
    op.create_index("ix_view_mentions_person", "view_mentions", ["person"])
    op.create_index("ix_view_mentions_statement", "view_mentions", ["statement"])
    op.create_table(
        "view_assignments",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("case_ref", sa.String(128), nullable=False),
        sa.Column("person", sa.String(128), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("task", sa.Text),
        sa.Column("involves", sa.Text, nullable=False),
        sa.Column("assigned_by", sa.String(128), nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("ended_at", sa.String(27)),
        sa.Column("end_reason", sa.Text),
        sa.Column("seq", _Seq, nullable=False),
    )
    op.create_index("ix_view_assignments_case_ref", "view_assignments", ["case_ref"])
    op.create_index("ix_view_assignments_person", "view_assignments", ["person"])
    op.create_table(
        "view_absences",
        sa.Column("person", sa.String(128), primary_key=True),
        sa.Column("absent", sa.Boolean, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("since", sa.String(27), nullable=False),
        sa.Column("seq", _Seq, nullable=False),
    )
    op.create_table(
        "view_overrides",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("case_ref", sa.String(128), nullable=False),
        sa.Column("candidate", sa.String(128), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("involves", sa.Text, nullable=False),
        sa.Column("approvers", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("conflicts", sa.Text, nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
        sa.Column("seq", _Seq, nullable=False),
    )
    op.create_index("ix_view_overrides_case_ref", "view_overrides", ["case_ref"])
    op.create_table(
        "view_concerns",
        sa.Column("seq", _Seq, primary_key=True, autoincrement=False),
        sa.Column("case_ref", sa.String(128), nullable=False),
        sa.Column("raised_by", sa.String(128), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("state", sa.String(32)),
        sa.Column("reopens", sa.Boolean, nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
    )
    op.create_index("ix_view_concerns_case_ref", "view_concerns", ["case_ref"])
    op.create_table(
        "view_decisions",
        sa.Column("seq", _Seq, primary_key=True, autoincrement=False),
        sa.Column("case_ref", sa.String(128), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
        sa.Column("text", sa.Text),
        sa.Column("outcomes", sa.Text),
        sa.Column("signed_off_by", sa.String(128)),
        sa.Column("rules", sa.Text),
    )
    op.create_index("ix_view_decisions_case_ref", "view_decisions", ["case_ref"])
    op.create_table(
        "view_refusals",
        sa.Column("seq", _Seq, primary_key=True, autoincrement=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("case_ref", sa.String(128)),
        sa.Column("subject", sa.String(128)),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
        sa.Column("rules", sa.Text, nullable=False),
    )
    op.create_index("ix_view_refusals_case_ref", "view_refusals", ["case_ref"])
    op.create_table(
        "view_access",
        sa.Column("seq", _Seq, primary_key=True, autoincrement=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("case_ref", sa.String(128)),
        sa.Column("subject", sa.String(128)),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
    )
    op.create_index("ix_view_access_actor", "view_access", ["actor"])
    op.create_index("ix_view_access_case_ref", "view_access", ["case_ref"])
    op.create_table(
        "view_imports",
        sa.Column("source_hash", sa.String(64), primary_key=True),
        sa.Column("seq", _Seq, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("rows", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    """Drop the view tables; the log keeps every fact they were derived from."""
    for table in (
        "view_imports",
        "view_access",
        "view_refusals",
        "view_decisions",
        "view_concerns",
        "view_overrides",
        "view_absences",
        "view_assignments",
        "view_mentions",
        "view_statements",
        "view_suspect_namings",
        "view_accused",
        "view_allegations",
        "view_case_status",
        "view_cases",
        "view_declarations",
        "view_accreditations",
        "view_affiliations",
        "view_people",
        "view_organisations",
    ):
        op.drop_table(table)
