"""The ideas library: each practice's own ideas and the defaults it hid.

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ideas",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("number", sa.Integer, nullable=True),
        sa.Column("text", sa.String(200), nullable=True),
        sa.Column("kind", sa.String(24), nullable=True),
        sa.Column("niche", sa.String(24), nullable=True),
        sa.Column("shows", sa.String(24), nullable=True),
        sa.Column("hidden", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ideas")),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name=op.f("fk_ideas_workspace_id_workspaces")),
        sa.UniqueConstraint("workspace_id", "key", name=op.f("uq_ideas_workspace_id")),
    )
    op.create_index(op.f("ix_ideas_workspace_id"), "ideas", ["workspace_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_ideas_workspace_id"), table_name="ideas")
    op.drop_table("ideas")
