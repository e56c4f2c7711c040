"""`python app.py tick --at …` as separate processes against a fake Slack: a whole week,
a sender killed with SIGKILL mid-fan-out, and four senders sharing one PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, text

from bot.model import Platform, Role
from bot.planner import plan_workspace
from storage.migrate import upgrade
from storage.models import MemberRow
from storage.outbox import SqlOutbox
from storage.uow import uow_factory
from tests import zygote
from tests.conftest import postgres_schema
from tests.fakes.slack_api import FakeSlack
from tests.process import ROOT
from tests.scheduler.conftest import JOINED, seed

pytestmark = pytest.mark.long

NEW_YORK = "America/New_York"


def tick(url: str, fake: FakeSlack, at: datetime, *, wait: bool = True
         ) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CLIENT_"))}
    env.update(DATABASE_URL=url, SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="s",
               SLACK_API_URL=fake.api_url, SHOWUP_TIMEZONE=NEW_YORK, SLACK_TIMEOUT_SECONDS="2",
               SEND_RATE_PER_WORKSPACE="1000")  # pacing is the fan-out benchmark's concern
    process = zygote.ZygotePopen([sys.executable, "app.py", "tick", "--at", at.isoformat()],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    if wait:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output
    return process


def url_of(engine: Engine) -> str:
    """The URL the tick processes reach the test's database (and schema) by."""
    return engine.url.render_as_string(hide_password=False)


def test_a_week_of_ticks_delivers_the_rhythm_once(sqlite_engine: Engine, fake_slack: FakeSlack,
                                                   monday_nine: datetime) -> None:
    engine = sqlite_engine
    url = url_of(engine)
    seed(engine, "T0001", [("U0ALEX", NEW_YORK), ("U0SAM", "Europe/London")],
         channel="C0TEAM123")
    with uow_factory(engine)() as uow:
        workspace = uow.workspaces.list_all()[0]
        members = uow.members.list_active(workspace.id)
    week_start = monday_nine - timedelta(hours=10)
    slots = {d.due_at for d in plan_workspace(workspace, members, week_start + timedelta(days=6),
                                              lookback=timedelta(days=6))}
    for number, at in enumerate(sorted(slots)):
        tick(url, fake_slack, at + timedelta(minutes=5))
        if number == 0:
            tick(url, fake_slack, at + timedelta(minutes=6))
    keys = fake_slack.delivered_keys()
    assert len(keys) == len(set(keys))
    alex = [k.split(":")[0] for k in keys if k.split(":")[1] == "1"]
    assert alex == ["kickoff", "checkin", "wrapup"]
    sam = [k.split(":")[0] for k in keys if k.split(":")[1] == "2"]
    assert sam == ["kickoff", "checkin", "wrapup"]
    assert [k for k in keys if k.startswith("teampost:")] == ["teampost:w1:2026-12-04"]
    dm = fake_slack.messages["D0ALEX"][0]
    assert dm["metadata"]["event_type"] == "showup_delivery"


def test_sigkill_mid_fan_out_loses_nothing_and_repeats_nothing(
        sqlite_engine: Engine, fake_slack: FakeSlack, monday_nine: datetime) -> None:
    engine = sqlite_engine
    url = url_of(engine)
    seed(engine, "T0001", [(f"U{i:04d}", NEW_YORK) for i in range(120)])
    fake_slack.latency = 0.03
    doomed = tick(url, fake_slack, monday_nine, wait=False)
    deadline = time.monotonic() + 60
    while len(fake_slack.delivered_keys()) < 30 and time.monotonic() < deadline:
        time.sleep(0.01)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=10)
    before = len(fake_slack.delivered_keys())
    assert 0 < before < 120, "the kill should land mid-fan-out"
    fake_slack.latency = 0.0
    tick(url, fake_slack, monday_nine + timedelta(minutes=3))
    delivered = Counter(k for k in fake_slack.delivered_keys() if k.startswith("kickoff:"))
    assert len(delivered) == 120
    assert set(delivered.values()) == {1}
    assert SqlOutbox(engine).counts().get("sent") == 120


@pytest.fixture
def fanout_postgres() -> Iterator[tuple[str, Engine]]:
    with postgres_schema("showup_fanout") as engine:
        upgrade(engine)
        yield url_of(engine), engine


def test_four_processes_on_postgres_deliver_2000_nudges_exactly_once(
        fanout_postgres: tuple[str, Engine], fake_slack: FakeSlack, monday_nine: datetime
        ) -> None:
    url, engine = fanout_postgres
    with uow_factory(engine)() as uow:
        ws = uow.workspaces.get_or_create(Platform.SLACK, "T0001", "Clinic", NEW_YORK)
        uow.commit()
    with engine.begin() as conn:
        conn.execute(insert(MemberRow), [
            {"workspace_id": ws.id, "platform_user_id": f"U{i:05d}", "display_name": f"M{i}",
             "timezone": NEW_YORK, "role": Role.MEMBER.value, "active": True,
             "created_at": JOINED} for i in range(2000)])
    senders = [tick(url, fake_slack, monday_nine + timedelta(seconds=i), wait=False)
               for i in range(4)]
    for sender in senders:
        output, _ = sender.communicate(timeout=300)
        assert sender.returncode == 0, output
    delivered = Counter(k for k in fake_slack.delivered_keys() if k.startswith("kickoff:"))
    assert len(delivered) == 2000
    assert set(delivered.values()) == {1}
    workers = {c.token for c in fake_slack.calls_to("chat.postMessage")}
    assert workers == {"xoxb-test"}
    with engine.connect() as conn:
        claimed_by = conn.execute(text(
            "SELECT count(DISTINCT claimed_by) FROM deliveries WHERE kind = 'kickoff'"
        )).scalar_one()
    assert claimed_by >= 2, "the work should have been shared between processes"
