"""Monthly referral totals per source.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "referral_outcomes",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("source_id", sa.Integer, nullable=False),
        sa.Column("month", sa.Date, nullable=False),
        sa.Column("referrals", sa.Integer, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_referral_outcomes"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_referral_outcomes_workspace_id_workspaces"),
        sa.ForeignKeyConstraint(["source_id"], ["referral_sources.id"], ondelete="CASCADE",
                                name="fk_referral_outcomes_source_id_referral_sources"),
        sa.UniqueConstraint("source_id", "month", name="uq_referral_outcomes_source_id"),
    )


def downgrade() -> None:
    op.drop_table("referral_outcomes")
