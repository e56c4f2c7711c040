"""Teams conversation references, so the outbox can write to Teams chats and channels.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams_conversations",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("member_id", sa.Integer),
        sa.Column("address", sa.String(120), nullable=False),
        sa.Column("conversation_id", sa.String(400), nullable=False),
        sa.Column("service_url", sa.String(400), nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("aad_object_id", sa.String(64)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_teams_conversations"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_teams_conversations_workspace_id_workspaces"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE",
                                name="fk_teams_conversations_member_id_members"),
        sa.UniqueConstraint("workspace_id", "address", name="uq_teams_conversations_workspace_id"),
    )
    op.create_index("ix_teams_conversations_member_id", "teams_conversations", ["member_id"])


def downgrade() -> None:
    op.drop_table("teams_conversations")
