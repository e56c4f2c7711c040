"""Practice closures (days the practice is closed) and an optional public-holiday calendar.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closures",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_closures"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_closures_workspace_id_workspaces"),
    )
    op.create_index("ix_closures_workspace_id", "closures", ["workspace_id"])
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(sa.Column("holiday_country", sa.String(12)))


def downgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("holiday_country")
    op.drop_table("closures")
