"""The Messages tab is a conversation: what a clinician types to ShowUp in its DM is read
like `/outreach` without the slash and answered in the DM, over real HTTP (`python app.py
serve` and a fake Slack). Retries never double it; edits, bots and ShowUp's own messages are
left alone; the privacy guard reads it first; asking for help enrols the person."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

import pytest

from tests.fakes.slack_api import Call, FakeSlack
from tests.fakes.slack_simulator import Answer, SlackSimulator
from tests.slack.conftest import RunningBot, the_modules_bot

_fake, _bot, _slack = the_modules_bot()   # every test here uses the module's bot


def dm(slack: SlackSimulator, user: str, text: str, *, ts: str | None = None,
       retry: int | None = None, event_id: str | None = None, **extra: Any) -> Answer:
    event = {"type": "message", "channel": f"D{user[1:]}", "channel_type": "im", "user": user,
             "text": text, "ts": ts or f"{time.time():.6f}", **extra}
    return slack.event(event, retry=retry, event_id=event_id)


def answers(fake: FakeSlack, count: int) -> list[Call]:
    return [c for c in fake.wait_for("chat.postMessage", count)]


def answered(bot: RunningBot, timeout: float = 10.0) -> None:
    """Wait until every stored message has been carried out and answered."""
    deadline = time.monotonic() + timeout
    while rows(bot, "SELECT count(*) FROM inbox WHERE answered_at IS NULL") != [(0,)]:
        assert time.monotonic() < deadline, "a stored message was never answered"
        time.sleep(0.05)


def rows(bot: RunningBot, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(bot.database) as db:
        return db.execute(sql).fetchall()


@pytest.mark.clock_sensitive
def test_a_message_reads_like_the_command_and_is_answered_in_the_dm(
        slack: SlackSimulator, fake_slack: FakeSlack) -> None:
    assert dm(slack, "U0ALEX", "commit visit Sunrise Pediatrics tomorrow").status == 200
    first = answers(fake_slack, 1)[-1].args
    assert first["channel"] == "D0ALEX"
    assert first["text"].startswith("📌 Committed #1: Tomorrow, I will visit Sunrise Pediatrics.")
    dm(slack, "U0ALEX", "done 1 met the office manager")
    assert answers(fake_slack, 2)[-1].args["text"].startswith(
        "✅ Done: visit Sunrise Pediatrics (+3 pts)")
    dm(slack, "U0ALEX", "<@UBOT> streak")   # "@ShowUp streak" reads as "streak"
    assert "streak" in answers(fake_slack, 3)[-1].args["text"].lower()
    dm(slack, "U0ALEX", "/outreach list all")   # the slash typed out of habit
    assert "visit Sunrise Pediatrics" in answers(fake_slack, 4)[-1].args["text"]


def test_a_retried_or_replayed_message_has_one_effect(bot: RunningBot, slack: SlackSimulator,
                                                       fake_slack: FakeSlack) -> None:
    ts = "1764680000.000100"
    dm(slack, "U0ALEX", "log gave a talk at Rotary", ts=ts, event_id="Ev1")
    dm(slack, "U0ALEX", "log gave a talk at Rotary", ts=ts, event_id="Ev1", retry=1)
    dm(slack, "U0ALEX", "log gave a talk at Rotary", ts=ts, event_id="Ev2")   # same message
    # Each delivery is stored, or found already stored, before its 200: one row, one answer.
    assert rows(bot, "SELECT count(*) FROM inbox") == [(1,)]
    answered(bot)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert rows(bot, "SELECT count(*) FROM commitments") == [(1,)]


def test_what_is_not_a_person_writing_to_showup_is_left_alone(
        bot: RunningBot, slack: SlackSimulator, fake_slack: FakeSlack) -> None:
    ignored = [
        dm(slack, "U0ALEX", "log gave a talk", subtype="message_changed"),
        dm(slack, "U0ALEX", "log gave a talk", bot_id="B0OTHER"),
        dm(slack, "UBOT", "📌 Committed #1: …"),   # ShowUp's own message
        dm(slack, "U0ALEX", "log gave a talk", channel_type="channel"),
        dm(slack, "U0ALEX", "thanks!"),
        dm(slack, "U0ALEX", "👍"),
        dm(slack, "U0ALEX", "   "),
    ]
    assert {answer.status for answer in ignored} == {200}
    assert rows(bot, "SELECT count(*) FROM inbox") == [(0,)]   # decided before each 200
    dm(slack, "U0SAM", "streak")   # a message that is read, to know the others were not
    assert answers(fake_slack, 1)[-1].args["channel"] == "D0SAM"
    answered(bot)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert rows(bot, "SELECT count(*) FROM commitments") == [(0,)]


def test_odd_shapes_are_refused_and_create_nothing(bot: RunningBot, slack: SlackSimulator,
                                                   fake_slack: FakeSlack) -> None:
    for event in ({"type": "message", "channel_type": "im", "user": "U0ALEX", "text": 5,
                   "channel": "D0ALEX", "ts": "1.2"},
                  {"type": "message", "channel_type": "im", "user": "U0ALEX", "text": "streak",
                   "channel": "not a channel", "ts": "1.2"},
                  {"type": "message", "channel_type": "im", "user": "U0ALEX", "text": "streak",
                   "channel": "D0ALEX"}):
        assert slack.event(event).status in (200, 400)
    assert rows(bot, "SELECT count(*) FROM inbox") == [(0,)]   # decided before each answer
    assert fake_slack.calls_to("chat.postMessage") == []
    assert rows(bot, "SELECT count(*) FROM members") == [(0,)]


def test_greetings_get_help_help_enrols_and_threads_are_kept(bot: RunningBot, slack: SlackSimulator,
                                             fake_slack: FakeSlack) -> None:
    dm(slack, "U0ALEX", "hi there!")
    assert "ShowUp keeps your outreach going" in answers(fake_slack, 1)[-1].args["text"]
    slack.command("U0SAM", "help")
    fake_slack.wait_for(slack.last_response)
    dm(slack, "U0ALEX", "streak", thread_ts="1764600000.000200")
    in_thread = answers(fake_slack, 2)[-1].args
    assert in_thread["thread_ts"] == "1764600000.000200" and in_thread["channel"] == "D0ALEX"
    names = {name for (name,) in rows(bot, "SELECT display_name FROM members")}
    assert names == {"Alex", "Sam"}


def test_client_details_and_very_long_messages_are_answered_and_never_stored(
        bot: RunningBot, slack: SlackSimulator, fake_slack: FakeSlack) -> None:
    dm(slack, "U0ALEX", "send session notes for Grace Kelly to her psychiatrist")
    reply = answers(fake_slack, 1)[-1].args["text"]
    assert "client" in reply.lower() and "Grace" not in reply
    dm(slack, "U0ALEX", "log " + "zebra outreach " * 700)
    assert "please keep it under 2,000" in answers(fake_slack, 2)[-1].args["text"]
    answered(bot)
    stored = bot.database.read_bytes()
    assert b"Grace" not in stored and b"zebra outreach zebra" not in stored
    assert "Grace" not in bot.logs()
