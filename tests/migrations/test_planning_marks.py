"""0029: a planning mark per workspace (when a scheduler last planned it), on both databases:
every row survives it, and down takes the table away again."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import Engine, inspect

from bot.model import Platform
from storage.migrate import alembic_config, current_revision, upgrade
from storage.uow import uow_factory
from tests.migrations.rows import snapshot
from tests.migrations.test_rows_survive import build_at, dangling_references, lost


def test_0029_adds_planning_marks_and_keeps_every_row(empty_engine: Engine) -> None:
    before, old_schema = build_at(empty_engine, "0028")
    assert "planning_marks" not in inspect(empty_engine).get_table_names()

    upgrade(empty_engine, "0029")

    assert current_revision(empty_engine) == "0029"
    with empty_engine.connect() as connection:
        assert lost(before, snapshot(connection, old_schema)) == []
    assert dangling_references(empty_engine) == []
    # The workspaces from before are planned like new ones: each gets its mark when claimed.
    now = datetime(2026, 11, 30, 14, 1, tzinfo=UTC)
    with uow_factory(empty_engine)() as uow:
        existing = {w.id for w in uow.workspaces.list_all() if w.platform is Platform.SLACK}
        claimed = {w.id for w in uow.workspaces.claim_planning(now, [Platform.SLACK], 1000)}
        uow.commit()
    assert existing and claimed == existing
    with uow_factory(empty_engine)() as uow:
        assert uow.workspaces.claim_planning(now, [Platform.SLACK], 1000) == []

    command.downgrade(alembic_config(empty_engine), "0028")
    assert current_revision(empty_engine) == "0028"
    assert "planning_marks" not in inspect(empty_engine).get_table_names()
    with empty_engine.connect() as connection:
        assert lost(before, snapshot(connection, old_schema)) == []
