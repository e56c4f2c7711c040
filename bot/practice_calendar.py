"""Calendar maths in a member's own time zone: weeks, months, quarters, local time.

Every function takes the instant or day it works from; nothing here reads the clock.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


def zone(name: str) -> ZoneInfo:
    """The IANA zone, or UTC when the name is unknown (a stale or odd platform value)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America", over-long names
        return ZoneInfo("UTC")


def is_known_zone(name: str) -> bool:
    """Whether `name` is an IANA zone we can schedule in."""
    return name in _zone_names()


_ZONES: set[str] = set()


def _zone_names() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


def canonical_zone(name: str) -> str | None:
    """The IANA spelling of a zone typed in any case ("america/chicago"), or None."""
    wanted = name.strip().lower()
    for known in _zone_names():
        if known.lower() == wanted:
            return known
    return None


def local_now(now: datetime, tz: str) -> datetime:
    """`now` (aware) seen on a wall clock in `tz`."""
    return now.astimezone(zone(tz))


def local_today(now: datetime, tz: str) -> date:
    return local_now(now, tz).date()


def week_start(day: date) -> date:
    """The Monday that starts the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(day: date) -> str:
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def add_months(day: date, months: int) -> date:
    """The first of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_bounds(period: Period, today: date) -> tuple[date, date]:
    """[start, end) of the week, month or quarter holding `today`."""
    if period is Period.WEEK:
        start = week_start(today)
        return start, start + timedelta(days=7)
    if period is Period.MONTH:
        start = today.replace(day=1)
        return start, add_months(start, 1)
    start = quarter_start(today)
    return start, add_months(start, 3)


def period_before(period: Period, today: date, back: int = 0) -> tuple[date, date]:
    """[start, end) of the period holding `today`, or of the one `back` periods before it."""
    start, end = period_bounds(period, today)
    for _ in range(back):
        start, end = period_bounds(period, start - timedelta(days=1))
    return start, end


def weeks_between(first: date, last: date) -> list[date]:
    """Mondays of every week from the week of `first` to the week of `last`, inclusive."""
    monday, end = week_start(first), week_start(last)
    weeks: list[date] = []
    while monday <= end:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def last_working_day(week: date, working_days: tuple[int, ...]) -> date:
    """The last working day (0 = Monday) of the week starting `week`; Friday if none are set."""
    last = max(working_days) if working_days else 4
    return week + timedelta(days=last)


def short_day(day: date) -> str:
    """"Nov 3"."""
    return f"{day:%b} {day.day}"


def short_range(start: date, end_exclusive: date) -> str:
    """"Nov 23–29" style label for a period."""
    end = end_exclusive - timedelta(days=1)
    if start.month == end.month:
        return f"{short_day(start)}–{end.day}"
    return f"{short_day(start)} – {short_day(end)}"


# Names people type for a zone that has daylight rules, and the zone that follows them.
_WITH_DAYLIGHT = {
    "America/New_York": ("est", "edt", "et", "eastern", "est5edt", "us/eastern"),
    "America/Chicago": ("cst", "cdt", "ct", "central", "cst6cdt", "us/central"),
    "America/Denver": ("mst", "mdt", "mt", "mountain", "mst7mdt", "us/mountain"),
    "America/Los_Angeles": ("pst", "pdt", "pt", "pacific", "pst8pdt", "us/pacific"),
    "America/Anchorage": ("akst", "akdt", "alaska", "us/alaska"),
    "Pacific/Honolulu": ("hst", "hawaii", "us/hawaii"),
    "Europe/London": ("gmt", "bst", "utc", "uct", "zulu", "etc/utc", "etc/gmt", "uk"),
}
_SUGGEST = {typed: zone for zone, names in _WITH_DAYLIGHT.items() for typed in names}


def choose_zone(text: str) -> tuple[str | None, str | None]:
    """(the IANA zone to use, None) for a zone that follows local clock changes; (None, a
    suggestion) for an abbreviation or a fixed offset ("EST", "UTC", "Etc/GMT+5"), which
    would leave nudges an hour off for half the year; (None, None) for no zone at all."""
    wanted = text.strip().lower()
    suggestion = _SUGGEST.get(wanted)
    if suggestion is not None:
        if wanted.startswith("us/"):
            return suggestion, None
        return None, (f"{text.strip()} never changes for daylight saving (or isn't a place), so "
                      f"nudges would come an hour off for half the year. Use a place's zone "
                      f"instead, for example {suggestion}.")
    found = canonical_zone(text)
    if found is not None and found.lower().startswith("etc/"):
        return None, (f"{found} is a fixed offset with no daylight saving. Use the zone of a "
                      "place, like America/Chicago or Europe/London.")
    return found, None
