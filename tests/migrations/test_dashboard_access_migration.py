"""0026 adds the dashboard's sign-in: a database at 0025 full of a practice's rows upgrades
with every row kept, on SQLite and PostgreSQL; its members can then be given links, which
open sessions, and links and sessions go with their member. 0026 down gives 0025 back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import Engine, inspect, text

from storage.kept_secrets import kept_secret
from storage.migrate import alembic_config, current_revision, upgrade
from storage.uow import uow_factory
from tests.migrations.rows import snapshot
from tests.migrations.test_rows_survive import build_at, dangling_references, lost

NEW = {"dashboard_grants", "dashboard_sessions", "kept_secrets"}


def test_sign_in_arrives_with_every_row_of_0025_kept(empty_engine: Engine) -> None:
    before, old_schema = build_at(empty_engine, "0025")
    assert not NEW & set(before)

    upgrade(empty_engine, "0026")

    assert current_revision(empty_engine) == "0026"
    with empty_engine.connect() as connection:
        assert lost(before, snapshot(connection, old_schema)) == []
        for table in NEW:
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
        member_id, workspace_id = connection.execute(text(
            "SELECT id, workspace_id FROM members ORDER BY id")).first() or (0, 0)
    assert dangling_references(empty_engine) == []

    now = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    with uow_factory(empty_engine)() as uow:
        access = uow.dashboard_access
        access.add_grant(workspace_id, member_id, "a" * 64, now, now + timedelta(minutes=15))
        assert access.redeem_grant("a" * 64, now) == (workspace_id, member_id)
        assert access.redeem_grant("a" * 64, now) is None
        access.open_session(workspace_id, member_id, "b" * 64, now, now + timedelta(hours=12))
        uow.commit()
    with uow_factory(empty_engine)() as uow:
        session = uow.dashboard_access.session("b" * 64, now)
        assert session is not None and session.member_id == member_id
        uow.members.delete(workspace_id, member_id)
        uow.commit()
    with empty_engine.connect() as connection:
        for table in ("dashboard_grants", "dashboard_sessions"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0

    first = kept_secret(empty_engine, "dashboard", lambda: "made-once")
    assert first == "made-once"
    assert kept_secret(empty_engine, "dashboard", lambda: "made-again") == "made-once"


def test_0026_down_gives_back_0025_with_every_row(empty_engine: Engine) -> None:
    before, old_schema = build_at(empty_engine, "0025")
    upgrade(empty_engine, "0026")
    command.downgrade(alembic_config(empty_engine), "0025")

    assert current_revision(empty_engine) == "0025"
    assert not NEW & set(inspect(empty_engine).get_table_names())
    with empty_engine.connect() as connection:
        assert lost(before, snapshot(connection, old_schema)) == []
