"""The dashboard's sign-in: one-time links (only a hash of each token), the sessions they
open (only a hash of each), both gone with their member or workspace, and the secret that
signs links and cookies when DASHBOARD_SECRET is not set, shared by every process.

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def _owned_by_a_member(table: str, token: str, ended: str) -> None:
    op.create_table(
        table,
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column(token, sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(ended, sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name=f"fk_{table}_workspace_id_workspaces"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE",
                                name=f"fk_{table}_member_id_members"),
        sa.UniqueConstraint(token, name=f"uq_{table}_{token}"),
        sqlite_autoincrement=True,
    )
    op.create_index(f"ix_{table}_expires_at", table, ["expires_at"])


def upgrade() -> None:
    _owned_by_a_member("dashboard_grants", "token_hash", "redeemed_at")
    _owned_by_a_member("dashboard_sessions", "session_hash", "ended_at")
    op.create_table(
        "kept_secrets",
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_kept_secrets"),
    )


def downgrade() -> None:
    op.drop_table("kept_secrets")
    for table in ("dashboard_sessions", "dashboard_grants"):
        op.drop_index(f"ix_{table}_expires_at", table_name=table)
        op.drop_table(table)
