"""What a clinician reads is English: days lead, activities get verbs, counts agree, and
nothing claims maths ShowUp doesn't do. Through `python app.py console`, clock pinned."""

from __future__ import annotations

from pathlib import Path

from tests.process import console


def test_the_echo_reads_like_a_sentence(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", [
        "commit visit Sunrise Pediatrics tomorrow",
        "commit lunch-and-learn at Valley Family Medicine fri",
        "commit coffee with Pastor Dan at Grace Church thu",
        "When I'm at Lincoln Middle on Thursday, I will meet the school counselor",
        "log thank-you note to Dr. Patel's front desk",
    ])
    assert "📌 Committed #1: Tomorrow, I will visit Sunrise Pediatrics." in out
    assert "📌 Committed #2: Friday, I will do a lunch-and-learn at Valley Family Medicine." \
        in out
    assert "Lunch-and-learn · 4 pts · due Friday." in out
    assert "📌 Committed #3: Thursday, I will have coffee with Pastor Dan at Grace Church." in out
    assert ("📌 Committed #4: When I'm at Lincoln Middle on Thursday, I will meet the school "
            "counselor.") in out
    assert "(Follow-up note, +1 pt)." in out
    assert "When tomorrow" not in out and "1 pts" not in out


def test_a_comeback_is_welcomed_without_made_up_maths(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-11-02T10:00", [
        "log visit Sunrise Pediatrics today",
        ":clock 2026-11-30 10:00",  # four quiet weeks: the freeze covers one, then it breaks
        "log visit Sunrise Pediatrics today", "streak",
    ])
    assert "💪 Welcome back" in out
    assert "count double" not in out


def test_a_zone_without_daylight_rules_gets_a_better_one(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-12-01T10:00", ["timezone EST", "timezone America/New_York",
                                                 ":admin", "admin timezone UTC"])
    assert ("EST never changes for daylight saving (or isn't a place), so nudges would come "
            "an hour off for half the year. Use a place's zone instead, for example "
            "America/New_York.") in out
    assert "🕘 Your time zone is now America/New_York." in out
    assert "for example Europe/London." in out
