"""Fresh, empty databases for upgrade tests: a SQLite file, or a PostgreSQL schema of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from storage.db import make_engine
from tests.conftest import postgres_schema
from tests.migrations.schemas import SCHEMAS


@pytest.fixture(scope="session", autouse=True)
def _empty_schemas_go_at_the_end() -> Iterator[None]:
    """The empty databases at each revision (tests/migrations/schemas.py) last the session."""
    yield
    SCHEMAS.close()


@pytest.fixture
def empty_sqlite(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'showup.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def empty_postgresql() -> Iterator[Engine]:
    with postgres_schema("showup_upgrade") as engine:
        yield engine


def database_url(engine: Engine) -> str:
    """The URL another process needs to reach the same database (and schema)."""
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest) -> Engine:
    return request.getfixturevalue(f"empty_{request.param}")  # type: ignore[no-any-return]
