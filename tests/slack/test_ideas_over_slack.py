"""Ideas that fit, over Slack's real HTTP against the fake Slack: an owner adds an idea, a
clinician asks for ideas after writing a plan, Monday's kickoff sent by `python app.py tick`
carries one idea and its button, and a click on it (a block_actions payload) commits it."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_simulator import SlackSimulator
from tests.process import RunningBot, run_tick, stop_bot
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET, start_bot
from tests.slack.test_http_conversation import buttons, responded, section_texts

MONDAY_MORNING = "2026-12-07T08:30:00-05:00"   # New York, the practice's zone
KICKOFF_SENT = "2026-12-07T09:05:00-05:00"


@pytest.fixture
def monday_bot(tmp_path: Path, fake_slack: FakeSlack, migrated_sqlite: Path
               ) -> Iterator[RunningBot]:
    shutil.copyfile(migrated_sqlite, tmp_path / "showup.db")
    running = start_bot(tmp_path, fake_slack, at=MONDAY_MORNING)
    yield running
    stop_bot(running)


def say(slack: SlackSimulator, fake: FakeSlack, user: str, text: str) -> dict[str, Any]:
    slack.command(user, text)
    return dict(responded(fake, slack).args)


def test_the_kickoff_carries_an_idea_and_a_click_commits_it(
        tmp_path: Path, fake_slack: FakeSlack, monday_bot: RunningBot) -> None:
    slack = SlackSimulator(monday_bot.url, SIGNING_SECRET, fake_slack.url + "/")
    added = say(slack, fake_slack, "U0OWNER", "admin ideas add offer a talk on anxious kids "
                                              "and sleep at a PTA kind:school niche:anxiety "
                                              "shows:problem-solving")
    assert added["text"].startswith("💡 Added idea 101: Offer a talk on anxious kids")
    refused = say(slack, fake_slack, "U0ALEX", "admin ideas remove 1")
    assert refused["text"].startswith("Only the practice owner or an admin can do that.")

    say(slack, fake_slack, "U0ALEX", "plan niche anxious kids and their parents")
    say(slack, fake_slack, "U0ALEX", "plan referrers pediatricians, school counselors")
    listing = say(slack, fake_slack, "U0ALEX", "ideas")
    assert section_texts(listing).startswith("💡 Ideas that fit your plan (anxiety, kids · "
                                             "pediatrician, school):")
    offered = buttons(listing)
    assert len(offered) == 5 and all(value.startswith("commit ") for _, value in offered)
    assert offered[0][0].startswith("1. Offer a talk on anxious kids and sleep")  # their own
    unknown = say(slack, fake_slack, "U0ALEX", "ideas astrologers")
    assert "I don't know “astrologers” as a referrer or a niche" in unknown["text"]

    run_tick(tmp_path, KICKOFF_SENT, SLACK_BOT_TOKEN=BOT_TOKEN,
             SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake_slack.api_url)
    [kickoff] = [call.args for call in fake_slack.calls_to("chat.postMessage")
                 if str(call.args.get("metadata") or "").find("kickoff:") >= 0]
    assert FakeSlack.conversation_of(kickoff["channel"]) == "D0ALEX"
    text = section_texts(kickoff)
    assert [line for line in text.split("\n") if line.startswith("💡")] == [
        next(line for line in text.split("\n") if line.startswith("💡 An idea that fits: "))]
    ideas = [(label, value) for label, value in buttons(kickoff) if label.startswith("💡")]
    assert len(ideas) == 1 and ideas[0][1].startswith("commit ")
    assert ideas[0][1].endswith(" source:none")
    index = buttons(kickoff).index(ideas[0])

    slack.click("U0ALEX", ideas[0][1], index=index)
    committed = responded(fake_slack, slack).args["text"]
    assert committed.startswith("📌 Committed #1: This week (by Friday), I will ")
    with sqlite3.connect(monday_bot.database) as db:
        [(what, status, source)] = db.execute(
            "SELECT what, status, source FROM commitments JOIN accountability_log "
            "ON accountability_log.commitment_id = commitments.id").fetchall()
    assert status == "open" and source == "button"
    assert ideas[0][1].removeprefix("commit ").startswith(what)
