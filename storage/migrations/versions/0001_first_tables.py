"""Workspaces, members, pauses, activity catalog, commitments, accountability log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("id", sa.Integer),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("rhythm", sa.JSON, nullable=False),
        sa.Column("working_days", sa.String(20), nullable=False),
        sa.Column("team_goal", sa.Integer, nullable=False),
        sa.Column("leaderboard_channel", sa.String(64)),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workspaces"),
        sa.UniqueConstraint("platform", "external_id", name="uq_workspaces_platform"),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("platform_user_id", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("timezone", sa.String(64)),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("paused_until", sa.Date),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_members"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_members_workspace_id_workspaces"),
        sa.UniqueConstraint("workspace_id", "platform_user_id",
                            name="uq_members_workspace_id"),
    )
    op.create_table(
        "member_pauses",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date),
        sa.PrimaryKeyConstraint("id", name="pk_member_pauses"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_member_pauses_workspace_id_workspaces"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE",
                                name="fk_member_pauses_member_id_members"),
    )
    op.create_index("ix_member_pauses_member", "member_pauses", ["workspace_id", "member_id"])
    op.create_table(
        "activity_types",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(24), nullable=False),
        sa.Column("label", sa.String(80), nullable=False),
        sa.Column("points", sa.Integer, nullable=False),
        sa.Column("keywords", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_activity_types"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_activity_types_workspace_id_workspaces"),
        sa.UniqueConstraint("workspace_id", "key", name="uq_activity_types_workspace_id"),
    )
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("member_id", sa.Integer, nullable=False),
        sa.Column("what", sa.String(300), nullable=False),
        sa.Column("activity_key", sa.String(24), nullable=False),
        sa.Column("when_where", sa.String(300), nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("week_start", sa.Date, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("points", sa.Integer, nullable=False),
        sa.Column("reflection", sa.String(500)),
        sa.Column("logged", sa.Boolean, nullable=False),
        sa.Column("moved_from_id", sa.Integer),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("closed_at", TZ),
        sa.PrimaryKeyConstraint("id", name="pk_commitments"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_commitments_workspace_id_workspaces"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE",
                                name="fk_commitments_member_id_members"),
        sa.ForeignKeyConstraint(["moved_from_id"], ["commitments.id"], ondelete="SET NULL",
                                name="fk_commitments_moved_from_id_commitments"),
    )
    op.create_index("ix_commitments_member_week", "commitments",
                    ["workspace_id", "member_id", "week_start"])
    op.create_index("ix_commitments_workspace_week", "commitments",
                    ["workspace_id", "week_start", "status"])
    op.create_table(
        "accountability_log",
        sa.Column("id", sa.Integer),
        sa.Column("workspace_id", sa.Integer, nullable=False),
        sa.Column("actor_id", sa.Integer),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("source", sa.String(12), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("commitment_id", sa.Integer),
        sa.Column("detail", sa.String(200)),
        sa.PrimaryKeyConstraint("id", name="pk_accountability_log"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE",
                                name="fk_accountability_log_workspace_id_workspaces"),
        sa.ForeignKeyConstraint(["actor_id"], ["members.id"], ondelete="CASCADE",
                                name="fk_accountability_log_actor_id_members"),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitments.id"], ondelete="CASCADE",
                                name="fk_accountability_log_commitment_id_commitments"),
    )
    op.create_index("ix_accountability_log_workspace_at", "accountability_log",
                    ["workspace_id", "at"])
    _forbid_log_updates()


def _forbid_log_updates() -> None:
    """The log is evidence: rows may be added (and purged with their workspace), never edited."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION accountability_log_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'accountability_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER accountability_log_no_update BEFORE UPDATE ON accountability_log "
            "FOR EACH ROW EXECUTE FUNCTION accountability_log_append_only()"
        )
    else:
        op.execute(
            "CREATE TRIGGER accountability_log_no_update BEFORE UPDATE ON accountability_log "
            "BEGIN SELECT RAISE(ABORT, 'accountability_log is append-only'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS accountability_log_no_update ON accountability_log")
        op.execute("DROP FUNCTION IF EXISTS accountability_log_append_only()")
    for table in ("accountability_log", "commitments", "activity_types", "member_pauses",
                  "members", "workspaces"):
        op.drop_table(table)
