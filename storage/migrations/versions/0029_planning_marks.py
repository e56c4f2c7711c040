"""When each workspace was last planned. Every `worker` or `tick` process planned every
workspace on every tick, so two processes did all of the planning twice (500 workspaces:
seconds of database work each, before any nudge went out). Now a process claims the
workspaces it plans (a row here each, FOR UPDATE SKIP LOCKED on PostgreSQL) and stamps them;
a workspace stamped in the same minute is left alone, as slots fall on whole minutes.

Revision ID: 0029
Revises: 0028
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "planning_marks",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("planned_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_planning_marks"),
        sa.UniqueConstraint("workspace_id", name="uq_planning_marks_workspace_id"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_planning_marks_workspace_id_workspaces"),
    )


def downgrade() -> None:
    op.drop_table("planning_marks")
