"""Commitments echoed back as intentions that read as English."""

from __future__ import annotations

import pytest

from bot import wording
from bot.phrasing import intention, verb_phrase
from bot.practice_calendar import choose_zone


@pytest.mark.parametrize(("typed", "said"), [
    ("lunch-and-learn at Valley Family Medicine", "do a lunch-and-learn at Valley Family Medicine"),
    ("Lunch and learn for the nurses", "do a lunch and learn for the nurses"),
    ("coffee with Pastor Dan", "have coffee with Pastor Dan"),
    ("Coffee with the Lakeside nurse manager", "have coffee with the Lakeside nurse manager"),
    ("lunch with Dr. Lee", "have lunch with Dr. Lee"),
    ("talk at the Rotary Club", "give a talk at the Rotary Club"),
    ("a talk at the PTA", "give a talk at the PTA"),
    ("in-service for the nurses", "give an in-service for the nurses"),
    ("workshop on grief for hospice volunteers", "run a workshop on grief for hospice volunteers"),
    ("podcast interview on teen sleep", "do a podcast interview on teen sleep"),
    ("article for the Grace Church newsletter",
     "write an article for the Grace Church newsletter"),
    ("thank-you note to Dr. Patel", "send a thank-you note to Dr. Patel"),
    ("networking event at the Chamber", "go to a networking event at the Chamber"),
    ("case consultation with the care team", "hold a case consultation with the care team"),
    # Already something one does: left as typed.
    ("visit Sunrise Pediatrics", "visit Sunrise Pediatrics"),
    ("talk to the school counselor", "talk to the school counselor"),
    ("follow up with Dr. Patel", "follow up with Dr. Patel"),
    ("drop off brochures at Lincoln Middle", "drop off brochures at Lincoln Middle"),
    ("meet the school counselor", "meet the school counselor"),
])
def test_an_activity_noun_gets_a_verb(typed: str, said: str) -> None:
    assert verb_phrase(typed) == said


def test_a_day_leads_and_a_situation_is_kept() -> None:
    assert intention("tomorrow", "visit Sunrise Pediatrics", False) == \
        "Tomorrow, I will visit Sunrise Pediatrics."
    assert intention("this week (by Friday)", "coffee with Pastor Dan", False) == \
        "This week (by Friday), I will have coffee with Pastor Dan."
    assert intention("I'm at Lincoln Middle on Tuesday", "meet the counselor", True) == \
        "When I'm at Lincoln Middle on Tuesday, I will meet the counselor."


def test_counts_read_right() -> None:
    assert [wording.points(n) for n in (1, 2)] == ["1 pt", "2 pts"]
    assert wording.week_streak(2) == "2-week streak"


@pytest.mark.parametrize(("typed", "zone"), [
    ("America/New_York", "America/New_York"), ("america/chicago", "America/Chicago"),
    ("US/Eastern", "America/New_York"), ("Europe/London", "Europe/London"),
])
def test_a_zone_with_daylight_rules_is_taken(typed: str, zone: str) -> None:
    assert choose_zone(typed) == (zone, None)


@pytest.mark.parametrize(("typed", "suggested"), [
    ("EST", "America/New_York"), ("pst", "America/Los_Angeles"), ("CST", "America/Chicago"),
    ("MST", "America/Denver"), ("UTC", "Europe/London"), ("Etc/GMT+5", "America/Chicago"),
])
def test_an_abbreviation_or_fixed_offset_gets_a_suggestion(typed: str, suggested: str) -> None:
    zone, advice = choose_zone(typed)
    assert zone is None and advice is not None and suggested in advice


def test_no_zone_at_all() -> None:
    assert choose_zone("Narnia/Cair_Paravel") == (None, None)
