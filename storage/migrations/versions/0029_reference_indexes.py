"""Indexes on the commitments that point at another commitment (moved from it) or at a
referral source. Deleting a commitment (forgetting a member, removing a workspace) or a
source sets those references to NULL, and without an index the database read every
commitment of every practice once per row deleted: a five-year practice's removal ran for
minutes.

Revision ID: 0029
Revises: 0028
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_commitments_moved_from", "commitments", ["moved_from_id"])
    op.create_index("ix_commitments_source", "commitments", ["source_id"])


def downgrade() -> None:
    op.drop_index("ix_commitments_source", "commitments")
    op.drop_index("ix_commitments_moved_from", "commitments")
