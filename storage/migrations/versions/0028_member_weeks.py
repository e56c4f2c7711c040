"""Weekly per-member rollups (`member_weeks`, storage/rollups.py): each member's week in
numbers and, for a kept week, the streak at its end. The owner's report and dashboard read
one row per member for everyone's streak instead of every kept week of the practice's
years. The rows are filled here from the commitments already stored, by the same rebuild
`showup rollups --rebuild` runs.

Revision ID: 0028
Revises: 0027
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

TABLE = "member_weeks"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("week_start", sa.Date, nullable=False),
        sa.Column("made", sa.Integer, nullable=False),
        sa.Column("kept", sa.Integer, nullable=False),
        sa.Column("logged", sa.Integer, nullable=False),
        sa.Column("points", sa.Integer, nullable=False),
        sa.Column("streak", sa.Integer, nullable=True),
        sa.Column("best_streak", sa.Integer, nullable=True),
        sa.Column("freezes_spent", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("workspace_id", "member_id", "week_start",
                                name=f"pk_{TABLE}"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name=f"fk_{TABLE}_workspace_id_workspaces"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE",
                                name=f"fk_{TABLE}_member_id_members"),
    )
    # Imported here: the rebuild reads the commitments, pauses and closures as they are at
    # this revision, and a later migration that changes them must fill rollups its own way.
    from storage.rollups import rebuild_all

    rebuild_all(op.get_bind())


def downgrade() -> None:
    op.drop_table(TABLE)
