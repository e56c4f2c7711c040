"""What an item of outreach showed (empathy, relationship, problem-solving), whether its words
may go in the Friday post, and whether a member wants to be asked.

Existing members read as asked (NULL: the default, on); existing outreach has no showing yet.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("ask_showing", sa.Boolean, nullable=True))
    op.create_table(
        "showings",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("commitment_id", sa.Integer, nullable=False),
        sa.Column("tags", sa.String(60), nullable=True),
        sa.Column("shared", sa.Boolean, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name=op.f("fk_showings_workspace_id_workspaces")),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitments.id"], ondelete="CASCADE",
                                name=op.f("fk_showings_commitment_id_commitments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_showings")),
        sa.UniqueConstraint("commitment_id", name=op.f("uq_showings_commitment_id")),
    )
    op.create_index("ix_showings_workspace_shared", "showings", ["workspace_id", "shared"])


def downgrade() -> None:
    op.drop_index("ix_showings_workspace_shared", table_name="showings")
    op.drop_table("showings")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("ask_showing")
