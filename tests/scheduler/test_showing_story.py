"""The Friday team post through the scheduler and a fake Slack, on SQLite and PostgreSQL: it
carries the one story a member chose to share that week, with their name and what it showed,
and nothing of anyone who did not share."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import Engine

from bot.coach import Coach
from bot.messages import Actor
from bot.model import Origin, Platform
from storage.uow import uow_factory
from tests.fakes.slack_api import FakeSlack
from tests.scheduler.conftest import seed, slack_scheduler

NEW_YORK = "America/New_York"


def test_the_friday_post_carries_the_shared_story(engine: Engine, fake_slack: FakeSlack,
                                                  monday_nine: datetime) -> None:
    seed(engine, "T0001", [("U0ALEX", NEW_YORK), ("U0SAM", NEW_YORK)], channel="C0TEAM123")
    coach = Coach(uow_factory(engine), NEW_YORK)
    alex = Actor(Platform.SLACK, "T0001", "U0ALEX", "Alex")
    sam = Actor(Platform.SLACK, "T0001", "U0SAM", "Sam")
    wednesday = monday_nine + timedelta(days=2)
    coach.handle(alex, "commit visit Sunrise Pediatrics wed", monday_nine)
    coach.handle(alex, "done #1 the front desk asked how to refer a worried parent", wednesday)
    coach.handle(alex, "showed #1 problem-solving", wednesday, Origin.BUTTON)
    coach.handle(alex, "share #1", wednesday, Origin.BUTTON)
    coach.handle(sam, "log coffee with Pastor Dan", wednesday)
    coach.handle(sam, "showed #1 relationship", wednesday, Origin.BUTTON)   # not shared

    slack_scheduler(engine, fake_slack).tick(monday_nine + timedelta(days=4, hours=7, minutes=1))

    post = fake_slack.messages["C0TEAM123"][-1]["text"]
    assert "This week the team got in front of people twice" in post
    assert ("🌟 Alex showed problem-solving: “the front desk asked how to refer a worried "
            "parent”") in post
    assert "Sam" not in post


def test_a_story_that_names_a_mention_or_a_link_pings_nobody(engine: Engine,
                                                             fake_slack: FakeSlack,
                                                             monday_nine: datetime) -> None:
    """Slack's markup typed into the words shared: the post carries it as text (escaped),
    never as a broadcast, a mention or a link; and as plain text, so *stars*, _underscores_,
    ~tildes~ and `backticks` show as typed instead of bold, italic, struck or code."""
    seed(engine, "T0001", [("U0ALEX", NEW_YORK)], channel="C0TEAM123")
    coach = Coach(uow_factory(engine), NEW_YORK)
    alex = Actor(Platform.SLACK, "T0001", "U0ALEX", "Alex")
    wednesday = monday_nine + timedelta(days=2)
    coach.handle(alex, "commit visit Sunrise Pediatrics wed", monday_nine)
    said = ("done #1 tell <!channel> and <!here|here> and <@U0SAM> about "
            "<https://evil.example|the flyer> @channel &lt;b&gt; *big* _news_ ~old~ `x`")
    coach.handle(alex, said, wednesday)
    assert coach.handle(alex, "share #1", wednesday, Origin.BUTTON).text.startswith("🌟")

    slack_scheduler(engine, fake_slack).tick(monday_nine + timedelta(days=4, hours=7, minutes=1))

    message = next(c.args for c in reversed(fake_slack.calls_to("chat.postMessage"))
                   if c.args.get("channel") == "C0TEAM123")
    if isinstance(message.get("blocks"), str):   # form-encoded calls carry it as JSON
        message["blocks"] = json.loads(message["blocks"])
    story = [line for line in message["text"].splitlines() if line.startswith("🌟")]
    assert story == ["🌟 Alex: “tell &lt;!channel&gt; and &lt;!here|here&gt; and &lt;@U0SAM&gt; "
                     "about &lt;https://evil.example|the flyer&gt; @channel "
                     "&amp;lt;b&amp;gt; *big* _news_ ~old~ `x`”"]
    wire = str(message.get("blocks")) + message["text"]
    for markup in ("<!", "<@", "<http"):
        assert markup not in wire
    sections = [block["text"] for block in message["blocks"] if block["type"] == "section"]
    assert sections and all(section["type"] == "plain_text" for section in sections)
    assert any("*big* _news_ ~old~ `x`" in section["text"] for section in sections)
    assert message.get("mrkdwn") in (False, "false", "0")   # the notification text too
    assert not message.get("link_names")
