"""A scheduler wired to a real database and a fake Slack, driven by a movable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.model import Platform, Role
from bot.scheduler import Policy, Scheduler
from handlers.slack.messenger import SlackMessenger, client_factory
from storage.outbox import SqlOutbox
from storage.uow import reading_uow_factory, uow_factory
from tests.fakes.slack_api import FakeSlack

JOINED = datetime(2026, 11, 1, tzinfo=UTC)


def seed(engine: Engine, team: str, people: list[tuple[str, str]], *,
         channel: str | None = None, admins: tuple[str, ...] = (),
         joined: datetime = JOINED) -> int:
    """A Slack workspace with members (user id, IANA zone); returns the workspace id."""
    with uow_factory(engine)() as uow:
        ws = uow.workspaces.get_or_create(Platform.SLACK, team, team, "America/New_York")
        if channel:
            uow.workspaces.update(ws.id, leaderboard_channel=channel)
        for user, tz in people:
            role = Role.ADMIN if user in admins else Role.MEMBER
            uow.members.get_or_create(ws.id, user, user.title(), tz, role, joined)
        uow.commit()
        return ws.id


def slack_scheduler(engine: Engine, fake: FakeSlack, worker: str = "w1",
                    timeout: int = 1, **policy: float) -> Scheduler:
    messenger = SlackMessenger(client_factory(WebClient(base_url=fake.api_url), "xoxb-test",
                                              None, timeout))
    return Scheduler(uow_factory(engine), SqlOutbox(engine), {Platform.SLACK: messenger},
                     Policy(**policy), worker=worker,  # type: ignore[arg-type]
                     reading=reading_uow_factory(engine))


@pytest.fixture
def monday_nine() -> datetime:
    """Monday 30 November 2026, 09:00 in New York."""
    return datetime(2026, 11, 30, 14, 0, tzinfo=UTC)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)
