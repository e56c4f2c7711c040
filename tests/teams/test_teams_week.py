"""A Teams clinician's whole week against the fake Bot Connector: install, commitments,
the kickoff, check-in and wrap-up cards sent by `python app.py tick` processes, button
clicks answered in place, the team post in the chosen channel, and Monday's streak update.
ShowUp restarts mid-week; nothing is sent twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes.bot_connector import Channel, FakeBotConnector, card_commands, card_texts
from tests.process import run_tick, stop_bot
from tests.teams.conftest import LOCAL_TEST, TeamsChat, start_teams_bot

pytestmark = pytest.mark.long

PRACTICE = {"SHOWUP_TIMEZONE": "America/Chicago"}


def test_a_week_on_teams(tmp_path: Path, connector: FakeBotConnector) -> None:
    def tick(at: str) -> None:
        run_tick(tmp_path, at, **LOCAL_TEST, **PRACTICE)

    bot = start_teams_bot(tmp_path, at="2026-11-30T08:30:00-06:00", **PRACTICE)
    teams = TeamsChat(bot, connector)
    dana = teams.user("Dana Reyes")
    outreach = Channel("Outreach")
    try:
        teams.send(dana.install())
        teams.send(dana.channel_message("admin channel here", outreach))
        assert "📌 Committed #1" in teams.say(dana, "commit visit Sunrise Pediatrics wed").text()
        assert "📌 Committed #2" in teams.say(dana, "commit talk at Rotary Club thu").text()
    finally:
        stop_bot(bot)
    chat_before = len(connector.to(dana.chat))

    tick("2026-11-30T09:05:00-06:00")
    tick("2026-11-30T09:06:00-06:00")  # a second sender at the same minute sends nothing new
    kickoff = connector.to(dana.chat)[chat_before:]
    assert len(kickoff) == 1, [p.text() for p in kickoff]
    assert "Dana" in kickoff[0].text()
    assert {"commit", "streak"} <= set(kickoff[0].commands())

    tick("2026-12-02T12:05:00-06:00")
    checkin = connector.to(dana.chat)[chat_before + 1:]
    assert len(checkin) == 1 and "Sunrise Pediatrics" in checkin[0].text()

    bot = start_teams_bot(tmp_path, at="2026-12-04T15:10:00-06:00", **PRACTICE)
    teams = TeamsChat(bot, connector)
    try:
        tick("2026-12-04T15:05:00-06:00")
        wrapup = connector.to(dana.chat)[chat_before + 2:]
        assert len(wrapup) == 1, [p.text() for p in wrapup]
        assert {"done #1", "missed #2"} <= set(wrapup[0].commands())
        done = teams.click(dana, "done #1")
        assert "✅ Done: visit Sunrise Pediatrics" in " ".join(card_texts(done))
        assert "Streak: 1 week" in " ".join(card_texts(done))
        missed = teams.click(dana, "missed #2")
        assert "#2 is marked as didn't happen" in " ".join(card_texts(missed))
        assert card_commands(missed) == ["commit talk at Rotary Club next week"]
        assert "already done" in " ".join(card_texts(teams.click(dana, "done #1")))

        tick("2026-12-04T16:05:00-06:00")
        tick("2026-12-04T16:07:00-06:00")
        [team_post] = connector.to(outreach.channel_id)
        assert "visit Sunrise Pediatrics" in team_post.text()
        assert "Dana Reyes" not in team_post.text()
    finally:
        stop_bot(bot)

    tick("2026-12-07T09:05:00-06:00")
    monday = connector.to(dana.chat)[chat_before + 3:]
    texts = [p.text() for p in monday]
    assert any("streak" in t.lower() and "1 week" in t for t in texts), texts
    everything = [(p.conversation_id, p.text()) for p in connector.posted]
    assert len(everything) == len(set(everything)), "nothing is sent twice"


def test_a_channel_ShowUp_cannot_reach_is_explained_to_the_admins(
        tmp_path: Path, connector: FakeBotConnector) -> None:
    bot = start_teams_bot(tmp_path, at="2026-12-04T15:30:00-06:00", **PRACTICE)
    teams = TeamsChat(bot, connector)
    owner = teams.user("Olivia Park")
    try:
        teams.say(owner, "log visit Sunrise Pediatrics")
        assert "#outreach" in teams.say(owner, "admin channel #outreach").text()
    finally:
        stop_bot(bot)
    before = len(connector.to(owner.chat))
    run_tick(tmp_path, "2026-12-04T16:05:00-06:00", **LOCAL_TEST, **PRACTICE)
    run_tick(tmp_path, "2026-12-04T16:06:00-06:00", **LOCAL_TEST, **PRACTICE)
    [help_message] = connector.to(owner.chat)[before:]
    assert "couldn't post the weekly team update in #outreach" in help_message.text()
    assert "@ShowUp admin channel here" in help_message.text()
    assert "/invite" not in help_message.text()
