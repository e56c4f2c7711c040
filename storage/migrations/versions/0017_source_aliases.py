"""Other names a referral source goes by ("Lakeside" for Lakeside Family Medicine).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("referral_sources") as batch:
        batch.add_column(sa.Column("aliases", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("referral_sources") as batch:
        batch.drop_column("aliases")
