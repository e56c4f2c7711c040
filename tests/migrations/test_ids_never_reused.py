"""0025: no id is ever given to another row (0024 did it for plans alone).

On SQLite a table without AUTOINCREMENT hands the id of its newest row, once deleted, to the
next row: after `forget me` a new member took the forgotten one's id, and with it whatever
names that id (delivery keys, buttons, typed references). After 0025 every table counts on
from the highest id it ever gave; PostgreSQL's sequences always did, and there 0025 changes
nothing. Every row, index, unique constraint, foreign key and the log's trigger survive it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import DBAPIError

from bot.coach import Coach
from bot.messages import Actor
from bot.model import Platform
from storage.migrate import alembic_config, current_revision, upgrade
from storage.models import CommitmentRow, DeliveryRow, MemberRow, ReferralSourceRow
from storage.uow import uow_factory
from tests.fakes.slack_api import FakeSlack
from tests.migrations.rows import snapshot
from tests.migrations.schemas import at_revision
from tests.migrations.test_rows_survive import build_at, dangling_references, lost
from tests.scheduler.conftest import seed, slack_scheduler

NEW_YORK, LOS_ANGELES = "America/New_York", "America/Los_Angeles"
MONDAY = datetime(2026, 11, 30, tzinfo=UTC)   # Monday 30 November 2026


def new_york(hour: int, minute: int = 0) -> datetime:
    """That Monday at this time in New York (UTC-5)."""
    return MONDAY + timedelta(hours=hour + 5, minutes=minute)


def slack(user: str, name: str, tz: str = NEW_YORK) -> Actor:
    return Actor(Platform.SLACK, "T0001", user, name, team_name="Lakeside", timezone=tz)


def schema(engine: Engine) -> dict[str, Any]:
    """What a SQLite database's tables are made of, apart from how each counts its ids: the
    columns, keys, unique constraints, foreign keys and indexes, and the triggers."""
    found: dict[str, Any] = {}
    look = inspect(engine)
    for table in look.get_table_names():
        found[table] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"],
                         str(c["default"]).strip("()") if c["default"] is not None else None)
                        for c in look.get_columns(table)],
            "key": look.get_pk_constraint(table)["constrained_columns"],
            "unique": sorted((u["name"], tuple(u["column_names"]))
                             for u in look.get_unique_constraints(table)),
            "foreign": sorted((f["name"], tuple(f["constrained_columns"]), f["referred_table"],
                               tuple(f["referred_columns"]), f["options"].get("ondelete"))
                              for f in look.get_foreign_keys(table)),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                              for i in look.get_indexes(table)),
        }
    with engine.connect() as connection:
        found["triggers"] = sorted(connection.execute(text(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")).all())
    return found


def counting(engine: Engine) -> dict[str, bool]:
    """Each table (with an integer id) and whether SQLite counts its ids (AUTOINCREMENT)."""
    with engine.connect() as connection:
        tables = connection.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'slack_%'")).all()
    return {name: bool(re.search(r"\bAUTOINCREMENT\b", sql)) for name, sql in tables
            if re.search(r"\bid INTEGER\b", sql)}


def highest_ids(engine: Engine) -> tuple[dict[str, int], dict[str, int]]:
    """Each counted table's highest id, and where SQLite's counter for it stands."""
    with engine.connect() as connection:
        counters = dict(connection.execute(text("SELECT name, seq FROM sqlite_sequence")).all())
        highest = {table: connection.execute(text(f'SELECT max(id) FROM "{table}"')).scalar()
                   for table in counters}
    return highest, counters


def _commit_as_before_0025(engine: Engine, user: str, what: str, due: datetime) -> None:
    """A commitment as ShowUp stored it at 0024: written here, because today's ShowUp also
    writes its week's rollup (`member_weeks`, 0028), a table a database at 0024 lacks."""
    with engine.begin() as connection:
        workspace, member = connection.execute(select(
            MemberRow.workspace_id, MemberRow.id).where(
                MemberRow.platform_user_id == user)).one()
        day = due.date()
        connection.execute(text(
            "INSERT INTO commitments (workspace_id, member_id, number, what, activity_key, "
            "when_where, due_date, week_start, status, points, logged, created_at) VALUES "
            "(:ws, :member, 1, :what, 'visit', '', :due, :week, 'open', 3, 0, :at)"),
            {"ws": workspace, "member": member, "what": what, "due": day,
             "week": day - timedelta(days=day.weekday()), "at": due - timedelta(days=2)})


