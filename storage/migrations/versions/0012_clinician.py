"""Whether a member gets the clinician rhythm: unset for most (members are clinicians, owners
and admins are not), set when someone opts in or out.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("clinician", sa.Boolean))
    # Owners and admins who already record outreach of their own keep their nudges.
    op.execute(
        "UPDATE members SET clinician = TRUE WHERE role IN ('owner', 'admin') AND EXISTS "
        "(SELECT 1 FROM commitments WHERE commitments.member_id = members.id)")


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("clinician")
