"""0020 (what outreach showed): a database filled at 0019 upgrades with every row, on SQLite and
PostgreSQL; its members read as asked (the default), its outreach as not yet answered, and
the old outreach can be tagged and counted at once."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text

from bot.coach import Coach
from bot.messages import Actor
from bot.model import Platform
from bot.showing import Tag
from storage.migrate import current_revision, newest_known, upgrade
from storage.uow import uow_factory
from tests.migrations.test_old_databases import read_all
from tests.migrations.test_rows_survive import build_at, lost

AFTER = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def test_rows_from_0019_survive_and_read_with_defaults(empty_engine: Engine) -> None:
    before, _ = build_at(empty_engine, "0019")

    upgrade(empty_engine)

    assert current_revision(empty_engine) == newest_known()
    assert lost(before, read_all(empty_engine)) == []
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM showings")).scalar() == 0
        assert {r[0] for r in conn.execute(text("SELECT ask_showing FROM members"))} == {None}
        done = conn.execute(text(
            "SELECT c.workspace_id, c.id, c.done_on, c.member_id, m.platform_user_id, "
            "w.platform, w.external_id FROM commitments c JOIN members m ON m.id = c.member_id "
            "JOIN workspaces w ON w.id = c.workspace_id WHERE c.status = 'done' "
            "ORDER BY c.id")).first()
    assert done is not None
    workspace_id, commitment_id, done_on, member_id, user, platform, team = done
    with uow_factory(empty_engine)() as uow:
        assert all(m.ask_showing for m in uow.members.list_active(workspace_id))
        assert uow.showings.get(workspace_id, commitment_id) is None
        uow.showings.answer(workspace_id, commitment_id, frozenset({Tag.EMPATHY}), AFTER)
        uow.commit()
    with uow_factory(empty_engine)() as uow:
        day = done_on if isinstance(done_on, date) else date.fromisoformat(str(done_on))
        assert uow.showings.mix(workspace_id, day, date.max, member_id) == {Tag.EMPATHY: 1}
    coach = Coach(uow_factory(empty_engine), "America/New_York")
    said = coach.handle(Actor(Platform(platform), team, user, "Dana"), "showing", AFTER).text
    assert "The question after done and log is on" in said
