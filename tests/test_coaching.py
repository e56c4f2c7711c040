"""The coaching loop as conversations with the core, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, text

from bot.clock import MovableClock
from tests.conftest import Conversation


def test_commit_echoes_an_implementation_intention(chat: Conversation) -> None:
    reply = chat.say("Alex", "commit visit Sunrise Pediatrics thu")
    assert reply.startswith("📌 Committed #")
    assert "Thursday, I will visit Sunrise Pediatrics." in reply
    assert "Referral-source visit · 3 pts" in reply
    assert chat.last is not None
    assert [b.label for b in chat.last.buttons] == ["Done", "Didn't happen", "Move to next week"]


def test_if_then_commitment_keeps_the_situation(chat: Conversation) -> None:
    reply = chat.say("Alex", "When I'm at Lincoln Middle on Tuesday, I will meet the school "
                             "counselor")
    assert "When I'm at Lincoln Middle on Tuesday, I will meet the school counselor." in reply


def test_week_of_outreach_streak_and_board(chat: Conversation, clock: MovableClock) -> None:
    first = chat.say("Alex", "commit visit Sunrise Pediatrics thu")
    second = chat.say("Alex", "commit lunch-and-learn at Valley Family Medicine fri")
    assert "Lunch-and-learn · 4 pts" in second
    number = first.split("#")[1].split(":")[0]
    clock.move_by(timedelta(days=3))
    done = chat.say("Alex", f"done #{number} left brochures with the front desk")
    assert done.startswith("✅ Done: visit Sunrise Pediatrics (+3 pts)")
    assert "Streak: 1 week" in done
    assert "🔥 Your streak: 1 week (best 1)." in chat.say("Alex", "streak")
    board = chat.say("Sam", "board")
    assert "This week: 1 piece of outreach, 3 pts, from 1 person." in board
    assert "Your part: nothing yet — one visit or one note counts." in board
    assert "Alex" not in board and "Sam" not in board
    listing = chat.say("Alex", "list")
    assert "lunch-and-learn at Valley Family Medicine" in listing
    assert "visit Sunrise" not in listing


def test_done_with_several_open_asks_which(chat: Conversation) -> None:
    chat.say("Alex", "commit visit Sunrise Pediatrics thu")
    chat.say("Alex", "commit podcast interview fri")
    reply = chat.say("Alex", "done")
    assert reply.startswith("Which one?")
    assert chat.last is not None and not chat.last.ok
    assert "Streak: 0" not in reply


def test_stale_done_is_answered_not_counted(chat: Conversation) -> None:
    number = chat.say("Alex", "commit visit Sunrise Pediatrics thu").split("#")[1].split(":")[0]
    chat.say("Alex", f"done {number}")
    again = chat.say("Alex", f"done {number}")
    assert "already done — nothing changed" in again
    assert "3 pts" in chat.say("Alex", "board")
    assert "Your part: 3 pts (1 activity) — thank you." in chat.say("Alex", "board")


def test_someone_elses_commitment_is_out_of_reach(chat: Conversation) -> None:
    number = chat.say("Alex", "commit visit Sunrise Pediatrics thu").split("#")[1].split(":")[0]
    reply = chat.say("Sam", f"done {number}")
    assert f"I can't find #{number} among your commitments" in reply
    assert "No outreach recorded yet" in chat.say("Alex", "board")


def test_another_workspace_cannot_see_or_touch_commitments(chat: Conversation,
                                                         clock: MovableClock) -> None:
    number = chat.say("Alex", "commit visit Sunrise Pediatrics thu").split("#")[1].split(":")[0]
    other = Conversation(chat.coach, clock, team="T2")
    assert f"I can't find #{number}" in other.say("Alex", f"done {number}")
    assert "No open commitments" in other.say("Alex", "list")


def test_missed_is_warm_and_offers_a_retry(chat: Conversation) -> None:
    chat.say("Alex", "commit visit Sunrise Pediatrics thu")
    reply = chat.say("Alex", "didn't happen")
    assert "weeks like that happen" in reply
    assert chat.last is not None
    assert chat.last.buttons[0].command == "commit visit Sunrise Pediatrics next week"


def test_move_rolls_to_next_week(chat: Conversation) -> None:
    chat.say("Alex", "commit visit Sunrise Pediatrics thu")
    reply = chat.say("Alex", "move")
    assert "Moved to next week" in reply
    assert "Thu Dec 10" in reply or "Thursday" in reply
    assert "visit Sunrise Pediatrics" in chat.say("Alex", "list")


def test_log_counts_unplanned_outreach(chat: Conversation) -> None:
    reply = chat.say("Alex", "log coffee with Pastor Jim at St. Mark's yesterday")
    assert reply.startswith("🙌 Logged #")
    assert "Streak: 0" in reply or "Streak: 1" in reply


def test_pause_and_resume(chat: Conversation, clock: MovableClock) -> None:
    paused = chat.say("Alex", "pause until dec 18")
    assert paused.startswith("🌴 Paused through")
    assert "You're paused" in chat.say("Alex", "streak")
    clock.move_by(timedelta(days=2))
    assert chat.say("Alex", "resume").startswith("👋 Welcome back")
    assert "not paused" in chat.say("Alex", "resume")


def test_admin_settings_need_an_admin(chat: Conversation) -> None:
    assert "Only the practice owner or an admin" in chat.say("Alex", "admin goal 300")
    assert "Team goal set to 300" in chat.say("Owner", "admin goal 300")
    assert "/300 pts" in chat.say("Alex", "board")
    assert "kickoff now goes out Tue 08:30" in chat.say("Owner", "admin rhythm kickoff tue 8:30")
    assert "Working days: Mon, Tue, Wed, Thu" in chat.say("Owner", "admin days mon-thu")
    assert "America/Chicago" in chat.say("Owner", "admin timezone america/chicago")
    assert "Added open-house" in chat.say("Owner", "admin activity add open-house 4 Open house")
    assert "open-house — Open house: 4 pts" in chat.say("Owner", "admin activity list")
    assert "now worth 6 pts" in chat.say("Owner", "admin activity points open-house 6")
    assert "Retired open-house" in chat.say("Owner", "admin activity remove open-house")
    chat.say("Alex", "list")
    assert "Alex is now an admin" in chat.say("Owner", "admin role alex admin")
    assert "Team goal: 300" in chat.say("Alex", "admin")


def test_report_shows_each_member(chat: Conversation) -> None:
    chat.say("Alex", "commit visit Sunrise Pediatrics thu")
    chat.say("Alex", "done")
    chat.say("Sam", "commit talk at the Rotary club fri")
    chat.say("Sam", "missed")
    assert chat.say("Owner", "report month").startswith("📋 Report — this month")
    assert "Only the practice owner or an admin" in chat.say("Sam", "report")
    report = chat.say("Owner", "admin report")
    assert "Alex: made 1, kept 1, didn't happen 0" in report
    assert "Sam: made 1, kept 0, didn't happen 1" in report


def test_the_report_counts_long_streaks_and_short_ones_alike(
        chat: Conversation, clock: MovableClock) -> None:
    """The report reads a year of streaks at once; longer ones are counted in full."""
    for week in range(70):
        if week >= 60:
            chat.say("Sam", "log talk at the Rotary club")
        chat.say("Alex", "log visit Sunrise Pediatrics")
        clock.move_by(timedelta(weeks=1))
    clock.move_by(timedelta(weeks=-1))
    report = chat.say("Owner", "admin report")
    alex = chat.say("Alex", "streak")
    sam = chat.say("Sam", "streak")
    assert "Your streak: 70 weeks" in alex and "Your streak: 10 weeks" in sam
    assert "streak 70 ·" in report and "streak 10 ·" in report


def test_malformed_input_explains_and_saves_nothing(chat: Conversation, engine: Engine) -> None:
    for line in ("frobnicate", "done #abc", "board yearly", "commit", "commit on thu",
                 "commit visit Sunrise 2020-01-01", "admin goal lots", "pause until never",
                 "x" * 5000, "commit " + "word " * 100):
        reply = chat.say("Alex", line)
        assert chat.last is not None and not chat.last.ok, line
        assert reply.strip(), line
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM commitments")).scalar_one() == 0


def test_client_details_are_refused_and_never_stored(chat: Conversation, engine: Engine) -> None:
    reply = chat.say("Alex", "commit visit with my client Jane Doe, DOB 04/12/1988 thu")
    assert reply.startswith("🔒 I didn't save that")
    assert "Jane" not in reply and "1988" not in reply
    chat.say("Alex", "commit visit Sunrise Pediatrics thu")
    assert "🔒" in chat.say("Alex", "done great talk about my client Jane's progress")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT what, when_where, reflection FROM commitments")).all()
    assert [r[0] for r in rows] == ["visit Sunrise Pediatrics"]
    assert all("Jane" not in str(r) for r in rows)


def test_quiet_hours_are_set_and_cleared(chat: Conversation) -> None:
    assert "Quiet hours 19:00–08:00" in chat.say("Alex", "quiet 19:00-08:00")
    assert "Quiet hours are off" in chat.say("Alex", "quiet off")
    assert "Quiet hours look like" in chat.say("Alex", "quiet whenever")
