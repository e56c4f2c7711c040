"""Day phrases as clinicians type them: whole phrases, days inside free text, echoed labels."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dates import DateMatch, describe_day, find_day, parse_day

MON = date(2026, 11, 30)
THU = date(2026, 12, 3)
SAT = date(2026, 11, 28)
SUN = date(2026, 11, 29)
NYE = date(2026, 12, 31)
LEAP_FEB28 = date(2028, 2, 28)
FEB28 = date(2027, 2, 28)

TODAYS = st.dates(date(2020, 1, 1), date(2035, 12, 31))
WEEKDAY_NAMES = [
    ("monday", 0), ("mon", 0), ("tuesday", 1), ("tue", 1), ("tues", 1), ("wednesday", 2),
    ("wed", 2), ("thursday", 3), ("thu", 3), ("thur", 3), ("thurs", 3), ("friday", 4),
    ("fri", 4), ("saturday", 5), ("sat", 5), ("sunday", 6), ("sun", 6),
]


def d(year: int, month: int, day: int) -> date:
    return date(year, month, day)


def phrase_of(text: str, found: DateMatch | None) -> str | None:
    return None if found is None else text[found.start:found.end]


# --- whole phrases, rule by rule ------------------------------------------------------------


@pytest.mark.parametrize(("phrase", "today", "day"), [
    ("today", MON, MON), ("tonight", MON, MON), ("Today", THU, THU),
    ("tomorrow", MON, d(2026, 12, 1)), ("tmrw", MON, d(2026, 12, 1)),
    ("tmr", MON, d(2026, 12, 1)), ("tomorow", MON, d(2026, 12, 1)),
    ("TOMORROW", SAT, SUN), ("yesterday", MON, SUN),
    ("tomorrow", NYE, d(2027, 1, 1)),
    ("tomorrow", LEAP_FEB28, d(2028, 2, 29)), ("tomorrow", FEB28, d(2027, 3, 1)),
])
def test_relative_words(phrase: str, today: date, day: date) -> None:
    assert parse_day(phrase, today) == day


@pytest.mark.parametrize(("phrase", "today", "day"), [
    ("mon", MON, MON), ("monday", MON, MON), ("tue", MON, d(2026, 12, 1)),
    ("tues", MON, d(2026, 12, 1)), ("tuesday", MON, d(2026, 12, 1)),
    ("wed", MON, d(2026, 12, 2)), ("wednesday", MON, d(2026, 12, 2)),
    ("thu", MON, THU), ("thur", MON, THU), ("thurs", MON, THU), ("Thursday", MON, THU),
    ("fri", MON, d(2026, 12, 4)), ("friday", MON, d(2026, 12, 4)),
    ("sat", MON, d(2026, 12, 5)), ("saturday", MON, d(2026, 12, 5)),
    ("sun", MON, d(2026, 12, 6)), ("sunday", MON, d(2026, 12, 6)),
    ("on thu", MON, THU), ("this thu", MON, THU), ("On Friday", MON, d(2026, 12, 4)),
    ("THU", MON, THU), ("this Wednesday", MON, d(2026, 12, 2)),
    ("thu", THU, THU), ("wed", THU, d(2026, 12, 9)), ("mon", THU, d(2026, 12, 7)),
    ("sat", SAT, SAT), ("sun", SAT, SUN), ("mon", SAT, MON), ("fri", SAT, d(2026, 12, 4)),
    ("thu", NYE, NYE), ("fri", NYE, d(2027, 1, 1)), ("mon", NYE, d(2027, 1, 4)),
    ("tue", LEAP_FEB28, d(2028, 2, 29)), ("mon", FEB28, d(2027, 3, 1)),
])
def test_weekdays_are_the_next_one_on_or_after_today(phrase: str, today: date, day: date
                                                      ) -> None:
    assert parse_day(phrase, today) == day


@pytest.mark.parametrize(("phrase", "today", "day"), [
    ("next tue", MON, d(2026, 12, 8)), ("next mon", MON, d(2026, 12, 7)),
    ("next thursday", MON, d(2026, 12, 10)), ("next sun", MON, d(2026, 12, 13)),
    ("next thu", THU, d(2026, 12, 10)), ("next mon", THU, d(2026, 12, 7)),
    ("next mon", SAT, MON), ("next fri", SAT, d(2026, 12, 4)), ("next sat", SAT, d(2026, 12, 5)),
    ("next mon", NYE, d(2027, 1, 4)), ("Next Friday", NYE, d(2027, 1, 8)),
])
def test_next_weekday_is_in_the_next_iso_week(phrase: str, today: date, day: date) -> None:
    assert parse_day(phrase, today) == day


@pytest.mark.parametrize(("phrase", "today", "day"), [
    ("next week", MON, d(2026, 12, 7)), ("next week", THU, d(2026, 12, 7)),
    ("next week", SAT, MON), ("next week", NYE, d(2027, 1, 4)),
    ("end of week", MON, d(2026, 12, 4)), ("eow", THU, d(2026, 12, 4)),
    ("end of the week", d(2026, 12, 4), d(2026, 12, 4)),
    ("End of Week", SAT, d(2026, 12, 4)), ("EOW", SUN, d(2026, 12, 4)),
    ("eow", NYE, d(2027, 1, 1)),
])
def test_weeks(phrase: str, today: date, day: date) -> None:
    assert parse_day(phrase, today) == day


@pytest.mark.parametrize(("phrase", "today", "day"), [
    ("in 3 days", MON, THU), ("in two days", MON, d(2026, 12, 2)),
    ("in 1 day", MON, d(2026, 12, 1)), ("in ten days", MON, d(2026, 12, 10)),
    ("in a week", MON, d(2026, 12, 7)), ("in one week", MON, d(2026, 12, 7)),
    ("in 2 weeks", MON, d(2026, 12, 14)), ("In Three Weeks", MON, d(2026, 12, 21)),
    ("in 0 days", MON, MON), ("in 3 days", NYE, d(2027, 1, 3)),
    ("in 1 day", LEAP_FEB28, d(2028, 2, 29)), ("in 2 days", LEAP_FEB28, d(2028, 3, 1)),
    ("in 1 day", FEB28, d(2027, 3, 1)),
])
def test_in_n_days_or_weeks(phrase: str, today: date, day: date) -> None:
    assert parse_day(phrase, today) == day


@pytest.mark.parametrize(("phrase", "today", "day"), [
    ("dec 3", MON, THU), ("december 3", MON, THU), ("dec 3rd", MON, THU), ("3 dec", MON, THU),
    ("3rd of december", MON, THU), ("december 3, 2026", MON, THU), ("dec. 3", MON, THU),
    ("Dec 3 2026", MON, THU), ("3 December", MON, THU), ("DEC 3", MON, THU),
    ("December 03", MON, THU), ("december 31st", MON, NYE), ("nov 30", MON, MON),
    ("jan 5", MON, d(2027, 1, 5)), ("may 5", MON, d(2027, 5, 5)),
    ("march 1", MON, d(2027, 3, 1)), ("sept 10", MON, d(2027, 9, 10)),
    ("december 3, 2027", MON, d(2027, 12, 3)), ("3rd of december, 2027", MON, d(2027, 12, 3)),
    ("oct 1", MON, d(2027, 10, 1)),
    ("jan 5", NYE, d(2027, 1, 5)), ("dec 31", NYE, NYE), ("nov 1", NYE, d(2027, 11, 1)),
    ("feb 29", LEAP_FEB28, d(2028, 2, 29)), ("mar 1", LEAP_FEB28, d(2028, 3, 1)),
    ("feb 29", FEB28, d(2028, 2, 29)), ("feb 29, 2028", FEB28, d(2028, 2, 29)),
    ("feb 28", FEB28, FEB28),
])
def test_month_and_day(phrase: str, today: date, day: date) -> None:
    assert parse_day(phrase, today) == day


@pytest.mark.parametrize(("phrase", "today", "day"), [
    ("nov 20", MON, d(2026, 11, 20)), ("11/20", MON, d(2026, 11, 20)),
    ("dec 3", NYE, THU), ("dec 15", d(2027, 1, 10), d(2026, 12, 15)),
    ("dec 1", d(2027, 1, 10), d(2027, 12, 1)),
    ("nov 1", d(2027, 1, 10), d(2027, 11, 1)),
])
def test_a_day_from_the_last_31_days_stays_in_the_past(phrase: str, today: date, day: date
                                                       ) -> None:
    assert parse_day(phrase, today) == day


@pytest.mark.parametrize(("phrase", "today", "day"), [
    ("2026-12-03", MON, THU), ("2027-01-05", MON, d(2027, 1, 5)), ("2026/12/03", MON, THU),
    ("2026-11-02", MON, d(2026, 11, 2)),
    ("12/3", MON, THU), ("12/03", MON, THU), ("12/3/2026", MON, THU), ("12/3/26", MON, THU),
    ("12-3-2026", MON, THU), ("12-03-26", MON, THU), ("1/5", MON, d(2027, 1, 5)),
    ("1/5", NYE, d(2027, 1, 5)), ("12/31", NYE, NYE),
    ("2/29", FEB28, d(2028, 2, 29)), ("2/29", LEAP_FEB28, d(2028, 2, 29)),
    ("3/1", LEAP_FEB28, d(2028, 3, 1)),
])
def test_numeric_dates_are_month_first(phrase: str, today: date, day: date) -> None:
    assert parse_day(phrase, today) == day


@pytest.mark.parametrize(("phrase", "today", "day"), [
    ("Thu Dec 10", MON, d(2026, 12, 10)), ("Tue Jan 5, 2027", MON, d(2027, 1, 5)),
    ("Thursday, December 10, 2026", MON, d(2026, 12, 10)), ("fri 12/11", MON, d(2026, 12, 11)),
    ("on Thu Dec 3", MON, THU),
])
def test_a_weekday_then_a_date_is_the_date(phrase: str, today: date, day: date) -> None:
    assert parse_day(phrase, today) == day


@pytest.mark.parametrize("phrase", [
    "feb 30", "13/45", "2026-02-30", "2/30", "0/12", "12/0", "dec 32", "feb 29, 2027",
    "2027-02-29", "00/00", "12-3", "9999-99-99", "in 99999 weeks",
])
def test_invalid_dates_are_none(phrase: str) -> None:
    assert parse_day(phrase, FEB28) is None
    assert find_day(phrase, FEB28) is None


@pytest.mark.parametrize(("phrase", "day"), [
    ("  Thu. ", THU), ("On thu,", THU), ("dec\t3", THU), ("tomorrow.", d(2026, 12, 1)),
])
def test_whole_phrases_ignore_spacing_and_punctuation(phrase: str, day: date) -> None:
    assert parse_day(phrase, MON) == day


@pytest.mark.parametrize("phrase", [
    "", "   ", "on", "visit thu", "thu at clinic", "Sunrise", "jan", "December", "may", "3",
    "3pm", "3 p.m.", "at 10:30", "noon", "mondays", "x" * 20_000,
])
def test_phrases_that_are_not_a_day(phrase: str) -> None:
    assert parse_day(phrase, MON) is None


# --- the dateparser fallback ---------------------------------------------------------------


@pytest.mark.parametrize(("phrase", "day"), [
    ("in 3 months", d(2027, 2, 28)), ("fri 3pm", d(2026, 12, 4)),
    ("the day after tomorrow", d(2026, 12, 2)), ("two weeks from now", d(2026, 12, 14)),
    ("tomorrow at 9am", d(2026, 12, 1)),
])
def test_phrases_the_rules_do_not_know_fall_back_to_dateparser(phrase: str, day: date) -> None:
    assert parse_day(phrase, MON) == day


@pytest.mark.parametrize("phrase", ["in 2 years", "3 days ago", "last year"])
def test_the_fallback_refuses_past_and_far_days(phrase: str) -> None:
    assert parse_day(phrase, MON) is None


def test_find_day_never_asks_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dateparser", None)
    assert find_day("visit Sunrise in 3 months", MON) is None
    assert find_day("visit Sunrise thu", MON) == DateMatch(THU, 14, 17)
    assert parse_day("in 3 months", MON) is None
    assert parse_day("thu", MON) == THU


def test_dateparser_is_imported_only_when_needed() -> None:
    code = "import sys, bot.dates; print('dateparser' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


# --- finding a day inside free text --------------------------------------------------------


@pytest.mark.parametrize(("text", "phrase", "day"), [
    ("visit Sunrise Pediatrics thu 3pm", "thu", THU),
    ("visit Sunrise Pediatrics on thu", "thu", THU),
    ("coffee with Dr. Lee this friday at noon", "this friday", d(2026, 12, 4)),
    ("talk at Lincoln Middle next tue", "next tue", d(2026, 12, 8)),
    ("flyers at the market on dec 3rd, 2026", "dec 3rd, 2026", THU),
    ("call the school 12/3 at 10:30", "12/3", THU),
    ("visit Sun Valley Clinic tomorrow", "tomorrow", d(2026, 12, 1)),
    ("I may visit the wedding expo in two days", "in two days", d(2026, 12, 2)),
    ("feb 30 or dec 3", "dec 3", THU),
    ("SAT prep talk Sat", "Sat", d(2026, 12, 5)),
    ("visit on Thu Dec 10", "Thu Dec 10", d(2026, 12, 10)),
    ("Thursday, December 10, 2026: grand rounds", "Thursday, December 10, 2026",
     d(2026, 12, 10)),
    ("eow: email Dr. Patel", "eow", d(2026, 12, 4)),
    ("Tomorrow: lunch-and-learn", "Tomorrow", d(2026, 12, 1)),
    ("thu or fri", "thu", THU),
    ("2026-12-03 visit", "2026-12-03", THU),
    ("send the packet by end of the week", "end of the week", d(2026, 12, 4)),
    ("drop off cards 3 dec.", "3 dec.", THU),
    ("do 3-4 visits thu", "thu", THU),
    ("visit Sunrise Pediatrics (wed)", "wed", d(2026, 12, 2)),
    ("follow up in a week with the pastor", "in a week", d(2026, 12, 7)),
    ("see today's referrers", "today", MON),
])
def test_find_day_spans(text: str, phrase: str, day: date) -> None:
    found = find_day(text, MON)
    assert phrase_of(text, found) == phrase
    assert found is not None and found.day == day


@pytest.mark.parametrize("text", [
    "Sunrise", "visit Sunrise Pediatrics", "satellite office", "wedding expo", "market day",
    "I may visit", "at 3pm", "at 10:30", "call 555-1234", "call 555-123-4567", "jan",
    "march madness talk", "visit them mondays", "do 3-4 visits", "1/2 day at clinic",
    "I sat down with the counselor", "we sat with the director", "SAT prep night",
    "lunch out in the sun", "Sun Valley Clinic", "Dr. Sun's practice", "c'mon",
    "12345678", "3.5 hours", "room 12/345", "v1.12/3", "24/7 hotline", "Monsoon",
    "nextweek", "in 3 months", "fridays", "Fr. Mon", "the thursday-club",
    "20261203", "12:03", "a 2-3 hour talk",
])
def test_text_without_a_day(text: str) -> None:
    assert find_day(text, MON) is None


@pytest.mark.parametrize(("text", "day"), [
    ("coffee with Dr. Lee thu", d(2026, 11, 26)), ("lunch nov 20", d(2026, 11, 20)),
    ("talk dec 3", d(2025, 12, 3)), ("visited on Monday", MON),
    ("coffee yesterday", SUN), ("coffee last friday", d(2026, 11, 27)),
])
def test_prefer_past_reads_the_most_recent_day(text: str, day: date) -> None:
    found = find_day(text, MON, prefer_past=True)
    assert found is not None and found.day == day


# --- labels --------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "today", "label"), [
    (MON, MON, "today"), (d(2026, 12, 1), MON, "tomorrow"), (d(2026, 12, 2), MON, "Wednesday"),
    (THU, MON, "Thursday"), (d(2026, 12, 6), MON, "Sunday"), (d(2026, 12, 7), MON, "Mon Dec 7"),
    (SUN, MON, "yesterday"), (d(2026, 11, 20), MON, "Fri Nov 20"),
    (d(2027, 1, 5), MON, "Tue Jan 5, 2027"), (d(2025, 12, 3), MON, "Wed Dec 3, 2025"),
    (d(2027, 1, 1), NYE, "tomorrow"), (d(2027, 1, 2), NYE, "Saturday"),
    (d(2027, 1, 7), NYE, "Thu Jan 7, 2027"), (THU, THU, "today"),
    (d(2026, 12, 10), THU, "Thu Dec 10"), (d(2028, 2, 29), LEAP_FEB28, "tomorrow"),
    (d(2028, 2, 29), FEB28, "Tue Feb 29, 2028"), (d(2026, 12, 1), d(2026, 1, 1), "Tue Dec 1, 2026"),
])
def test_describe_day(day: date, today: date, label: str) -> None:
    assert describe_day(day, today) == label


# --- properties ----------------------------------------------------------------------------


@given(st.text(), TODAYS)
def test_never_raises_on_any_text(text: str, today: date) -> None:
    day = parse_day(text, today)
    found = find_day(text, today)
    assert day is None or isinstance(day, date)
    assert found is None or 0 <= found.start < found.end <= len(text)


@pytest.mark.parametrize("text", [
    "dec" + " " * 20_000 + "3", "1/" * 10_000, "Dr. Sun " * 2_500, "feb 30 " * 3_000,
    "in " * 7_000, "3 " + " " * 10_000 + "of" + " " * 10_000, "I sat " * 3_300,
    "\U0001f600\u0130\u017f\u212a" * 5_000, "next " * 4_000, "9" * 20_000,
])
def test_long_adversarial_text_is_quick(text: str) -> None:
    started = time.perf_counter()
    find_day(text, MON)
    parse_day(text, MON)
    assert time.perf_counter() - started < 2


@given(TODAYS, st.integers(0, 300))
def test_iso_and_month_day_round_trip(today: date, ahead: int) -> None:
    day = today + timedelta(days=ahead)
    assert parse_day(day.isoformat(), today) == day
    assert parse_day(f"{day:%b} {day.day}", today) == day


@given(TODAYS, st.integers(-1, 366))
def test_labels_read_back_as_the_same_day(today: date, ahead: int) -> None:
    day = today + timedelta(days=ahead)
    assert parse_day(describe_day(day, today), today) == day


@given(TODAYS, st.sampled_from(WEEKDAY_NAMES), st.sampled_from(["", "on ", "this "]))
def test_a_weekday_is_within_the_coming_week(today: date, name: tuple[str, int], lead: str
                                             ) -> None:
    word, weekday = name
    day = parse_day(lead + word, today)
    assert day is not None and today <= day <= today + timedelta(days=6)
    assert day.weekday() == weekday


@given(TODAYS, st.sampled_from(WEEKDAY_NAMES))
def test_next_weekday_lands_in_the_next_iso_week(today: date, name: tuple[str, int]) -> None:
    word, weekday = name
    day = parse_day(f"next {word}", today)
    assert day is not None and day.weekday() == weekday
    assert day.isocalendar()[:2] == (today + timedelta(days=7)).isocalendar()[:2]


FILLER = ["visit", "Sunrise", "Pediatrics", "at", "3pm", "with", "Dr.", "Lee", "market", "I",
          "may", "sat", "wedding", "call", "555-1234", "on", "10:30", "Sun", "Valley", "the"]
PHRASES = ["thu", "tomorrow", "next tue", "dec 3", "3rd of december", "12/3", "2026-12-03",
           "in two days", "eow", "this friday", "Thu Dec 10", "next week", "12-3-2026"]


@given(st.lists(st.sampled_from(FILLER + PHRASES), max_size=12), TODAYS)
def test_a_found_span_reads_back_as_the_same_day(words: list[str], today: date) -> None:
    text = " ".join(words)
    found = find_day(text, today)
    if found is not None:
        assert parse_day(text[found.start:found.end], today) == found.day
