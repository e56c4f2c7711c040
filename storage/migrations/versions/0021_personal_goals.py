"""Personal quarterly goals: a clinician's own target in points or activities.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "personal_goals",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("quarter", sa.Date, nullable=False),
        sa.Column("unit", sa.String(12), nullable=False),
        sa.Column("target", sa.Integer, nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_personal_goals"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_personal_goals_workspace_id_workspaces"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE",
                                name="fk_personal_goals_member_id_members"),
        sa.UniqueConstraint("member_id", "quarter", name="uq_personal_goals_member_id"),
    )


def downgrade() -> None:
    op.drop_table("personal_goals")
