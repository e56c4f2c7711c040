"""0028: the weekly per-member rollups, on both databases: every row survives the upgrade,
the rollups are filled from the commitments already stored (equal to a recomputation with
the week-by-week streak walk), and down takes the table away again."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from alembic import command
from sqlalchemy import Engine, inspect, text

from bot.model import Platform, Role, Status
from storage.migrate import alembic_config, current_revision, upgrade
from storage.models import MemberRow, WorkspaceRow
from storage.repositories import DEFAULT_RHYTHM_JSON
from storage.rollups import stored_rows
from storage.uow import uow_factory
from tests.migrations.rows import snapshot
from tests.migrations.test_rows_survive import build_at, dangling_references, lost
from tests.streak_reference import recounted_rows

MONDAY = date(2026, 9, 7)


def _a_practice_with_streaks(engine: Engine) -> None:
    """Two members' weeks at 0027, as the bot wrote them: kept, frozen, missed, logged."""
    with engine.begin() as conn:
        workspace = conn.execute(WorkspaceRow.__table__.insert().values(
            platform=Platform.SLACK.value, external_id="TSTREAKS", name="Streaks",
            timezone="America/New_York", rhythm=DEFAULT_RHYTHM_JSON,
            working_days="0,1,2,3,4", team_goal=10, share_plans=True,
            created_at=datetime(2026, 9, 1)).returning(
                WorkspaceRow.__table__.c.id)).scalar_one()
        members = [conn.execute(MemberRow.__table__.insert().values(
            workspace_id=workspace, platform_user_id=f"UST{n}", display_name=f"Member {n}",
            timezone=None, role=Role.MEMBER.value, active=True,
            created_at=datetime(2026, 9, 1)).returning(MemberRow.__table__.c.id)).scalar_one()
            for n in range(2)]
        rows = []
        for n, (member, weeks) in enumerate(zip(members, ([0, 1, 3, 4, 6, 9], [2, 3]),
                                                strict=True)):
            for k, week in enumerate(weeks):
                day = MONDAY + timedelta(weeks=week, days=2)
                monday = MONDAY + timedelta(weeks=week)
                rows += [(member, k * 2 + 1, day, monday, Status.DONE.value, day, n == 1),
                         (member, k * 2 + 2, day, monday, Status.MISSED.value, None, False)]
        conn.execute(text(
            "INSERT INTO commitments (workspace_id, member_id, number, what, activity_key, "
            "when_where, due_date, week_start, status, done_on, points, logged, created_at) "
            "VALUES (:ws, :m, :n, 'a visit', 'visit', '', :due, :week, :status, :done, 2, "
            ":logged, :at)"),
            [{"ws": workspace, "m": m, "n": number, "due": due, "week": week, "status": status,
              "done": done, "logged": logged, "at": datetime(2026, 9, 1)}
             for m, number, due, week, status, done, logged in rows])


def test_0028_fills_the_weekly_rollups_and_keeps_every_row(empty_engine: Engine) -> None:
    before, old_schema = build_at(empty_engine, "0027")
    _a_practice_with_streaks(empty_engine)
    assert "member_weeks" not in inspect(empty_engine).get_table_names()

    upgrade(empty_engine, "0028")

    assert current_revision(empty_engine) == "0028"
    with empty_engine.connect() as connection:
        assert lost(before, snapshot(connection, old_schema)) == []
    assert dangling_references(empty_engine) == []
    with empty_engine.connect() as connection:
        weeks_with_commitments = connection.execute(text(
            "SELECT count(*) FROM (SELECT DISTINCT workspace_id, member_id, week_start "
            "FROM commitments) AS weeks")).scalar_one()
        assert weeks_with_commitments > 12   # the filled tables' and the practice's
        assert connection.execute(text("SELECT count(*) FROM member_weeks")).scalar_one() \
            == weeks_with_commitments
    with uow_factory(empty_engine)() as uow:
        # The practice's rows (the filled tables' workspaces hold made-up settings that
        # the bot could not read: only their counts are checked).
        workspace = uow.workspaces.find(Platform.SLACK, "TSTREAKS")
        assert workspace is not None
        assert stored_rows(uow.commitments.session, workspace.id) == \
            recounted_rows(uow, workspace)
        rows = stored_rows(uow.commitments.session, workspace.id)
        members = sorted({m for m, _ in rows})
        streaks = {(members.index(m), (week - MONDAY).days // 7): row[4:]
                   for (m, week), row in rows.items()}
    # Member 0 kept weeks 0, 1, 3, 4, 6 and 9: week 2 frozen (the third quarter's freeze),
    # 5 frozen (the fourth's), 7 missed; member 1 logged outreach in weeks 2 and 3.
    assert streaks == {(0, 0): (1, 1, 0), (0, 1): (2, 2, 0), (0, 3): (3, 3, 1),
                       (0, 4): (4, 4, 0), (0, 6): (5, 5, 1), (0, 9): (1, 5, 1),
                       (1, 2): (1, 1, 0), (1, 3): (2, 2, 0)}

    command.downgrade(alembic_config(empty_engine), "0027")
    assert current_revision(empty_engine) == "0027"
    assert "member_weeks" not in inspect(empty_engine).get_table_names()
    with empty_engine.connect() as connection:
        assert lost(before, snapshot(connection, old_schema)) == []
