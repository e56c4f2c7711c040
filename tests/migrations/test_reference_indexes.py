"""0029: indexes on a commitment's references (the commitment it was moved from, its
referral source), on both databases: every row survives, and down takes them away again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect

from storage.migrate import alembic_config, current_revision, upgrade
from tests.migrations.rows import snapshot
from tests.migrations.test_rows_survive import build_at, dangling_references, lost

ADDED = {"ix_commitments_moved_from": ["moved_from_id"], "ix_commitments_source": ["source_id"]}


def indexes(engine: Engine) -> dict[str, list[str | None]]:
    return {ix["name"] or "": ix["column_names"]
            for ix in inspect(engine).get_indexes("commitments")}


def test_0029_indexes_references_and_keeps_every_row(empty_engine: Engine) -> None:
    before, old_schema = build_at(empty_engine, "0028")
    assert not set(ADDED) & set(indexes(empty_engine))

    upgrade(empty_engine, "0029")

    assert current_revision(empty_engine) == "0029"
    assert {name: indexes(empty_engine)[name] for name in ADDED} == ADDED
    with empty_engine.connect() as connection:
        assert lost(before, snapshot(connection, old_schema)) == []
    assert dangling_references(empty_engine) == []

    command.downgrade(alembic_config(empty_engine), "0028")
    assert current_revision(empty_engine) == "0028"
    assert not set(ADDED) & set(indexes(empty_engine))
    with empty_engine.connect() as connection:
        assert lost(before, snapshot(connection, old_schema)) == []
