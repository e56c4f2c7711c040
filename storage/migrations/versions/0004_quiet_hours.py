"""Per-member quiet hours.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("quiet_start", sa.Time))
        batch.add_column(sa.Column("quiet_end", sa.Time))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("quiet_end")
        batch.drop_column("quiet_start")
