"""Commitment numbers per member (#1, #2 … for each person) instead of the database id.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commitments") as batch:
        batch.add_column(sa.Column("number", sa.Integer))
    _number_in_order_made()
    with op.batch_alter_table("commitments") as batch:
        batch.alter_column("number", existing_type=sa.Integer, nullable=False)
        batch.create_unique_constraint("uq_commitments_member_id",
                                       ["workspace_id", "member_id", "number"])


def _number_in_order_made() -> None:
    """Each person's commitments numbered in the order they were made."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" or sqlite3.sqlite_version_info >= (3, 33):
        op.execute(
            "UPDATE commitments SET number = numbered.n FROM (SELECT id, row_number() OVER "
            "(PARTITION BY workspace_id, member_id ORDER BY id) AS n FROM commitments) "
            "AS numbered WHERE commitments.id = numbered.id")
        return
    counts: dict[int, int] = {}  # an SQLite before UPDATE … FROM (2020)
    updates = []
    for row_id, member_id in bind.execute(sa.text(
            "SELECT id, member_id FROM commitments ORDER BY id")):
        counts[member_id] = counts.get(member_id, 0) + 1
        updates.append({"n": counts[member_id], "id": row_id})
    if updates:
        bind.execute(sa.text("UPDATE commitments SET number = :n WHERE id = :id"), updates)


def downgrade() -> None:
    with op.batch_alter_table("commitments") as batch:
        batch.drop_constraint("uq_commitments_member_id", type_="unique")
        batch.drop_column("number")
