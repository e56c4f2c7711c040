"""An index that answers "who kept which weeks" on its own, for the owner's report.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_commitments_kept_weeks", "commitments",
                    ["workspace_id", "status", "week_start", "member_id"])


def downgrade() -> None:
    op.drop_index("ix_commitments_kept_weeks", "commitments")
