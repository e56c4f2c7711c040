"""A plan a week unreviewed reminds the owner once, sent by `python app.py tick --at …`
processes against the fake Slack; a reviewed plan reminds no one."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from bot.coach import Coach
from bot.messages import Actor
from bot.model import Platform
from storage.uow import uow_factory
from tests.fakes.slack_api import FakeSlack
from tests.scheduler.test_tick_process import tick, url_of

pytestmark = pytest.mark.long

NEW_YORK = ZoneInfo("America/New_York")
SUBMITTED = datetime(2026, 11, 30, 10, 0, tzinfo=NEW_YORK)   # a Monday
A_PLAN = ["plan niche anxious teens", "plan referrers pediatricians, school counselors",
          "plan add lunch-and-learn at Valley Family Medicine", "plan add talk at Lincoln PTA",
          "plan add visit Sunrise Pediatrics", "plan add consult with Lincoln Middle counselors",
          "plan submit"]


def person(user: str, name: str) -> Actor:
    return Actor(Platform.SLACK, "T0001", user, name, team_name="Clinic",
                 timezone="America/New_York")


def submit(engine: Engine, who: Actor) -> Coach:
    coach = Coach(uow_factory(engine), "America/New_York")
    coach.handle(person("U0OWNER", "Olivia"), "streak", SUBMITTED)
    for line in A_PLAN:
        assert coach.handle(who, line, SUBMITTED).ok, line
    return coach


def reminders(fake: FakeSlack) -> list[str]:
    return [k for k in fake.delivered_keys() if k.startswith("reviewreminder:")]


def test_a_week_unreviewed_reminds_the_owner_once(sqlite_engine: Engine,
                                                  fake_slack: FakeSlack) -> None:
    url = url_of(sqlite_engine)
    submit(sqlite_engine, person("U0ALEX", "Alex"))
    tick(url, fake_slack, SUBMITTED + timedelta(minutes=5))
    assert [k for k in fake_slack.delivered_keys() if "plan" in k] == ["planreview:1:1-1"]
    tick(url, fake_slack, SUBMITTED + timedelta(days=7, minutes=-55))   # Mon 09:05: too soon
    assert reminders(fake_slack) == []
    for at in (timedelta(days=8, minutes=-55), timedelta(days=8, minutes=-50),
               timedelta(days=9, minutes=-55)):                      # Tue 09:05, 09:10, Wed
        tick(url, fake_slack, SUBMITTED + at)
    assert reminders(fake_slack) == ["reviewreminder:1:1-1"]
    [reminder] = [m for m in fake_slack.messages["D0OWNER"]
                  if "has waited a week" in m["text"]]
    assert reminder["text"].startswith("⏳ Alex's plan for Q4 2026 has waited a week")


def test_a_reviewed_plan_reminds_no_one(sqlite_engine: Engine, fake_slack: FakeSlack) -> None:
    url = url_of(sqlite_engine)
    coach = submit(sqlite_engine, person("U0ALEX", "Alex"))
    assert coach.handle(person("U0OWNER", "Olivia"), "review alex approve",
                        SUBMITTED + timedelta(hours=1)).ok
    for days in (0, 8):
        tick(url, fake_slack, SUBMITTED + timedelta(days=days, hours=2))
    assert reminders(fake_slack) == []
    assert any(m["text"].startswith("✅ Olivia approved your Q4 2026 plan")
               for m in fake_slack.messages["D0ALEX"])
