"""Where `:clock …` moves the console's clock: relative forms read from the practice's now."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.console.session import clock_target

NY = "America/New_York"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(NY))


SUNDAY_MORNING = "2026-11-29T10:00"
FRIDAY_EVENING = "2026-12-04T16:00"
JUST_AFTER_MONDAY_MIDNIGHT = "2026-11-30T00:05"


@pytest.mark.parametrize("now, spec, expected", [
    (SUNDAY_MORNING, "+3d", "2026-12-02T10:00"),
    (SUNDAY_MORNING, "+ 90m", "2026-11-29T11:30"),
    (SUNDAY_MORNING, "+1w", "2026-12-06T10:00"),
    (SUNDAY_MORNING, "15:00", "2026-11-29T15:00"),
    (SUNDAY_MORNING, "09:30", "2026-11-30T09:30"),
    (SUNDAY_MORNING, "tomorrow 9:00", "2026-11-30T09:00"),
    (SUNDAY_MORNING, "next friday 15:00", "2026-12-04T15:00"),
    (SUNDAY_MORNING, "fri 3pm", "2026-12-04T15:00"),
    (SUNDAY_MORNING, "mon", "2026-11-30T00:00"),
    (SUNDAY_MORNING, "2026-12-04 15:00", "2026-12-04T15:00"),
    (FRIDAY_EVENING, "fri 15:00", "2026-12-11T15:00"),   # this Friday's 15:00 has gone
    (FRIDAY_EVENING, "friday 17:00", "2026-12-04T17:00"),
    (FRIDAY_EVENING, "next friday 15:00", "2026-12-11T15:00"),
    (FRIDAY_EVENING, "tomorrow 9:00", "2026-12-05T09:00"),
    (FRIDAY_EVENING, "today 9:00", "2026-12-04T09:00"),  # in the past: the session says so
    (JUST_AFTER_MONDAY_MIDNIGHT, "mon 9:00", "2026-11-30T09:00"),
    (JUST_AFTER_MONDAY_MIDNIGHT, "mon", "2026-12-07T00:00"),
    (JUST_AFTER_MONDAY_MIDNIGHT, "sun 23:00", "2026-12-06T23:00"),
    (JUST_AFTER_MONDAY_MIDNIGHT, "-1d", "2026-11-29T00:05"),
])
def test_clock_targets(now: str, spec: str, expected: str) -> None:
    assert clock_target(spec, at(now), NY) == at(expected)


@pytest.mark.parametrize("spec", ["yesterday-ish", "+3y", "fri 25:00", "soon"])
def test_what_the_clock_does_not_read(spec: str) -> None:
    assert clock_target(spec, at(SUNDAY_MORNING), NY) is None


def test_the_practice_zone_decides_what_today_is() -> None:
    """Monday 00:05 in New York is still Sunday in Los Angeles."""
    now = at(JUST_AFTER_MONDAY_MIDNIGHT)
    la = ZoneInfo("America/Los_Angeles")
    assert clock_target("tomorrow 9:00", now, "America/Los_Angeles") == \
        datetime(2026, 11, 30, 9, 0, tzinfo=la)