def test_a_forgotten_members_ids_go_to_no_one_and_the_next_member_gets_their_kickoff(
        empty_sqlite: Engine, fake_slack: FakeSlack) -> None:
    engine = empty_sqlite
    at_revision(engine, "0024")   # a practice from before 0025, where Sam joined last
    seed(engine, "T0001", [("U0ALEX", NEW_YORK)], joined=MONDAY - timedelta(days=30))
    coach = Coach(uow_factory(engine), NEW_YORK)
    sam = slack("U0SAM", "Sam")
    coach.handle(sam, "sources add Oak Clinic tier:A", new_york(7, 5))
    _commit_as_before_0025(engine, "U0SAM", "visit Sunrise Pediatrics", MONDAY + timedelta(2))
    upgrade(engine)

    scheduler = slack_scheduler(engine, fake_slack)
    scheduler.tick(new_york(9, 1))
    with engine.connect() as connection:
        sam_id = connection.execute(select(MemberRow.id).where(
            MemberRow.platform_user_id == "U0SAM")).scalar_one()
        sams = set(connection.execute(select(CommitmentRow.id).where(
            CommitmentRow.member_id == sam_id)).scalars())
    assert f"kickoff:{sam_id}:2026-11-30" in fake_slack.delivered_keys()
    assert "Deleted your data" in coach.handle(sam, "forget me confirm", new_york(9, 30)).text
    with engine.connect() as connection:
        assert connection.execute(select(MemberRow.id).where(MemberRow.id == sam_id)).all() \
            == []
        left = {table: connection.execute(text(f'SELECT max(id) FROM "{table}"')).scalar()
                or 0 for table in ("members", "commitments")}
    assert left["members"] < sam_id and left["commitments"] < min(sams)  # Sam's were newest

    # Priya joins in Los Angeles before her 9:00 there, on the day Sam had his kickoff.
    priya = slack("U0PRIYA", "Priya", LOS_ANGELES)
    coach.handle(priya, "commit lunch-and-learn at Valley Family thu", new_york(10))
    coach.handle(priya, "sources add Grace Church tier:A", new_york(10, 5))
    with engine.connect() as connection:
        priya_id = connection.execute(select(MemberRow.id).where(
            MemberRow.platform_user_id == "U0PRIYA")).scalar_one()
        hers = set(connection.execute(select(CommitmentRow.id).where(
            CommitmentRow.member_id == priya_id)).scalars())
        grace = connection.execute(select(ReferralSourceRow.id).where(
            ReferralSourceRow.name == "Grace Church")).scalar_one()
        oak = connection.execute(select(ReferralSourceRow.id).where(
            ReferralSourceRow.name == "Oak Clinic")).scalar_one()
    assert priya_id > sam_id
    assert hers and min(hers) > max(sams)
    assert grace > oak

    report = scheduler.tick(new_york(12, 1))   # 9:01 in Los Angeles
    key = f"kickoff:{priya_id}:2026-11-30"
    assert report.sent == 1
    assert fake_slack.delivered_keys().count(key) == 1
    assert fake_slack.messages["D0PRIYA"][-1]["metadata"]["event_payload"]["key"] == key
    with engine.connect() as connection:
        assert connection.execute(select(DeliveryRow.status).where(
            DeliveryRow.dedupe_key == key)).scalar_one() == "sent"
    assert dangling_references(engine) == []


def test_every_row_survives_0025_and_nothing_else_about_the_tables_changes(
        empty_engine: Engine) -> None:
    before, old_schema = build_at(empty_engine, "0024")
    sqlite = empty_engine.dialect.name == "sqlite"
    shape = schema(empty_engine) if sqlite else None

    upgrade(empty_engine, "0025")

    assert current_revision(empty_engine) == "0025"
    with empty_engine.connect() as connection:
        assert lost(before, snapshot(connection, old_schema)) == []
    assert dangling_references(empty_engine) == []
    with pytest.raises(DBAPIError, match="append-only"), empty_engine.begin() as connection:
        connection.execute(text("UPDATE accountability_log SET action = 'forged'"))
    if not sqlite:
        return
    assert schema(empty_engine) == shape
    assert set(counting(empty_engine).values()) == {True}
    highest, counters = highest_ids(empty_engine)
    assert highest == counters   # the next row of every table gets an id no row ever had
    assert len(counters) == len(counting(empty_engine))


def test_0025_down_gives_back_the_tables_of_0024_with_every_row(empty_sqlite: Engine) -> None:
    before, old_schema = build_at(empty_sqlite, "0024")
    shape, counted = schema(empty_sqlite), counting(empty_sqlite)
    assert [table for table, yes in counted.items() if yes] == ["plans"]

    upgrade(empty_sqlite, "0025")
    command.downgrade(alembic_config(empty_sqlite), "0024")

    assert current_revision(empty_sqlite) == "0024"
    assert schema(empty_sqlite) == shape and counting(empty_sqlite) == counted
    with empty_sqlite.connect() as connection:
        assert lost(before, snapshot(connection, old_schema)) == []
    assert dangling_references(empty_sqlite) == []


def test_a_database_already_at_0025_is_left_as_it_is(empty_engine: Engine) -> None:
    before, old_schema = build_at(empty_engine, "0025")
    sqlite = empty_engine.dialect.name == "sqlite"
    shape = (schema(empty_engine), highest_ids(empty_engine)) if sqlite else None

    again = upgrade(empty_engine, "0025")
    command.upgrade(alembic_config(empty_engine), "0025")   # alembic itself finds nothing to do

    assert not again.needed and again.backup is None
    assert current_revision(empty_engine) == "0025"
    with empty_engine.connect() as connection:
        after = snapshot(connection, old_schema)
    assert lost(before, after) == [] and lost(after, before) == []
    if sqlite:
        assert (schema(empty_engine), highest_ids(empty_engine)) == shape
