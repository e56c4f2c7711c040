"""Referral sources with a touch cadence; commitments may name one.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "referral_sources",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("tier", sa.String(1), nullable=False),
        sa.Column("owner_id", sa.Integer),
        sa.Column("cadence_days", sa.Integer, nullable=False),
        sa.Column("last_touch", sa.Date),
        sa.Column("retired", sa.Boolean, nullable=False),
        sa.Column("created_on", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_referral_sources"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_referral_sources_workspace_id_workspaces"),
        sa.ForeignKeyConstraint(["owner_id"], ["members.id"], ondelete="SET NULL",
                                name="fk_referral_sources_owner_id_members"),
    )
    op.create_index("ix_referral_sources_workspace", "referral_sources",
                    ["workspace_id", "retired"])
    with op.batch_alter_table("commitments") as batch:
        batch.add_column(sa.Column("source_id", sa.Integer))
        batch.create_foreign_key("fk_commitments_source_id_referral_sources",
                                 "referral_sources", ["source_id"], ["id"],
                                 ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("commitments") as batch:
        batch.drop_constraint("fk_commitments_source_id_referral_sources", type_="foreignkey")
        batch.drop_column("source_id")
    op.drop_table("referral_sources")
