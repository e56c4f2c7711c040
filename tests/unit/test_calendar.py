"""Calendar maths in a member's own zone: local days and weeks (DST-safe), periods, quarters."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.practice_calendar import (
    Period,
    add_months,
    canonical_zone,
    is_known_zone,
    last_working_day,
    local_now,
    local_today,
    period_bounds,
    quarter_label,
    quarter_start,
    short_range,
    week_start,
    weeks_between,
    zone,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- local days and weeks across DST transitions -----------------------------------------
#
# Every transition below falls on a Sunday, the last day of an ISO week, so the instants are
# checked at 23:30 and 00:30 local on both sides of the change: Saturday night → Sunday
# (before the change) and Sunday night → Monday (after it, when the week rolls over). The
# UTC instants are worked out by hand from the offsets, not with zoneinfo, so a wrong offset
# lands on the wrong local day or minute.

DST_CASES = [
    # zone, UTC instant, expected local wall time, expected UTC offset
    # New York, spring forward Sun 2026-03-08 02:00 EST → 03:00 EDT
    ("America/New_York", utc(2026, 3, 8, 4, 30), datetime(2026, 3, 7, 23, 30), -5 * 60),
    ("America/New_York", utc(2026, 3, 8, 5, 30), datetime(2026, 3, 8, 0, 30), -5 * 60),
    ("America/New_York", utc(2026, 3, 9, 3, 30), datetime(2026, 3, 8, 23, 30), -4 * 60),
    ("America/New_York", utc(2026, 3, 9, 4, 30), datetime(2026, 3, 9, 0, 30), -4 * 60),
    # New York, fall back Sun 2026-11-01 02:00 EDT → 01:00 EST
    ("America/New_York", utc(2026, 11, 1, 3, 30), datetime(2026, 10, 31, 23, 30), -4 * 60),
    ("America/New_York", utc(2026, 11, 1, 4, 30), datetime(2026, 11, 1, 0, 30), -4 * 60),
    ("America/New_York", utc(2026, 11, 2, 4, 30), datetime(2026, 11, 1, 23, 30), -5 * 60),
    ("America/New_York", utc(2026, 11, 2, 5, 30), datetime(2026, 11, 2, 0, 30), -5 * 60),
    # London, spring forward Sun 2026-03-29 01:00 GMT → 02:00 BST
    ("Europe/London", utc(2026, 3, 28, 23, 30), datetime(2026, 3, 28, 23, 30), 0),
    ("Europe/London", utc(2026, 3, 29, 0, 30), datetime(2026, 3, 29, 0, 30), 0),
    ("Europe/London", utc(2026, 3, 29, 22, 30), datetime(2026, 3, 29, 23, 30), 60),
    ("Europe/London", utc(2026, 3, 29, 23, 30), datetime(2026, 3, 30, 0, 30), 60),
    # London, fall back Sun 2026-10-25 02:00 BST → 01:00 GMT
    ("Europe/London", utc(2026, 10, 24, 22, 30), datetime(2026, 10, 24, 23, 30), 60),
    ("Europe/London", utc(2026, 10, 24, 23, 30), datetime(2026, 10, 25, 0, 30), 60),
    ("Europe/London", utc(2026, 10, 25, 23, 30), datetime(2026, 10, 25, 23, 30), 0),
    ("Europe/London", utc(2026, 10, 26, 0, 30), datetime(2026, 10, 26, 0, 30), 0),
    # Lord Howe (half-hour DST), ends Sun 2026-04-05 02:00 +11:00 → 01:30 +10:30
    ("Australia/Lord_Howe", utc(2026, 4, 4, 12, 30), datetime(2026, 4, 4, 23, 30), 11 * 60),
    ("Australia/Lord_Howe", utc(2026, 4, 4, 13, 30), datetime(2026, 4, 5, 0, 30), 11 * 60),
    ("Australia/Lord_Howe", utc(2026, 4, 5, 13, 0), datetime(2026, 4, 5, 23, 30), 10 * 60 + 30),
    ("Australia/Lord_Howe", utc(2026, 4, 5, 14, 0), datetime(2026, 4, 6, 0, 30), 10 * 60 + 30),
    # Lord Howe, begins Sun 2026-10-04 02:00 +10:30 → 02:30 +11:00
    ("Australia/Lord_Howe", utc(2026, 10, 3, 13, 0), datetime(2026, 10, 3, 23, 30), 10 * 60 + 30),
    ("Australia/Lord_Howe", utc(2026, 10, 3, 14, 0), datetime(2026, 10, 4, 0, 30), 10 * 60 + 30),
    ("Australia/Lord_Howe", utc(2026, 10, 4, 12, 30), datetime(2026, 10, 4, 23, 30), 11 * 60),
    ("Australia/Lord_Howe", utc(2026, 10, 4, 13, 30), datetime(2026, 10, 5, 0, 30), 11 * 60),
]


@pytest.mark.parametrize(("tz", "instant", "wall", "offset_minutes"), DST_CASES)
def test_local_wall_clock_is_right_on_each_side_of_a_dst_change(
    tz: str, instant: datetime, wall: datetime, offset_minutes: int
) -> None:
    seen = local_now(instant, tz)
    assert seen.replace(tzinfo=None) == wall
    assert seen.utcoffset() == timedelta(minutes=offset_minutes)
    assert seen == instant  # the same instant, only seen on another clock


@pytest.mark.parametrize(("tz", "instant", "wall", "offset_minutes"), DST_CASES)
def test_local_day_and_week_are_right_on_each_side_of_a_dst_change(
    tz: str, instant: datetime, wall: datetime, offset_minutes: int
) -> None:
    today = local_today(instant, tz)
    assert today == wall.date()
    expected_monday = wall.date() - timedelta(days=wall.weekday())
    assert week_start(today) == expected_monday
    assert week_start(today).weekday() == 0


def test_dst_transition_days_are_sundays_so_sunday_night_and_monday_are_different_weeks() -> None:
    for tz, sunday in [
        ("America/New_York", date(2026, 3, 8)), ("America/New_York", date(2026, 11, 1)),
        ("Europe/London", date(2026, 3, 29)), ("Europe/London", date(2026, 10, 25)),
        ("Australia/Lord_Howe", date(2026, 4, 5)), ("Australia/Lord_Howe", date(2026, 10, 4)),
    ]:
        assert sunday.weekday() == 6
        late_sunday = datetime.combine(sunday, time(23, 30), ZoneInfo(tz))
        early_monday = datetime.combine(sunday + timedelta(days=1), time(0, 30), ZoneInfo(tz))
        assert week_start(local_today(late_sunday.astimezone(UTC), tz)) == sunday - timedelta(6)
        assert week_start(local_today(early_monday.astimezone(UTC), tz)) == sunday + timedelta(1)


def test_the_same_instant_is_a_different_day_in_different_zones() -> None:
    instant = utc(2026, 11, 30, 3, 0)  # Monday 03:00 UTC
    assert local_today(instant, "UTC") == date(2026, 11, 30)
    assert local_today(instant, "America/Los_Angeles") == date(2026, 11, 29)  # Sunday 19:00
    assert local_today(instant, "Asia/Tokyo") == date(2026, 11, 30)
    assert week_start(local_today(instant, "America/Los_Angeles")) == date(2026, 11, 23)


def test_local_today_accepts_an_instant_in_any_zone() -> None:
    new_york_evening = datetime(2026, 6, 1, 21, 0, tzinfo=ZoneInfo("America/New_York"))
    assert local_today(new_york_evening, "Europe/London") == date(2026, 6, 2)


def test_an_unknown_member_zone_reads_the_clock_in_utc() -> None:
    assert local_today(utc(2026, 3, 9, 23, 30), "Mars/Olympus_Mons") == date(2026, 3, 9)


# --- zones --------------------------------------------------------------------------------


class TestZones:
    def test_known_zone(self) -> None:
        assert zone("America/Chicago") == ZoneInfo("America/Chicago")

    @pytest.mark.parametrize(
        "name",
        ["", "Not/AZone", "garbage", "../../etc/passwd", "/etc/localtime", "UTC ",
         "America/New_York/", "a\x00b", "America", "Etc", "x" * 300, "america/chicago"],
    )
    def test_garbage_falls_back_to_utc(self, name: str) -> None:
        assert zone(name) == ZoneInfo("UTC")

    @pytest.mark.parametrize(
        ("typed", "canonical"),
        [
            ("america/chicago", "America/Chicago"),
            ("AMERICA/NEW_YORK", "America/New_York"),
            ("  europe/london ", "Europe/London"),
            ("australia/lord_howe", "Australia/Lord_Howe"),
            ("utc", "UTC"),
            ("America/Chicago", "America/Chicago"),
        ],
    )
    def test_canonical_zone_ignores_case_and_surrounding_space(
        self, typed: str, canonical: str
    ) -> None:
        assert canonical_zone(typed) == canonical

    @pytest.mark.parametrize("typed", ["", "chicago", "America/Chicago/", "Mars/Base", "Americ"])
    def test_canonical_zone_of_an_unknown_name_is_none(self, typed: str) -> None:
        assert canonical_zone(typed) is None

    def test_is_known_zone_is_exact(self) -> None:
        assert is_known_zone("America/Chicago")
        assert not is_known_zone("america/chicago")
        assert not is_known_zone("Mars/Base")
        assert not is_known_zone("")


# --- weeks, quarters, periods ----------------------------------------------------------------


class TestWeekStart:
    @pytest.mark.parametrize("offset", range(7))
    def test_every_day_of_a_week_starts_on_its_monday(self, offset: int) -> None:
        assert week_start(date(2026, 11, 30) + timedelta(days=offset)) == date(2026, 11, 30)

    def test_a_week_can_start_in_the_previous_year(self) -> None:
        assert week_start(date(2027, 1, 1)) == date(2026, 12, 28)


class TestQuarters:
    @pytest.mark.parametrize(
        ("day", "start", "label"),
        [
            (date(2026, 1, 1), date(2026, 1, 1), "Q1 2026"),
            (date(2026, 3, 31), date(2026, 1, 1), "Q1 2026"),
            (date(2026, 4, 1), date(2026, 4, 1), "Q2 2026"),
            (date(2026, 6, 30), date(2026, 4, 1), "Q2 2026"),
            (date(2026, 7, 15), date(2026, 7, 1), "Q3 2026"),
            (date(2026, 9, 30), date(2026, 7, 1), "Q3 2026"),
            (date(2026, 10, 1), date(2026, 10, 1), "Q4 2026"),
            (date(2026, 12, 31), date(2026, 10, 1), "Q4 2026"),
        ],
    )
    def test_quarter_start_and_label(self, day: date, start: date, label: str) -> None:
        assert quarter_start(day) == start
        assert quarter_label(day) == label


class TestAddMonths:
    @pytest.mark.parametrize(
        ("day", "months", "expected"),
        [
            (date(2026, 1, 31), 1, date(2026, 2, 1)),
            (date(2026, 12, 15), 1, date(2027, 1, 1)),
            (date(2026, 11, 1), 3, date(2027, 2, 1)),
            (date(2026, 1, 10), -1, date(2025, 12, 1)),
            (date(2026, 5, 20), 0, date(2026, 5, 1)),
            (date(2026, 5, 20), 24, date(2028, 5, 1)),
        ],
    )
    def test_first_of_the_month_months_later(
        self, day: date, months: int, expected: date
    ) -> None:
        assert add_months(day, months) == expected


class TestPeriodBounds:
    def test_week_is_monday_to_next_monday(self) -> None:
        assert period_bounds(Period.WEEK, date(2026, 12, 3)) == (date(2026, 11, 30),
                                                                 date(2026, 12, 7))

    def test_week_across_new_year(self) -> None:
        assert period_bounds(Period.WEEK, date(2026, 12, 31)) == (date(2026, 12, 28),
                                                                  date(2027, 1, 4))
        assert period_bounds(Period.WEEK, date(2027, 1, 3)) == (date(2026, 12, 28),
                                                                date(2027, 1, 4))

    def test_month(self) -> None:
        assert period_bounds(Period.MONTH, date(2026, 2, 14)) == (date(2026, 2, 1),
                                                                  date(2026, 3, 1))

    def test_december_rolls_into_next_year(self) -> None:
        assert period_bounds(Period.MONTH, date(2026, 12, 31)) == (date(2026, 12, 1),
                                                                   date(2027, 1, 1))

    @pytest.mark.parametrize(
        ("day", "bounds"),
        [
            (date(2026, 2, 14), (date(2026, 1, 1), date(2026, 4, 1))),
            (date(2026, 4, 1), (date(2026, 4, 1), date(2026, 7, 1))),
            (date(2026, 9, 30), (date(2026, 7, 1), date(2026, 10, 1))),
            (date(2026, 11, 30), (date(2026, 10, 1), date(2027, 1, 1))),
            (date(2026, 12, 31), (date(2026, 10, 1), date(2027, 1, 1))),
        ],
    )
    def test_quarter(self, day: date, bounds: tuple[date, date]) -> None:
        assert period_bounds(Period.QUARTER, day) == bounds


@given(st.sampled_from(list(Period)), st.dates(date(2000, 1, 1), date(2100, 12, 31)))
def test_period_bounds_hold_the_day_and_are_half_open(period: Period, day: date) -> None:
    start, end = period_bounds(period, day)
    assert start <= day < end
    assert period_bounds(period, start) == (start, end)
    assert period_bounds(period, end - timedelta(days=1)) == (start, end)
    assert period_bounds(period, end)[0] == end  # the next period starts where this one ends


class TestWeeksBetween:
    def test_mondays_from_the_first_week_to_the_last_inclusive(self) -> None:
        assert weeks_between(date(2026, 12, 3), date(2027, 1, 1)) == [
            date(2026, 11, 30), date(2026, 12, 7), date(2026, 12, 14), date(2026, 12, 21),
            date(2026, 12, 28),
        ]

    def test_same_week(self) -> None:
        assert weeks_between(date(2026, 12, 6), date(2026, 11, 30)) == [date(2026, 11, 30)]

    def test_reversed_range_is_empty(self) -> None:
        assert weeks_between(date(2026, 12, 14), date(2026, 12, 1)) == []

    def test_across_a_dst_change_weeks_stay_seven_days_apart(self) -> None:
        weeks = weeks_between(date(2026, 3, 1), date(2026, 3, 31))
        assert weeks == [date(2026, 2, 23), date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16),
                         date(2026, 3, 23), date(2026, 3, 30)]


class TestLastWorkingDay:
    def test_friday_for_a_monday_to_friday_week(self) -> None:
        assert last_working_day(date(2026, 11, 30), (0, 1, 2, 3, 4)) == date(2026, 12, 4)

    def test_latest_working_day_wins(self) -> None:
        assert last_working_day(date(2026, 11, 30), (0, 2, 5)) == date(2026, 12, 5)

    def test_friday_when_no_working_days_are_set(self) -> None:
        assert last_working_day(date(2026, 11, 30), ()) == date(2026, 12, 4)


class TestShortRange:
    def test_within_a_month(self) -> None:
        assert short_range(date(2026, 11, 23), date(2026, 11, 30)) == "Nov 23–29"

    def test_across_months(self) -> None:
        assert short_range(date(2026, 11, 30), date(2026, 12, 7)) == "Nov 30 – Dec 6"

    def test_across_years(self) -> None:
        assert short_range(date(2026, 12, 28), date(2027, 1, 4)) == "Dec 28 – Jan 3"
