"""A plan's number is never given to another plan. On SQLite a table's ids came back after
the newest row was deleted (a member's `forget me`), so the next plan took the forgotten
one's number: an owner's Approve button on the old request (`review #12 v1 approve`) then
approved someone else's plan, and the new request shared the old one's delivery key and was
never sent. SQLite's AUTOINCREMENT never reuses an id; PostgreSQL's sequences never did.

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("plans", recreate="always",
                              table_kwargs={"sqlite_autoincrement": True}):
        pass


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("plans", recreate="always",
                              table_kwargs={"sqlite_autoincrement": False}):
        pass
