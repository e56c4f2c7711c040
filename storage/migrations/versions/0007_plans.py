"""Quarterly Community Connection Plans and their activities.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("quarter", sa.Date, nullable=False),
        sa.Column("niche", sa.String(300), nullable=False),
        sa.Column("referrers", sa.String(300), nullable=False),
        sa.Column("update_note", sa.String(500), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_plans_workspace_id_workspaces"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE",
                                name="fk_plans_member_id_members"),
        sa.UniqueConstraint("member_id", "quarter", name="uq_plans_member_id"),
    )
    op.create_table(
        "plan_items",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("plan_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.String(280), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_items"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_plan_items_workspace_id_workspaces"),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE",
                                name="fk_plan_items_plan_id_plans"),
    )
    op.create_index("ix_plan_items_plan_id", "plan_items", ["plan_id"])
    with op.batch_alter_table("commitments") as batch:
        batch.add_column(sa.Column("plan_item_id", sa.Integer))
        batch.create_foreign_key("fk_commitments_plan_item_id_plan_items", "plan_items",
                                 ["plan_item_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(sa.Column("share_plans", sa.Boolean, nullable=False,
                                   server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("share_plans")
    with op.batch_alter_table("commitments") as batch:
        batch.drop_constraint("fk_commitments_plan_item_id_plan_items", type_="foreignkey")
        batch.drop_column("plan_item_id")
    op.drop_table("plan_items")
    op.drop_table("plans")
