"""A burst beyond what the server can answer within COMMAND_BUSY_SECONDS: every command is
still stored and acknowledged, the ack of each one that would wait tells the person ShowUp is
busy and the answer follows, and every command is carried out and answered exactly once —
taken from the inbox as room frees up. The first command's answer is held at the fake Slack
(users.info does not return until the test says so), so while it is held the queue is
"full" whatever the machine's speed; the bound is tiny so that one held command fills it."""

from __future__ import annotations

import json
import signal
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from threading import Event

import pytest
from sqlalchemy import Engine, text

from handlers.slack.inbox import BUSY
from tests.fakes.slack_api import FakeSlack, Fault
from tests.fakes.slack_simulator import SlackSimulator
from tests.slack.conftest import SIGNING_SECRET, shared_database, start_bot

BURST = 12


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    yield from shared_database(request, tmp_path, "showup_busy")


def _ack_text(body: str) -> str:
    return str(json.loads(body).get("text")) if body.strip().startswith("{") else body


def test_a_burst_beyond_the_bound_is_told_busy_and_still_answered_once_each(
        tmp_path: Path, fake_slack: FakeSlack, database: tuple[str, Engine]) -> None:
    url, engine = database
    held = Event()
    fake_slack.faults.append(Fault("users.info", status=200, until=held))
    bot = start_bot(tmp_path, fake_slack, DATABASE_URL=url, COMMAND_BUSY_SECONDS="0.001")
    slack = SlackSimulator(bot.url, SIGNING_SECRET, fake_slack.url + "/")
    try:
        acks, replies = [], []
        for number in range(BURST):
            answer = slack.command("U0ALEX", f"commit visit Clinic {number} fri")
            assert answer.status == 200, answer.body
            acks.append(_ack_text(answer.body))
            replies.append(slack.last_response)
        # The first went straight to a worker, which is held; every later one found the
        # queue past its bound and was told so, at once.
        assert BUSY not in acks[0]
        assert acks[1:] == [BUSY] * (BURST - 1), acks
        fake_slack.wait_for("users.info")   # the first command is in work, held
        held.set()
        for reply in replies:
            fake_slack.wait_for(reply, timeout=60)
    finally:
        bot.process.send_signal(signal.SIGTERM)   # drains: a second answer would come first
        bot.process.wait(timeout=60)
    assert Counter(len(fake_slack.calls_to(reply)) for reply in replies) == {1: BURST}
    texts = sorted(fake_slack.calls_to(reply)[0].args["text"] for reply in replies)
    assert all(t.startswith("📌 Committed #") for t in texts), texts
    with engine.connect() as conn:
        stored = Counter(conn.execute(text("SELECT what FROM commitments")).scalars())
        waiting = conn.execute(text(
            "SELECT count(*) FROM inbox WHERE answered_at IS NULL")).scalar_one()
    assert stored == Counter(f"visit Clinic {n}" for n in range(BURST))
    assert waiting == 0
    assert "Traceback" not in bot.logs()
