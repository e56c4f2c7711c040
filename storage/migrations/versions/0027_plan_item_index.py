"""An index from a plan's activities to the commitments made for them. How far a plan has
come (`plan`, the owner's report and dashboard, the quarter's brief) read every commitment a
practice ever made to find the few that name a plan activity: at five years of history,
tens of milliseconds for one plan. With the index it is a lookup.

Revision ID: 0027
Revises: 0026
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_commitments_plan_item", "commitments", ["plan_item_id"])


def downgrade() -> None:
    op.drop_index("ix_commitments_plan_item", "commitments")
