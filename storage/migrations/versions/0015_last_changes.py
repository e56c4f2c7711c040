"""Each member's last change to a commitment, so `undo` can put it back for a few minutes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "last_changes",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("commitment_id", sa.Integer, nullable=False),
        sa.Column("made_id", sa.Integer),
        sa.Column("before", sa.JSON),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_last_changes"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_last_changes_workspace_id_workspaces"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE",
                                name="fk_last_changes_member_id_members"),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitments.id"], ondelete="CASCADE",
                                name="fk_last_changes_commitment_id_commitments"),
        sa.ForeignKeyConstraint(["made_id"], ["commitments.id"], ondelete="CASCADE",
                                name="fk_last_changes_made_id_commitments"),
        sa.UniqueConstraint("member_id", name="uq_last_changes_member_id"),
    )


def downgrade() -> None:
    op.drop_table("last_changes")
