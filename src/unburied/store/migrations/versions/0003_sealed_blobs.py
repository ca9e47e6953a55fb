"""The ciphertexts of sealed fields, out of the events: ``sealed_blobs``.

A sealed field in an event's data now carries the SHA-256 and length of its ciphertext; the
ciphertext itself is a row of ``sealed_blobs`` keyed by that hash, written in the same
transaction as the event and deleted when its data key is destroyed. The receipt of an event
stays small whatever the length of the statement.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the empty ``sealed_blobs`` table and its index on the data key."""
    op.create_table(
        "sealed_blobs",
        sa.Column("digest", sa.LargeBinary(32), primary_key=True),
        sa.Column("key_id", sa.String(40), nullable=False),
        sa.Column("ct", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_sealed_blobs_key_id", "sealed_blobs", ["key_id"])


def downgrade() -> None:
    """Drop the table: every ciphertext stored out of the events is lost with it."""
    op.drop_index("ix_sealed_blobs_key_id", table_name="sealed_blobs")
    op.drop_table("sealed_blobs")
