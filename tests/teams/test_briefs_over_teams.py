"""Issue 17 on Teams, against the fake Bot Connector: after a quarter closes, a `python app.py
tick` process sends the owner the briefs card; its button answers with the whole brief in
place. A personal goal shows in the clinician's own chat and the owner's brief only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes.bot_connector import Channel, FakeBotConnector, card_commands, card_texts
from tests.process import run_tick, stop_bot
from tests.teams.conftest import LOCAL_TEST, TeamsChat, start_teams_bot

pytestmark = pytest.mark.long

PRACTICE = {"SHOWUP_TIMEZONE": "America/Chicago"}


def test_the_owner_gets_each_clinicians_brief_on_teams(tmp_path: Path,
                                                        connector: FakeBotConnector) -> None:
    bot = start_teams_bot(tmp_path, at="2026-12-01T10:00:00-06:00", **PRACTICE)
    teams = TeamsChat(bot, connector)
    owner, dana = teams.user("Olivia Park"), teams.user("Dana Reyes")
    outreach = Channel("Outreach")
    try:
        teams.send(owner.install())
        teams.send(owner.channel_message("admin channel here", outreach))
        teams.send(dana.install())
        assert "0 of 12 points" in teams.say(dana, "goal 12 pts").text()
        teams.say(dana, "log visit Sunrise Pediatrics today")
        teams.say(dana, "commit talk at the Rotary Club today")
        assert "✅ Done" in teams.say(dana, "done they asked for a second talk").text()
        assert "🎯 Your goal: 8 of 12 points" in teams.say(dana, "streak").text()
    finally:
        stop_bot(bot)
    before = len(connector.to(owner.chat))
    run_tick(tmp_path, "2026-12-04T16:05:00-06:00", **LOCAL_TEST, **PRACTICE)   # Friday post
    run_tick(tmp_path, "2027-01-04T09:05:00-06:00", **LOCAL_TEST, **PRACTICE)
    run_tick(tmp_path, "2027-01-11T09:05:00-06:00", **LOCAL_TEST, **PRACTICE)
    [briefs] = [p for p in connector.to(owner.chat)[before:] if "📋" in p.text()]
    assert "Q4 2026" in briefs.text()
    assert "• Dana Reyes: 2 activities, 8 pts · no plan · streak 0 · 0 comebacks · " \
           "goal 8/12 pts" in briefs.text()
    assert briefs.commands() == ["admin brief last quarter Dana Reyes"]
    [post] = connector.to(outreach.channel_id)
    assert "12" not in post.text() and "🎯" not in post.text()

    bot = start_teams_bot(tmp_path, at="2027-01-11T10:00:00-06:00", **PRACTICE)
    teams = TeamsChat(bot, connector)
    try:
        card = teams.click(owner, "admin brief last quarter Dana Reyes")
        text = "\n".join(card_texts(card))
        assert text.startswith("📋 One-to-one brief — Dana Reyes, Q4 2026 (Oct 1 – Dec 31, "
                               "closed)")
        assert "Personal goal: 8 of 12 points" in text
        assert "• Dec 1 (done) talk at the Rotary Club: they asked for a second talk" in text
        assert "Files can't be sent to you on Teams yet" in text
        assert card_commands(card) == ["admin brief last quarter"]
        refused = teams.click(dana, "admin brief last quarter Dana Reyes")
        assert "Only the practice owner or an admin" in " ".join(card_texts(refused))
    finally:
        stop_bot(bot)
