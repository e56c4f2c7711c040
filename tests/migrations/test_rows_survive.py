"""Every row survives every upgrade, from every revision ShowUp ever shipped, on both databases.

For each revision from the first to the newest: build an empty database at that revision, fill
every table it has then with realistic rows (and the Slack installation tables the app creates
beside them), upgrade to the newest schema, and read everything back. A row, a value or a
reference that went missing fails here, including in migrations not yet written: the revisions
come from the migrations folder and the rows from the schema itself.
"""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData, text
from sqlalchemy.exc import DBAPIError

from storage.db import make_engine
from storage.migrate import current_revision, revisions, upgrade
from tests.migrations.rows import Filler, Snapshot, snapshot
from tests.migrations.schemas import at_revision

EVERY_REVISION = [step.revision for step in revisions(make_engine("sqlite://"))]

# Values a migration changes on purpose, as (table, column): none yet. A migration that
# rewrites a column lists it here, and its own test checks the new values.
REWRITTEN: set[tuple[str, str]] = set()


def build_at(engine: Engine, revision: str) -> tuple[Snapshot, MetaData]:
    """A database at `revision`, every table filled, and what was put there. (An empty
    database comes to `revision` from the schemas made once per test process, see
    tests/migrations/schemas.py; the upgrade a test is about always runs.)"""
    at_revision(engine, revision)
    SQLAlchemyInstallationStore("111.222", engine=engine).create_tables()  # type: ignore[no-untyped-call]
    SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine).metadata.create_all(engine)
    with engine.begin() as connection:
        filler = Filler(connection)
        before = filler.fill()
    return before, filler.metadata


def lost(before: Snapshot, after: Snapshot) -> list[str]:
    """Every row, value or table of `before` that is not in `after`, in words."""
    problems: list[str] = []
    for table, rows in before.items():
        if table not in after:
            problems.append(f"table {table} is gone ({len(rows)} rows)")
            continue
        for key, row in rows.items():
            kept = after[table].get(key)
            if kept is None:
                problems.append(f"{table} {key} is gone")
                continue
            problems += [f"{table} {key}: {column} was {value!r}, now {kept.get(column)!r}"
                         for column, value in row.items()
                         if (table, column) not in REWRITTEN and kept.get(column) != value]
    return problems


def dangling_references(engine: Engine) -> list[Any]:
    if engine.dialect.name != "sqlite":
        return []  # PostgreSQL enforces every foreign key on every statement
    with engine.connect() as connection:
        return list(connection.exec_driver_sql("PRAGMA foreign_key_check"))


@pytest.mark.parametrize("revision", EVERY_REVISION)
def test_every_row_survives_the_upgrade_from(revision: str, empty_engine: Engine) -> None:
    before, old_schema = build_at(empty_engine, revision)
    assert all(before.values()), "every table should hold rows before the upgrade"

    upgrade(empty_engine)

    assert current_revision(empty_engine) == EVERY_REVISION[-1]
    with empty_engine.connect() as connection:
        after = snapshot(connection, old_schema)
    assert lost(before, after) == []
    assert dangling_references(empty_engine) == []
    with pytest.raises(DBAPIError, match="append-only"), empty_engine.begin() as connection:
        connection.execute(text("UPDATE accountability_log SET action = 'forged'"))


def test_the_test_notices_a_lost_row() -> None:
    """The comparison itself: a vanished row, a changed value and a dropped table are named."""
    before: Snapshot = {"members": {(1,): {"id": 1, "display_name": "Dana"},
                                    (2,): {"id": 2, "display_name": "Sam"}},
                        "plans": {(1,): {"id": 1}}}
    after: Snapshot = {"members": {(1,): {"id": 1, "display_name": "Dana R."}}}
    assert lost(before, after) == [
        "members (1,): display_name was 'Dana', now 'Dana R.'",
        "members (2,) is gone",
        "table plans is gone (1 rows)",
    ]
