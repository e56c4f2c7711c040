"""Indexes for boards and reports over years of history: commitments by due date.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_commitments_workspace_due", "commitments", ["workspace_id", "due_date"])
    op.create_index("ix_commitments_member_due", "commitments",
                    ["workspace_id", "member_id", "due_date"])


def downgrade() -> None:
    op.drop_index("ix_commitments_member_due", "commitments")
    op.drop_index("ix_commitments_workspace_due", "commitments")
