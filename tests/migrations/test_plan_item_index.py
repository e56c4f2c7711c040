"""0027: an index from a plan's activities to their commitments, on both databases: every row
survives it, and down takes it away again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect

from storage.migrate import alembic_config, current_revision, upgrade
from tests.migrations.rows import snapshot
from tests.migrations.test_rows_survive import build_at, dangling_references, lost

INDEX = "ix_commitments_plan_item"


def indexes(engine: Engine) -> dict[str, list[str | None]]:
    return {ix["name"] or "": ix["column_names"]
            for ix in inspect(engine).get_indexes("commitments")}


def test_0027_indexes_plan_items_and_keeps_every_row(empty_engine: Engine) -> None:
    before, old_schema = build_at(empty_engine, "0026")
    assert INDEX not in indexes(empty_engine)

    upgrade(empty_engine, "0027")

    assert current_revision(empty_engine) == "0027"
    assert indexes(empty_engine)[INDEX] == ["plan_item_id"]
    with empty_engine.connect() as connection:
        assert lost(before, snapshot(connection, old_schema)) == []
    assert dangling_references(empty_engine) == []

    command.downgrade(alembic_config(empty_engine), "0026")
    assert current_revision(empty_engine) == "0026" and INDEX not in indexes(empty_engine)
    with empty_engine.connect() as connection:
        assert lost(before, snapshot(connection, old_schema)) == []
