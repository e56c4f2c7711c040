"""Fresh, empty databases for upgrade tests: a SQLite file, or a PostgreSQL schema of its own."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from storage.db import make_engine
from tests.conftest import postgres_or_skip


@pytest.fixture
def empty_sqlite(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'showup.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def empty_postgresql() -> Iterator[Engine]:
    url = postgres_or_skip()
    schema = f"showup_upgrade_{secrets.token_hex(4)}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(f"{url}?options=-csearch_path%3D{schema}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def database_url(engine: Engine) -> str:
    """The URL another process needs to reach the same database (and schema)."""
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest) -> Engine:
    return request.getfixturevalue(f"empty_{request.param}")  # type: ignore[no-any-return]
