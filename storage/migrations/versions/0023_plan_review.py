"""The owner's review of each plan: its status (draft, submitted, approved, commented), which
submission it is at and when that came, and who reviewed it with what comment. Plans already
submitted are waiting for a review: submitted, at their first submission.

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("status", sa.String(12), nullable=False,
                                   server_default="draft"))
        batch.add_column(sa.Column("submission", sa.Integer, nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("last_submitted_at", sa.DateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("reviewer_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("review_comment", sa.String(500), nullable=False,
                                   server_default=""))
        batch.create_foreign_key("fk_plans_reviewer_id_members", "members",
                                 ["reviewer_id"], ["id"], ondelete="SET NULL")
    op.execute("UPDATE plans SET status = 'submitted', submission = 1, "
               "last_submitted_at = submitted_at WHERE submitted_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.drop_constraint("fk_plans_reviewer_id_members", type_="foreignkey")
        for column in ("review_comment", "reviewed_at", "reviewer_id", "last_submitted_at",
                       "submission", "status"):
            batch.drop_column(column)
