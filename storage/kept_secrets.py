"""Secrets ShowUp makes for itself once and keeps in the database, so every process and every
restart uses the same one (the dashboard's signing key when DASHBOARD_SECRET is not set)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.models import KeptSecretRow


def kept_secret(engine: Engine, name: str, make: Callable[[], str]) -> str:
    """The secret kept as `name`; made by `make` the first time. Of processes starting at
    once, the first to write wins and every one reads that."""
    with engine.begin() as conn:
        insert_into = sqlite_insert if conn.dialect.name == "sqlite" else postgresql_insert
        conn.execute(insert_into(KeptSecretRow)
                     .values(name=name, value=make(), created_at=datetime.now(UTC))
                     .on_conflict_do_nothing(index_elements=["name"]))
        return str(conn.execute(select(KeptSecretRow.value)
                                .where(KeptSecretRow.name == name)).scalar_one())
