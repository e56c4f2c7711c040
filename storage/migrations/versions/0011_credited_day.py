"""The day a done commitment is credited to: the day it was marked done (or logged as done).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commitments") as batch:
        batch.add_column(sa.Column("done_on", sa.Date))
    # Outreach already done keeps the day it was counted on until now (its due day), so no
    # closed week, month or quarter changes its totals with the upgrade.
    op.execute("UPDATE commitments SET done_on = due_date WHERE status = 'done'")
    op.create_index("ix_commitments_workspace_done", "commitments", ["workspace_id", "done_on"])


def downgrade() -> None:
    op.drop_index("ix_commitments_workspace_done", "commitments")
    with op.batch_alter_table("commitments") as batch:
        batch.drop_column("done_on")
