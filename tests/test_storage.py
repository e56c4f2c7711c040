"""Storage on real databases: migrations, the append-only log, workspace scoping."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from bot.catalog import DEFAULT_ACTIVITIES
from bot.delivery import DeliveryStatus, Finished
from bot.model import (
    DEFAULT_RHYTHM,
    Due,
    Kind,
    NewCommitment,
    Origin,
    Platform,
    Role,
    SlotTime,
    Status,
)
from bot.planner import plan_workspace
from storage import convert
from storage.convert import aware
from storage.db import PING_IF_IDLE_SECONDS, make_engine
from storage.migrate import is_current, upgrade
from storage.models import Base, DeliveryRow, WorkspaceRow
from storage.outbox import SqlOutbox
from storage.repositories.common import insert_or_find
from storage.repositories.workspaces import DEFAULT_RHYTHM_JSON, SqlWorkspaces
from storage.uow import SqlUnitOfWork, reading_uow_factory, uow_factory
from tests.conftest import postgres_or_skip

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def _seed(engine: Engine, team: str) -> tuple[int, int, int]:
    with uow_factory(engine)() as uow:
        ws = uow.workspaces.get_or_create(Platform.SLACK, team, team, "UTC")
        uow.activities.add(ws.id, DEFAULT_ACTIVITIES[0])
        member = uow.members.get_or_create(ws.id, "U1", "Alex", None, Role.MEMBER)
        made = uow.commitments.add(ws.id, NewCommitment(
            member_id=member.id, what="Visit Sunrise Pediatrics", activity_key="visit",
            when_where="Thursday", due_date=date(2026, 12, 3), week_start=date(2026, 11, 30),
            points=3), NOW)
        uow.log.append(ws.id, member.id, "commit", Origin.COMMAND, NOW, made.id)
        uow.commit()
        return ws.id, member.id, made.id


def test_migrations_are_idempotent_and_match_the_models(engine: Engine) -> None:
    upgrade(engine)
    assert is_current(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert diff == []


def test_accountability_log_refuses_edits(engine: Engine) -> None:
    _seed(engine, "T1")
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE accountability_log SET action = 'forged'"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT action FROM accountability_log")).scalar_one() == "commit"


def test_every_lookup_is_scoped_to_its_workspace(engine: Engine) -> None:
    ws_a, member_a, commitment_a = _seed(engine, "TA")
    ws_b, _, _ = _seed(engine, "TB")
    with uow_factory(engine)() as uow:
        assert uow.commitments.get(ws_b, commitment_a) is None
        assert uow.members.get(ws_b, member_a) is None
        assert uow.commitments.close(ws_b, commitment_a, Status.DONE, NOW,
                                      done_on=NOW.date()) is None
        untouched = uow.commitments.get(ws_a, commitment_a)
        assert untouched is not None and untouched.status is Status.OPEN
        assert [c.member_id for c in uow.commitments.contributions(
            ws_b, date(2026, 11, 1), date(2027, 1, 1))] == []


def test_a_workspace_another_request_just_inserted_is_found_not_an_error(
        engine: Engine) -> None:
    """First contact from two requests at once: the one whose insert collides takes the
    other's row (storage/repositories/common.py insert_or_find, with the workspaces'
    plain-column read as its `find`)."""
    with uow_factory(engine)() as uow:
        theirs = uow.workspaces.get_or_create(Platform.SLACK, "TRACE", "Practice", "UTC")
        uow.commit()
    with Session(engine) as session, session.begin():
        repo = SqlWorkspaces(session)
        mine = WorkspaceRow(platform="slack", external_id="TRACE", name="Other",
                            timezone="UTC", rhythm=DEFAULT_RHYTHM_JSON,
                            working_days="0,1,2,3,4", team_goal=150, created_at=NOW)
        found = insert_or_find(session, mine, lambda: repo._by_external(Platform.SLACK,
                                                                         "TRACE"))
        assert convert.workspace(found) == theirs


def test_closing_twice_only_counts_once(engine: Engine) -> None:
    ws, member, made = _seed(engine, "T1")
    with uow_factory(engine)() as uow:
        assert uow.commitments.close(ws, made, Status.DONE, NOW, done_on=NOW.date()) is not None
        assert uow.commitments.close(ws, made, Status.DONE, NOW, done_on=NOW.date()) is None
        uow.commit()
    with uow_factory(engine)() as uow:
        assert uow.commitments.kept_weeks(ws, member) == {date(2026, 11, 30)}
        assert uow.commitments.team_points(ws, date(2026, 10, 1), date(2027, 1, 1)) == 3


def test_deleting_a_workspace_purges_everything_below_it(engine: Engine) -> None:
    _seed(engine, "T1")
    ws_b, _, _ = _seed(engine, "T2")
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM workspaces WHERE external_id = 'T1'"))
    with engine.connect() as conn:
        for table in ("members", "commitments", "accountability_log", "activity_types"):
            ids = conn.execute(text(f"SELECT DISTINCT workspace_id FROM {table}")).scalars()
            assert set(ids) == {ws_b}, table   # T2 keeps its rows; T1 has none left


def test_pauses_record_history(engine: Engine) -> None:
    ws, member, _ = _seed(engine, "T1")
    with uow_factory(engine)() as uow:
        uow.members.start_pause(ws, member, date(2026, 12, 1), date(2026, 12, 20))
        uow.members.end_pause(ws, member, date(2026, 12, 10))
        uow.commit()
    with uow_factory(engine)() as uow:
        assert uow.members.pauses(ws, member) == [(date(2026, 12, 1), date(2026, 12, 10))]


def test_two_first_contacts_at_once_make_one_member(postgresql_engine: Engine) -> None:
    """A double click from a new person: the second insert waits on the first, then finds it
    instead of failing."""
    engine = postgresql_engine
    with uow_factory(engine)() as uow:
        ws = uow.workspaces.get_or_create(Platform.SLACK, "T1", "T1", "UTC")
        uow.commit()
    first_inserted = threading.Event()
    results: list[int] = []

    def first() -> None:
        with uow_factory(engine)() as uow:
            results.append(uow.members.get_or_create(ws.id, "U1", "Alex", None).id)
            first_inserted.set()
            time.sleep(0.4)
            uow.commit()

    def second() -> None:
        first_inserted.wait(5)
        with uow_factory(engine)() as uow:
            results.append(uow.members.get_or_create(ws.id, "U1", "Alex", None).id)
            uow.commit()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(results) == 2 and results[0] == results[1]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM members")).scalar_one() == 1


def test_two_commitments_saved_at_once_by_one_person_get_the_next_two_numbers(
        postgresql_engine: Engine) -> None:
    """A double click reaching two processes: the second insert waits for the first's number,
    then takes the next one instead of failing."""
    engine = postgresql_engine
    ws, member, _ = _seed(engine, "T1")
    first_inserted = threading.Event()
    numbers: list[int] = []

    def commit(wait: bool) -> None:
        if not wait:
            first_inserted.wait(5)
        with uow_factory(engine)() as uow:
            numbers.append(uow.commitments.add(ws, NewCommitment(
                member_id=member, what="Talk at the Rotary Club", activity_key="talk",
                when_where="Friday", due_date=date(2026, 12, 4),
                week_start=date(2026, 11, 30), points=5), NOW).number)
            if wait:
                first_inserted.set()
                time.sleep(0.4)
            uow.commit()

    threads = [threading.Thread(target=commit, args=(True,)),
               threading.Thread(target=commit, args=(False,))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(numbers) == [2, 3]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT number FROM commitments ORDER BY number")
                            ).scalars().all() == [1, 2, 3]


def test_a_workspace_stored_before_a_beat_existed_still_plans(engine: Engine) -> None:
    """A rhythm written by an older ShowUp lacks the beats added since (and one written by a
    newer ShowUp may hold beats this one does not know): the missing get their defaults."""
    ws, _, _ = _seed(engine, "T1")
    with engine.begin() as conn:
        conn.execute(text("UPDATE workspaces SET rhythm = :old WHERE id = :id"), {
            "old": '{"kickoff": {"weekday": 1, "at": "08:30"}, "lunch": {"weekday": 2}}',
            "id": ws})
    with uow_factory(engine)() as uow:
        workspace = uow.workspaces.get(ws)
        assert workspace is not None
        assert workspace.rhythm[Kind.KICKOFF] == SlotTime(1, dt_time(8, 30))
        assert workspace.rhythm[Kind.TEAM_POST] == DEFAULT_RHYTHM[Kind.TEAM_POST]
        members = uow.members.list_active(ws)
    friday_evening = datetime(2026, 12, 4, 23, 0, tzinfo=UTC)
    dues = plan_workspace(replace(workspace, leaderboard_channel="C1"), members, friday_evening)
    assert Kind.TEAM_POST in {due.kind for due in dues}   # the beat it never stored


def test_planning_says_how_many_deliveries_it_added(engine: Engine) -> None:
    """`tick` prints what it planned: the count of rows really inserted, on both databases
    (psycopg reports no rowcount for a many-valued INSERT)."""
    ws, member, _ = _seed(engine, "T1")
    dues = [Due(Kind.KICKOFF, ws, member, date(2026, 12, 1 + day), NOW) for day in range(3)]
    outbox = SqlOutbox(engine)
    assert outbox.add(dues, NOW, late_after=86_400) == 3
    assert outbox.add([*dues, Due(Kind.CHECKIN, ws, member, date(2026, 12, 2), NOW)], NOW,
                      late_after=86_400) == 1   # the three already planned are passed over


def test_finishing_several_deliveries_at_once_leaves_a_claim_taken_over_alone(
        engine: Engine) -> None:
    """A sender records its ends a few at a time (bot/finishing.py): every row it still
    holds is finished in one transaction, and one whose claim ran out and was taken by
    another sender meanwhile is left to that sender."""
    ws, member, _ = _seed(engine, "T1")
    dues = [Due(Kind.KICKOFF, ws, member, date(2026, 11, 30), NOW),
            Due(Kind.STREAK, ws, member, date(2026, 11, 30), NOW),
            Due(Kind.CHECKIN, ws, member, date(2026, 12, 2), NOW)]
    outbox = SqlOutbox(engine)
    outbox.add(dues, NOW, late_after=86_400)
    later = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    kickoff, streak, checkin = outbox.claim("w1", later, lease_seconds=60, limit=10)
    taken = outbox.claim("w2", later + timedelta(seconds=30), lease_seconds=60, limit=10)
    assert taken == []   # all three are still w1's (only ran-out claims are taken over)
    with engine.begin() as conn:   # the check-in's claim ran out and w2 took it
        conn.execute(text("UPDATE deliveries SET claimed_by = 'w2' WHERE id = :id"),
                     {"id": checkin.id})
    recorded = outbox.finish("w1", [
        Finished(kickoff.id, DeliveryStatus.SENT, "D1:1.0", later),
        Finished(streak.id, DeliveryStatus.SKIPPED, error="nothing to say"),
        Finished(checkin.id, DeliveryStatus.SENT, "D1:2.0", later)])
    assert recorded == 1
    with engine.connect() as conn:
        rows = {row.id: row for row in conn.execute(text(
            "SELECT id, status, platform_message_id, last_error, lease_until, claimed_by "
            "FROM deliveries"))}
    assert (rows[kickoff.id].status, rows[kickoff.id].platform_message_id) == ("sent", "D1:1.0")
    assert (rows[streak.id].status, rows[streak.id].last_error) == ("skipped", "nothing to say")
    assert rows[kickoff.id].lease_until is None and rows[streak.id].lease_until is None
    assert (rows[checkin.id].status, rows[checkin.id].claimed_by) == ("sending", "w2")
    with engine.connect() as conn:
        sent_at = conn.execute(select(DeliveryRow.sent_at).where(
            DeliveryRow.id == kickoff.id)).scalar_one()
    assert aware(sent_at) == later


def test_a_pooled_postgres_connection_the_server_dropped_while_idle_is_replaced() -> None:
    """The pool checks a connection that sat idle before handing it out (storage/db.py
    `_ping_when_idle`), so a server restart or an idle timeout costs no one an error."""
    url = postgres_or_skip()
    engine, admin = make_engine(url, pool_size=1), make_engine(url)
    try:
        with engine.connect() as conn:
            first = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with admin.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        time.sleep(PING_IF_IDLE_SECONDS + 0.2)
        with engine.connect() as conn:
            second = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert second != first
    finally:
        engine.dispose()
        admin.dispose()


def test_a_reading_unit_of_work_on_postgres_opens_no_transaction_and_leaves_none_behind(
        ) -> None:
    """What a nudge says is read outside a transaction (storage/uow.py reading_uow_factory):
    the server sees each statement on its own, never 'idle in transaction'; the pooled
    connection goes back to ordinary units of work transactional as before."""
    url = postgres_or_skip()
    engine, admin = make_engine(url, pool_size=1), make_engine(url)

    def state_of(uow: SqlUnitOfWork) -> str:
        session = uow._session
        assert session is not None
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with admin.connect() as conn:
            return str(conn.execute(text("SELECT state FROM pg_stat_activity WHERE pid = :pid"),
                                    {"pid": pid}).scalar_one())

    try:
        with reading_uow_factory(engine)() as uow:
            assert state_of(uow) == "idle"
        with uow_factory(engine)() as uow:
            assert state_of(uow) == "idle in transaction"
        with reading_uow_factory(engine)() as uow:
            assert state_of(uow) == "idle"
    finally:
        engine.dispose()
        admin.dispose()
