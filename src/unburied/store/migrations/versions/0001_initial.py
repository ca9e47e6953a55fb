"""The first schema: events (the log), checkpoints, meta, data keys, the event-count view.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_Seq = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create every table of the first schema."""
    op.create_table(
        "events",
        sa.Column("seq", _Seq, primary_key=True, autoincrement=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
        sa.Column("case_ref", sa.String(128)),
        sa.Column("subject", sa.String(128)),
        sa.Column("leaf", sa.LargeBinary, nullable=False),
        sa.Column("leaf_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("nodes", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_events_type", "events", ["type"])
    op.create_index("ix_events_case_ref", "events", ["case_ref"])
    op.create_index("ix_events_subject", "events", ["subject"])
    op.create_table(
        "checkpoints",
        sa.Column("size", _Seq, primary_key=True, autoincrement=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("at", sa.String(27), nullable=False),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "data_keys",
        sa.Column("key_id", sa.String(40), primary_key=True),
        sa.Column("subject", sa.String(128), nullable=False, unique=True),
        sa.Column("wrapped", sa.LargeBinary),
        sa.Column("master_id", sa.String(40)),
        sa.Column("created_at", sa.String(27), nullable=False),
        sa.Column("destroyed_at", sa.String(27)),
    )
    op.create_table(
        "view_event_counts",
        sa.Column("type", sa.String(64), primary_key=True),
        sa.Column("events", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    """Refuse: dropping the log would destroy the record it exists to keep."""
    raise RuntimeError("the first revision holds the log; it is never downgraded")
