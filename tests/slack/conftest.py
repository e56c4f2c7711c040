"""A running ShowUp (`python app.py serve`) wired to a fake Slack, both on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator

ROOT = Path(__file__).resolve().parents[2]
SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningBot:
    url: str
    process: subprocess.Popen[str]
    log_path: Path
    database: Path

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_bot(tmp_path: Path, fake: FakeSlack, *, command: tuple[str, ...] = ("serve",),
              ready: Callable[[RunningBot], bool] | None = None, **env_extra: str
              ) -> RunningBot:
    port = free_port()
    database = tmp_path / "showup.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CLIENT_"))}
    env.update(DATABASE_URL=f"sqlite:///{database}", SHOWUP_TIMEZONE="America/New_York",
               LOG_LEVEL="INFO", PORT=str(port), HOST="127.0.0.1",
               SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
               SLACK_API_URL=fake.api_url, SCHEDULER_ENABLED="false")
    env.update(env_extra)
    log_path = tmp_path / "bot.log"
    log_file = log_path.open("w")
    process = subprocess.Popen([sys.executable, "app.py", *command],
                               cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                               text=True)
    bot = RunningBot(f"http://127.0.0.1:{port}", process, log_path, database)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"bot exited early:\n{bot.logs()}")
        if ready is not None:
            if ready(bot):
                return bot
            time.sleep(0.05)
            continue
        try:
            with urllib.request.urlopen(bot.url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return bot
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"bot did not become healthy:\n{bot.logs()}")


def stop_bot(running: RunningBot) -> None:
    running.process.terminate()
    try:
        running.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        running.process.kill()


@pytest.fixture
def bot(tmp_path: Path, fake_slack: FakeSlack) -> Iterator[RunningBot]:
    running = start_bot(tmp_path, fake_slack)
    yield running
    stop_bot(running)


@pytest.fixture
def slack(bot: RunningBot, fake_slack: FakeSlack) -> SlackSimulator:
    return SlackSimulator(bot.url, SIGNING_SECRET, fake_slack.url + "/")
