"""Alembic environment: runs against the engine ShowUp hands it.

On SQLite, batch migrations rebuild a table by copying it, dropping the original and renaming
the copy. ShowUp's engine turns foreign keys on for every connection, and with them on SQLite
treats that DROP as a DELETE of every row, cascading into every child table: an upgrade would
silently empty the members, commitments and accountability log. So, as Alembic's batch-mode
docs advise, foreign keys are off for the duration of the migration (a PRAGMA that only takes
effect outside a transaction), the whole upgrade runs as one transaction, and before it commits
`PRAGMA foreign_key_check` must find no reference the migration broke; otherwise it rolls back
and the database is exactly as it was. Foreign keys are back on before the connection returns
to the pool. PostgreSQL alters tables in place and needs none of this; there, processes that
start together take turns (a transaction-scoped advisory lock), so the second finds the
schema already current instead of creating the same tables twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from alembic import context
from sqlalchemy import Connection, Engine

from storage.migrate import BrokenReferences
from storage.models import Base

engine: Engine = context.config.attributes["engine"]
MIGRATION_LOCK = 0x5E0A_0001  # any constant no other advisory lock of ShowUp's uses


@contextmanager
def foreign_keys_off(connection: Connection) -> Iterator[None]:
    raw: Any = connection.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def dangling(connection: Connection) -> set[tuple[Any, ...]]:
    return {tuple(row) for row in connection.exec_driver_sql("PRAGMA foreign_key_check")}


def migrate(connection: Connection, sqlite: bool) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=sqlite, compare_type=True,
                      transactional_ddl=True)
    with context.begin_transaction():
        if not sqlite:
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        before = dangling(connection) if sqlite else set()
        context.run_migrations()
        broken = dangling(connection) - before if sqlite else set()
        if broken:
            tables = sorted({str(row[0]) for row in broken})
            raise BrokenReferences(
                f"The upgrade would leave {len(broken)} rows in {', '.join(tables)} pointing "
                "at rows that do not exist, so it was rolled back and nothing changed.")


with engine.connect() as connection:
    if connection.dialect.name == "sqlite":
        with foreign_keys_off(connection):
            migrate(connection, sqlite=True)
    else:
        migrate(connection, sqlite=False)
    connection.commit()
