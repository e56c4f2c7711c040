"""Day phrases in a member's own calendar: "thu", "tomorrow", "next tuesday", "dec 3", "12/3".

Pure: `today` (the member's local date) is always passed in. `find_day` scans free text with
strict, word-bounded rules only, so a what-I'll-do sentence keeps its "Sunrise", "market" and
"3pm"; `parse_day` reads a whole phrase and may fall back to dateparser for anything else.

Choices where people could mean either:
- A bare weekday is the next one on or after today (today's own name means today).
- "next <weekday>" is that weekday in the next Monday-start week, so on a Saturday "next mon"
  is the day after tomorrow.
- "end of week"/"eow" is this week's Friday, or next week's once this one's has gone (Sat/Sun).
- A month and day without a year is the next one on or after today, except one from the last
  31 days, which stays in the past: "nov 20" said on Nov 30 is a day gone by (the member hears
  that it has passed and can log it), not a plan eleven months out.
- A plural ("mondays") is a habit, not a day. Month names need a day number ("may", "march",
  "jan" alone never name a day), and a weekday name followed by a date ("Thu Dec 3") is read
  as the date, so labels from `describe_day` read back as the same day.
- "1-2" and "3-4" are ranges: a dashed numeric date needs its year ("12-3-2026").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.practice_calendar import week_start

_RECENT_DAYS = 31
_FALLBACK_MAX_CHARS = 60
_FALLBACK_MAX_DAYS = 400
_MAX_SPAN_DAYS = 3660


@dataclass(frozen=True)
class DateMatch:
    """A day found in free text, with the span of the phrase that names it."""

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
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_ABBRS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                "Dec")


def _alternatives(words: dict[str, int]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_WD = _alternatives(_WEEKDAYS)
_MO = _alternatives(_MONTHS)
_NUM = "[0-9]{1,3}|" + _alternatives(_NUMBERS)
_DAYNUM = r"(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<y>[0-9]{4}))?"
_L = r"(?<![\w'’/:.-])"
_R = r"(?![\w/-]|[.:][0-9])"
_NOT_A_FRACTION = r"(?!\s+(?:of|days?|hours?|hrs?|miles?|pages?|cups?)\b)"


def _rule(body: str) -> re.Pattern[str]:
    return re.compile(_L + body + _R, re.IGNORECASE)


def _lookup(table: dict[str, int], word: str) -> int | None:
    """Case-insensitive lookup that tolerates look-alikes re.IGNORECASE lets through ("ı")."""
    return table.get(word.casefold())


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    value = int(raw)
    return 2000 + value if value < 100 else value


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _calendar_day(year: int | None, month: int | None, day: int, today: date, past: bool
                  ) -> date | None:
    """The dated day, or for a yearless one the nearest on the wanted side of today.

    Years are tried one by one so that "feb 29" finds the next (or last) leap year.
    """
    if month is None:
        return None
    if year is not None:
        return _valid(year, month, day)
    if past:
        years = range(today.year, today.year - 9, -1)
        return next((d for y in years if (d := _valid(y, month, day)) and d <= today), None)
    earliest = today - timedelta(days=_RECENT_DAYS)
    years = range(today.year - 1, today.year + 9)
    return next((d for y in years if (d := _valid(y, month, day)) and d >= earliest), None)


_Resolver = Callable[[re.Match[str], date, bool], date | None]


def _numeric(match: re.Match[str], today: date, past: bool) -> date | None:
    return _calendar_day(_year(match["y"]), int(match["m"]), int(match["d"]), today, past)


def _named_month(match: re.Match[str], today: date, past: bool) -> date | None:
    month = _lookup(_MONTHS, match["mo"])
    return _calendar_day(_year(match["y"]), month, int(match["d"]), today, past)


def _relative(match: re.Match[str], today: date, past: bool) -> date | None:
    word = match["word"].casefold()
    if word == "yesterday":
        return today - timedelta(days=1)
    return today if word in ("today", "tonight") else today + timedelta(days=1)


def _in_span(match: re.Match[str], today: date, past: bool) -> date | None:
    raw = match["n"]
    count = int(raw) if raw.isdigit() else _lookup(_NUMBERS, raw)
    if count is None:
        return None
    days = count * (7 if match["unit"].casefold().startswith("week") else 1)
    return today + timedelta(days=days) if days <= _MAX_SPAN_DAYS else None


def _next_week(match: re.Match[str], today: date, past: bool) -> date | None:
    return week_start(today) + timedelta(days=7)


def _end_of_week(match: re.Match[str], today: date, past: bool) -> date | None:
    friday = week_start(today) + timedelta(days=4)
    return friday if friday >= today else friday + timedelta(days=7)


def _next_weekday(match: re.Match[str], today: date, past: bool) -> date | None:
    weekday = _lookup(_WEEKDAYS, match["wd"])
    return None if weekday is None else week_start(today) + timedelta(days=7 + weekday)


def _last_weekday(match: re.Match[str], today: date, past: bool) -> date | None:
    """The most recent such day before today ("last fri" on a Friday is a week ago)."""
    weekday = _lookup(_WEEKDAYS, match["wd"])
    if weekday is None:
        return None
    return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)


def _weekday(match: re.Match[str], today: date, past: bool) -> date | None:
    weekday = _lookup(_WEEKDAYS, match["wd"])
    if weekday is None:
        return None
    if past:
        return today - timedelta(days=(today.weekday() - weekday) % 7)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


_ISO = _rule(r"(?P<y>[0-9]{4})(?P<sep>[-/])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})")
_SLASHED = _rule(r"(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})(?:/(?P<y>[0-9]{4}|[0-9]{2}))?"
                 + _NOT_A_FRACTION)
_DASHED = _rule(r"(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})-(?P<y>[0-9]{4}|[0-9]{2})")
_MONTH_DAY = _rule(rf"(?P<mo>{_MO})(?:\.\s*|\s+){_DAYNUM}{_YEAR}")
_DAY_MONTH = _rule(rf"{_DAYNUM}(?:\s+of)?\s+(?P<mo>{_MO})\.?{_YEAR}")
_WEEKDAY = _rule(rf"(?:this\s+)?(?P<wd>{_WD})")

_DATED: list[tuple[re.Pattern[str], _Resolver]] = [
    (_ISO, _numeric),
    (_SLASHED, _numeric),
    (_DASHED, _numeric),
    (_MONTH_DAY, _named_month),
    (_DAY_MONTH, _named_month),
]
_RULES: list[tuple[re.Pattern[str], _Resolver]] = [
    *_DATED,
    (_rule(r"(?P<word>today|tonight|tomorrow|tomorow|tmrw|tmr|yesterday)"), _relative),
    (_rule(rf"in\s+(?P<n>{_NUM})\s+(?P<unit>days?|weeks?)"), _in_span),
    (_rule(r"next\s+week"), _next_week),
    (_rule(r"(?:end\s+of\s+(?:the\s+)?week|eow)"), _end_of_week),
    (_rule(rf"next\s+(?P<wd>{_WD})"), _next_weekday),
    (_rule(rf"last\s+(?P<wd>{_WD})"), _last_weekday),
    (_WEEKDAY, _weekday),
]

_TITLE_BEFORE = re.compile(r"(?<!\w)(?:dr|mr|mrs|ms|mx|pastor|rev|fr|prof|coach)\.?\s*$",
                           re.IGNORECASE)
_CAPITALISED_AFTER = re.compile(r"\s+[A-Z]")
_WORD_AFTER = re.compile(r"\s+[A-Za-z]")
_PRONOUN_BEFORE = re.compile(r"(?<!\w)(?:i|we|they|he|she|you|who)\s+$", re.IGNORECASE)
_SAT_AS_VERB_AFTER = re.compile(r"\s+(?:down|through|beside|together|alongside)\b",
                                re.IGNORECASE)
_THE_BEFORE = re.compile(r"(?<!\w)the\s+$", re.IGNORECASE)
_LOOKBEHIND = 12


def _not_a_day(match: re.Match[str]) -> bool:
    """A weekday abbreviation used as a name or a word: "Sun Valley Clinic", "Dr. Sun",
    "I sat down with", "SAT prep", "out in the sun"."""
    word, text = match["wd"], match.string
    if match.group(0) != word or len(word) > 4:
        return False
    start, end = match.start(), match.end()
    before = max(0, start - _LOOKBEHIND)
    if word[0].isupper() and (_CAPITALISED_AFTER.match(text, end)
                              or _TITLE_BEFORE.search(text, before, start)):
        return True
    folded = word.casefold()
    if folded == "sat":
        return bool(_PRONOUN_BEFORE.search(text, before, start)
                    or _SAT_AS_VERB_AFTER.match(text, end)
                    or (word == "SAT" and _WORD_AFTER.match(text, end)))
    return folded == "sun" and bool(_THE_BEFORE.search(text, before, start))


_THEN = re.compile(r",?\s+")


def _weekday_then_date(match: re.Match[str], today: date, past: bool) -> DateMatch | None:
    """A weekday then a date ("Thu Dec 3", "Thursday, 12/3/2026"): the date decides and the
    span covers both, so `describe_day` labels read back as the same day."""
    gap = _THEN.match(match.string, match.end())
    if gap is None:
        return None
    for pattern, resolve in _DATED:
        dated = pattern.match(match.string, gap.end())
        day = resolve(dated, today, past) if dated else None
        if dated and day:
            return DateMatch(day, match.start(), dated.end())
    return None


def _found(match: re.Match[str], resolve: _Resolver, today: date, past: bool
           ) -> DateMatch | None:
    try:
        if resolve is _weekday:
            dated = _weekday_then_date(match, today, past)
            if dated is not None or _not_a_day(match):
                return dated
        day = resolve(match, today, past)
    except (ValueError, OverflowError):
        return None
    return None if day is None else DateMatch(day, match.start(), match.end())


def find_day(text: str, today: date, *, prefer_past: bool = False) -> DateMatch | None:
    """The first day phrase in free text: leftmost, the more specific rule on a tie.

    Invalid dates ("feb 30") are skipped. A bare weekday or month-day means the next one;
    with `prefer_past` (logging what already happened) it means the most recent one.
    """
    best: DateMatch | None = None
    for pattern, resolve in _RULES:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best.start:
                break
            found = _found(match, resolve, today, prefer_past)
            if found is not None:
                best = found
                break
    return best


_LEADING_ON = re.compile(r"^on\s+", re.IGNORECASE)
_TIME_ONLY = re.compile(
    r"(?:at\s+)?(?:[0-9]{1,2}(?::[0-9]{2})?\s*(?:[ap]\.?m\.?)?|noon|midnight)", re.IGNORECASE)
_MONTH_ONLY = re.compile(rf"(?:{_MO})\.?", re.IGNORECASE)
_LETTER = re.compile(r"[A-Za-z]")


def parse_day(phrase: str, today: date) -> date | None:
    """The day a whole phrase names ("thu", "tomorrow", "dec 3", "2026-12-03"), or None."""
    text = _LEADING_ON.sub("", " ".join(phrase.split()).strip(" ,."))
    if not text:
        return None
    found = find_day(text, today)
    if found is not None and found.start == 0 and found.end == len(text):
        return found.day
    return _fallback(text, today)


def _fallback(text: str, today: date) -> date | None:
    """dateparser for phrases the rules don't know ("in 3 months", "fri 3pm").

    It reads a lone month, number or time as some day, so those are refused before asking,
    and anything past or more than 400 days out is refused after.
    """
    if (len(text) > _FALLBACK_MAX_CHARS or not _LETTER.search(text)
            or _TIME_ONLY.fullmatch(text) or _MONTH_ONLY.fullmatch(text)):
        return None
    try:
        import dateparser

        parsed = dateparser.parse(text, languages=["en"], settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": datetime.combine(today, time()),
            "RETURN_AS_TIMEZONE_AWARE": False,
        })
        day = parsed.date() if isinstance(parsed, datetime) else None
        if day is None or not today <= day <= today + timedelta(days=_FALLBACK_MAX_DAYS):
            return None
    except Exception:
        return None
    return day


def describe_day(day: date, today: date) -> str:
    """A short label to echo back: "today", "tomorrow", "Thursday" within the week ahead,
    else "Thu Dec 3", with the year when it is another year's or leaving it out would read
    back as another day ("Tue Dec 1, 2020" seen on Jan 1, 2020). English whatever the locale.
    """
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    name = _DAY_NAMES[day.weekday()]
    if 1 < delta < 7:
        return name
    label = f"{name[:3]} {_MONTH_ABBRS[day.month - 1]} {day.day}"
    yearless = _calendar_day(None, day.month, day.day, today, past=False)
    return label if day.year == today.year and yearless == day else f"{label}, {day.year}"
