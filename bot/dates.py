"""Natural day phrases in a member's own calendar: "thu", "tomorrow", "next tuesday", "dec 3".

Pure: `today` is always passed in. `find_day` scans free text with strict rules only;
`parse_day` reads a whole phrase and may fall back to dateparser for anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.calendar import week_start

RECENT_DAYS = 31


@dataclass(frozen=True)
class DateMatch:
    day: date
    start: int
    end: int


_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_WD = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_MO = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NUM = r"\d{1,3}|" + "|".join(_NUMBERS)
_DAYNUM = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_L, _R = r"(?<![\w/:.-])", r"(?![\w/:-]|\.\d)"

_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(_L + r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _R)),
    ("numeric", re.compile(_L + r"(?P<m>\d{1,2})[/-](?P<d>\d{1,2})(?:[/-](?P<y>\d{4}|\d{2}))?"
                           + _R)),
    ("month_day", re.compile(_L + rf"(?P<mo>{_MO})\.?\s+{_DAYNUM}(?:,?\s+(?P<y>\d{{4}}))?" + _R,
                             re.IGNORECASE)),
    ("day_month", re.compile(_L + rf"{_DAYNUM}(?:\s+of)?\s+(?P<mo>{_MO})\.?(?:,?\s+(?P<y>\d{{4}}))?"
                             + _R, re.IGNORECASE)),
    ("relative", re.compile(_L + r"(?P<word>today|tonight|tomorrow|tomorow|tmrw|tmr|yesterday)"
                            + _R,
                            re.IGNORECASE)),
    ("in_span", re.compile(_L + rf"in\s+(?P<n>{_NUM})\s+(?P<unit>days?|weeks?)" + _R,
                           re.IGNORECASE)),
    ("next_week", re.compile(_L + r"next\s+week" + _R, re.IGNORECASE)),
    ("end_of_week", re.compile(_L + r"(?:end\s+of\s+(?:the\s+)?week|eow)" + _R, re.IGNORECASE)),
    ("next_weekday", re.compile(_L + rf"next\s+(?P<wd>{_WD})" + _R, re.IGNORECASE)),
    ("last_weekday", re.compile(_L + rf"last\s+(?P<wd>{_WD})" + _R, re.IGNORECASE)),
    ("weekday", re.compile(_L + rf"(?:this\s+)?(?P<wd>{_WD})" + _R, re.IGNORECASE)),
]


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    value = int(raw)
    return 2000 + value if value < 100 else value


def _calendar_day(year: int | None, month: int, day: int, today: date, past: bool
                  ) -> date | None:
    """A month and day in the given year, or the nearest one on the wanted side of today.

    A yearless day from the last month stays in the past ("nov 20" said on Nov 30 is a
    day gone by, not one eleven months away), so the member hears that it has passed.
    """
    try:
        if year is not None:
            return date(year, month, day)
        found = date(today.year, month, day)
        if past and found > today:
            found = date(today.year - 1, month, day)
        elif not past and found < today - timedelta(days=RECENT_DAYS):
            found = date(today.year + 1, month, day)
        return found
    except ValueError:
        if year is None and month == 2 and day == 29:
            for offset in range(1, 8):
                try:
                    candidate = date(today.year + offset, 2, 29)
                except ValueError:
                    continue
                return candidate
        return None


def _resolve(kind: str, match: re.Match[str], today: date, past: bool) -> date | None:
    groups = match.groupdict()
    if kind in ("iso", "numeric"):
        return _calendar_day(_year(groups.get("y")), int(groups["m"]), int(groups["d"]), today,
                             past)
    if kind in ("month_day", "day_month"):
        return _calendar_day(_year(groups.get("y")), _MONTHS[groups["mo"].lower()],
                             int(groups["d"]), today, past)
    if kind == "relative":
        word = groups["word"].lower()
        if word == "yesterday":
            return today - timedelta(days=1)
        return today if word in ("today", "tonight") else today + timedelta(days=1)
    if kind == "in_span":
        raw = groups["n"].lower()
        n = int(raw) if raw.isdigit() else _NUMBERS[raw]
        days = n * (7 if groups["unit"].lower().startswith("week") else 1)
        return today + timedelta(days=days) if days <= 3660 else None
    if kind == "next_week":
        return week_start(today) + timedelta(days=7)
    if kind == "end_of_week":
        friday = week_start(today) + timedelta(days=4)
        return friday if friday >= today else friday + timedelta(days=7)
    weekday = _WEEKDAYS[groups["wd"].lower()]
    if kind == "next_weekday":
        return week_start(today) + timedelta(days=7 + weekday)
    if kind == "last_weekday":
        return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    if past:
        return today - timedelta(days=(today.weekday() - weekday) % 7)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def find_day(text: str, today: date, *, prefer_past: bool = False) -> DateMatch | None:
    """The first day phrase in free text (leftmost; the more specific rule on ties).

    A bare weekday or month-day means the next one; with `prefer_past` (logging what already
    happened) it means the most recent one.
    """
    best: DateMatch | None = None
    for kind, pattern in _RULES:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best.start:
                break
            if kind == "weekday" and _names_someone(text, match):
                continue
            day = _resolve(kind, match, today, prefer_past)
            if day is not None:
                best = DateMatch(day, match.start(), match.end())
                break
    return best


_TITLES = re.compile(r"(?:dr|mr|mrs|ms|mx|pastor|rev|fr|prof|coach)\.?\s*$", re.IGNORECASE)
_CAPITALISED_NEXT = re.compile(r"\s+[A-Z]")


def _names_someone(text: str, match: re.Match[str]) -> bool:
    """A capitalised weekday abbreviation inside a name: "Sun Valley Clinic", "Dr. Sun"."""
    word = match.group("wd")
    if len(word) > 4 or not word[0].isupper() or match.group(0) != word:
        return False
    return bool(_CAPITALISED_NEXT.match(text, match.end())
                or _TITLES.search(text, 0, match.start()))


def parse_day(phrase: str, today: date) -> date | None:
    """The day a whole phrase names, or None."""
    text = " ".join(phrase.split()).strip(" ,.")
    text = re.sub(r"^on\s+", "", text, flags=re.IGNORECASE)
    if not text or len(text) > 60:
        return None
    found = find_day(text, today)
    if found is not None and found.start == 0 and found.end == len(text):
        return found.day
    return _fallback(text, today)


def _fallback(text: str, today: date) -> date | None:
    if not re.search(r"[a-zA-Z]", text):
        return None
    try:
        import dateparser

        parsed = dateparser.parse(text, languages=["en"], settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": datetime.combine(today, time()),
            "RETURN_AS_TIMEZONE_AWARE": False,
        })
    except Exception:
        return None
    if parsed is None:
        return None
    day = parsed.date()
    return day if today <= day <= today + timedelta(days=400) else None


def describe_day(day: date, today: date) -> str:
    """"today", "tomorrow", "Thursday" within the week ahead, else "Thu Dec 3" (with year)."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if 1 < delta < 7:
        return f"{day:%A}"
    label = f"{day:%a} {day:%b} {day.day}"
    return label if day.year == today.year else f"{label}, {day.year}"
