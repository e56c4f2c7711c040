"""0021 adds personal goals: a database at 0020 full of a practice's rows upgrades with every
row kept, on SQLite and PostgreSQL, and its members can then keep a goal (gone with them)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine, text

from bot.model import GoalUnit, PersonalGoal
from storage.migrate import current_revision, upgrade
from storage.uow import uow_factory
from tests.migrations.rows import snapshot
from tests.migrations.test_rows_survive import build_at, dangling_references, lost


def test_goals_arrive_with_every_row_of_0020_kept(empty_engine: Engine) -> None:
    before, old_schema = build_at(empty_engine, "0020")
    assert "personal_goals" not in before

    upgrade(empty_engine, "0021")

    assert current_revision(empty_engine) == "0021"
    with empty_engine.connect() as connection:
        assert lost(before, snapshot(connection, old_schema)) == []
        assert connection.execute(text("SELECT count(*) FROM personal_goals")).scalar() == 0
        member_id, workspace_id = connection.execute(text(
            "SELECT id, workspace_id FROM members ORDER BY id")).first() or (0, 0)
    assert dangling_references(empty_engine) == []
    now = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    goal = PersonalGoal(member_id, date(2026, 10, 1), GoalUnit.POINTS, 30)
    with uow_factory(empty_engine)() as uow:
        uow.goals.set(workspace_id, goal, now)
        uow.commit()
    with uow_factory(empty_engine)() as uow:
        assert uow.goals.for_quarter(workspace_id, date(2026, 10, 1)) == {member_id: goal}
        uow.members.delete(workspace_id, member_id)
        uow.commit()
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM personal_goals")).scalar() == 0
