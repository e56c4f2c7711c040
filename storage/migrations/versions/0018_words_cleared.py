"""When a commitment's or a plan's free text was reduced to its structured part, after the
retention period (TEXT_RETENTION_DAYS).

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("commitments", "plans"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("words_cleared_on", sa.Date, nullable=True))


def downgrade() -> None:
    for table in ("commitments", "plans"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("words_cleared_on")
