"""Issue 17, item 5: a clinician's own target for the quarter — set, shown with progress in
`goal` and `streak`, cleared; in the owner's report, never on the board. On SQLite and
PostgreSQL, the clock pinned (quarter boundaries at fixed instants)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text

from bot.clock import MovableClock
from tests.conftest import Conversation

NEW_YORK = ZoneInfo("America/New_York")
USAGE = "Usage: /outreach goal [30 pts | 6 activities | off]"


def goals_stored(engine: Engine) -> list[tuple[str, int, str]]:
    with engine.connect() as conn:
        return [(str(q), t, u) for q, t, u in conn.execute(text(
            "SELECT quarter, target, unit FROM personal_goals ORDER BY id"))]


def test_a_goal_is_set_shown_with_progress_and_cleared(chat: Conversation,
                                                       engine: Engine) -> None:
    assert chat.say("Alex", "goal").startswith("🎯 You have no goal for Q4 2026 yet.")
    assert chat.say("Alex", "goal 30 pts").startswith(
        "🎯 Goal set for Q4 2026: 0 of 30 points so far this quarter, 4 weeks left.")
    for done in ("lunch-and-learn at Valley Family Medicine", "talk at the Rotary Club",
                 "visit Sunrise Pediatrics"):
        chat.say("Alex", f"log {done} today")   # 4 + 5 + 3 pts
    assert chat.say("Alex", "goal") == \
        "🎯 Your goal for Q4 2026: 12 of 30 points so far this quarter, 4 weeks left."
    assert chat.say("Alex", "streak").endswith(
        "\n🎯 Your goal: 12 of 30 points so far this quarter, 4 weeks left.")
    assert "🎯" not in chat.say("Sam", "streak")   # Sam has none
    assert "3 of 6 activities so far" in chat.say("Alex", "goal 6 activities")
    assert goals_stored(engine) == [("2026-10-01", 6, "activities")]   # replaced, not added
    assert "goal reached 🎉" in chat.say("Alex", "target 3 activities")
    assert chat.say("Alex", "goal off").startswith("🎯 Goal for Q4 2026 cleared.")
    assert goals_stored(engine) == []
    assert "nothing to clear" in chat.say("Alex", "goal off")
    assert chat.last is not None and chat.last.ok and chat.last.private   # kept private


@pytest.mark.parametrize("said", [
    "goal lots", "goal 0", "goal -3", "goal 1001 pts", "goal 251 activities",
    "goal 30 apples", "goal 3.5", "goal 30 pts 6 activities", "target pts 30",
])
def test_a_malformed_goal_gets_the_usage_and_changes_nothing(
        chat: Conversation, engine: Engine, said: str) -> None:
    chat.say("Alex", "goal 30 pts")
    answer = chat.say("Alex", said)
    assert chat.last is not None and not chat.last.ok
    assert USAGE in answer and len(answer.splitlines()) == 2
    assert goals_stored(engine) == [("2026-10-01", 30, "points")]


def test_the_owner_reads_each_goal_in_the_report_and_nobody_on_the_board(
        chat: Conversation) -> None:
    chat.say("Alex", "goal 30 points")
    chat.say("Sam", "goal: 6 activities")
    chat.say("Alex", "log talk at the Rotary Club today")
    chat.say("Sam", "log visit Sunrise Pediatrics today")
    report = chat.say("Owner", "admin report")
    assert "streak 1 · no plan yet this quarter · goal 5/30 pts" in report.split("• Alex")[1]
    assert "streak 1 · no plan yet this quarter · goal 1/6 activities" in \
        report.split("• Sam")[1]
    assert chat.say("Owner", "report quarter").count("· goal ") == 2
    for who in ("Alex", "Sam", "Owner"):
        for period in ("", "quarter", "month"):
            board = chat.say(who, f"board {period}")
            assert "/30" not in board and "of 30" not in board and "goal 1/6" not in board
    assert "Only the practice owner or an admin" in chat.say("Sam", "report")


def test_a_goal_belongs_to_its_quarter(chat: Conversation, clock: MovableClock) -> None:
    """The last day of Q4, its last minutes, midnight, a Sunday and the first Monday of Q1;
    Sam in London is in Q1 while New York still has half an hour of Q4."""
    clock.move_to(datetime(2026, 12, 20, 12, 0, tzinfo=NEW_YORK))   # a Sunday
    assert "0 of 20 points so far this quarter, 12 days left" in chat.say("Alex", "goal 20")
    clock.move_to(datetime(2026, 12, 31, 23, 30, tzinfo=NEW_YORK))
    chat.say("Alex", "log visit Sunrise Pediatrics today")
    assert chat.say("Alex", "goal") == ("🎯 Your goal for Q4 2026: 3 of 20 points so far this "
                                        "quarter, today is the quarter's last day.")
    assert "for Q1 2027: 0 of 10 points" in chat.say("Sam", "goal 10", tz="Europe/London")
    clock.move_to(datetime(2027, 1, 1, 0, 0, tzinfo=NEW_YORK))      # midnight: Q1
    assert chat.say("Alex", "goal").startswith("🎯 You have no goal for Q1 2027 yet.")
    assert "🎯" not in chat.say("Alex", "streak")
    clock.move_to(datetime(2027, 1, 3, 21, 0, tzinfo=NEW_YORK))     # Sunday
    assert "You have no goal for Q1 2027" in chat.say("Alex", "goal")
    clock.move_to(datetime(2027, 1, 4, 9, 0, tzinfo=NEW_YORK))      # the first Monday
    assert "You have no goal for Q1 2027" in chat.say("Alex", "goal")
    assert "goal 0/10 pts" in chat.say("Owner", "report quarter").split("• Sam")[1]
    last = chat.say("Owner", "report last quarter")
    assert "goal 3/20 pts" in last.split("• Alex")[1] and "goal 0/10" not in last
    chat.say("Alex", "goal 8 activities")
    assert "nothing to clear" not in chat.say("Alex", "goal off")
    assert "goal 3/20 pts" in chat.say("Owner", "report last quarter")   # Q4's stays
