"""Ideas that fit on Teams against the fake Bot Connector: `ideas` answered with a card of
one-tap commitments, Monday's kickoff card from `python app.py tick` offering one idea, and
a click on it committing it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.fakes.bot_connector import FakeBotConnector, card_texts
from tests.process import run_tick, stop_bot
from tests.teams.conftest import LOCAL_TEST, TeamsChat, start_teams_bot

pytestmark = pytest.mark.long

PRACTICE = {"SHOWUP_TIMEZONE": "America/Chicago"}


def test_the_kickoff_card_offers_an_idea_and_a_click_commits_it(
        tmp_path: Path, connector: FakeBotConnector, migrated_sqlite: Path) -> None:
    shutil.copyfile(migrated_sqlite, tmp_path / "showup.db")
    bot = start_teams_bot(tmp_path, at="2026-11-30T08:00:00-06:00", **PRACTICE)
    teams = TeamsChat(bot, connector)
    owner, dana = teams.user("Olivia Park"), teams.user("Dana Reyes")
    try:
        teams.send(owner.install())
        teams.send(dana.install())
        assert teams.say(owner, "admin ideas remove 2").text().startswith(
            "🗑 Hid idea 2 (peds-adhd-guide).")
        teams.say(dana, "plan niche couples and families going through divorce")
        teams.say(dana, "plan referrers family law attorneys, mediators")
        listing = teams.say(dana, "ideas")
        assert "Ideas that fit your plan (couples · legal)" in listing.text()
        assert listing.commands() and all(c.startswith("commit ") for c in listing.commands())
        assert "I don't know “astrologers”" in teams.say(dana, "ideas astrologers").text()
    finally:
        stop_bot(bot)
    before = len(connector.to(dana.chat))

    run_tick(tmp_path, "2026-11-30T09:05:00-06:00", **LOCAL_TEST, **PRACTICE)
    [kickoff] = connector.to(dana.chat)[before:]
    assert "Dana" in kickoff.text()
    [line] = [t for t in kickoff.text().split("\n") if t.startswith("💡")]
    assert line.startswith("💡 An idea that fits: ")
    assert "attorney" in line or "mediator" in line
    [idea] = [c for c in kickoff.commands() if c.endswith(" source:none")]
    assert {"commit", "streak"} <= set(kickoff.commands())

    bot = start_teams_bot(tmp_path, at="2026-11-30T09:10:00-06:00", **PRACTICE)
    teams = TeamsChat(bot, connector)
    try:
        done = " ".join(card_texts(teams.click(dana, idea)))
        assert "📌 Committed #1: This week (by Friday), I will " in done
        assert "#1" in teams.say(dana, "list").text()
    finally:
        stop_bot(bot)
