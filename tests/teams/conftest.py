"""A running ShowUp (`python app.py serve`) that Teams reaches at /api/messages, and a fake
Bot Connector that receives everything ShowUp posts back, both on loopback."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storage.models import Base
from tests.fakes.bot_connector import FakeBotConnector, Posted, TeamsUser, post_activity
from tests.process import PINNED_AT, RunningBot, start_app, stop_bot

LOCAL_TEST = {"DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS": "true"}


@pytest.fixture
def connector() -> Iterator[FakeBotConnector]:
    fake = FakeBotConnector().start()
    yield fake
    fake.stop()


def start_teams_bot(tmp_path: Path, *, at: str = PINNED_AT, **env: str) -> RunningBot:
    return start_app(tmp_path, at=at, **{**LOCAL_TEST, **env})


@pytest.fixture(scope="module")
def shared_teams_bot(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path,
                     pinned_at: str) -> Iterator[RunningBot]:
    tmp_path = tmp_path_factory.mktemp("teams")
    shutil.copyfile(migrated_sqlite, tmp_path / "showup.db")   # already migrated
    running = start_teams_bot(tmp_path, at=pinned_at)
    yield running
    stop_bot(running)


@pytest.fixture
def teams_bot(shared_teams_bot: RunningBot) -> RunningBot:
    """One ShowUp per test module, its database emptied before each test."""
    with sqlite3.connect(shared_teams_bot.database) as db:
        for table in reversed(Base.metadata.sorted_tables):
            db.execute(f'DELETE FROM "{table.name}"')
        db.execute("DELETE FROM sqlite_sequence")   # ids from 1 again, as in a new database
    return shared_teams_bot


class TeamsChat:
    """Conversation-style access: a person says something, the test reads what came back."""

    def __init__(self, bot: RunningBot, connector: FakeBotConnector) -> None:
        self.bot = bot
        self.connector = connector

    def user(self, name: str, timezone: str | None = "America/Chicago") -> TeamsUser:
        return TeamsUser(self.connector.url, name, timezone=timezone)

    def send(self, activity: dict[str, Any]) -> tuple[int, Any]:
        return post_activity(self.bot.url, activity)

    def say(self, user: TeamsUser, text: str) -> Posted:
        """A personal-chat message, and the card ShowUp answered with."""
        before = len(self.connector.to(user.chat))
        status, _ = self.send(user.message(text))
        assert status == 200, self.bot.logs()[-2000:]
        return self.connector.wait_for(user.chat, before + 1)[before]

    def click(self, user: TeamsUser, command: str) -> dict[str, Any]:
        """A button click; returns the card that replaces the clicked one."""
        status, body = self.send(user.click(command))
        assert status == 200, self.bot.logs()[-2000:]
        assert body["type"] == "application/vnd.microsoft.card.adaptive", body
        return dict(body["value"])


@pytest.fixture
def teams(teams_bot: RunningBot, connector: FakeBotConnector) -> TeamsChat:
    return TeamsChat(teams_bot, connector)
