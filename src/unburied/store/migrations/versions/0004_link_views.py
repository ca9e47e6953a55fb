"""The link views: proposed, confirmed and rejected links, and corroboration alerts.

Both tables are views (``unburied.store.link_views``): derived from ``link.*`` and
``corroboration.alert`` events and rebuilt by ``rebuild_views``. The upgrade creates them
empty; a log that already held link events is projected into them by
``unburied rebuild-views``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_Seq = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create the link view tables, empty."""
    op.create_table(
        "view_links",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("left", sa.String(128), nullable=False),
        sa.Column("right", sa.String(128), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("probability_ppm", sa.Integer),
        sa.Column("band", sa.String(16)),
        sa.Column("explanation", sa.Text),
        sa.Column("evidence", sa.Text),
        sa.Column("held_reason", sa.Text),
        sa.Column("case_ref", sa.String(128)),
        sa.Column("decided_by", sa.String(128)),
        sa.Column("reason", sa.Text),
        sa.Column("decided_at", sa.String(27)),
        sa.Column("first_seq", _Seq, nullable=False),
        sa.Column("decided_seq", _Seq),
    )
    op.create_index("ix_view_links_pair", "view_links", ["left", "right"], unique=True)
    op.create_index("ix_view_links_right", "view_links", ["right"])
    op.create_index("ix_view_links_state", "view_links", ["state"])
    op.create_table(
        "view_corroboration_alerts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("person", sa.String(128), nullable=False),
        sa.Column("independent_complainants", sa.Integer, nullable=False),
        sa.Column("k", sa.Integer, nullable=False),
        sa.Column("complainants", sa.Text, nullable=False),
        sa.Column("mentions", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
        sa.Column("seq", _Seq, nullable=False),
    )
    op.create_index("ix_view_corroboration_alerts_person", "view_corroboration_alerts", ["person"])


def downgrade() -> None:
    """Drop the link views; the log keeps every link event they were derived from."""
    op.drop_index("ix_view_corroboration_alerts_person", table_name="view_corroboration_alerts")
    op.drop_table("view_corroboration_alerts")
    for index in ("ix_view_links_state", "ix_view_links_right", "ix_view_links_pair"):
        op.drop_index(index, table_name="view_links")
    op.drop_table("view_links")
