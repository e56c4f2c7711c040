"""Which days a practice is closed, and which weeks are too closed to count."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.closures import Closure, closed_days, holiday_names, known_calendar, mostly_closed_weeks

WINTER = Closure(1, date(2026, 12, 24), date(2027, 1, 1))
MON_FRI = (0, 1, 2, 3, 4)


def test_closures_and_holidays_make_closed_days() -> None:
    days = closed_days([WINTER], "US", date(2026, 11, 20), date(2027, 1, 31))
    assert date(2026, 11, 26) in days  # Thanksgiving
    assert {date(2026, 12, 24), date(2026, 12, 31), date(2027, 1, 1)} <= days
    assert date(2027, 1, 18) in days  # Martin Luther King Jr. Day
    assert date(2026, 12, 23) not in days and date(2027, 1, 4) not in days


def test_a_week_is_mostly_closed_when_more_than_half_its_working_days_are() -> None:
    weeks = mostly_closed_weeks([WINTER], None, MON_FRI, date(2026, 12, 1), date(2027, 1, 20))
    assert weeks == {date(2026, 12, 28)}  # Dec 21 has two of five days closed: not enough
    thursdays_only = mostly_closed_weeks([], "US", (3,), date(2026, 11, 1), date(2026, 12, 1))
    assert thursdays_only == {date(2026, 11, 23)}  # its one working day is Thanksgiving
    thu_fri = mostly_closed_weeks([], "US", (3, 4), date(2026, 11, 1), date(2026, 12, 1))
    assert thu_fri == set()  # one of two days closed is not more than half


def _walked(closures: list[Closure], code: str | None, working_days: tuple[int, ...],
            start: date, end: date) -> set[date]:
    """The definition, week by week: more than half the working days closed."""
    first = start - timedelta(days=start.weekday())
    last = end - timedelta(days=end.weekday())
    closed = closed_days(closures, code, first, last + timedelta(days=6))
    weeks, monday = set(), first
    while monday <= last:
        working = [monday + timedelta(days=d) for d in working_days]
        if working and 2 * sum(day in closed for day in working) > len(working):
            weeks.add(monday)
        monday += timedelta(days=7)
    return weeks


DAYS = st.dates(date(2025, 1, 1), date(2028, 12, 31))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(DAYS, st.integers(0, 20)), max_size=6),
       st.sampled_from([None, "US", "GB-ENG"]),
       st.lists(st.integers(0, 6), max_size=7, unique=True).map(lambda d: tuple(sorted(d))),
       DAYS, st.integers(0, 800))
def test_mostly_closed_weeks_are_those_of_the_week_by_week_definition(
        spans: list[tuple[date, int]], code: str | None, working_days: tuple[int, ...],
        start: date, length: int) -> None:
    closures = [Closure(i, first, first + timedelta(days=days))
                for i, (first, days) in enumerate(spans)]
    end = start + timedelta(days=length)
    assert mostly_closed_weeks(closures, code, working_days, start, end) == \
        _walked(closures, code, working_days, start, end)


def test_holiday_calendars_by_country_or_region() -> None:
    assert known_calendar("us") == "US" and known_calendar("gb-sct") == "GB-SCT"
    assert known_calendar("xx") is None and known_calendar("US-ZZ") is None
    assert holiday_names(None, date(2026, 12, 1), date(2026, 12, 31)) == {}
    assert holiday_names("US", date(2026, 12, 1), date(2026, 12, 31)) == {
        date(2026, 12, 25): "Christmas Day"}
