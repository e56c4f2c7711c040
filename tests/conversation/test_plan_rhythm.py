"""The quarterly plan as people really use it: looking is not starting, and the prompt stops
once the plan is in. Played through `python app.py console` with the clock pinned."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.process import console

A_PLAN = ["plan niche anxious kids 6-12 and their parents",
          "plan referrers pediatricians, school counselors",
          "plan add lunch-and-learn at Sunrise Pediatrics", "plan add talk at the Jefferson PTA",
          "plan add coffee with the Lincoln Middle counselors",
          "plan add article for the Grace Church newsletter", "plan submit"]


def plans(tmp_path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "showup.db") as db:
        return db.execute("SELECT member_id, quarter, submitted_at IS NOT NULL FROM plans"
                          ).fetchall()


def dms_to(out: str, who: str) -> list[str]:
    return [line for line in out.splitlines() if f"📬 [DM to {who}]" in line]


def test_looking_at_a_plan_never_starts_one(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", ["plan", "plan submit", "plan remove 2"])
    assert "🗺 Community Connection Plan for Q4 2026" in out
    assert "Your plan has no activity 2." in out
    assert plans(tmp_path) == []

    january = console(tmp_path, "2027-01-04T08:00", [":clock 09:30", "plan"])
    prompt = next(line for line in dms_to(january, "alex") if "🗺" in line)
    assert "last quarter" not in january
    assert "Next step: Your niche — who do you help best?" in january
    assert prompt


def test_the_quarterly_prompt_stops_once_the_plan_is_in(tmp_path: Path) -> None:
    """Alex's quiet hours hold Monday's 09:00 messages until 11:00; the plan goes in at 08:40,
    so the held prompt is never sent, and neither is next Monday's. Bob, with no plan, is
    asked both Mondays; the owner, who records no outreach, is not a clinician and is not."""
    out = console(tmp_path, "2027-01-04T08:30", [
        ":as bob", "streak", ":as alex",
        "quiet 08:00-11:00", *A_PLAN, ":clock 11:30", ":clock 2027-01-11 11:30"])
    assert "🗺 Saved your plan for Q1 2027" in out
    assert [line for line in dms_to(out, "alex") if "🗺" in line] == []
    assert len([line for line in dms_to(out, "bob") if "🗺" in line]) == 2
    # The owner is asked to review Alex's plan (📝, tests/test_plan_review.py), not for one.
    assert [line for line in dms_to(out, "owner") if "🗺" in line] == []
    assert any("[Mon Jan 04 11:00]" in line for line in dms_to(out, "alex"))


def test_plan_progress_follows_what_people_do(tmp_path: Path) -> None:
    """Outreach that carries out a plan activity advances it without the plan's buttons: the
    same kind of activity at the same source, or the same thing in other words."""
    out = console(tmp_path, "2026-10-05T10:00", [
        "sources add Sunrise Pediatrics tier:A", "sources add Jefferson PTA tier:B",
        *A_PLAN,
        "commit lunch and learn for the Sunrise nurses thu",   # lunch at Sunrise: item 1
        "done #1",
        "log article for Grace Church's newsletter",           # item 4, other words
        "log visit Valley Family Medicine",                     # in no plan
        "plan",
        ":admin", "report quarter",
        ":clock 2027-01-04 09:30",                               # next quarter's prompt
    ])
    shown = out.split("alex> plan\n")[-1].split("alex>")[0]
    assert "1. lunch-and-learn at Sunrise Pediatrics — done ✅ (1)" in shown
    assert "2. talk at the Jefferson PTA — not started" in shown
    assert "4. article for the Grace Church newsletter — done ✅ (1)" in shown
    assert "• alex: made 1, kept 1, didn't happen 0, moved 0, open 0, logged 2" in out
    assert "plan 2/4 activities done" in out
    review = out.split("[Mon Jan 04 09:00] 📬 [DM to alex] 🗺")[1].split("\n[")[0]
    assert "What happened to last quarter's plan:" in review
    assert "1. lunch-and-learn at Sunrise Pediatrics — done ✅ (1)" in review
