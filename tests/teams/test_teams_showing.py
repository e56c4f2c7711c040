"""What did that show? on Teams: the done card carries the question as card actions, each
carrying its command; a click (adaptiveCard/action) stores the tag; someone else's item is
answered as a stale command is. Read off the fake Bot Connector and ShowUp's database."""

from __future__ import annotations

import sqlite3

from tests.fakes.bot_connector import card_commands, card_texts
from tests.teams.conftest import TeamsChat

QUESTION = ["showed #1 empathy", "showed #1 relationship", "showed #1 problem-solving",
            "showed #1 skip"]


def showings(teams: TeamsChat) -> list[tuple[object, ...]]:
    with sqlite3.connect(teams.bot.database) as db:
        return db.execute("SELECT c.number, s.tags, s.shared FROM showings s JOIN commitments c "
                          "ON c.id = s.commitment_id ORDER BY c.number").fetchall()


def test_the_done_card_asks_and_a_click_stores_the_tag(teams: TeamsChat) -> None:
    sam = teams.user("Sam Ortiz")
    teams.say(sam, "commit visit Sunrise Pediatrics friday")
    done = teams.click(sam, "done #1")
    assert card_texts(done)[-1] == "💬 What did that show? Tap any that fit — optional."
    assert card_commands(done) == QUESTION
    noted = teams.click(sam, "showed #1 empathy")
    assert card_texts(noted) == ["🏷️ Noted: #1 showed empathy."]
    assert card_commands(noted) == ["showed #1 relationship", "showed #1 problem-solving"]
    assert showings(teams) == [(1, "empathy", 0)]
    dana = teams.user("Dana Reyes")
    stale = teams.click(dana, "showed #1 problem-solving")
    assert " ".join(card_texts(stale)).startswith("I can't find #1 among your commitments")
    assert card_commands(stale) == []
    assert showings(teams) == [(1, "empathy", 0)]


def test_a_typed_answer_a_share_and_the_mix(teams: TeamsChat) -> None:
    sam = teams.user("Sam Ortiz")
    logged = teams.say(sam, "log talk at the Rotary Club")
    assert logged.commands() == QUESTION
    noted = teams.say(sam, "showed #1 relationship building, ps")
    assert "🏷️ Noted: #1 showed relationship · problem-solving." in noted.text()
    assert noted.commands() == ["showed #1 empathy", "share #1"]
    shared = teams.click(sam, "share #1")
    assert " ".join(card_texts(shared)).startswith("🌟 Friday's team post may carry #1")
    assert showings(teams) == [(1, "relationship,problem-solving", 1)]
    assert "This quarter you showed: empathy 0 · relationship 1 · problem-solving 1" in \
        teams.say(sam, "list all").text()
