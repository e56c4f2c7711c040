"""Days the practice is closed — its own closures and, if it chose one, a public-holiday
calendar — and what they mean for the rhythm: no nudges or team posts on those days, and a
week that is mostly closed can't break anyone's streak. Pure: given the days and settings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from bot.practice_calendar import week_start


@dataclass(frozen=True)
class Closure:
    id: int
    starts_on: date
    ends_on: date

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def known_calendar(code: str) -> str | None:
    """The calendar's canonical code ("us" → "US", "gb-eng" → "GB-ENG"), or None."""
    import holidays  # 15 ms to import: only when a calendar is named or read

    country, _, region = code.strip().upper().partition("-")
    supported = holidays.list_supported_countries()
    if country not in supported or (region and region not in supported[country]):
        return None
    return f"{country}-{region}" if region else country


@lru_cache(maxsize=64)
def _holidays(code: str, year: int) -> dict[date, str]:
    import holidays

    country, _, region = code.partition("-")
    return dict(holidays.country_holidays(country, subdiv=region or None, years=year))


def holiday_names(code: str | None, start: date, end: date) -> dict[date, str]:
    """Public holidays in [start, end] on the practice's calendar."""
    if not code:
        return {}
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        found.update({d: n for d, n in _holidays(code, year).items() if start <= d <= end})
    return found


def closed_days(closures: Iterable[Closure], code: str | None, start: date, end: date
                ) -> frozenset[date]:
    """Every day in [start, end] the practice is closed."""
    days = set(holiday_names(code, start, end))
    for closure in closures:
        day = max(start, closure.starts_on)
        while day <= min(end, closure.ends_on):
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def mostly_closed_weeks(closures: Iterable[Closure], code: str | None,
                        working_days: tuple[int, ...], start: date, end: date) -> set[date]:
    """Mondays of the weeks in [start, end] where more than half the working days are closed:
    nobody can keep such a week, so it neither breaks nor extends a streak."""
    first, last = week_start(start), week_start(end)
    closed = closed_days(closures, code, first, last + timedelta(days=6))
    # Counted from the closed days (a few a year), not by walking every week of the range.
    counts: dict[date, int] = {}
    for offset in working_days:
        for day in closed:
            monday = day - timedelta(days=offset)
            if monday.weekday() == 0 and first <= monday <= last:
                counts[monday] = counts.get(monday, 0) + 1
    return {monday for monday, n in counts.items() if 2 * n > len(working_days)}
