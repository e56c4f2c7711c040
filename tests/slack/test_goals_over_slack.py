"""Issue 17 over real HTTP: `python app.py serve` and `python app.py tick --at …` processes
against the fake Slack. A personal goal is seen by its clinician and the owner, and a week of
ticks, the Friday team post among them, never puts it in the channel."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.process import run_tick
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET, start_bot, stop_bot
from tests.slack.test_http_conversation import responded

pytestmark = pytest.mark.long

CHANNEL = "C0TEAM123"


def said(fake: FakeSlack, slack: SlackSimulator, user: str, words: str,
         escape: bool = True) -> str:
    slack.command(user, words, escape=escape)
    return str(responded(fake, slack).args["text"])


def everything_in(args: dict[str, Any]) -> str:
    """A message's text and blocks, as Slack would show them."""
    return f"{args.get('text', '')} {json.dumps(args.get('blocks', []), ensure_ascii=False)}"


def channel_posts(fake: FakeSlack) -> list[str]:
    return [everything_in(c.args) for c in fake.calls_to("chat.postMessage")
            if c.args.get("channel") == CHANNEL]


def test_a_goal_is_never_posted_in_the_channel(tmp_path: Path, fake_slack: FakeSlack) -> None:
    bot = start_bot(tmp_path, fake_slack, at="2026-11-30T10:00:00-05:00")   # a Monday
    slack = SlackSimulator(bot.url, SIGNING_SECRET, fake_slack.url + "/")
    try:
        assert "goes to #C0TEAM123" in said(fake_slack, slack, "U0OWNER",
                                            f"admin channel <#{CHANNEL}|outreach>", False)
        assert "Goal set for Q4 2026: 0 of 37 points" in said(fake_slack, slack, "U0ALEX",
                                                              "goal 37 pts")
        assert "0 of 11 activities" in said(fake_slack, slack, "U0SAM", "goal: 11 activities")
        said(fake_slack, slack, "U0ALEX", "log visit Sunrise Pediatrics today")
        said(fake_slack, slack, "U0SAM", "log talk at the Rotary Club today")
        assert "🎯 Your goal: 3 of 37 points so far this quarter" in said(
            fake_slack, slack, "U0ALEX", "streak")
        report = said(fake_slack, slack, "U0OWNER", "admin report")
        assert "goal 3/37 pts" in report and "goal 1/11 activities" in report
        assert "37" not in said(fake_slack, slack, "U0ALEX", "board quarter")
    finally:
        stop_bot(bot)
    chat = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake_slack.api_url}
    for at in ("2026-12-02T12:05:00-05:00", "2026-12-04T15:05:00-05:00",
               "2026-12-04T16:05:00-05:00", "2026-12-07T09:05:00-05:00"):
        run_tick(tmp_path, at, **chat)
    posts = channel_posts(fake_slack)
    assert len(posts) == 1 and "Team goal Q4 2026: 8/150 pts" in posts[0]   # Friday's
    dms = [c.args for c in fake_slack.calls_to("chat.postMessage")
           if c.args.get("channel") != CHANNEL]
    assert any("1 week in a row" in d["text"] for d in dms)   # Monday's streak update came
    for post in posts:
        assert "37" not in post and "11 activities" not in post and "🎯" not in post


def test_the_owner_gets_the_briefs_after_the_quarter_and_each_one_with_its_csv(
        tmp_path: Path, fake_slack: FakeSlack) -> None:
    bot = start_bot(tmp_path, fake_slack, at="2026-12-01T10:00:00-05:00")   # Q4, a Tuesday
    slack = SlackSimulator(bot.url, SIGNING_SECRET, fake_slack.url + "/")
    try:
        said(fake_slack, slack, "U0OWNER", f"admin channel <#{CHANNEL}|outreach>", False)
        said(fake_slack, slack, "U0ALEX", "goal 10 pts")
        said(fake_slack, slack, "U0ALEX", "commit visit Sunrise Pediatrics today")
        assert "✅ Done" in said(fake_slack, slack, "U0ALEX",
                                "done the nurse manager wants a lunch-and-learn")
        said(fake_slack, slack, "U0ALEX", "log talk at the Rotary Club today")
        said(fake_slack, slack, "U0SAM", "log visit Lincoln Middle School today")
    finally:
        stop_bot(bot)
    chat = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake_slack.api_url}
    run_tick(tmp_path, "2027-01-04T09:05:00-05:00", **chat)   # the first Monday of Q1
    run_tick(tmp_path, "2027-01-11T09:05:00-05:00", **chat)   # and the next: nothing again
    to_owner = [c.args for c in fake_slack.calls_to("chat.postMessage")
                if c.args.get("channel") == "U0OWNER"]
    assert len(to_owner) == 1
    summary = to_owner[0]
    assert "Q4 2026" in summary["text"].splitlines()[0]
    assert "• Alex: 2 activities, 8 pts · no plan · streak 0 · 0 comebacks · goal 8/10 pts" in \
        summary["text"]
    assert "• Sam: 1 activity, 3 pts" in summary["text"]
    values = [e["value"] for b in summary["blocks"] if b["type"] == "actions"
              for e in b["elements"]]
    assert values == ["admin brief last quarter Alex", "admin brief last quarter Sam"]
    assert not any("📋" in post or "goal 8/10" in post for post in channel_posts(fake_slack))

    bot = start_bot(tmp_path, fake_slack, at="2027-01-11T10:00:00-05:00")
    slack = SlackSimulator(bot.url, SIGNING_SECRET, fake_slack.url + "/")
    try:
        slack.click("U0OWNER", values[0])
        brief = responded(fake_slack, slack).args
        assert brief["text"].startswith("📋 One-to-one brief — Alex, Q4 2026 (Oct 1 – Dec 31, "
                                        "closed)")
        assert "Personal goal: 8 of 10 points" in brief["text"]
        assert "• Dec 1 (done) visit Sunrise Pediatrics: the nurse manager wants a " \
               "lunch-and-learn" in brief["text"]
        fake_slack.wait_for("files.completeUploadExternal")
        csv_file = b"".join(fake_slack.uploads.values())
        assert csv_file.startswith("\ufeffsection,item,value,date,points,note".encode())
        assert b"personal goal,points,8/10" in csv_file
        slack.click("U0SAM", values[1])
        assert "Only the practice owner or an admin" in responded(fake_slack, slack).args["text"]
    finally:
        stop_bot(bot)
