"""A running ShowUp (`python app.py serve`) wired to a fake Slack, both on loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.process import PINNED_AT, RunningBot, free_port, start_app, stop_bot

__all__ = ["RunningBot", "free_port", "start_bot", "stop_bot"]

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"


def start_bot(tmp_path: Path, fake: FakeSlack, *, command: tuple[str, ...] = ("serve",),
              ready: Callable[[RunningBot], bool] | None = None,
              at: str | None = PINNED_AT, **env_extra: str) -> RunningBot:
    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": fake.api_url, **env_extra}
    return start_app(tmp_path, command=command, ready=ready, at=at, **env)


@pytest.fixture
def bot(tmp_path: Path, fake_slack: FakeSlack) -> Iterator[RunningBot]:
    running = start_bot(tmp_path, fake_slack)
    yield running
    stop_bot(running)


@pytest.fixture
def slack(bot: RunningBot, fake_slack: FakeSlack) -> SlackSimulator:
    return SlackSimulator(bot.url, SIGNING_SECRET, fake_slack.url + "/")
