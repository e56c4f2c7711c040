"""The quarterly Community Connection Plan, step by step, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, text

from bot.clock import MovableClock
from tests.conftest import Conversation


def test_a_plan_guided_step_by_step_then_submitted(chat: Conversation, engine: Engine) -> None:
    chat.say("Owner", "admin channel outreach")
    start = chat.say("Alex", "plan")
    assert start.startswith("🗺 Community Connection Plan for Q4 2026")
    assert "Next step: Your niche" in start
    assert "Next step: The referrers" in chat.say("Alex", "plan niche anxious teens")
    assert "you have 0" in chat.say("Alex", "plan referrers pediatricians, school counselors")
    for activity in ("lunch-and-learn at Valley Family Medicine", "talk at Lincoln PTA",
                     "visit Sunrise Pediatrics", "consult with Lincoln Middle counselors"):
        reply = chat.say("Alex", f"plan add {activity}")
    assert "All there. Review it, then /outreach plan submit" in reply
    assert "4. consult with Lincoln Middle counselors" in reply
    assert "Saved your plan for Q4 2026 and shared it with the team" in chat.say(
        "Alex", "plan submit")
    shown = chat.say("Alex", "plan")
    assert "1. lunch-and-learn at Valley Family Medicine — not started" in shown
    assert chat.last is not None
    first = chat.last.buttons[0]
    assert first.command.startswith("commit lunch-and-learn at Valley Family Medicine plan:")
    assert "📌 Committed" in chat.say("Alex", first.command + " thu")
    chat.say("Alex", "done")
    assert "1. lunch-and-learn at Valley Family Medicine — done ✅ (1)" in chat.say("Alex", "plan")
    report = chat.say("Owner", "admin report quarter")
    assert "plan 1/4 activities done" in report.split("• Alex")[1]
    assert "• Owner" not in report  # an owner with no outreach of their own has no row
    with engine.connect() as conn:
        assert conn.execute(text(
            "SELECT count(*) FROM deliveries WHERE kind = 'planshared'")).scalar_one() == 1


def test_plan_input_is_checked(chat: Conversation, engine: Engine) -> None:
    for line in ("plan frobnicate", "plan niche", "plan remove x", "plan remove 3",
                 "plan submit", "plan niche my client Jane Doe", "plan add " + "x" * 300):
        chat.say("Alex", line)
        assert chat.last is not None and not chat.last.ok, line
    for n in range(6):
        chat.say("Alex", f"plan add activity number {n}")
    assert "A plan holds 6 activities" in chat.say("Alex", "plan add one more")
    assert "That isn't one of the activities" in chat.say("Sam", "commit visit plan:1 thu")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT niche FROM plans")).scalars().all() == [""]


def test_next_quarter_reviews_the_last_plan(chat: Conversation, clock: MovableClock) -> None:
    chat.say("Alex", "plan niche grieving adults")
    chat.say("Alex", "plan add talk at the library")
    clock.move_by(timedelta(days=40))
    review = chat.say("Alex", "plan")
    assert "Community Connection Plan for Q1 2027" in review
    assert "Last quarter:" in review and "1. talk at the library — not started" in review
    assert "Next step: What happened to last quarter's plan?" in review
    assert "Next step: Your niche" in chat.say("Alex", "plan update the library talk moved")
