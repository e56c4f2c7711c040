"""An index to find what last happened to a commitment in the accountability log.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_accountability_log_commitment", "accountability_log",
                    ["workspace_id", "commitment_id"])


def downgrade() -> None:
    op.drop_index("ix_accountability_log_commitment", "accountability_log")
