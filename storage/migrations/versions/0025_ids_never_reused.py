"""No id is ever given to another row, in any table (0024 did it for plans alone). On SQLite
a table's ids came back after its newest rows were deleted (`forget me`, `admin forget`), so
a new member took a forgotten one's id, and with it the delivery keys that name it (their
nudges), the commitments', sources' and ideas' numbers on old buttons and typed references,
and the rows that pointed at the old one. SQLite's AUTOINCREMENT never reuses an id;
PostgreSQL's sequences never did, so there this does nothing.

Each table is rebuilt as it was (every row, index, unique constraint and foreign key), with
AUTOINCREMENT. Copying the rows into the new table sets its counter (sqlite_sequence) to the
highest id copied, and the rename carries the counter over, so no id a row holds is handed
out again (one deleted before this upgrade, above every kept id, still can be: nothing
recorded it). Rebuilding the accountability log drops the trigger that keeps it append-only,
so it is made again.

The tables are read from the database once, together, and each rebuild copies its table from
that reading (`copy_from`) rather than reading the database again table by table: the same
definitions, read once.

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import MetaData

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

# Every table with an integer id as of 0024 but plans (0024) and event_receipts (its key is
# Slack's event id), parents before children.
TABLES = ("workspaces", "members", "member_pauses", "activity_types", "referral_sources",
          "commitments", "accountability_log", "closures", "last_changes", "deliveries",
          "referral_outcomes", "plan_items", "teams_conversations", "inbox", "showings",
          "personal_goals", "ideas")

LOG_TRIGGER = ("CREATE TRIGGER accountability_log_no_update BEFORE UPDATE ON accountability_log "
               "BEGIN SELECT RAISE(ABORT, 'accountability_log is append-only'); END")


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    as_read = MetaData()
    as_read.reflect(bind, only=TABLES)
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", copy_from=as_read.tables[table],
                                  table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass
    op.execute(LOG_TRIGGER)   # DROP TABLE took it with the old log
